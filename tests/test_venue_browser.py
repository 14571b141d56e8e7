"""The venue as an attendee sees it, measured in Chromium at 1366x900 and 360x740: the
talk beside its chat at the top of a paper's page, whole figures on cards, phone-sized
cards, no documentation chrome. Screenshots land in _build/test-artifacts/venue/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import ARTIFACTS, PageWatch, serve
from conftest import sphinx_build

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}
SHOTS = ARTIFACTS / "venue"
PAGE_TYPES = {
    "home": "index.html", "gallery": "papers.html", "paper": "papers/vc26-003.html", "map": "map.html",
    "schedule": "schedule.html", "day": "days/2026-05-19.html", "session": "sessions/poster-1.html",
    "workshop": "workshops/gfm.html", "speaker": "speakers/amara-okafor.html", "talk": "talks/amara-okafor.html",
    "chat": "chat.html", "agenda": "agenda.html", "search": "search.html?q=graph", "help": "help.html",
    "notfound": "no/such/page.html",
}


def open_page(browser, url: str, viewport: dict[str, int]):  # noqa: ANN001, ANN201
    phone = viewport["width"] < 600
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = ctx.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return ctx, page, watch


def box(page, selector: str) -> dict[str, float]:  # noqa: ANN001
    b = page.locator(selector).first.bounding_box()
    assert b is not None, f"{selector} is not shown"
    return b


@pytest.mark.parametrize("path", ["papers/vc26-003.html", "talks/amara-okafor.html"])
def test_talk_and_chat_side_by_side_above_the_fold(browser, site: str, path: str) -> None:  # noqa: ANN001
    """Laptop: the video's and the chat's top edges in the first screen, side by side.
    Phone: the video starts within a screen and a half, the chat right under it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = Path(path).stem
    ctx, page, _ = open_page(browser, site + path, LAPTOP)
    try:
        page.screenshot(path=str(SHOTS / f"stage-{name}-laptop.png"))
        video, chat = box(page, ".vconf-stage .vconf-embed-video"), box(page, ".vconf-stage .vconf-embed-chat")
        assert video["y"] < LAPTOP["height"] - 100 and chat["y"] < LAPTOP["height"] - 100, (video, chat)
        assert video["x"] + video["width"] <= chat["x"], "side by side: the chat right of the video"
        assert abs(video["y"] - chat["y"]) < 4
        assert video["width"] >= 480 and chat["width"] >= 300, (video, chat)
    finally:
        ctx.close()
    ctx, page, _ = open_page(browser, site + path, PHONE)
    try:
        page.screenshot(path=str(SHOTS / f"stage-{name}-phone.png"))
        video, chat = box(page, ".vconf-stage .vconf-embed-video"), box(page, ".vconf-stage .vconf-embed-chat")
        assert video["y"] < 1.5 * PHONE["height"], video
        assert chat["y"] >= video["y"] + video["height"] and chat["y"] < 2 * PHONE["height"], chat
    finally:
        ctx.close()


CARD_FIGURES = """() => [...document.querySelectorAll('img.paper-card-thumb')]
  .filter(img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0)
  .map(img => { const r = img.getBoundingClientRect();
    return {src: img.currentSrc, box: r.width / r.height, natural: img.naturalWidth / img.naturalHeight,
            fit: getComputedStyle(img).objectFit, dpr: img.naturalWidth / r.width}; })"""


