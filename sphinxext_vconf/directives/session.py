"""``session``: a session's time, kind, room or video link, chair, chat and papers."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import embeds, views
from ..config import word
from ..data import ConferenceData, relpath
from ..model import Session
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective, rich_text
from .paper import chat_channel, stage


class SessionDirective(VconfDirective):
    scripts = STAR_SCRIPTS
    styles = STAR_STYLES
    required_arguments = 1
    option_spec = {"no-papers": directives.flag, "compact": directives.flag}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        session = self.lookup(data.conf.sessions, self.arguments[0], "session")
        if session is None:
            return []
        return session_block(self, data, session, papers="no-papers" not in self.options,
                             compact="compact" in self.options)


def session_block(d: VconfDirective, data: ConferenceData, s: Session, *, papers: bool = True,
                  compact: bool = False) -> list[nodes.Node]:
    doc = d.docname
    conf = data.conf
    facts: list[dict[str, object]] = [
        {"label": "When", "time": views.time(s.start, s.end, conf.timezone)},
        {"label": "Kind", "text": conf.kind_label(s.kind)},
    ]
    if s.room:
        facts.append({"label": "Room", "text": s.room})
    if s.chair:
        facts.append({"label": "Chair", "text": s.chair})
    speakers = [conf.speakers[i] for i in (s.speakers or [s.speaker]) if i in conf.speakers]
    if speakers:
        facts.append({"label": "Speakers" if len(speakers) > 1 else "Speaker",
                      "links": [{"text": sp.name, "href": views.page(sp.docname, doc)} for sp in speakers]})
    if s.workshop:
        w = conf.workshops[s.workshop]
        facts.append({"label": "Workshop", "text": w.title, "href": views.page(w.docname, doc)})
    out: list[nodes.Node] = []
    if compact:
        out.append(d.component("record-title", title={"cls": "vconf-session-title", "text": s.title,
                                                      "href": views.page(s.docname, doc)}))
    out.append(d.component("facts", facts=facts))
    out.append(d.component("actions", actions=_actions(data, s, doc)))
    if not compact:
        out.extend(stage(d, data, "session", s.id, s.title, s.video, recorded_only=True))
    if s.description and not compact:
        out.extend(rich_text(s.description, "vconf-description"))
    if papers and s.papers:
        if not compact:
            out.append(nodes.rubric("", f"{word(d.env.config, 'papers')} ({len(s.papers)})"))
            if s.paper_starts:
                out.append(d.component("session-programme", rows=_programme(data, s, doc)))
        out.append(d.component("paper-cards", cards=views.cards(data, s.papers, doc, compact=compact)))
    return [d.wrap("div", *out, classes=("vconf-session", f"vconf-kind-{s.kind}"), data_id=s.id)]


def _programme(data: ConferenceData, s: Session, doc: str) -> list[dict[str, object]]:
    """The papers with their own times, in time order (an oral session's running order)."""
    conf = data.conf
    return [{"id": pid, "time": views.time(a, b, conf.timezone), "href": views.page(conf.papers[pid].docname, doc),
             "title": conf.papers[pid].title} for pid, a, b in s.paper_slots() if pid in conf.papers]


def _actions(data: ConferenceData, s: Session, doc: str) -> list[dict[str, object]]:
    links = []
    if s.video and not (data.archive and embeds.is_live(s.video)):
        label = "Join live" if embeds.is_live(s.video) else "Video"
        links.append(views.action(label, views.url(s.video, doc), "video"))
    channel = chat_channel(data, "session", s.id)
    if channel is not None and not data.archive:
        links.append(views.action("Chat", relpath(channel.link, doc), "chat"))
    ics = f"calendars/sessions/{s.id}.ics"
    links.append(views.action("Add to calendar", relpath(ics, doc), "calendar"))
    if data.conf.url.startswith("https://"):
        webcal = "webcal://" + data.conf.url.removeprefix("https://").rstrip("/") + "/" + ics
        links.append(views.action("Subscribe", webcal, "webcal"))
    return links
