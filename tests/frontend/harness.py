"""A small fake vconf site for the front-end tests: generated JSON, pages, thumbnails.

The pages follow the DOM contracts the real build writes (see the theme's JS headers)
inside a pydata-sphinx-theme page skeleton, so the tests see what a reader would see
without running Sphinx. ``python tests/frontend/harness.py [N]`` builds one and serves it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import http.server
import io
import json
import os
import random
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sphinxext_vconf import components
from sphinxext_vconf.directives.map import MAP_SCRIPTS
from sphinxext_vconf.directives.schedule import SCHEDULE_SCRIPTS
from sphinxext_vconf.publish import gallery_json, map_json
from sphinxext_vconf.views import PROTOTYPE_CARD, THUMB_SIZE

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "theme" / "vconf" / "static"
CONF_TZ = "Europe/Berlin"
CONF_DAYS = [dt.date(2026, 5, 4), dt.date(2026, 5, 5), dt.date(2026, 5, 6)]
TRACKS = ["Machine Learning", "Computer Vision", "Natural Language", "Robotics", "Theory"]
TYPES = ["oral", "spotlight", "poster"]
WORDS = (
    "graph attention network sparse learning robust vision language model transformer "
    "diffusion causal inference kernel bayesian optimisation reinforcement policy memory "
    "federated privacy fairness contrastive retrieval generation compression pruning "
    "quantum spectral manifold topology embedding segmentation detection tracking control"
).split()
FIRST = ["Ada", "Alan", "Grace", "Élodie", "Søren", "Zhang", "Priya", "Kwame", "Mária", "José",
         "Yuki", "Amara", "Lars", "Fatima", "Noor", "Igor", "Chen", "Lucía", "Tomás", "Ines"]
LAST = ["Lovelace", "Turing", "Hopper", "Durand", "Kierkegaard", "Wei", "Raman", "Mensah",
        "Novák", "García", "Tanaka", "Okafor", "Berg", "Haddad", "Rahman", "Petrov", "Li",
        "Fernández", "Silva", "Moreau"]
KEYWORDS = ["graphs", "attention", "optimisation", "robustness", "vision", "language models",
            "reinforcement learning", "privacy", "fairness", "kernels", "causality",
            "generative models", "bayesian methods", "theory", "datasets", "benchmarks"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM = "/usr/bin/chromium"
PAGE_SIZE = 96  # as sphinxext_vconf.directives.gallery
SERVER_CARDS = 24  # idem


# ----------------------------------------------------------------------------- data


def make_sessions() -> list[dict]:
    """Three days in Berlin: talks in parallel, posters, a workshop, a social past midnight."""
    tz = ZoneInfo(CONF_TZ)
    out: list[dict] = []

    def add(sid: str, title: str, kind: str, day: dt.date, start: str, end: str,
            room: str = "", end_day: dt.date | None = None) -> None:
        a = dt.datetime.combine(day, dt.time.fromisoformat(start), tz)
        b = dt.datetime.combine(end_day or day, dt.time.fromisoformat(end), tz)
        out.append({"id": sid, "title": title, "kind": kind, "start": a.isoformat(), "end": b.isoformat(),
                    "url": f"sessions/{sid}.html", "papers": [], "workshop": None, "room": room})

    for n, day in enumerate(CONF_DAYS, 1):
        add(f"invited-{n}", f"Keynote {n}", "invited", day, "09:00", "10:00", "Main hall")
        add(f"oral-{n}a", f"Orals {n}A", "oral", day, "10:00", "11:30", "Room A")
        add(f"oral-{n}b", f"Orals {n}B", "oral", day, "10:30", "12:00", "Room B")
        add(f"poster-{n}", f"Poster session {n}", "poster", day, "11:30", "13:00")
        add(f"lunch-{n}", "Lunch", "break", day, "13:00", "14:00")
        add(f"workshop-{n}", f"Workshop {n}", "workshop", day, "14:00", "18:00", "Room C")
    add("social-1", "Conference dinner & party", "social", CONF_DAYS[0], "21:00", "00:30",
        end_day=CONF_DAYS[1])
    out.sort(key=lambda s: (s["start"], s["id"]))
    return out


def make_papers(n: int, sessions: list[dict], seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    posters = [s for s in sessions if s["kind"] == "poster"]
    orals = [s for s in sessions if s["kind"] == "oral"]
    centres = {t: (0.2 + 0.6 * rnd.random(), 0.2 + 0.6 * rnd.random()) for t in TRACKS}
    papers = []
    for i in range(n):
        pid = f"p{i:05d}"
        track = TRACKS[i % len(TRACKS)]
        title = " ".join(rnd.sample(WORDS, rnd.randint(3, 7))).capitalize()
        if i % 17 == 0:
            title += " <script>alert(1)</script> & Co"  # untrusted text must stay text
        authors = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(rnd.randint(1, 5))]
        if i % 23 == 0:
            authors.append("Ada Lovelace")
        if i % 29 == 0:
            authors.append("Ada Lovelace-Byron")
        keywords = rnd.sample(KEYWORDS, rnd.randint(1, 4))
        presentation = TYPES[i % 3]
        sess = [posters[i % len(posters)]["id"]]
        if presentation == "oral":
            sess.insert(0, orals[i % len(orals)]["id"])
        cx, cy = centres[track]
        x = min(1.0, max(0.0, rnd.gauss(cx, 0.08)))
        y = min(1.0, max(0.0, rnd.gauss(cy, 0.08)))
        paper = {
            "id": pid, "title": title, "authors": authors, "keywords": keywords, "track": track,
            "presentation": presentation, "sessions": sess, "url": f"papers/{pid}.html",
            "thumbnail": f"_vconf/thumbs/{pid}.webp", "thumbnail_kind": "figure", "x": round(x, 5), "y": round(y, 5), "similar": [],
        }
        if i % 7 == 3:  # no figure: the cards draw a placeholder
            paper.update(thumbnail_kind="placeholder", placeholder=["#2e6b30", title[:2].upper()],
                         lead=f"We study {title.lower()} and show when it helps.")
        papers.append(paper)
    for s in sessions:
        s["papers"] = [p["id"] for p in papers if s["id"] in p["sessions"]]
    return papers


def map_topics(papers: list[dict]) -> dict:
    """The map's topics, found by the build's own code (sphinxext_vconf.topics)."""
    from types import SimpleNamespace

    from sphinxext_vconf.topics import find_topics

    records = [SimpleNamespace(id=p["id"], title=p["title"], keywords=p["keywords"]) for p in papers]
    return find_topics(records, {p["id"]: (p["x"], p["y"]) for p in papers}, cache_dir=None)


# ----------------------------------------------------------------------------- search oracle


def norm(text: str) -> str:
    """The JS ``vconf.norm``: NFKD, combining marks U+0300–U+036F dropped, lowercase."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F).lower()


