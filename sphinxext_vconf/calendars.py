"""iCalendar (RFC 5545) files: the whole conference, and one per session, workshop, paper.

Built with ``icalendar``, which escapes text values and folds long lines.  Choices:

* Times are in UTC (``DTSTART:20260504T070000Z``): every client reads them, and no
  VTIMEZONE (whose rules depend on the build machine's tz database) enters the file.
* UIDs are stable across rebuilds: ``session-<id>@<conference domain>``; a session has
  the same UID in every file it appears in, so importing two files does not duplicate it.
* ``DTSTAMP`` comes from the data (the conference's first day, 00:00 UTC), never the
  clock: the same data gives byte-identical files.
* All conference text is untrusted: it goes through :func:`~.schedule.clean_text` and is
  added as TEXT values (``X-`` properties too), so a title holding newlines, ``;``, ``,``
  or ``BEGIN:VEVENT`` stays inside its property.
* ``URL`` and links back to the site only when its absolute URL is known (``conf.url``
  or ``base_url``): relative links mean nothing inside a calendar application.

The files of the site: :mod:`.calendar_files`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from icalendar import Calendar, Event, vText

from . import deps
from . import schedule as sched
from .model import Conference, Paper, Session, Sponsor, Workshop
from .richtext import to_plain

__all__ = [
    "PRODID",
    "conference_calendar",
    "session_calendar",
    "workshop_calendar",
    "paper_calendar",
    "track_calendar",
    "day_calendar",
    "tracks",
    "calendar_for",
    "calendar_bytes",
    "calendar_path",
    "has_calendar",
]

PRODID = "-//vconf//sphinxext-vconf//EN"
UTC = dt.UTC
KINDS = ("conference", "session", "workshop", "paper", "track", "day")


# An event as plain values (uid, start, end, summary, description, location, url,
# categories): a calendar file serializes each one once (see _file_bytes).
Fields = tuple[str, dt.datetime, dt.datetime, str, str, str, str, tuple[str, ...]]


@dataclass
class _Shared:
    """While every calendar is written: each session's event, made once (a session is in up
    to a dozen calendars) with what it read (``deps`` notes), replayed into each calendar's."""

    data: Any  # what deps.watching wraps
    sessions: dict[str, tuple[Fields, deps.Used]]


@dataclass(frozen=True)
class _Ctx:
    conf: Conference
    base: str  # absolute site URL with a trailing slash, or ""
    domain: str
    stamp: dt.datetime
    shared: _Shared | None = None

    def url(self, docname: str) -> str:
        return sched.page_url(self.base, f"{docname}.html")


def _ctx(conf: Conference, base_url: str) -> _Ctx:
    return _Ctx(
        conf=conf,
        base=sched.absolute_base(conf, base_url),
        domain=sched.conference_domain(conf),
        stamp=dt.datetime.combine(conf.start_date, dt.time(0), tzinfo=UTC),
    )


# --------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------


def _calendar(ctx: _Ctx, name: str, description: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # vText explicitly: icalendar leaves unknown (X-) properties unescaped.
    cal.add("name", vText(sched.clean_line(name)))
    cal.add("x-wr-calname", vText(sched.clean_line(name)))
    if description:
        cal.add("x-wr-caldesc", vText(sched.clean_text(description)))
    # Subscribed calendars pick up schedule changes within the hour.
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vText("PT1H"))
    return cal


def _event(
    ctx: _Ctx,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    description: str,
    location: str,
    url: str,
    categories: Iterable[str],
) -> Fields:
    return (uid, start.astimezone(UTC), end.astimezone(UTC), summary, description, location, url,
            tuple(categories))


def _make_event(ctx: _Ctx, fields: Fields) -> Event:
    uid, start, end, summary, description, location, url, categories = fields
    ev = Event()
    ev.add("uid", vText(sched.clean_line(uid)))
    ev.add("dtstamp", ctx.stamp)
    ev.add("dtstart", start)
    if end > start:  # RFC 5545: DTEND later than DTSTART; a marker has DTSTART alone (ends as it starts)
        ev.add("dtend", end)
    ev.add("summary", sched.clean_line(summary) or "(untitled)")
    if description.strip():
        ev.add("description", sched.clean_text(description))
    if location.strip():
        ev.add("location", sched.clean_line(location))
    if url:
        ev.add("url", url)
    cats = [c for c in (sched.clean_line(c) for c in categories) if c]
    if cats:
        ev.add("categories", cats)
    return ev


