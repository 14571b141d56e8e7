"""Hostile and broken input: shown as text everywhere, or a clear error; never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
import yaml
from conftest import ROOTS, sphinx_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sphinx.testing.util import SphinxTestApp

from sphinxext_vconf import model

ATTACKS = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", "<b onclick", "<i>track")


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_hostile_text_is_escaped_in_every_page(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for attack in ATTACKS:
            assert attack not in html, f"{path.relative_to(out)} carries {attack!r} unescaped"
        # No conference text may close a <script> early.
        for script in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert "__pwned" not in script, path
    paper = (out / "papers" / "x1.html").read_text()
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=3" in paper  # shown, as text
    assert (out / "sponsors.html").is_file() and "vconf-review-meta-review" in paper and "vconf-extra" in paper
    assert "javascript:" not in paper.split("<body", 1)[1].replace("javascript:alert(1)", "")


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_hostile_text_in_json_and_ics(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    papers = json.loads((out / "data" / "papers.json").read_text())
    assert papers[0]["title"].startswith("</script><script>window.__pwned=3")  # data intact
    cal = Calendar.from_ical((out / "calendar.ics").read_bytes())
    events = {str(c["UID"]).split("@")[0].split("-")[0]: c for c in cal.walk("VEVENT")}
    # one session and the sponsor's event: "BEGIN:VEVENT" in a room name did not make a third
    assert len(cal.walk("VEVENT")) == 2 and set(events) == {"session", "sponsor"}
    assert "BEGIN:VEVENT" in str(events["session"]["LOCATION"])
    assert str(events["sponsor"]["SUMMARY"]).startswith("<i>track</i> (<script>window.__pwned=22</script>)")


def test_link_fields_refuse_javascript(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text(
        "conference: {name: C, timezone: UTC, start_date: 2026-01-01, end_date: 2026-01-02}\n"
        "papers:\n  - {id: p, title: T, authors: [A], code: 'javascript:alert(1)', pdf: 'JaVaScRiPt:x', "
        "video: 'data:text/html,x', slides: '../../etc/passwd'}\n"
    )
    with pytest.raises(model.ConferenceDataError) as info:
        model.load(tmp_path, root=tmp_path)
    fields = sorted(p.field.rsplit(".", 1)[1] for p in info.value.problems)
    assert fields == ["code", "pdf", "slides", "video"]


# ---- property-based: any YAML either loads or gives problems naming file and field ----------------

FIELD_NAMES = sorted(set(model.field_names(model.Paper) + model.field_names(model.Session) + model.field_names(model.Workshop)
                         + model.field_names(model.Speaker) + model.field_names(model.Conference))) + ["bogus"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["2026-05-04 09:00", "2026-13-40 25:00", "Europe/Berlin", "p1",
                                           "https://x.org", "javascript:x", "oral", "poster", "{{x}}"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=5)), max_leaves=12)
records = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8)
documents = st.fixed_dictionaries({}, optional={
    "conference": st.one_of(records, values),
    "papers": st.one_of(st.lists(records, max_size=4), values),
    "sessions": st.one_of(st.lists(records, max_size=4), values),
    "workshops": st.lists(records, max_size=2),
    "speakers": st.lists(records, max_size=2),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents, raw=st.booleans(), garbage=st.text(alphabet=string.printable, max_size=60))
def test_any_yaml_loads_or_reports_problems(tmp_path: Path, doc: dict, raw: bool, garbage: str) -> None:
    path = tmp_path / "data.yml"
    path.write_text(garbage if raw else yaml.safe_dump(doc, allow_unicode=True))
    try:
        conf = model.load_files([path], root=tmp_path)
    except model.ConferenceDataError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file == "data.yml"
            assert problem.field and problem.expected
            assert str(problem).startswith("data.yml")
    else:
        assert conf.name


valid_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=valid_text, name=valid_text, abstract=st.text(max_size=200), keyword=valid_text)
def test_any_text_builds_and_shows_literally(tmp_path_factory: pytest.TempPathFactory, title: str, name: str,
                                             abstract: str, keyword: str) -> None:
    src = tmp_path_factory.mktemp("fuzz") / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "index.md").write_text("# Home\n")
    papers = yaml.safe_load((src / "data" / "papers.yml").read_text())
    papers["papers"][1].update(title=title, authors=[name], abstract=abstract, keywords=[keyword])
    (src / "data" / "papers.yml").write_text(yaml.safe_dump(papers, allow_unicode=True))
    out = src.parent / "html"
    proc = sphinx_build(src, out, "-D", "vconf_map=0", "-D", "vconf_thumbnails=0", check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    data = json.loads((out / "data" / "papers.json").read_text())
    assert data[1]["title"] == " ".join(title.split()) or data[1]["title"] == title.strip()
