"""``my-agenda``: the reader's own conference (agenda.html); ``papers-for-you``: suggestions.

Both are drawn in the browser (vconf-agenda.js) from what the reader starred, which only
the browser knows; the page itself carries what needs no reader: the calendars anyone can
subscribe to (the whole conference, each day, each track), with ``webcal://`` links where
the site is served over https.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import calendars, components
from .. import schedule as sched
from ..data import ConferenceData, relpath
from .base import VconfDirective

AGENDA_SCRIPTS = ("vconf-star.js", "vconf-agenda-core.js", "vconf-agenda.js")


def _data_attrs(data: ConferenceData, doc: str) -> list[list[str]]:
    attrs = {
        "sessions": "data/sessions.json", "papers": "data/gallery.json", "agenda": "data/agenda.json",
        "embeddings": "data/embeddings.json",
    }
    if not data.conf.papers:
        del attrs["embeddings"]
    return [[k, relpath(v, doc)] for k, v in attrs.items()]


def calendar_link(data: ConferenceData, rel: str, doc: str) -> str:
    """``webcal://`` (a subscription) where the site's https address is known, else the file."""
    url = data.conf.url
    if url.startswith("https://"):
        return "webcal://" + url.removeprefix("https://").rstrip("/") + "/" + rel
    return relpath(rel, doc)


class MyAgendaDirective(VconfDirective):
    """The reader's picks, day by day; and the subscribable calendars."""

    option_spec = {"no-calendars": directives.flag}
    scripts = ("vconf-star.js", "vconf-qr.js", "vconf-agenda-core.js", "vconf-agenda.js")
    styles = ("vconf-agenda.css",)
    data = ("data/sessions.json", "data/gallery.json", "data/agenda.json")

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        out: list[nodes.Node] = [self.component("my-agenda", data=_data_attrs(data, doc))]
        if data.conf.papers:
            out.append(nodes.rubric("", "Papers for you"))
            out.append(_for_you(data, doc, 6))
        if "no-calendars" not in self.options:
            out.extend(self.calendars(data, doc))
        return out

    def calendars(self, data: ConferenceData, doc: str) -> list[nodes.Node]:
        conf = data.conf
        rows: list[tuple[str, str]] = []
        if calendars.has_calendar(conf, "conference"):
            rows.append(("The whole conference", "calendar.ics"))
        for date, _ in sched.days(conf):
            rows.append((sched.format_day(date), calendars.calendar_path("day", date.isoformat())))
        for slug, name in calendars.tracks(conf).items():
            if calendars.has_calendar(conf, "track", slug):
                rows.append((f"Track: {name}", calendars.calendar_path("track", slug)))
        if not rows:
            return []
        how = ("Subscribe and your calendar application follows changes to the programme."
               if conf.url.startswith("https://") else "Download and import into your calendar application.")
        return [nodes.rubric("", "Calendars to subscribe to"),
                self.component("calendars", how=how, calendars=[
                    {"label": label, "href": calendar_link(data, rel, doc)} for label, rel in rows])]


def _for_you(data: ConferenceData, doc: str, count: int) -> components.component:
    return components.node("papers-for-you", papers_url=relpath("data/gallery.json", doc),
                           embeddings_url=relpath("data/embeddings.json", doc), count=count)


class PapersForYouDirective(VconfDirective):
    """Papers close to those the reader starred (for the home page); ``:count:`` of them."""

    option_spec = {"count": directives.positive_int}
    scripts = AGENDA_SCRIPTS
    styles = ("vconf-agenda.css",)

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None or not data.conf.papers:
            return []
        return [_for_you(data, self.docname, self.options.get("count", 6))]
