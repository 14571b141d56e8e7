"""The theme's components: one home per piece of HTML, overridable, escaping, and the
scripts, styles and data each page loads chosen by the directives it holds."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import sphinx_build

from sphinxext_vconf import THEME_DIR, components, views


def scripts(html: str) -> list[str]:
    return [Path(s.split("?")[0]).name for s in re.findall(r'<script[^>]*src="([^"]+)"', html)]


def styles(html: str) -> list[str]:
    return [Path(s.split("?")[0]).name for s in re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+)"', html)]


def preloads(html: str) -> list[str]:
    return re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', html)


def test_conference_text_is_escaped_and_vconf_markup_is_not() -> None:
    card = {"id": "p<1>", "href": "papers/p1.html", "title": '<script>alert("x")</script>', "authors": ["A & B"],
            "keywords": ["k<"], "track": "T", "lead": "L", "thumb": None, "compact": False}
    html = components.render("paper-card", {"card": card})
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "A &amp; B" in html and 'data-id="p&lt;1&gt;"' in html
    # rich text that vconf sanitized itself (a key ending in _html) is markup, shown as such
    reviews = components.render("reviews", {"reviews": [{"head": "<b>R</b>", "facts": "",
                                                         "text_html": "<p><em>good</em></p>"}]})
    assert "&lt;b&gt;R&lt;/b&gt;" in reviews and "<p><em>good</em></p>" in reviews


def test_every_component_lives_in_the_theme() -> None:
    names = {p.stem for p in (THEME_DIR / "components").glob("*.html")}
    for needed in ("paper-card", "paper-header", "session-line", "person", "time", "embed", "badge", "chat-entry",
                   "gallery", "stage"):
        assert needed in names
    # the card's one home: the gallery's script clones it from the page, no second copy in JS
    gallery = (THEME_DIR / "static" / "vconf-gallery.js").read_text()
    card = (THEME_DIR / "static" / "vconf-card.js").read_text()
    assert "vconf.card(proto" in gallery and "paper-card-title" not in gallery
    assert "vconf-card-template" in card and "innerHTML" not in card
    assert not (Path(views.__file__).parent / "html.py").exists()


def test_organizer_overrides_a_component_and_directives_work_on_any_page(basic_project: Path, tmp_path: Path) -> None:
    """An organizer's _templates/components/badge.html replaces the theme's badge on every
    page; a {paper-gallery}, {paper-map} and {chat-portal} on a page they wrote get their
    scripts, styles and data; MathJax loads only where there is math."""
    (basic_project / "conf.py").write_text((basic_project / "conf.py").read_text() + 'templates_path = ["_templates"]\n')
    override = basic_project / "_templates" / "components" / "badge.html"
    override.parent.mkdir(parents=True)
    override.write_text('<strong class="my-badge" data-kind="{{ badge.kind }}">{{ badge.label }}</strong>\n')
    (basic_project / "venue.md").write_text(
        "---\norphan: true\n---\n# Our venue\n\n```{paper-gallery}\n```\n\n```{paper-map}\n```\n\n```{chat-portal}\n```\n")
    out = tmp_path / "html"
    sphinx_build(basic_project, out)

    paper = (out / "papers" / "p1.html").read_text()
    assert '<strong class="my-badge" data-kind="presentation">' in paper
    assert 'class="vconf-badge vconf-badge-' not in paper

    venue = (out / "venue.html").read_text()
    for script in ("vconf-gallery.js", "vconf-map.js", "vconf-map-draw.js", "vconf-chat.js"):
        assert script in scripts(venue), script
    assert {"vconf-map.css", "vconf-chat.css"} <= set(styles(venue))
    assert {"data/gallery-first.json", "data/map.json", "data/sessions.json"} <= set(preloads(venue))
    assert venue.count('<li class="paper-card') == 3 + 1  # every paper, and the card template

    # a page without those directives loads none of their scripts or data
    speaker = (out / "speakers" / "ada.html").read_text()
    assert not {"vconf-gallery.js", "vconf-map.js", "vconf-chat.js"} & set(scripts(speaker))
    assert preloads(speaker) == []
    # MathJax on the page with math ($...$ in p3's abstract), not on the others
    assert "tex-chtml-full.js" not in scripts(speaker)
    with_math = [p for p in sorted((out / "papers").glob("*.html")) if "\\(" in p.read_text()]
    assert with_math and all("tex-chtml-full.js" in scripts(p.read_text()) for p in with_math)
    without = [p for p in sorted((out / "papers").glob("*.html")) if p not in with_math]
    assert without and not any("tex-chtml-full.js" in scripts(p.read_text()) for p in without)

    # editing the override alone (no data, no page changed) rewrites the pages with it
    override.write_text('<em class="my-badge-2">{{ badge.label }}</em>\n')
    sphinx_build(basic_project, out)
    assert '<em class="my-badge-2">' in (out / "papers" / "p1.html").read_text()
