"""``schedule``: the calendar of all sessions (or of one day), in the reader's time zone."""

from __future__ import annotations

import colorsys
import json

from docutils import nodes
from docutils.parsers.rst import directives

from .. import schedule as sched
from ..data import relpath
from ..html import esc, session_line
from ..model import Conference
from .base import VconfDirective


def kind_styles(conf: Conference) -> dict[str, dict[str, object]]:
    """The organizer's session kinds for the script: ``{id: {label, hue}}`` in their order
    (hue from the declared colour; none: the theme's colour for that kind)."""
    out: dict[str, dict[str, object]] = {}
    for k in conf.kinds.values():
        entry: dict[str, object] = {"label": k.label or conf.kind_label(k.id)}
        if k.colour:
            r, g, b = (int(k.colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
            entry["hue"] = round(colorsys.rgb_to_hls(r, g, b)[0] * 360)
        out[k.id] = entry
    return out


class ScheduleDirective(VconfDirective):
    """All days as lists (the script turns them into a calendar); ``:day:`` for one day."""

    option_spec = {"day": directives.unchanged, "kind": directives.unchanged}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        doc = self.docname
        conf = data.conf
        kinds = set(self.options.get("kind", "").split()) or None
        day = self.options.get("day")
        blocks = []
        for date, sessions in sched.days(conf):
            if day and date.isoformat() != day:
                continue
            rows = "".join(session_line(data, s, doc) for s in sessions if kinds is None or s.kind in kinds)
            if not rows:
                continue
            if day:  # the day page's own title names the day: no second heading
                blocks.append(f'<ul class="vconf-sessions" data-date="{date.isoformat()}">{rows}</ul>')
                continue
            title = esc(sched.format_day(date))
            title = f'<a href="{esc(relpath(f"days/{date.isoformat()}.html", doc))}">{title}</a>'
            blocks.append(f'<section class="vconf-day" data-date="{date.isoformat()}"><h2>{title}</h2>'
                          f'<ul class="vconf-sessions">{rows}</ul></section>')
        if day and not blocks:
            self.warn(f"no sessions on {day!r}")
        if day:
            return [self.raw(f'<div class="vconf-day-list">{"".join(blocks)}</div>')]
        html = (f'<div id="vconf-schedule" data-sessions="{esc(relpath("data/sessions.json", doc))}" '
                f'data-timezone="{esc(conf.timezone)}" data-kinds="{esc(json.dumps(kind_styles(conf)))}">'
                f'{"".join(blocks)}</div>')
        return [self.raw(html)]
