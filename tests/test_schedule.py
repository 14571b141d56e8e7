"""Time display in the conference zone: ISO strings, readable ranges, days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sphinxext_vconf import model
from sphinxext_vconf import schedule as sched

DATA = Path(__file__).parent / "roots" / "schedule-data"
UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def conf() -> model.Conference:
    return model.load(DATA)


def at(zone: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


# --------------------------------------------------------------------------------------
# iso
# --------------------------------------------------------------------------------------


def test_iso_has_seconds_and_offset() -> None:
    assert sched.iso(at("Europe/Berlin", 2026, 5, 4, 9, 0)) == "2026-05-04T09:00:00+02:00"


def test_iso_converts_to_the_given_zone() -> None:
    kolkata = at("Asia/Kolkata", 2026, 3, 30, 18, 30)
    assert sched.iso(kolkata, "Europe/Berlin") == "2026-03-30T15:00:00+02:00"
    assert sched.iso(kolkata, BERLIN) == "2026-03-30T15:00:00+02:00"
    assert sched.iso(kolkata, "UTC") == "2026-03-30T13:00:00+00:00"
    assert sched.iso(kolkata) == "2026-03-30T18:30:00+05:30"


def test_iso_drops_microseconds() -> None:
    t = dt.datetime(2026, 5, 4, 7, 0, 0, 123456, tzinfo=UTC)
    assert sched.iso(t, "Europe/Berlin") == "2026-05-04T09:00:00+02:00"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        sched.iso(dt.datetime(2026, 5, 4, 9, 0), "Europe/Berlin")


def test_iso_of_every_fixture_session_is_in_the_conference_zone(conf: model.Conference) -> None:
    for s in conf.sessions.values():
        text = sched.iso(s.start, conf.timezone)
        parsed = dt.datetime.fromisoformat(text)
        # Through UTC: PEP 495 makes times in a repeated hour unequal to any other zone's.
        assert parsed.astimezone(UTC) == s.start.astimezone(UTC)
        assert parsed.utcoffset() == s.start.astimezone(BERLIN).utcoffset()


# --------------------------------------------------------------------------------------
# format_range and friends
# --------------------------------------------------------------------------------------


def test_format_range_same_day() -> None:
    start, end = at("Europe/Berlin", 2026, 5, 4, 9, 0), at("Europe/Berlin", 2026, 5, 4, 11, 0)
    assert sched.format_range(start, end, "Europe/Berlin") == (
        "Mon 4 May 2026, 09:00–11:00 CEST (UTC+02:00)"
    )


def test_format_range_across_midnight_shows_both_dates(conf: model.Conference) -> None:
    s = conf.sessions["midnight"]
    assert sched.format_range(s.start, s.end, conf.timezone) == (
        "Mon 30 Mar 2026, 23:30 – Tue 31 Mar 2026, 01:00 CEST (UTC+02:00)"
    )


def test_format_range_ending_at_midnight_reads_24_00() -> None:
    start, end = at("Europe/Berlin", 2026, 5, 4, 22, 0), at("Europe/Berlin", 2026, 5, 5, 0, 0)
    assert sched.format_range(start, end, "Europe/Berlin") == (
        "Mon 4 May 2026, 22:00–24:00 CEST (UTC+02:00)"
    )


def test_format_range_across_a_dst_change_labels_each_end(conf: model.Conference) -> None:
    s = conf.sessions["berlin-across-gap"]
    assert sched.format_range(s.start, s.end, conf.timezone) == (
        "Sun 29 Mar 2026, 01:00 CET (UTC+01:00) – 04:00 CEST (UTC+02:00)"
    )


def test_format_range_in_the_conference_zone_not_the_written_one(conf: model.Conference) -> None:
    s = conf.sessions["kolkata"]  # written as 18:30-19:45 in Asia/Kolkata
    assert sched.format_range(s.start, s.end, conf.timezone) == (
        "Mon 30 Mar 2026, 15:00–16:15 CEST (UTC+02:00)"
    )
    assert sched.format_range(s.start, s.end, "Asia/Kolkata") == (
        "Mon 30 Mar 2026, 18:30–19:45 IST (UTC+05:30)"
    )


def test_format_range_moves_the_date_with_the_zone(conf: model.Conference) -> None:
    s = conf.sessions["sydney-before"]  # Sat 4 Apr 10:00 AEDT = Fri 3 Apr 23:00 UTC
    assert sched.format_range(s.start, s.end, "UTC") == "Fri 3 Apr 2026, 23:00–24:00 UTC"
    assert sched.format_range(s.start, s.end, "America/Los_Angeles") == (
        "Fri 3 Apr 2026, 16:00–17:00 PDT (UTC-07:00)"
    )


@pytest.mark.parametrize(
    ("zone", "moment", "label"),
    [
        ("Europe/Berlin", (2026, 1, 10, 12), "CET (UTC+01:00)"),
        ("America/Los_Angeles", (2026, 3, 7, 12), "PST (UTC-08:00)"),
        ("America/Los_Angeles", (2026, 3, 8, 12), "PDT (UTC-07:00)"),
        ("Australia/Sydney", (2026, 4, 4, 12), "AEDT (UTC+11:00)"),
        ("Australia/Sydney", (2026, 4, 5, 12), "AEST (UTC+10:00)"),
        ("Asia/Shanghai", (2026, 3, 30, 12), "CST (UTC+08:00)"),
        ("Asia/Kolkata", (2026, 3, 30, 12), "IST (UTC+05:30)"),
        ("Asia/Kathmandu", (2026, 3, 30, 12), "UTC+05:45"),  # tzdata name is "+0545"
        ("Asia/Dubai", (2026, 3, 30, 12), "UTC+04:00"),
        ("Europe/London", (2026, 1, 10, 12), "GMT (UTC+00:00)"),
        ("UTC", (2026, 1, 10, 12), "UTC"),
    ],
)
def test_zone_label(zone: str, moment: tuple[int, ...], label: str) -> None:
    assert sched.zone_label(at(zone, *moment)) == label


def test_zone_summary_names_both_offsets_of_a_dst_change(conf: model.Conference) -> None:
    assert sched.zone_summary(conf) == "Europe/Berlin, CET (UTC+01:00) and CEST (UTC+02:00)"


@pytest.mark.parametrize(
    ("sid", "duration", "hhmm"),
    [
        ("berlin-across-gap", "2 h", "02:00"),  # 01:00-04:00 on the wall, one hour skipped
        ("la-across-gap", "1 h", "01:00"),  # 01:30-03:30 on the wall, one hour skipped
        ("sydney-repeated", "2 h 30 min", "02:30"),  # 02:30-04:00 on the wall, one hour repeated
        ("kolkata", "1 h 15 min", "01:15"),
        ("midnight", "1 h 30 min", "01:30"),
    ],
)
def test_durations_are_elapsed_time(conf: model.Conference, sid: str, duration: str, hhmm: str) -> None:
    s = conf.sessions[sid]
    assert sched.format_duration(s.start, s.end) == duration
    assert sched.duration_hhmm(s.start, s.end) == hhmm


def test_dates_are_english_whatever_the_locale() -> None:
    assert sched.format_date(dt.date(2026, 5, 4)) == "Mon 4 May 2026"
    assert sched.format_day(dt.date(2026, 5, 4)) == "Monday 4 May 2026"
    assert sched.day_anchor(dt.date(2026, 5, 4)) == "day-2026-05-04"


def test_format_time_is_24_hour_in_the_zone() -> None:
    t = at("America/Los_Angeles", 2026, 3, 8, 15, 5)
    assert sched.format_time(t) == "15:05"
    assert sched.format_time(t, "Asia/Kolkata") == "03:35"


# --------------------------------------------------------------------------------------
# days
# --------------------------------------------------------------------------------------


def test_days_group_by_conference_zone_date(conf: model.Conference) -> None:
    got = {d.isoformat(): [s.id for s in ss] for d, ss in sched.days(conf)}
    assert got == {
        "2026-03-07": ["la-before"],
        "2026-03-08": ["la-across-gap", "la-after"],
        "2026-03-28": ["berlin-before"],
        "2026-03-29": ["berlin-across-gap", "berlin-after"],
        "2026-03-30": ["shanghai", "kolkata", "midnight"],  # midnight runs into the 31st
        "2026-03-31": ["offset-given"],
        "2026-04-01": ["hostile"],
        # 10:00 AEDT on the 4th is 01:00 CEST on the 4th; 02:30 AEDT on the 5th is 17:30 on the 4th
        "2026-04-04": ["sydney-before", "sydney-repeated"],
        "2026-04-05": ["sydney-after"],
    }


def test_days_are_sorted_and_hold_every_session_once(conf: model.Conference) -> None:
    days = sched.days(conf)
    assert [d for d, _ in days] == sorted(d for d, _ in days)
    ids = [s.id for _, ss in days for s in ss]
    assert sorted(ids) == sorted(conf.sessions)
    for _, ss in days:
        starts = [s.start.astimezone(UTC) for s in ss]
        assert starts == sorted(starts)


def test_group_by_day_takes_workshop_items(conf: model.Conference) -> None:
    w = conf.workshops["w2"]  # 00:30 PST and 03:00 PDT on 8 Mar
    assert [(d.isoformat(), [i.title for i in items]) for d, items in sched.group_by_day(w.schedule, "UTC")] == [
        ("2026-03-08", ["Before the gap", "After the gap"])
    ]
    assert [d.isoformat() for d, _ in sched.group_by_day(w.schedule, "Asia/Kolkata")] == ["2026-03-08"]
    assert [i.start.astimezone(UTC).hour for i in w.schedule] == [8, 10]


def test_conference_dates_include_both_ends(conf: model.Conference) -> None:
    dates = sched.conference_dates(conf)
    assert dates[0] == dt.date(2026, 3, 7)
    assert dates[-1] == dt.date(2026, 4, 6)
    assert len(dates) == 31


# --------------------------------------------------------------------------------------
# Identities, links and text
# --------------------------------------------------------------------------------------


def test_conference_domain(conf: model.Conference) -> None:
    assert sched.conference_domain(conf) == "schedule-test-conf-2026.example.github.io"
    bare = model.Conference(name="Ünïcode Conf: 2026!", timezone="UTC",
                            start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 1, 1))
    assert sched.conference_domain(bare) == "unicode-conf-2026"


def test_workshop_item_keys_are_stable_and_unique(conf: model.Conference) -> None:
    keys = [k for k, _ in sched.workshop_items(conf.workshops["w1"])]
    assert keys == ["20260331T033000Z", "20260331T040000Z", "20260331T050000Z", "20260331T050000Z-2"]


def test_absolute_base(conf: model.Conference) -> None:
    assert sched.absolute_base(conf) == "https://example.github.io/stc2026/"
    assert sched.absolute_base(conf, "https://other.org/x") == "https://other.org/x/"
    bare = model.Conference(name="x", timezone="UTC", start_date=dt.date(2026, 1, 1),
                            end_date=dt.date(2026, 1, 1))
    assert sched.absolute_base(bare) == ""
    assert sched.absolute_base(bare, "site/") == ""
    assert sched.absolute_base(bare, "https://a.org/\nx") == ""
    assert sched.page_url("", "sessions/a.html") == ""
    assert sched.resolve_url("https://a.org/", "videos/v.mp4") == "https://a.org/videos/v.mp4"
    assert sched.resolve_url("", "https://v.org/1") == "https://v.org/1"


def test_clean_text_removes_what_xml_and_ics_forbid() -> None:
    assert sched.clean_text("a\r\nb\rc\x00\x01\x0b\x0c\x1b\x7f\x85\ufffe\ud800d\te") == "a\nb\ncd\te"
    assert sched.clean_line("  Evil\r\nBEGIN:VEVENT\n\tx  ") == "Evil BEGIN:VEVENT x"
    assert sched.clean_text(None) == ""
