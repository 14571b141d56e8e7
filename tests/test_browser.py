"""The sample site in a real browser (Debian's Chromium via Playwright), served under a sub-path.

Every page type: loads without a JavaScript error, requests nothing outside 127.0.0.1, has
no horizontal scroll at 360 px, and no serious accessibility violation (axe-core). Plus the
behaviours a reader relies on: gallery filter, map hover and click, search, time zones.
Screenshots of each page type land in _build/test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser import ARTIFACTS, AXE, PageWatch, serve
from conftest import REPO

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

PAGES = {
    "home": "index.html",
    "gallery": "papers.html",
    "paper": "papers/vc26-001.html",
    "map": "map.html",
    "schedule": "schedule.html",
    "day": "days/2026-05-19.html",
    "session": "sessions/poster-1.html",
    "workshop": "workshops/gfm.html",
    "speaker": "speakers/amara-okafor.html",
    "talk": "talks/amara-okafor.html",
    "chat": "chat.html",
    "search": "search.html?q=graph",
    "help": "help.html",
    "notfound": "no/such/page.html",
}


def open_page(browser, url: str, **context):  # noqa: ANN001, ANN201
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return ctx, page, watch


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_type_loads_clean_on_desktop_and_phone(browser, site: str, kind: str) -> None:  # noqa: ANN001
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", {"width": 360, "height": 740})):
        ctx, page, watch = open_page(browser, site + PAGES[kind], viewport=viewport,
                                     is_mobile=label == "phone", has_touch=label == "phone")
        try:
            # Cards off screen are not painted (content-visibility: auto), which a full-page
            # capture would show as empty boxes: paint them all for the picture.
            page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
            page.screenshot(path=str(shots / f"{kind}-{label}.png"), full_page=label == "desktop")
            errors = [e for e in watch.errors if not (kind == "notfound" and "404" in e)]
            assert errors == [], f"{kind} ({label}): JavaScript errors {errors}"
            assert watch.outside == [], f"{kind} ({label}) requested outside hosts: {watch.outside}"
            if label == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, f"{kind}: {width}px wide at 360px: horizontal scroll"
            if kind == "notfound":  # served from a deep path, its links still work
                assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
                href = page.locator("a", has_text="Papers").first.get_attribute("href")
                assert href is not None
        finally:
            ctx.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it)")
@pytest.mark.parametrize("kind", sorted(set(PAGES) - {"notfound"}))
def test_no_serious_accessibility_violation(browser, site: str, kind: str) -> None:  # noqa: ANN001
    ctx, page, _ = open_page(browser, site + PAGES[kind], viewport={"width": 1280, "height": 800})
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], "\n".join(serious)
    finally:
        ctx.close()


def _papers(sample_site: Path) -> list[dict]:
    return json.loads((sample_site / "data" / "papers.json").read_text())


@pytest.mark.parametrize("query", ["graph", "reinforcement policy", "Amara", "language models"])
def test_gallery_filter_shows_exactly_the_matching_papers(browser, site: str, sample_site: Path, query: str) -> None:  # noqa: ANN001
    papers = _papers(sample_site)
    words = query.lower().split()
    expected = sorted(
        p["id"] for p in papers
        if all(w in " ".join([p["title"], *p["authors"], *p["keywords"]]).lower() for w in words)
    )
    ctx, page, watch = open_page(browser, site + "papers.html", viewport={"width": 1280, "height": 800})
    try:
        page.wait_for_function("window.vconf && window.vconf.gallery")
        page.evaluate("window.vconf.gallery.ready")
        page.fill("#vconf-gallery input[type=search]", query)
        page.wait_for_timeout(300)
        shown = sorted(page.eval_on_selector_all(
            "#vconf-gallery .paper-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.dataset.id)"))
        assert shown == expected
        assert "q=" in page.url  # the state is in the URL, to share
        assert watch.errors == []
    finally:
        ctx.close()


def test_gallery_lists_every_paper_without_javascript(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    """JavaScript off: the page's first cards, then every other paper as a plain list."""
    papers = _papers(sample_site)
    ctx, page, watch = open_page(browser, site + "papers.html", viewport={"width": 1280, "height": 800},
                                 java_script_enabled=False)
    try:
        links = page.eval_on_selector_all(
            "#vconf-gallery .paper-card-link, #vconf-gallery .vconf-gallery-rest a",
            "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))")
        assert sorted(links) == sorted(p["url"] for p in papers)
        assert page.locator(".vconf-gallery-rest li").count() == len(papers) - page.locator("li.paper-card").count() > 0
        page.locator(".vconf-gallery-rest").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "gallery-nojs-desktop.png"))
        assert watch.outside == []
    finally:
        ctx.close()


