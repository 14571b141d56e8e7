"""``sponsor-list``: the sponsors by level, each with logo, description, links, booth chat,
video and its own events. ``sponsor ID``: one sponsor's block (``components/sponsor.html``)."""

from __future__ import annotations

from docutils import nodes

from .. import components, embeds, views
from ..data import ConferenceData
from ..model import Sponsor
from ..richtext import has_math, to_html
from .base import VconfDirective


def levels(sponsors: list[Sponsor]) -> list[tuple[str, list[Sponsor]]]:
    """Sponsors grouped by level, the levels in the order they first appear in the data."""
    groups: dict[str, list[Sponsor]] = {}
    for s in sponsors:
        groups.setdefault(s.level, []).append(s)
    return list(groups.items())


def sponsor_view(data: ConferenceData, s: Sponsor, doc: str) -> dict[str, object]:
    """What ``components/sponsor.html`` shows of a sponsor."""
    actions = [views.action("Website", s.website, "website")] if s.website else []
    actions += [views.action(link.title, views.url(link.url, doc), "link") for link in s.links]
    if s.chat and not data.archive:
        actions.append(views.action("Visit the booth", s.chat, "chat"))
    video = embeds.video_embed(s.video) if s.video else None
    if s.video and not video:
        actions.append(views.action("Video", views.url(s.video, doc), "video"))
    return {
        "id": s.id, "name": s.name, "logo": views.url(s.logo, doc) if s.logo else "",
        "description_html": to_html(s.description), "actions": actions,
        "video": embeds.placeholder(video[1], s.name, kind="video", provider=video[0], open_url=s.video)
        if video else None,
        "schedule": [{"time": views.time(it.start, it.end, data.conf.timezone), "title": it.title,
                      "description_html": to_html(it.description)} for it in s.schedule],
    }


def _math(sponsors: list[dict[str, object]]) -> list[nodes.Node]:
    texts = [str(s["description_html"]) for s in sponsors]
    texts += [str(it["description_html"]) for s in sponsors for it in s["schedule"]]  # type: ignore[attr-defined]
    return [components.declare(math=True)] if any(has_math(t) for t in texts) else []


class SponsorListDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        groups = [{"title": level, "sponsors": [sponsor_view(data, s, self.docname) for s in group]}
                  for level, group in levels(list(data.conf.sponsors.values()))]
        return [self.component("sponsor-list", levels=groups),
                *_math([s for g in groups for s in g["sponsors"]])]


class SponsorDirective(VconfDirective):
    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        s = self.lookup(data.conf.sponsors, self.arguments[0], "sponsor")
        if s is None:
            return []
        view = sponsor_view(data, s, self.docname)
        return [self.component("sponsor", sponsor=view), *_math([view])]