def expected_ids(papers: list[dict], query: str = "", *, track: str = "", type_: str = "",
                 session: str = "", author: str = "") -> list[str]:
    """What the gallery must show, computed independently of the JS: the matching of the
    search index's Python side (prefix, one typo), which vconf-match.js must agree with."""
    from sphinxext_vconf.search import matches

    out = []
    for p in papers:
        hay = "\n".join([p["title"], *p["authors"], *p["keywords"]])
        if track and p["track"] != track:
            continue
        if type_ and p["presentation"] != type_:
            continue
        if session and session not in p["sessions"]:
            continue
        if author and norm(author) not in {norm(a) for a in p["authors"]}:
            continue
        if matches(query, hay):
            out.append(p["id"])
    return out


# ----------------------------------------------------------------------------- pages

E = html.escape


def page(title: str, body: str, *, depth: int = 0, scripts: tuple[str, ...] = (), theme: str = "light",
         head: str = "") -> str:
    up = "../" * depth
    tags = "".join(f'<script defer src="{up}_static/{s}"></script>' for s in ("vconf-time.js", "vconf-match.js", *scripts))
    nav = "".join(f'<li class="nav-item"><a class="nav-link" href="{up}{h}">{t}</a></li>'
                  for t, h in [("Home", "index.html"), ("Schedule", "schedule.html"),
                               ("Papers", "papers.html"), ("Map", "map.html")])
    return f"""<!DOCTYPE html>
<html lang="en" data-content_root="{up or './'}" data-theme="{theme}" data-mode="{theme}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(title)} — Example Conf 2026</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}_pydata/styles/pydata-sphinx-theme.css">
<link rel="stylesheet" href="{up}_static/vconf.css">{tags}{head}</head>
<body>
<header class="bd-header navbar navbar-expand-lg d-print-none"><div class="bd-header__inner bd-page-width">
<div class="navbar-header-items__start"><div class="navbar-item"><a class="navbar-brand logo" href="{up}index.html"><p class="title logo__title">Example Conf 2026</p></a></div></div>
<div class="col-lg-9 navbar-header-items"><div class="me-auto navbar-header-items__center"><div class="navbar-item"><nav aria-label="Main"><ul class="bd-navbar-elements navbar-nav">{nav}</ul></nav></div></div>
<div class="navbar-header-items__end"><div class="navbar-item"><div class="vconf-tz-picker" data-conference-tz="{CONF_TZ}"></div></div></div></div>
</div></header>
<div class="bd-container"><div class="bd-container__inner bd-page-width"><main id="main-content" class="bd-main" role="main">
<div class="bd-content"><div class="bd-article-container"><article class="bd-article">
<h1>{E(title)}</h1>
{body}
</article></div></div></main></div></div>
</body></html>
"""


