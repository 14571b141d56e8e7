"""``my-agenda``: the reader's own conference (agenda.html); ``papers-for-you``: suggestions.

Both are drawn in the browser (vconf-agenda.js) from what the reader starred, which only
the browser knows; the page itself carries what needs no reader: the calendars anyone can
subscribe to (the whole conference, each day, each track), with ``webcal://`` links where
the site is served over https.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import calendars
from .. import schedule as sched
from ..data import ConferenceData, relpath
from ..html import esc
from .base import VconfDirective


def _data_attrs(data: ConferenceData, doc: str) -> str:
    attrs = {
        "sessions": "data/sessions.json", "papers": "data/gallery.json", "agenda": "data/agenda.json",
        "embeddings": "data/embeddings.json",
    }
    if not data.conf.papers:
        del attrs["embeddings"]
    return " ".join(f'data-{k}="{esc(relpath(v, doc))}"' for k, v in attrs.items())


def calendar_link(data: ConferenceData, rel: str, doc: str) -> str:
    """``webcal://`` (a subscription) where the site's https address is known, else the file."""
    url = data.conf.url
    if url.startswith("https://"):
        return "webcal://" + url.removeprefix("https://").rstrip("/") + "/" + rel
    return relpath(rel, doc)


class MyAgendaDirective(VconfDirective):
    """The reader's picks, day by day; and the subscribable calendars."""

    option_spec = {"no-calendars": directives.flag}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        out: list[nodes.Node] = [self.raw(
            f'<div id="vconf-agenda" {_data_attrs(data, doc)}>'
            '<noscript><p>Your agenda is kept in your browser, without an account: it needs JavaScript. '
            'The calendars below work without it.</p></noscript></div>')]
        if data.conf.papers:
            out.append(nodes.rubric("", "Papers for you"))
            out.append(self.raw(_for_you(data, doc, 6)))
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
        items = "".join(f'<li><a class="vconf-calendar-link" href="{esc(calendar_link(data, rel, doc))}">{esc(label)}</a></li>'
                        for label, rel in rows)
        return [nodes.rubric("", "Calendars to subscribe to"),
                self.raw(f'<p class="vconf-calendars-how">{esc(how)}</p><ul class="vconf-calendars">{items}</ul>')]


def _for_you(data: ConferenceData, doc: str, count: int) -> str:
    return (f'<div class="vconf-for-you" data-papers="{esc(relpath("data/gallery.json", doc))}" '
            f'data-embeddings="{esc(relpath("data/embeddings.json", doc))}" data-count="{count}">'
            '<noscript><p>Suggestions from your starred papers need JavaScript.</p></noscript></div>')


class PapersForYouDirective(VconfDirective):
    """Papers close to those the reader starred (for the home page); ``:count:`` of them."""

    option_spec = {"count": directives.positive_int}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None or not data.conf.papers:
            return []
        return [self.raw(_for_you(data, self.docname, self.options.get("count", 6)))]


def page_assets(body: str) -> tuple[list[str], list[str]]:
    """Scripts and styles a page needs for the agenda features it holds (from its HTML)."""
    scripts: list[str] = []
    styles: list[str] = []
    if 'id="vconf-agenda"' in body or 'class="vconf-for-you"' in body:
        scripts += ["vconf-star.js", "vconf-qr.js", "vconf-agenda-core.js", "vconf-agenda.js"] \
            if 'id="vconf-agenda"' in body else ["vconf-star.js", "vconf-agenda-core.js", "vconf-agenda.js"]
        styles.append("vconf-agenda.css")
    elif any(m in body for m in ('class="vconf-paper"', 'class="vconf-session ', 'class="vconf-workshop"',
                                 'class="paper-card"')):
        scripts.append("vconf-star.js")
        styles.append("vconf-agenda.css")  # the star's look
    return scripts, styles
