"""The schedule as frab XML and JSON: what Giggity, ConfClerk, EventFahrplan and the C3VOC
tooling read (``schedule.xml``, ``schedule.json``).

Both follow the C3VOC schemas (``schedule.xml.xsd`` and the v1 ``schema.json`` of
github.com/voc/schedule): days with their start and end, rooms, and events with a stable
``guid`` (UUID5 of the conference domain and the session id), a numeric ``id`` derived
from it, ``date`` (ISO 8601 with offset), ``start`` and ``duration`` (``HH:MM``) in the
conference zone.  Every session is an event; so is every item of a workshop's own schedule.

Rooms: the session's ``room``; without one, a virtual room named after the kind
("Poster hall", ...), split into "Poster hall 2", ... where such sessions overlap, since
apps draw a room as one column; workshop items go to a room named after the workshop.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from . import schedule as sched
from .model import Conference
from .richtext import to_plain

__all__ = ["schedule_xml", "schedule_json", "schedule_files", "schedule_json_bytes", "acronym", "VIRTUAL_ROOMS"]

UTC = dt.UTC
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

VIRTUAL_ROOMS = {
    "invited": "Keynote stage",
    "oral": "Oral sessions",
    "poster": "Poster hall",
    "workshop": "Workshop room",
    "social": "Social lounge",
    "break": "Break room",
    "other": "Main room",
}
# frab's event types ("lecture", "workshop", ...), as C3VOC's examples name them.
EVENT_TYPES = {
    "invited": "talk",
    "oral": "talk",
    "poster": "poster",
    "workshop": "workshop",
    "social": "meeting",
    "break": "break",
    "other": "other",
}


@dataclass
class _Person:
    name: str
    guid: str


@dataclass
class _Link:
    url: str
    title: str
    type: str  # C3VOC reference type: web, paper, media, ...


@dataclass
class _Event:
    key: str  # "session/<id>" or "workshop/<id>/<item key>"
    guid: str
    start: dt.datetime
    end: dt.datetime
    title: str
    subtitle: str
    kind: str
    track: str
    abstract: str
    description: str
    url: str  # absolute page URL, or "" without a base
    page: str  # site-relative page path
    room: str = ""
    explicit_room: bool = False
    id: int = 0
    persons: list[_Person] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Identities
# --------------------------------------------------------------------------------------


def acronym(conf: Conference) -> str:
    """frab's conference acronym from the name: ``schedule_test_conf_2026``.

    Letters, digits and ``_`` only: both schemas accept it, and the event slugs
    ``<acronym>-<id>-<name>`` stay parseable.
    """
    text = sched.slugify(conf.name, "_") or "vconf"
    return text if len(text) >= 4 else f"{text}_conf"


@functools.lru_cache(maxsize=1 << 16)
def _guid(domain: str, key: str) -> str:
    # an author is a person of every session presenting their papers: tens of thousands of calls
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"vconf://{domain}/{key}"))


def _assign_ids(events: list[_Event]) -> None:
    """A positive 31-bit id from each GUID (Java clients read ints); ties probe upwards.

    Ids start at 1,000,000 so that every slug has the length the XSD wants.
    """
    used: set[int] = set()
    span = 2**31 - 1 - 1_000_000
    for ev in sorted(events, key=lambda e: e.guid):
        n = 1_000_000 + int(uuid.UUID(ev.guid).hex[:8], 16) % span
        while n in used:
            n = 1_000_000 + (n - 1_000_000 + 1) % span
        used.add(n)
        ev.id = n


def _slug(acr: str, ev: _Event) -> str:
    # frab's "<acronym>-<id>-<title>"; from the key, not the title, so that it is stable.
    tail = sched.slugify(ev.key.split("/", 1)[1], "_") or "event"
    return f"{acr}-{ev.id}-{tail}"


# --------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------


def _events(conf: Conference, base: str) -> list[_Event]:
    domain = sched.conference_domain(conf)
    line = sched.clean_line
    events: list[_Event] = []

    def person(name: str, key: str) -> _Person:
        return _Person(line(name), _guid(domain, f"people/{key}"))

    for s in conf.sessions_sorted():
        persons: list[_Person] = []
        subtitle = ""
        for spk in s.speakers or ([s.speaker] if s.speaker else []):
            sp = conf.speakers.get(spk)
            if sp is None:
                continue
            persons.append(person(sp.name, f"speaker/{sp.id}"))
            if sp.talk_title and sp.talk_title != s.title and not subtitle:
                subtitle = sp.talk_title
        papers = [conf.papers[p] for p in s.papers if p in conf.papers]
        for p in papers:
            for a in p.authors:
                persons.append(person(a.name, f"name/{a.name}"))
        lines = []
        if s.chair:
            lines.append(f"Chair: {s.chair}")
        if papers:
            lines.append("Papers:\n" + "\n".join(
                "- " + (f"{sched.format_time(s.paper_starts[p.id], conf.timezone)} " if p.id in s.paper_starts else "")
                + f"{p.title} ({', '.join(a.name for a in p.authors)})" for p in papers
            ))
        links = [
            _Link(sched.page_url(base, f"{p.docname}.html"), p.title, "paper") for p in papers
        ]
        workshop = conf.workshops.get(s.workshop) if s.workshop else None
        if workshop is not None:
            links.append(_Link(sched.page_url(base, f"{workshop.docname}.html"), workshop.title, "web"))
            if workshop.website:
                links.append(_Link(workshop.website, f"{workshop.title} (website)", "web"))
        video = sched.resolve_url(base, s.video)
        if video:
            links.append(_Link(video, "Video", "media"))
        page = f"{s.docname}.html"
        events.append(_Event(
            key=f"session/{s.id}",
            guid=_guid(domain, f"sessions/{s.id}"),
            start=s.start,
            end=s.end,
            title=s.title,
            subtitle=subtitle,
            kind=s.kind,
            track=workshop.title if workshop else conf.kind_label(s.kind),
            abstract=to_plain(s.description),
            description="\n\n".join(lines),
            url=sched.page_url(base, page),
            page=page,
            room=s.room,
            explicit_room=bool(s.room),
            persons=_unique(persons),
            links=[lk for lk in links if lk.url],
        ))

    for w in conf.workshops.values():
        page = f"{w.docname}.html"
        links = [_Link(w.website, f"{w.title} (website)", "web")] if w.website else []
        for key, item in sched.workshop_items(w):
            events.append(_Event(
                key=f"workshop/{w.id}/{key}",
                guid=_guid(domain, f"workshops/{w.id}/{key}"),
                start=item.start,
                end=item.end,
                title=item.title,
                subtitle="",
                kind=item.kind,
                track=w.title,
                abstract=to_plain(item.description),
                description=f"Part of {w.title}.",
                url=sched.page_url(base, page),
                page=page,
                room=w.title,
                explicit_room=True,
                persons=[person(item.speaker, f"name/{item.speaker}")] if item.speaker else [],
                links=list(links),
            ))

    for sp in conf.sponsors.values():
        where = sp.chat or sp.website
        links = [_Link(where, f"{sp.name} (booth)", "web")] if where else []
        for key, item in sched.workshop_items(sp):
            events.append(_Event(
                key=f"sponsor/{sp.id}/{key}",
                guid=_guid(domain, f"sponsors/{sp.id}/{key}"),
                start=item.start,
                end=item.end,
                title=item.title,
                subtitle="",
                kind=item.kind,
                track="Sponsors",
                abstract=to_plain(item.description),
                description=f"Hosted by {sp.name}.",
                url=where if where.startswith(("http://", "https://")) else "",
                page="",
                room=sp.name,
                explicit_room=True,
                persons=[person(item.speaker, f"name/{item.speaker}")] if item.speaker else [],
                links=list(links),
            ))

    for ev in events:
        for attr in ("title", "subtitle", "track", "room"):
            setattr(ev, attr, line(getattr(ev, attr)))
        ev.abstract = sched.clean_text(ev.abstract)
        ev.description = sched.clean_text(ev.description)
        ev.explicit_room = bool(ev.room)
        ev.title = ev.title or "(untitled)"
    _virtual_rooms(events)
    _assign_ids(events)
    return sorted(events, key=lambda e: (e.start.astimezone(UTC), e.end.astimezone(UTC), e.key))


def _unique(persons: list[_Person]) -> list[_Person]:
    seen: set[str] = set()
    out = []
    for p in persons:
        if p.name and p.guid not in seen:
            seen.add(p.guid)
            out.append(p)
    return out


def _virtual_rooms(events: list[_Event]) -> None:
    """Give room-less sessions a kind room; overlapping ones get lanes "… 2", "… 3"."""
    lanes: dict[str, list[dt.datetime]] = {}  # kind -> end of the last event in each lane
    todo = [e for e in events if not e.explicit_room]
    for ev in sorted(todo, key=lambda e: (e.start.astimezone(UTC), e.end.astimezone(UTC), e.key)):
        start, end = ev.start.astimezone(UTC), ev.end.astimezone(UTC)
        ends = lanes.setdefault(ev.kind, [])
        for i, lane_end in enumerate(ends):
            if lane_end <= start:
                ends[i] = end
                break
        else:
            ends.append(end)
            i = len(ends) - 1
        name = VIRTUAL_ROOMS.get(ev.kind, "Main room")
        ev.room = name if i == 0 else f"{name} {i + 1}"


# --------------------------------------------------------------------------------------
# Days, rooms and the conference
# --------------------------------------------------------------------------------------


@dataclass
class _Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: dict[str, list[_Event]]


def _days(conf: Conference, events: list[_Event], room_order: list[str]) -> list[_Day]:
    """Every conference date, and any other date with events (conference zone).

    A day runs from its first event's start to its last event's end (an event across
    midnight stays in the day it starts on); a day without events, midnight to midnight.
    """
    zone = sched.tz(conf.timezone)
    by_date: dict[dt.date, list[_Event]] = {d: [] for d in sched.conference_dates(conf)}
    for ev in events:
        by_date.setdefault(sched.local_date(ev.start, zone), []).append(ev)
    out = []
    for index, date in enumerate(sorted(by_date), start=1):
        evs = by_date[date]
        if evs:
            start = min((e.start for e in evs), key=lambda t: t.astimezone(UTC))
            end = max((e.end for e in evs), key=lambda t: t.astimezone(UTC))
        else:
            start = _midnight(date, zone)
            end = _midnight(date + dt.timedelta(days=1), zone)
        rooms: dict[str, list[_Event]] = {}
        for room in room_order:
            in_room = [e for e in evs if e.room == room]
            if in_room:
                rooms[room] = in_room
        out.append(_Day(index, date, start.astimezone(zone), end.astimezone(zone), rooms))
    return out


def _midnight(date: dt.date, zone: dt.tzinfo) -> dt.datetime:
    # Through UTC: in zones whose DST change is at midnight, 00:00 may not exist.
    return dt.datetime.combine(date, dt.time(0), tzinfo=zone).astimezone(UTC).astimezone(zone)


def _room_order(events: list[_Event]) -> list[str]:
    """Rooms in the order they are first used, ties by name: the apps' column order."""
    first: dict[str, tuple[dt.datetime, str]] = {}
    for ev in events:
        t = ev.start.astimezone(UTC)
        if ev.room not in first or t < first[ev.room][0]:
            first[ev.room] = (t, ev.room)
    return sorted(first, key=lambda r: first[r])


