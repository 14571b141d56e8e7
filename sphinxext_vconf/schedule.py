"""Time in the conference zone, for pages that must read right without JavaScript.

Every time in the model is timezone-aware; here it is shown in one zone (the
conference's, unless told otherwise) with the zone's abbreviation *and* UTC offset,
because abbreviations are ambiguous (CST is China and Central America) and some zones
have none.  Names of days and months are English and fixed: ``strftime`` would follow
the build machine's locale and break byte-identical builds.

Also here, because the calendar and frab exports share them: stable identities
(:func:`conference_domain`, :func:`workshop_items`), absolute links back to the site
(:func:`absolute_base`, :func:`page_url`) and :func:`clean_text` for untrusted text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .model import Conference, ScheduleItem, Session, Workshop

__all__ = [
    "KIND_LABELS",
    "Zone",
    "tz",
    "localize",
    "iso",
    "utc_offset",
    "zone_label",
    "zone_summary",
    "format_date",
    "format_day",
    "format_time",
    "format_range",
    "format_duration",
    "duration_hhmm",
    "local_date",
    "group_by_day",
    "days",
    "conference_dates",
    "day_anchor",
    "session_track",
    "conference_domain",
    "slugify",
    "workshop_items",
    "absolute_base",
    "page_url",
    "resolve_url",
    "clean_text",
    "clean_line",
]

Zone = str | dt.tzinfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
UTC = dt.UTC
# What each session kind is called in calendars and schedule exports.
KIND_LABELS = {
    "invited": "Invited talk",
    "oral": "Orals",
    "poster": "Poster session",
    "workshop": "Workshop",
    "social": "Social",
    "break": "Break",
    "other": "Session",
}


class _Timed(Protocol):
    start: dt.datetime
    end: dt.datetime


T = TypeVar("T", bound=_Timed)


# --------------------------------------------------------------------------------------
# Zones and instants
# --------------------------------------------------------------------------------------


def tz(zone: Zone | None) -> dt.tzinfo:
    """A tzinfo for an IANA name (``""``/``None``: UTC) or a tzinfo as is."""
    if zone is None or zone == "":
        return UTC
    if isinstance(zone, str):
        return UTC if zone == "UTC" else ZoneInfo(zone)
    return zone


def localize(moment: dt.datetime, zone: Zone | None) -> dt.datetime:
    """The same instant on the wall clock of ``zone``."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: times must carry a zone")
    return moment.astimezone(tz(zone))


def iso(moment: dt.datetime, zone: Zone | None = None) -> str:
    """ISO 8601 with seconds and offset, e.g. ``2026-05-04T09:00:00+02:00``.

    In ``zone`` when given (pages pass the conference zone), else in the zone the
    datetime already carries.
    """
    local = localize(moment, zone) if zone else moment
    if local.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: times must carry a zone")
    return local.replace(microsecond=0).isoformat(timespec="seconds")


