"""Rich text: Markdown fields render as a reader expects and nothing active survives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinxext_vconf.richtext import has_math, to_html, to_plain

REVIEW = """SUMMARY:
The paper proposes a method.

## Weaknesses
- the bound in $\\delta < 1$ is loose
- no code

$$\\sum_i x_i$$

See [the appendix](https://example.org/appendix) and <b>this</b>.
"""


def test_review_markdown_renders() -> None:
    out = to_html(REVIEW, breaks=True)
    assert "<h5>Weaknesses</h5>" in out  # under the page's own headings
    assert re.search(r"<ul>\s*<li>the bound in <span class=\"math notranslate nohighlight\">"
                     r"\\\(\\delta &lt; 1\\\)</span> is loose</li>\s*<li>no code</li>\s*</ul>", out), out
    assert '<div class="math notranslate nohighlight">\\[\\sum_i x_i\\]</div>' in out
    assert '<a href="https://example.org/appendix" rel="noopener noreferrer nofollow">the appendix</a>' in out
    assert "<b>this</b>" in out
    assert "SUMMARY:<br>" in out  # a single newline is kept in a review
    assert has_math(out)


def test_single_newline_joins_lines_outside_reviews() -> None:
    assert to_html("a wrapped\nabstract line") == "<p>a wrapped\nabstract line</p>"


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '<span style="position:fixed" class="evil" id="x" onclick="alert(1)">s</span>',
    '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">s</a></svg>',
    "![img](https://tracker.example/pixel.png)",
])
def test_nothing_active_survives(payload: str) -> None:
    out = to_html(f"Before {payload} after\n\n{payload}")
    lowered = out.lower()
    for bad in ("<script", "<iframe", "<style", "style=", "<img", "<svg", 'id="', 'class="evil', "src="):
        assert bad not in lowered, (bad, out)
    # Left as text, "javascript:" is inert; as an attribute it would not be.
    assert not re.search(r"<[^>]*\bon[a-z]+=", lowered), out
    assert all(href.startswith(("http://", "https://", "mailto:"))
               for href in re.findall(r'href="([^"]*)"', lowered)), out
    assert "Before" in out and "after" in out


@pytest.mark.parametrize(("text", "shown"), [
    ("[x](javascript:alert(1))", "x"),
    ("see [the **proof**](JavaScript:alert(1)) here", "see the proof here"),
    ("[l](<javascript:alert(1)>)", "l"),
    ("[d](data:text/html;base64,PHNjcmlwdD4=) and [v](vbscript:x)", "d and v"),
])
def test_unsafe_link_shows_only_its_label(text: str, shown: str) -> None:
    out = to_html(text)
    assert "<a" not in out and "](" not in out and "script:" not in out.lower(), out
    assert re.sub(r"<[^>]+>", "", out) == shown  # what the reader sees: the label, nothing else
    assert to_plain(text) == shown


def test_safe_links_stay_links() -> None:
    out = to_html("[a](https://e.org/x) [r](appendix.html) [m](mailto:pc@e.org) [x](javascript:1)")
    assert re.findall(r'href="([^"]+)"', out) == ["https://e.org/x", "appendix.html", "mailto:pc@e.org"]
    assert out.endswith(" x</p>")


def test_math_is_text_for_mathjax_not_markup() -> None:
    out = to_html("$a</span><script>alert(1)</script>$")
    assert "<script" not in out
    # "$5 and $10" is money
    assert not has_math(to_html("It costs $5 and $10."))


def test_plain_text_keeps_words_and_drops_markup() -> None:
    plain = to_plain(REVIEW)
    assert plain.startswith("SUMMARY:\nThe paper proposes a method.")
    assert "Weaknesses\n\n- the bound in $\\delta < 1$ is loose\n\n- no code" in plain
    assert "the appendix" in plain and "https://" not in plain and "<b>" not in plain and "##" not in plain
    assert to_plain("<script>alert(1)</script>Hi") .strip().endswith("Hi")
    assert "<script" not in to_plain("<script>alert(1)</script>Hi")
    assert to_plain("") == "" and to_html("  ") == ""


def test_sample_review_and_bio_render_as_rich_text(sample_site: Path) -> None:
    page = (sample_site / "papers" / "vc26-047.html").read_text()
    review = page[page.index('class="vconf-reviews"'):]
    assert "<h5>Weaknesses</h5>" in review and "<li>The activity of the best designs" in review
    assert '<span class="math notranslate nohighlight">\\(k_{cat}/K_M\\)</span>' in review
    assert "## Weaknesses" not in page and "**Summary.**" not in page
    assert "tex-chtml-full.js" in page  # the review's math is typeset
    bio = (sample_site / "talks" / "amara-okafor.html").read_text()
    assert ('<a href="https://amara-okafor.example/group/" rel="noopener noreferrer nofollow">'
            "Structured Learning group</a>") in bio
    assert "[Structured Learning group]" not in bio