def _timeslot(events: list[_Event], zone: dt.tzinfo) -> str:
    """The coarsest grid (of 60, 30, 15, 10, 5, 1 minutes) all starts and ends fall on."""
    minutes = [t.astimezone(zone).minute for e in events for t in (e.start, e.end)]
    for step in (60, 30, 15, 10, 5, 1):
        if all(m % step == 0 for m in minutes):
            return "01:00" if step == 60 else f"00:{step:02d}"
    return "00:01"


def _duration(ev: _Event) -> str:
    # The XSD allows at most two digits of hours.
    text = sched.duration_hhmm(ev.start, ev.end)
    return text if len(text) <= 5 else "99:59"


@dataclass
class _Schedule:
    acronym: str
    zone: dt.tzinfo
    base: str
    events: list[_Event]
    rooms: list[str]
    days: list[_Day]
    tracks: list[str]
    domain: str


def _build(conf: Conference, base_url: str) -> _Schedule:
    base = sched.absolute_base(conf, base_url)
    events = _events(conf, base)
    rooms = _room_order(events)
    return _Schedule(
        acronym=acronym(conf),
        zone=sched.tz(conf.timezone),
        base=base,
        events=events,
        rooms=rooms,
        days=_days(conf, events, rooms),
        tracks=sorted({e.track for e in events if e.track}),
        domain=sched.conference_domain(conf),
    )


