"""Publishing: nothing from outside hosts, byte-identical rebuilds, a site for any static host."""

from __future__ import annotations

import filecmp
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import REPO, sphinx_build

from sphinxext_vconf.publish import check_outside_hosts, outside_loads


def test_outside_loads_are_found() -> None:
    html = """<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
    <script src="//cdn.example.com/x.js"></script></head><body style="background:url('https://img.example/b.png')">
    <a href="https://example.org/">a plain link loads nothing</a><img src="_static/ok.png">
    <iframe src="https://www.youtube.com/embed/x"></iframe></body></html>"""
    hosts = [url for _, url in outside_loads(html)]
    assert hosts == ["https://fonts.googleapis.com/css?family=Roboto", "//cdn.example.com/x.js",
                     "//img.example", "https://www.youtube.com/embed/x"]


def test_a_page_loading_from_a_cdn_fails_the_build_under_W(basic_project: Path) -> None:
    (basic_project / "index.md").write_text(
        "# Home\n\n<script src=\"https://cdn.jsdelivr.net/npm/some-lib.js\"></script>\n")
    out = basic_project.parent / "html"
    proc = sphinx_build(basic_project, out, "-W", check=False)
    assert proc.returncode != 0
    assert "index" in proc.stderr and "outside host 'cdn.jsdelivr.net'" in proc.stderr
    # Allowed once the organizer says so.
    proc = sphinx_build(basic_project, out, "-W", "-D", "vconf_embed_hosts=cdn.jsdelivr.net", check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _tree(root: Path) -> list[str]:
    skip = {".doctrees", ".buildinfo", ".buildinfo.bak"}
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and not (set(p.relative_to(root).parts) & skip))


def test_two_builds_are_byte_identical(basic_project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "deeper" / "src"
    other.parent.mkdir(parents=True)
    subprocess.run(["cp", "-r", str(basic_project), str(other)], check=True)
    out1, out2 = basic_project.parent / "out1" / "html", tmp_path / "elsewhere" / "out2" / "html"
    sphinx_build(basic_project, out1)
    sphinx_build(other, out2)
    files = _tree(out1)
    assert files == _tree(out2)
    _, mismatch, errors = filecmp.cmpfiles(out1, out2, files, shallow=False)
    assert mismatch == [] and errors == []
    for name in files:  # no absolute path of the build machine leaks into the site
        data = (out1 / name).read_bytes()
        assert str(basic_project.parent).encode() not in data, name


def test_site_has_what_static_hosts_need(basic_project: Path) -> None:
    out = basic_project.parent / "html"
    sphinx_build(basic_project, out)
    assert (out / ".nojekyll").exists()  # GitHub Pages: serve _static/ as is
    notfound = (out / "404.html").read_text()
    # links work from any missing path: the base is conference.url's path where the address is
    # under it (set by an inline script); the page loads nothing that could fail to load
    assert 'var base = "/testconf/";' in notfound
    assert not re.search(r'<(script|img)[^>]+src=|<link[^>]+rel="stylesheet"', notfound)
    assert check_outside_hosts(out) == []


def test_make_dist_packs_the_site(tmp_path: Path) -> None:
    out = tmp_path / "html"
    (out / "papers").mkdir(parents=True)
    (out / "index.html").write_text("<p>home</p>")
    (out / "papers" / "p1.html").write_text("<p>paper</p>")
    subprocess.run(["make", "-s", "-o", "html", "dist", f"OUT={out}", "STAMP=Makefile"], cwd=REPO, check=True,
                   capture_output=True)
    archive = REPO / "_build" / "dist" / "site.tar.gz"
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == [".", "./index.html", "./papers", "./papers/p1.html"]


def test_the_theme_names_no_outside_host() -> None:
    """Nothing shipped with the theme (the vendored MathJax included) points at a host: a
    link or loader URL there could reach out from a reader's browser."""
    theme = Path(__file__).resolve().parents[1] / "theme"
    found = []
    for path in sorted(p for p in theme.rglob("*") if p.suffix in (".js", ".css", ".html", ".svg", ".toml")):
        for url in re.findall(r"https?://[\w.-]+", path.read_text(encoding="utf-8", errors="replace")):
            if url.split("//")[1] != "www.w3.org":  # XML namespace names, never fetched
                found.append(f"{path.relative_to(theme)}: {url}")
    assert found == []


def test_an_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from sphinxext_vconf import OutputError, _check_outdir

    (tmp_path / "a-file").write_text("")
    with pytest.raises(OutputError, match="not writable"):
        _check_outdir(SimpleNamespace(outdir=str(tmp_path / "a-file" / "html")))


def test_a_full_disk_while_publishing_is_a_clear_error(basic_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from sphinxext_vconf import OutputError, publish

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "calendars/x.ics")

    monkeypatch.setattr(publish, "publish", full)
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=basic_project, confoverrides={"vconf_map": False, "vconf_thumbnails": False})
    try:
        with pytest.raises(OutputError, match="No space left on device"):
            app.build()
    finally:
        app.cleanup()


