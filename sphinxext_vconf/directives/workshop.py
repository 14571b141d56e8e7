"""``workshop``: organizers, abstract, links, its own schedule, sessions and papers."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import calendars, embeds, views
from ..config import word
from ..data import ConferenceData, relpath
from ..model import Workshop
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective, rich_text
from .paper import chat_channel, stage


class WorkshopDirective(VconfDirective):
    scripts = STAR_SCRIPTS
    styles = STAR_STYLES
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
    out: list[nodes.Node] = []
    if compact:
        out.append(d.component("record-title", title={"cls": "vconf-workshop-title", "text": w.title,
                                                      "href": views.page(w.docname, doc)}))
    if w.organizers:
        para = nodes.paragraph(classes=["vconf-organizers"])
        para += nodes.inline("", "Organizers: ", classes=["vconf-label"])
        para += nodes.Text(", ".join(w.organizers))
        out.append(para)
    links = []
    if w.website:
        links.append(views.action("Website", w.website, "website"))
    if w.video and not (data.archive and embeds.is_live(w.video)):
        links.append(views.action("Join live" if embeds.is_live(w.video) else "Video", w.video, "video"))
    channel = chat_channel(data, "workshop", w.id)
    if channel is not None and not data.archive:
        links.append(views.action("Chat", relpath(channel.link, doc), "chat"))
    if calendars.has_calendar(conf, "workshop", w.id):
        links.append(views.action("Add to calendar", relpath(f"calendars/workshops/{w.id}.ics", doc), "calendar"))
    out.append(d.component("actions", actions=links))
    if not compact:  # the talk (and its chat) at the top, as on a paper's or a talk's page
        out.extend(stage(d, data, "workshop", w.id, w.title, w.video, recorded_only=True))
    if w.abstract:
        out.extend(rich_text(w.abstract, "vconf-abstract"))
    if not compact:
        out.extend(_programme(d, data, w))
    return [d.wrap("div", *out, classes=("vconf-workshop",), data_id=w.id)]


def _programme(d: VconfDirective, data: ConferenceData, w: Workshop) -> list[nodes.Node]:
    doc = d.docname
    conf = data.conf
    out: list[nodes.Node] = []
    if w.schedule:
        out.append(nodes.rubric("", "Schedule"))
        zone = w.timezone or conf.timezone
        out.append(d.component("workshop-schedule", items=[
            {"kind": it.kind, "kind_label": conf.kind_label(it.kind) if it.kind != "other" else "",
             "time": views.time(it.start, it.end, zone), "title": it.title, "speaker": it.speaker}
            for it in w.schedule]))
    if w.sessions:
        out.append(nodes.rubric("", "Sessions"))
        out.append(d.component("session-lines", sessions=[views.session_line(data, conf.sessions[s], doc)
                                                          for s in w.sessions]))
    if w.papers:
        out.append(nodes.rubric("", f"{word(d.env.config, 'papers')} ({len(w.papers)})"))
        out.append(d.component("paper-cards", cards=views.cards(data, w.papers, doc)))
    return out
