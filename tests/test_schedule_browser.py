"""The schedule at real density, in Chromium: a generated programme of 600 sessions (up to
30 in parallel, rooms, every kind) and the real ACL 2020 import, at 1366x900 and 360x740.

What a reader would notice: no event box narrower than 60 px or shorter than a line, every
folded session reachable through its "+N more", the day view scrolling sideways inside the
calendar (never the page), and every list heading the reader's own date of each session
under it (New York, Kolkata, Auckland).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_schedule import generate  # noqa: E402

ZONES = ["America/New_York", "Asia/Kolkata", "Pacific/Auckland"]
SIZES = {"desktop": (1366, 900), "phone": (360, 740)}
MIN_W = 60

pytestmark = pytest.mark.slow


def build(src: Path, out: Path, *extra: str) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out.parent / "doctrees"),
           "-D", "vconf_embedding_model=tfidf", "-D", "vconf_map=0", "-D", "vconf_thumbnails=0",
           "-D", f"vconf_cache_dir={out.parent / 'cache'}", *extra, str(src), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("dense")
    generate(dest / "src", sessions=600)
    build(dest / "src", dest / "html")
    return dest / "html"


@pytest.fixture(scope="module")
def acl(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    from sphinxext_vconf.cli import main

    dest = tmp_path_factory.mktemp("acl2020")
    assert main(["import", "miniconf", str(shared_data / "acl2020-miniconf" / "sitedata"), str(dest / "src")]) == 0
    build(dest / "src", dest / "html")
    return dest / "html"


@pytest.fixture(scope="module")
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    from browser import serve

    root = request.getfixturevalue(request.param)
    with serve(root) as base:
        yield base, root


def open_schedule(browser, base: str, size: str, query: str):  # noqa: ANN001, ANN201
    from browser import PageWatch

    w, h = SIZES[size]
    page = browser.new_page(viewport={"width": w, "height": h})
    watch = PageWatch(page)
    page.goto(f"{base}schedule.html?{query}")
    page.evaluate("vconf.schedule.ready")
    return page, watch


BOXES = """() => [...document.querySelectorAll('#vconf-cal :is(.vconf-cal-event, .vconf-cal-more)')].map((b) => {
  const r = b.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(b.querySelector('.vconf-cal-time') || b).lineHeight);
  return {id: b.dataset.id || b.textContent, w: r.width, h: r.height, line};
})"""


def check_boxes(page, what: str) -> int:  # noqa: ANN001
    boxes = page.evaluate(BOXES)
    assert boxes, f"{what}: no event boxes"
    narrow = [b for b in boxes if b["w"] < MIN_W]
    short = [b for b in boxes if b["h"] < b["line"]]
    assert not narrow, f"{what}: {len(narrow)} boxes narrower than {MIN_W} px, e.g. {narrow[:3]}"
    assert not short, f"{what}: {len(short)} boxes shorter than a line, e.g. {short[:3]}"
    return len(boxes)


def check_more(page, what: str, limit: int = 4) -> int:  # noqa: ANN001
    """Each "+N more" (up to `limit`) opens a dialog listing the sessions it stands for."""
    buttons = page.locator("#vconf-cal .vconf-cal-more")
    n = buttons.count()
    for i in range(min(n, limit)):
        b = buttons.nth(i)
        ids = set(b.get_attribute("data-ids").split())
        assert len(ids) == int(b.get_attribute("data-count")), what
        b.scroll_into_view_if_needed()
        b.click()
        dialog = page.locator("dialog.vconf-schedule-more[open]")
        dialog.wait_for()
        listed = set(dialog.locator("li[data-id]").evaluate_all("(els) => els.map((e) => e.dataset.id)"))
        assert ids <= listed, f"{what}: {sorted(ids - listed)[:5]} not in the opened hour"
        links = dialog.locator("li[data-id] a")
        assert links.count() == len(listed) and links.first.is_visible()
        dialog.locator(".vconf-schedule-more-close").click()
        assert page.locator("dialog.vconf-schedule-more[open]").count() == 0
    return n


def no_page_scroll(page, what: str) -> None:  # noqa: ANN001
    over = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert over <= 1, f"{what}: the page scrolls sideways by {over} px"


def check_list(page, root: Path, zone: str, what: str) -> int:  # noqa: ANN001
    """Every heading's date is the reader-zone date of each session under it."""
    starts = {s["id"]: s["start"] for s in json.loads((root / "data/sessions.json").read_text(encoding="utf-8"))}
    sections = page.evaluate("""() => [...document.querySelectorAll('#vconf-schedule-list section.vconf-day')].map((s) => ({
      date: s.dataset.date, heading: s.querySelector('h2').textContent,
      ids: [...s.querySelectorAll('li[data-id]')].map((li) => li.dataset.id)}))""")
    assert sections, what
    seen = 0
    for sec in sections:
        date = dt.date.fromisoformat(sec["date"])
        assert str(date.day) in sec["heading"] and date.strftime("%B") in sec["heading"], (what, sec["heading"])
        for sid in sec["ids"]:
            local = dt.datetime.fromisoformat(starts[sid]).astimezone(ZoneInfo(zone)).date()
            assert local == date, f"{what}: {sid} starts on {local} in {zone}, listed under {sec['heading']}"
            seen += 1
    assert len([h["heading"] for h in sections]) == len({h["heading"] for h in sections}), f"{what}: a day twice"
    return seen


