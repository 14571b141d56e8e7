"""``paper-map``: the 2D map of all papers (a canvas), with a plain list without JavaScript."""

from __future__ import annotations

from docutils import nodes

from ..data import relpath
from ..html import esc
from .base import VconfDirective


class PaperMapDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        items = "".join(
            f'<li><a href="{esc(relpath(p.docname + ".html", doc))}">{esc(p.title)}</a></li>'
            for p in data.conf.papers.values()
        )
        html = (f'<div id="vconf-map" data-map="{esc(relpath("data/map.json", doc))}" '
                f'data-gallery="{esc(relpath("data/gallery.json", doc))}" '
                f'data-sessions="{esc(relpath("data/sessions.json", doc))}">'
                f'<noscript><p>The map needs JavaScript; here is every paper:</p><ul>{items}</ul></noscript></div>')
        return [self.raw(html)]
