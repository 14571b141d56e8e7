"""``schedule``: the calendar of all sessions (or of one day), in the reader's time zone."""

from __future__ import annotations

import colorsys
import json

from docutils import nodes
from docutils.parsers.rst import directives

from .. import components, views
from .. import schedule as sched
from ..data import relpath
from ..model import Conference
from .base import VconfDirective

# The schedule's scripts, in order: the lane layout, then the page that uses it.
SCHEDULE_SCRIPTS = ("vconf-schedule-layout.js", "vconf-schedule.js")


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
            rows = [views.session_line(data, s, doc) for s in sessions if kinds is None or s.kind in kinds]
            if not rows:
                continue
            href = "" if day else relpath(f"days/{date.isoformat()}.html", doc)
            blocks.append({"date": date.isoformat(), "title": sched.format_day(date), "href": href, "sessions": rows})
        if day and not blocks:
            self.warn(f"no sessions on {day!r}")
        dates = [date.isoformat() for date, _ in sched.days(conf)]
        near: dict[str, object] = {"prev": None, "next": None}
        if day in dates:  # a day's page: the days before and after it
            at = dates.index(day)
            for key, i in (("prev", at - 1), ("next", at + 1)):
                if 0 <= i < len(dates):
                    near[key] = {"href": relpath(f"days/{dates[i]}.html", doc),
                                 "title": sched.format_day(sched.days(conf)[i][0])}
        out: list[nodes.Node] = [self.component("schedule", days=blocks, one_day=bool(day), timezone=conf.timezone,
                                                sessions_url=relpath("data/sessions.json", doc),
                                                kinds=json.dumps(kind_styles(conf)), **near)]
        if not day:
            out.append(components.declare(scripts=SCHEDULE_SCRIPTS,
                                          styles=["vconf-schedule.css"], data=["data/sessions.json"]))
        return out
