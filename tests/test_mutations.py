"""A sweep of broken edits to the sample conference: each ends in a clear problem report
(file, line, field and value) or in a correct build; never a traceback, never a
half-written site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, ignore_generated

from sphinxext_vconf import model
from sphinxext_vconf.data import project_problems

CONF = "data/conference.yml"
PAPERS = "data/papers-graph-learning.yml"
CV = "data/papers-computer-vision.yml"
SESSIONS = "data/sessions.yml"
SPEAKERS = "data/speakers.yml"
WORKSHOPS = "data/workshops.yml"

NEW = "papers:\n  - id: {id}\n    title: A new paper\n    authors: [Ann Lee]\n"
# (file, text to replace (first occurrence), replacement, field named in the problem, value shown)
BROKEN: list[tuple[str, str, str, str, str]] = [
    # conference
    (CONF, "timezone: Europe/Berlin", "timezone: Mars/Olympus", "conference.timezone", "Mars/Olympus"),
    (CONF, "timezone: Europe/Berlin", "timezone: +02:00", "conference.timezone", "+02:00"),
    (CONF, "timezone: Europe/Berlin", "timezone: [Europe/Berlin]", "conference.timezone", "Europe/Berlin"),
    (CONF, "start_date: 2026-05-19", "start_date: 2026-02-30", "conference.start_date", "2026-02-30"),
    (CONF, "start_date: 2026-05-19", "start_date: 0001-01-01", "conference.start_date", "0001-01-01"),
    (CONF, "start_date: 2026-05-19", "start_date: 9999-12-31", "conference.start_date", "9999-12-31"),
    (CONF, "end_date: 2026-05-21", "end_date: 2026-05-18", "conference.end_date", "2026-05-18"),
    (CONF, "end_date: 2026-05-21", "end_date: tomorrow", "conference.end_date", "tomorrow"),
    (CONF, "name: VConf 2026", "name: ''", "conference.name", "missing"),
    (CONF, "name: VConf 2026", "name: {a: 1}", "conference.name", "'a': 1"),
    (CONF, "logo: static/logo.svg", "logo: /etc/hostname", "conference.logo", "/etc/hostname"),
    (CONF, "logo: static/logo.svg", "logo: ../../etc/hostname", "conference.logo", "../../etc/hostname"),
    (CONF, "logo: static/logo.svg", "logo: javascript:alert(1)", "conference.logo", "javascript:alert(1)"),
    (CONF, "logo: static/logo.svg", "logo: static/missing.svg", "conference.logo", "static/missing.svg"),
    (CONF, "url: https://vconf-org.github.io/vconf2026/", "url: ftp://example.org/", "conference.url",
     "ftp://example.org/"),
    (CONF, "url: https://vconf-org.github.io/vconf2026/", "url: data:text/html,x", "conference.url", "data:text/html"),
    (CONF, "      url: https://vconf.example/code-of-conduct", "      url: javascript:alert(1)",
     "conference.links[0].url", "javascript:alert(1)"),
    (CONF, "    - title: Code of conduct", "    - title: ''", "conference.links[0].title", "missing"),
    (CONF, "  name: VConf 2026", "  name: VConf 2026\n  nome: typo", "conference.nome", "typo"),
    (CONF, "  name: VConf 2026", "  name: VConf 2026\n  name: again", "conference.name", "name"),
    # papers
    (PAPERS, "papers:\n", NEW.format(id="vc26 001"), "papers[0] (vc26 001).id", "vc26 001"),
    (PAPERS, "papers:\n", NEW.format(id="../vc26-001"), "papers[0] (../vc26-001).id", "../vc26-001"),
    (PAPERS, "papers:\n", NEW.format(id="[vc26-001]"), "papers[0].id", "vc26-001"),
    (PAPERS, "papers:\n", NEW.format(id="vc26-002"), "(vc26-002).id", "vc26-002"),
    (PAPERS, "papers:\n", NEW.format(id="''"), "papers[0].id", "missing"),
    (PAPERS, "    title: ", "    title: ''\n    old_title: ", "papers[0] (vc26-001).title", "missing"),
    (PAPERS, "    title: ", "    title: [a, b]\n    old_title: ", "papers[0] (vc26-001).title", "['a', 'b']"),
    (PAPERS, "    title: ", "    title: true\n    old_title: ", "papers[0] (vc26-001).title", "True"),
    (PAPERS, "    authors:", "    authors: []\n    old_authors:", "papers[0] (vc26-001).authors", "[]"),
    (PAPERS, "    authors:", "    authors: 42\n    old_authors:", "papers[0] (vc26-001).authors", "42"),
    (PAPERS, "    track: Graph Learning", "    track: {name: x}", "papers[0] (vc26-001).track", "'name'"),
    (PAPERS, "    presentation: poster", "    presentation: keynote", "papers[0] (vc26-001).presentation", "keynote"),
    (PAPERS, "    decision: poster", "    decision: maybe", "papers[0] (vc26-001).decision", "maybe"),
    (PAPERS, "    pdf: pdfs/vc26-001.pdf", "    pdf: /etc/hostname", "papers[0] (vc26-001).pdf", "/etc/hostname"),
    (PAPERS, "    pdf: pdfs/vc26-001.pdf", "    pdf: pdfs/../../../etc/hostname",
     "papers[0] (vc26-001).pdf", "pdfs/../../../etc/hostname"),
    (PAPERS, "    pdf: pdfs/vc26-001.pdf", "    pdf: pdfs/nowhere.pdf", "papers (vc26-001).pdf", "pdfs/nowhere.pdf"),
    (PAPERS, "    pdf: pdfs/vc26-001.pdf", "    pdf: file:///etc/passwd", "papers[0] (vc26-001).pdf", "file:///etc/passwd"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    code: javascript:alert(1)",
     "papers[0] (vc26-001).code", "javascript:alert(1)"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    code: data:text/html,<script>",
     "papers[0] (vc26-001).code", "data:text/html"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    video: vbscript:msgbox",
     "papers[0] (vc26-001).video", "vbscript:msgbox"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    video: //evil.example/x.mp4",
     "papers[0] (vc26-001).video", "//evil.example/x.mp4"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    thumbnail: C:\\evil.png",
     "papers[0] (vc26-001).thumbnail", "evil.png"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    chat: javascript:alert(1)",
     "papers[0] (vc26-001).chat", "javascript:alert(1)"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    sessions: [nowhere-1]",
     "papers (vc26-001).sessions", "nowhere-1"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    sessions: {a: b}",
     "papers[0] (vc26-001).sessions", "'a': 'b'"),
    (PAPERS, "    keywords: [graph neural", "    keywords: [[nested], graph neural",
     "papers[0] (vc26-001).keywords[0]", "nested"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [{rating: .nan}]",
     "papers[0] (vc26-001).reviews[0].rating", "nan"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [{rating: .inf}]",
     "papers[0] (vc26-001).reviews[0].rating", "inf"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [{rating: " + "9" * 400 + "}]",
     "papers[0] (vc26-001).reviews[0].rating", "999"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [{confidence: high}]",
     "papers[0] (vc26-001).reviews[0].confidence", "high"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [{score: 3}]",
     "papers[0] (vc26-001).reviews[0].score", "3"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    reviews: [just text]",
     "papers[0] (vc26-001).reviews[0]", "just text"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    colour: blue", "papers[0] (vc26-001).colour", "blue"),
    (PAPERS, "    track: Graph Learning", "    track: Graph Learning\n    presentation: poster",
     "papers[0] (vc26-001).presentation", "presentation"),
    (PAPERS, "papers:\n", "papers:\n  - just a string\n", "papers[0]", "just a string"),
    (PAPERS, "papers:\n", "papers: {not: a list}\nold:\n", "papers", "'not'"),
    # syntax and encoding: one problem, not a wall of follow-on ones
    (PAPERS, "papers:\n", "papers:\n\t- tab\n", "(syntax)", "tab"),
    (PAPERS, "papers:\n", "papers: !!python/object:os.system {}\nold:\n", "(syntax)", "python/object"),
    (PAPERS, "papers:\n", 'papers:\n  - id: "bad \\q escape"\n', "(syntax)", "escape"),
    (PAPERS, "papers:\n", "papers:\n" + "[" * 2000 + "\n", "(syntax)", ""),
    (PAPERS, "papers:\n", "papers: [\n", "(syntax)", ""),
    (PAPERS, "papers:\n", "papers:\n  - &a [*a]\n", "(syntax)", "recursive"),
    # sessions
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 2026-05-19 25:00", "start", "2026-05-19 25:00"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 2026-05-19 08:00+24:00", "start", "+24:00"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 2026-05-19 08:00+99:00", "start", "+99:00"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 2026-05-19 08:00+23:99", "start", "+23:99"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 0001-01-01 00:00", "start", "0001-01-01 00:00"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 0001-01-01 00:00+00:00", "start", "0001-01-01"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 9999-12-31 23:00+14:00", "start", "9999-12-31"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 2026-03-29 02:30", "start", "2026-03-29 02:30"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: yesterday", "start", "yesterday"),
    (SESSIONS, "    start: 2026-05-19 08:00", "    start: 1747641600", "start", "1747641600"),
    (SESSIONS, "    end: 2026-05-19 10:00", "    end: 2026-05-19 07:00", "end", "2026-05-19 07:00"),
    (SESSIONS, "    kind: poster", "    kind: banquet", "kind", "banquet"),
    (SESSIONS, "    kind: poster", "    kind: [poster]", "kind", "poster"),
    (SESSIONS, "    room: Poster hall A", "    room: Poster hall A\n    timezone: Berlin", "timezone", "Berlin"),
    (SESSIONS, "    papers: [vc26-001,", "    papers: [vc26-001, vc26-001,", "papers", "vc26-001"),
    (SESSIONS, "    papers: [vc26-001,", "    papers: [nope-1, vc26-001,", "papers", "nope-1"),
    (SESSIONS, "    room: Poster hall A", "    room: Poster hall A\n    workshop: nope", "workshop", "nope"),
    (SESSIONS, "    room: Poster hall A", "    room: Poster hall A\n    speaker: nobody", "speaker", "nobody"),
    (SESSIONS, "    room: Poster hall A", "    room: Poster hall A\n    video: javascript:alert(1)", "video",
     "javascript:alert(1)"),
    (SESSIONS, "    room: Poster hall A", "    room: Poster hall A\n    chair: [Ann, Bo]", "chair", "Ann"),
    # speakers and workshops
    (SPEAKERS, "    session: invited-1", "    session: invited-2", "(amara-okafor).session", "invited-2"),
    (SPEAKERS, "    photo: static/speakers/amara-okafor.svg", "    photo: /etc/passwd", "photo", "/etc/passwd"),
    (SPEAKERS, "    website: https://amara-okafor.example/", "    website: javascript:alert(1)", "website",
     "javascript:alert(1)"),
    (SPEAKERS, "    name: Amara Okafor", "    name: ''", "name", "missing"),
    (WORKSHOPS, "        start: 2026-05-20 10:00", "        start: 2026-05-20 10:00+25:00", "start", "+25:00"),
    (WORKSHOPS, "    papers: [vc26-002,", "    papers: [vc26-002, vc26-002,", "papers", "vc26-002"),
    (WORKSHOPS, "    organizers: [Chiara Rossi,", "    organizers: [[Chiara Rossi],", "organizers[0]", "Chiara Rossi"),
    # chat settings: reported with the rest, with file and line, in the same round
    (CONF, "  chat:\n", "  chat:\n    kinds: [[paper]]\n", "conference.chat.kinds", "paper"),
    (CONF, "  chat:\n", "  chat:\n    kinds: [papers]\n", "conference.chat.kinds", "papers"),
    (CONF, "  chat:\n", "  chat:\n    channel_template: '{title'\n", "conference.chat.channel_template", "{title"),
    (CONF, "  chat:\n", "  chat:\n    channel_template: 'all'\n", "conference.chat.channel_template", "all"),
    (CONF, "  chat:\n", "  chat:\n    channel_template: '{kind}'\n", "conference.chat.channel_template", "{kind}"),
    (CONF, "  chat:\n", "  chat:\n    password: hunter2\n", "conference.chat.password", "(hidden)"),
]


@pytest.fixture(scope="module")
def sample_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("mut") / "pristine"
    shutil.copytree(REPO / "conference", src, ignore=ignore_generated)
    return src


def _mutate(sample: Path, dest: Path, file: str, old: str, new: str) -> Path:
    shutil.copytree(sample, dest)
    path = dest / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the sample changed: {old!r} is no longer in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dest


def _load(src: Path) -> model.Conference:
    return model.load(src / "data", root=src, extra=lambda conf: project_problems(conf, src))


def test_the_sweep_is_large() -> None:
    assert len(BROKEN) >= 80


@pytest.mark.parametrize(("file", "old", "new", "fld", "shown"), BROKEN,
                         ids=[f"{i:02d}-{b[3]}" for i, b in enumerate(BROKEN)])
def test_broken_edit_is_one_clear_report(sample_src: Path, tmp_path: Path, file: str, old: str, new: str,
                                         fld: str, shown: str) -> None:
    src = _mutate(sample_src, tmp_path / "src", file, old, new)
    with pytest.raises(model.ConferenceDataError) as info:
        _load(src)
    problems = info.value.problems
    ours = [p for p in problems if fld in p.field]
    assert ours, f"no problem names {fld!r}:\n{info.value}"
    p = ours[0]
    assert p.file.startswith("data/") and p.line > 0, f"no file and line: {p}"
    assert shown.lower() in str(p).lower(), f"the value {shown!r} is not shown: {p}"
    # The one mistake is reported once, not buried under problems it causes elsewhere (the
    # mutation itself may leave the old value under a key of its own: old_*, a duplicate).
    others = [q for q in problems if q is not p and ".old" not in q.field and "duplicate" not in q.expected]
    assert len(others) <= 1, f"follow-on problems:\n{info.value}"


def test_values_are_read_as_typed(sample_src: Path, tmp_path: Path) -> None:
    """YAML 1.1 would read these as 10, 750, 65 and 3.1."""
    src = _mutate(sample_src, tmp_path / "src", PAPERS, "papers:\n",
                  "papers:\n  - id: 0012\n    title: 12:30\n    authors: [Ann Lee]\n    track: 3.10\n"
                  "    keywords: [1:05, 007]\n")
    conf = _load(src)
    p = conf.papers["0012"]
    assert (p.title, p.track, p.keywords) == ("12:30", "3.10", ["1:05", "007"])


def _build(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-c", str(REPO), "-d", str(out / "doctrees"),
           "-D", f"vconf_cache_dir={out / 'cache'}", "-D", "vconf_embedding_model=tfidf",
           "-D", "vconf_thumbnails=0", "-D", "vconf_map=0", str(src), str(out / "html")]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=900)


# The cases that used to get past validation and break the build half-way (issue #13).
AT_BUILD = ["+24:00", "0001-01-01 00:00+00:00", "9999-12-31", "kinds: [[paper]]", "channel_template: '{kind}'",
            "pdf: /etc/hostname"]


@pytest.mark.parametrize("needle", AT_BUILD)
def test_a_broken_build_stops_cleanly_before_writing(sample_src: Path, tmp_path: Path, needle: str) -> None:
    file, old, new, fld, _ = next(b for b in BROKEN if needle in b[2])
    src = _mutate(sample_src, tmp_path / "src", file, old, new)
    proc = _build(src, tmp_path / "out")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    # a SphinxError (issue #21): each problem logged with its place, then the category; no
    # exception from inside the code (Sphinx 9 adds its own report blurb to any stop)
    assert "vconf: invalid conference data!" in output and "Exception occurred" not in output, output[-3000:]
    assert re.search(rf"\.yml:\d+: ERROR: vconf: .*{re.escape(fld)}", output), output[-3000:]
    written = [p for p in (tmp_path / "out" / "html").rglob("*") if p.is_file()]
    assert written == [], f"a half-written site: {written[:5]}"


def test_typed_values_build(sample_src: Path, tmp_path: Path) -> None:
    src = _mutate(sample_src, tmp_path / "src", PAPERS, "papers:\n",
                  "papers:\n  - id: 0012\n    title: 12:30\n    authors: [Ann Lee]\n    track: 3.10\n")
    sessions = src / SESSIONS
    sessions.write_text(sessions.read_text().replace("    room: Poster hall A", "    room: 1:05", 1))
    proc = _build(src, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = tmp_path / "out" / "html"
    page = (html / "papers" / "0012.html").read_text()
    assert re.search(r"<h1>12:30", page) and "3.10" in page
    assert "1:05" in (html / "sessions" / "poster-1.html").read_text()


def test_vconf_check_finds_what_the_build_finds_in_one_round(sample_src: Path, tmp_path: Path) -> None:
    """A missing PDF and a chat template that names two channels alike: both, at once."""
    src = _mutate(sample_src, tmp_path / "src", PAPERS, "    pdf: pdfs/vc26-001.pdf", "    pdf: pdfs/gone.pdf")
    conf = src / CONF
    conf.write_text(conf.read_text().replace("  chat:\n", "  chat:\n    channel_template: 'room-{kind}'\n", 1))
    proc = subprocess.run([sys.executable, "-m", "sphinxext_vconf.cli", "check", str(src / "data")],
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out, out
    assert re.search(r"data/papers-graph-learning\.yml:\d+: papers \(vc26-001\)\.pdf: 'pdfs/gone\.pdf'", out), out
    assert re.search(r"data/conference\.yml:\d+: conference\.chat\.channel_template", out), out
