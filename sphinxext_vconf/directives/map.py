"""``paper-map``: the 2D map of all papers (a canvas), with a plain list without JavaScript."""

from __future__ import annotations

from docutils import nodes

from .. import views
from ..data import relpath
from .base import VconfDirective

# the map's parts first, then vconf-map.js, which starts the map with them
MAP_SCRIPTS = ("vconf-map-draw.js", "vconf-map-labels.js", "vconf-map-figures.js", "vconf-map-panel.js",
               "vconf-map-input.js", "vconf-map.js")


class PaperMapDirective(VconfDirective):
    scripts = MAP_SCRIPTS
    styles = ("vconf-map.css",)
    data = ("data/map.json", "data/sessions.json")

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        return [self.component(
            "paper-map", map_url=relpath("data/map.json", doc), gallery_url=relpath("data/gallery.json", doc),
            sessions_url=relpath("data/sessions.json", doc),
            papers=[{"href": views.page(p.docname, doc), "title": p.title} for p in data.conf.papers.values()])]