@pytest.mark.parametrize("path", ["papers.html", "papers/vc26-003.html", "sessions/poster-1.html"])
def test_no_card_figure_is_cropped(browser, site: str, path: str) -> None:  # noqa: ANN001
    """Every card's figure box keeps its image's aspect ratio (nothing cut off, nothing
    stretched), with at least as many image pixels as screen pixels."""
    ctx, page, _ = open_page(browser, site + path, LAPTOP)
    try:
        page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
        page.evaluate("() => document.querySelectorAll('img.paper-card-thumb').forEach(i => i.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        figures = page.evaluate(CARD_FIGURES)
        assert figures, "cards with figures are shown"
        for f in figures:
            assert abs(f["box"] - f["natural"]) / f["natural"] < 0.02, f
            assert f["dpr"] >= 1, f
    finally:
        ctx.close()


def test_phone_cards_fit_half_a_screen(browser, site: str) -> None:  # noqa: ANN001
    ctx, page, _ = open_page(browser, site + "papers.html", PHONE)
    try:
        page.wait_for_function("window.vconf && vconf.gallery && vconf.gallery.timings.interactiveMs !== undefined",
                               timeout=15000)
        page.screenshot(path=str(SHOTS / "gallery-phone-first-screen.png"))
        heights = page.evaluate("""() => [...document.querySelectorAll('li.paper-card:not([hidden])')].slice(0, 30)
                                   .map(li => li.getBoundingClientRect().height)""")
        assert heights and max(heights) <= PHONE["height"] / 2 + 10, heights
        text_cards = page.locator("li.paper-card.paper-card-text").count()
        assert page.locator(".vconf-placeholder").count() == 0 and text_cards >= 0
    finally:
        ctx.close()


def test_screenshots_of_every_page_type(browser, site: str) -> None:  # noqa: ANN001
    """A picture of every page type at both sizes, to look at; and no script error on any."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for kind, path in PAGE_TYPES.items():
        for label, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            ctx, page, watch = open_page(browser, site + path, viewport)
            try:
                page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
                page.screenshot(path=str(SHOTS / f"{kind}-{label}.png"))
                errors = [e for e in watch.errors if not (kind == "notfound" and "404" in e)]
                assert errors == [] and watch.outside == [], (kind, label, errors, watch.outside)
            finally:
                ctx.close()


def test_gallery_on_an_organizer_page_lists_every_paper(browser, basic_project: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A {paper-gallery} on a page the organizer wrote gets its script and data: every
    paper is listed (40 here; the page itself carries only the first 24 cards)."""
    papers = [{"id": f"q{i:02d}", "title": f"Paper number {i} on graphs", "authors": [f"Author {i}"],
               "abstract": f"We study problem {i}. It matters.", "keywords": ["graphs"], "track": "Graphs"}
              for i in range(40)]
    (basic_project / "data" / "papers.yml").write_text(json.dumps({"papers": papers}))
    index = (basic_project / "index.md").read_text().replace("```{paper} p2\n:card:\n```", "")
    index = index.replace("```{paper} nope\n```", "")
    (basic_project / "index.md").write_text(index)
    conf_yml = basic_project / "data" / "conference.yml"
    conf_yml.write_text(conf_yml.read_text().replace("papers: [p1]", "papers: [q01]"))
    sessions = conf_yml.read_text()
    conf_yml.write_text(sessions.replace("papers: [p1, p2, p3]", "papers: [q01, q02, q03]"))
    (basic_project / "venue.md").write_text("---\norphan: true\n---\n# Posters\n\n```{paper-gallery}\n```\n")
    out = tmp_path / "html"
    sphinx_build(basic_project, out)
    with serve(out) as base:
        ctx, page, watch = open_page(browser, base + "venue.html", LAPTOP)
        try:
            page.wait_for_function("window.vconf && vconf.gallery && vconf.gallery.timings.interactiveMs !== undefined",
                                   timeout=15000)
            assert page.locator("li.paper-card:not([hidden])").count() == 40
            assert "40" in page.locator(".vconf-gallery-count").inner_text()
            assert watch.errors == []
        finally:
            ctx.close()


def test_zone_labels_use_the_offset_at_the_conference(browser, site: str) -> None:  # noqa: ANN001
    """In January, a May conference's labels say what May's clocks say: Los Angeles is
    UTC-07:00 (not -08:00), the conference's Berlin UTC+02:00 (not +01:00)."""
    ctx = browser.new_context(viewport=LAPTOP, timezone_id="America/Los_Angeles", locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(site + "schedule.html?now=2026-01-15T12:00:00Z", wait_until="load")
        page.wait_for_selector(".vconf-tz-picker select option", state="attached")
        options = page.eval_on_selector_all(".vconf-tz-picker select option", "os => os.map(o => o.textContent)")
        la = [o for o in options if o.startswith("America/Los Angeles")]
        berlin = [o for o in options if o.startswith("Europe/Berlin")]
        assert la and "UTC-07:00" in la[0], options
        assert berlin and "UTC+02:00" in berlin[0], options
        page.wait_for_function("document.body.innerText.includes('Times and days in America/Los Angeles (UTC-07:00)')")
        body = page.inner_text("body")
        assert "UTC-08:00" not in body and "UTC+01:00" not in body
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["papers/vc26-001.html", "sessions/poster-1.html", "days/2026-05-19.html",
                                  "speakers/amara-okafor.html", "papers.html", "schedule.html",
                                  "talks/amara-okafor.html"])  # the last: the organizer's talk page
def test_no_documentation_chrome_on_generated_pages(browser, site: str, path: str) -> None:  # noqa: ANN001
    ctx, page, _ = open_page(browser, site + path + "?highlight=graph", LAPTOP)
    try:
        text = page.inner_text("body")
        assert "On this page" not in text and "Hide Search Matches" not in text
        # the organizer's links (conference.links) in the header and the footer
        assert page.locator("header .vconf-org-links a", has_text="Code of conduct").count() == 1
        assert page.locator("footer a", has_text="Code of conduct").count() == 1
        if path.startswith("days/"):
            assert page.locator(".vconf-day-nav a[rel=next]").count() == 1
            assert page.locator("h2", has_text="Tuesday 19 May 2026").count() == 0  # the h1 says it once
        if path.startswith("papers/"):
            badges = page.eval_on_selector_all(".vconf-badge", "bs => bs.map(b => b.textContent.trim())")
            assert len(badges) == len(set(badges)), badges
    finally:
        ctx.close()


def test_organizer_documentation_keeps_its_page_contents(browser, site: str) -> None:  # noqa: ANN001
    """A page the organizer wrote as documentation (the FAQ, with sections) keeps pydata's
    "On this page" at laptop width; the organizer's talk page (a stage) shows none."""
    for path in ("help.html", "talks/amara-okafor.html"):
        ctx, page, _ = open_page(browser, site + path, LAPTOP)
        try:
            toc = page.locator(".bd-sidebar-secondary", has_text="On this page")
            if path == "help.html":
                assert toc.is_visible() and toc.locator("a", has_text="How do I attend a session?").count() == 1
            else:
                assert toc.count() == 0 or not toc.is_visible()
                assert "On this page" not in page.inner_text("body")
        finally:
            ctx.close()


def test_404_works_under_any_path(browser, sample_site: Path) -> None:  # noqa: ANN001
    """Served under conference.url's path, at a server's root (a preview, most mirrors) or
    under another folder: styled, no failed request. Its links lead to the site where the
    address says where it is (conference.url's path), else to the server's root."""
    for prefix in ("/vconf2026/", "/", "/mirror/"):
        with serve(sample_site, prefix=prefix) as base:
            ctx = browser.new_context(viewport=PHONE)
            page = ctx.new_page()
            watch = PageWatch(page)
            failed: list[str] = []
            page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
            page.on("response", lambda r, failed=failed: failed.append(r.url)
                    if r.status >= 400 and r.request.resource_type != "document" else None)
            try:
                page.goto(base + "deep/missing/page.html", wait_until="load")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(SHOTS / f"notfound-under-{prefix.strip('/') or 'root'}.png"))
                # the page's own 404 status is logged by Chromium; any other failed load is in `failed`
                errors = [e for e in watch.errors if "status of 404" not in e]
                assert failed == [] and errors == [] and watch.outside == [], (prefix, failed, errors)
                assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
                href = page.evaluate("document.querySelector('main li a[href]').href")
                if prefix != "/mirror/":
                    assert href == base + "index.html", href
            finally:
                ctx.close()


