"""The chat portal's data: the lobby, then every channel grouped by kind.

Groups, in this order: the lobby (the organizer's ``general`` channels, open), sessions
by day (the day in the conference's time zone), workshops, then papers by track
(``track`` of each paper; papers without one last, as "Other papers"). Every group but
the lobby is collapsed (a ``<details>``) with its count, so a portal of 5,000 paper
channels opens on a short page; ``vconf-chat.js`` searches across the groups.

Live activity (``conference.chat.activity: true``, Matrix only) gives the portal the URL
of the server's public room directory; the browser asks it for member counts and marks
the busiest rooms. Without it the portal carries no such URL and requests nothing.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from typing import Any

from .. import chat
from ..model import Conference, localize_date

KIND_LABELS = {"general": "General", "paper": "Paper", "session": "Session", "workshop": "Workshop"}
GROUP_LABELS = {"general": "Lobby", "session": "Sessions", "workshop": "Workshops", "paper": "Papers"}
# Matrix sorts its public room directory by member count: the first page holds the busiest.
ACTIVITY_LIMIT = 500


def _fold(text: str) -> str:
    """Without accents and case: how a reader sorts (É with E, not after z)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _group_id(text: str) -> str:
    ascii_text = _fold(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "other"


def _day_label(iso: str) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B}"


def activity_url(cfg: chat.ChatConfig) -> str:
    """Where the browser asks for member counts: the Matrix client-server API's public
    room directory (``GET /publicRooms``, readable without a token where the server allows
    it), on the organizer's own server; "" when live activity is off."""
    if not cfg.activity or cfg.provider != "matrix" or not cfg.server:
        return ""
    return f"{cfg.server}/_matrix/client/v3/publicRooms?" + urllib.parse.urlencode({"limit": ACTIVITY_LIMIT})


def _row(conf: Conference, ch: chat.Channel, root: str) -> dict[str, Any]:
    attrs = {
        "href": ch.open_url or ch.embed_url,
        "data-channel": ch.key,
        "data-name": ch.name,
        "data-kind": ch.kind,
        "data-embed": ch.embed_url,
        "data-page": root + ch.page if ch.page else "",
        "data-address": ch.address,
        "data-search": ch.search,
    }
    label = KIND_LABELS[ch.kind]
    if ch.kind == "session":
        label = conf.kind_label(conf.sessions[ch.id].kind)
    return {"attrs": [[k, v] for k, v in attrs.items() if v or k == "data-channel"],
            "kind_label": label, "title": ch.title}


def groups(conf: Conference, root: str = "") -> list[dict[str, Any]]:
    """The portal's groups: ``{id, kind, label, title, open, channels}``, lobby first."""
    found: dict[str, dict[str, Any]] = {}
    order: list[tuple[Any, ...]] = []
    for ch in chat.channels(conf):
        if ch.kind == "general":
            gid, title, key = "general", "", (0,)
        elif ch.kind == "session":
            day = localize_date(conf.sessions[ch.id].start, conf.timezone)
            gid, title, key = f"session/{day}", _day_label(day), (1, day)
        elif ch.kind == "workshop":
            gid, title, key = "workshop", "", (2,)
        else:
            track = conf.papers[ch.id].track.strip()
            # Tracks by name; papers without a track after them.
            gid = f"paper/{_group_id(track)}" if track else "paper/-"
            title, key = (track, (3, 0, _fold(track), track)) if track else ("Other papers", (3, 1))
        group = found.get(gid)
        if group is None:
            group = found[gid] = {"id": gid, "kind": ch.kind, "label": GROUP_LABELS[ch.kind], "title": title,
                                  "open": ch.kind == "general", "channels": []}
            order.append((key, gid))
        group["channels"].append(_row(conf, ch, root))
    if sum(1 for g in found.values() if g["kind"] == "paper") == 1 and "paper/-" in found:
        found["paper/-"]["title"] = ""  # no paper has a track: one group, "Papers"
    return [found[gid] for _, gid in sorted(order)]


def portal_context(conf: Conference, channels_url: str = "data/channels.json", root: str = "") -> dict[str, Any]:
    """The ``chat-portal`` component's context: grouped links that work without script.

    Each link opens the channel on the chat server (``href``); ``data-channel`` is the
    stable key, ``data-*`` carry the rest for ``vconf-chat.js``. ``root`` is the path from
    the page to the site root ("" for chat.html, "../" one level down).
    """
    cfg = chat.config(conf)
    all_groups = groups(conf, root)
    return {
        "channels_url": channels_url,
        "groups": all_groups,
        "total": sum(len(g["channels"]) for g in all_groups),
        "activity": cfg.provider if cfg and activity_url(cfg) else "",
        "activity_url": activity_url(cfg) if cfg else "",
    }


def portal_html(conf: Conference, channels_url: str = "data/channels.json", root: str = "") -> str:
    """The portal's HTML (the theme's ``chat-portal`` component), as chat.html carries it."""
    from ..components import render

    return render("chat-portal", portal_context(conf, channels_url, root))