def test_an_empty_build_info_left_by_a_crash_is_rebuilt(basic_project: Path) -> None:
    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out, "-D", "vconf_map=0")
    (out / ".buildinfo").write_text("")
    proc = sphinx_build(basic_project, out, "-D", "vconf_map=0", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-2000:]
    assert (out / ".buildinfo").read_text().startswith("# Sphinx build info")
    assert not (out / "_static" / "webpack-macros.html").exists()  # pydata's stub is not published


def _map_papers() -> list[dict]:
    base = {"authors": ["A. Author"], "presentation": "poster", "decision": "", "similar": []}
    return [
        {**base, "id": "a1", "title": "Graphs <b>", "keywords": ["graphs", "GNN"], "track": "ML", "sessions": ["s1", "s2"],
         "url": "papers/a1.html", "thumbnail": "_vconf/thumbs/a1.webp", "thumbnail_kind": "figure", "x": 0.12345, "y": 1.0},
        {**base, "id": "b2", "title": "Vision", "keywords": ["GNN"], "track": "", "sessions": [],
         "url": "papers/b2.html", "thumbnail": "_vconf/thumbs/b2.webp", "thumbnail_kind": "placeholder", "x": 0.5, "y": 0.0},
        {**base, "id": "c3", "title": "Unplaced", "keywords": [], "track": "CV", "sessions": ["s1"],
         "url": "papers/c3.html", "thumbnail": "", "thumbnail_kind": ""},
    ]


def test_map_json_holds_each_placed_paper_by_column() -> None:
    from sphinxext_vconf.publish import map_json

    topics = {"levels": [{"label": ["Graphs", "Vision"], "x": [0.1, 0.5], "y": [1, 0], "size": [1, 1], "parent": [-1, -1]}],
              "assign": {"a1": [0], "b2": [1]}}
    m = map_json(_map_papers(), topics)
    assert m["id"] == ["a1", "b2"]  # the paper without a position is not on the map
    assert m["title"] == ["Graphs <b>", "Vision"]  # text as it is: the map sets it with textContent
    assert (m["x"], m["y"]) == ([1234, 5000], [10000, 0])  # 1/10,000 of the square
    assert m["track"] == {"values": ["ML"], "of": [0, -1]}
    assert [[m["sessions"]["values"][k] for k in row] for row in m["sessions"]["of"]] == [["s1", "s2"], []]
    assert [[m["keywords"]["values"][k] for k in row] for row in m["keywords"]["of"]] == [["graphs", "GNN"], ["GNN"]]
    assert m["url"] == {"prefix": "papers/", "suffix": ".html", "has": [1, 1]}
    # a placeholder is no figure: the map draws a dot (or a box) for it
    assert m["thumbnail"] == {"prefix": "_vconf/thumbs/", "suffix": ".webp", "has": [1, 0]}
    assert m["topics"] == {"levels": topics["levels"], "of": [[0, 1]]}


def test_map_json_lists_urls_that_follow_no_pattern() -> None:
    from sphinxext_vconf.publish import map_json

    papers = _map_papers()[:2]
    papers[1]["url"] = "elsewhere/vision.html"
    m = map_json(papers, {})
    assert m["url"] == {"values": ["papers/a1.html", "elsewhere/vision.html"]}
    assert m["topics"] == {"levels": [], "of": []}
