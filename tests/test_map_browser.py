"""The map as a poster hall, in headless Chromium (the fake site of tests/frontend/harness.py).

What a reader would notice: topic labels for every level that never overlap and refine as
they zoom in; a conference without tracks coloured by topic; the page scrolling when the
wheel passes over the map; figures on screen up close (and only those loaded); the panel
of listed papers inside the window on a laptop and on a phone; a message, not an empty
box, when the map's data cannot load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from frontend import harness

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(harness.CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

sync_api = pytest.importorskip("playwright.sync_api")
SHOTS = harness.REPO / "_build" / "test-artifacts"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> harness.Site:
    return harness.build(tmp_path_factory.mktemp("map"), 1500, all_pages=False)


@pytest.fixture(scope="module")
def base(site: harness.Site) -> Iterator[str]:
    with harness.serve(site.root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.ARGS)
        yield b
        b.close()


def open_map(browser: object, url: str, **context: object):  # noqa: ANN201 - Playwright types
    context.setdefault("viewport", LAPTOP)
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.evaluate("vconf.map.ready")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return ctx, page, errors


def settle(page) -> None:  # noqa: ANN001
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]:
                out.append((a["text"], b["text"]))
    return out


def test_topic_labels_at_every_level_never_overlap_and_refine_with_zoom(browser: object, base: str) -> None:
    ctx, page, errors = open_map(browser, base + "map.html")
    topics = page.evaluate("vconf.map.topics()")
    assert len(topics) >= 2 and all(len(level) >= 2 for level in topics)
    assert all(name.strip() for level in topics for name in level)
    seen: dict[int, set[str]] = {}
    canvas = page.locator("#vconf-map canvas").bounding_box()
    for step in range(12):
        if page.evaluate("vconf.map.figures().posters"):
            break  # up close the figures speak for themselves
        labels = page.evaluate("vconf.map.labels()")
        assert labels, f"no label drawn at zoom step {step}"
        assert not overlapping(labels), f"labels overlap at zoom step {step}: {overlapping(labels)}"
        for lab in labels:  # on the canvas, wholly
            assert lab["x"] >= 0 and lab["y"] >= 0
            assert lab["x"] + lab["w"] <= canvas["width"] and lab["y"] + lab["h"] <= canvas["height"]
            assert lab["text"] in topics[lab["level"]]
            seen.setdefault(lab["level"], set()).add(lab["text"])
        if step == 0:
            page.screenshot(path=str(SHOTS / "map-labels-far.png"))
        # zoom towards the biggest topic's label, as a reader would
        target = labels[0]
        page.evaluate("([x, y]) => vconf.map.zoomAt(x, y, 1.45)", [target["x"] + target["w"] / 2, target["y"] + target["h"] / 2])
        settle(page)
        if step == 4:
            page.screenshot(path=str(SHOTS / "map-labels-near.png"))
    assert set(seen) == set(range(len(topics))), f"levels shown while zooming in: {sorted(seen)}"
    assert seen[0] != seen[len(topics) - 1]  # the words change, not only the size
    assert not errors
    ctx.close()


@pytest.mark.parametrize("tracks", [0, 14], ids=["no-tracks", "more-tracks-than-colours"])
def test_without_tracks_the_map_is_coloured_by_topic(browser: object, tmp_path: Path, tracks: int) -> None:
    site = harness.build(tmp_path / "notracks", 300, all_pages=False)
    data = json.loads((site.root / "data" / "map.json").read_text(encoding="utf-8"))
    data["track"] = {"values": [f"Track {t}" for t in range(tracks)],
                     "of": [i % tracks if tracks else -1 for i in range(len(data["id"]))]}
    (site.root / "data" / "map.json").write_text(json.dumps(data), encoding="utf-8")
    with harness.serve(site.root) as url:
        ctx, page, errors = open_map(browser, url + "map.html")
        assert page.evaluate("vconf.map.colourMode()") == "topic"
        legend = page.evaluate("vconf.map.legend()")
        assert [g["label"] for g in legend] == data["topics"]["levels"][0]["label"]
        assert len({g["colour"] for g in legend}) == len(legend)  # one colour per topic
        assert page.locator("#vconf-map-colour option").all_inner_texts()[0] == "Topic"
        assert page.locator("#vconf-map-colour option", has_text="Track").count() == (1 if tracks else 0)
        page.screenshot(path=str(SHOTS / f"map-{tracks}-tracks.png"))
        assert not errors
        ctx.close()


def test_a_conference_with_tracks_is_coloured_by_track(browser: object, base: str, site: harness.Site) -> None:
    ctx, page, _ = open_map(browser, base + "map.html")
    assert page.evaluate("vconf.map.colourMode()") == "track"
    assert {g["label"] for g in page.evaluate("vconf.map.legend()")} == set(harness.TRACKS)
    ctx.close()


def test_the_wheel_scrolls_the_page_until_the_reader_clicks_into_the_map(browser: object, base: str) -> None:
    ctx, page, _ = open_map(browser, base + "map.html", viewport={"width": 1366, "height": 600})
    canvas = page.locator("#vconf-map canvas")
    canvas.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    box = canvas.bounding_box()
    k0 = page.evaluate("vconf.map.view().k")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 600 - box["y"] - 10))
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 0")
    assert page.evaluate("vconf.map.view().k") == k0, "the wheel zoomed the map while the reader scrolled"
    # with Ctrl the wheel zooms the map and not the page
    y0 = page.evaluate("window.scrollY")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"vconf.map.view().k > {k0}")
    assert page.evaluate("window.scrollY") == y0
    # after a click into the map, the plain wheel zooms it
    k1 = page.evaluate("vconf.map.view().k")
    page.mouse.click(box["x"] + 5, box["y"] + 40)
    page.mouse.wheel(0, -200)
    page.wait_for_function(f"vconf.map.view().k > {k1}")
    assert page.evaluate("window.scrollY") == y0
    ctx.close()


def test_zoomed_in_the_points_on_screen_show_their_figures(browser: object, base: str, site: harness.Site) -> None:
    ctx, page, errors = open_map(browser, base + "map.html")
    webp: list[str] = []
    page.on("request", lambda r: webp.append(r.url) if "/_vconf/thumbs/" in r.url else None)
    assert page.evaluate("vconf.map.figures().posters") is False
    assert not webp  # nothing loaded from afar
    target = next(p for p in site.papers if p.get("thumbnail_kind") == "figure")
    for _ in range(8):
        pt = page.evaluate("id => vconf.map.pointToScreen(id)", target["id"])
        page.evaluate("([x, y]) => vconf.map.zoomAt(x, y, 2)", [pt["x"], pt["y"]])
        settle(page)
        if page.evaluate("vconf.map.figures().posters"):
            break
    page.wait_for_function("(f => f.withFigure > 0 && f.drawn === f.withFigure)(vconf.map.figures())")
    figs = page.evaluate("vconf.map.figures()")
    assert figs["posters"] and figs["drawn"] > 0
    # lazily: only papers that were on screen were asked for
    assert set(figs["requested"]) <= set(figs["onScreen"]) | {target["id"]}
    assert 0 < len(webp) <= len(figs["onScreen"])
    # the canvas really shows a figure where the target paper is: its bars are not background
    page.screenshot(path=str(SHOTS / "map-figures.png"))
    colours = page.evaluate("""id => {
        const c = document.querySelector('#vconf-map canvas'), p = vconf.map.pointToScreen(id);
        const [w, h] = vconf.map.figures().size, d = window.devicePixelRatio;
        const px = c.getContext('2d').getImageData(Math.round((p.x - w / 2) * d), Math.round((p.y - h / 2) * d), Math.round(w * d), Math.round(h * d)).data;
        const set = new Set();
        for (let i = 0; i < px.length; i += 4) set.add(px.slice(i, i + 3).join(','));
        return set.size;
    }""", target["id"])
    assert colours > 12  # an image (bars, axis, antialiasing), not a flat dot or an empty box
    assert not errors
    ctx.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_selection_panel_is_in_the_window(browser: object, base: str, site: harness.Site, viewport: dict) -> None:
    phone = viewport is PHONE
    extra = {"has_touch": True, "is_mobile": True} if phone else {}
    ctx, page, errors = open_map(browser, base + "map.html", viewport=viewport, **extra)
    page.locator("#vconf-map canvas").scroll_into_view_if_needed()
    count = page.evaluate("vconf.map.search('graph')")
    assert count == len(harness.expected_ids(site.papers, "graph")) > 0
    panel = page.locator(".vconf-map-panel")
    panel.wait_for(state="visible")
    rect = panel.bounding_box()
    stage = page.locator(".vconf-map-stage").bounding_box()
    vw, vh = viewport["width"], viewport["height"]
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= vw
    assert rect["y"] >= 0 and rect["y"] + 40 <= vh, "the panel's heading is below the fold"
    if phone:  # over the map
        assert rect["y"] >= stage["y"] and rect["y"] + rect["height"] <= stage["y"] + stage["height"] + 1
    else:  # beside it
        assert rect["x"] >= stage["x"] + stage["width"]
        assert abs(rect["y"] - stage["y"]) < 2
    assert "papers match" in panel.inner_text()
    assert panel.locator(".vconf-map-item").count() == min(count, 100)
    assert panel.locator(".vconf-map-item img").count() >= 1  # papers listed with their figures
    assert panel.locator(".vconf-chip").count() >= 1  # and the top keywords
    page.screenshot(path=str(SHOTS / f"map-panel-{'phone' if phone else 'laptop'}.png"))
    page.get_by_role("button", name="Clear").click()
    if phone:
        assert not panel.is_visible()
    assert not errors
    ctx.close()


def test_bookmarked_papers_and_sessions_now_are_marked(browser: object, base: str, site: harness.Site) -> None:
    ctx, page, _ = open_map(browser, base + "map.html?now=2026-05-04T10:15:00%2B02:00")  # Orals 1A is on
    assert page.locator(".vconf-map-mark.is-bookmarked").count() == 0
    ids = [site.papers[1]["id"], site.papers[2]["id"]]
    page.evaluate("ids => ids.forEach(id => vconf.setBookmark(id, true))", ids)  # as the gallery does
    page.reload()
    page.evaluate("vconf.map.ready")
    marks = page.locator(".vconf-map-marks").inner_text()
    assert "Bookmarked (2)" in marks
    live = [p for p in site.papers if "oral-1a" in p["sessions"]]
    assert f"In a session now ({len(live)})" in marks
    page.evaluate("q => vconf.map.search(q)", site.papers[1]["title"].split(" <")[0])
    assert "★ Bookmarked" in page.locator(".vconf-map-panel").inner_text()
    ctx.close()


def test_a_page_that_cannot_load_its_data_says_so(browser: object, tmp_path: Path) -> None:
    site = harness.build(tmp_path / "broken", 20, all_pages=False)
    (site.root / "data" / "map.json").unlink()
    ctx = browser.new_context(viewport=LAPTOP)
    page = ctx.new_page()
    page.goto((site.root / "map.html").as_uri())  # file://: as a reader opening the built folder
    alert = page.locator("#vconf-map [role=alert]")
    alert.wait_for(state="visible")
    assert "could not load" in alert.inner_text() and "http" in alert.inner_text()
    ctx.close()


def test_search_finds_authors_once_the_map_asks_for_them(browser: object, base: str, site: harness.Site) -> None:
    ctx, page, errors = open_map(browser, base + "map.html")
    loaded = "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/data/gallery.json'))"
    assert not page.evaluate(loaded)  # authors are not part of the first load
    expected = len(harness.expected_ids(site.papers, "Lovelace"))
    assert expected > 0
    page.get_by_label("Search the map").fill("Lovelace")
    page.locator(".vconf-map-panel .vconf-map-selection-heading").filter(has_text=f"{expected} papers match").wait_for()
    assert page.evaluate(loaded), "the authors came from gallery.json"
    assert not errors
    ctx.close()


# A letter wrong in a title word and in a surname, beginnings of words, and the middle of a
# word (which neither finds: the match is by words, not substrings).
SAME_AS_GALLERY = ["reinforcemant", "Kierkegaart", "segmen", "optimis grap", "mentation"]


def test_the_map_finds_what_the_gallery_finds(browser: object, base: str, site: harness.Site) -> None:
    ctx = browser.new_context(viewport=LAPTOP)
    page = ctx.new_page()
    page.goto(base + "papers.html")
    page.evaluate("vconf.gallery.ready")
    gallery: dict[str, list[str]] = {}
    for query in SAME_AS_GALLERY:
        page.get_by_label("Search papers").fill(query)
        gallery[query] = page.evaluate("vconf.gallery.visibleIds()")
        assert gallery[query] == harness.expected_ids(site.papers, query)
    assert all(gallery[q] for q in SAME_AS_GALLERY[:4]) and not gallery["mentation"]
    ctx.close()

    ctx, page, errors = open_map(browser, base + "map.html")
    heading = page.locator(".vconf-map-panel .vconf-map-selection-heading")
    for query in SAME_AS_GALLERY:
        want = gallery[query]
        page.get_by_label("Search the map").fill(query)
        # a surname is found once the map has loaded the authors (gallery.json)
        heading.filter(has_text="1 paper matches" if len(want) == 1 else f"{len(want)} papers match").wait_for(timeout=10_000)
        assert sorted(page.evaluate("vconf.map.found()")) == sorted(want), query
        listed = page.locator(".vconf-map-panel .vconf-map-item a").evaluate_all("els => els.map(a => a.href)")
        assert len(listed) == min(len(want), 100)
        assert {u.rsplit("/", 1)[1].removesuffix(".html") for u in listed} <= set(want)
    assert not errors
    ctx.close()
