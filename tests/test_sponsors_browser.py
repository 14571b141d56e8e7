"""Sponsors, reviews and the gallery's paper-type filter of an imported conference, in headless
Chromium at 1366x900 and 360x740 (the EMNLP-layout Mini-Conf fixture, with OpenReview API v2
reviews attached).

What a reader would notice: every sponsor on the sponsors page, inside the window on a laptop
and on a phone, their descriptions' scripts inert; a review's list, heading and math shown
when it is opened, nothing wider than a phone; the gallery filtering by paper type, with the
rejected paper nowhere.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import ARTIFACTS, serve
from conftest import CHROMIUM

from sphinxext_vconf.cli import main

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

FIX = Path(__file__).parent / "fixtures"
VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported")
    site = root / "site"
    assert main(["import", "miniconf", str(FIX / "miniconf-small" / "emnlp"), str(site)]) == 0
    assert main(["import", "openreview", str(FIX / "openreview-small" / "api-v2.json"), str(site), "--create"]) == 0
    cmd = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d", str(root / "doctrees"), str(site),
           str(root / "html"), "-D", "vconf_embedding_model=tfidf"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "html"


@pytest.fixture(scope="module")
def base(imported: Path) -> Iterator[str]:
    with serve(imported) as url:
        yield url


def open_page(browser: object, url: str, viewport: dict[str, int]):  # noqa: ANN201 - Playwright types
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return ctx, page, dialogs


def overflow(page) -> int:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("label", list(VIEWPORTS))
def test_sponsors_page_shows_every_sponsor_inside_the_window(browser: object, base: str, label: str) -> None:
    ctx, page, dialogs = open_page(browser, base + "sponsors.html", VIEWPORTS[label])
    boxes = page.evaluate("""[...document.querySelectorAll('.vconf-sponsor')].map(a => {
        const r = a.getBoundingClientRect(), h = a.querySelector('.vconf-sponsor-name');
        return {name: h.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                visible: h.getBoundingClientRect().width > 0};
    })""")
    assert [b["name"] for b in boxes] == ["Tiny Corp", "Small Labs", "Mini Inc"]
    width = VIEWPORTS[label]["width"]
    assert all(b["visible"] and b["left"] >= 0 and b["right"] <= width for b in boxes), boxes
    assert all(a["bottom"] <= b["top"] for a, b in zip(boxes, boxes[1:], strict=False)), "sponsors overlap"
    levels = page.locator(".vconf-sponsor-level-title").all_inner_texts()
    assert levels == ["Diamond", "Gold", "Silver"]
    assert page.locator(".vconf-sponsor a.vconf-action-chat").count() == 2  # the booth chats
    assert overflow(page) <= 0
    page.wait_for_timeout(300)
    assert dialogs == []  # the description's <script> and onclick are gone
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"sponsors-{label}.png"), full_page=True)
    ctx.close()


@pytest.mark.parametrize("label", list(VIEWPORTS))
def test_an_opened_review_shows_its_markdown_within_the_window(browser: object, base: str, label: str) -> None:
    ctx, page, dialogs = open_page(browser, base + "papers/orV2acc.html", VIEWPORTS[label])
    first = page.locator("details.vconf-review").first
    first.locator("summary").click()
    first.locator("li").first.scroll_into_view_if_needed()
    items = first.locator("li")
    assert items.count() == 2 and items.first.is_visible()
    assert first.locator("h5, h4").first.inner_text() == "Summary"
    page.wait_for_function("document.querySelectorAll('details.vconf-review mjx-container').length > 0",
                           timeout=15000)  # $\delta$ typeset by the theme's MathJax
    scores = first.locator(".vconf-review-scores dt").all_inner_texts()
    assert scores[:2] == ["Rating", "Confidence"] and "Soundness" in scores
    assert overflow(page) <= 0
    assert all(b["right"] <= VIEWPORTS[label]["width"] for b in page.evaluate(
        "[...document.querySelectorAll('details.vconf-review[open] *')].map(e => e.getBoundingClientRect())"
        ".filter(r => r.width > 0).map(r => ({right: r.right}))"))
    assert page.locator('a[href^="javascript"]').count() == 0 and dialogs == []
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"review-{label}.png"))
    ctx.close()


def test_gallery_filters_by_paper_type_and_leaves_out_the_rejected_paper(browser: object, base: str) -> None:
    ctx, page, _ = open_page(browser, base + "papers.html", VIEWPORTS["laptop"])
    page.wait_for_selector("select[name=ptype]")
    options = page.locator("select[name=ptype] option").all_inner_texts()
    assert options == ["All paper types", "Demo", "Findings", "Long", "Short"]
    titles = page.locator("#vconf-gallery .paper-card-title").all_inner_texts()
    assert "Tiny Bounds for Tiny Graphs" in titles and "A Rejected Tiny Paper" not in titles
    page.select_option("select[name=ptype]", "Short")
    page.wait_for_function("location.search.includes('ptype=Short')")
    assert page.locator("#vconf-gallery .paper-card-title").all_inner_texts() == ["Short Parses for Short Sentences"]
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "gallery-paper-type-laptop.png"))
    # the filter is in the link: a shared view opens filtered
    page.goto(base + "papers.html?ptype=Findings")
    page.wait_for_selector("select[name=ptype]")
    assert page.locator("#vconf-gallery .paper-card-title").all_inner_texts() == ["Findings About Tiny Corpora"]
    ctx.close()

