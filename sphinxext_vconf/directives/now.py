"""``conference-now``: what is on now and next (in the browser), and the days without JS."""

from __future__ import annotations

from docutils import nodes

from .. import schedule as sched
from ..data import relpath
from ..html import esc
from .base import VconfDirective


class NowNextDirective(VconfDirective):
    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        days = "".join(
            f'<li><a href="{esc(relpath(f"days/{d.isoformat()}.html", doc))}">{esc(sched.format_day(d))}</a> '
            f'({len(ss)} sessions)</li>'
            for d, ss in sched.days(data.conf)
        )
        html = (f'<div id="vconf-now" data-sessions="{esc(relpath("data/sessions.json", doc))}">'
                f'<ul class="vconf-days">{days}</ul></div>')
        return [self.raw(html)]
