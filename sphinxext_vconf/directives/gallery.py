"""``paper-gallery``: every paper as a card; the script adds search, filters and sorting.

The page carries the first cards; the other papers sit in ``<noscript>`` as a
plain list (title and authors), so a reader without JavaScript still sees every paper
while a browser that runs the script does not parse thousands of cards it builds itself,
as they are shown, from ``data/gallery.json`` (see :func:`..publish.gallery_json`).
"""

from __future__ import annotations

from docutils import nodes

from ..data import relpath
from ..html import esc, paper_cards
from .base import VconfDirective

PAGE_SIZE = 96  # cards shown before "Show more"; vconf-gallery.js reads it from data-page-size
# Cards in the page itself: a screenful or two, there before the script runs. The script
# makes the rest of the first page; every card the parser reads delays the script.
SERVER_CARDS = 24


class PaperGalleryDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        ids = [p.id for p in data.conf.listed_papers()]  # no rejected papers unless published
        head = (f'<div id="vconf-gallery" data-papers="{esc(relpath("data/gallery.json", doc))}" '
                f'data-sessions="{esc(relpath("data/sessions.json", doc))}" data-page-size="{PAGE_SIZE}">')
        first, rest = ids[:SERVER_CARDS], ids[SERVER_CARDS:]
        body = paper_cards(data, first, doc)
        if rest:
            papers = data.conf.papers
            items = "".join(
                f'<li><a href="{esc(relpath(papers[i].docname + ".html", doc))}">{esc(papers[i].title)}</a>'
                f' <span class="paper-card-authors">{esc(", ".join(a.name for a in papers[i].authors))}</span></li>'
                for i in rest
            )
            body += f'<noscript><ul class="vconf-gallery-rest">{items}</ul></noscript>'
        return [self.raw(head + body + "</div>")]
