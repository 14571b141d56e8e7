"""Directives and the pages they make: what a reader sees for each paper, session, workshop, speaker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


def page(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def text(html: str) -> str:
    """The visible text of a page, roughly: tags out, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_paper_page_carries_its_data(app: SphinxTestApp) -> None:
    app.build()
    html = page(app, "papers/p1.html")
    visible = text(html)
    assert "<h1>Graph neural networks for molecules" in html
    assert "Marie Curie (Sorbonne)" in visible and "Niels Bohr" in visible
    assert "We learn message passing on molecular graphs" in visible
    assert r"\(O(n \log n)\)" in html  # math for MathJax, shipped with the theme
    assert 'href="../papers.html?q=graphs"' in html  # keyword chips filter the gallery
    assert "https://github.com/example/gnn" in html
    assert 'href="../sessions/poster-1.html"' in html
    assert 'datetime="2026-05-04T17:00:00+02:00"' in html
    assert "Mon 4 May 2026" in visible  # readable without JavaScript, conference zone
    assert "rating 8" in visible
    assert 'class="similar-papers"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
    assert "<iframe" not in html  # embeds load on click only
    assert 'href="../calendars/papers/p1.ics"' in html


def test_gallery_lists_the_rest_without_javascript(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of cards; every other paper in <noscript>, compact: the browser that runs the
    script does not parse them, a reader without JavaScript still sees them."""
    from sphinxext_vconf.directives import gallery as gallery_mod

    monkeypatch.setattr(gallery_mod, "SERVER_CARDS", 2)
    app.build()
    html = page(app, "papers.html")
    shown, _, rest = html.partition('<noscript><ul class="vconf-gallery-rest">')
    assert shown.count('class="paper-card"') == 2 and 'data-page-size="96"' in shown
    rest = rest.split("</noscript>")[0]
    assert rest.count("<li>") == 1
    assert 'href="papers/p3.html">Attention for graphs</a>' in rest and "Grace Hopper" in rest
    assert "<img" not in rest  # no thumbnails: lazy loading needs JavaScript
    papers = json.loads((Path(app.outdir) / "data" / "papers.json").read_text())
    assert {p["thumbnail_kind"] for p in papers} <= {"figure", "author", "placeholder"}


def test_session_workshop_speaker_pages(app: SphinxTestApp) -> None:
    app.build()
    session = text(page(app, "sessions/poster-1.html"))
    for title in ("Graph neural networks for molecules", "Reinforcement learning for robots", "Attention for graphs"):
        assert title in session
    keynote = page(app, "sessions/keynote.html")
    assert 'href="../speakers/ada.html"' in keynote and "Ada Lovelace" in keynote
    workshop = text(page(app, "workshops/w1.html"))
    assert "Grace Hopper" in workshop and "Talk on trees" in workshop and "Alan Turing" in workshop
    assert "Graphs Workshop live" in workshop
    speaker = text(page(app, "speakers/ada.html"))
    assert "Analytical Engines Ltd" in speaker and "Notes on the engine" in speaker
    assert "Opening keynote" in speaker


def test_listings(app: SphinxTestApp) -> None:
    app.build()
    gallery = page(app, "papers.html")
    assert gallery.count('class="paper-card"') == 3
    assert 'data-papers="data/gallery.json"' in gallery
    schedule = page(app, "schedule.html")
    assert schedule.index("Opening keynote") < schedule.index("Poster session 1") < schedule.index("Graphs Workshop live")
    assert 'href="days/2026-05-04.html"' in schedule
    day = text(page(app, "days/2026-05-05.html"))
    assert "Graphs Workshop live" in day and "Opening keynote" not in day
    navbar = page(app, "papers/p2.html")
    for target in ("../index.html", "../schedule.html", "../papers.html", "../map.html", "../workshops.html",
                   "../speakers.html", "../chat.html"):
        assert f'href="{target}"' in navbar


def test_directives_on_an_organizer_page(app: SphinxTestApp) -> None:
    app.build()
    html = page(app, "index.html")
    assert 'data-id="keynote"' in html  # {session} keynote
    assert html.count('class="paper-card"') >= 1  # {paper} p2 :card:
    # {similar-papers} with a free-text query about molecules and graphs
    block = html[html.index('class="similar-papers"'):]
    assert "Graph neural networks for molecules" in block[:3000]


def test_unknown_id_warns_with_location(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:\d+: WARNING: paper: unknown paper id 'nope'", warnings)


def test_published_data(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    papers = json.loads((out / "data" / "papers.json").read_text())
    assert [p["id"] for p in papers] == ["p1", "p2", "p3"]
    for p in papers:
        assert {"id", "title", "authors", "keywords", "track", "url", "thumbnail", "x", "y", "similar"} <= set(p)
        assert (out / p["url"]).is_file() and (out / p["thumbnail"]).is_file()
        assert 0 <= p["x"] <= 1 and 0 <= p["y"] <= 1
    p1 = papers[0]
    assert p1["similar"][0] == "p3"  # the other graph paper
    sessions = json.loads((out / "data" / "sessions.json").read_text())
    keynote = next(s for s in sessions if s["id"] == "keynote")
    assert keynote["start"] == "2026-05-04T09:00:00+02:00" and keynote["url"] == "sessions/keynote.html"
    assert (out / ".nojekyll").exists()
    assert (out / "calendar.ics").read_text().count("BEGIN:VEVENT") == 3


def test_readme_lists_every_option() -> None:
    from sphinxext_vconf.config import option_table

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert option_table() in readme


def test_archive_mode_hides_live_links_keeps_videos(basic_project: Path) -> None:
    from conftest import sphinx_build

    out = basic_project.parent / "html"
    sphinx_build(basic_project, out, "-D", "vconf_archive=1")
    paper = (out / "papers" / "p1.html").read_text()
    assert "vconf-action-chat" not in paper and "Open chat" not in paper
    assert "youtube-nocookie.com/embed/abcdefghijk" in paper  # the recorded talk stays
    assert not (out / "chat.html").exists()
    assert 'href="../chat.html"' not in paper  # and the navbar forgets it


@pytest.mark.sphinx("html", testroot="talks", freshenv=True)
def test_a_talks_conference_pages(app: SphinxTestApp) -> None:
    """Declared kinds, two speakers, a speaker with two sessions, each talk's time, a marker."""
    app.build()
    keynote = text(page(app, "sessions/keynote.html"))
    assert "Kind Keynote" in keynote and "Speakers Ada Lovelace , Grace Hopper" in keynote
    talks = page(app, "sessions/talks-1.html")
    programme = talks.split('<ol class="vconf-session-programme">')[1].split("</ol>")[0]
    assert [t.split(">")[-1] for t in re.findall(r"Wed 13 May 2026, [0-9:–]+", programme)] == [
        "Wed 13 May 2026, 10:30–11:00", "Wed 13 May 2026, 11:00–11:30", "Wed 13 May 2026, 11:30–12:00"]
    assert programme.index("Packaging without tears") < programme.index("Fast dataframes") < programme.index("Typing")
    # the talk's page gives its own slot
    assert "Wed 13 May 2026, 11:00–11:30" in text(page(app, "papers/t2.html"))
    # a marker is one instant; the speaker with two sessions names both
    assert "Wed 13 May 2026, 08:00 CDT (UTC-05:00)" in text(page(app, "sessions/doors.html"))
    ada = page(app, "speakers/ada.html")
    assert "../sessions/keynote.html" in ada and "../sessions/tut.html" in ada
    schedule = page(app, "schedule.html")
    assert "Announcement" in text(schedule) and '&quot;hue&quot;: 205' in schedule
    # every page carries the declared kinds for its scripts (labels; colours as hues)
    assert '<meta name="vconf-kinds" content="{&quot;talk&quot;: {&quot;label&quot;: &quot;Talk&quot;, &quot;hue&quot;: 205}' in talks
    # each talk's slot reaches the scripts (the agenda's picks use it)
    sessions = {s["id"]: s for s in json.loads(page(app, "data/sessions.json"))}
    assert sessions["talks-1"]["paper_times"]["t2"] == ["2026-05-13T11:00:00-05:00", "2026-05-13T11:30:00-05:00"]
    assert "paper_times" not in sessions["keynote"]
    # the site's words, renamed for talks (vconf_words)
    assert "Talks (3)" in text(talks) and "Papers (" not in text(talks)
    assert "<title>Talk map" in page(app, "map.html") and "<title>Talks" in page(app, "papers.html")
