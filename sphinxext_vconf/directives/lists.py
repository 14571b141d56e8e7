"""``workshop-list`` and ``speaker-list``: every workshop or speaker, compactly."""

from __future__ import annotations

from docutils import nodes

from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective
from .speaker import speaker_block
from .workshop import workshop_block


class WorkshopListDirective(VconfDirective):
    scripts = STAR_SCRIPTS
    styles = STAR_STYLES

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
        out: list[nodes.Node] = []
        for sp in data.conf.speakers.values():
            out.extend(speaker_block(self, data, sp, compact=True))
        return [self.wrap("div", *out, classes=("vconf-speaker-list",))]