def test_home_page_is_a_venue(browser, site: str) -> None:  # noqa: ANN001
    """At least six papers with figures (the day's pick), the invited speakers' photos, the way into the chat."""
    for viewport in (LAPTOP, PHONE):
        ctx, page, watch = open_page(browser, site + "index.html", viewport)
        try:
            page.wait_for_selector(".vconf-potd[data-day]")
            figures = page.evaluate("""() => [...document.querySelectorAll('.vconf-potd li.paper-card img.paper-card-thumb')]
                                       .filter(i => i.complete && i.naturalWidth > 0).length""")
            assert figures >= 6
            assert page.locator(".vconf-invited-photo").count() >= 4
            assert page.locator("a[href$='chat.html']", has_text="lobby").count() >= 1
            assert watch.errors == []
        finally:
            ctx.close()


def test_chat_portal_opens_on_its_lobby(browser, site: str) -> None:  # noqa: ANN001
    """The organizer's general channels (conference.chat.general) greet a newcomer; one click opens one."""
    ctx, page, watch = open_page(browser, site + "chat.html", LAPTOP)
    try:
        lobby = page.locator(".vconf-chat-lobby")
        lobby.wait_for()
        page.screenshot(path=str(SHOTS / "chat-lobby-laptop.png"))
        names = lobby.locator("button").all_inner_texts()
        assert names[:3] == ["Lobby: welcome to VConf 2026", "Help desk", "Hallway"]
        assert "Choose a channel" not in page.inner_text("body")
        lobby.locator("button", has_text="Help desk").click()
        assert "help-desk" in page.url or page.locator(".vconf-embed, iframe, .vconf-chat-pane").count() >= 1
        assert watch.outside == []
    finally:
        ctx.close()


