"""Errors the Sphinx way: invalid data stops an embedded Sphinx with a catchable SphinxError,
each problem logged with its file and line; no module keeps a build's data."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, ROOTS
from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from sphinxext_vconf import data as vdata
from sphinxext_vconf.errors import DataError


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    papers = src / "data" / "papers.yml"
    text = papers.read_text(encoding="utf-8")
    # two faults: a paper with no title, and one whose track is a mapping
    text = text.replace("    title: Reinforcement learning for robots\n", "", 1)
    text = text.replace("    track: RL\n", "    track: {not: text}\n", 1)
    papers.write_text(text, encoding="utf-8")
    return src


def _line_of(path: Path, needle: str) -> int:
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return no
    raise AssertionError(needle)


def test_embedded_sphinx_catches_invalid_data_as_a_sphinx_error(tmp_path: Path) -> None:
    src = _project(tmp_path)
    warnings = io.StringIO()
    with pytest.raises(SphinxError) as info:  # the data loads on builder-inited, in Sphinx()
        app = Sphinx(str(src), str(src), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html",
                     status=None, warning=warnings, freshenv=True,
                     confoverrides={"vconf_cache_dir": str(tmp_path / "cache")})
        app.build()
    assert isinstance(info.value, DataError)
    assert "2 problems" in str(info.value)
    log = warnings.getvalue()
    papers = src / "data" / "papers.yml"
    # each problem on its own line, with the place an editor jumps to
    assert f"{papers}:{_line_of(papers, 'id: p2')}" in log, log
    assert f"{papers}:{_line_of(papers, 'track: {not: text}')}" in log, log
    assert log.count("ERROR") >= 2
    assert not (tmp_path / "html" / "index.html").exists()  # nothing written




def test_the_data_belongs_to_the_build_not_to_the_module(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    apps = []
    for name in ("a", "b"):
        app = Sphinx(str(src), str(src), str(tmp_path / name), str(tmp_path / f"d{name}"), "html",
                     status=None, warning=io.StringIO(), freshenv=True,
                     confoverrides={"vconf_cache_dir": str(tmp_path / "cache")})
        apps.append(app)
    first, second = (vdata.get(a.env) for a in apps)
    assert first is not None and second is not None and first is not second
    assert not any(isinstance(v, dict) and first in v.values() for v in vars(vdata).values())
    # the env pickles (Sphinx saves it; parallel readers send it back) without the data
    import pickle

    assert vdata.get(pickle.loads(pickle.dumps(apps[0].env))) is None  # noqa: S301 - our own bytes


def test_sphinx_build_prints_the_problems_and_fails(tmp_path: Path) -> None:
    src = _project(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"vconf_cache_dir={tmp_path / 'cache'}",
         str(src), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=REPO, timeout=300, check=False)
    assert proc.returncode != 0
    # every problem first, with its place, then the error's category (Sphinx 9 appends its
    # own "report this" blurb to any error that stops a build: not ours to change)
    papers = src / "data" / "papers.yml"
    first = proc.stderr.index(f"{papers}:{_line_of(papers, 'id: p2')}: ERROR: vconf: papers[1] (p2).title: missing")
    assert f"{papers}:{_line_of(papers, 'track: {not: text}')}: ERROR" in proc.stderr
    assert proc.stderr.index("vconf: invalid conference data!") > first
