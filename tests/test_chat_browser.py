"""The chat portal as an attendee sees it, in Chromium at 1366x900 and 360x740: the lobby in
the first screen, the channels grouped by kind below it (collapsed, with their counts),
search across the groups, no overlap and no sideways scroll; a portal of 5,000 paper
channels; live activity that fails quietly and shows only numbers from the server.
Screenshots land in _build/test-artifacts/chat/.

The real Matrix server (live activity marked from Synapse's public room directory, and no
request at all with the option off) is tested in test_chat_matrix.py.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import ARTIFACTS, PageWatch, serve

from sphinxext_vconf import chat, model

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "theme" / "vconf" / "static"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}
SHOTS = ARTIFACTS / "chat"


def open_page(browser: Any, url: str, viewport: dict[str, int]) -> tuple[Any, Any, PageWatch]:
    phone = viewport["width"] < 600
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = ctx.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".vconf-chat--ready")
    return ctx, page, watch


def box(page: Any, selector: str) -> dict[str, float]:
    b = page.locator(selector).first.bounding_box()
    assert b is not None, f"{selector} is not shown"
    return b


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] - 1 and b["x"] < a["x"] + a["width"] - 1
            and a["y"] < b["y"] + b["height"] - 1 and b["y"] < a["y"] + a["height"] - 1)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width} px"


def check_layout(page: Any, viewport: dict[str, int]) -> None:
    """The lobby whole in the first screen, the first groups under it, nothing overlapping."""
    lobby = box(page, ".vconf-chat-group--lobby")
    assert lobby["y"] >= 0 and lobby["y"] + lobby["height"] <= viewport["height"], ("lobby below the fold", lobby)
    heads = page.locator("details.vconf-chat-group > summary")
    assert heads.count() >= 3
    first = [heads.nth(i).bounding_box() for i in range(2)]
    for head in first:
        assert head is not None and head["y"] + head["height"] <= viewport["height"], ("groups below the fold", head)
        assert head["width"] > 0.8 * lobby["width"]
    search = box(page, "#vconf-chat-q")
    parts = [search, lobby, *first]
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert not overlap(a, b), (a, b)
    if viewport["width"] > 900:  # the list beside the lobby's panel
        nav, panel = box(page, ".vconf-chat-nav"), box(page, ".vconf-chat-panel")
        assert nav["x"] + nav["width"] <= panel["x"] and panel["y"] < viewport["height"] / 2
        assert page.locator(".vconf-chat-body .vconf-chat-lobby").is_visible()
    no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_sample_portal_lobby_first_then_groups_and_search(browser: Any, site: str, viewport: dict[str, int]) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = "laptop" if viewport is LAPTOP else "phone"
    ctx, page, watch = open_page(browser, site + "chat.html", viewport)
    try:
        page.screenshot(path=str(SHOTS / f"sample-{name}.png"))
        check_layout(page, viewport)
        groups = page.locator("details.vconf-chat-group")
        # The sample's groups: three days of sessions, the workshops, six tracks of papers.
        labels = [" ".join(t.split()) for t in groups.locator("summary").all_inner_texts()]
        assert labels[0].startswith("SESSIONS Tuesday 19 May"), labels
        assert any(t.startswith("WORKSHOPS") for t in labels)
        assert any(t.startswith("PAPERS Computer Vision") for t in labels)
        assert all(not d for d in groups.evaluate_all("ds => ds.map(d => d.open)"))  # collapsed
        assert page.locator("a[data-channel^='paper/']:visible").count() == 0

        page.get_by_label("Search channels").fill("graph")
        page.wait_for_function("() => /match/.test(document.querySelector('.vconf-chat-status').textContent)")
        shown = page.locator("details.vconf-chat-group:visible")
        kinds = {g.split("/")[0] for g in shown.evaluate_all("ds => ds.map(d => d.dataset.group)")}
        assert {"session", "workshop", "paper"} <= kinds, kinds  # matches from every kind of group
        hits = page.locator(".vconf-chat-list a[data-channel]:visible")
        assert hits.count() >= 4
        assert all("graph" in t.lower() or "graph" in (s or "").lower()
                   for t, s in zip(hits.all_inner_texts(), hits.evaluate_all("as => as.map(a => a.dataset.search)"), strict=True))
        counts = shown.locator(".vconf-chat-count").all_inner_texts()
        assert sum(int(c) for c in counts) == hits.count()
        page.screenshot(path=str(SHOTS / f"sample-search-{name}.png"))
        no_sideways_scroll(page)
        assert watch.errors == [] and watch.outside == []
    finally:
        ctx.close()


# --------------------------------------------------------------------------------------
# A conference of 5,000 papers
# --------------------------------------------------------------------------------------

TRACKS = ["Computer vision", "Natural language processing", "Reinforcement learning", "Optimization",
          "Learning theory", "Graph learning", "Generative models", "Robotics", "Fairness and ethics",
          "Neuroscience and cognitive science with a rather long track name"]


def big_conference(folder: Path, papers: int = 5000, activity: dict[str, Any] | None = None) -> model.Conference:
    data = {
        "conference": {"name": "Big Conf", "timezone": "America/Los_Angeles", "start_date": "2026-05-04",
                       "end_date": "2026-05-08",
                       "chat": {"provider": "matrix", "server": "https://matrix.big.example", "domain": "big.example",
                                "general": [{"name": "lobby", "title": "Lobby: welcome"},
                                            {"name": "help-desk", "title": "Help desk"},
                                            {"name": "hallway", "title": "Hallway"}], **(activity or {})}},
        "papers": [{"id": f"p{i}", "title": f"Paper {i} on {TRACKS[i % 10].lower()} with a title of ordinary length",
                    "authors": [f"Author {i}"], "track": TRACKS[i % 10]} for i in range(papers)],
        "sessions": [{"id": f"s{d}-{h}", "title": f"Poster session {d}.{h}", "kind": "poster",
                      "start": f"2026-05-0{4 + d} {9 + 2 * h:02d}:00", "end": f"2026-05-0{4 + d} {10 + 2 * h:02d}:00"}
                     for d in range(5) for h in range(4)],
        "workshops": [{"id": f"w{i}", "title": f"Workshop {i}"} for i in range(20)],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conference.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    return model.load(folder)


def write_site(root: Path, conf: model.Conference, scripts: tuple[str, ...] = ("vconf-chat.js",)) -> None:
    """chat.html as the portal directive makes it, with the portal's own style and scripts
    (after vconf-time.js, which every page loads first)."""
    scripts = ("vconf-time.js", *scripts)
    (root / "_static").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    for name in ("vconf-chat.css", *scripts):
        (root / "_static" / name).write_bytes((STATIC / name).read_bytes())
    (root / "data" / "channels.json").write_text(json.dumps(chat.channels_json(conf)))
    tags = "".join(f'<script defer src="_static/{s}"></script>' for s in scripts)
    (root / "chat.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat</title><link rel="icon" href="data:,">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="_static/vconf-chat.css">{tags}</head>'
        f'<body style="margin:0 0.75rem;font-family:sans-serif"><main><h1>Chat</h1>{chat.portal_html(conf)}</main></body></html>')


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("bigchat")
    conf = big_conference(tmp / "data")
    write_site(tmp / "site", conf)
    with serve(tmp / "site", prefix="/") as base:
        yield base, tmp / "site"


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_five_thousand_paper_channels_stay_usable(browser: Any, big_site: Any, viewport: dict[str, int]) -> None:
    base, root = big_site
    name = "laptop" if viewport is LAPTOP else "phone"
    size = (root / "chat.html").stat().st_size
    print(f"chat.html with 5,000 papers, 20 sessions, 20 workshops: {size / 1e6:.2f} MB")
    ctx, page, watch = open_page(browser, base + "chat.html", viewport)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"big-{name}.png"))
        check_layout(page, viewport)
        assert page.locator(".vconf-chat-status").text_content() == "5043 channels"
        papers = page.locator("details.vconf-chat-group[data-group^='paper/']")
        assert papers.count() == 10
        counts = papers.locator(".vconf-chat-count").all_inner_texts()
        assert [int(c) for c in counts] == [500] * 10
        # Collapsed: the page is short, whatever the number of papers.
        assert page.evaluate("document.documentElement.scrollHeight") < 3 * viewport["height"]

        # Search across the groups: one paper by its number, then a word of one track.
        search = page.get_by_label("Search channels")
        search.fill("paper 4321")
        page.wait_for_function("() => document.querySelector('.vconf-chat-status').textContent === '1 of 5043 channels match'")
        hit = page.locator("a[data-channel='paper/p4321']")
        assert hit.is_visible() and hit.bounding_box()["y"] < viewport["height"]
        assert page.locator("details.vconf-chat-group:visible").count() == 1
        search.fill("robotics")
        page.wait_for_function("() => document.querySelector('.vconf-chat-status').textContent === '500 of 5043 channels match'")
        assert page.locator("details.vconf-chat-group:visible").evaluate_all("ds => ds.map(d => d.dataset.group)") == ["paper/robotics"]
        page.screenshot(path=str(SHOTS / f"big-search-{name}.png"))
        no_sideways_scroll(page)
        search.fill("")
        page.wait_for_function("() => document.querySelector('.vconf-chat-status').textContent === '5043 channels'")
        assert not any(papers.evaluate_all("ds => ds.map(d => d.open)"))
        # A group opened by hand: its links, no sideways scroll even for the longest track name.
        papers.last.locator("summary").click()
        assert papers.last.locator("a[data-channel]").first.is_visible()
        no_sideways_scroll(page)
        assert watch.errors == [] and watch.outside == []
    finally:
        ctx.close()


# --------------------------------------------------------------------------------------
# Live activity without a real server: unreachable, and hostile
# --------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the test asks it


class _Hostile(BaseHTTPRequestHandler):
    """A 'chat server' whose directory answers with markup where text goes and strings,
    negatives and nonsense where numbers go."""

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.asked.append(self.path)  # type: ignore[attr-defined]
        rooms = [
            {"canonical_alias": "#paper-p1:big.example", "num_joined_members": 42,
             "name": "<img src=x onerror=window.pwned=1>", "topic": "<script>window.pwned=1</script>"},
            {"canonical_alias": "#paper-p2:big.example", "num_joined_members": "77<b>"},
            {"canonical_alias": "#paper-p3:big.example", "num_joined_members": -5},
            {"canonical_alias": "#paper-p4:big.example", "num_joined_members": 1e300},
            {"aliases": ["#PAPER-P5:big.example"], "num_joined_members": 9},
            {"canonical_alias": {"toString": "x"}, "num_joined_members": 1000},
            "not a room", None,
        ]
        body = json.dumps({"chunk": rooms, "next_batch": "<i>"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)


def test_live_activity_survives_an_unreachable_or_hostile_server(browser: Any, tmp_path: Path) -> None:
    # Unreachable: the portal works as without the option, and no script error.
    server = f"http://127.0.0.1:{_closed_port()}"
    conf = big_conference(tmp_path / "a", papers=30, activity={"activity": True, "server": server})
    write_site(tmp_path / "a" / "site", conf, ("vconf-chat.js", "vconf-chat-activity.js"))
    with serve(tmp_path / "a" / "site", prefix="/") as base:
        ctx, page, watch = open_page(browser, base + "chat.html", PHONE)
        try:
            page.wait_for_selector("#vconf-chat[data-activity-state='unavailable']")
            assert [e for e in watch.errors if "Failed to load resource" not in e] == []
            assert page.locator(".vconf-chat-busiest").is_hidden()
            page.get_by_label("Search channels").fill("paper p7")
            assert page.locator(".vconf-chat-status").text_content() == "1 of 73 channels match"
        finally:
            ctx.close()

    # Hostile: only numbers reach the page, as text; the markup in the answer stays out.
    hostile = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    hostile.asked = []  # type: ignore[attr-defined]
    threading.Thread(target=hostile.serve_forever, daemon=True).start()
    try:
        server = f"http://127.0.0.1:{hostile.server_address[1]}"
        conf = big_conference(tmp_path / "b", papers=30, activity={"activity": True, "server": server, "domain": "big.example"})
        write_site(tmp_path / "b" / "site", conf, ("vconf-chat.js", "vconf-chat-activity.js"))
        with serve(tmp_path / "b" / "site", prefix="/") as base:
            ctx, page, watch = open_page(browser, base + "chat.html", LAPTOP)
            try:
                page.wait_for_selector("#vconf-chat[data-activity-state='shown']")
                busiest = page.locator(".vconf-chat-nav .vconf-chat-busiest-channel")
                assert busiest.evaluate_all("bs => bs.map(b => b.dataset.channel)") == ["paper/p1", "paper/p5"]
                assert busiest.locator(".vconf-chat-members-n").all_inner_texts() == ["42", "9"]
                assert page.locator("a[data-channel='paper/p2'] .vconf-chat-members").count() == 0  # "77<b>"
                assert page.locator("a[data-channel='paper/p3'] .vconf-chat-members").count() == 0  # negative
                assert page.locator("a[data-channel='paper/p4'] .vconf-chat-members").count() == 0  # not an integer
                assert page.evaluate("window.pwned") is None
                assert page.locator("img, script:not([src])").count() == 0
                assert page.locator(".vconf-chat-lobby .vconf-chat-busiest-channel").count() == 2
                assert watch.errors == []
            finally:
                ctx.close()
        assert hostile.asked == ["/_matrix/client/v3/publicRooms?limit=500"]
    finally:
        hostile.shutdown()
        hostile.server_close()