def test_on_now_has_a_button_to_join(browser, site: str) -> None:  # noqa: ANN001
    """During a session, the home page's "On now" offers a button to where it happens."""
    ctx, page, _ = open_page(browser, site + "index.html?now=2026-05-19T17:00:00%2B02:00", LAPTOP)
    try:
        button = page.locator(".vconf-now-item .vconf-now-join").first
        button.wait_for()
        assert button.inner_text() == "Join"  # Poster session 2, 16:30-18:30 Berlin
        assert button.get_attribute("href").endswith("sessions/poster-2.html")
        b = button.bounding_box()
        assert b is not None and b["y"] + b["height"] < LAPTOP["height"], "in the first screen"
        page.screenshot(path=str(SHOTS / "home-on-now-laptop.png"))
    finally:
        ctx.close()


def test_math_is_typeset_from_the_small_bundle(browser, site: str) -> None:  # noqa: ANN001
    """A paper with math typesets it (CommonHTML: 1.4 MB with its fonts, where the SVG
    bundle was 2.3 MB); a page without math downloads no MathJax at all."""
    for path, has_math in (("papers/vc26-001.html", True), ("speakers/amara-okafor.html", False)):
        ctx = browser.new_context(viewport=LAPTOP)
        page = ctx.new_page()
        watch = PageWatch(page)
        mathjax: dict[str, int] = {}
        page.on("response", lambda r, m=mathjax: m.__setitem__(r.url, len(r.body()))
                if "/vendor/mathjax/" in r.url and r.ok else None)
        try:
            page.goto(site + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            if has_math:
                page.wait_for_selector("mjx-container.MathJax[jax=CHTML]")
                # the formula is drawn with its fonts, not left as TeX source
                assert "\\(" not in page.inner_text(".vconf-richtext")
                formula = page.locator(".vconf-richtext mjx-container").first.bounding_box()
                assert formula is not None and formula["width"] > 20 and formula["height"] > 8, formula
                assert 0 < sum(mathjax.values()) < 1_500_000, mathjax
            else:
                assert mathjax == {} and page.locator("mjx-container").count() == 0
            assert watch.errors == [] and watch.outside == [], (watch.errors, watch.outside)
        finally:
            ctx.close()


EMBED_PARTS = """() => [...document.querySelectorAll('.vconf-embed')].map(e => {
  const r = s => { const el = s ? e.querySelector(s) : e; if (!el) return null;
                   const b = el.getBoundingClientRect(); return {x: b.x, y: b.y, w: b.width, h: b.height}; };
  return {embed: r(''), icon: r('.vconf-embed-icon'), label: r('.vconf-embed-label'),
          provider: r('.vconf-embed-provider'), open: r('.vconf-embed-open')}; })"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.mark.parametrize("path", ["papers/vc26-003.html", "talks/amara-okafor.html", "sessions/poster-1.html"])
def test_embed_link_clear_of_its_provider_on_a_phone(browser, site: str, path: str) -> None:  # noqa: ANN001
    """At 360 wide, "Open in a new tab" sits apart from the provider's name, and the play
    button, its label and the link are all inside the embed's box (nothing cut off)."""
    ctx, page, _ = open_page(browser, site + path, PHONE)
    try:
        embeds = page.evaluate(EMBED_PARTS)
        assert embeds and any(e["open"] for e in embeds), embeds
        for e in embeds:
            box_ = e["embed"]
            for part in ("icon", "label", "provider", "open"):
                p = e[part]
                if p is None:
                    continue
                assert box_["y"] - 0.5 <= p["y"] and p["y"] + p["h"] <= box_["y"] + box_["h"] + 0.5, (path, part, e)
                assert box_["x"] - 0.5 <= p["x"] and p["x"] + p["w"] <= box_["x"] + box_["w"] + 0.5, (path, part, e)
            if e["open"] and e["provider"]:
                assert not _overlap(e["open"], e["provider"]), (path, e)
                assert e["open"]["y"] >= e["provider"]["y"] + e["provider"]["h"], (path, e)  # under it, not beside
    finally:
        ctx.close()


def test_home_page_shows_a_paper_in_the_first_phone_screen(browser, site: str) -> None:  # noqa: ANN001
    """On a phone, the intro and the headings leave room for a paper of the day: its
    figure and its title are whole within the first 740 px."""
    ctx, page, _ = open_page(browser, site + "index.html", PHONE)
    try:
        page.wait_for_selector(".vconf-potd[data-day] li.paper-card img.paper-card-thumb")
        page.wait_for_load_state("networkidle")
        first = page.evaluate("""() => {
          const li = document.querySelector('.vconf-potd li.paper-card');
          const img = li.querySelector('img.paper-card-thumb'), title = li.querySelector('.paper-card-title');
          const r = e => { const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, height: b.height}; };
          return {img: r(img), title: r(title), loaded: img.complete && img.naturalWidth > 0}; }""")
        assert first["loaded"] and first["img"]["height"] > 60, first
        assert first["img"]["bottom"] <= PHONE["height"] and first["title"]["bottom"] <= PHONE["height"], first
        page.screenshot(path=str(SHOTS / "home-first-screen-phone.png"))
    finally:
        ctx.close()


def test_gallery_sorted_by_time_shows_each_cards_time(browser, site: str, sample_sessions: dict) -> None:  # noqa: ANN001
    """Sorted by session time, every card says when (its first session, in the reader's
    zone, Tokyo here), in order, whether the page or the script made the card; in
    programme order no card shows a time."""
    for label, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        phone = viewport is PHONE
        ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                  timezone_id="Asia/Tokyo", locale="en-US")
        page = ctx.new_page()
        watch = PageWatch(page)
        try:
            page.goto(site + "papers.html?sort=time", wait_until="load")
            page.wait_for_function("window.vconf && vconf.gallery && vconf.gallery.timings.interactiveMs !== undefined")
            page.evaluate("vconf.gallery.showAll()")
            page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
            shown = page.evaluate("""() => [...document.querySelectorAll('li.paper-card:not([hidden])')].map(li => {
              const t = li.querySelector('.paper-card-when time'), r = t && t.getBoundingClientRect();
              const c = li.getBoundingClientRect();
              return {id: li.dataset.id, start: t && t.getAttribute('datetime'), text: t && t.textContent,
                      inside: !!r && r.width > 0 && r.left >= c.left && r.right <= c.right + 0.5}; })""")
            timed = [c for c in shown if c["start"]]
            assert len(timed) >= 40, len(timed)
            for c in timed:
                assert c["inside"], c  # shown, inside its card
                start = sample_sessions[c["start"]]
                # 14:30 UTC is 23:30 in Tokyo: the reader's hour and zone, not Berlin's
                assert f"{start.hour % 12 or 12}:{start.minute:02d}" in c["text"] and "GMT+9" in c["text"], c
            starts = [c["start"] for c in timed]
            assert starts == sorted(starts, key=lambda s: sample_sessions[s].timestamp())
            page.locator("li.paper-card").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"gallery-by-time-{label}.png"))
            page.select_option("#vconf-gallery-sort", "")
            assert page.locator(".paper-card-when:visible").count() == 0
            assert watch.errors == [], watch.errors
        finally:
            ctx.close()