def test_gallery_tells_and_lists_every_paper_when_its_data_cannot_load(browser, site: str,  # noqa: ANN001
                                                                       sample_site: Path) -> None:
    """data/gallery*.json blocked (as from file:// or a filtering proxy): a message, every paper."""
    papers = _papers(sample_site)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.route("**/data/gallery*.json", lambda route: route.abort())
    page = ctx.new_page()
    try:
        page.goto(site + "papers.html")
        page.wait_for_selector(".vconf-data-failed")
        assert "could not be loaded" in page.inner_text(".vconf-data-failed")
        assert page.locator(".vconf-data-failed").bounding_box()["y"] < 800  # seen without scrolling
        links = page.eval_on_selector_all(
            "#vconf-gallery .paper-card-link, #vconf-gallery .vconf-gallery-rest a",
            "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))")
        assert sorted(links) == sorted(p["url"] for p in papers)
        ctx.route("**/data/sessions.json", lambda route: route.abort())
        page.goto(site + "index.html")
        page.wait_for_selector("#vconf-now .vconf-data-failed")
        page.click("#vconf-now .vconf-data-failed a")
        assert page.url.endswith("/schedule.html")
    finally:
        ctx.close()


def test_gallery_is_interactive_on_its_first_piece_and_takes_in_the_rest(browser, site: str,  # noqa: ANN001
                                                                           sample_site: Path) -> None:
    """A large conference: the gallery works on data/gallery-first.json (here its first 10
    papers) while gallery.json is still on its way: the count says how many are coming, the
    filters already offer every track; then every paper is searchable and counted."""
    from sphinxext_vconf.publish import dumps, gallery_first_json

    gallery = json.loads((sample_site / "data" / "gallery.json").read_text(encoding="utf-8"))
    first = dumps(gallery_first_json(gallery, 10))
    total = len(gallery["rows"])
    held: list = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.route("**/data/gallery-first.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=first))
    ctx.route("**/data/gallery.json", lambda route: held.append(route))  # answered below
    page = ctx.new_page()
    watch = PageWatch(page)
    try:
        page.goto(site + "papers.html")
        page.wait_for_function("window.vconf && window.vconf.gallery")
        page.evaluate("window.vconf.gallery.ready")
        late = gallery["rows"][-1][gallery["fields"].index("title")]
        count = page.locator(".vconf-gallery-count")
        assert f"{total - 10} more loading" in count.inner_text()
        tracks = {r[gallery["fields"].index("track")] for r in gallery["rows"]} - {""}
        offered = set(page.eval_on_selector_all("#vconf-gallery-track option", "os => os.map(o => o.value)"))
        assert tracks <= offered  # from the first piece's values, before the rest has come
        assert page.evaluate(f"window.vconf.gallery.filter({json.dumps(late)})") == 0  # not here yet
        page.wait_for_function("n => n > 0", arg=len(held))
        held[0].fulfill(status=200, content_type="application/json",
                        body=(sample_site / "data" / "gallery.json").read_text(encoding="utf-8"))
        page.evaluate("window.vconf.gallery.complete")
        assert page.evaluate("window.vconf.gallery.count()") >= 1  # the same search, now over every paper
        assert late in page.inner_text("#vconf-gallery .vconf-cards")
        page.evaluate("window.vconf.gallery.filter('')")
        assert count.inner_text() == f"{total} papers"
        ids = page.evaluate("window.vconf.gallery.showAll(), window.vconf.gallery.visibleIds()")
        assert sorted(ids) == sorted(str(r[0]) for r in gallery["rows"])
        assert not watch.errors and not watch.outside
    finally:
        ctx.close()


def test_map_hover_shows_the_paper_and_click_opens_it(browser, site: str, sample_site: Path) -> None:  # noqa: ANN001
    paper = _papers(sample_site)[0]
    ctx, page, watch = open_page(browser, site + "map.html", viewport={"width": 1280, "height": 800})
    try:
        page.wait_for_function("window.vconf && window.vconf.map")
        page.evaluate("window.vconf.map.ready")
        point = page.evaluate(f"window.vconf.map.pointToScreen({json.dumps(paper['id'])})")
        box = page.locator("#vconf-map canvas").first.bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(200)
        assert paper["title"] in page.inner_text("#vconf-map")
        with page.expect_navigation():
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert page.url.endswith(paper["url"])
        assert watch.errors == []
    finally:
        ctx.close()


def test_search_finds_a_paper_by_a_word_of_its_abstract(browser, site: str) -> None:  # noqa: ANN001
    from sphinxext_vconf import model

    conf = model.load(REPO / "conference" / "data")
    titles = " ".join(p.title for p in conf.papers.values()).lower()
    counts: dict[str, set[str]] = {}
    for p in conf.papers.values():
        for word in set(re.findall(r"[a-z]{9,}", p.abstract.lower())):
            counts.setdefault(word, set()).add(p.id)
    word, (pid,) = next((w, ids) for w, ids in sorted(counts.items()) if len(ids) == 1 and w not in titles)
    # vconf's search box (the papers are not in Sphinx's search page: their pages are nosearch)
    ctx, page, watch = open_page(browser, site + "speakers.html", viewport={"width": 1280, "height": 800})
    try:
        page.wait_for_function("window.vconf && window.vconf.search")
        page.keyboard.press("Control+K")
        page.wait_for_selector("dialog.vconf-search[open] .vconf-search-input:focus")
        page.fill(".vconf-search-input", word)
        page.wait_for_function("q => document.getElementById('vconf-search-results').dataset.query === q", arg=word)
        results = page.inner_text("#vconf-search-results")
        assert conf.papers[pid].title in results, (word, results[:500])
        assert watch.errors == [] and watch.outside == []
    finally:
        ctx.close()


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Kolkata"])
def test_session_time_in_the_readers_zone(browser, site: str, zone: str) -> None:  # noqa: ANN001
    from sphinxext_vconf import model

    session = model.load(REPO / "conference" / "data").sessions["poster-2"]
    start = session.start.astimezone(ZoneInfo(zone))
    end = session.end.astimezone(ZoneInfo(zone))
    ctx, page, _ = open_page(browser, site + "sessions/poster-2.html", timezone_id=zone, locale="en-GB",
                             viewport={"width": 1280, "height": 800})
    try:
        # The script keeps the conference-zone text in title= once it has rewritten the time.
        page.wait_for_selector(".vconf-session time.vconf-time[title]")
        shown = page.inner_text(".vconf-session time.vconf-time")
        assert start.strftime("%H:%M") in shown and end.strftime("%H:%M") in shown, shown
        assert str(start.day) in shown  # the reader's date (Kolkata is past midnight at the end)
        berlin = session.start.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")
        assert berlin not in shown or start.strftime("%H:%M") == berlin
    finally:
        ctx.close()


def test_hostile_conference_executes_nothing(browser, tmp_path_factory: pytest.TempPathFactory) -> None:  # noqa: ANN001
    import shutil

    from conftest import ROOTS, sphinx_build

    src = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    out = src.parent / "html"
    sphinx_build(src, out)
    with serve(out) as base:
        for name in ("index.html", "papers.html", "papers/x1.html", "sessions/s1.html", "schedule.html", "map.html",
                     "speakers/sp.html", "workshops/w.html", "chat.html", "search.html?q=script"):
            ctx, page, watch = open_page(browser, base + name, viewport={"width": 1280, "height": 800})
            try:
                page.mouse.move(300, 300)
                page.wait_for_timeout(200)
                assert page.evaluate("window.__pwned") is None, name
                assert watch.outside == [], name
            finally:
                ctx.close()


def test_now_and_next_on_the_home_page(browser, site: str) -> None:  # noqa: ANN001
    now = dt.datetime(2026, 5, 19, 17, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    ctx, page, _ = open_page(browser, site + "index.html?now=" + now.isoformat().replace("+", "%2B"),
                             viewport={"width": 1280, "height": 800})
    try:
        sync_api.expect(page.locator("#vconf-now")).to_contain_text("Poster session 2")  # 16:30-18:30 that day
    finally:
        ctx.close()