def utc_offset(moment: dt.datetime) -> str:
    """``UTC+02:00``, ``UTC+05:30``, ``UTC-08:00`` for an aware datetime."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: times must carry a zone")
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_label(moment: dt.datetime, zone: Zone | None = None) -> str:
    """``CEST (UTC+02:00)``; ``UTC+04:00`` where the zone has only a numeric name; ``UTC``."""
    local = localize(moment, zone) if zone else moment
    offset = utc_offset(local)
    abbr = local.tzname() or ""
    if abbr in ("UTC", "Z") and offset == "UTC+00:00":
        return "UTC"
    if not abbr or abbr[0] in "+-" or abbr.startswith(("UTC", "GMT+", "GMT-")):
        return offset
    return f"{abbr} ({offset})"


def zone_summary(conf: Conference) -> str:
    """The conference zone and the offsets it has during the conference.

    ``Europe/Berlin, CET (UTC+01:00) and CEST (UTC+02:00)`` when daylight saving starts
    or ends during the conference, else ``Europe/Berlin, CEST (UTC+02:00)``.
    """
    zone = tz(conf.timezone)
    labels: list[str] = []
    # The days of the conference, and of any session outside it.
    dates = set(conference_dates(conf))
    dates.update(local_date(s.start, zone) for s in conf.sessions.values())
    for date in sorted(dates):
        for hour in (0, 12):
            wall = dt.datetime.combine(date, dt.time(hour), tzinfo=zone)
            label = zone_label(wall.astimezone(UTC).astimezone(zone))
            if label not in labels:
                labels.append(label)
    return f"{conf.timezone}, {' and '.join(labels)}"


def local_date(moment: dt.datetime, zone: Zone | None) -> dt.date:
    return localize(moment, zone).date()


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------


def format_date(date: dt.date) -> str:
    """``Mon 4 May 2026`` (English, whatever the build machine's locale)."""
    return f"{WEEKDAYS[date.weekday()][:3]} {date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def format_day(date: dt.date) -> str:
    """``Monday 4 May 2026``: for day headings and page titles."""
    return f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def format_time(moment: dt.datetime, zone: Zone | None = None) -> str:
    """``09:00`` on the wall clock of ``zone`` (24-hour)."""
    local = localize(moment, zone) if zone else moment
    return f"{local.hour:02d}:{local.minute:02d}"


def format_range(start: dt.datetime, end: dt.datetime, zone: Zone | None) -> str:
    """A session's time for people, e.g. ``Mon 4 May 2026, 09:00–11:00 CEST (UTC+02:00)``.

    Across midnight both dates show (``…, 23:30 – Tue 5 May 2026, 01:00 CEST …``); an end at
    exactly midnight reads ``24:00`` on the start's date; when the offset changes during
    the session (daylight saving), each end has its own zone label.
    """
    s, e = localize(start, zone), localize(end, zone)
    s_label, e_label = zone_label(s), zone_label(e)
    head = f"{format_date(s.date())}, {format_time(s)}"
    if e == s:  # a marker (doors open): one instant
        return f"{head} {s_label}"
    next_midnight = e.date() == s.date() + dt.timedelta(days=1) and (e.hour, e.minute) == (0, 0)
    if e.date() == s.date() or next_midnight:
        end_time = "24:00" if next_midnight else format_time(e)
        if s_label == e_label:
            return f"{head}–{end_time} {s_label}"
        return f"{head} {s_label} – {end_time} {e_label}"
    tail = f"{format_date(e.date())}, {format_time(e)}"
    if s_label == e_label:
        return f"{head} – {tail} {s_label}"
    return f"{head} {s_label} – {tail} {e_label}"


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    # Subtraction of aware datetimes in different zones is elapsed time; within one
    # ZoneInfo it would be wall-clock time, wrong across a DST change: go through UTC.
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def format_duration(start: dt.datetime, end: dt.datetime) -> str:
    """Elapsed time: ``45 min``, ``2 h``, ``1 h 30 min`` (right across DST changes)."""
    hours, mins = divmod(max(_minutes(start, end), 0), 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


def duration_hhmm(start: dt.datetime, end: dt.datetime) -> str:
    """Elapsed time as ``HH:MM`` (frab's duration format)."""
    hours, mins = divmod(max(_minutes(start, end), 0), 60)
    return f"{hours:02d}:{mins:02d}"


# --------------------------------------------------------------------------------------
# Days
# --------------------------------------------------------------------------------------


def group_by_day(items: Iterable[T], zone: Zone | None) -> list[tuple[dt.date, list[T]]]:
    """Items grouped by the date they start on in ``zone``; dates and items by time.

    A session across midnight belongs to the day it starts on.  Items with equal times
    keep their input order.
    """
    z = tz(zone)
    by_date: dict[dt.date, list[T]] = {}
    for item in sorted(items, key=lambda i: (i.start.astimezone(UTC), i.end.astimezone(UTC))):
        by_date.setdefault(local_date(item.start, z), []).append(item)
    return sorted(by_date.items(), key=lambda kv: kv[0])


def days(conf: Conference) -> list[tuple[dt.date, list[Session]]]:
    """The sessions by conference-zone date (only dates with sessions), sorted."""
    return group_by_day(conf.sessions_sorted(), conf.timezone)


def conference_dates(conf: Conference) -> list[dt.date]:
    """Every date from ``start_date`` to ``end_date``, both included."""
    n = (conf.end_date - conf.start_date).days
    return [conf.start_date + dt.timedelta(days=i) for i in range(max(n, 0) + 1)]


def day_anchor(date: dt.date) -> str:
    """An HTML id for a day's heading: ``day-2026-05-04``."""
    return f"day-{date.isoformat()}"


def session_track(conf: Conference, session: Session) -> str:
    """The track of a session: the one most of its papers share (at least half), else ``""``.

    Real programmes (ACL's Q&A sessions) group papers by track without saying so on the
    session; the schedule's day view and filters use it where there are no rooms.
    """
    counts: dict[str, int] = {}
    for pid in session.papers:
        paper = conf.papers.get(pid)
        if paper is not None and paper.track:
            counts[paper.track] = counts.get(paper.track, 0) + 1
    if not counts:
        return ""
    track, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return track if 2 * n >= len(session.papers) else ""


# --------------------------------------------------------------------------------------
# Identities and links shared by the calendar and frab exports
# --------------------------------------------------------------------------------------


def slugify(text: str, sep: str = "-") -> str:
    """ASCII lower-case letters and digits joined by ``sep`` (``""`` if none are left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


def conference_domain(conf: Conference) -> str:
    """A stable domain-like name for calendar UIDs and frab GUIDs.

    ``<name-slug>.<host>`` when the site URL is known (``example-conf-2026.example.github.io``),
    else ``<name-slug>``: the same on every rebuild of the same data, and different for
    two conferences published on one host.
    """
    name = slugify(conf.name) or "conference"
    host = (urlsplit(conf.url).hostname or "") if conf.url else ""
    return f"{name}.{host}" if host else name


def workshop_items(workshop: Workshop) -> list[tuple[str, ScheduleItem]]:
    """A workshop's schedule items with stable keys ``<UTC start>`` (``-2``, ``-3`` on ties).

    Keys come from the time, not the position, so that adding an item does not renumber
    the others (calendar clients would see them as new events).
    """
    out: list[tuple[str, ScheduleItem]] = []
    seen: dict[str, int] = {}
    for item in workshop.schedule:
        stamp = item.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        seen[stamp] = seen.get(stamp, 0) + 1
        out.append((stamp if seen[stamp] == 1 else f"{stamp}-{seen[stamp]}", item))
    return out


def absolute_base(conf: Conference, base_url: str = "") -> str:
    """The site's absolute base URL with a trailing slash, or ``""`` when none is known."""
    base = (base_url or conf.url or "").strip()
    if not base.lower().startswith(("http://", "https://")) or re.search(r"[\s\x00-\x1f\x7f]", base):
        return ""
    return base if base.endswith("/") else base + "/"


def page_url(base: str, path: str) -> str:
    """``path`` (relative to the site root) under an absolute ``base``; ``""`` without one."""
    return urljoin(base, path.lstrip("/")) if base else ""


def resolve_url(base: str, url: str) -> str:
    """An http(s) URL as is; a site-relative path under ``base``; ``""`` if neither works."""
    if not url:
        return ""
    if url.lower().startswith(("http://", "https://")):
        return url
    return page_url(base, url)


# Not allowed in XML 1.0, nor in iCalendar TEXT (CTL): C0 controls but tab and newline,
# DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: object) -> str:
    """Untrusted text made safe to serialise: newlines normalised, control chars removed."""
    s = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _BAD_CHARS.sub("", s).strip()


def clean_line(text: object) -> str:
    """:func:`clean_text` on one line: titles, names, rooms (runs of whitespace -> a space)."""
    return " ".join(clean_text(text).split())
