"""``speaker``: a speaker's photo, affiliation, bio, talk and its session."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import views
from ..config import word
from ..data import ConferenceData
from ..model import Speaker
from .base import VconfDirective, rich_text


class SpeakerDirective(VconfDirective):
    required_arguments = 1
    option_spec = {"compact": directives.flag}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        sp = self.lookup(data.conf.speakers, self.arguments[0], "speaker")
        if sp is None:
            return []
        return speaker_block(self, data, sp, compact="compact" in self.options)


def speaker_block(d: VconfDirective, data: ConferenceData, sp: Speaker, *, compact: bool = False) -> list[nodes.Node]:
    doc = d.docname
    out: list[nodes.Node] = [d.component("person", person={
        "name": sp.name, "href": views.page(sp.docname, doc), "compact": compact,
        "photo": views.url(sp.photo, doc) if sp.photo else ""})]
    if sp.affiliation:
        out.append(nodes.paragraph(sp.affiliation, sp.affiliation, classes=["vconf-affiliation"]))
    if sp.talk_title:
        para = nodes.paragraph(classes=["vconf-talk-title"])
        para += nodes.inline("", "Talk: ", classes=["vconf-label"])
        para += nodes.strong(sp.talk_title, sp.talk_title)
        out.append(para)
    sessions = [data.conf.sessions[i] for i in (sp.sessions or [sp.session]) if i in data.conf.sessions]
    if sessions:
        out.append(d.component("session-lines", sessions=[views.session_line(data, s, doc) for s in sessions]))
    if not compact:
        if sp.talk_abstract:
            out.append(nodes.rubric("", word(d.env.config, "abstract")))
            out.extend(rich_text(sp.talk_abstract, "vconf-abstract"))
        if sp.bio:
            out.append(nodes.rubric("", "Biography"))
            out.extend(rich_text(sp.bio, "vconf-bio"))
        if sp.website:
            out.append(d.component("actions", actions=[views.action("Website", sp.website, "website")]))
    return [d.wrap("div", *out, classes=("vconf-speaker",), data_id=sp.id)]
