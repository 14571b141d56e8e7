"""ICS calendars: valid, complete, right around DST changes, stable, injection-proof."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from sphinxext_vconf import calendar_files, calendars, deps, model
from sphinxext_vconf import schedule as sched

DATA = Path(__file__).parent / "roots" / "schedule-data"
UTC = dt.UTC
DOMAIN = "schedule-test-conf-2026.example.github.io"

# The instants the fixture's wall times mean, worked out by hand from the zones' rules.
EXPECTED_UTC = {
    # America/Los_Angeles: PST (-8) until Sun 8 Mar 2026 02:00, then PDT (-7).
    "la-before": ("2026-03-07T18:00", "2026-03-07T19:00"),
    "la-across-gap": ("2026-03-08T09:30", "2026-03-08T10:30"),  # 01:30 PST - 03:30 PDT
    "la-after": ("2026-03-08T17:00", "2026-03-08T18:00"),
    # Europe/Berlin: CET (+1) until Sun 29 Mar 2026 02:00, then CEST (+2).
    "berlin-before": ("2026-03-28T08:00", "2026-03-28T10:00"),
    "berlin-across-gap": ("2026-03-29T00:00", "2026-03-29T02:00"),  # 01:00 CET - 04:00 CEST
    "berlin-after": ("2026-03-29T07:00", "2026-03-29T08:00"),
    # Australia/Sydney: AEDT (+11) until Sun 5 Apr 2026 03:00, then AEST (+10).
    "sydney-before": ("2026-04-03T23:00", "2026-04-04T00:00"),
    "sydney-repeated": ("2026-04-04T15:30", "2026-04-04T18:00"),  # first 02:30 (AEDT) - 04:00 AEST
    "sydney-after": ("2026-04-05T00:00", "2026-04-05T01:00"),
    # No DST: Asia/Shanghai +8, Asia/Kolkata +5:30.
    "shanghai": ("2026-03-30T12:00", "2026-03-30T13:30"),
    "kolkata": ("2026-03-30T13:00", "2026-03-30T14:15"),
    "midnight": ("2026-03-30T21:30", "2026-03-30T23:00"),  # 23:30-01:00 CEST
    "offset-given": ("2026-03-31T04:30", "2026-03-31T05:30"),
    "hostile": ("2026-04-01T10:00", "2026-04-01T11:00"),
}


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def conf() -> model.Conference:
    return model.load(DATA)


@pytest.fixture
def bare(conf: model.Conference) -> model.Conference:
    """The same conference without a public URL."""
    return dataclasses.replace(conf, url="")


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events_by_uid(cal: Calendar) -> dict[str, object]:
    out = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        assert uid not in out, f"duplicate UID {uid}"
        out[uid] = ev
    return out


def span(ev) -> tuple[dt.datetime, dt.datetime]:
    return ev.decoded("DTSTART"), ev.decoded("DTEND")


# --------------------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------------------


def test_the_fixture_covers_every_session(conf: model.Conference) -> None:
    assert set(EXPECTED_UTC) == set(conf.sessions)


@pytest.mark.parametrize("sid", sorted(EXPECTED_UTC))
def test_utc_instants_around_dst_changes(conf: model.Conference, sid: str) -> None:
    cal = parse(calendars.calendar_bytes(calendars.session_calendar(conf, sid)))
    (ev,) = cal.walk("VEVENT")
    start, end = span(ev)
    assert start.utcoffset() == dt.timedelta(0) and end.utcoffset() == dt.timedelta(0)
    assert (start, end) == tuple(utc(t) for t in EXPECTED_UTC[sid])


def test_conference_calendar_holds_every_session_at_its_time(conf: model.Conference) -> None:
    cal = parse(calendars.calendar_bytes(calendars.conference_calendar(conf)))
    events = events_by_uid(cal)
    for s in conf.sessions.values():
        ev = events[f"session-{s.id}@{DOMAIN}"]
        assert span(ev) == (s.start.astimezone(UTC), s.end.astimezone(UTC))
        assert str(ev["SUMMARY"]) == sched.clean_line(s.title)


def test_conference_calendar_adds_items_of_workshops_without_sessions(conf: model.Conference) -> None:
    events = events_by_uid(parse(calendars.calendar_bytes(calendars.conference_calendar(conf))))
    items = {uid: ev for uid, ev in events.items() if uid.startswith("workshop-")}
    # w2 has no session: its two items (00:30 PST and 03:00 PDT on 8 Mar); w1 has one.
    assert sorted(items) == [
        f"workshop-w2-20260308T083000Z@{DOMAIN}",
        f"workshop-w2-20260308T100000Z@{DOMAIN}",
    ]
    assert span(items[f"workshop-w2-20260308T100000Z@{DOMAIN}"]) == (
        utc("2026-03-08T10:00"), utc("2026-03-08T11:00"),
    )
    assert len(events) == len(conf.sessions) + 2


def test_conference_calendar_adds_sponsor_events(conf: model.Conference) -> None:
    start = dt.datetime(2026, 3, 7, 12, 0, tzinfo=dt.UTC)
    booth = model.ScheduleItem(title="Hiring at ACME", start=start, end=start + dt.timedelta(minutes=30),
                               description="## Open roles\n- **ML** engineers")
    acme = model.Sponsor(id="acme", name="ACME", level="Gold", chat="https://chat.example/acme", schedule=[booth])
    events = events_by_uid(parse(calendars.calendar_bytes(
        calendars.conference_calendar(dataclasses.replace(conf, sponsors={"acme": acme})))))
    ev = events[f"sponsor-acme-20260307T120000Z@{DOMAIN}"]
    assert str(ev["SUMMARY"]) == "Hiring at ACME (ACME)"
    assert span(ev) == (utc("2026-03-07T12:00"), utc("2026-03-07T12:30"))
    assert str(ev["DESCRIPTION"]).startswith("Open roles\n\n- ML engineers\n\nSponsor: ACME (Gold)")
    assert str(ev["LOCATION"]) == "https://chat.example/acme"
    assert len(events) == len(conf.sessions) + 3  # the sessions, w2's two items, the sponsor's event


def test_workshop_calendar_has_its_sessions_and_items(conf: model.Conference) -> None:
    events = events_by_uid(parse(calendars.calendar_bytes(calendars.workshop_calendar(conf, "w1"))))
    assert sorted(events) == sorted([
        f"session-shanghai@{DOMAIN}",
        f"workshop-w1-20260331T033000Z@{DOMAIN}",
        f"workshop-w1-20260331T040000Z@{DOMAIN}",
        f"workshop-w1-20260331T050000Z@{DOMAIN}",
        f"workshop-w1-20260331T050000Z-2@{DOMAIN}",
    ])
    w = conf.workshops["w1"]
    for key, item in sched.workshop_items(w):
        ev = events[f"workshop-w1-{key}@{DOMAIN}"]
        assert span(ev) == (item.start.astimezone(UTC), item.end.astimezone(UTC))
        assert str(ev["SUMMARY"]) == f"{item.title} (Workshop on Time)"
    # Its items take the room of the workshop's session.
    assert str(events[f"workshop-w1-20260331T033000Z@{DOMAIN}"]["LOCATION"]) == "Room 3"


def test_paper_calendar_has_one_event_per_session(conf: model.Conference) -> None:
    events = events_by_uid(parse(calendars.calendar_bytes(calendars.paper_calendar(conf, "p1"))))
    assert sorted(events) == [
        f"paper-p1-session-la-before@{DOMAIN}",
        f"paper-p1-session-sydney-before@{DOMAIN}",
    ]
    ev = events[f"paper-p1-session-sydney-before@{DOMAIN}"]
    assert span(ev) == (utc("2026-04-03T23:00"), utc("2026-04-04T00:00"))
    assert str(ev["SUMMARY"]) == "Attention; commas, and semicolons (Posters before the Sydney change)"
    assert str(ev["URL"]) == "https://example.github.io/stc2026/papers/p1.html"


def test_session_uid_is_the_same_in_every_file(conf: model.Conference) -> None:
    uid = f"session-shanghai@{DOMAIN}"
    for cal in (
        calendars.conference_calendar(conf),
        calendars.session_calendar(conf, "shanghai"),
        calendars.workshop_calendar(conf, "w1"),
    ):
        assert uid in events_by_uid(parse(calendars.calendar_bytes(cal)))


# --------------------------------------------------------------------------------------
# RFC 5545 form
# --------------------------------------------------------------------------------------


def test_calendar_properties(conf: model.Conference) -> None:
    data = calendars.calendar_bytes(calendars.conference_calendar(conf))
    cal = parse(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == calendars.PRODID
    assert str(cal["X-WR-CALNAME"]) == "Schedule Test Conf 2026"
    for ev in cal.walk("VEVENT"):
        # Derived from the data (first conference day), never the build time.
        assert ev.decoded("DTSTAMP") == dt.datetime(2026, 3, 7, tzinfo=UTC)
        for prop in ("UID", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in ev


def test_lines_are_crlf_and_folded_at_75_octets(conf: model.Conference) -> None:
    data = calendars.calendar_bytes(calendars.conference_calendar(conf))
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)


def test_links_back_to_the_site_are_absolute(conf: model.Conference) -> None:
    (ev,) = parse(calendars.calendar_bytes(calendars.session_calendar(conf, "la-before"))).walk("VEVENT")
    url = "https://example.github.io/stc2026/sessions/la-before.html"
    assert str(ev["URL"]) == url
    description = str(ev["DESCRIPTION"])
    assert url in description
    assert "Chair: Grace Hopper" in description
    assert "- Attention; commas, and semicolons (Alan Turing, Grace Hopper)" in description
    assert str(ev["LOCATION"]) == "Hall A"


def test_base_url_overrides_conf_url(conf: model.Conference) -> None:
    cal = calendars.session_calendar(conf, "la-before", "https://mirror.example.org/c")
    (ev,) = parse(calendars.calendar_bytes(cal)).walk("VEVENT")
    assert str(ev["URL"]) == "https://mirror.example.org/c/sessions/la-before.html"
    # UIDs do not follow the mirror: the events are the same.
    assert str(ev["UID"]) == f"session-la-before@{DOMAIN}"


def test_without_a_site_url_no_relative_links(bare: model.Conference) -> None:
    data = calendars.calendar_bytes(calendars.conference_calendar(bare))
    cal = parse(data)
    for ev in cal.walk("VEVENT"):
        assert "URL" not in ev
        assert "sessions/" not in str(ev.get("DESCRIPTION", ""))
        assert str(ev["UID"]).endswith("@schedule-test-conf-2026")
    assert b"http" not in data


# --------------------------------------------------------------------------------------
# Untrusted text
# --------------------------------------------------------------------------------------


def test_hostile_title_cannot_inject(conf: model.Conference) -> None:
    data = calendars.calendar_bytes(calendars.session_calendar(conf, "hostile"))
    text = data.decode("utf-8")
    # Unfold, then look at what starts a content line.
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in unfolded if line]
    assert names.count("BEGIN") == 2 and names.count("END") == 2  # VCALENDAR, VEVENT
    assert names.count("UID") == 1 and names.count("SUMMARY") == 1
    assert not any(line.startswith(("UID:injected", "SUMMARY:pwned", "END:VCALENDAR\\n")) for line in unfolded)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)

    cal = parse(data)
    (ev,) = cal.walk("VEVENT")
    assert str(ev["UID"]) == f"session-hostile@{DOMAIN}"
    assert str(ev["SUMMARY"]) == (
        "Evil BEGIN:VEVENT UID:injected SUMMARY:pwned; a, b \\ c "
        "<script>alert(1)</script> &amp; end"
    )
    assert str(ev["LOCATION"]) == 'Room; 1, "A"'
    # The description is Markdown: its words, without the tags (as on the page), line by line.
    assert str(ev["DESCRIPTION"]).startswith("END:VEVENT\nEND:VCALENDAR\n]]>\n\nSession page:")
    assert str(cal["X-WR-CALNAME"]).startswith("Evil BEGIN:VEVENT UID:injected")


def test_hostile_conference_name_in_x_properties(conf: model.Conference) -> None:
    evil = dataclasses.replace(conf, name="Conf\nBEGIN:VEVENT\nUID:x", tagline="a\r\nEND:VCALENDAR")
    data = calendars.calendar_bytes(calendars.conference_calendar(evil))
    lines = re.sub(r"\r\n[ \t]", "", data.decode()).split("\r\n")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(conf.sessions) + 2
    assert sum(line == "END:VCALENDAR" for line in lines) == 1
    cal = parse(data)
    assert str(cal["X-WR-CALNAME"]) == "Conf BEGIN:VEVENT UID:x"
    # icalendar reads X- properties back verbatim: the escaped newline is what was written.
    assert "X-WR-CALDESC:a\\nEND:VCALENDAR" in lines


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def test_write_calendars_writes_every_file(conf: model.Conference, tmp_path: Path) -> None:
    written = calendar_files.write_calendars(conf, tmp_path)
    assert written == sorted(written)
    expected = {"calendar.ics"}
    expected |= {f"calendars/sessions/{sid}.ics" for sid in conf.sessions}
    expected |= {"calendars/workshops/w1.ics", "calendars/workshops/w2.ics"}  # w3: no times
    expected |= {"calendars/papers/p1.ics", "calendars/papers/p2.ics", "calendars/papers/p3.ics"}
    expected |= {f"calendars/tracks/{t}.ics" for t in ("machine-learning", "systems", "theory")}  # p4: no track
    expected |= {f"calendars/days/{d.isoformat()}.ics" for d, _ in sched.days(conf)}
    assert set(written) == expected
    on_disk = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert on_disk == expected
    for rel in written:
        cal = parse((tmp_path / rel).read_bytes())
        assert cal.walk("VEVENT"), rel  # RFC 5545: a calendar holds at least one component
        assert (tmp_path / rel).stat().st_mode & 0o644 == 0o644
    assert not calendars.has_calendar(conf, "paper", "p4")
    assert not calendars.has_calendar(conf, "workshop", "w3")
    assert calendars.calendar_path("session", "x") == "calendars/sessions/x.ics"


def test_every_file_round_trips_to_the_model(conf: model.Conference, tmp_path: Path) -> None:
    calendar_files.write_calendars(conf, tmp_path)
    sessions_by_uid = {f"session-{s.id}@{DOMAIN}": s for s in conf.sessions.values()}
    for path in tmp_path.rglob("*.ics"):
        for uid, ev in events_by_uid(parse(path.read_bytes())).items():
            if uid in sessions_by_uid:
                s = sessions_by_uid[uid]
                assert span(ev) == (s.start.astimezone(UTC), s.end.astimezone(UTC)), path
            elif uid.startswith("paper-"):
                sid = uid.split("-session-", 1)[1].split("@", 1)[0]
                s = conf.sessions[sid]
                assert span(ev) == (s.start.astimezone(UTC), s.end.astimezone(UTC)), path


def test_byte_identical_across_runs(conf: model.Conference, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    calendar_files.write_calendars(conf, a)
    calendar_files.write_calendars(model.load(DATA), b)  # a fresh load, as a rebuild would
    files = sorted(p.relative_to(a) for p in a.rglob("*.ics"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.ics"))
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_rewrite_keeps_unchanged_files_and_drops_stale_ones(conf: model.Conference, tmp_path: Path) -> None:
    calendar_files.write_calendars(conf, tmp_path)
    kept = tmp_path / "calendars/sessions/la-before.ics"
    os.utime(kept, (1_000_000, 1_000_000))
    stale = tmp_path / "calendars/sessions/removed-session.ics"
    stale.write_bytes(b"old")
    calendar_files.write_calendars(conf, tmp_path)
    assert kept.stat().st_mtime == 1_000_000
    assert not stale.exists()


def test_progress_wrapper_sees_every_file(conf: model.Conference, tmp_path: Path) -> None:
    seen = []

    def progress(items):
        for item in items:
            seen.append(item)
            yield item

    written = calendar_files.write_calendars(conf, tmp_path, progress=progress)
    assert len(seen) == len(written)


def test_unknown_kind_is_a_clear_error(conf: model.Conference) -> None:
    with pytest.raises(ValueError, match="unknown calendar kind 'talk'"):
        calendars.calendar_for(conf, "talk", "x")


def test_cache_skips_unchanged_and_rebuilds_what_an_edit_touches(conf: model.Conference, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache" / "calendars.json"
    first = calendar_files.write_calendars(conf, out, cache=cache)
    assert list(cache.parent.glob("calendars-*.pickle"))
    # Edit one session: its calendar, the conference's and its papers' must follow.
    edited = dataclasses.replace(conf, sessions=dict(conf.sessions))
    s = conf.sessions["la-before"]
    edited.sessions["la-before"] = dataclasses.replace(s, title="Renamed", end=s.end + dt.timedelta(minutes=30))
    (out / "calendars/sessions/kolkata.ics").unlink()  # a lost output file comes back
    assert calendar_files.write_calendars(edited, out, cache=cache) == first
    fresh = tmp_path / "fresh"
    calendar_files.write_calendars(edited, fresh)
    for rel in first:
        assert (out / rel).read_bytes() == (fresh / rel).read_bytes(), rel
    (ev,) = parse((out / "calendars/papers/p2.ics").read_bytes()).walk("VEVENT")[:1]
    assert str(ev["SUMMARY"]) == "Graphs (Renamed)"
    # A second edit, of a paper this time: checked against what the first edit's build kept
    # (the records' fingerprints, each session's event bytes), the same files as a fresh build.
    again = dataclasses.replace(edited, papers=dict(edited.papers))
    again.papers["p2"] = dataclasses.replace(edited.papers["p2"], title="Graphs, again")
    calendar_files.write_calendars(again, out, cache=cache)
    fresh = tmp_path / "fresh2"
    assert calendar_files.write_calendars(again, fresh) == first
    for rel in first:
        assert (out / rel).read_bytes() == (fresh / rel).read_bytes(), rel
    listed = [str(e.get("DESCRIPTION", "")) for e in parse((out / "calendar.ics").read_bytes()).walk("VEVENT")]
    assert any("Graphs, again" in d for d in listed) and not any("- Graphs (" in d for d in listed)


def test_files_splice_each_event_once_into_the_same_bytes(conf: model.Conference) -> None:
    """write_calendars serializes each event once and splices it into every file that holds
    it: byte for byte what icalendar gives for the whole calendar."""
    events: dict = {}
    todo = [("conference", ""), *(("session", s) for s in conf.sessions), *(("workshop", w) for w in conf.workshops),
            *(("paper", p) for p in conf.papers), *(("track", t) for t in calendars.tracks(conf))]
    todo = [(k, i) for k, i in todo if calendars.has_calendar(conf, k, i)]
    assert len(todo) > 20
    evil = dataclasses.replace(conf, name="Conf\r\nEND:VCALENDAR\r\nNAME:x;,\\ " * 6,
                               tagline="NAME:VCONF-CALENDAR-NAME\n" * 9)
    for c in (conf, evil):
        for base in ("", "https://mirror.example.org/c/"):
            for kind, ident in todo:
                whole = calendars.calendar_bytes(calendars.calendar_for(c, kind, ident, base))
                assert calendar_files._file_bytes(c, kind, ident, base, events) == whole, (kind, ident)
    assert any(uid.startswith("session-") for uid in events)


def test_a_corrupt_cache_is_ignored(conf: model.Conference, tmp_path: Path) -> None:
    cache = tmp_path / "calendars.json"
    cache.write_text("{not json")
    written = calendar_files.write_calendars(conf, tmp_path / "site", cache=cache)
    assert all((tmp_path / "site" / rel).is_file() for rel in written)


def test_two_sites_sharing_a_cache_each_get_the_moved_session(conf: model.Conference, tmp_path: Path) -> None:
    """The live site and its archive build (-D vconf_archive=1) share the default cache."""
    cache = tmp_path / "cache" / "calendars.json"
    live, archive = tmp_path / "html", tmp_path / "archive"
    for out in (live, archive):
        calendar_files.write_calendars(conf, out, cache=cache)
    moved = dataclasses.replace(conf, sessions=dict(conf.sessions))
    s = conf.sessions["la-before"]
    later = dt.timedelta(hours=5)
    moved.sessions["la-before"] = dataclasses.replace(s, start=s.start + later, end=s.end + later)
    for out in (live, archive):
        calendar_files.write_calendars(moved, out, cache=cache)
    want = (s.start + later).astimezone(dt.UTC)
    for out in (live, archive):
        (ev,) = parse((out / "calendars/sessions/la-before.ics").read_bytes()).walk("VEVENT")
        assert ev.decoded("DTSTART") == want, out


def test_a_calendar_replaced_behind_the_cache_is_rewritten(conf: model.Conference, tmp_path: Path) -> None:
    cache, out = tmp_path / "calendars.json", tmp_path / "site"
    calendar_files.write_calendars(conf, out, cache=cache)
    path = out / "calendars/sessions/la-before.ics"
    good = path.read_bytes()
    path.write_bytes(good.replace(b"SUMMARY", b"X-OLD"))  # a copy from elsewhere, an older deploy
    calendar_files.write_calendars(conf, out, cache=cache)
    assert path.read_bytes() == good


def test_a_cache_of_another_form_of_notes_is_not_trusted(conf: model.Conference, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keeps each file's deps notes: after an upgrade that changes their form, the
    old cache is dropped, not read as notes (the upgrade from dict-form notes crashed)."""
    cache, out = tmp_path / "calendars.json", tmp_path / "site"
    calendar_files.write_calendars(conf, out, cache=cache)
    (kept,) = tmp_path.glob("calendars-*.pickle")
    payload = pickle.loads(kept.read_bytes())  # noqa: S301 - written by the line above
    # the notes as the last version kept them: {(kind, field): (ids, hex digest)}
    payload["files"] = {rel: [base, stat, {("session", "title"): (("la-before",), "0" * 24)}]
                        for rel, (base, stat, _notes) in payload["files"].items()}
    kept.write_bytes(pickle.dumps(payload))
    monkeypatch.setattr(deps, "__file__", str(tmp_path / "deps-of-the-last-version.py"))
    (tmp_path / "deps-of-the-last-version.py").write_text("# notes of another form\n")
    good = (out / "calendars/sessions/la-before.ics").read_bytes()
    calendar_files.write_calendars(conf, out, cache=cache)
    assert (out / "calendars/sessions/la-before.ics").read_bytes() == good


