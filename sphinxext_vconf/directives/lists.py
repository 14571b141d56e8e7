"""``workshop-list`` and ``speaker-list``: every workshop or speaker, compactly."""

from __future__ import annotations

from docutils import nodes

from .base import VconfDirective
from .speaker import speaker_block
from .workshop import workshop_block


class WorkshopListDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        out: list[nodes.Node] = []
        for w in data.conf.workshops.values():
            out.extend(workshop_block(self, data, w, compact=True))
        return out


class SpeakerListDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        out: list[nodes.Node] = [self.tag('<div class="vconf-speaker-list">')]
        for sp in data.conf.speakers.values():
            out.extend(speaker_block(self, data, sp, compact=True))
        out.append(self.tag("</div>"))
        return out
