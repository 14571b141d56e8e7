"""The bundled sample conference, built as `make html` builds it (with -W: zero warnings)."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from sphinxext_vconf import model
from sphinxext_vconf.publish import check_outside_hosts

CONF = model.load(REPO / "conference" / "data", root=REPO / "conference")


def test_every_record_has_its_page_carrying_its_data(sample_site: Path) -> None:
    for p in CONF.papers.values():
        # as the reader sees it: the templates escape quotes too (O&#39;Connor reads O'Connor)
        page = html.unescape((sample_site / f"{p.docname}.html").read_text())
        assert p.title in page
        for a in p.authors:
            assert a.name in page
        assert p.abstract.split()[-1].rstrip(".") in page
    for s in CONF.sessions.values():
        page = (sample_site / f"{s.docname}.html").read_text()
        assert html.escape(s.title, quote=False) in page
        for pid in s.papers:
            assert f'data-id="{pid}"' in page
    for w in CONF.workshops.values():
        page = (sample_site / f"{w.docname}.html").read_text()
        assert html.escape(w.title, quote=False) in page
        for item in w.schedule:
            assert html.escape(item.title, quote=False) in page
    for sp in CONF.speakers.values():
        page = (sample_site / f"{sp.docname}.html").read_text()
        assert html.escape(sp.name, quote=False) in page and html.escape(sp.talk_title, quote=False) in page
    for name in ("index", "papers", "map", "schedule", "workshops", "speakers", "chat", "help", "reference", "404"):
        assert (sample_site / f"{name}.html").is_file(), name


def test_published_data_has_every_paper_with_its_extras(sample_site: Path) -> None:
    papers = json.loads((sample_site / "data" / "papers.json").read_text())
    assert [p["id"] for p in papers] == list(CONF.papers)
    for p in papers:
        assert 0 <= p["x"] <= 1 and 0 <= p["y"] <= 1
        assert len(p["similar"]) == 5 and p["id"] not in p["similar"]
        assert (sample_site / p["thumbnail"]).is_file()
    # Papers with a PDF show a figure from it; the one with an author thumbnail shows that.
    by_id = {p["id"]: p for p in papers}
    for pid in ("vc26-001", "vc26-012", "vc26-050"):
        assert by_id[pid]["thumbnail"].endswith((".webp", ".png")), pid
    sessions = json.loads((sample_site / "data" / "sessions.json").read_text())
    assert len(sessions) == len(CONF.sessions)


def test_similar_papers_stay_on_topic(sample_site: Path) -> None:
    """Most neighbours share the paper's track: the embeddings mean something."""
    papers = json.loads((sample_site / "data" / "papers.json").read_text())
    track = {p["id"]: p["track"] for p in papers}
    same = sum(track[s] == p["track"] for p in papers for s in p["similar"])
    assert same / (5 * len(papers)) > 0.6


def test_the_site_loads_nothing_from_outside(sample_site: Path) -> None:
    assert check_outside_hosts(sample_site) == []


def test_pdfs_and_sample_files_are_published(sample_site: Path) -> None:
    for p in CONF.papers.values():
        if p.pdf:
            assert (sample_site / p.pdf).read_bytes() == (REPO / "conference" / p.pdf).read_bytes()
    for sp in CONF.speakers.values():
        assert (sample_site / sp.photo).is_file()


def test_sample_pdfs_are_what_the_script_makes() -> None:
    proc = subprocess.run([sys.executable, "scripts/make_sample_pdfs.py", "--check"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_second_build_computes_no_embedding(sample_site: Path) -> None:
    dest = sample_site.parent
    log = (dest / "build.log").read_text()
    assert "embeddings: 52 computed, 0 cached" in log
    cmd = [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-c", str(REPO), "-d", str(dest / "doctrees"),
           "-D", f"vconf_cache_dir={dest / 'cache'}", str(dest / "src"), str(sample_site)]
    # -E: everything is recomputed, from the caches
    proc = subprocess.run([*cmd[:4], "-E", *cmd[4:]], capture_output=True, text=True, cwd=REPO, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "embeddings: 0 computed, 52 cached" in proc.stdout
    assert "pages: 0 written" in proc.stdout
    # a plain rebuild: the data of the last build is reused, no page is read
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "unchanged since the last build: reused" in proc.stdout
    assert "0 added, 0 changed, 0 removed" in proc.stdout


@pytest.mark.parametrize("page", ["talks/amara-okafor.html", "talks/neha-varghese.html"])
def test_invited_talk_pages_show_related_papers(sample_site: Path, page: str) -> None:
    text = (sample_site / page).read_text()
    block = text[text.index('class="similar-papers"'):]
    assert block.split("<template")[0].count('<li class="paper-card') == 4  # with a figure or text-forward