def shot(page, name: str) -> None:  # noqa: ANN001
    from browser import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"schedule-{name}.png"))


def check_site(browser, base: str, root: Path, name: str) -> None:  # noqa: ANN001
    n_sessions = len(json.loads((root / "data/sessions.json").read_text(encoding="utf-8")))
    for zone in ZONES:
        # desktop: the week, then each day; the list
        page, watch = open_schedule(browser, base, "desktop", f"tz={zone}&view=week")
        check_boxes(page, f"{name} week {zone}")
        folded = check_more(page, f"{name} week {zone}")
        if zone == ZONES[0]:
            assert folded, f"{name}: no '+N more' in a week this dense"
            shot(page, f"{name}-week-desktop")
        no_page_scroll(page, f"{name} week")
        days = page.evaluate("[...new Set(vconf.schedule.sessions.map((s) => vconf.parts(s.t0).dayKey))]")
        page.locator("[data-view=day]").click()
        for i, day in enumerate(page.locator(".vconf-schedule-days [role=tab]").evaluate_all(
                "(els) => els.map((e) => e.dataset.day)")):
            page.locator(f'.vconf-schedule-days [data-day="{day}"]').click()
            check_boxes(page, f"{name} day {day} {zone}")
            check_more(page, f"{name} day {day} {zone}", limit=1)
            no_page_scroll(page, f"{name} day {day}")
            if zone == ZONES[0] and i == 1:
                shot(page, f"{name}-day-desktop")
        assert set(days) <= set(page.locator(".vconf-schedule-days [role=tab]").evaluate_all(
            "(els) => els.map((e) => e.dataset.day)"))
        page.locator("[data-view=list]").click()
        assert check_list(page, root, zone, f"{name} list {zone}") == n_sessions
        assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
        page.close()

        # phone: the list first; the day view's rooms scroll inside the calendar
        page, watch = open_schedule(browser, base, "phone", f"tz={zone}")
        assert page.locator("#vconf-schedule").get_attribute("data-view") == "list"
        assert check_list(page, root, zone, f"{name} phone list {zone}") == n_sessions
        no_page_scroll(page, f"{name} phone list")
        page.locator("[data-view=day]").click()
        check_boxes(page, f"{name} phone day {zone}")
        check_more(page, f"{name} phone day {zone}", limit=1)
        no_page_scroll(page, f"{name} phone day")
        wide = page.evaluate("(() => { const c = document.getElementById('vconf-cal'); return c.scrollWidth - c.clientWidth; })()")
        if zone == ZONES[0]:
            assert wide > 0, "a phone shows a day's columns side by side, scrolling inside the calendar"
            page.locator("#vconf-cal").evaluate("(c) => { c.scrollLeft = 200; c.scrollIntoView(); }")
            shot(page, f"{name}-day-phone")
        assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
        page.close()


@pytest.mark.parametrize("served", ["dense"], indirect=True)
def test_dense_programme(browser, served: tuple[str, Path]) -> None:  # noqa: ANN001
    base, root = served
    sessions = json.loads((root / "data/sessions.json").read_text(encoding="utf-8"))
    assert len(sessions) >= 500 and {s["kind"] for s in sessions} >= {"invited", "oral", "poster", "workshop",
                                                                       "social", "break", "other"}
    check_site(browser, base, root, "dense")


