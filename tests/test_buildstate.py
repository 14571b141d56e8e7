"""Rebuilds reuse the last build's data only while nothing it was made from has changed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import sphinx_build

REUSED = "generated pages and published files are unchanged since the last build: reused"


def mtimes(root: Path, pattern: str) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob(pattern)}


@pytest.fixture
def built(basic_project: Path) -> tuple[Path, Path]:
    out = basic_project.parent / "_build" / "html"
    proc = sphinx_build(basic_project, out)
    assert REUSED not in proc.stdout  # the first build computes everything
    return basic_project, out


def test_unchanged_rebuild_reuses_data_pages_and_published_files(built: tuple[Path, Path]) -> None:
    src, out = built
    pages, published = mtimes(src, "*.md"), mtimes(out, "*.json") | mtimes(out, "*.ics")
    proc = sphinx_build(src, out)
    assert REUSED in proc.stdout
    assert "vconf: 3 papers" in proc.stdout  # the reused data is the conference's
    assert "0 added, 0 changed, 0 removed" in proc.stdout
    assert mtimes(src, "*.md") == pages
    assert mtimes(out, "*.json") | mtimes(out, "*.ics") == published


def test_a_yaml_edit_takes_the_full_path(built: tuple[Path, Path]) -> None:
    src, out = built
    papers = src / "data" / "papers.yml"
    # a sentence after the first: p2 has no figure, and its card shows its abstract's first line
    papers.write_text(papers.read_text().replace("reward shaping.", "reward shaping. Curricula help too."))
    proc = sphinx_build(src, out)
    assert REUSED not in proc.stdout and "pages: 0 written" in proc.stdout  # stubs stay (deps.py)
    assert "Curricula help too." in (out / "papers" / "p2.html").read_text()
    assert REUSED in sphinx_build(src, out).stdout  # and the next one reuses the new data


def test_a_deleted_generated_page_or_output_file_is_made_again(built: tuple[Path, Path]) -> None:
    src, out = built
    (src / "papers" / "p1.md").unlink()
    proc = sphinx_build(src, out)
    assert REUSED not in proc.stdout and (src / "papers" / "p1.md").is_file()
    (out / "data" / "papers.json").unlink()
    (out / "calendars" / "papers" / "p2.ics").unlink()
    proc = sphinx_build(src, out)
    assert REUSED not in proc.stdout
    assert len(json.loads((out / "data" / "papers.json").read_text())) == 3
    assert (out / "calendars" / "papers" / "p2.ics").is_file()


def test_an_edited_generated_page_is_written_back(built: tuple[Path, Path]) -> None:
    src, out = built
    page = src / "papers" / "p1.md"
    original = page.read_text()
    page.write_text(original + "\nA hand edit in a generated page.\n")
    sphinx_build(src, out)
    assert page.read_text() == original  # as without the reuse: the YAML is the source


def test_config_code_and_fresh_env_take_the_full_path(built: tuple[Path, Path]) -> None:
    src, out = built
    proc = sphinx_build(src, out, "-D", "vconf_similar_k=1")
    assert REUSED not in proc.stdout
    assert all(len(p["similar"]) == 1 for p in json.loads((out / "data" / "papers.json").read_text()))
    assert REUSED in sphinx_build(src, out, "-D", "vconf_similar_k=1").stdout
    assert REUSED not in sphinx_build(src, out, "-E", "-D", "vconf_similar_k=1").stdout


def test_a_changed_local_file_takes_the_full_path(built: tuple[Path, Path]) -> None:
    src, out = built
    (src / "static").mkdir(exist_ok=True)
    pdf = src / "static" / "p1.pdf"
    pdf.write_bytes(b"%PDF-1.4 first")
    papers = src / "data" / "papers.yml"
    text = papers.read_text()
    papers.write_text(text.replace("  - id: p1\n", "  - id: p1\n    pdf: static/p1.pdf\n", 1))
    sphinx_build(src, out, "-D", "vconf_thumbnails=0")
    assert (out / "static" / "p1.pdf").read_bytes() == b"%PDF-1.4 first"
    time.sleep(0.01)
    pdf.write_bytes(b"%PDF-1.4 second version")
    proc = sphinx_build(src, out, "-D", "vconf_thumbnails=0")
    assert REUSED not in proc.stdout
    assert (out / "static" / "p1.pdf").read_bytes() == b"%PDF-1.4 second version"


def test_reused_data_answers_a_new_free_text_query(built: tuple[Path, Path]) -> None:
    """An organizer's page edited while the YAML is unchanged: its similar-papers query
    loads the embeddings from their cache and finds the papers."""
    src, out = built
    index = src / "index.md"
    index.write_text(index.read_text().replace("molecules and graph networks", "robots and reward shaping"))
    proc = sphinx_build(src, out)
    assert REUSED in proc.stdout and "1 changed" in proc.stdout
    html = (out / "index.html").read_text()
    similar = html[html.index('class="similar-papers"'):]
    assert "Reinforcement learning for robots" in similar


KILLER = '''
import os, signal

def _kill(app, pagename, *args):
    if os.environ.get("VCONF_TEST_KILL") and pagename == "index":  # after the environment was saved
        os.kill(os.getpid(), signal.SIGKILL)

def setup(app):
    app.connect("html-page-context", _kill)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def test_a_build_killed_while_writing_leaves_no_stale_page(basic_project: Path, tmp_path: Path) -> None:
    """Rename a paper, SIGKILL sphinx-build while it writes, rebuild: the organizer's page
    that shows the paper's card has the new title."""
    import os
    import subprocess
    import sys

    src, out = basic_project, basic_project.parent / "_build" / "html"
    (tmp_path / "killer").mkdir()
    (tmp_path / "killer" / "vconf_killer.py").write_text(KILLER)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('["sphinxext_vconf"]', '["sphinxext_vconf", "vconf_killer"]'))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "killer"), os.environ.get("PYTHONPATH", "")])}

    def build(**extra: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out.parent / "doctrees"), str(src), str(out)]
        return subprocess.run(cmd, capture_output=True, text=True, env={**env, **extra}, timeout=600)

    assert build().returncode == 0
    assert "Reinforcement learning for robots" in (out / "index.html").read_text()
    papers = src / "data" / "papers.yml"
    papers.write_text(papers.read_text().replace("Reinforcement learning for robots", "Robot arms that learn"))
    killed = build(VCONF_TEST_KILL="1")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert "pickling environment" in killed.stdout
    assert "Reinforcement learning for robots" in (out / "index.html").read_text()  # the kill left it stale
    again = build()
    assert again.returncode == 0, again.stderr[-2000:]
    page = (out / "index.html").read_text()
    assert "Robot arms that learn" in page and "Reinforcement learning for robots" not in page
