"""``speaker``: a speaker's photo, affiliation, bio, talk and its session."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..config import word
from ..data import ConferenceData, relpath
from ..html import esc, safe_url, session_line
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
    photo = ""
    if sp.photo:
        photo = (f'<img class="vconf-speaker-photo" src="{safe_url(sp.photo, doc)}" alt="Photo of {esc(sp.name)}" '
                 f'width="160" height="160" loading="lazy">')
    head = ""
    if compact:
        head = f'<h2 class="vconf-speaker-name"><a href="{esc(relpath(f"{sp.docname}.html", doc))}">{esc(sp.name)}</a></h2>'
    out: list[nodes.Node] = [d.tag(f'<div class="vconf-speaker" data-id="{esc(sp.id)}">{photo}{head}')]
    if sp.affiliation:
        out.append(nodes.paragraph(sp.affiliation, sp.affiliation, classes=["vconf-affiliation"]))
    if sp.talk_title:
        para = nodes.paragraph(classes=["vconf-talk-title"])
        para += nodes.inline("", "Talk: ", classes=["vconf-label"])
        para += nodes.strong(sp.talk_title, sp.talk_title)
        out.append(para)
    sessions = [data.conf.sessions[i] for i in (sp.sessions or [sp.session]) if i in data.conf.sessions]
    if sessions:
        lines = "".join(session_line(data, s, doc) for s in sessions)
        out.append(d.raw(f'<ul class="vconf-sessions">{lines}</ul>'))
    if not compact:
        if sp.talk_abstract:
            out.append(nodes.rubric("", word(d.env.config, "abstract")))
            out.extend(rich_text(sp.talk_abstract, "vconf-abstract"))
        if sp.bio:
            out.append(nodes.rubric("", "Biography"))
            out.extend(rich_text(sp.bio, "vconf-bio"))
        if sp.website:
            out.append(d.raw(f'<p class="vconf-actions"><a class="btn btn-sm vconf-action" href="{esc(sp.website)}" '
                             f'rel="noopener">Website</a></p>'))
    out.append(d.tag("</div>"))
    return out
