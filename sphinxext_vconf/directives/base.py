"""The base every vconf directive shares: data lookup, dependencies, warnings."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import components
from .. import data as vdata
from ..data import ConferenceData
from ..richtext import richtext_node

logger = logging.getLogger(__name__)
# Pages with papers, sessions or workshops carry stars (☆: add to my agenda)
STAR_SCRIPTS = ("vconf-star.js",)
STAR_STYLES = ("vconf-agenda.css",)  # the star's look


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

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        out = self.render()
        for node in out:
            if isinstance(node, nodes.Element):
                node["support_smartquotes"] = False
        if out and (self.scripts or self.styles or self.data):
            out.append(components.declare(self.scripts, self.styles, self.data))
        return out

    @property
    def docname(self) -> str:
        return self.env.current_document.docname

    @property
    def vconf(self) -> ConferenceData | None:
        data = vdata.get(self.env)
        if data is None:
            self.warn("the conference data is not loaded (is 'sphinxext_vconf' in extensions?)")
            return None
        if self.docname not in data.generated:
            # A page the organizer wrote shows data from the YAML: re-read it when the YAML
            # changes. Generated pages carry a fingerprint of their data instead, so that
            # editing one paper re-reads one page, not all of them.
            for path in data.data_files:
                self.env.note_dependency(str(path))
        return data

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
