"""The synthetic conference of the scale benchmark (benchmarks/generate.py)."""

from __future__ import annotations

import collections
import csv
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from sphinxext_vconf import model

_spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["bench_generate"] = gen
_spec.loader.exec_module(gen)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, model.Conference]:
    dest = tmp_path_factory.mktemp("synthetic")
    summary = gen.generate(dest, 200, seed=3, shared=None)
    return dest, summary, model.load(dest / "data", root=dest)


def test_synthetic_conference_loads_with_the_requested_shape(synthetic) -> None:
    dest, summary, conf = synthetic
    assert len(conf.papers) == summary.papers == 200
    assert len(conf.workshops) == 20 and all(len(w.schedule) >= 8 for w in conf.workshops.values())
    assert len(conf.speakers) == 10 and all(sp.session for sp in conf.speakers.values())
    # one YAML file per track, and every paper in the file of its track
    assert len(list((dest / "data" / "papers").glob("*.yml"))) == len(gen.TRACKS)
    for p in conf.papers.values():
        assert Path(p.source.file).stem == gen._slug(p.track)
        assert 2 <= len(p.authors) <= 8 and all(a.affiliation for a in p.authors)
        assert 150 <= len(p.abstract.split()) <= 250
        assert p.keywords
    # every paper in exactly one poster session of about 100; talks also in an oral session
    posters = [s for s in conf.sessions.values() if s.kind == "poster"]
    assert sorted(pid for s in posters for pid in s.papers) == sorted(conf.papers)
    assert all(len(s.papers) == 100 for s in posters)
    talks = {p.id for p in conf.papers.values() if p.presentation != "poster"}
    assert talks == {pid for s in conf.sessions.values() if s.kind == "oral" for pid in s.papers}
    with_code = sum(bool(p.code) for p in conf.papers.values())
    assert 40 <= with_code <= 100  # about a third
    days = {s.start.date() for s in conf.sessions.values()}
    assert len(days) == gen.MAIN_DAYS + gen.WORKSHOP_DAYS


def test_same_seed_same_bytes_other_seed_other_conference(tmp_path: Path, synthetic) -> None:
    dest, _, _ = synthetic
    gen.generate(tmp_path / "again", 200, seed=3, shared=None)
    assert _files(tmp_path / "again") == _files(dest)
    gen.generate(tmp_path / "other", 200, seed=4, shared=None)
    assert _files(tmp_path / "other") != _files(dest)


def test_baseline_pages_carry_the_same_words(tmp_path: Path, synthetic) -> None:
    _, _, conf = synthetic
    gen.generate_baseline(tmp_path, 200, seed=3, shared=None, sidebar=False)
    pages = sorted((tmp_path / "papers").glob("p*.md"))
    assert len(pages) == 200
    page = (tmp_path / "papers" / "p0007.md").read_text(encoding="utf-8")
    unescaped = page.replace("\\", "")
    paper = conf.papers["p0007"]
    assert unescaped.startswith(f"# {paper.title}\n")
    assert paper.abstract in unescaped
    assert all(a.name in unescaped for a in paper.authors)
    assert 'html_sidebars = {"**": []}' in (tmp_path / "conf.py").read_text()


def test_editing_one_paper_changes_only_that_paper(tmp_path: Path) -> None:
    summary = gen.generate(tmp_path / "ours", 100, seed=1, shared=None)
    gen.generate_baseline(tmp_path / "base", 100, seed=1, shared=None)

    def papers() -> dict[str, dict]:
        return {p["id"]: p for f in sorted((tmp_path / "ours" / "data" / "papers").glob("*.yml"))
                for p in yaml.safe_load(f.read_text(encoding="utf-8"))["papers"]}

    before = papers()
    gen.edit_paper(tmp_path / "ours", summary, "p0042", "An erratum (v2).")
    gen.edit_baseline_paper(tmp_path / "base", "p0042", "An erratum (v2).")
    after = papers()
    assert [pid for pid in before if before[pid] != after[pid]] == ["p0042"]
    gen.edit_paper(tmp_path / "ours", summary, "p0042", "(v2)", field="title")
    gen.edit_baseline_paper(tmp_path / "base", "p0042", "(v2)", field="title")
    conf = model.load(tmp_path / "ours" / "data", root=tmp_path / "ours")
    assert conf.papers["p0042"].abstract.endswith("An erratum (v2).")
    assert conf.papers["p0042"].title.endswith(" (v2)")
    page = (tmp_path / "base" / "papers" / "p0042.md").read_text(encoding="utf-8")
    assert "An erratum \\(v2\\)\\.\n\nKeywords: " in page
    assert page.partition("\n")[0].endswith(" \\(v2\\)")


def test_real_abstracts_are_cycled_with_a_variation(tmp_path: Path) -> None:
    folder = tmp_path / "shared" / "iclr2020-miniconf"
    folder.mkdir(parents=True)
    abstract = "First sentence about graphs and more words here. " * 3 + "Second idea on attention! Last one?"
    with (folder / "papers.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["UID", "title", "authors", "abstract", "keywords", "sessions"])
        for i in range(3):
            w.writerow([f"u{i}", f"Title {i}", "A One|B Two|C Three", f"{abstract} Paper {i} " + "x " * 30,
                        "graphs|attention", ""])
    conf = gen.make_conference(7, shared=tmp_path / "shared")
    papers = [p for ps in conf["papers"].values() for p in ps]
    assert conf["_real"] == 3
    assert len({p["title"] for p in papers}) == 7  # reused records get a new title
    by_words = collections.Counter(tuple(sorted(p["abstract"].split())) for p in papers)
    assert sorted(by_words.values()) == [2, 2, 3]  # same words, reordered
    assert all(p["keywords"][:2] == ["graphs", "attention"] for p in papers)


def test_real_data_when_present(tmp_path: Path, shared_data: Path) -> None:
    summary = gen.generate(tmp_path, 60, seed=0, shared=shared_data)
    conf = model.load(tmp_path / "data", root=tmp_path)
    assert summary.real_abstracts == 60 and len(conf.papers) == 60
    real = {r["title"] for r in gen.real_records(shared_data)}
    assert len(real) > 1500
    assert all(p.title in real for p in conf.papers.values())
