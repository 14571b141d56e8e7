"""The agenda's pieces without a browser: the browser's ICS, share links and QR codes (run in
Node), the published agenda data and embeddings, the offline files, track and day calendars."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import numpy as np
import pytest
from conftest import REPO

from sphinxext_vconf import agenda, calendars, model

STATIC = REPO / "theme" / "vconf" / "static"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def run_js(script: str, *files: str) -> object:
    """Run ``script`` in Node after the theme's ``files``; return what it prints as JSON."""
    source = "".join((STATIC / f).read_text() + "\n;" for f in files)
    proc = subprocess.run([NODE, "-e", source + script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def conf() -> model.Conference:
    return model.load(REPO / "conference" / "data")


# ------------------------------------------------------------------------ share links


@needs_node
def test_share_link_round_trips_and_100_picks_fit_in_2000_characters() -> None:
    picks = [{"kind": "paper", "id": f"icml2026-paper-{i:04d}"} for i in range(90)]
    picks += [{"kind": "session", "id": f"poster-session-{i}"} for i in range(6)]
    picks += [{"kind": "workshop", "id": w} for w in ("gfm", "climate-ml", "a.b_c-d", "x")]
    text, back = run_js(f"const t = vconf.agenda.encodePicks({json.dumps(picks)});"
                        "console.log(JSON.stringify([t, vconf.agenda.decodePicks(t)]))", "vconf-agenda-core.js")
    assert sorted((p["kind"], p["id"]) for p in back) == sorted((p["kind"], p["id"]) for p in picks)
    link = "https://conference.example.org/2026/agenda.html#picks=" + text
    assert len(link) <= 2000, len(link)
    assert all(c.isalnum() or c in "-._~*" for c in text)  # nothing a URL must escape


@needs_node
def test_share_link_decoding_drops_what_is_not_an_id() -> None:
    got = run_js("console.log(JSON.stringify(vconf.agenda.decodePicks('p0a<b>~0ok~9zz*q0x*s0fine~z')))",
                 "vconf-agenda-core.js")
    assert got == [{"kind": "paper", "id": "ok"}, {"kind": "session", "id": "fine"}]


# ------------------------------------------------------------------------ ICS


@needs_node
def test_browser_ics_is_valid_escaped_folded_rfc5545() -> None:
    events = [{
        "uid": "session-s1@conf", "start": "2026-05-19T08:00:00+02:00", "end": "2026-05-19T10:00:00+02:00",
        "summary": "Graphs; trees, and\nBEGIN:VEVENT \\ ünïcödé " + "长标题" * 30,
        "location": "Room 1, floor 2", "url": "https://conf.example.org/sessions/s1.html", "description": "",
    }]
    text = run_js(f"console.log(JSON.stringify(vconf.agenda.makeIcs({json.dumps(events)}, "
                  "{name: 'My agenda, VConf', stamp: '20260519T000000Z'})))", "vconf-agenda-core.js")
    raw = text.encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:  # folded between characters, never inside one
        line.decode("utf-8")
    cal = icalendar.Calendar.from_ical(raw)
    (ev,) = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == events[0]["summary"]
    assert str(ev["LOCATION"]) == "Room 1, floor 2"
    assert ev.decoded("DTSTART").isoformat() == "2026-05-19T06:00:00+00:00"
    assert str(ev["UID"]) == "session-s1@conf"
    assert sum(1 for c in cal.walk() if c.name == "VEVENT") == 1  # the title's BEGIN:VEVENT stayed text


@needs_node
def test_browser_ics_uses_the_uids_of_the_sites_calendars(conf: model.Conference) -> None:
    """The entries the agenda makes from the published data carry the calendars.py UIDs."""
    from sphinxext_vconf.data import ConferenceData
    from sphinxext_vconf.publish import sessions_json

    data = ConferenceData(conf=conf, srcdir=REPO / "conference", data_dir=REPO / "conference" / "data",
                          cache_dir=REPO / "_build")
    info = agenda.agenda_json(conf)
    paper = next(p for p in conf.papers.values() if len(p.sessions) > 1)
    workshop = next(w for w in conf.workshops.values() if w.schedule)
    papers = {paper.id: {"title": paper.title, "url": f"{paper.docname}.html", "sessions": paper.sessions}}
    js = (f"const d = {{sessions: {json.dumps(sessions_json(data))}, papers: new Map(Object.entries({json.dumps(papers)})),"
          f" workshops: new Map({json.dumps([[w['id'], w] for w in info['workshops']])}), domain: {json.dumps(info['domain'])}}};"
          "const parts = (t) => { const x = new Date(t); return {minutes: x.getUTCHours() * 60 + x.getUTCMinutes(),"
          " dayKey: x.toISOString().slice(0, 10)}; };"
          f"const r = vconf.agenda.buildEntries([{json.dumps(paper.id)}, 's:poster-1', 'w:{workshop.id}'], d, {{tz: 'UTC', parts}});"
          "console.log(JSON.stringify(vconf.agenda.makeIcs(vconf.agenda.icsEvents(r.entries, ''),"
          f" {{name: 'x', stamp: {json.dumps(info['stamp'])}}})))")
    cal = icalendar.Calendar.from_ical(run_js(js, "vconf-agenda-core.js").encode())
    mine = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    site = {}
    for kind, ident in (("paper", paper.id), ("session", "poster-1"), ("workshop", workshop.id)):
        for e in calendars.calendar_for(conf, kind, ident).walk("VEVENT"):
            site[str(e["UID"])] = e
    assert mine and set(mine) <= set(site)
    assert sum(u.startswith(f"paper-{paper.id}-") for u in mine) == 1  # one slot of the paper, not all
    assert any(u.startswith(f"workshop-{workshop.id}-") for u in mine)
    for uid, e in mine.items():
        assert e.decoded("DTSTART") == site[uid].decoded("DTSTART"), uid
        assert str(e["DTSTAMP"].to_ical()) == str(site[uid]["DTSTAMP"].to_ical())


# ------------------------------------------------------------------------ QR


@pytest.fixture
def segno_standard_padding(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """segno pads a byte-aligned stream with a whole zero byte; ISO/IEC 18004 7.4.10 adds no
    bits then (both decode). Make it follow the standard so matrices compare bit for bit."""
    segno = pytest.importorskip("segno")
    import segno.encoder as enc

    monkeypatch.setattr(enc, "write_padding_bits",
                        lambda buff, version, length: buff.extend([0] * ((8 - length % 8) % 8)))
    return segno


@needs_node
@pytest.mark.parametrize(("text", "ecl"), [
    ("hello", "M"),
    ("https://example.org/vconf2026/agenda.html#picks=p0vc26-001~72~73*s0poster-1", "M"),
    ("é漢字 ünïcödé " * 12, "Q"),
    ("x" * 300, "L"),
    ("https://example.org/a#picks=" + "~7" * 600, "M"),
    ("b" * 2000, "L"),
])
def test_qr_matrix_equals_an_independent_encoder(segno_standard_padding, text: str, ecl: str) -> None:  # noqa: ANN001
    q = run_js(f"const q = vconf.qr.encode({json.dumps(text)}, {{ecl: {json.dumps(ecl)}}});"
               "console.log(JSON.stringify({v: q.version, m: q.mask, rows: q.modules.map(r => r.map(Number).join(''))}))",
               "vconf-qr.js")
    ref = segno_standard_padding.make_qr(text.encode("utf-8"), error=ecl.lower(), version=q["v"], mask=q["m"],
                                         mode="byte", boost_error=False)
    assert q["v"] == ref.version  # the smallest version that holds it
    assert q["rows"] == ["".join(str(int(b)) for b in row) for row in ref.matrix]


@needs_node
def test_qr_every_mask_matches(segno_standard_padding) -> None:  # noqa: ANN001
    text = "https://conf.example.org/agenda.html#picks=p0a~1b~1c"
    rows = run_js(f"console.log(JSON.stringify([0,1,2,3,4,5,6,7].map(m => vconf.qr.encode({json.dumps(text)},"
                  " {ecl: 'M', version: 7, mask: m}).modules.map(r => r.map(Number).join('')))))", "vconf-qr.js")
    for mask, got in enumerate(rows):
        ref = segno_standard_padding.make_qr(text.encode(), error="m", version=7, mask=mask, mode="byte",
                                             boost_error=False)
        assert got == ["".join(str(int(b)) for b in row) for row in ref.matrix], mask


@needs_node
def test_qr_refuses_what_no_qr_code_holds() -> None:
    got = run_js("try { vconf.qr.encode('x'.repeat(3000)); console.log('null') }"
                 " catch (e) { console.log(JSON.stringify(e.name)) }", "vconf-qr.js")
    assert got == "RangeError"


# ------------------------------------------------------------------------ published data


def test_quantized_embeddings_keep_the_neighbours() -> None:
    rng = np.random.default_rng(0)
    v = rng.normal(size=(300, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    q = agenda.quantize(v).astype(np.float64)
    assert agenda.quantize(v).dtype == np.int8 and np.abs(q).max() == 127
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    exact, approx = v @ v.T, q @ q.T
    assert np.abs(exact - approx).max() < 0.02
    np.fill_diagonal(exact, -2)
    np.fill_diagonal(approx, -2)
    assert (exact.argmax(axis=1) == approx.argmax(axis=1)).mean() > 0.95


def test_embeddings_files_are_one_byte_per_dimension() -> None:
    from sphinxext_vconf.embeddings import EmbeddingResult

    v = np.eye(3, 8, dtype=np.float32)
    files = agenda.embeddings_files(EmbeddingResult(ids=["a", "b", "c"], vectors=v, computed=3, cached=0, backend="x"))
    meta = json.loads(files["data/embeddings.json"])
    assert meta["ids"] == ["a", "b", "c"] and meta["dim"] == 8
    assert len(files["data/embeddings.i8"]) == 24
    assert agenda.embeddings_files(None) == {}


def test_agenda_json_names_the_calendar_uids(conf: model.Conference) -> None:
    info = agenda.agenda_json(conf)
    cal = calendars.conference_calendar(conf)
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert f"session-poster-1@{info['domain']}" in uids
    w = next(w for w in info["workshops"] if w["items"])
    uids = {str(e["UID"]) for e in calendars.workshop_calendar(conf, w["id"]).walk("VEVENT")}
    assert {f"workshop-{w['id']}-{it['key']}@{info['domain']}" for it in w["items"]} <= uids
    assert info["stamp"] == str(cal.walk("VEVENT")[0]["DTSTAMP"].to_ical().decode())


def test_offline_files_and_service_worker(tmp_path: Path) -> None:
    for rel in ("index.html", "papers.html", "papers/a.html", "_static/vconf.css", "_static/x.js.map",
                "_static/vendor/mathjax/tex-svg.js", "data/gallery.json", "pdfs/a.pdf", "calendar.ics",
                "_sources/index.md.txt", ".buildinfo", "_vconf/thumbs/a.webp"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    files = agenda.offline_files(tmp_path)
    assert files["shell"] == ["_static/vconf.css", "data/gallery.json", "index.html", "papers.html"]
    assert files["all"] == ["_static/vconf.css", "_static/vendor/mathjax/tex-svg.js", "_vconf/thumbs/a.webp",
                            "data/gallery.json", "index.html", "papers.html", "papers/a.html"]
    first = agenda.build_id(tmp_path, files["all"])
    assert first == agenda.build_id(tmp_path, files["all"])
    (tmp_path / "papers/a.html").write_text("changed")
    assert agenda.build_id(tmp_path, files["all"]) != first
    sw = agenda.service_worker(first)
    assert f'const BUILD = "{first}";' in sw and "__VCONF_BUILD__" not in sw


@needs_node
def test_recommendations_in_the_browser_match_exact_cosines(tmp_path: Path) -> None:
    """The shipped rows (rotated, int8) and the two-pass search find what exact float cosines find."""
    from sphinxext_vconf.embeddings import EmbeddingResult

    rng = np.random.default_rng(1)
    centres = rng.normal(size=(20, 96))
    v = centres[rng.integers(0, 20, 1500)] + 0.9 * rng.normal(size=(1500, 96))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    files = agenda.embeddings_files(EmbeddingResult(ids=[f"p{i}" for i in range(1500)], vectors=v, computed=0,
                                                    cached=0, backend="x"))
    (tmp_path / "rows.i8").write_bytes(files["data/embeddings.i8"])
    meta = json.loads(files["data/embeddings.json"])
    assert meta["lead"] == 64
    starred = [3, 500, 1200]
    got = run_js(f"const rows = new Int8Array(require('fs').readFileSync({json.dumps(str(tmp_path / 'rows.i8'))}));"
                 "const norms = vconf.agenda.norms(rows, 1500, 96);"
                 f"console.log(JSON.stringify(vconf.agenda.recommend(rows, 96, norms, {starred}, 8, 64)))",
                 "vconf-agenda-core.js")
    sims = v @ v[starred].T
    sims[starred] = -2
    exact = np.argsort(-sims.max(axis=1), kind="stable")[:8]
    assert [g["index"] for g in got if g["index"] in starred] == []
    assert len({g["index"] for g in got} & set(exact.tolist())) >= 7
    for g in got:  # explained by the starred paper it is closest to
        assert g["because"] == starred[int(sims[g["index"]].argmax())]
        assert abs(g["score"] - sims[g["index"]].max()) < 0.02


def test_sample_agenda_page_links_subscribable_calendars(sample_site: Path) -> None:
    """Per day and per track, as webcal:// (the sample site is served over https), each file there."""
    import re

    html = (sample_site / "agenda.html").read_text()
    links = re.findall(r'class="vconf-calendar-link" href="([^"]+)"', html)
    base = "webcal://vconf-org.github.io/vconf2026/"
    assert links and all(link.startswith(base) for link in links)
    rels = {link.removeprefix(base) for link in links}
    assert {"calendar.ics", "calendars/days/2026-05-19.ics", "calendars/tracks/computer-vision.ics"} <= rels
    assert len([r for r in rels if r.startswith("calendars/tracks/")]) == 6
    for rel in rels:
        assert icalendar.Calendar.from_ical((sample_site / rel).read_bytes()).walk("VEVENT"), rel
    # the page carries what its script needs, and the service worker sits at the site root
    for rel in ("data/agenda.json", "data/embeddings.json", "data/embeddings.i8", "vconf-sw.js", "data/offline.json"):
        assert (sample_site / rel).is_file(), rel
    manifest = json.loads((sample_site / "data" / "offline.json").read_text())
    assert f'const BUILD = "{manifest["build"]}";' in (sample_site / "vconf-sw.js").read_text()
    assert "agenda.html" in manifest["shell"] and "papers/vc26-001.html" in manifest["all"]


def test_calendar_link_is_a_file_without_https(conf: model.Conference) -> None:
    import dataclasses

    from sphinxext_vconf.data import ConferenceData
    from sphinxext_vconf.directives.agenda import calendar_link

    data = ConferenceData(conf=dataclasses.replace(conf, url="http://example.org/c/"), srcdir=REPO,
                          data_dir=REPO, cache_dir=REPO)
    assert calendar_link(data, "calendars/days/2026-05-19.ics", "agenda") == "calendars/days/2026-05-19.ics"
    assert calendar_link(data, "calendar.ics", "sub/page") == "../calendar.ics"
    data.conf = dataclasses.replace(conf, url="https://example.org/c/")
    assert calendar_link(data, "calendar.ics", "agenda") == "webcal://example.org/c/calendar.ics"


def test_offline_switched_off_leaves_no_worker(basic_project: Path, tmp_path: Path) -> None:
    from conftest import sphinx_build

    out = tmp_path / "html"
    sphinx_build(basic_project, out)
    assert (out / "vconf-sw.js").is_file() and (out / "data" / "offline.json").is_file()
    assert '<meta name="vconf-offline" content="on">' in (out / "index.html").read_text()
    sphinx_build(basic_project, out, "-D", "vconf_offline=0")
    assert not (out / "vconf-sw.js").exists() and not (out / "data" / "offline.json").exists()
    # pages say so: a worker an earlier build registered unregisters itself (vconf-offline.js)
    assert '<meta name="vconf-offline" content="off">' in (out / "index.html").read_text()