@pytest.fixture(scope="module")
def sample_sessions(sample_site: Path) -> dict:
    """Session starts in the published data, keyed by their ISO text, as Tokyo's clock reads them."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    sessions = json.loads((sample_site / "data" / "sessions.json").read_text())
    return {s["start"]: datetime.fromisoformat(s["start"]).astimezone(ZoneInfo("Asia/Tokyo")) for s in sessions}


def test_paper_sessions_offer_a_button_while_live(browser, site: str) -> None:  # noqa: ANN001
    """A paper's session line gets a Watch (orals) or Join (posters) button while the
    session runs, by the reader's clock, and loses it when the session ends."""
    from datetime import datetime

    for label, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        phone = viewport is PHONE
        ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, timezone_id="America/New_York")
        page = ctx.new_page()
        # Oral session 1 runs 15:15-16:30 Berlin (09:15-10:30 in New York): 10:29:30 there
        page.clock.install(time=datetime.fromisoformat("2026-05-19T16:29:30+02:00"))
        try:
            page.goto(site + "papers/vc26-003.html", wait_until="load")
            lines = page.locator(".vconf-sessions .vconf-session-line")
            live = lines.filter(has=page.locator("a.vconf-now-join:visible"))
            live.first.wait_for()
            assert live.count() == 1
            button = live.locator("a.vconf-now-join")
            assert button.inner_text() == "Watch" and button.get_attribute("href").endswith("sessions/oral-1.html")
            assert "9:15 – 10:30 AM EDT" in live.locator("time").inner_text()  # in the reader's zone
            b, line = button.bounding_box(), live.bounding_box()
            assert b and line and b["x"] >= line["x"] and b["x"] + b["width"] <= line["x"] + line["width"] + 0.5
            live.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"paper-session-live-{label}.png"))
            # the session ends at 16:30 Berlin: a minute later the button is gone
            page.clock.run_for(60_000)
            page.wait_for_function("!document.querySelector('.vconf-session-line a.vconf-now-join:not([hidden])')",
                                   timeout=5000)
            assert page.locator(".vconf-session-line a.vconf-now-join:visible").count() == 0
        finally:
            ctx.close()
    ctx, page, _ = open_page(browser, site + "papers/vc26-003.html", LAPTOP)  # today: the conference is over
    try:
        assert page.locator(".vconf-session-line").count() >= 2
        assert page.locator(".vconf-session-line a.vconf-now-join:visible").count() == 0
    finally:
        ctx.close()


