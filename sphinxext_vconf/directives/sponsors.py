"""``sponsor-list``: the sponsors by level, each with logo, description, links, booth chat,
video and its own events. ``sponsor ID``: one sponsor's block."""

from __future__ import annotations

from docutils import nodes

from .. import embeds
from ..data import ConferenceData
from ..html import esc, safe_url, time_range
from ..model import Sponsor
from .base import VconfDirective, rich_text


def levels(sponsors: list[Sponsor]) -> list[tuple[str, list[Sponsor]]]:
    """Sponsors grouped by level, the levels in the order they first appear in the data."""
    groups: dict[str, list[Sponsor]] = {}
    for s in sponsors:
        groups.setdefault(s.level, []).append(s)
    return list(groups.items())


def sponsor_nodes(d: VconfDirective, data: ConferenceData, s: Sponsor) -> list[nodes.Node]:
    doc = d.docname
    conf = data.conf
    head = f'<article class="vconf-sponsor" id="sponsor-{esc(s.id)}" data-id="{esc(s.id)}">'
    if s.logo:
        head += (f'<img class="vconf-sponsor-logo" src="{safe_url(s.logo, doc)}" alt="{esc(s.name)}" '
                 f'loading="lazy" decoding="async">')
    out: list[nodes.Node] = [d.tag(head + f'<h3 class="vconf-sponsor-name">{esc(s.name)}</h3>')]
    out.extend(rich_text(s.description, "vconf-sponsor-description"))
    links = [("Website", s.website, "website")] if s.website else []
    links += [(link.title, link.url, "link") for link in s.links]
    if s.chat and not data.archive:
        links.append(("Visit the booth", s.chat, "chat"))
    video = embeds.video_embed(s.video) if s.video else None
    if s.video and not video:
        links.append(("Video", s.video, "video"))
    if links:
        out.append(d.raw('<p class="vconf-actions">' + " ".join(
            f'<a class="btn btn-sm vconf-action vconf-action-{c}" href="{safe_url(u, doc)}"'
            + (' rel="noopener"' if u.startswith("http") else "") + f">{esc(label)}</a>"
            for label, u, c in links) + "</p>"))
    if video:
        out.append(d.raw(embeds.placeholder(video[1], s.name, kind="video", provider=video[0], open_url=s.video)))
    if s.schedule:
        out.append(d.tag('<ol class="vconf-sponsor-schedule">'))
        for it in s.schedule:
            out.append(d.tag(f'<li class="vconf-item">{time_range(it.start, it.end, conf.timezone)} '
                             f'<span class="vconf-item-title">{esc(it.title)}</span>'))
            out.extend(rich_text(it.description, "vconf-item-description"))
            out.append(d.tag("</li>"))
        out.append(d.tag("</ol>"))
    out.append(d.tag("</article>"))
    return out


class SponsorListDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        out: list[nodes.Node] = [self.tag('<div class="vconf-sponsors">')]
        for level, group in levels(list(data.conf.sponsors.values())):
            title = f'<h2 class="vconf-sponsor-level-title">{esc(level)}</h2>' if level else ""
            out.append(self.tag(f'<section class="vconf-sponsor-level">{title}'))
            for s in group:
                out.extend(sponsor_nodes(self, data, s))
            out.append(self.tag("</section>"))
        out.append(self.tag("</div>"))
        return out


class SponsorDirective(VconfDirective):
    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        s = self.lookup(data.conf.sponsors, self.arguments[0], "sponsor")
        return sponsor_nodes(self, data, s) if s is not None else []
