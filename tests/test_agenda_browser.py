"""My agenda in a real browser (Debian's Chromium via Playwright) on the sample site under a sub-path.

A reader stars papers and a session on their pages and finds them on agenda.html in their
zone, overlaps flagged; downloads the agenda as ICS (parsed with icalendar, the site's UIDs);
shares it as a link another browser opens; reads the site offline; gets papers for them.
Screenshots: _build/test-artifacts/screenshots/agenda-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from browser import ARTIFACTS, AXE, PageWatch

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
WAKE = (8 * 60, 22 * 60)


def _sessions(site_dir: Path) -> dict[str, dict]:
    return {s["id"]: s for s in json.loads((site_dir / "data" / "sessions.json").read_text())}


def _papers(site_dir: Path) -> dict[str, dict]:
    g = json.loads((site_dir / "data" / "gallery.json").read_text())
    return {r[0]: dict(zip(g["fields"], r, strict=True)) for r in g["rows"]}


def _t(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def _awake(s: dict, zone: ZoneInfo) -> bool:
    a, b = _t(s["start"]).astimezone(zone), _t(s["end"]).astimezone(zone)
    return a.hour * 60 + a.minute >= WAKE[0] and a.date() == b.date() and b.hour * 60 + b.minute <= WAKE[1]


def _slot(paper: dict, sessions: dict[str, dict], zone: ZoneInfo) -> dict:
    """The slot the agenda shows first: the earliest in the reader's waking hours, else the earliest."""
    slots = sorted((sessions[i] for i in paper["sessions"]), key=lambda s: _t(s["start"]))
    return next((s for s in slots if _awake(s, zone)), slots[0])


def _overlap(a: dict, b: dict) -> bool:
    return _t(a["start"]) < _t(b["end"]) and _t(b["start"]) < _t(a["end"])


def _star(page, url: str, selector: str) -> None:  # noqa: ANN001
    page.goto(url)
    button = page.locator(f"{selector} .vconf-star").first
    button.click()
    sync_api.expect(button).to_have_attribute("aria-pressed", "true")


def _context(browser, **kw):  # noqa: ANN001, ANN202
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900}, accept_downloads=True, **kw)
    page = ctx.new_page()
    return ctx, page, PageWatch(page)


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Shanghai"])
def test_starred_papers_and_session_on_the_agenda_in_the_readers_zone(
        browser, site: str, sample_site: Path, zone: str, tmp_path: Path) -> None:  # noqa: ANN001
    sessions, papers = _sessions(sample_site), _papers(sample_site)
    tz = ZoneInfo(zone)
    # A: a paper also presented in oral-2, which overlaps the workshop session we star;
    # B: a paper whose slot overlaps neither.
    workshop_session = sessions["ws-gfm-afternoon"]
    a = next(p for p in papers.values() if "oral-2" in p["sessions"])
    b = next(p for p in papers.values() if p["id"] != a["id"]
             and not _overlap(_slot(p, sessions, tz), workshop_session)
             and not any(_overlap(_slot(p, sessions, tz), sessions[s]) for s in a["sessions"]))
    ctx, page, watch = _context(browser, timezone_id=zone)
    try:
        _star(page, site + a["url"], "article.vconf-paper")
        _star(page, site + b["url"], "article.vconf-paper")
        _star(page, site + workshop_session["url"], ".vconf-session")
        page.goto(site + "agenda.html")
        page.wait_for_selector("#vconf-agenda.vconf-agenda-ready")
        items = page.locator(".vconf-agenda-item[data-pick]")
        assert sorted(items.evaluate_all("els => els.map(e => e.dataset.pick)")) == sorted(
            [a["id"], b["id"], "s:ws-gfm-afternoon"])

        def check(pick: str, s: dict) -> None:
            li = page.locator(f'.vconf-agenda-item[data-pick="{pick}"]')
            start, end = _t(s["start"]).astimezone(tz), _t(s["end"]).astimezone(tz)
            shown = li.locator(".vconf-agenda-when").inner_text()
            assert shown.startswith(f"{start:%H:%M}–{end:%H:%M}"), shown
            assert ("next day" in shown) == (start.date() != end.date()), shown
            day = li.locator("xpath=ancestor::section[1]").get_attribute("data-day")
            assert day == start.date().isoformat(), (pick, day, start)

        slot_a = _slot(a, sessions, tz)
        check(a["id"], slot_a)
        check(b["id"], _slot(b, sessions, tz))
        check("s:ws-gfm-afternoon", workshop_session)
        li_a = page.locator(f'.vconf-agenda-item[data-pick="{a["id"]}"]')
        assert ("is-overlap" in li_a.get_attribute("class")) == _overlap(slot_a, workshop_session)
        if slot_a["id"] != "oral-2":  # the other slots are one click away: take oral-2
            li_a.locator("details summary").click()
            li_a.locator("details li", has_text=sessions["oral-2"]["title"]).get_by_role("button").click()
            slot_a = sessions["oral-2"]
            check(a["id"], slot_a)
        for pick, flagged in ((a["id"], True), ("s:ws-gfm-afternoon", True), (b["id"], False)):
            cls = page.locator(f'.vconf-agenda-item[data-pick="{pick}"]').get_attribute("class")
            assert ("is-overlap" in cls) == flagged, (pick, cls)
        sync_api.expect(page.locator(f'.vconf-agenda-item[data-pick="{a["id"]}"] .vconf-agenda-overlap')).to_contain_text(
            workshop_session["title"])

        # The ICS, made in the browser: valid, the site's UIDs and times.
        with page.expect_download() as info:
            page.click(".vconf-agenda-ics")
        raw = Path(info.value.path()).read_bytes()
        assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
        cal = icalendar.Calendar.from_ical(raw)
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        site_events = {}
        for rel in (f"calendars/papers/{a['id']}.ics", f"calendars/papers/{b['id']}.ics",
                    "calendars/sessions/ws-gfm-afternoon.ics"):
            for e in icalendar.Calendar.from_ical((sample_site / rel).read_bytes()).walk("VEVENT"):
                site_events[str(e["UID"])] = e
        expected = {f"paper-{a['id']}-session-oral-2", f"paper-{b['id']}-session-{_slot(b, sessions, tz)['id']}",
                    "session-ws-gfm-afternoon"}
        assert {u.split("@")[0] for u in events} == expected
        for uid, e in events.items():
            assert uid in site_events, f"{uid}: not a UID of the site's calendars"
            assert e.decoded("DTSTART") == site_events[uid].decoded("DTSTART")
            assert e.decoded("DTEND") == site_events[uid].decoded("DTEND")
        assert watch.errors == [] and watch.outside == []
    finally:
        ctx.close()