def time_html(start: str, end: str) -> str:
    """The server's text: correct in the conference zone without JavaScript."""
    zone = ZoneInfo(CONF_TZ)
    a, b = dt.datetime.fromisoformat(start).astimezone(zone), dt.datetime.fromisoformat(end).astimezone(zone)
    off = a.strftime("%z")
    text = f"{a:%a} {a.day} {a:%b %Y}, {a:%H:%M}–{b:%H:%M} {a.tzname()} (UTC{off[:3]}:{off[3:]})"
    return f'<time class="vconf-time" datetime="{E(start)}" data-end="{E(end)}">{E(text)}</time>'


def card_context(p: dict, up: str = "") -> dict:
    """A card as the build describes it (sphinxext_vconf.views.card): the theme's component renders it."""
    figure = None if p.get("placeholder") else {"src": up + p["thumbnail"], "alt": f"Figure from {p['title']}",
                                                "width": THUMB_SIZE[0], "height": THUMB_SIZE[1]}
    return {"id": p["id"], "href": up + p["url"], "title": p["title"], "authors": p["authors"],
            "keywords": p["keywords"], "track": p["track"], "lead": "" if figure else p.get("lead", ""),
            "thumb": figure, "compact": False}


def card(p: dict, up: str = "") -> str:
    return components.render("paper-card", {"card": card_context(p, up)})


def session_line(s: dict, up: str = "") -> str:
    kinds = {"invited": "Invited talk", "oral": "Orals", "poster": "Poster session", "workshop": "Workshop",
             "social": "Social", "break": "Break"}
    return (f'<li class="vconf-session-line vconf-kind-{s["kind"]}"><span class="vconf-kind">{kinds[s["kind"]]}</span> '
            f'<a href="{up}{E(s["url"])}">{E(s["title"])}</a> {time_html(s["start"], s["end"])}</li>')


