"""The site's calendar files: every calendar of :mod:`.calendars`, written when what it
shows changed.

:func:`write_calendars` makes each session's event once per build (a session is in its own
calendar, its day's, its tracks' and the conference's) and keeps each event's bytes by the
digest of its values between builds: an edited title re-serializes the events that show it,
not the dozen calendars around them. The files are byte for byte what icalendar writes for
the whole calendar (``tests/test_calendars.py`` checks it).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import icalendar
from icalendar import Calendar, vText

from . import calendars as cals
from . import deps
from . import schedule as sched
from .calendars import (
    _calendar,
    _Ctx,
    _make_event,
    _parts,
    _Shared,
    calendar_path,
    has_calendar,
    tracks,
)
from .data import atomic_write
from .model import Conference

__all__ = ["write_calendars"]


_NAMED = "VCONF-CALENDAR-NAME"


@functools.lru_cache(maxsize=64)
def _head_lines(description: str) -> tuple[bytes, bytes]:
    """A calendar's own lines but for its name, around where the name's lines go: they are
    the same in thousands of files (icalendar folds each line a character at a time)."""
    lines = _calendar(None, _NAMED, description).to_ical().split(b"\r\n")  # type: ignore[arg-type]
    first = lines.index(b"NAME:" + _NAMED.encode())  # whole lines: a folded one starts with a space
    if lines[first + 1] != b"X-WR-CALNAME:" + _NAMED.encode():
        raise RuntimeError("icalendar no longer writes NAME and X-WR-CALNAME together")
    return b"\r\n".join(lines[:first]) + b"\r\n", b"\r\n".join(lines[first + 2:])


def _head(ctx: _Ctx, name: str, description: str) -> bytes:
    """``_calendar(ctx, name, description).to_ical()``, made from :func:`_head_lines`."""
    before, after = _head_lines(description)
    cal = Calendar()
    cal.add("name", vText(sched.clean_line(name)))
    cal.add("x-wr-calname", vText(sched.clean_line(name)))
    lines = cal.to_ical().split(b"\r\n")  # BEGIN, the two name lines (folded), END, ""
    begin, end = lines.index(b"BEGIN:VCALENDAR"), lines.index(b"END:VCALENDAR")
    return before + b"\r\n".join(lines[begin + 1:end]) + b"\r\n" + after


_END = b"END:VCALENDAR\r\n"


def _file_bytes(conf: Conference, kind: str, ident: str, base_url: str,
                events: dict[str, tuple[str, bytes]], shared: _Shared | None = None) -> bytes:
    """What ``calendar_bytes(calendar_for(...))`` gives, with each event serialized once.

    icalendar folds lines a character at a time, and a session is in up to a dozen files
    (the conference's, its day's, its tracks', its own): ``events`` keeps each event's bytes
    by UID with a digest of its values, across files and, through the cache, across builds.
    """
    ctx, name, description, fields = _parts(conf, kind, ident, base_url, shared)
    head = _head(ctx, name, description)
    body = []
    for f in fields:
        key = _digest(repr((ctx.stamp, f)))
        known = events.get(f[0])
        if known is None or known[0] != key:
            known = events[f[0]] = (key, _make_event(ctx, f).to_ical())
        body.append(known[1])
    # the calendar's own lines, its events, its end: as Component.to_ical orders them
    return head[: -len(_END)] + b"".join(body) + _END


def write_calendars(
    conf: Conference,
    outdir: Path,
    base_url: str = "",
    progress: Callable[[Iterable[tuple[str, str]]], Iterable[tuple[str, str]]] | None = None,
    cache: Path | None = None,
    data: Any = None,
) -> list[str]:
    """Write every calendar under ``outdir``; return the relative paths written, sorted.

    Files whose bytes did not change are left alone (their mtime too); ``.ics`` files of
    records that no longer exist are removed from ``calendars/``.  ``progress`` may wrap
    the iteration (Sphinx's ``status_iterator``).  ``cache`` names a file (outside the
    site, e.g. in the cache folder; one per output folder is kept beside it) remembering what each file was built from (the
    records and fields it read, noted by :mod:`deps`): a rebuild then skips the calendars
    whose inputs did not change (icalendar takes about a
    millisecond per calendar, seconds for thousands of papers). ``data``: the build's
    :class:`~.data.ConferenceData` of ``conf``, whose record digests the pages' checks
    computed already.
    """
    outdir = Path(outdir)
    todo = [("conference", "")]
    todo += [("session", sid) for sid in conf.sessions]
    todo += [("workshop", wid) for wid in conf.workshops]
    todo += [("paper", pid) for pid in conf.papers]
    todo += [("track", slug) for slug in tracks(conf)]
    todo += [("day", d.isoformat()) for d, _ in sched.days(conf)]
    todo = [(k, i) for k, i in todo if has_calendar(conf, k, i)]
    code = _code_fingerprint()
    if cache:
        # One cache per output folder: the live site and its archive build may share a cache
        # folder, and each must be checked against its own files.
        cache = Path(cache).with_name(f"{Path(cache).stem}-{_digest(str(outdir.resolve()))[:12]}.pickle")
    old, events, since = _read_cache(cache, code) if cache else ({}, {}, None)
    new: dict[str, list[Any]] = {}
    written: list[str] = []
    # Each calendar is made from a view of the data that notes what it reads (deps.py):
    # the next build skips it while all of that is unchanged, nothing listed by hand.
    holder = data if data is not None and data.conf is conf else SimpleNamespace(conf=conf)
    shared = _Shared(holder, {})
    for kind, ident in progress(todo) if progress else todo:
        rel = calendar_path(kind, ident)
        path = outdir / rel
        # Skipped only when what it read is the same AND the file is the one this cache saw
        # written (same size and modification time): never on the digests alone.
        entry = old.get(rel)
        if entry and entry[0] == base_url and entry[1] == _stat(path) \
                and deps.unchanged(holder, entry[2], since):
            new[rel] = entry
            written.append(rel)
            continue
        used: deps.Used = {}
        view = deps.watching(holder, used).conf
        atomic_write(path, _file_bytes(view, kind, ident, base_url, events, shared))
        new[rel] = [base_url, _stat(path), deps.compact(used)]
        written.append(rel)
    keep = set(written)
    for kind in ("session", "workshop", "paper", "track", "day"):
        folder = outdir / "calendars" / f"{kind}s"
        if folder.is_dir():
            for stale in folder.glob("*.ics"):
                if stale.relative_to(outdir).as_posix() not in keep:
                    stale.unlink()
    if cache:
        # a paper's own events are in its calendar alone: rebuilt only with it, not worth keeping
        kept = {uid: ev for uid, ev in events.items() if not uid.startswith("paper-")}
        payload = {"code": code, "files": new, "events": kept, "prints": deps.fingerprints(holder)}
        # pickle, not JSON: thousands of calendars' notes load and save in a fraction of the time
        atomic_write(Path(cache), pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    return sorted(written)


def _stat(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _code_fingerprint() -> str:
    """What else shapes the cache: this code, icalendar's, and :mod:`.deps`, whose notes
    (their form, their digests) the cache keeps for each file."""
    files = [__file__, cals.__file__, sched.__file__, deps.__file__]
    parts = [Path(f).read_bytes() for f in files] + [icalendar.__version__.encode()]  # type: ignore[arg-type]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _read_cache(cache: Path, code: str) -> tuple[dict[str, list[Any]], dict[str, tuple[str, bytes]],
                                                  deps.Prints | None]:
    """The files' notes, the events' bytes and the data's fingerprints of the last build, or nothing."""
    try:
        data = pickle.loads(Path(cache).read_bytes())  # noqa: S301 - our own cache file
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}, {}, None
    if not isinstance(data, dict) or data.get("code") != code or not isinstance(data.get("files"), dict) \
            or not isinstance(data.get("events"), dict) or not isinstance(data.get("prints"), dict):
        return {}, {}, None
    return data["files"], data["events"], data["prints"]
