"""``session``: a session's time, kind, room or video link, chair, chat and papers."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import embeds
from ..config import word
from ..data import ConferenceData, relpath
from ..html import esc, paper_cards, safe_url, time_range
from ..model import Session
from .base import VconfDirective, rich_text
from .paper import chat_channel, chat_embed


class SessionDirective(VconfDirective):
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
    facts = [
        f'<dt>When</dt> <dd>{time_range(s.start, s.end, conf.timezone)}</dd>',
        f'<dt>Kind</dt> <dd>{esc(conf.kind_label(s.kind))}</dd>',
    ]
    if s.room:
        facts.append(f"<dt>Room</dt> <dd>{esc(s.room)}</dd>")
    if s.chair:
        facts.append(f"<dt>Chair</dt> <dd>{esc(s.chair)}</dd>")
    speakers = [conf.speakers[i] for i in (s.speakers or [s.speaker]) if i in conf.speakers]
    if speakers:
        people = ", ".join(f'<a href="{esc(relpath(f"{sp.docname}.html", doc))}">{esc(sp.name)}</a>' for sp in speakers)
        facts.append(f'<dt>{"Speakers" if len(speakers) > 1 else "Speaker"}</dt> <dd>{people}</dd>')
    if s.workshop:
        w = conf.workshops[s.workshop]
        href = esc(relpath(f"{w.docname}.html", doc))
        facts.append(f'<dt>Workshop</dt> <dd><a href="{href}">{esc(w.title)}</a></dd>')
    out: list[nodes.Node] = []
    if compact:
        href = esc(relpath(f"{s.docname}.html", doc))
        out.append(d.tag(f'<div class="vconf-session vconf-kind-{esc(s.kind)}" data-id="{esc(s.id)}">'
                         f'<h2 class="vconf-session-title"><a href="{href}">{esc(s.title)}</a></h2>'))
    else:
        out.append(d.tag(f'<div class="vconf-session vconf-kind-{esc(s.kind)}" data-id="{esc(s.id)}">'))
    # whitespace between the items: the search's snippets read "When Tue 19 May", not "WhenTue"
    out.append(d.raw(f'<dl class="vconf-facts">{" ".join(facts)}</dl>'))
    out.append(d.raw(_actions(data, s, doc)))
    if s.description and not compact:
        out.extend(rich_text(s.description, "vconf-description"))
    if s.video and not compact:
        video = embeds.video_embed(s.video)
        if video and not embeds.is_live(s.video):
            out.append(d.raw(embeds.placeholder(video[1], s.title, kind="video", provider=video[0],
                                                open_url=s.video)))
    if not compact:
        chat_html = chat_embed(data, "session", s.id, s.title, doc)
        if chat_html:
            out.append(nodes.rubric("", "Chat"))
            out.append(d.raw(chat_html))
    if papers and s.papers:
        if not compact:
            out.append(nodes.rubric("", f"{word(d.env.config, 'papers')} ({len(s.papers)})"))
            if s.paper_starts:
                out.append(d.raw(_programme(data, s, doc)))
        out.append(d.raw(paper_cards(data, s.papers, doc, compact=compact)))
    out.append(d.tag("</div>"))
    return out


def _programme(data: ConferenceData, s: Session, doc: str) -> str:
    """The papers with their own times, in time order (an oral session's running order)."""
    conf = data.conf
    rows = "".join(
        f'<li data-id="{esc(pid)}">{time_range(a, b, conf.timezone)} '
        f'<a href="{esc(relpath(f"{conf.papers[pid].docname}.html", doc))}">{esc(conf.papers[pid].title)}</a></li>'
        for pid, a, b in s.paper_slots() if pid in conf.papers)
    return f'<ol class="vconf-session-programme">{rows}</ol>'


def _actions(data: ConferenceData, s: Session, doc: str) -> str:
    links = []
    if s.video and not (data.archive and embeds.is_live(s.video)):
        label = "Join live" if embeds.is_live(s.video) else "Video"
        links.append((label, safe_url(s.video, doc), "video"))
    channel = chat_channel(data, "session", s.id)
    if channel is not None and not data.archive:
        links.append(("Chat", esc(relpath(channel.link, doc)), "chat"))
    ics = f"calendars/sessions/{s.id}.ics"
    links.append(("Add to calendar", esc(relpath(ics, doc)), "calendar"))
    if data.conf.url.startswith("https://"):
        webcal = "webcal://" + data.conf.url.removeprefix("https://").rstrip("/") + "/" + ics
        links.append(("Subscribe", esc(webcal), "webcal"))
    return '<p class="vconf-actions">' + " ".join(
        f'<a class="btn btn-sm vconf-action vconf-action-{c}" href="{u}">{esc(label)}</a>' for label, u, c in links
    ) + "</p>"
