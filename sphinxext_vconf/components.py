"""Conference components: the theme's Jinja templates (``theme/vconf/components/``) as nodes.

Every piece of conference HTML (paper card, paper header, session line, person, time,
embed, badge, chat entry, ...) has one home: a template under ``components/``. Directives
put a :class:`component` node (the template's name and its context: plain, picklable data)
into the doctree; the HTML writer renders it. An organizer overrides a component by
putting a file of the same name under their own ``templates_path`` (``_templates/
components/paper-card.html``), as pydata-sphinx-theme users override a slot; since the
rendering happens when pages are written, editing an override rewrites the pages (Sphinx
rewrites every page when a template is newer than the output).

Templates autoescape: conference text is untrusted. Values under a key ending in
``_html`` are markup made by vconf (sanitized rich text): they are marked safe, nothing
else is.

Each directive also leaves an :class:`assets` node: the scripts, styles and data files
its HTML needs. ``html-page-context`` gathers them from the page's own doctree (parallel
safe: nothing shared is written), so a page loads what it holds and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from docutils import nodes
from markupsafe import Markup

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}


class component(nodes.General, nodes.Element):
    """A theme component: ``name`` (``paper-card``) and ``context`` (a dict)."""


class assets(nodes.Invisible, nodes.Element):
    """What the HTML beside it needs: ``scripts``, ``styles``, ``data`` (site-relative), ``math``."""


class element(nodes.General, nodes.Element):
    """A plain wrapper element (``tag``, ``classes``, ``attrs``) around indexed content."""


def template_dirs(confdir: str | Path | None = None, templates_path: Sequence[str] = ()) -> list[str]:
    """The organizer's template folders (``templates_path``, from the conf.py folder) first, then the theme's."""
    from . import THEME_DIR

    dirs = [str(Path(confdir) / p) for p in templates_path] if confdir is not None else []
    return [*dirs, str(THEME_DIR)]


def environment(dirs: Sequence[str]) -> jinja2.Environment:
    key = tuple(dirs)
    env = _ENVS.get(key)
    if env is None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs)), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True)
        _ENVS[key] = env
    return env


def _safe(value: Any, key: str = "") -> Any:
    """Mark vconf's own markup (keys ending in ``_html``) safe, recursively."""
    if isinstance(value, str):
        return Markup(value) if key.endswith("_html") else value  # noqa: S704 - vconf-made, sanitized
    if isinstance(value, dict):
        return {k: _safe(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v, key) for v in value]
    return value


def render(name: str, context: dict[str, Any], dirs: Sequence[str] | None = None) -> str:
    """The HTML of component ``name`` (``components/<name>.html``), looked up in ``dirs``
    (default: the theme's only)."""
    env = environment(dirs or template_dirs())
    return env.get_template(f"components/{name}.html").render(_safe(context)).strip()


def node(name: str, **context: Any) -> component:
    return component("", component=name, context=context)


def wrap(tag: str, *children: nodes.Node, classes: Iterable[str] = (), **attrs: str) -> element:
    return element("", *children, tag=tag, classes=list(classes), attrs=attrs)


def declare(scripts: Sequence[str] = (), styles: Sequence[str] = (), data: Sequence[str] = (),
            math: bool = False, conference_page: bool = False) -> assets:
    """``conference_page``: the page is a conference page (a talk, a paper), whoever wrote
    it: no documentation chrome ("On this page") beside it."""
    return assets("", scripts=list(scripts), styles=list(styles), data=list(data), math=math,
                  conference_page=conference_page)


def is_conference_page(doctree: nodes.Node | None) -> bool:
    """Whether one of the page's directives declared it a conference page."""
    return doctree is not None and any(n.get("conference_page") for n in doctree.findall(assets))


def page_assets(doctree: nodes.Node | None) -> tuple[list[str], list[str], list[str], bool]:
    """The scripts, styles and data files (each once, in order) the page's directives declared."""
    scripts: dict[str, None] = {}
    styles: dict[str, None] = {}
    data: dict[str, None] = {}
    math = False
    if doctree is not None:
        for n in doctree.findall(assets):
            scripts.update(dict.fromkeys(n["scripts"]))
            styles.update(dict.fromkeys(n["styles"]))
            data.update(dict.fromkeys(n["data"]))
            math = math or n["math"]
    return list(scripts), list(styles), list(data), math


# ----------------------------------------------------------------------------- HTML writer

def _visit_component(self: HTML5Translator, n: component) -> None:
    dirs = template_dirs(self.builder.confdir, self.builder.config.templates_path)
    self.body.append(render(n["component"], n["context"], dirs))
    raise nodes.SkipNode


def _visit_element(self: HTML5Translator, n: element) -> None:
    attrs = {k.replace("_", "-"): v for k, v in n["attrs"].items()}
    self.body.append(self.starttag(n, n["tag"], "", **attrs))


def _depart_element(self: HTML5Translator, n: element) -> None:
    self.body.append(f"</{n['tag']}>")


def _skip(self: Any, n: nodes.Node) -> None:
    raise nodes.SkipNode


def _pass(self: Any, n: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> None:
    others = {b: (_skip, None) for b in ("latex", "text", "man", "texinfo")}
    app.add_node(component, html=(_visit_component, None), **others)
    app.add_node(assets, html=(_skip, None), **others)
    app.add_node(element, html=(_visit_element, _depart_element),
                 **{b: (_pass, _pass) for b in ("latex", "text", "man", "texinfo")})