def _version(payload: Any) -> str:
    """A version that changes exactly when the schedule does (apps show and compare it)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "vconf-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


def _event_json(sc: _Schedule, ev: _Event, language: str) -> dict[str, Any]:
    local = ev.start.astimezone(sc.zone)
    return {
        "guid": ev.guid,
        "id": ev.id,
        "date": sched.iso(local),
        "start": sched.format_time(local),
        "duration": _duration(ev),
        "room": ev.room,
        "slug": _slug(sc.acronym, ev),
        # Required by the schema: relative to the site when no absolute URL is known.
        "url": ev.url or ev.page,
        "title": ev.title,
        "subtitle": ev.subtitle,
        "track": ev.track or None,
        "type": EVENT_TYPES.get(ev.kind, "other"),
        "language": language,
        "abstract": ev.abstract,
        "description": ev.description,
        # "name" (pretalx) and "public_name" (frab) both, for old and new clients; no
        # integer "id", or the schema's oneOf would match both person kinds.
        "persons": [{"name": p.name, "public_name": p.name, "guid": p.guid} for p in ev.persons],
        "links": [{"url": lk.url, "title": sched.clean_line(lk.title), "type": lk.type} for lk in ev.links],
        "attachments": [],
    }


def schedule_json(conf: Conference, base_url: str = "", *, language: str = "en") -> dict[str, Any]:
    """The schedule in C3VOC's ``schedule.json`` (v1) format, as a dict.

    Serialise with :func:`schedule_json_bytes` (or ``json.dumps``: the dict's order is
    already deterministic).
    """
    return _json_doc(_json_body(conf, _build(conf, base_url), language))


def _json_doc(body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": SCHEMA_URL, "generator": {"name": "vconf", "version": __version__}, "schedule": body}


def schedule_files(conf: Conference, base_url: str = "", *, language: str = "en") -> tuple[bytes, dict[str, Any]]:
    """:func:`schedule_xml` and :func:`schedule_json` from one pass over the data."""
    sc = _build(conf, base_url)
    body = _json_body(conf, sc, language)
    return _xml(conf, sc, body["version"], language), _json_doc(body)


def _json_body(conf: Conference, sc: _Schedule, language: str) -> dict[str, Any]:
    conference: dict[str, Any] = {
        "acronym": sc.acronym,
        "title": sched.clean_line(conf.name),
        "start": conf.start_date.isoformat(),
        "end": conf.end_date.isoformat(),
        "daysCount": len(sc.days),
        "timeslot_duration": _timeslot(sc.events, sc.zone),
    }
    if _json_zone_ok(conf.timezone):
        conference["time_zone_name"] = conf.timezone
    if sc.base:
        conference["url"] = sc.base
    conference["rooms"] = [{"name": r, "guid": _guid(sc.domain, f"rooms/{r}")} for r in sc.rooms]
    conference["tracks"] = [{"name": t} for t in sc.tracks]
    conference["days"] = [
        {
            "index": d.index,
            "date": d.date.isoformat(),
            "day_start": sched.iso(d.start),
            "day_end": sched.iso(d.end),
            "rooms": {room: [_event_json(sc, e, language) for e in evs] for room, evs in d.rooms.items()},
        }
        for d in sc.days
    ]
    body: dict[str, Any] = {"version": ""}
    if sc.base:
        body["base_url"] = sc.base
    body["conference"] = conference
    body["version"] = _version(body)
    return body


def _json_zone_ok(zone: str) -> bool:
    # The schema's own pattern (unanchored at the end, as written there).
    return bool(re.search(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$", zone))


def schedule_json_bytes(conf: Conference, base_url: str = "", *, language: str = "en") -> bytes:
    """``schedule.json`` as written: UTF-8, indented, a final newline."""
    data = schedule_json(conf, base_url, language=language)
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def schedule_xml(conf: Conference, base_url: str = "", *, language: str = "en") -> bytes:
    """The schedule as frab ``schedule.xml`` (valid against C3VOC's ``schedule.xml.xsd``)."""
    sc = _build(conf, base_url)
    return _xml(conf, sc, _json_body(conf, sc, language)["version"], language)


def _xml(conf: Conference, sc: _Schedule, version: str, language: str) -> bytes:
    root = ET.Element("schedule")
    _sub(root, "generator", name="vconf", version=__version__)
    if sc.base:
        _sub(root, "url", sched.page_url(sc.base, "schedule.xml"))
    # The same version as schedule.json: both hash the JSON form of the schedule.
    _sub(root, "version", version)
    c = _sub(root, "conference")
    _sub(c, "acronym", sc.acronym)
    _sub(c, "title", sched.clean_line(conf.name))
    _sub(c, "start", conf.start_date.isoformat())
    _sub(c, "end", conf.end_date.isoformat())
    _sub(c, "days", str(len(sc.days)))
    _sub(c, "timeslot_duration", _timeslot(sc.events, sc.zone))
    if sc.base:
        _sub(c, "base_url", sc.base)
        _sub(c, "url", sc.base)
    _sub(c, "time_zone_name", conf.timezone)
    for t in sc.tracks:
        _sub(c, "track", name=t)
    for d in sc.days:
        day = _sub(
            root, "day", index=str(d.index), date=d.date.isoformat(),
            start=sched.iso(d.start), end=sched.iso(d.end),
        )
        for room, evs in d.rooms.items():
            r = _sub(day, "room", name=room, guid=_guid(sc.domain, f"rooms/{room}"))
            for ev in evs:
                _event_xml(r, sc, ev, language)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _event_xml(parent: ET.Element, sc: _Schedule, ev: _Event, language: str) -> None:
    local = ev.start.astimezone(sc.zone)
    e = _sub(parent, "event", guid=ev.guid, id=str(ev.id))
    _sub(e, "date", sched.iso(local))
    _sub(e, "start", sched.format_time(local))
    _sub(e, "duration", _duration(ev))
    _sub(e, "room", ev.room)
    _sub(e, "slug", _slug(sc.acronym, ev))
    if ev.url:
        _sub(e, "url", ev.url)
    _sub(e, "title", ev.title)
    _sub(e, "subtitle", ev.subtitle)
    _sub(e, "track", ev.track)
    _sub(e, "type", EVENT_TYPES.get(ev.kind, "other"))
    _sub(e, "language", language)
    _sub(e, "abstract", ev.abstract)
    _sub(e, "description", ev.description)
    persons = _sub(e, "persons")
    for p in ev.persons:
        _sub(persons, "person", p.name, guid=p.guid)
    links = _sub(e, "links")
    for lk in ev.links:
        _sub(links, "link", sched.clean_line(lk.title), href=lk.url, type=lk.type)
    _sub(e, "attachments")
