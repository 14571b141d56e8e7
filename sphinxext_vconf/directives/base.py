"""The base every vconf directive shares: data lookup, dependencies, warnings."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import components, deps
from .. import data as vdata
from ..data import ConferenceData
from ..richtext import richtext_node

logger = logging.getLogger(__name__)
# Pages with papers, sessions or workshops carry stars (☆: add to my agenda)
STAR_SCRIPTS = ("vconf-star.js",)
STAR_STYLES = ("vconf-agenda.css",)  # the star's look
# directive -> the table whose record's title (or name) heads a page it is the body of
PAGE_RECORDS = {"paper": "papers", "session": "sessions", "workshop": "workshops", "speaker": "speakers"}


class VconfDirective(SphinxDirective):
    """A directive that reads the conference data (never writes it: parallel-safe).

    Subclasses implement :meth:`render`; what it returns is conference data, shown as
    written: Sphinx's smart quotes would turn O'Connor into O’Connor. Its HTML comes from
    the theme's components (:meth:`component`); ``scripts``, ``styles`` and ``data`` declare
    what that HTML needs (site-relative), loaded by every page that holds the directive.
    """

    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__ in ("PaperDirective", "SessionDirective", "WorkshopDirective", "SpeakerDirective"):
            # ``:page:``: the body of a generated page, headed by its record's title
            cls.option_spec = {**(cls.option_spec or {}), "page": directives.flag}

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        out = self.render()
        for node in out:
            if isinstance(node, nodes.Element):
                node["support_smartquotes"] = False
        if out and (self.scripts or self.styles or self.data):
            out.append(components.declare(self.scripts, self.styles, self.data))
        if "page" in self.options and out:
            out = [self._page_section(out)]
        return out

    def _page_section(self, body: list[nodes.Node]) -> nodes.section:
        """The page's title from the data, not from its source: a generated source is a stub
        that stays as it is when the record's title changes (see :mod:`deps`)."""
        data = self.vconf
        record = getattr(data.conf, PAGE_RECORDS[self.name])[self.arguments[0]] if data else None
        title = str(getattr(record, "title", None) or getattr(record, "name", ""))
        section = nodes.section(ids=[nodes.make_id(title) or "page"], names=[nodes.fully_normalize_name(title)],
                                support_smartquotes=False)
        self.set_source_info(section)
        section += nodes.title(title, title, support_smartquotes=False)
        section.extend(body)
        return section

    @property
    def docname(self) -> str:
        return self.env.current_document.docname

    @property
    def vconf(self) -> ConferenceData | None:
        """The conference data, seen through a view that records in the environment which
        records this page shows (:mod:`deps`): the page is read again when one changes."""
        data = vdata.get(self.env)
        if data is None:
            self.warn("the conference data is not loaded (is 'sphinxext_vconf' in extensions?)")
            return None
        return deps.recording(self.env, self.docname, data)

    def warn(self, message: str) -> None:
        logger.warning(f"{self.name}: {message}", location=self.get_location(), type="vconf",
                       subtype=self.name)

    def lookup(self, table: dict[str, Any], ident: str, what: str) -> Any:
        if ident in table:
            return table[ident]
        known = ", ".join(sorted(table)[:5]) + (", ..." if len(table) > 5 else "")
        self.warn(f"unknown {what} id {ident!r} (known: {known or 'none'})")
        return None

    def component(self, name: str, **context: object) -> components.component:
        """The theme's component ``name`` (``components/<name>.html``) with ``context``.

        Kept out of the search index: cards, session lines and embeds repeat other
        records' titles; indexed, a paper would match its neighbours' words.
        """
        return components.node(name, **context)

    def wrap(self, tag: str, *children: nodes.Node, classes: tuple[str, ...] = (), **attrs: str) -> nodes.Element:
        """A wrapper element around indexed content (``data_id`` becomes ``data-id``)."""
        node = components.wrap(tag, *children, classes=classes, **attrs)
        self.set_source_info(node)
        return node

    def container(self, *classes: str) -> nodes.container:
        node = nodes.container(classes=list(classes))
        self.set_source_info(node)
        return node


def rich_text(text: str, *classes: str, breaks: bool = False) -> list[nodes.Node]:
    """A Markdown field (abstract, description, bio, review) as sanitized rich text."""
    node = richtext_node(text, *classes, breaks=breaks)
    return [node] if node is not None else []


class LiteralGeneratedTitles(SphinxTransform):
    """The title of a generated page is a record's title or name: keep its quotes as written."""

    default_priority = 700  # before SmartQuotes (750)

    def apply(self, **kwargs: Any) -> None:
        data = vdata.get(self.env)
        if data is None or self.env.current_document.docname not in data.generated:
            return
        for title in self.document.findall(nodes.title):
            title["support_smartquotes"] = False
