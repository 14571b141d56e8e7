"""``vconf import miniconf`` and ``vconf import openreview``.

Always on the small fixtures of our own (tests/fixtures/miniconf-small/{iclr,acl},
tests/fixtures/openreview-small); on the real ICLR 2020, ACL 2020 and ICLR 2017 data when
../shared/data is present.  Building the imported projects with Sphinx: the fixtures
always, the real conferences in ``slow`` tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sphinxext_vconf import model
from sphinxext_vconf.cli import main
from sphinxext_vconf.importers import safe_markdown

HERE = Path(__file__).parent
FIX = HERE / "fixtures"
ICLR_SMALL = FIX / "miniconf-small" / "iclr"
ACL_SMALL = FIX / "miniconf-small" / "acl"
EMNLP_SMALL = FIX / "miniconf-small" / "emnlp"  # the EMNLP 2020 / NAACL 2021 layout (see its README.txt)
OR_SMALL = FIX / "openreview-small"
SHARED = Path(__file__).parents[1].parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
HAS_SPHINX = "def setup" in (HERE.parent / "sphinxext_vconf" / "__init__.py").read_text(encoding="utf-8")
needs_sphinx = pytest.mark.skipif(not HAS_SPHINX, reason="the Sphinx integration is not there yet")


def vconf(*args: object) -> int:
    return main([str(a) for a in args])


def import_miniconf(src: Path, dest: Path, *extra: str) -> model.Conference:
    assert vconf("import", "miniconf", src, dest, *extra) == 0
    return model.load(dest / "data", root=dest)


def report_of(dest: Path) -> str:
    return (dest / "vconf-import-report.txt").read_text(encoding="utf-8")


def build(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -W`` in its own process (the extension keeps per-process state)."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out),
           "-D", "vconf_embedding_model=tfidf"]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def iclr_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("iclr") / "site"
    import_miniconf(ICLR_SMALL, dest)
    return dest


@pytest.fixture(scope="module")
def acl_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("acl") / "site"
    import_miniconf(ACL_SMALL, dest)
    return dest


# --------------------------------------------------------------------------------------
# Mini-Conf, original format (fixture)
# --------------------------------------------------------------------------------------


def test_iclr_fixture_becomes_a_valid_project(iclr_small: Path) -> None:
    conf = model.load(iclr_small / "data")
    assert conf.name == "TinyConf"
    assert conf.tagline == "TINY CONFERENCE & FRIENDS"
    assert (conf.timezone, conf.start_date, conf.end_date) == ("UTC", dt.date(2031, 5, 12), dt.date(2031, 5, 13))
    assert list(conf.papers) == ["tc1aa", "tc2bb", "bad-id-3", "tc6ff"]
    assert conf.papers["tc2bb"].keywords == ["coins", "probability"]
    assert conf.papers["tc2bb"].presentation == "spotlight"  # highlighted.csv
    assert conf.papers["tc1aa"].abstract.startswith("We count edges")
    # papers.csv names sessions; the calendar's links give them times
    assert conf.papers["tc2bb"].sessions == ["p1s1", "p2s1"]
    p1 = conf.sessions["p1s1"]
    assert (p1.title, p1.kind, p1.start) == ("Poster Day 1 Session 1 (P1S1)", "poster",
                                             dt.datetime(2031, 5, 12, 8, tzinfo=dt.UTC))
    qa = conf.sessions["live-q-a-ada-byron"]
    assert (qa.kind, qa.speaker) == ("invited", "1")
    assert conf.speakers["1"].session == qa.id
    assert conf.speakers["2"].name == "Prof. Bo Chen"
    assert not conf.speakers["1"].photo  # on an outside host: dropped, reported
    assert conf.workshops["a"].organizers == ["Ann Archer", "Ben Bishop"]
    assert conf.sessions["tiny-social"].kind == "social"
    assert conf.chat == {"provider": "rocketchat", "server": "https://chat.tinyconf.example"}
    conf_py = (iclr_small / "conf.py").read_text(encoding="utf-8")
    for line in ("project = 'TinyConf'", 'extensions = ["sphinxext_vconf"]', 'html_theme = "vconf"',
                 'vconf_data_dir = "data"', 'exclude_patterns = ["_build"]'):
        assert line in conf_py
    index = (iclr_small / "index.md").read_text(encoding="utf-8")
    assert "# TinyConf\n" in index and ":hidden:\n\nhelp\ncommittee\n" in index


def test_iclr_fixture_report_lists_every_problem_and_unmapped_field(iclr_small: Path) -> None:
    report = report_of(iclr_small)
    for line in (
        "papers.csv:6: row has 8 fields, the header has 7; row skipped",
        "papers.csv:7: paper 'tc5ee' has no title; row skipped",
        "papers.csv:9: UID 'tc1aa' already used (papers.csv:2); row skipped",
        "papers.csv:8: paper tc6ff: session 'Wed Session 9' is in no calendar",
        "highlighted.csv:3: paper 'nope' is in no papers file",
        "main_calendar.json: event 5 (An event without an end)",
        "papers.csv:5: paper id 'bad id/3' -> 'bad-id-3'",
    ):
        assert line in report, line
    for field in ("papers.csv: poster_url (1 value)", "config.yml: analytics", "speakers.csv: image",
                  "speakers.csv: session", "config.yml: logo.image", "notes.txt: (whole file)",
                  "papers_projection.json: (whole file)", "committee.yml: im",
                  "faq.yml: (Markdown) image 'https://evil.example/pixel.png'"):
        assert field in report, field


def test_faq_answers_stay_markdown_but_run_nothing(iclr_small: Path) -> None:
    faq = (iclr_small / "help.md").read_text(encoding="utf-8")
    assert "[papers](papers.md)" in faq and "[schedule](schedule.md)" in faq  # old pages -> vconf pages
    assert "[guide](https://tinyconf.example/guide)" in faq and "[us](mailto:user@example.org)" in faq
    assert "**bold**" in faq and "*emphasis*" in faq and "`code`" in faq
    outside_code = re.sub(r"```\n.*?\n```", "", faq, flags=re.DOTALL)
    assert "```\n<iframe" in faq  # a fenced block keeps its text, as a code block
    assert not re.search(r"(?<!\\)<", outside_code)  # every "<" of raw HTML is escaped
    assert "```{" not in faq and "{eval-rst}" not in faq  # no directive, no role
    assert "pixel.png" not in faq and "static/old.pdf" not in faq
    assert "\\$x\\^2\\$" in faq  # not math


def test_same_input_gives_byte_identical_output(iclr_small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    import_miniconf(ICLR_SMALL, again)
    first = {p.relative_to(iclr_small): p.read_bytes() for p in iclr_small.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_ics_export_alone_gives_the_same_sessions(iclr_small: Path, tmp_path: Path) -> None:
    src = tmp_path / "sitedata"
    shutil.copytree(ICLR_SMALL, src)
    (src / "main_calendar.json").unlink()
    conf = import_miniconf(src, tmp_path / "site")
    expected = model.load(iclr_small / "data").sessions

    def facts(sessions: dict[str, model.Session]) -> dict[str, tuple[object, ...]]:
        return {s.id: (s.title, s.kind, s.start, s.end, s.papers, s.speaker) for s in sessions.values()}

    assert facts(conf.sessions) == facts(expected)


def test_dest_must_be_empty_unless_force(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "mine.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        vconf("import", "miniconf", ICLR_SMALL, dest)
    assert "is not empty" in str(exc.value.code) and "--force" in str(exc.value.code)
    assert sorted(p.name for p in dest.iterdir()) == ["mine.md"]
    # --force writes beside the user's file, and never over it
    import_miniconf(ICLR_SMALL, dest, "--force")
    assert (dest / "mine.md").read_text(encoding="utf-8") == "# Mine\n"


def test_force_never_overwrites_what_the_user_edited(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    import_miniconf(ICLR_SMALL, dest)
    import_miniconf(ICLR_SMALL, dest, "--force")  # unchanged files: updated silently
    conf_py = dest / "conf.py"
    conf_py.write_text(conf_py.read_text(encoding="utf-8") + "html_logo = 'logo.svg'\n", encoding="utf-8")
    edited = conf_py.read_bytes()
    before = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    with pytest.raises(SystemExit) as exc:
        vconf("import", "miniconf", ICLR_SMALL, dest, "--force")
    assert "conf.py" in str(exc.value.code) and "nothing was written" in str(exc.value.code)
    assert conf_py.read_bytes() == edited
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "is not a folder"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "has no papers file"),
])
def test_missing_or_invalid_sitedata_is_a_clear_error(tmp_path: Path, make: object, message: str) -> None:
    src = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(SystemExit) as exc:
        vconf("import", "miniconf", src, tmp_path / "site")
    assert message in str(exc.value.code)
    assert not (tmp_path / "site").exists()


def test_command_line_exit_status_and_message(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "sphinxext_vconf.cli", "import", "miniconf", str(tmp_path / "nope"),
           str(tmp_path / "site")]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_bad_timezone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        vconf("import", "miniconf", ICLR_SMALL, tmp_path / "site", "--timezone", "Mars/Olympus")
    assert "Mars/Olympus" in str(exc.value.code)


def test_timezone_option_keeps_instants_exact(tmp_path: Path) -> None:
    conf = import_miniconf(ICLR_SMALL, tmp_path / "site", "--timezone", "America/Los_Angeles")
    s = conf.sessions["p1s1"]
    assert conf.timezone == "America/Los_Angeles"
    assert s.start == dt.datetime(2031, 5, 12, 8, tzinfo=dt.UTC)
    assert "start: 2031-05-12 01:00-07:00" in (tmp_path / "site/data/sessions.yml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# Mini-Conf, ACL 2020 flavour (fixture)
# --------------------------------------------------------------------------------------


def test_acl_fixture_papers_sessions_and_videos(acl_small: Path) -> None:
    conf = model.load(acl_small / "data")
    assert set(conf.papers) == {"main.1", "main.2", "main.3", "demo.1", "w1.1", "w1.W1X"}
    for pid in ("main.1", "main.2", "main.3", "demo.1"):
        assert len(conf.papers[pid].sessions) == 2, pid  # two live Q&A sessions per paper
    assert conf.papers["main.1"].sessions == ["1A", "2A"]
    assert conf.sessions["1A"].title == "QA Session 1A"  # the calendar's name for it
    assert conf.sessions["1A"].papers == ["main.1", "main.2"]
    assert conf.sessions["2B"].end == dt.datetime(2031, 7, 6, 10, tzinfo=dt.UTC)  # from the Zoom CSV
    assert conf.sessions["D1A-1"].end - conf.sessions["D1A-1"].start == dt.timedelta(minutes=45)
    assert conf.papers["main.1"].video == "https://slideslive.com/38000001"
    assert conf.papers["main.2"].video == ""  # "not-a-number": reported
    assert conf.papers["main.3"].pdf == ""  # ftp://: reported
    assert conf.papers["demo.1"].track == "System Demonstrations"
    assert conf.chat["channel_template"] == {"paper": "paper-{id}"}  # ACL's paper-main-1


def test_acl_fixture_plenaries_tutorials_workshops_socials(acl_small: Path) -> None:
    conf = model.load(acl_small / "data")
    keynote = conf.speakers["keynote_ana"]
    assert (keynote.name, keynote.affiliation, keynote.talk_title) == (
        "Prof. Ana Ruiz", "Tiny University", "Why Small Sentences Matter")
    assert keynote.session == "keynote_ana-live-presentation"
    live = conf.sessions["keynote_ana-live-qa"]
    assert (live.kind, live.video, live.chat) == (
        "invited", "https://slideslive.com/38000201", "https://tinyacl.rocket.example/channel/keynote-ana")
    assert "Treasurer's report (Gil Moss): https://slideslive.com/38000301" in \
        conf.sessions["business_meeting"].description
    tutorial = conf.workshops["T1"]
    assert tutorial.organizers == ["Jon Park", "Kim Lee", "Lia Sun"] and tutorial.sessions == ["T1"]
    w1 = conf.workshops["W1"]
    assert w1.papers == ["w1.1", "w1.W1X"] and conf.papers["w1.1"].authors[2].name == "Quinn Ray"
    # "Jul 7, 9:00 AM" in the workshop's zone: the one where the schedule opens with its live session
    assert [(i.title, i.start) for i in w1.schedule][:2] == [
        ("Opening remarks", dt.datetime(2031, 7, 7, 16, tzinfo=dt.UTC)),
        ("A Corpus of Three Sentences", dt.datetime(2031, 7, 7, 16, 10, tzinfo=dt.UTC)),
    ]
    assert w1.schedule[2].kind == "break"
    social = conf.sessions["tiny-social-session-a"]
    assert (social.kind, social.video) == ("social", "https://zoom.us/j/300000001")
    assert conf.sessions["welcome-reception"].kind == "social"  # only in the calendar
    # the calendar's copies of imported sessions and its week overviews are not imported twice
    assert len(conf.sessions) == 13


def test_acl_fixture_report_and_pages(acl_small: Path) -> None:
    report = report_of(acl_small)
    for line in (
        "main_papers.csv:5: paper 'main.4' has no authors",
        "main_papers.csv:4: paper 'main.3': pdf_url 'ftp://tinyacl.example/main.3.pdf' is not an http(s) URL",
        "main_paper_sessions.yml:6: session '1A': paper 'main.99' is in no papers file",
        "main_paper_slideslive_ids.csv:3: SlidesLive id 'not-a-number'",
        "W1 item 4 ('Panel')",
        "main_paper_zoom_links.csv: zoom_join_link (6 values)",
        "demo_papers.csv: demo_url (1 value)",
        "sponsors.yml: contacts",
        "paper_recs.json: (whole file)",
        "overall_calendar.json: (overview events) (1 value)",
    ):
        assert line in report, line
    # sponsors are records now (the sponsors page is vconf's own), listed once, their HTML made inert
    sponsors = model.load(acl_small / "data").sponsors
    assert list(sponsors) == ["1"] and sponsors["1"].level == "Gold"
    assert "<script>" not in sponsors["1"].description
    assert ("Tiny jobs", "https://tinycorp.example/jobs") in [(lk.title, lk.url) for lk in sponsors["1"].links]
    assert not (acl_small / "sponsors.md").exists()
    coc = (acl_small / "code-of-conduct.md").read_text(encoding="utf-8")
    assert "\n## Implementation\n" in coc
    faq = (acl_small / "help.md").read_text(encoding="utf-8")
    assert "[Code of Conduct](code-of-conduct.md)" in faq
    index = (acl_small / "index.md").read_text(encoding="utf-8")
    for page in ("help", "committee", "code-of-conduct", "plenary-sessions", "tutorials", "socials"):
        assert f"\n{page}\n" in index and (acl_small / f"{page}.md").is_file()


# --------------------------------------------------------------------------------------
# Mini-Conf, EMNLP 2020 / NAACL 2021 layout (fixture)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emnlp_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("emnlp") / "site"
    import_miniconf(EMNLP_SMALL, dest)
    return dest


def test_emnlp_fixture_sessions_workshop_papers_sponsors(emnlp_small: Path) -> None:
    conf = model.load(emnlp_small / "data")
    qa = conf.sessions["1Az"]
    assert qa.title == "Zoom Q&A Session 1A: Machine Learning and Parsing" and qa.kind == "oral"
    assert qa.papers == ["main.10", "main.11"] and qa.video == "https://zoom.us/j/400000001"
    assert qa.start == dt.datetime(2032, 11, 16, 16, 0, tzinfo=dt.UTC)
    assert conf.sessions["1Bg"].kind == "poster" and conf.sessions["1Bg"].papers == ["main.12", "demo.3", "main.10"]
    assert [s.id for s in conf.sessions_of_paper("main.10")] == ["1Az", "1Bg"]
    assert conf.workshops["WS-1"].papers == ["WS-1.1", "WS-1.2"]
    assert conf.papers["WS-9.1"].track == "Workshop WS-9"  # its workshop is in no file: kept, said in the report
    assert {p.id: p.type for p in conf.papers.values() if p.type} == {
        "main.10": "Long", "main.11": "Short", "main.12": "Long", "findings.5": "Findings", "demo.3": "Demo"}
    assert conf.papers["main.10"].abstract == "We count words in **very** short texts.  \nIt is fast."
    assert conf.workshops["WS-1"].abstract == "Corpora with fewer than ten sentences, *and nothing else*."
    assert [(s.name, s.level) for s in conf.sponsors.values()] == [
        ("Tiny Corp", "Diamond"), ("Small Labs", "Gold"), ("Mini Inc", "Silver")]
    tiny = conf.sponsors["tiny-corp"]
    assert "<" not in tiny.description and "[hiring](https://tinycorp.example/jobs)" in tiny.description
    assert tiny.chat == "https://chat.tinyemnlp.example/channel/sponsor-tiny"
    assert ("Video booth", "https://zoom.us/j/400000401") in [(lk.title, lk.url) for lk in tiny.links]
    assert [(it.title, it.end - it.start) for it in tiny.schedule] == [("Tiny research at Tiny Corp",
                                                                         dt.timedelta(hours=1))]
    social = next(s for s in conf.sessions.values() if s.kind == "social")
    assert social.video == "https://zoom.us/j/400000301"


def test_emnlp_report_accounts_for_every_record_of_every_file(emnlp_small: Path) -> None:
    from sphinxext_vconf.importers.miniconf import MiniConf

    _, report = MiniConf(EMNLP_SMALL).run()
    assert report.unaccounted() == []
    files = {f for f, _ in report.ledger} | set(report.unread)
    assert files == {p.name for p in EMNLP_SMALL.iterdir()}
    assert report.ledger[("paper_sessions.yml", "sessions")][:2] == [3, 3]
    assert report.ledger[("paper_sessions.yml", "paper links")][:2] == [7, 6]
    assert report.ledger[("workshop_papers.csv", "papers")][:2] == [4, 3]
    assert report.ledger[("sponsors.yml", "sponsors")][:2] == [4, 3]
    text = report_of(emnlp_small)
    assert "Every source file: records in, records out, dropped and why" in text
    assert "paper_sessions.yml paper links: 1 dropped: session …: paper … is in no papers file" in text
    assert "UNACCOUNTED" not in text


@needs_sphinx
def test_imported_emnlp_fixture_builds_with_sessions_workshops_sponsors(emnlp_small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(emnlp_small, site)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(site),
           str(out), "-D", "vconf_embedding_model=tfidf"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    session = (out / "sessions/1Az.html").read_text(encoding="utf-8")
    assert 'href="../papers/main.10.html"' in session and 'href="../papers/main.11.html"' in session
    paper = (out / "papers/main.10.html").read_text(encoding="utf-8")
    assert 'href="../sessions/1Az.html"' in paper and 'href="../sessions/1Bg.html"' in paper
    assert "<strong>very</strong>" in paper and "&lt;b&gt;" not in paper
    workshop = (out / "workshops/WS-1.html").read_text(encoding="utf-8")
    assert 'href="../papers/WS-1.1.html"' in workshop and 'href="../papers/WS-1.2.html"' in workshop
    sponsors = (out / "sponsors.html").read_text(encoding="utf-8")
    for name in ("Tiny Corp", "Small Labs", "Mini Inc", "Diamond", "Gold", "Silver"):
        assert name in sponsors
    assert "<script>alert" not in sponsors and "onclick" not in sponsors
    # the lean output: no copy of the sources (Sphinx leaves the folder, empty), doctrees elsewhere
    assert not any((out / "_sources").rglob("*")) and not (out / ".doctrees").exists()


# --------------------------------------------------------------------------------------
# Untrusted Markdown
# --------------------------------------------------------------------------------------


def test_safe_markdown_keeps_structure_and_drops_markup() -> None:
    dropped: list[str] = []
    out = safe_markdown(
        "Hi <img src=x onerror=alert(1)> **b** [x](/papers.html) [y](ftp://old.example/y) "
        "[z](javascript:alert(1))\n\n1. one\n2. two\n\n```{include} /etc/passwd\n```\n\n{raw}`<b>x</b>` $a$",
        lambda href: "papers.md" if href == "/papers.html" else None, dropped.append)
    assert "[x](papers.md)" in out and " y " in out
    assert "](javascript" not in out and "\\(javascript\\:" in out  # never a link: escaped text
    assert "\\<img" in out and not re.search(r"(?<!\\)<img", out)
    assert "1. one\n2. two" in out
    assert "```{" not in out and "/etc/passwd" not in out  # a directive's argument is not kept either
    assert "\\{raw\\}`<b>x</b>`" in out  # a literal code span, not a role
    assert "\\$a\\$" in out
    assert dropped == ["link to 'ftp://old.example/y' (kept its text)"]


# --------------------------------------------------------------------------------------
# OpenReview (fixture)
# --------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(OR_SMALL / "project", dest)
    return dest


def attach(project: Path, *extra: str) -> int:
    return vconf("import", "openreview", OR_SMALL / "submissions.csv", OR_SMALL / "reviews.csv", project, *extra)


def test_openreview_attaches_reviews_and_decisions(project: Path) -> None:
    original = (project / "data/papers.yml").read_text(encoding="utf-8")
    assert attach(project) == 0
    conf = model.load(project / "data")
    p1, p2, p4, p3 = (conf.papers[i] for i in ("tc1aa", "tc2bb", "tc6ff", "bad-id-3"))
    assert (p1.decision, p2.decision, p4.decision) == ("oral", "poster", "workshop")
    assert [(r.title, r.rating, r.confidence) for r in p1.reviews] == [("Strong paper", 8, 4), ("Review", 6, None)]
    assert p1.reviews[0].text == "Clear and short.\n\nAccept."
    assert [r.rating for r in p2.reviews] == [7]  # the row rated "great" is reported, not attached
    assert [r.text for r in p4.reviews] == ["Types are good."]
    assert p3.decision == "poster" and len(p3.reviews) == 1  # the organizers' decision; no duplicate review
    assert conf.papers["local-only"].reviews == []
    # nothing the organizers wrote is lost: comments, layout, the backup
    text = (project / "data/papers.yml").read_text(encoding="utf-8")
    for line in original.splitlines():
        if line.strip() and 'decision: ""' not in line and "{id: tc6ff" not in line:
            assert line in text.splitlines(), line
    assert (project / "data/papers.yml.bak").read_text(encoding="utf-8") == original
    report = (project / "vconf-openreview-report.txt").read_text(encoding="utf-8")
    for line in ("submissions.csv:8: no paper id", "submissions.csv:9: paper orBAD3: decision 'Maybe later'",
                 "reviews.csv:10: review of tc2bb: rating 'great'", "review(s) of orGHOST: no such paper",
                 "paper bad-id-3: decision 'poster' kept; OpenReview says 'reject'",
                 "3 submissions have no paper in the project (use --create"):
        assert line in report, line


def test_openreview_twice_changes_nothing(project: Path) -> None:
    attach(project)
    once = (project / "data/papers.yml").read_bytes()
    attach(project)
    assert (project / "data/papers.yml").read_bytes() == once
    assert not (project / "data/papers.yml.bak.1").exists()
    assert "reviews attached: 0" in (project / "vconf-openreview-report.txt").read_text(encoding="utf-8")


def test_openreview_again_keeps_the_chairs_redactions_and_removals(project: Path) -> None:
    """Reviews merge by their identity, never by text: an edited review stays as edited, a
    removed one stays removed."""
    attach(project)
    path = project / "data/papers.yml"
    text = path.read_text(encoding="utf-8")
    assert "Clear and short." in text and "Fine, but tiny." in text
    edited = text.replace("Clear and short.", "[redacted by the programme chairs]")
    edited = re.sub(r"\n *- *id: tc1aa-review-2\n(?: {6,}.*\n)*", "\n", edited)  # the chairs removed one
    assert "Fine, but tiny." not in edited
    path.write_text(edited, encoding="utf-8")
    attach(project)
    again = model.load(project / "data").papers["tc1aa"].reviews
    assert [r.text.split("\n")[0] for r in again] == ["[redacted by the programme chairs]"]
    after = path.read_text(encoding="utf-8")
    assert "Clear and short." not in after and "Fine, but tiny." not in after
    assert "reviews attached: 0" in (project / "vconf-openreview-report.txt").read_text(encoding="utf-8")


def test_openreview_overwrite_decisions(project: Path) -> None:
    attach(project, "--overwrite-decisions")
    text = (project / "data/papers.yml").read_text(encoding="utf-8")
    assert model.load(project / "data").papers["bad-id-3"].decision == "reject"
    assert '    decision: "reject"   # the organizers decided this themselves' in text


def test_openreview_create_writes_a_new_file(project: Path) -> None:
    attach(project, "--create", "--accepted-only")
    conf = model.load(project / "data")
    created = [p for p in conf.papers.values() if p.source.file.endswith("papers-openreview.yml")]
    assert [p.id for p in created] == ["orNEW1", "orBAD3"]  # orREJ2 was rejected
    new = conf.papers["orNEW1"]
    assert (new.decision, new.presentation, new.keywords) == ("poster", "poster", ["new", "created"])
    assert [a.name for a in new.authors] == ["Anonymous"]
    assert [r.text for r in new.reviews] == ["A new paper, reviewed."]
    # every review row whose paper exists is attached, once
    rows = list(csv.DictReader((OR_SMALL / "reviews.csv").open(encoding="utf-8")))
    attached = sum(len(p.reviews) for p in conf.papers.values())
    expected = sum(1 for r in rows if r["PID"] in conf.papers and r["Rating"] != "great")
    assert attached == expected


def test_openreview_api_v2_json_gives_papers_decisions_and_every_kind_of_review(project: Path) -> None:
    # the JSON of openreview-py's get_all_notes(..., details="replies"), in the API v2 shape
    assert vconf("import", "openreview", OR_SMALL / "api-v2.json", project, "--create") == 0
    conf = model.load(project / "data")
    acc, rej = conf.papers["orV2acc"], conf.papers["orV2rej"]
    assert (acc.title, [a.name for a in acc.authors], acc.keywords) == (
        "Tiny Bounds for Tiny Graphs", ["Ada Lovelace", "Alan Turing"], ["graphs", "bounds"])
    assert (acc.decision, acc.presentation, rej.decision) == ("poster", "poster", "reject")
    assert [(r.id, r.kind) for r in acc.reviews] == [
        ("rvA1", "review"), ("rvA2", "review"), ("rbA1", "author-response"), ("cmA1", "author-response"),
        ("mrA1", "meta-review"), ("dcA1", "decision")]
    r1 = acc.reviews[0]
    assert (r1.reviewer, r1.date, r1.rating, r1.confidence) == ("Reviewer xY1z", dt.date(2026, 7, 25), 6.0, 4.0)
    assert r1.scores == {"soundness": 3.0, "presentation": 2.0, "contribution": 3.0}
    assert "**Weaknesses**" in r1.text and "- the proof of Lemma 2 skips a step" in r1.text
    assert (acc.reviews[4].decision, acc.reviews[5].decision) == ("Accept (Poster)", "Accept (poster)")
    report = (project / "vconf-openreview-report.txt").read_text(encoding="utf-8")
    assert "api-v2.json replies: 1 dropped: a withdrawal notice" in report
    assert "api-v2.json submissions: 1 dropped: note … has no id or content" in report
    # again: nothing new
    assert vconf("import", "openreview", OR_SMALL / "api-v2.json", project) == 0
    assert [r.id for r in model.load(project / "data").papers["orV2acc"].reviews] == [r.id for r in acc.reviews]


@needs_sphinx
def test_openreview_json_reviews_render_safely_and_rejected_papers_stay_out_of_the_gallery(
        project: Path, tmp_path: Path) -> None:
    assert vconf("import", "openreview", OR_SMALL / "api-v2.json", project, "--create") == 0
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "out/papers/orV2acc.html").read_text(encoding="utf-8")
    reviews = page[page.index('class="vconf-reviews"'):]
    assert "<h5>Weaknesses</h5>" in reviews or "<h4>Weaknesses</h4>" in reviews  # the review's own heading
    assert "<li>the proof of Lemma 2 skips a step</li>" in reviews
    assert r'<span class="math notranslate nohighlight">\(\delta\)</span>' in reviews
    assert "<script>alert" not in page and "onerror" not in reviews
    assert not re.search(r"href=.?javascript", reviews, re.I)  # the link's text stays, as inert text
    assert "<dt>Soundness</dt><dd>3</dd>" in reviews and "Accept (Poster)" in reviews
    gallery = json.loads((tmp_path / "out/data/gallery.json").read_text(encoding="utf-8"))
    ids = {row[0] for row in gallery["rows"]}
    assert "orV2acc" in ids and "orV2rej" not in ids
    assert "orV2rej" not in (tmp_path / "out/papers.html").read_text(encoding="utf-8")


def test_openreview_edits_crlf_flow_lists_and_a_file_without_final_newline(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(OR_SMALL / "project/data/conference.yml", tmp_path / "data")
    original = ("# CRLF, nested mappings last, an empty flow list, no newline at the end\r\npapers:\r\n"
                "- id: tc1aa\r\n  title: A\r\n  authors:\r\n  - name: X\r\n    affiliation: Y\r\n"
                "- id: tc2bb\r\n  title: B\r\n  authors: [Z]\r\n  reviews: []\r\n"
                "- id: tc6ff\r\n  title: C\r\n  authors: [W]\r\n  abstract: |\r\n    one\r\n\r\n    two\r\n"
                "  decision:")
    (tmp_path / "data/papers.yml").write_bytes(original.encode())
    assert attach(tmp_path / "data") == 0
    raw = (tmp_path / "data/papers.yml").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # still CRLF throughout
    conf = model.load(tmp_path / "data")
    assert conf.papers["tc1aa"].authors == [model.Author("X", "Y")] and len(conf.papers["tc1aa"].reviews) == 2
    assert [r.rating for r in conf.papers["tc2bb"].reviews] == [7]
    assert conf.papers["tc6ff"].abstract == "one\n\ntwo" and conf.papers["tc6ff"].decision == "workshop"


def test_openreview_refuses_a_target_without_data(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        vconf("import", "openreview", OR_SMALL / "submissions.csv", OR_SMALL / "reviews.csv", tmp_path / "none")
    assert "neither a vconf project" in str(exc.value.code)


# --------------------------------------------------------------------------------------
# Sphinx builds of imported fixtures
# --------------------------------------------------------------------------------------


@needs_sphinx
def test_imported_fixture_builds_and_shows_reviews(tmp_path: Path) -> None:
    site = tmp_path / "site"
    import_miniconf(ICLR_SMALL, site)
    assert attach(site) == 0  # the fixture's OpenReview ids are the papers' UIDs
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    papers = json.loads((tmp_path / "out/data/papers.json").read_text(encoding="utf-8"))
    # bad-id-3 was rejected on OpenReview: by default it is in no listing (conference.publish_rejected)
    assert {p["id"] for p in papers} == {"tc1aa", "tc2bb", "tc6ff"}
    gallery = json.loads((tmp_path / "out/data/gallery.json").read_text(encoding="utf-8"))
    assert {row[0] for row in gallery["rows"]} == {"tc1aa", "tc2bb", "tc6ff"}
    assert "bad-id-3" not in (tmp_path / "out/papers.html").read_text(encoding="utf-8")
    assert "vconf-decision-reject" in (tmp_path / "out/papers/bad-id-3.html").read_text(encoding="utf-8")
    page = (tmp_path / "out/papers/tc1aa.html").read_text(encoding="utf-8")
    assert "vconf-review" in page and "Strong paper" in page
    help_page = (tmp_path / "out/help.html").read_text(encoding="utf-8")
    assert "<script>alert" not in help_page and "&lt;script&gt;" in help_page


@needs_sphinx
def test_imported_acl_fixture_builds(acl_small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(acl_small, site)
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    papers = json.loads((tmp_path / "out/data/papers.json").read_text(encoding="utf-8"))
    assert len(papers) == 6
    for page in ("help", "committee", "code-of-conduct", "plenary-sessions", "tutorials", "socials", "sponsors"):
        assert (tmp_path / f"out/{page}.html").is_file()


# --------------------------------------------------------------------------------------
# Real data: ICLR 2020, ACL 2020 (Mini-Conf), ICLR 2017 (OpenReview)
# --------------------------------------------------------------------------------------

ICLR2020 = SHARED / "iclr2020-miniconf"
ACL2020 = SHARED / "acl2020-miniconf"
ICLR2017 = SHARED / "iclr2017-openreview"


@pytest.fixture(scope="module")
def iclr2020(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("iclr2020") / "site"
    import_miniconf(ICLR2020, dest)
    return dest


@pytest.fixture(scope="module")
def acl2020(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("acl2020") / "site"
    import_miniconf(ACL2020 / "sitedata", dest)
    return dest


@needs_shared
def test_real_iclr2020_imports(iclr2020: Path) -> None:
    conf = model.load(iclr2020 / "data")
    uids = [r["UID"] for r in csv.DictReader((ICLR2020 / "papers.csv").open(encoding="utf-8"))]
    assert len(uids) == 687 and list(conf.papers) == uids
    assert len(conf.sessions) == 56  # every event of main_calendar.json
    assert conf.sessions["p1s1"].papers == ["B1xSperKvH"]
    assert sum(p.presentation == "spotlight" for p in conf.papers.values()) == 6
    report = report_of(iclr2020)
    assert "Problems (row skipped or value left out, the rest imported): 0" in report
    for field in ("config.yml: analytics", "speakers.csv: image (2 values)", "papers_projection.json: (whole file)",
                  "README.md: (whole file)", "sample_cal.ics: 56 events also in the JSON calendar"):
        assert field in report, field
    assert_every_file_accounted(report, ICLR2020)


@needs_shared
def test_real_acl2020_imports_and_matches_what_acl_served(acl2020: Path) -> None:
    conf = model.load(acl2020 / "data")
    built = {p["id"]: p for p in json.loads((ACL2020 / "built/papers.json").read_text(encoding="utf-8"))}
    assert len(built) == 907
    assert set(built) <= set(conf.papers)
    assert len(conf.papers) == 907 + 418  # and the 418 workshop papers
    for pid, b in built.items():
        assert len(conf.papers[pid].sessions) == len(b["content"]["sessions"]), pid
    assert sum(len(conf.papers[pid].sessions) == 2 for pid in built) == 905  # two SRW papers have one
    for pid in ("main.8", "demo.94", "tacl.1779", "cl.1508", "srw.135"):
        p, c = conf.papers[pid], built[pid]["content"]
        assert p.title == c["title"] and [a.name for a in p.authors] == c["authors"]
        assert (p.track, p.pdf, p.abstract) == (c["track"], c["pdf_url"], c["abstract"].strip())
        assert p.video == f"https://slideslive.com/{built[pid]['presentation_id']}"
        assert p.keywords == [k.strip() for k in c["keywords"] if k.strip()]
        got = sorted((s.id, s.start, s.end) for s in conf.sessions_of_paper(pid))
        want = sorted((x["session_name"], email.utils.parsedate_to_datetime(x["start_time"]),
                       email.utils.parsedate_to_datetime(x["end_time"])) for x in c["sessions"])
        if pid.startswith("demo."):
            # ACL's papers.json gave every Q&A one hour; its calendar and Zoom CSV say demo slots
            # were 45 minutes, and the import follows those.
            assert [(i, st) for i, st, _ in got] == [(i, st) for i, st, _ in want], pid
            assert {e - st for _, st, e in got} == {dt.timedelta(minutes=45)}, pid
        else:
            assert got == want, pid
    report = report_of(acl2020)
    zoom_rows = sum(1 for f in (ACL2020 / "sitedata").glob("*_paper_zoom_links.csv")
                    for _ in csv.DictReader(f.open(encoding="utf-8")))
    counted = sum(int(line.split("zoom_join_link (")[1].split(" ")[0]) for line in report.splitlines()
                  if "zoom_join_link (" in line)
    assert counted == zoom_rows == 1812
    assert sum(bool(conf.papers[pid].type) for pid in built if pid.startswith("main.")) == 778  # Long, Short
    assert len(conf.workshops) == 20 + 8 and len(conf.speakers) == 3
    assert_every_file_accounted(report, ACL2020 / "sitedata")


def assert_every_file_accounted(report: str, sitedata: Path) -> None:
    """The closing table names every source file, and in = out + dropped for each of its rows."""
    table = report[report.index("Every source file: records in, records out, dropped and why"):]
    assert "UNACCOUNTED" not in table
    for path in sitedata.iterdir():
        if path.is_file():
            assert f"  {path.name} " in table, path.name
    for line in table.splitlines()[2:]:
        cells = line.split()
        if len(cells) >= 5 and all(c.isdigit() for c in cells[-3:]):
            n_in, n_out, n_drop = (int(c) for c in cells[-3:])
            assert n_in == n_out + n_drop, line


@needs_shared
def test_real_iclr2017_openreview(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/conference.yml").write_text(yaml.safe_dump({"conference": {
        "name": "ICLR 2017", "timezone": "Europe/Paris", "start_date": "2017-04-24", "end_date": "2017-04-26"}}))
    subs = ICLR2017 / "ICLR17_submissions.csv"
    revs = ICLR2017 / "ICLR17_reviews.csv"
    assert vconf("import", "openreview", subs, revs, tmp_path / "data", "--create") == 0
    conf = model.load(tmp_path / "data")
    rows = list(csv.DictReader(subs.open(encoding="utf-8")))
    titled = {r["PID"] for r in rows if r["Title"].strip()}
    assert set(conf.papers) == titled and len(titled) == 489  # one submission has no title: reported
    report = (tmp_path / "data/vconf-openreview-report.txt").read_text(encoding="utf-8")
    assert "ICLR17_submissions.csv:377: paper SJUdkecgx has no title" in report
    codes = {"1": "oral", "2": "poster", "-1": "workshop", "0": "reject"}
    assert {p.id: p.decision for p in conf.papers.values()} == {r["PID"]: codes[r["Decision"]] for r in rows
                                                                if r["PID"] in titled}
    review_rows = [r for r in csv.DictReader(revs.open(encoding="utf-8")) if r["PID"] in titled]
    assert sum(len(p.reviews) for p in conf.papers.values()) == len(review_rows)
    some = conf.papers[review_rows[0]["PID"]]
    assert review_rows[0]["Rating"] and some.reviews[0].rating == float(review_rows[0]["Rating"])


@needs_shared
@needs_sphinx
@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["iclr2020", "acl2020"])
def test_real_conference_builds_with_every_paper(dataset: str, request: pytest.FixtureRequest,
                                                 tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(request.getfixturevalue(dataset), site)
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    papers = json.loads((tmp_path / "out/data/papers.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in papers} == set(model.load(site / "data").papers)
