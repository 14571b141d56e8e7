"""``paper-gallery``: every paper as a card; the script adds search, filters and sorting.

The page carries the first cards; the other papers sit in ``<noscript>`` as a
plain list (title and authors), so a reader without JavaScript still sees every paper
while a browser that runs the script does not parse thousands of cards it builds itself,
as they are shown, from ``data/gallery-first.json`` (the first papers, to be interactive at
once) and then ``data/gallery.json`` (see :func:`..publish.gallery_json`).
"""

from __future__ import annotations

from docutils import nodes

from .. import views
from ..data import relpath
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective

PAGE_SIZE = 96  # cards shown before "Show more"; vconf-gallery.js reads it from data-page-size
# Cards in the page itself: a screenful or two, there before the script runs. The script
# makes the rest of the first page; every card the parser reads delays the script.
SERVER_CARDS = 24


class PaperGalleryDirective(VconfDirective):
    scripts = ("vconf-card.js", "vconf-gallery.js", *STAR_SCRIPTS)
    styles = STAR_STYLES
    data = ("data/gallery-first.json", "data/sessions.json")  # gallery.json: fetched once interactive

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        ids = [p.id for p in data.conf.listed_papers()]  # no rejected papers unless published
        papers = data.conf.papers
        return [self.component(
            "gallery", papers_url=relpath("data/gallery.json", doc), first_url=relpath("data/gallery-first.json", doc),
            sessions_url=relpath("data/sessions.json", doc),
            page_size=PAGE_SIZE, cards=views.cards(data, ids[:SERVER_CARDS], doc), prototype=views.PROTOTYPE_CARD,
            rest=[{"href": views.page(papers[i].docname, doc), "title": papers[i].title,
                   "authors": [a.name for a in papers[i].authors]} for i in ids[SERVER_CARDS:]])]
