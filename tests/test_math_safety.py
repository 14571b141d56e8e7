"""Math in conference data cannot run a script; the TeX real abstracts use renders.

Every text field of a small conference carries every payload; every page type is opened in
Chromium, MathJax typesets, and every link inside rendered math is clicked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from browser import launch, serve
from conftest import ROOTS, sphinx_build

pytestmark = pytest.mark.browser

PAYLOADS = [
    r"$\mmlToken{mi}[href='javascript:window.__pwned=1']{x}$",
    r"$\href{javascript:window.__pwned=2}{y}$",
    r"$\href{data:text/html,<script>parent.__pwned=3</script>}{d}$",
    r"$\class{navbar}{z}$ $\cssId{pst-header}{i}$",
    r"$\style{position:fixed;top:0;left:0;width:100vw;height:100vh;background:red}{w}$",
    r"$\mmlToken{mi}[style='background:url(javascript:window.__pwned=4)']{s}$",
    r"$\unicode[sans-serif; onload=window.__pwned=5]{x41}$",
    "</script><script>window.__pwned=6</script>",
    "<img src=x onerror=window.__pwned=7>",
    "javascript:window.__pwned=8 data:text/html,<script>window.__pwned=9</script>",
    # Markdown fields: links and HTML that Markdown would pass through.
    "[m](javascript:window.__pwned=13) <a href=\"javascript:window.__pwned=14\">a</a>",
    "<svg onload=window.__pwned=15></svg> <iframe src=\"javascript:parent.__pwned=16\"></iframe>",
    "<details open ontoggle=window.__pwned=17>d</details> [l](<javascript:window.__pwned=18>)",
]
GOOD = r"$\boldsymbol{\alpha} + \color{red}{r} + \cancel{c}$"
# What a URL field accepts (http(s), no spaces) can still carry markup and TeX: shown as a link only.
# (javascript:, data: and other schemes in URL fields are refused by the model: test_mutations.)
URL = ("https://example.org/?q=\"><img/src=x/onerror=window.__pwned=10>"
       "$\\href{javascript:window.__pwned=11}{u}$</script><script>window.__pwned=12</script>")
TEXT = " ".join(PAYLOADS) + " and " + GOOD


def _project(dest: Path) -> Path:
    src = dest / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "index.md").write_text("# Home\n\n```{conference-now}\n```\n\n```{paper} p1\n:card:\n```\n")
    for path in sorted((src / "data").glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        for p in data.get("papers", []):
            p.update(title=f"Paper {p['id']} {TEXT}", abstract=TEXT, keywords=[TEXT], track=TEXT,
                     authors=[{"name": TEXT, "affiliation": TEXT}],
                     reviews=[{"title": TEXT, "text": TEXT, "reviewer": TEXT, "rating": 6}],
                     code=URL, chat=URL)
        for s in data.get("sessions", []):
            s.update(title=f"Session {TEXT}", description=TEXT, room=TEXT, chair=TEXT)
        for w in data.get("workshops", []):
            w.update(title=f"Workshop {TEXT}", abstract=TEXT, organizers=[TEXT], website=URL, chat=URL)
            for item in w.get("schedule", []):
                item.update(title=TEXT, description=TEXT, speaker=TEXT)
        for sp in data.get("speakers", []):
            sp.update(name=f"Speaker {TEXT}", affiliation=TEXT, bio=TEXT, talk_title=TEXT, talk_abstract=TEXT,
                      website=URL)
        if "conference" in data:
            data["conference"]["tagline"] = TEXT
        path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**6))
    return src


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("mathsafe")
    src = _project(dest)
    out = dest / "html"
    sphinx_build(src, out, "-W", "-D", "vconf_map=0", "-D", "vconf_thumbnails=0")
    return out


PAGES = ["index.html", "papers/p1.html", "papers/p2.html", "sessions/keynote.html", "workshops/w1.html",
         "speakers/ada.html", "papers.html", "schedule.html", "workshops.html", "speakers.html"]


def test_no_math_link_or_style_runs_and_good_tex_renders(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                   or route.request.url.startswith(("data:", "blob:")) else route.abort())
        math_pages = 0
        for name in PAGES:
            page.goto(base + name)
            page.wait_for_function("!window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)")
            page.evaluate("window.MathJax ? MathJax.startup.promise : null")
            assert page.evaluate("window.__pwned") is None, f"{name}: a payload ran on load"
            if not page.evaluate("!!document.querySelector('mjx-container')"):
                continue
            math_pages += 1
            found = page.evaluate("""() => {
                const links = [...document.querySelectorAll('mjx-container a')];
                const hrefs = links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '');
                const styled = [...document.querySelectorAll('mjx-container [style]')]
                    .map(e => e.getAttribute('style')).filter(s => /fixed|url\\(|100vh/.test(s));
                const classes = [...document.querySelectorAll('mjx-container .navbar, mjx-container #pst-header')];
                const errors = [...document.querySelectorAll('mjx-container [data-mjx-error]')]
                    .map(e => e.getAttribute('data-mjx-error'));
                return {hrefs, styled: styled.length, classes: classes.length, errors,
                        // CommonHTML output: elements named after the MathML nodes, colours in CSS
                        cancel: document.querySelectorAll('mjx-container mjx-menclose').length,
                        red: [...document.querySelectorAll('mjx-container mjx-mstyle, mjx-container mjx-mi')]
                            .filter(e => getComputedStyle(e).color === 'rgb(255, 0, 0)').length};
            }""")
            assert all(h.startswith(("http://", "https://")) for h in found["hrefs"]), (name, found["hrefs"])
            assert found["styled"] == 0 and found["classes"] == 0, (name, found)
            assert found["errors"] == [], (name, found["errors"])  # one bad formula blanks nothing
            assert found["cancel"] > 0 and found["red"] > 0, (name, found)  # \cancel and \color rendered
            mml = page.evaluate("Array.from(MathJax.startup.document.math)"
                                ".map(m => MathJax.startup.toMML(m.root)).join('\\n')")
            assert 'mathvariant="bold-italic"' in mml and 'mathcolor="red"' in mml, name  # \boldsymbol
            assert "\\boldsymbol" not in mml and "\\cancel" not in mml, name  # not shown as unknown macros
            # Click every link inside rendered math: nothing may run.
            n = page.evaluate("document.querySelectorAll('mjx-container a').length")
            for i in range(n):
                page.evaluate("(i) => document.querySelectorAll('mjx-container a')[i]"
                              ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))", i)
                page.wait_for_timeout(50)
                if page.url != base + name:
                    page.goto(base + name)
                    page.evaluate("window.MathJax ? MathJax.startup.promise : null")
                assert page.evaluate("window.__pwned") is None, f"{name}: a click on math link {i} ran a payload"
            # Every link rendered from Markdown: http(s) or mailto only (an unsafe one loses its href).
            hrefs = page.evaluate("[...document.querySelectorAll('.vconf-richtext a[href]')].map(a => a.getAttribute('href'))")
            assert all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs), (name, hrefs)
            assert page.evaluate("[...document.querySelectorAll('.vconf-richtext [onload], .vconf-richtext iframe,"
                                 " .vconf-richtext svg, .vconf-richtext [ontoggle]')]"
                                 ".filter(e => !e.closest('mjx-container')).length") == 0, name  # math's own SVG aside
        assert math_pages >= 4
        browser.close()
