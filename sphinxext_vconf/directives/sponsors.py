"""``sponsor-list``: the sponsors by level, each with logo, description, links, booth chat,
video and its own events. ``sponsor ID``: one sponsor's block."""

from __future__ import annotations

from docutils import nodes

from .. import embeds
from ..data import ConferenceData
from ..html import esc, safe_url, time_range
from ..model import Sponsor
from .base import VconfDirective
from .richtext import rich


def levels(sponsors: list[Sponsor]) -> list[tuple[str, list[Sponsor]]]:
    """Sponsors grouped by level, the levels in the order they first appear in the data."""
    groups: dict[str, list[Sponsor]] = {}
    for s in sponsors:
        groups.setdefault(s.level, []).append(s)
    return list(groups.items())


def sponsor_html(data: ConferenceData, s: Sponsor, doc: str) -> str:
    conf = data.conf
    parts = [f'<article class="vconf-sponsor" id="sponsor-{esc(s.id)}" data-id="{esc(s.id)}">']
    if s.logo:
        parts.append(f'<img class="vconf-sponsor-logo" src="{safe_url(s.logo, doc)}" alt="{esc(s.name)}" '
                     f'loading="lazy" decoding="async">')
    parts.append(f'<h3 class="vconf-sponsor-name">{esc(s.name)}</h3>')
    parts.append(rich(s.description))
    links = [("Website", s.website, "website")] if s.website else []
    links += [(link.title, link.url, "link") for link in s.links]
    if s.chat and not data.archive:
        links.append(("Visit the booth", s.chat, "chat"))
    if s.video and not embeds.video_embed(s.video):
        links.append(("Video", s.video, "video"))
    if links:
        parts.append('<p class="vconf-actions">' + " ".join(
            f'<a class="btn btn-sm vconf-action vconf-action-{c}" href="{safe_url(u, doc)}"'
            + (' rel="noopener"' if u.startswith("http") else "") + f">{esc(label)}</a>"
            for label, u, c in links) + "</p>")
    video = embeds.video_embed(s.video) if s.video else None
    if video:
        parts.append(embeds.placeholder(video[1], s.name, kind="video", provider=video[0], open_url=s.video))
    if s.schedule:
        rows = "".join(
            f'<li class="vconf-item">{time_range(it.start, it.end, conf.timezone)} '
            f'<span class="vconf-item-title">{esc(it.title)}</span>'
            + (f'<div class="vconf-item-description">{rich(it.description)}</div>' if it.description else "")
            + "</li>" for it in s.schedule)
        parts.append(f'<ol class="vconf-sponsor-schedule">{rows}</ol>')
    parts.append("</article>")
    return "".join(parts)


class SponsorListDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        out = ['<div class="vconf-sponsors">']
        for level, group in levels(list(data.conf.sponsors.values())):
            out.append('<section class="vconf-sponsor-level">')
            if level:
                out.append(f'<h2 class="vconf-sponsor-level-title">{esc(level)}</h2>')
            out += [sponsor_html(data, s, self.docname) for s in group]
            out.append("</section>")
        out.append("</div>")
        return [self.raw("".join(out))]


class SponsorDirective(VconfDirective):
    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        s = self.lookup(data.conf.sponsors, self.arguments[0], "sponsor")
        return [self.raw(sponsor_html(data, s, self.docname))] if s is not None else []