@pytest.mark.parametrize("served", ["acl"], indirect=True)
def test_acl2020_import(browser, served: tuple[str, Path]) -> None:  # noqa: ANN001
    base, root = served
    check_site(browser, base, root, "acl2020")


def test_filters_starred_and_markers(browser, dense: Path) -> None:  # noqa: ANN001
    from browser import serve

    with serve(dense) as base:
        # a day page (the conference's day) heads its sessions with the reader's dates
        starts = {s["id"]: s["start"] for s in json.loads((dense / "data/sessions.json").read_text(encoding="utf-8"))}
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{base}days/2026-11-17.html?tz=America/New_York")
        page.evaluate("vconf.ready")
        assert page.locator("h1").count() == 1 and page.locator("h2", has_text="17 November 2026").count() == 0
        groups = page.evaluate("""() => [...document.querySelectorAll('h2.vconf-day-local')].map((h) => ({
          date: h.dataset.date, ids: [...h.nextElementSibling.querySelectorAll('li a')].map((a) => a.href.split('/').pop())}))""")
        assert [g["date"] for g in groups] == ["2026-11-16", "2026-11-17"]
        for g in groups:
            for href in g["ids"]:
                sid = href.removesuffix(".html")
                local = dt.datetime.fromisoformat(starts[sid]).astimezone(ZoneInfo("America/New_York")).date()
                assert local.isoformat() == g["date"], sid
        page.close()

        page, watch = open_schedule(browser, base, "desktop", "tz=Europe/Berlin&view=day&day=2026-11-17")
        # a zero-length event is a marker, one line tall, at its minute
        marker = page.locator('.vconf-cal-event.is-marker[data-id="d1-reg"]')
        assert marker.is_visible() and marker.bounding_box()["height"] >= 16
        assert "7:45" in marker.inner_text() and "–" not in marker.locator(".vconf-cal-time").inner_text()
        # starred only: a starred session, and the sessions of a starred paper
        page.evaluate("vconf.setBookmark('s:d1-key', true); vconf.setBookmark('p0003', true)")
        page.locator("#vconf-schedule-starred").check()
        shown = set(page.locator("#vconf-cal .vconf-cal-event").evaluate_all("(els) => els.map((e) => e.dataset.id)"))
        sessions = json.loads((dense / "data/sessions.json").read_text(encoding="utf-8"))
        want = {s["id"] for s in sessions if s["id"] == "d1-key" or "p0003" in s["papers"]}
        want = {i for i in want if i.startswith("d1-")}
        assert shown == want and want
        assert "starred=1" in page.url
        page.locator("#vconf-schedule-starred").uncheck()
        # a room: its column alone
        page.locator("#vconf-schedule-room").select_option("Room 3")
        cols = page.locator(".vconf-cal-day").evaluate_all("(els) => els.map((e) => e.dataset.column)")
        assert cols == ["Room 3"]
        page.reload()
        page.evaluate("vconf.schedule.ready")
        assert page.locator("#vconf-schedule-room").input_value() == "Room 3"
        assert not watch.errors, watch.errors
        page.close()


def test_declared_kinds_in_the_browser(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A talks conference's own kinds: their labels in the filters, their colours on the
    schedule and on session pages; a marker is one line at its minute."""
    from browser import serve

    shutil.copytree(REPO / "tests" / "roots" / "test-talks", tmp_path / "src")  # vconf writes pages beside the data
    build(tmp_path / "src", tmp_path / "html")
    with serve(tmp_path / "html") as base:
        page, watch = open_schedule(browser, base, "desktop", "tz=America/Chicago&view=day&day=2026-05-13")
        assert page.locator(".vconf-schedule-kinds label").all_inner_texts() == [
            "Talk", "Tutorial", "Keynote", "Break", "Announcement"]
        hue = "(e) => getComputedStyle(e).getPropertyValue('--vconf-hue').trim()"
        assert page.locator('.vconf-cal-event[data-id="talks-1"]').evaluate(hue) == "205"
        doors = page.locator('.vconf-cal-event[data-id="doors"]')
        assert doors.bounding_box()["height"] < 40 and " ".join(doors.inner_text().split()) == "8:00 AM Registration opens"
        check_boxes(page, "talks day")
        page.goto(f"{base}sessions/tut.html")
        page.evaluate("vconf.ready")
        assert page.locator(".vconf-session.vconf-kind-tutorial").evaluate(hue) == "120"
        assert not watch.errors, watch.errors
        page.close()
