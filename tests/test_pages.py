"""Generated pages: one stub per record, written when it appears, never the organizer's; an
edit re-reads the pages that show what changed (see test_deps.py), the stubs stay."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import sphinx_build
from sphinx.testing.util import SphinxTestApp

from sphinxext_vconf.pages import MARKER, clean, escape_markdown, is_generated

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


def mtimes(srcdir: Path) -> dict[str, float]:
    return {str(p.relative_to(srcdir)): p.stat().st_mtime_ns for p in srcdir.rglob("*.md")}


def test_a_page_for_every_record(app: SphinxTestApp) -> None:
    app.build()
    src = Path(app.srcdir)
    for docname in ("papers/p1", "papers/p2", "papers/p3", "sessions/keynote", "sessions/poster-1",
                    "workshops/w1", "speakers/ada", "days/2026-05-04", "days/2026-05-05",
                    "papers", "map", "schedule", "workshops", "speakers", "chat"):
        assert is_generated(src / f"{docname}.md"), docname
        assert (Path(app.outdir) / f"{docname}.html").is_file(), docname
    # The organizer's index.md is theirs.
    assert not is_generated(src / "index.md")


def test_unchanged_rebuild_rewrites_nothing_and_reads_nothing(basic_project: Path) -> None:
    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out)
    before = mtimes(basic_project)
    proc = sphinx_build(basic_project, out)
    assert mtimes(basic_project) == before
    assert "unchanged since the last build: reused" in proc.stdout
    assert "0 added, 0 changed, 0 removed" in proc.stdout


def test_editing_one_abstract_rereads_only_its_page(basic_project: Path) -> None:
    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out)
    before = mtimes(basic_project)
    papers = basic_project / "data" / "papers.yml"
    # a sentence after the first: p2 has no figure, and its card shows its abstract's first line
    papers.write_text(papers.read_text().replace("reward shaping.", "reward shaping. Curricula help too."))
    proc = sphinx_build(basic_project, out)
    after = mtimes(basic_project)
    assert after == before  # the stubs stay as they are
    # p2's page, and index.md, whose free-text similar-papers query depends on every abstract
    # (p2's card there shows no abstract; the pages listing p2 show none either).
    assert "0 added, 2 changed, 0 removed" in proc.stdout
    assert "Curricula help too." in (out / "papers" / "p2.html").read_text()


def test_organizer_page_is_never_overwritten(app: SphinxTestApp) -> None:
    src = Path(app.srcdir)
    (src / "speakers").mkdir(exist_ok=True)
    own = "# Ada, in our own words\n\n```{speaker} ada\n```\n"
    (src / "speakers" / "ada.md").write_text(own)
    app.build()
    assert (src / "speakers" / "ada.md").read_text() == own
    assert "Ada, in our own words" in (Path(app.outdir) / "speakers" / "ada.html").read_text()
    clean(src)
    assert (src / "speakers" / "ada.md").read_text() == own
    assert not (src / "papers" / "p1.md").exists()


def test_withdrawn_paper_page_is_removed(basic_project: Path) -> None:
    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out)
    src = basic_project
    papers = src / "data" / "papers.yml"
    text = papers.read_text()
    papers.write_text(text[: text.index("  - id: p3")])
    sessions = src / "data" / "conference.yml"
    sessions.write_text(sessions.read_text().replace("papers: [p1, p2, p3]", "papers: [p1, p2]"))
    sphinx_build(src, out)
    assert not (src / "papers" / "p3.md").exists()
    assert (src / "papers" / "p2.md").exists()


def test_titles_are_literal_text() -> None:
    hostile = "Nets *really* work <script>alert(1)</script> {{ x }} $a$ [l](javascript:x)"
    escaped = escape_markdown(hostile)
    assert "<" not in escaped.replace("\\<", "") and "*" not in escaped.replace("\\*", "")
    assert MARKER.startswith("%")  # a MyST comment: invisible on the page


def test_parallel_build_gives_the_same_pages(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    app_j = SphinxTestApp("html", srcdir=app.srcdir, builddir=tmp_path / "j", parallel=2)
    try:
        app_j.build()
    finally:
        app_j.cleanup()
    for name in ("papers/p1.html", "sessions/poster-1.html", "papers.html"):
        serial = (Path(app.outdir) / name).read_text()
        parallel = (Path(app_j.outdir) / name).read_text()
        assert serial == parallel, name
    assert os.path.exists(tmp_path / "j" / "html" / "data" / "papers.json")


def test_a_line_added_above_a_paper_rewrites_no_other_page(basic_project: Path) -> None:
    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out)
    before = mtimes(basic_project)
    papers = basic_project / "data" / "papers.yml"
    # p1 gets a second review: every later paper moves down a line in the file.
    papers.write_text(papers.read_text().replace("      - {rating: 8, confidence: 4, text: A solid paper.}",
                                                 "      - {rating: 8, confidence: 4, text: A solid paper.}\n"
                                                 "      - {rating: 6, confidence: 3, text: Fine.}"))
    proc = sphinx_build(basic_project, out)
    assert mtimes(basic_project) == before
    # p1's page (its reviews), and index.md (its free-text query notes the YAML files)
    assert "0 added, 2 changed, 0 removed" in proc.stdout
