"""``conference-now``: what is on now and next (in the browser), and the days without JS."""

from __future__ import annotations

from docutils import nodes

from .. import schedule as sched
from ..data import relpath
from .base import VconfDirective


class NowNextDirective(VconfDirective):
    data = ("data/sessions.json",)

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        days = [{"href": relpath(f"days/{d.isoformat()}.html", doc), "title": sched.format_day(d), "count": len(ss)}
                for d, ss in sched.days(data.conf)]
        return [self.component("conference-now", sessions_url=relpath("data/sessions.json", doc), days=days)]