def _uid(ctx: _Ctx, key: str) -> str:
    return f"{key}@{ctx.domain}"


def _authors(paper: Paper) -> str:
    return ", ".join(a.name for a in paper.authors)


def _lines(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _session_event(ctx: _Ctx, s: Session) -> Fields:
    shared = ctx.shared
    if shared is None:
        return _session_fields(ctx, s)
    sid = s.id
    made = shared.sessions.get(sid)
    if made is None:
        used: deps.Used = {}
        conf = deps.watching(shared.data, used).conf
        made = shared.sessions[sid] = (_session_fields(replace(ctx, conf=conf, shared=None), conf.sessions[sid]),
                                       used)
    deps.replay(ctx.conf, made[1])
    return made[0]


def _session_fields(ctx: _Ctx, s: Session) -> Fields:
    conf = ctx.conf
    url = ctx.url(s.docname)
    who = []
    for spk in s.speakers or ([s.speaker] if s.speaker else []):
        sp = conf.speakers.get(spk)
        if sp is not None:
            who.append(f"Speaker: {sp.name}" + (f" ({sp.affiliation})" if sp.affiliation else ""))
    if s.chair:
        who.append(f"Chair: {s.chair}")
    papers = [conf.papers[p] for p in s.papers if p in conf.papers]
    listing = ""
    if papers:
        starts = s.paper_starts
        listing = "Papers:\n" + "\n".join(
            "- " + (f"{sched.format_time(starts[p.id], conf.timezone)} " if p.id in starts else "")
            + p.title + (f" ({_authors(p)})" if p.authors else "") for p in papers
        )
    workshop = conf.workshops.get(s.workshop) if s.workshop else None
    links = []
    if workshop is not None:
        links.append(f"Workshop: {workshop.title}")
    video = sched.resolve_url(ctx.base, s.video)
    if video:
        links.append(f"Video: {video}")
    if url:
        links.append(f"Session page: {url}")
    return _event(
        ctx,
        _uid(ctx, f"session-{s.id}"),
        s.start,
        s.end,
        s.title,
        _lines(to_plain(s.description), "\n".join(who), listing, "\n".join(links)),
        s.room or url,
        url,
        [conf.kind_label(s.kind)],
    )


def _item_events(ctx: _Ctx, w: Workshop) -> list[Fields]:
    conf = ctx.conf
    url = ctx.url(w.docname)
    rooms = [conf.sessions[sid].room for sid in w.sessions if conf.sessions[sid].room]
    location = rooms[0] if rooms else url
    out = []
    for key, item in sched.workshop_items(w):
        info = [f"Speaker: {item.speaker}"] if item.speaker else []
        info.append(f"Workshop: {w.title}")
        if url:
            info.append(f"Workshop page: {url}")
        out.append(_event(
            ctx,
            _uid(ctx, f"workshop-{w.id}-{key}"),
            item.start,
            item.end,
            f"{item.title} ({w.title})",
            _lines(to_plain(item.description), "\n".join(info)),
            location,
            url,
            ["Workshop", sched.KIND_LABELS.get(item.kind, item.kind)],
        ))
    return out


def _sponsor_events(ctx: _Ctx, sp: Sponsor) -> list[Fields]:
    """A sponsor's own events (booth talks, hiring sessions): in the conference's calendar."""
    where = sp.chat or sp.website
    out = []
    for key, item in sched.workshop_items(sp):
        info = [f"Speaker: {item.speaker}"] if item.speaker else []
        info.append(f"Sponsor: {sp.name}" + (f" ({sp.level})" if sp.level else ""))
        if where:
            info.append(f"Join: {where}")
        out.append(_event(
            ctx,
            _uid(ctx, f"sponsor-{sp.id}-{key}"),
            item.start,
            item.end,
            f"{item.title} ({sp.name})",
            _lines(to_plain(item.description), "\n".join(info)),
            where,
            where if where.startswith(("http://", "https://")) else "",
            ["Sponsor", ctx.conf.kind_label(item.kind)],
        ))
    return out


def _paper_events(ctx: _Ctx, p: Paper) -> list[Fields]:
    conf = ctx.conf
    url = ctx.url(p.docname)
    out = []
    for s in conf.sessions_of_paper(p.id):
        session_url = ctx.url(s.docname)
        # a paper with its own time in the session: the event is that slot, not the whole session
        slot = next(((a, b) for pid, a, b in s.paper_slots() if pid == p.id), (s.start, s.end))
        links = [f"Presented in: {s.title}"]
        if url:
            links.append(f"Paper page: {url}")
        if session_url:
            links.append(f"Session page: {session_url}")
        out.append(_event(
            ctx,
            # Not the session's UID: this event is "my paper in that session".
            _uid(ctx, f"paper-{p.id}-session-{s.id}"),
            slot[0],
            slot[1],
            f"{p.title} ({s.title})",
            _lines(_authors(p), "\n".join(links)),
            s.room or session_url,
            url or session_url,
            [conf.kind_label(s.kind)],
        ))
    return out


# --------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------


Parts = tuple[_Ctx, str, str, list[Fields]]  # a calendar: its context, name, description, events


def _conference_parts(ctx: _Ctx, ident: str) -> Parts:
    """Every session, the schedule items of workshops that have no session, and sponsors' events."""
    conf = ctx.conf
    events = [_session_event(ctx, s) for s in conf.sessions_sorted()]
    for w in conf.workshops.values():
        if not w.sessions:
            events += _item_events(ctx, w)
    for sp in conf.sponsors.values():
        events += _sponsor_events(ctx, sp)
    return ctx, conf.name, conf.tagline, events


def _session_parts(ctx: _Ctx, session_id: str) -> Parts:
    s = ctx.conf.sessions[session_id]
    return ctx, f"{s.title} – {ctx.conf.name}", "", [_session_event(ctx, s)]


def _workshop_parts(ctx: _Ctx, workshop_id: str) -> Parts:
    """The workshop's sessions and its own schedule items."""
    conf = ctx.conf
    w = conf.workshops[workshop_id]
    events = [_session_event(ctx, conf.sessions[sid]) for sid in w.sessions] + _item_events(ctx, w)
    return ctx, f"{w.title} – {conf.name}", "", events


def _paper_parts(ctx: _Ctx, paper_id: str) -> Parts:
    """One event per session the paper is presented in."""
    p = ctx.conf.papers[paper_id]
    return ctx, f"{p.title} – {ctx.conf.name}", "", _paper_events(ctx, p)


def track_slug(track: str) -> str:
    """A track's calendar file name: its words when they are short and Latin, else (a track
    named in another script, or a very long name) those words cut short and a hash of the name."""
    if not track:
        return ""
    slug = sched.slugify(track)
    if slug and len(slug) <= 48:
        return slug
    digest = hashlib.sha256(track.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug[:40].rstrip('-') or 'track'}-{digest}"


def tracks(conf: Conference) -> dict[str, str]:
    """The papers' tracks by slug (the name of their calendar file), sorted by slug."""
    out: dict[str, str] = {}
    for p in conf.papers.values():
        slug = track_slug(p.track)
        if slug and slug not in out:
            out[slug] = p.track
    return dict(sorted(out.items()))


def _track_sessions(conf: Conference, slug: str) -> list[Session]:
    return [s for s in conf.sessions_sorted()
            if any(track_slug(conf.papers[p].track) == slug for p in s.papers if p in conf.papers)]


def _track_parts(ctx: _Ctx, slug: str) -> Parts:
    """Every session presenting a paper of the track (``slug`` as in :func:`tracks`)."""
    conf = ctx.conf
    # the name as tracks() gives it (the first paper's spelling), reading only up to that paper
    name = next((p.track for p in conf.papers.values() if track_slug(p.track) == slug), slug)
    events = [_session_event(ctx, s) for s in _track_sessions(conf, slug)]
    return ctx, f"{name} – {conf.name}", "", events


def _day_sessions(conf: Conference, day: str) -> list[Session]:
    return next((ss for d, ss in sched.days(conf) if d.isoformat() == day), [])


def _day_parts(ctx: _Ctx, day: str) -> Parts:
    """The sessions of one conference-zone day (``YYYY-MM-DD``), as on ``days/<day>.html``."""
    events = [_session_event(ctx, s) for s in _day_sessions(ctx.conf, day)]
    return ctx, f"{sched.format_day(dt.date.fromisoformat(day))} – {ctx.conf.name}", "", events


_PARTS: dict[str, Callable[[_Ctx, str], Parts]] = {
    "conference": _conference_parts,
    "session": _session_parts,
    "workshop": _workshop_parts,
    "paper": _paper_parts,
    "track": _track_parts,
    "day": _day_parts,
}


def _parts(conf: Conference, kind: str, ident: str, base_url: str, shared: _Shared | None = None) -> Parts:
    if kind not in _PARTS:
        raise ValueError(f"unknown calendar kind {kind!r}; expected one of {', '.join(KINDS)}")
    return _PARTS[kind](replace(_ctx(conf, base_url), shared=shared), ident)


def calendar_for(conf: Conference, kind: str, ident: str = "", base_url: str = "") -> Calendar:
    """The calendar of ``kind`` (conference, session, workshop, paper, track, day) and id."""
    ctx, name, description, events = _parts(conf, kind, ident, base_url)
    cal = _calendar(ctx, name, description)
    for fields in events:
        cal.add_component(_make_event(ctx, fields))
    return cal


def conference_calendar(conf: Conference, base_url: str = "") -> Calendar:
    """Every session, the schedule items of workshops that have no session, and sponsors' events."""
    return calendar_for(conf, "conference", "", base_url)


def session_calendar(conf: Conference, session_id: str, base_url: str = "") -> Calendar:
    return calendar_for(conf, "session", session_id, base_url)


def workshop_calendar(conf: Conference, workshop_id: str, base_url: str = "") -> Calendar:
    """The workshop's sessions and its own schedule items."""
    return calendar_for(conf, "workshop", workshop_id, base_url)


def paper_calendar(conf: Conference, paper_id: str, base_url: str = "") -> Calendar:
    """One event per session the paper is presented in."""
    return calendar_for(conf, "paper", paper_id, base_url)


def track_calendar(conf: Conference, slug: str, base_url: str = "") -> Calendar:
    """Every session presenting a paper of the track (``slug`` as in :func:`tracks`)."""
    return calendar_for(conf, "track", slug, base_url)


def day_calendar(conf: Conference, day: str, base_url: str = "") -> Calendar:
    """The sessions of one conference-zone day (``YYYY-MM-DD``), as on ``days/<day>.html``."""
    return calendar_for(conf, "day", day, base_url)


def calendar_bytes(cal: Calendar) -> bytes:
    """The file's bytes: CRLF line ends, lines folded at 75 octets."""
    return cal.to_ical()


def calendar_path(kind: str, ident: str = "") -> str:
    """Where a calendar lives in the site: ``calendar.ics``, ``calendars/sessions/<id>.ics``…"""
    if kind == "conference":
        return "calendar.ics"
    if kind not in KINDS:
        raise ValueError(f"unknown calendar kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"calendars/{kind}s/{ident}.ics"


def has_calendar(conf: Conference, kind: str, ident: str = "") -> bool:
    """Whether :func:`write_calendars` writes that file (RFC 5545 forbids empty calendars)."""
    if kind == "session":
        return ident in conf.sessions
    if kind == "workshop":
        w = conf.workshops.get(ident)
        return w is not None and bool(w.sessions or w.schedule)
    if kind == "paper":
        p = conf.papers.get(ident)
        return p is not None and bool(p.sessions)
    if kind == "conference":
        return bool(conf.sessions) or any(w.schedule for w in conf.workshops.values())
    if kind == "track":
        return bool(_track_sessions(conf, ident))
    if kind == "day":
        return bool(_day_sessions(conf, ident))
    return False