STAR_OVER_TITLE = """() => [...document.querySelectorAll('li.paper-card:not([hidden])')].slice(0, 40).flatMap(li => {
  const star = li.querySelector('.paper-card-star'), title = li.querySelector('.paper-card-title');
  if (!star || !title) return [];
  const s = star.getBoundingClientRect(), range = document.createRange();
  range.selectNodeContents(title);
  return [...range.getClientRects()].filter(r => r.width > 0 && r.left < s.right && s.left < r.right
    && r.top < s.bottom && s.top < r.bottom).map(() => li.dataset.id); })"""


def test_card_stars_leave_titles_readable(browser, site: str) -> None:  # noqa: ANN001
    """The bookmark star (top right of a card) covers no word of a card's title: on a phone,
    where the title sits beside the figure, and on a laptop's text-forward cards."""
    for viewport in (LAPTOP, PHONE):
        ctx, page, _ = open_page(browser, site + "papers.html", viewport)
        try:
            page.wait_for_function("window.vconf && vconf.gallery && vconf.gallery.timings.interactiveMs !== undefined")
            page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
            assert page.locator("li.paper-card .paper-card-star").count() >= 24
            assert page.evaluate(STAR_OVER_TITLE) == [], viewport
        finally:
            ctx.close()


def test_workshop_talk_and_paper_parts_on_a_laptop(browser, site: str) -> None:  # noqa: ANN001
    """A workshop's video starts in the first laptop screen (not after its programme); a
    paper page's "Similar papers" is headed like its "Abstract", not twice as large."""
    ctx, page, _ = open_page(browser, site + "workshops/gfm.html", LAPTOP)
    try:
        video = box(page, ".vconf-stage .vconf-embed-video")
        assert video["y"] < LAPTOP["height"] - 200, video
        assert box(page, ".vconf-workshop-schedule, .vconf-workshop .rubric")["y"] > video["y"]
    finally:
        ctx.close()
    ctx, page, _ = open_page(browser, site + "papers/vc26-003.html", LAPTOP)
    try:
        sizes = page.evaluate("""() => ['p.rubric', '.similar-papers-title'].map(s =>
                                 parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
        assert sizes[1] <= sizes[0] * 1.15, sizes
    finally:
        ctx.close()