def test_track_and_day_calendars(conf: model.Conference) -> None:
    assert calendars.tracks(conf) == {"machine-learning": "Machine Learning", "systems": "Systems", "theory": "Theory"}
    uids = {str(e["UID"]).split("@")[0] for e in calendars.calendar_for(conf, "track", "theory").walk("VEVENT")}
    assert uids == {"session-la-before", "session-la-after"}  # the sessions presenting p2
    for date, sessions in sched.days(conf):
        cal = calendars.calendar_for(conf, "day", date.isoformat())
        assert {str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")} == {f"session-{s.id}" for s in sessions}
    assert calendars.calendar_path("track", "theory") == "calendars/tracks/theory.ics"
    assert calendars.calendar_path("day", "2026-03-07") == "calendars/days/2026-03-07.ics"
    assert not calendars.has_calendar(conf, "day", "2030-01-01")
    assert not calendars.has_calendar(conf, "track", "no-such-track")


def test_track_calendar_names_stay_short_and_exist_for_any_script() -> None:
    long = "Very " * 60 + "Long Track"
    assert len(calendars.track_slug(long)) <= 51 and calendars.track_slug(long) != calendars.track_slug(long + "!")
    assert calendars.track_slug("机器学习").startswith("track-")
    assert calendars.track_slug("Computer Vision") == "computer-vision"


# --------------------------------------------------------------------------------------
# A talks conference: markers, several speakers, each talk's own time, declared kinds
# --------------------------------------------------------------------------------------

TALKS = Path(__file__).parent / "roots" / "test-talks" / "data"


def rfc5545_problems(data: bytes) -> list[str]:
    """What RFC 5545 forbids that a lenient parser lets through (our own check)."""
    out = []
    if not data.endswith(b"\r\n") or re.search(rb"(?<!\r)\n", data):
        out.append("lines must end in CRLF")
    out += [f"line over 75 octets: {line[:30]!r}" for line in data.split(b"\r\n") if len(line) > 75]
    for ev in parse(data).walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART"):
            if prop not in ev:
                out.append(f"{ev.get('UID')}: no {prop}")
        if "DTEND" in ev and ev.decoded("DTEND") <= ev.decoded("DTSTART"):
            out.append(f"{ev['UID']}: DTEND not after DTSTART")
        if "DTEND" in ev and "DURATION" in ev:
            out.append(f"{ev['UID']}: both DTEND and DURATION")
    return out


def test_talks_conference_calendars() -> None:
    talks = model.load(TALKS)
    data = calendars.calendar_bytes(calendars.conference_calendar(talks))
    assert rfc5545_problems(data) == []
    evs = events_by_uid(parse(data))
    domain = sched.conference_domain(talks)
    doors = evs[f"session-doors@{domain}"]
    assert "DTEND" not in doors and doors.decoded("DTSTART") == talks.sessions["doors"].start
    assert [str(c) for c in doors["CATEGORIES"].cats] == ["Announcement"]  # the declared label
    keynote = str(evs[f"session-keynote@{domain}"]["DESCRIPTION"])
    assert "Speaker: Ada Lovelace (Analytical Engines)" in keynote and "Speaker: Grace Hopper" in keynote
    talks_1 = str(evs[f"session-talks-1@{domain}"]["DESCRIPTION"])
    assert "- 10:30 Packaging without tears" in talks_1 and "- 11:30 Typing at scale" in talks_1
    # a talk's own calendar is its slot, not the whole session
    paper = calendars.calendar_bytes(calendars.paper_calendar(talks, "t2"))
    assert rfc5545_problems(paper) == []
    (ev,) = parse(paper).walk("VEVENT")
    chicago = ZoneInfo("America/Chicago")
    assert ev.decoded("DTSTART").astimezone(chicago).strftime("%H:%M") == "11:00"
    assert ev.decoded("DTEND").astimezone(chicago).strftime("%H:%M") == "11:30"
