"""frab schedule.xml / schedule.json: schema-valid, complete, right in time, stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinxext_vconf import frab, model
from sphinxext_vconf import schedule as sched

DATA = Path(__file__).parent / "roots" / "schedule-data"
SHARED = Path(__file__).parents[1].parent / "shared" / "data"
VOC = SHARED / "frab-schedules" / "voc-schedule-validator"
UTC = dt.UTC
BASE = "https://example.github.io/stc2026/"


@pytest.fixture(scope="module")
def conf() -> model.Conference:
    return model.load(DATA)


@pytest.fixture
def bare(conf: model.Conference) -> model.Conference:
    return dataclasses.replace(conf, url="")


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own output or the test data, not the web


def xml_events(data: bytes) -> list[tuple[ET.Element, ET.Element, ET.Element]]:
    """(day, room, event) for every event."""
    root = parse_xml(data)
    return [
        (day, room, ev)
        for day in root.findall("day")
        for room in day.findall("room")
        for ev in room.findall("event")
    ]


def json_events(data: dict) -> list[tuple[dict, str, dict]]:
    return [
        (day, room, ev)
        for day in data["schedule"]["conference"]["days"]
        for room, evs in day["rooms"].items()
        for ev in evs
    ]


# --------------------------------------------------------------------------------------
# Against the C3VOC schemas (skipped without ../shared/data)
# --------------------------------------------------------------------------------------

needs_schemas = pytest.mark.skipif(not VOC.is_dir(), reason="../shared/data (C3VOC schemas) absent")


@pytest.fixture(scope="module")
def xsd():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(VOC / "xsd" / "schedule.xml.xsd"))


@pytest.fixture(scope="module")
def json_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((VOC / "json" / "schema.json").read_text(encoding="utf-8"))
    # Every $ref in it is local ("#/definitions/..."): nothing is fetched.
    assert not [r for r in re.findall(r'"\$ref":\s*"([^"]+)"', json.dumps(schema)) if not r.startswith("#")]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@needs_schemas
@pytest.mark.parametrize("with_url", [True, False])
def test_xml_validates_against_the_xsd(xsd, conf: model.Conference, bare: model.Conference, with_url: bool) -> None:
    data = frab.schedule_xml(conf if with_url else bare)
    xsd.validate(data.decode("utf-8"))


@needs_schemas
@pytest.mark.parametrize("with_url", [True, False])
def test_json_validates_against_the_schema(
    json_validator, conf: model.Conference, bare: model.Conference, with_url: bool
) -> None:
    data = frab.schedule_json(conf if with_url else bare)
    errors = [f"{list(e.path)}: {e.message}" for e in json_validator.iter_errors(data)]
    assert errors == []


@needs_schemas
@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Etc/GMT+5", "America/Argentina/Buenos_Aires"])
def test_an_empty_conference_validates_in_any_zone(xsd, json_validator, zone: str) -> None:
    empty = model.Conference(name="Empty", timezone=zone, start_date=dt.date(2026, 5, 4),
                             end_date=dt.date(2026, 5, 5))
    xsd.validate(frab.schedule_xml(empty).decode("utf-8"))
    assert list(json_validator.iter_errors(frab.schedule_json(empty))) == []


@needs_schemas
def test_the_validator_is_not_a_rubber_stamp(xsd, json_validator, conf: model.Conference) -> None:
    invalid = json.loads((VOC / "json" / "examples" / "invalid-example.json").read_text(encoding="utf-8"))
    assert list(json_validator.iter_errors(invalid))
    broken = frab.schedule_xml(conf).replace(b"<duration>01:00</duration>", b"<duration>1h</duration>", 1)
    assert not xsd.is_valid(broken.decode("utf-8"))


@needs_schemas
def test_event_fields_match_real_frab_exports(conf: model.Conference) -> None:
    """Our events carry the fields real frab exports have (the ones clients read)."""
    real = parse_xml((SHARED / "frab-schedules" / "31c3_schedule.xml").read_bytes())
    real_tags = {child.tag for child in real.find("day/room/event")} - {"recording"}
    ours = {child.tag for _, _, ev in xml_events(frab.schedule_xml(conf)) for child in ev}
    assert real_tags <= ours
    camp = json.loads((VOC / "json" / "examples" / "frab-camp2019.json").read_text(encoding="utf-8"))
    (_, _, real_ev), *_ = json_events(camp)
    (_, _, our_ev), *_ = json_events(frab.schedule_json(conf))
    assert set(real_ev) - set(our_ev) <= {"logo", "recording_license", "do_not_record"}


# --------------------------------------------------------------------------------------
# Structure (always runs)
# --------------------------------------------------------------------------------------


def test_every_session_and_workshop_item_is_one_event(conf: model.Conference) -> None:
    events = xml_events(frab.schedule_xml(conf))
    titles = [ev.findtext("title") for _, _, ev in events]
    expected = [sched.clean_line(s.title) for s in conf.sessions.values()]
    expected += [i.title for w in conf.workshops.values() for i in w.schedule]
    assert sorted(titles) == sorted(expected)
    assert len(json_events(frab.schedule_json(conf))) == len(expected)


def test_event_times_are_the_model_instants_in_the_conference_zone(conf: model.Conference) -> None:
    data = frab.schedule_json(conf)
    by_url = {ev["url"]: (day, room, ev) for day, room, ev in json_events(data)}
    for s in conf.sessions.values():
        day, room, ev = by_url[f"{BASE}sessions/{s.id}.html"]
        date = dt.datetime.fromisoformat(ev["date"])
        assert date.astimezone(UTC) == s.start.astimezone(UTC)
        local = s.start.astimezone(sched.tz(conf.timezone))
        assert date.utcoffset() == local.utcoffset()
        assert ev["start"] == f"{local.hour:02d}:{local.minute:02d}"
        assert ev["duration"] == sched.duration_hhmm(s.start, s.end)
        assert day["date"] == local.date().isoformat()
        assert ev["room"] == room


@pytest.mark.parametrize(
    ("sid", "date", "duration"),
    [
        ("berlin-across-gap", "2026-03-29T01:00:00+01:00", "02:00"),
        ("berlin-after", "2026-03-29T09:00:00+02:00", "01:00"),
        ("la-across-gap", "2026-03-08T10:30:00+01:00", "01:00"),
        ("sydney-repeated", "2026-04-04T17:30:00+02:00", "02:30"),
        ("sydney-after", "2026-04-05T02:00:00+02:00", "01:00"),
        ("shanghai", "2026-03-30T14:00:00+02:00", "01:30"),
        ("kolkata", "2026-03-30T15:00:00+02:00", "01:15"),
        ("midnight", "2026-03-30T23:30:00+02:00", "01:30"),
    ],
)
def test_dst_and_odd_offsets(conf: model.Conference, sid: str, date: str, duration: str) -> None:
    events = {ev.findtext("url"): ev for _, _, ev in xml_events(frab.schedule_xml(conf))}
    ev = events[f"{BASE}sessions/{sid}.html"]
    assert ev.findtext("date") == date
    assert ev.findtext("start") == date[11:16]
    assert ev.findtext("duration") == duration


def test_session_across_midnight_stays_in_its_first_day(conf: model.Conference) -> None:
    for day, _, ev in xml_events(frab.schedule_xml(conf)):
        if ev.findtext("title") == "Late social":
            assert day.get("date") == "2026-03-30"
            # The day ends when its last event does: after midnight.
            assert day.get("end") == "2026-03-31T01:00:00+02:00"
            break
    else:
        pytest.fail("the session across midnight is missing")


def test_days_cover_the_conference(conf: model.Conference) -> None:
    data = frab.schedule_json(conf)
    c = data["schedule"]["conference"]
    days = c["days"]
    assert [d["index"] for d in days] == list(range(1, len(days) + 1))
    assert days[0]["date"] == "2026-03-07" and days[-1]["date"] == "2026-04-06"
    assert c["daysCount"] == len(days) == 31
    empty = next(d for d in days if d["date"] == "2026-04-02")
    assert (empty["day_start"], empty["day_end"], empty["rooms"]) == (
        "2026-04-02T00:00:00+02:00", "2026-04-03T00:00:00+02:00", {},
    )
    for d in days:
        assert dt.datetime.fromisoformat(d["day_start"]) <= dt.datetime.fromisoformat(d["day_end"])
    root = parse_xml(frab.schedule_xml(conf))
    assert root.findtext("conference/days") == "31"
    assert [d.get("date") for d in root.findall("day")] == [d["date"] for d in days]


def test_ids_guids_and_slugs_are_unique_and_well_formed(conf: model.Conference) -> None:
    events = [ev for _, _, ev in json_events(frab.schedule_json(conf))]
    guids = [ev["guid"] for ev in events]
    ids = [ev["id"] for ev in events]
    slugs = [ev["slug"] for ev in events]
    assert len(set(guids)) == len(set(ids)) == len(set(slugs)) == len(events)
    for ev in events:
        assert str(uuid.UUID(ev["guid"])) == ev["guid"]
        assert 0 < ev["id"] < 2**31
        assert re.fullmatch(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}", ev["slug"])
        assert re.fullmatch(r"[a-z0-9_-]+[a-z0-9]", ev["slug"])
        assert re.fullmatch(r"\d\d:\d\d", ev["duration"]) and re.fullmatch(r"\d\d:\d\d", ev["start"])


def test_guids_and_ids_survive_an_added_session(conf: model.Conference) -> None:
    before = {ev["url"]: (ev["guid"], ev["id"]) for _, _, ev in json_events(frab.schedule_json(conf))}
    more = dataclasses.replace(conf, sessions=dict(conf.sessions))
    more.sessions["new"] = dataclasses.replace(conf.sessions["kolkata"], id="new", title="New")
    after = {ev["url"]: (ev["guid"], ev["id"]) for _, _, ev in json_events(frab.schedule_json(more))}
    assert {k: v for k, v in after.items() if k in before} == before
    assert before[f"{BASE}sessions/la-before.html"][0] == str(
        uuid.uuid5(uuid.NAMESPACE_URL, "vconf://schedule-test-conf-2026.example.github.io/sessions/la-before")
    )


def test_byte_identical_across_runs(conf: model.Conference) -> None:
    again = model.load(DATA)
    assert frab.schedule_xml(conf) == frab.schedule_xml(again)
    assert frab.schedule_json_bytes(conf) == frab.schedule_json_bytes(again)
    assert json.loads(frab.schedule_json_bytes(conf)) == frab.schedule_json(conf)


def test_version_changes_with_the_schedule_and_agrees_between_formats(conf: model.Conference) -> None:
    version = frab.schedule_json(conf)["schedule"]["version"]
    assert parse_xml(frab.schedule_xml(conf)).findtext("version") == version
    moved = dataclasses.replace(conf, sessions=dict(conf.sessions))
    s = conf.sessions["kolkata"]
    moved.sessions["kolkata"] = dataclasses.replace(s, end=s.end + dt.timedelta(minutes=15))
    assert frab.schedule_json(moved)["schedule"]["version"] != version


def test_rooms(conf: model.Conference) -> None:
    data = frab.schedule_json(conf)
    rooms = {ev["url"].rsplit("/", 1)[1]: ev["room"] for _, _, ev in json_events(data)}
    assert rooms["la-before.html"] == "Hall A"  # its own room
    assert rooms["la-after.html"] == "Poster hall"  # none: the kind's virtual room
    assert rooms["kolkata.html"] == "Oral sessions"
    assert rooms["w2.html"] == "Workshop on the US change"  # workshop items: the workshop's room
    listed = [r["name"] for r in data["schedule"]["conference"]["rooms"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == {ev["room"] for _, _, ev in json_events(data)}


def test_overlapping_room_less_sessions_get_separate_rooms(conf: model.Conference) -> None:
    more = dataclasses.replace(conf, sessions=dict(conf.sessions))
    more.sessions["kolkata-2"] = dataclasses.replace(conf.sessions["kolkata"], id="kolkata-2")
    rooms = {ev["url"].rsplit("/", 1)[1]: ev["room"] for _, _, ev in json_events(frab.schedule_json(more))}
    assert {rooms["kolkata.html"], rooms["kolkata-2.html"]} == {"Oral sessions", "Oral sessions 2"}
    # A later, non-overlapping oral goes back to the first lane.
    assert rooms["sydney-after.html"] == "Oral sessions"


def test_persons_and_links(conf: model.Conference) -> None:
    data = frab.schedule_json(conf)
    events = {ev["url"]: ev for _, _, ev in json_events(data)}
    ev = events[f"{BASE}sessions/la-before.html"]
    assert [p["name"] for p in ev["persons"]] == ["Alan Turing", "Grace Hopper", "Emmy Noether"]
    assert all(p["public_name"] == p["name"] for p in ev["persons"])
    assert {lk["url"] for lk in ev["links"]} == {f"{BASE}papers/p1.html", f"{BASE}papers/p2.html"}
    assert "Chair: Grace Hopper" in ev["description"]
    keynote = events[f"{BASE}sessions/berlin-before.html"]
    assert [p["name"] for p in keynote["persons"]] == ["Ada Lovelace"]
    assert keynote["subtitle"] == "On the engine"
    assert keynote["type"] == "talk"
    talk = next(e for _, _, e in json_events(data) if e["title"] == "Talk on leap seconds")
    assert [p["name"] for p in talk["persons"]] == ["Ada Lovelace"]
    assert talk["track"] == "Workshop on Time"


def test_without_a_site_url(bare: model.Conference) -> None:
    root = parse_xml(frab.schedule_xml(bare))
    assert root.find("url") is None and root.find("conference/base_url") is None
    for _, _, ev in xml_events(frab.schedule_xml(bare)):
        assert ev.find("url") is None  # the XSD wants http(s) there
        # Links to our own pages need the site URL; external ones (a workshop website) stay.
        assert all(lk.get("href", "").startswith("https://example.org/") for lk in ev.find("links"))
    data = frab.schedule_json(bare)
    assert "base_url" not in data["schedule"]
    urls = {ev["url"] for _, _, ev in json_events(data)}
    assert "sessions/la-before.html" in urls  # required by the JSON schema: site-relative


def test_hostile_text_is_escaped(conf: model.Conference) -> None:
    data = frab.schedule_xml(conf)
    assert b"<script>" not in data and b"<x>" not in data
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    (ev,) = [ev for _, _, ev in xml_events(data) if ev.findtext("title", "").startswith("Evil")]
    assert ev.findtext("title") == (
        "Evil BEGIN:VEVENT UID:injected SUMMARY:pwned; a, b \\ c <script>alert(1)</script> &amp; end"
    )
    # The abstract is the description's Markdown as plain words: its tags go, as on the page.
    assert ev.findtext("abstract") == "END:VEVENT\nEND:VCALENDAR\n]]>"
    assert ev.findtext("room") == 'Room; 1, "A"'
    assert list(ev.find("persons")) == []
    text = frab.schedule_json_bytes(conf).decode("utf-8")
    assert "\x85" not in text and "\\u0001" not in text


def test_acronym_fits_both_schemas() -> None:
    def conf_named(name: str) -> model.Conference:
        return model.Conference(name=name, timezone="UTC", start_date=dt.date(2026, 1, 1),
                                end_date=dt.date(2026, 1, 1))

    for name, expected in [("Schedule Test Conf 2026", "schedule_test_conf_2026"), ("ML", "ml_conf"),
                           ("会议", "vconf"), ("ICLR 2020", "iclr_2020")]:
        acr = frab.acronym(conf_named(name))
        assert acr == expected
        assert re.fullmatch(r"[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?", acr)


def test_empty_conference_still_has_its_days() -> None:
    empty = model.Conference(name="Empty Conf", timezone="Asia/Kolkata", start_date=dt.date(2026, 5, 4),
                             end_date=dt.date(2026, 5, 5))
    root = parse_xml(frab.schedule_xml(empty))
    assert [(d.get("date"), d.get("start")) for d in root.findall("day")] == [
        ("2026-05-04", "2026-05-04T00:00:00+05:30"), ("2026-05-05", "2026-05-05T00:00:00+05:30"),
    ]
    assert frab.schedule_json(empty)["schedule"]["conference"]["daysCount"] == 2


# --------------------------------------------------------------------------------------
# A talks conference: markers, several speakers, each talk's own time, declared kinds
# --------------------------------------------------------------------------------------

TALKS = Path(__file__).parent / "roots" / "test-talks" / "data"


@needs_schemas
def test_talks_conference_validates_and_says_what_it_holds(xsd, json_validator) -> None:
    talks = model.load(TALKS)
    xml = frab.schedule_xml(talks, BASE)
    xsd.validate(xml.decode("utf-8"))
    data = frab.schedule_json(talks, BASE)
    json_validator.validate(data)
    events = {ev.get("guid"): ev for _, _, ev in xml_events(xml)}
    by_slug = {ev.findtext("title"): ev for ev in events.values()}
    doors = by_slug["Registration opens"]
    assert doors.findtext("duration") == "00:00" and doors.findtext("track") == "Announcement"
    keynote = by_slug["Opening keynote"]
    assert [p.text for p in keynote.find("persons")] == ["Ada Lovelace", "Grace Hopper"]
    assert keynote.findtext("track") == "Keynote"
    talks_1 = by_slug["Talks in Room 1"].findtext("description")
    assert "- 10:30 Packaging without tears (Ada Lovelace)" in talks_1
    assert "- 11:00 Fast dataframes (Grace Hopper)" in talks_1
    assert {ev["title"] for _, _, ev in json_events(data)} >= {"Registration opens", "Opening keynote"}