def paper_page(p: dict, papers: list[dict], sessions: list[dict]) -> str:
    up = "../"
    by_id = {s["id"]: s for s in sessions}
    authors = ", ".join(
        f'<span class="vconf-author">{E(a)}</span><span class="vconf-affiliation"> (University of {E(a.split()[-1])})</span>'
        for a in p["authors"])
    chips = " ".join(f'<a class="reference external vconf-chip" href="{up}papers.html?q={E(k)}">{E(k)}</a>'
                     for k in p["keywords"])
    similar = "".join(card(q, up) for q in papers[1:5])
    body = f"""<article class="vconf-paper" data-id="{E(p["id"])}">
<p class="vconf-authors">{authors}</p>
<p class="vconf-badges"><span class="vconf-badge vconf-badge-presentation">{E(p["presentation"].capitalize())}</span><span class="vconf-badge vconf-badge-track">{E(p["track"])}</span><span class="vconf-badge vconf-badge-decision">Accept</span></p>
<p class="vconf-actions"><a class="btn btn-sm vconf-action vconf-action-pdf" href="{up}pdfs/{E(p["id"])}.pdf">PDF</a><a class="btn btn-sm vconf-action vconf-action-code" href="{up}code.html">Code</a><a class="btn btn-sm vconf-action vconf-action-slides" href="{up}slides.html">Slides</a><a class="btn btn-sm vconf-action vconf-action-chat" href="{up}chat.html?channel=paper-{E(p["id"])}">Chat</a><a class="btn btn-sm vconf-action vconf-action-calendar" href="{up}calendars/papers/{E(p["id"])}.ics">Add to calendar</a></p>
<figure class="vconf-paper-thumb"><img class="vconf-paper-figure" loading="lazy" decoding="async" src="{up}{E(p["thumbnail"])}" alt="Figure 1 of the paper" width="400" height="280"></figure>
<p class="rubric">Abstract</p>
<p class="vconf-abstract">We study {E(p["title"].lower())}. A long word to test wrapping: Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt.</p>
<p class="vconf-keywords"><span class="vconf-label">Keywords: </span>{chips}</p>
<p class="rubric">Sessions</p>
<ul class="vconf-sessions">{"".join(session_line(by_id[s], up) for s in p["sessions"])}</ul>
<p class="rubric">Talk</p>
<div class="vconf-embed vconf-embed-video" data-embed-src="https://www.youtube-nocookie.com/embed/abcdef" data-embed-kind="iframe" data-embed-title="{E(p["title"])}"><button type="button" class="vconf-embed-button" aria-label="Play video: {E(p["title"])}"><span class="vconf-embed-icon" aria-hidden="true">▶</span><span class="vconf-embed-label">Play video: {E(p["title"])}</span><span class="vconf-embed-provider">youtube</span></button><a class="vconf-embed-open" href="https://www.youtube.com/watch?v=abcdef" target="_blank" rel="noopener">Open in a new tab</a></div>
<p class="rubric">Reviews</p>
<div class="vconf-reviews"><details class="vconf-review"><summary>Reviewer 1 <span class="vconf-review-facts">(rating 7, confidence 4)</span></summary><p>Clear and useful.</p></details><details class="vconf-review"><summary>Reviewer 2</summary><p>Solid.</p></details></div>
<section class="similar-papers"><p class="rubric">Similar papers</p><ul class="vconf-cards">{similar}</ul></section>
</article>"""
    return page(p["title"], body, depth=1)


def gallery_page(papers: list[dict]) -> str:
    body = components.render("gallery", {
        "papers_url": "data/gallery.json", "sessions_url": "data/sessions.json", "page_size": PAGE_SIZE,
        "cards": [card_context(p) for p in papers[:SERVER_CARDS]], "prototype": PROTOTYPE_CARD,
        "rest": [{"href": p["url"], "title": p["title"], "authors": p["authors"]} for p in papers[SERVER_CARDS:]]})
    # the data downloads while the long list is parsed
    preload = ('<link rel="preload" href="data/gallery.json" as="fetch" crossorigin>'
               '<link rel="preload" href="data/sessions.json" as="fetch" crossorigin>')
    return page("Papers", body, scripts=("vconf-card.js", "vconf-gallery.js"), head=preload)


def map_page(papers: list[dict]) -> str:
    items = "".join(f'<li><a href="{E(p["url"])}">{E(p["title"])}</a></li>' for p in papers[:50])
    body = (f'<div id="vconf-map" data-map="data/map.json" data-gallery="data/gallery.json" '
            f'data-sessions="data/sessions.json"><noscript><ul>{items}</ul></noscript></div>')
    return page("Paper map", body, scripts=MAP_SCRIPTS,  # as the real map page
                head='<link rel="stylesheet" href="_static/vconf-map.css">')


def schedule_page(sessions: list[dict]) -> str:
    days: dict[str, list[dict]] = {}
    for s in sessions:
        days.setdefault(s["start"][:10], []).append(s)
    parts = []
    for day, items in days.items():
        d = dt.date.fromisoformat(day)
        parts.append(f'<h2>{d:%A} {d.day} {d:%B}</h2><ul class="vconf-sessions">'
                     + "".join(session_line(s) for s in items) + "</ul>")
    body = (f'<div id="vconf-schedule" data-sessions="data/sessions.json" data-timezone="{CONF_TZ}">'
            + "".join(parts) + "</div>")
    return page("Schedule", body, scripts=SCHEDULE_SCRIPTS,  # as the real schedule page
                head='<link rel="stylesheet" href="_static/vconf-schedule.css">')


