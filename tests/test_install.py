"""A non-editable install (the wheel) carries the theme and builds the sample conference."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, ignore_generated


def test_wheel_builds_the_sample(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )
    (wheel,) = wheels.glob("sphinxext_vconf-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    # Every module of the source tree ships (the editable install's finder would hide one
    # that is missing: it maps the whole package to the source folder).
    source = {p.relative_to(REPO).as_posix() for p in (REPO / "sphinxext_vconf").rglob("*.py")
              if "theme" not in p.relative_to(REPO).parts}
    assert source <= set(names), sorted(source - set(names))
    assert "sphinxext_vconf/theme/vconf/theme.toml" in names
    assert "sphinxext_vconf/theme/vconf/static/vendor/mathjax/tex-chtml-full.js" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}  # ahead of the editable install in the venv
    where = subprocess.run([sys.executable, "-c", "import sphinxext_vconf; print(sphinxext_vconf.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout
    assert where.startswith(str(site))

    project = tmp_path / "project"
    shutil.copytree(REPO / "conference", project / "conference", ignore=ignore_generated)
    shutil.copy(REPO / "conf.py", project / "conf.py")
    out = project / "_build" / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-c", ".", "-D", "vconf_embedding_model=tfidf",
         "conference", str(out)],
        capture_output=True, text=True, env=env, cwd=project, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert (out / "_static" / "vconf-embed.js").is_file()
    assert (out / "_static" / "vendor" / "mathjax" / "tex-chtml-full.js").is_file()
    assert (out / "_static" / "vendor" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2" / "MathJax_Main-Regular.woff").is_file()
    assert (out / "papers" / "vc26-001.html").is_file()