def test_share_link_restores_the_picks_in_a_fresh_browser(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    papers = list(_papers(sample_site))
    picks = [*papers[:3], "s:poster-1", "w:gfm"]
    ctx, page, _ = _context(browser)
    try:
        page.goto(site + "agenda.html")
        page.evaluate("keys => vconf.store.set('bookmarks', keys)", picks)
        page.reload()
        page.wait_for_selector("#vconf-agenda.vconf-agenda-ready")
        page.click(".vconf-agenda-share-go")
        link = page.input_value(".vconf-agenda-link")
        assert len(link) <= 2000 and "#picks=" in link
        assert page.locator(".vconf-agenda-qr svg path").count() == 1
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "agenda-share-desktop.png"), full_page=True)
    finally:
        ctx.close()
    # A fresh browser with a pick of its own: merge, then (another one) replace.
    for action, mine in (("merge", [papers[10]]), ("replace", [papers[10]])):
        ctx, page, _ = _context(browser)
        try:
            page.goto(site + "agenda.html")
            page.evaluate("keys => vconf.store.set('bookmarks', keys)", mine)
            page.goto(link)
            page.reload()  # a fragment-only navigation does not reload: start from the link
            page.click(f".vconf-import-{action}")
            got = page.evaluate("[...vconf.bookmarks()]")
            want = set(picks) | set(mine) if action == "merge" else set(picks)
            assert set(got) == want
            sync_api.expect(page.locator(".vconf-agenda-import")).to_be_empty()
            assert "#picks" not in page.url
        finally:
            ctx.close()