def index_page() -> str:
    body = ('<p>Welcome. The conference runs ' + time_html("2026-05-04T09:00:00+02:00", "2026-05-06T18:00:00+02:00")
            + '.</p><div id="vconf-now" data-sessions="data/sessions.json"></div>')
    return page("Example Conf 2026", body)


def session_page(s: dict) -> str:
    body = (f'<div class="vconf-session vconf-kind-{s["kind"]}"><p class="vconf-session-meta">'
            f'{time_html(s["start"], s["end"])} · {E(s["room"] or "Online")}</p></div>')
    return page(s["title"], body, depth=1)


def thumbnails(count: int = 12) -> list[bytes]:
    """A few distinct small WebP figures; cards reuse them."""
    from PIL import Image, ImageDraw

    out = []
    for i in range(count):
        img = Image.new("RGB", (400, 280), (240, 244, 248))
        d = ImageDraw.Draw(img)
        rnd = random.Random(i)
        hue = [(78, 121, 167), (242, 142, 43), (225, 87, 89), (89, 161, 79)][i % 4]
        for k in range(12):
            h = rnd.randint(30, 220)
            d.rectangle([30 + k * 28, 250 - h, 50 + k * 28, 250], fill=hue)
        d.line([30, 250, 380, 250], fill=(40, 40, 40), width=2)
        buf = io.BytesIO()
        img.save(buf, format="WEBP", quality=60)
        out.append(buf.getvalue())
    return out


@dataclass
class Site:
    root: Path
    papers: list[dict]
    sessions: list[dict]


def build(root: Path, n_papers: int = 200, *, paper_pages: int = 5, all_pages: bool = True) -> Site:
    """Write a fake site under ``root`` (links to the theme's static files, not copies)."""
    import pydata_sphinx_theme

    root.mkdir(parents=True, exist_ok=True)
    sessions = make_sessions()
    papers = make_papers(n_papers, sessions)
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "papers.json").write_text(json.dumps(papers, ensure_ascii=False), encoding="utf-8")
    (root / "data" / "gallery.json").write_text(json.dumps(gallery_json(papers)), encoding="utf-8")
    (root / "data" / "sessions.json").write_text(json.dumps(sessions, ensure_ascii=False), encoding="utf-8")
    (root / "data" / "map.json").write_text(json.dumps(map_json(papers, map_topics(papers))), encoding="utf-8")
    pydata = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    for link, target in [("_static", STATIC), ("_pydata", pydata)]:
        if not (root / link).exists():
            (root / link).symlink_to(target, target_is_directory=True)
    thumbs = root / "_vconf" / "thumbs"
    thumbs.mkdir(parents=True, exist_ok=True)
    blobs = thumbnails()
    for k, blob in enumerate(blobs):
        (thumbs / f"_t{k}.webp").write_bytes(blob)
    for i, p in enumerate(papers):
        target = thumbs / f"{p['id']}.webp"
        if not target.exists():
            os.link(thumbs / f"_t{i % len(blobs)}.webp", target)
    (root / "index.html").write_text(index_page(), encoding="utf-8")
    (root / "papers.html").write_text(gallery_page(papers), encoding="utf-8")
    (root / "map.html").write_text(map_page(papers), encoding="utf-8")
    (root / "schedule.html").write_text(schedule_page(sessions), encoding="utf-8")
    (root / "papers").mkdir(exist_ok=True)
    for i, p in enumerate(papers):
        # every paper page exists (links must work); only a few carry the full block
        if not all_pages and i >= paper_pages:
            break
        full = i < paper_pages
        text = paper_page(p, papers, sessions) if full else page(
            p["title"], f'<article class="vconf-paper" data-id="{E(p["id"])}"><p>{E(p["title"])}</p></article>', depth=1)
        (root / "papers" / f"{p['id']}.html").write_text(text, encoding="utf-8")
    (root / "sessions").mkdir(exist_ok=True)
    for s in sessions:
        (root / "sessions" / f"{s['id']}.html").write_text(session_page(s), encoding="utf-8")
    return Site(root, papers, sessions)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a thread; yields the base URL."""
    handler = lambda *a, **k: _Quiet(*a, directory=str(root), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


if __name__ == "__main__":
    import sys
    import tempfile

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    site = build(Path(tempfile.mkdtemp(prefix="vconf-fe-")), n)
    with serve(site.root) as url:
        print(f"serving {site.root} at {url} (Ctrl+C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
