"""``papers-of-the-day``: a handful of papers with their figures, a new set every day.

The page carries the first papers with figures (the same at every build: the page is
byte-identical from day to day) and the card template; ``vconf-potd.js`` picks the day's
set in the browser, seeded by the reader's date.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import views
from ..data import relpath
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective


class PapersOfTheDayDirective(VconfDirective):
    option_spec = {"count": directives.positive_int}
    scripts = ("vconf-card.js", "vconf-potd.js", *STAR_SCRIPTS)
    styles = STAR_STYLES
    data = ("data/gallery.json",)

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None or not data.conf.papers:
            return []
        doc = self.docname
        count = self.options.get("count", 6)
        with_figures = [p.id for p in data.conf.papers.values() if views.thumb(data, p, doc)]
        ids = (with_figures or list(data.conf.papers))[:count]
        return [self.component("papers-of-the-day", papers_url=relpath("data/gallery.json", doc), count=count,
                               cards=views.cards(data, ids, doc, compact=True), prototype={**views.PROTOTYPE_CARD, "compact": True},
                               gallery_href=relpath("papers.html", doc))]


class InvitedTalksDirective(VconfDirective):
    """``invited-talks``: the invited speakers with their photos, talks and times."""

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        conf = data.conf
        talks = []
        for sp in conf.speakers.values():
            session = conf.sessions.get(sp.session) if sp.session else None
            talks.append({"name": sp.name, "href": views.page(sp.docname, doc), "affiliation": sp.affiliation,
                          "photo": views.url(sp.photo, doc) if sp.photo else "", "talk": sp.talk_title,
                          "time": views.time(session.start, session.end, conf.timezone) if session else None})
        return [self.component("invited-talks", talks=talks)] if talks else []
