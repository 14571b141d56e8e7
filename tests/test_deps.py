"""Dependencies tracked the Sphinx way: after an edit, exactly the pages showing the edited
record are read again, and every one of them (and the published data) shows the edit."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOTS
from sphinx.application import Sphinx

from sphinxext_vconf import deps, model

OLD, NEW = "Attention for graphs", "Transformers on citation graphs"


def _build(src: Path, out: Path, parallel: int = 2) -> set[str]:
    """Build in this process (incrementally when ``out`` holds a build); the pages read."""
    app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                 status=io.StringIO(), warning=io.StringIO(), parallel=parallel,
                 confoverrides={"vconf_cache_dir": str(out / "cache")})
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    # an edit's few pages are read in this process (memory.py), and -j is as given for the rest
    assert app.parallel == parallel
    return read


def _showing(html: Path, text: str) -> set[str]:
    """Pages whose visible HTML shows ``text`` (as a docname)."""
    return {p.relative_to(html).with_suffix("").as_posix() for p in html.rglob("*.html")
            if not p.relative_to(html).parts[0].startswith("_") and text in p.read_text(encoding="utf-8")}


def test_a_title_edit_rereads_exactly_the_pages_that_show_it(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-basic", src)
    first = _build(src, out)
    html = out / "html"
    shown = _showing(html, OLD)
    # its page, its session's page, the papers it is similar to, the listings of all papers
    assert {"papers/p3", "sessions/poster-1", "papers/p1", "papers"} <= shown, shown
    assert "days/2026-05-04" in first and "sessions/keynote" in first

    papers = src / "data" / "papers.yml"
    stubs = {p: p.read_bytes() for p in src.rglob("*.md")}
    papers.write_text(papers.read_text(encoding="utf-8").replace(f"title: {OLD}\n", f"title: {NEW}\n", 1),
                      encoding="utf-8")
    read = _build(src, out)

    assert {p: p.read_bytes() for p in src.rglob("*.md")} == stubs  # stubs: no source changed
    assert shown <= read, f"not read again: {shown - read}"
    # the agenda lists every paper's track: the only page read that does not show the title
    assert read - shown <= {"agenda"}, f"read needlessly: {read - shown - {'agenda'}}"
    for page in ("days/2026-05-04", "schedule", "sessions/keynote", "speakers/ada", "workshops/w1"):
        assert page not in read
    for doc in shown:
        text = (html / f"{doc}.html").read_text(encoding="utf-8")
        assert NEW in text and OLD not in text, doc
    assert f'<h1>{NEW}' in (html / "papers" / "p3.html").read_text(encoding="utf-8")
    for published in ("data/gallery.json", "data/papers.json", "calendars/papers/p3.ics",
                      "calendars/sessions/poster-1.ics"):
        text = (html / published).read_text(encoding="utf-8")
        text = re.sub(r"\r?\n ", "", text).replace("\\,", ",")  # ICS folds lines, escapes commas
        assert NEW in text and OLD not in text, published


def test_moving_a_record_in_its_file_rereads_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-basic", src)
    _build(src, out, parallel=1)
    papers = src / "data" / "papers.yml"
    papers.write_text("# a comment: every paper's line moves down\n\n" + papers.read_text(encoding="utf-8"),
                      encoding="utf-8")
    # only the organizer's home page, whose free-text similar-papers query depends on the
    # words of every paper (it notes the YAML files themselves)
    assert _build(src, out, parallel=1) == {"index"}


def _data(conf: model.Conference) -> SimpleNamespace:
    return SimpleNamespace(conf=conf, similar={}, thumbnails={}, xy={})


def test_fingerprints_narrow_the_checks_without_changing_the_answer() -> None:
    """A page's notes are checked field by field only where a record it read has changed
    since the build that last found it current."""
    conf = model.load(ROOTS / "test-basic" / "data")
    used: deps.Used = {}
    assert deps.watching(_data(conf), used).conf.papers["p1"].title
    notes = deps.compact(used)
    since = deps.fingerprints(_data(conf))

    def edited(pid: str, **change: str) -> SimpleNamespace:
        return _data(dataclasses.replace(conf, papers={**conf.papers,
                                                       pid: dataclasses.replace(conf.papers[pid], **change)}))

    other = edited("p2", title="Another paper's new title")
    assert deps.unchanged(other, notes, since)
    assert not [k for k in other.__dict__.get("_digests", {}) if k[0] == "paper"]  # p1 did not change: no digest
    hidden = edited("p1", abstract="Only the abstract, which the page does not show, changed.")
    assert deps.unchanged(hidden, notes, since)
    assert ("paper", "p1", "title") in hidden.__dict__["_digests"]  # checked field by field
    assert not deps.unchanged(edited("p1", title="A new title"), notes, since)
    assert not deps.unchanged(edited("p1", title="A new title"), notes)  # the same without fingerprints
    gone = _data(dataclasses.replace(conf, papers={k: v for k, v in conf.papers.items() if k != "p1"}))
    assert not deps.unchanged(gone, notes, since)