def test_gallery_bookmarks_reach_the_agenda(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    """Stars made in the gallery (the storage vconf always used) are agenda picks."""
    first = next(iter(_papers(sample_site)))
    ctx, page, _ = _context(browser)
    try:
        page.goto(site + "papers.html")
        page.locator(f'li.paper-card[data-id="{first}"] .paper-card-star').click()
        page.goto(site + "agenda.html")
        sync_api.expect(page.locator(f'.vconf-agenda-item[data-pick="{first}"]')).to_have_count(1)
    finally:
        ctx.close()


def test_site_reads_offline_after_one_visit_and_after_saving(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    paper = next(iter(_papers(sample_site).values()))
    other = list(_papers(sample_site).values())[7]
    ctx, page, _ = _context(browser)
    try:
        page.goto(site + "index.html")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: the shell is cached
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)  # clients.claim()
        page.goto(site + paper["url"])  # read once: kept
        ctx.set_offline(True)
        for url, ready in (("index.html", "#vconf-now"), ("papers.html", "#vconf-gallery li.paper-card"),
                           (paper["url"], "article.vconf-paper"), ("agenda.html", "#vconf-agenda.vconf-agenda-ready")):
            page.goto(site + url)
            page.wait_for_selector(ready, timeout=10000)
        assert page.locator("#vconf-agenda .vconf-agenda-empty").count() == 1
        # A page never read is not there yet; after "save the whole conference" it is.
        ctx.set_offline(False)
        page.click(".vconf-agenda-offline")
        sync_api.expect(page.locator(".vconf-agenda-offline-status")).to_contain_text("Saved for offline", timeout=60000)
        ctx.set_offline(True)
        page.goto(site + other["url"])
        sync_api.expect(page.locator("article.vconf-paper h1, article.bd-article h1").first).to_contain_text(other["title"][:20])
        page.goto(site + "papers.html")
        page.wait_for_selector("#vconf-gallery li.paper-card")
        assert page.locator("#vconf-gallery li.paper-card").count() >= 24
        # The search box answers offline too (issue #20): its index parts were saved with the rest.
        word = max(other["title"].split(), key=len).strip(",.:;")
        page.wait_for_function("window.vconf && window.vconf.search")
        page.keyboard.press("Control+K")
        page.fill(".vconf-search-input", word)
        page.wait_for_function("q => document.getElementById('vconf-search-results').dataset.query === q", arg=word)
        hits = page.eval_on_selector_all("#vconf-search-results [role=option]", "els => els.map((a) => a.href)")
        assert any(h.endswith(other["url"]) for h in hits[:3]), (word, hits)
    finally:
        ctx.close()


def test_papers_for_you_follow_the_starred_topics(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    papers = _papers(sample_site)
    track = "Computer Vision"
    starred = [p["id"] for p in papers.values() if p["track"] == track][:2]
    assert len(starred) == 2
    ctx, page, watch = _context(browser)
    try:
        page.goto(site + "index.html")
        page.evaluate("keys => vconf.store.set('bookmarks', keys)", starred)
        page.reload()
        page.click(".vconf-for-you-go")
        cards = page.locator(".vconf-for-you-card")
        sync_api.expect(cards).to_have_count(4)
        ids = cards.evaluate_all("els => els.map(e => e.dataset.id)")
        assert not set(ids) & set(starred)
        tracks = [papers[i]["track"] for i in ids]
        assert tracks[:3] == [track] * 3, tracks
        because = cards.first.locator(".vconf-because").inner_text()
        assert any(papers[s]["title"] in because for s in starred)
        assert watch.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1366, 900)), ("phone", (360, 740))])
def test_agenda_screenshots_fit(browser, site: str, sample_site: Path, label: str, viewport: tuple[int, int]) -> None:  # noqa: ANN001
    papers = list(_papers(sample_site))
    ctx = browser.new_context(locale="en-GB", timezone_id="Asia/Shanghai",
                              viewport={"width": viewport[0], "height": viewport[1]},
                              is_mobile=label == "phone", has_touch=label == "phone")
    page = ctx.new_page()
    try:
        page.goto(site + "agenda.html")
        page.evaluate("keys => vconf.store.set('bookmarks', keys)",
                      [*papers[:4], "s:invited-3", "s:ws-gfm-afternoon", "w:climate-ml"])
        page.reload()
        page.wait_for_selector("#vconf-agenda.vconf-agenda-ready")
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"agenda-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        # the tools and the first day's first pick are on the first screen
        for sel in (".vconf-agenda-ics", ".vconf-agenda-item"):
            box = page.locator(sel).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport[0], sel
        assert page.locator(".vconf-agenda-ics").bounding_box()["y"] < viewport[1]
        assert page.locator(".vconf-agenda-item.is-overlap").count() >= 2  # invited-3 in the workshop's afternoon
    finally:
        ctx.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it)")
def test_agenda_has_no_serious_accessibility_violation(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    papers = list(_papers(sample_site))
    ctx, page, _ = _context(browser)
    try:
        page.goto(site + "agenda.html")
        page.evaluate("keys => vconf.store.set('bookmarks', keys)", [*papers[:3], "s:invited-3", "s:ws-gfm-afternoon"])
        page.goto(site + "agenda.html#picks=p0" + papers[5])
        page.reload()
        page.wait_for_selector("#vconf-agenda.vconf-agenda-ready")
        page.click(".vconf-agenda-share-go")
        page.click(".vconf-for-you-go")
        page.wait_for_selector(".vconf-for-you-card")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(serious)
    finally:
        ctx.close()
