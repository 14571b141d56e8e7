"""Shared fixtures: Sphinx's test fixtures, the test roots, the sample site built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
SHARED_DATA = REPO.parent / "shared" / "data"
CHROMIUM = Path("/usr/bin/chromium")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (a fresh clone elsewhere)")
    return SHARED_DATA


GENERATED = {"papers", "sessions", "workshops", "speakers", "days", "_build", ".vconf-cache"}


def ignore_generated(folder: str, names: list[str]) -> set[str]:
    """For copytree: leave out the pages vconf generated at the top of conference/."""
    if Path(folder) != REPO / "conference":
        return set()
    from sphinxext_vconf.pages import is_generated

    return {n for n in names if n in GENERATED or (n.endswith(".md") and is_generated(Path(folder) / n))}


def build_sample(dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build the bundled sample conference as `make html` does, with -W, into dest/html."""
    src = dest / "src"
    shutil.copytree(REPO / "conference", src, ignore=ignore_generated)
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-c", str(REPO),
           "-d", str(dest / "doctrees"), "-D", f"vconf_cache_dir={dest / 'cache'}", *extra,
           str(src), str(dest / "html")]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=1200)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample conference, built once per test session with warnings as errors."""
    dest = tmp_path_factory.mktemp("sample")
    proc = build_sample(dest)
    if proc.returncode != 0:
        pytest.fail(f"the sample site did not build:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    (dest / "build.log").write_text(proc.stdout + proc.stderr)
    return dest / "html"


def sphinx_build(src: Path, out: Path, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build as a user does (a fresh process: incremental builds behave as in real use)."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out.parent / "doctrees"), *extra, str(src), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"sphinx-build failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


@pytest.fixture
def basic_project(tmp_path: Path) -> Path:
    """A copy of the `basic` test root to build and edit."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    return src


# The real-browser tests of the sample site (test_browser, test_agenda_browser, ...) share
# these; tests/frontend, with its own generated site, has its own.
@pytest.fixture(scope="module")
def site(sample_site: Path) -> Iterator[str]:
    """The sample site served under a sub-path, as GitHub Pages serves a project site."""
    from browser import serve

    with serve(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (skips where either is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import launch

    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
