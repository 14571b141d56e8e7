"""``workshop``: organizers, abstract, links, its own schedule, sessions and papers."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import calendars, embeds
from ..config import word
from ..data import ConferenceData, relpath
from ..html import esc, paper_cards, session_line, time_range
from ..model import Workshop
from .base import VconfDirective, rich_text
from .paper import chat_channel, chat_embed


class WorkshopDirective(VconfDirective):
    required_arguments = 1
    option_spec = {"compact": directives.flag}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        w = self.lookup(data.conf.workshops, self.arguments[0], "workshop")
        if w is None:
            return []
        return workshop_block(self, data, w, compact="compact" in self.options)


def workshop_block(d: VconfDirective, data: ConferenceData, w: Workshop, *, compact: bool = False) -> list[nodes.Node]:
    doc = d.docname
    conf = data.conf
    head = ""
    if compact:
        href = esc(relpath(f"{w.docname}.html", doc))
        head = f'<h2 class="vconf-workshop-title"><a href="{href}">{esc(w.title)}</a></h2>'
    out: list[nodes.Node] = [d.tag(f'<div class="vconf-workshop" data-id="{esc(w.id)}">{head}')]
    if w.organizers:
        para = nodes.paragraph(classes=["vconf-organizers"])
        para += nodes.inline("", "Organizers: ", classes=["vconf-label"])
        para += nodes.Text(", ".join(w.organizers))
        out.append(para)
    links = []
    if w.website:
        links.append(("Website", esc(w.website), "website"))
    if w.video and not (data.archive and embeds.is_live(w.video)):
        links.append(("Join live" if embeds.is_live(w.video) else "Video", esc(w.video), "video"))
    channel = chat_channel(data, "workshop", w.id)
    if channel is not None and not data.archive:
        links.append(("Chat", esc(relpath(channel.link, doc)), "chat"))
    if calendars.has_calendar(conf, "workshop", w.id):
        links.append(("Add to calendar", esc(relpath(f"calendars/workshops/{w.id}.ics", doc)), "calendar"))
    out.append(d.raw('<p class="vconf-actions">' + " ".join(
        f'<a class="btn btn-sm vconf-action vconf-action-{c}" href="{u}"'
        + (' rel="noopener"' if u.startswith("http") else "") + f">{esc(label)}</a>"
        for label, u, c in links) + "</p>"))
    if compact:
        if w.abstract:
            out.extend(rich_text(w.abstract, "vconf-abstract"))
        out.append(d.tag("</div>"))
        return out
    if w.abstract:
        out.extend(rich_text(w.abstract, "vconf-abstract"))
    if w.schedule:
        out.append(nodes.rubric("", "Schedule"))
        rows = "".join(
            f'<li class="vconf-item vconf-kind-{esc(it.kind)}">{time_range(it.start, it.end, w.timezone or conf.timezone)} '
            f'<span class="vconf-item-title">{esc(it.title)}</span>'
            + (f' <span class="vconf-item-speaker">{esc(it.speaker)}</span>' if it.speaker else "")
            + (f' <span class="vconf-kind">{esc(data.conf.kind_label(it.kind))}</span>' if it.kind != "other" else "")
            + "</li>"
            for it in w.schedule
        )
        out.append(d.raw(f'<ol class="vconf-workshop-schedule">{rows}</ol>'))
    if w.sessions:
        out.append(nodes.rubric("", "Sessions"))
        items = "".join(session_line(data, conf.sessions[s], doc) for s in w.sessions)
        out.append(d.raw(f'<ul class="vconf-sessions">{items}</ul>'))
    if w.video:
        video = embeds.video_embed(w.video)
        if video and not embeds.is_live(w.video):
            out.append(d.raw(embeds.placeholder(video[1], w.title, kind="video", provider=video[0], open_url=w.video)))
    chat_html = chat_embed(data, "workshop", w.id, w.title, doc)
    if chat_html:
        out.append(nodes.rubric("", "Chat"))
        out.append(d.raw(chat_html))
    if w.papers:
        out.append(nodes.rubric("", f"{word(d.env.config, 'papers')} ({len(w.papers)})"))
        out.append(d.raw(paper_cards(data, w.papers, doc)))
    out.append(d.tag("</div>"))
    return out
