"""``paper-gallery``: every paper as a card; the script adds search, filters and sorting."""

from __future__ import annotations

from docutils import nodes

from ..data import relpath
from ..html import esc, paper_cards
from .base import VconfDirective


class PaperGalleryDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        ids = list(data.conf.papers)
        head = (f'<div id="vconf-gallery" data-papers="{esc(relpath("data/papers.json", doc))}" '
                f'data-sessions="{esc(relpath("data/sessions.json", doc))}">')
        return [self.raw(head + paper_cards(data, ids, doc) + "</div>")]
