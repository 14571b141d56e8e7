"""The search box in a real browser (Debian's Chromium), on the sample site served under
/vconf2026/: what a reader types finds the right thing, grouped, by keyboard; the empty box
shows recent pages and bookmarks; Sphinx's search page still works, without its "Hide Search
Matches" link. Screenshots: _build/test-artifacts/screenshots/search-*.png."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from browser import ARTIFACTS, PageWatch
from conftest import REPO

from sphinxext_vconf import model, search

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def tab(browser, site: str) -> Iterator[tuple[object, PageWatch]]:  # noqa: ANN001
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, timezone_id="Asia/Kolkata")
    page = ctx.new_page()
    watch = PageWatch(page)
    yield page, watch
    ctx.close()
    assert not watch.errors
    assert not watch.outside


def ask(page, query: str) -> list[str]:  # noqa: ANN001
    """Type a query into the open search box; the results' addresses, in the order shown."""
    page.fill(".vconf-search-input", query)
    page.wait_for_function("q => document.getElementById('vconf-search-results').dataset.query === q", arg=query)
    return page.eval_on_selector_all("#vconf-search-results [role=option]", "els => els.map((a) => a.href)")


def open_search(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_function("window.vconf && window.vconf.search")
    page.keyboard.press("Control+K")
    page.wait_for_selector("dialog.vconf-search[open] .vconf-search-input:focus")


def _picks() -> dict[str, tuple[str, str]]:
    """What to type, chosen from the sample's data: (query, paper id) for a word only one
    paper's title has, an author's surname (one paper) with a typo, a keyword of one paper,
    and a word only one abstract has (in no title, keyword or name)."""
    conf = model.load((REPO / "conference" / "data").resolve(), root=(REPO / "conference").resolve())
    where: dict[str, Counter[str]] = {f: Counter() for f in ("title", "keywords", "abstract", "name", "last")}
    for p in conf.papers.values():
        for f, text in [("title", p.title), ("keywords", " ".join(p.keywords)), ("abstract", p.abstract),
                        ("name", " ".join(a.name for a in p.authors)),
                        ("last", " ".join(a.name.split()[-1] for a in p.authors))]:
            where[f].update(set(search.tokens(text)))
    anywhere = Counter[str]()
    for c in where.values():
        anywhere.update(c)

    def pick(field: str, alone: bool) -> tuple[str, str]:
        words = sorted(t for t, n in where[field].items() if n == 1 and len(t) >= 7 and t.isalpha()
                       and (not alone or anywhere[t] == 1))
        word = words[len(words) // 2]
        pid = next(p.id for p in conf.papers.values() if word in search.tokens(
            {"title": p.title, "keywords": " ".join(p.keywords), "abstract": p.abstract,
             "last": " ".join(a.name.split()[-1] for a in p.authors)}[field]))
        return word, pid

    surname, by = pick("last", False)
    typo = surname[:3] + surname[4] + surname[3] + surname[5:]  # two letters swapped
    return {"title": pick("title", False), "surname": (typo, by), "keyword": pick("keywords", False),
            "abstract": pick("abstract", True)}


PICKS = _picks()


@pytest.mark.parametrize("what", list(PICKS))
def test_a_word_finds_its_paper_in_the_top_three(tab, site: str, what: str) -> None:  # noqa: ANN001
    page, _ = tab
    query, pid = PICKS[what]
    open_search(page, site + "index.html")
    hrefs = ask(page, query)
    assert site + f"papers/{pid}.html" in hrefs[:3], (query, hrefs)


def test_poster_session_3_finds_the_session_first_in_the_readers_zone(tab, site: str) -> None:  # noqa: ANN001
    page, _ = tab
    open_search(page, site + "help.html")
    hrefs = ask(page, "poster session 3")
    assert hrefs[0] == site + "sessions/poster-3.html"
    # its time in the reader's zone (the browser's: India), as vconf-time.js writes times
    sub = page.locator("#vconf-search-results [role=option]").first.locator(".vconf-search-sub").inner_text()
    assert "GMT+5:30" in sub and "Poster hall" in sub
    # the organizer's pages come after the conference's records
    hrefs = ask(page, "poster session")
    assert hrefs[0].startswith(site + "sessions/poster-")
    assert site + "reference.html" not in hrefs[:4]


def test_results_are_grouped_and_keys_move_and_open(tab, site: str) -> None:  # noqa: ANN001
    page, watch = tab
    open_search(page, site + "index.html")
    hrefs = ask(page, "graph")
    labels = page.locator(".vconf-search-group-label").all_inner_texts()
    assert len(labels) >= 2 and "PAPERS" in [x.upper() for x in labels] and len(set(labels)) == len(labels)
    groups = page.locator("#vconf-search-results [role=group]")
    assert groups.count() == len(labels)
    # every group's rows are together: the kinds, in the order shown, never interleave
    kinds = page.eval_on_selector_all("[role=option]", "els => els.map((a) => a.className.match(/vconf-search-(\\w+)$/)[1])")
    assert kinds == sorted(kinds, key=lambda k: kinds.index(k))
    papers = page.locator(".vconf-search-paper")
    assert papers.count() >= 2 and papers.first.locator(".vconf-search-thumb").count() == 1  # with a figure
    selected = "document.querySelector('[role=option][aria-selected=true]').href"
    assert page.evaluate(selected) == hrefs[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(selected) == hrefs[2]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(selected) == hrefs[1]
    assert page.get_attribute(".vconf-search-input", "aria-activedescendant") == page.evaluate(
        "document.querySelector('[role=option][aria-selected=true]').id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == hrefs[1]
    # the index came from this site's sub-path, in parts
    assert not watch.outside


def test_slash_and_the_button_open_it_escape_closes_it(tab, site: str) -> None:  # noqa: ANN001
    page, _ = tab
    page.goto(site + "help.html")
    page.wait_for_function("window.vconf && window.vconf.search")
    page.keyboard.press("/")
    page.wait_for_selector("dialog.vconf-search[open]")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.vconf-search", state="hidden")
    assert page.locator("#pst-search-dialog").count() == 0  # pydata's own dialog is not there
    page.locator(".vconf-search-open").first.click()
    page.wait_for_selector("dialog.vconf-search[open] .vconf-search-input:focus")
    assert page.url == site + "help.html"  # the link to search.html did not navigate


def test_empty_box_shows_recent_pages_and_bookmarks(tab, site: str) -> None:  # noqa: ANN001
    page, _ = tab
    page.goto(site + "papers/vc26-003.html")
    title = page.locator("main h1").inner_text().strip()
    page.wait_for_function("!!(window.vconf && window.vconf.setBookmark)")
    page.evaluate("vconf.setBookmark('vc26-010', true)")
    page.goto(site + "speakers.html")
    open_search(page, site + "schedule.html")
    page.wait_for_function("document.getElementById('vconf-search-results').dataset.query === ''")
    text = page.locator("#vconf-search-results").text_content()
    assert "Recently opened" in text and title.rstrip("#¶ ") in text and "Speakers" in text
    assert "Bookmarked papers" in text
    bookmarked = page.locator(".vconf-search-group").nth(1).locator("[role=option]")
    assert bookmarked.first.get_attribute("href") == site + "papers/vc26-010.html"


def test_search_page_still_works_and_no_hide_search_matches(tab, site: str) -> None:  # noqa: ANN001
    page, _ = tab
    # Sphinx's full-text search over the organizer's own pages (records: vconf's index)
    page.goto(site + "search.html?q=giggity")
    page.wait_for_selector("#search-results li a")
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(site + "help.html")
    # Sphinx's highlight ran on the next page (the words are marked) but had nowhere to put
    # its "Hide Search Matches" link
    page.wait_for_selector("span.highlighted")
    assert "Hide Search Matches" not in page.content()
    assert page.get_by_text("Hide Search Matches").count() == 0


@pytest.mark.parametrize(("w", "h"), [(1366, 900), (360, 740)])
def test_open_search_fits_the_screen(browser, site: str, w: int, h: int) -> None:  # noqa: ANN001
    ctx = browser.new_context(viewport={"width": w, "height": h}, timezone_id="Europe/Berlin")
    page = ctx.new_page()
    watch = PageWatch(page)
    open_search(page, site + "papers/vc26-001.html")
    ask(page, "graph")
    page.keyboard.press("ArrowDown")
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"search-{w}x{h}.png"))
    box = page.locator("dialog.vconf-search").bounding_box()
    field = page.locator(".vconf-search-input").bounding_box()
    first = page.locator("[role=option]").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= w and box["y"] >= 0 and box["y"] + box["height"] <= h
    assert field["width"] >= min(200, w * 0.5)  # room to type
    assert first["y"] + first["height"] <= h  # the first result above the fold
    # nothing inside is wider than the dialog (no sideways scroll of a result)
    assert page.evaluate("(() => { const r = document.getElementById('vconf-search-results');"
                         " return r.scrollWidth <= r.clientWidth; })()")
    ctx.close()
    assert not watch.errors and not watch.outside


def test_the_browser_matcher_agrees_with_the_index_builder(browser) -> None:  # noqa: ANN001
    """vconf-match.js and search.py cut text into the same terms and score them alike: what the
    index holds is what the gallery, the map and the search box look for."""
    words = ["graph", "graphs", "optimization", "optim", "reinforcement", "reinforcment", "schmidt", "schmdit",
             "models", "model", "atention", "attention", "3", "30", "ne", "neural", "lerning", "learning"]
    pairs = [[a, b] for a in words for b in words]
    text = "The Élodie-Søren model, in 3 GPUs_x a 42 b Ærø naïve \"quoted\" d'Alembert"
    page = browser.new_page()
    page.add_script_tag(path=str(REPO / "theme" / "vconf" / "static" / "vconf-match.js"))
    got = page.evaluate("([pairs, text]) => [pairs.map(([q, t]) => vconfMatch.score(q, t)), vconfMatch.tokens(text),"
                        " vconfMatch.parse(text)]", [pairs, text])
    page.close()
    assert got[0] == [search.score(q, t) for q, t in pairs]
    assert got[1] == search.tokens(text)
    assert tuple(got[2].values()) == search.parse(text)
