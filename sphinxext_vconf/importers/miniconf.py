"""``vconf import miniconf SITEDATA DEST``: a Mini-Conf site as a new vconf project.

Reads both formats that ran most Mini-Conf conferences:

* the original (ICLR 2020): ``papers.csv`` with ``|``-separated lists, ``speakers.csv``,
  ``workshops.csv``, ``highlighted.csv``, ``config.yml``, ``committee.yml``, ``faq.yml`` and
  the calendar (``main_calendar.json`` or an ``.ics`` export), where sessions live;
* the ACL 2020 flavour: papers in several ``<track>_papers.csv``, live Q&A sessions in
  ``<track>_paper_sessions.yml`` (two per paper), Zoom and SlidesLive CSVs, plenaries,
  tutorials, workshops with their papers and schedules, socials, sponsors, code of conduct.

Mapping decisions (also printed in the report where they apply):

* Times: Mini-Conf data is in UTC (``...Z``, ``+00:00`` or ACL's ``2020-07-06_05:00:00``).
  Every instant is kept exactly and written with its offset, in the conference time zone
  (``--timezone``, else ``timezone`` in ``config.yml``, else UTC).
* Ids: Mini-Conf UIDs (``B1xSperKvH``, ``main.8``) are vconf ids as they are; others are
  made safe and the renames listed.  Workshop papers get ``w<N>.<UID>``.
* Sessions: ACL's Q&A session names (``1A``, ``D3B-2``) become session ids, merged over
  tracks (they are one slot); their end comes from the calendar or the Zoom CSV.  The
  calendar becomes sessions for every event not already a session (ICLR: all of them);
  overview events ("Workshops" spanning a day) are skipped and reported.
* Videos: SlidesLive ids become ``https://slideslive.com/<id>``; Zoom links of socials
  become the session's live link.  Per-paper Zoom rooms have no place in the model (a
  session has one link): they are counted in the report.
* Tutorials become workshop records (organizers, abstract, sessions), listed on a
  ``tutorials`` page; plenaries become sessions (keynotes with a speaker record); socials
  become social sessions with a ``socials`` page; sponsors a ``sponsors`` page.
* ``highlighted.csv`` marks papers ``presentation: spotlight``.
* Images from outside hosts (speaker photos, committee photos, logos) are dropped: a vconf
  site loads nothing from outside.  Local ones are copied when found beside ``sitedata/``.
* FAQ answers and the code of conduct are Markdown in Mini-Conf: they stay Markdown, but
  rebuilt from their parsed form (:func:`~sphinxext_vconf.importers.safe_markdown`): raw
  HTML shows as text, no directive or role can come through, links to the old site's
  pages point to the vconf pages that replace them.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from .. import model
from . import ImportFailed, Report, dump_yaml, md_link, md_text, safe_markdown, write_project

UTC = dt.UTC
SLIDESLIVE = "https://slideslive.com/{}"
HEADER = ("vconf:imported from a Mini-Conf site by `vconf import miniconf`.\n"
          "Edit freely: `vconf import miniconf --force` never overwrites a file you changed.")
QA_HOURS = 1  # ACL's qa_session_length_hr, when neither calendar nor Zoom CSV gives an end

# Mini-Conf pages -> the vconf pages that replace them (for links in FAQ answers).
OLD_PAGES = {
    "index": "index", "about": "help", "help": "help", "faq": "help", "papers": "papers",
    "paper_vis": "map", "calendar": "schedule", "schedule": "schedule", "workshops": "workshops",
    "speakers": "speakers", "chat": "chat", "tutorials": "tutorials", "socials": "socials",
    "sponsors": "sponsors", "plenary_sessions": "plenary-sessions", "committee": "committee",
    "organizers": "committee",
}
# Pages vconf writes itself from the YAML (pages.py): ours must not take these names.
GENERATED = {"papers", "map", "schedule", "workshops", "speakers", "chat"}

PAPER_FIELDS = {
    "uid": "id", "title": "title", "authors": "authors", "abstract": "abstract",
    "keywords": "keywords", "sessions": "sessions", "track": "track", "pdf_url": "pdf",
    "pdf": "pdf", "code": "code", "code_url": "code", "presentation_id": "video",
    "video": "video", "video_url": "video", "slides": "slides", "slides_url": "slides",
}
PAPER_UNMAPPED = {
    "paper_type": "no paper-type field (Long, Short, Demo...) in the vconf model",
    "demo_url": "no demo-link field in the vconf model",
    "tldr": "vconf shows the abstract; a TL;DR has no field",
}
TRACK_NAMES = {"SRW": "Student Research Workshop", "Demo": "System Demonstrations"}  # as ACL 2020 showed them

CONFIG_UNMAPPED = {
    "date": "free text; the dates come from the sessions",
    "citation_date": "citation metadata has no place in the vconf model",
    "proceedings_title": "citation metadata has no place in the vconf model",
    "analytics": "web analytics would load an outside script; a vconf site loads nothing from outside",
    "background_image": "the vconf theme has no background image",
    "default_presentation_id": "a placeholder video for papers without one; vconf shows none rather than another's",
    "default_poster_pdf": "a placeholder poster; vconf shows none rather than another's",
    "use_auth0": "login is not part of a static vconf site",
    "auth0": "login is not part of a static vconf site",
    "calendar.colors": "calendar colors are the theme's",
    "calendar.sunday_saturday": "the schedule shows the days that have sessions",
    "logo.width": "the theme sizes the logo",
    "logo.height": "the theme sizes the logo",
    "page_title.separator": "Sphinx writes page titles itself",
    "site_title": "the navbar shows the conference name",
}


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def slug(text: str, limit: int = 48) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0] or s[:limit]
    return s


def plain(text: Any) -> str:
    """HTML-ish text (``MINICONF <br> CONFERENCE``) as plain text."""
    s = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.IGNORECASE)
    s = re.sub(r"<[^>]*>", "", s)
    return " ".join(html.unescape(s).split())


def title_of(text: Any) -> str:
    """A calendar title: ACL appends organizers after ``<br/>``; keep what comes before."""
    return plain(re.split(r"<br\s*/?>", str(text or ""), maxsplit=1, flags=re.IGNORECASE)[0])


def split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def split_names(value: Any) -> list[str]:
    """``"A, B and C"`` (ACL organizers, workshop-paper speakers) -> names."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = " ".join(str(value or "").split())
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*|\s*\|\s*", text)
    return [p.strip() for p in parts if p.strip()]


def is_url(value: str) -> bool:
    return bool(model.URL_RE.match(value))


def parse_time(value: Any) -> dt.datetime | None:
    """A Mini-Conf instant: ISO 8601 (``Z``/offset; none means UTC) or ACL's ``YYYY-MM-DD_HH:MM:SS``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value or "").strip().replace("_", "T")
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Table:
    """Rows of a CSV, JSON or YAML table, each with the row (line) it starts on."""

    def __init__(self, path: Path, report: Report):
        self.name = path.name
        self.columns: list[str] = []
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.ragged: set[int] = set()
        if path.suffix in (".csv", ".tsv"):
            self._csv(path, report)
        else:
            data = load_yaml_or_json(path, report)
            if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), list):
                data = next(iter(data.values()))
            if not isinstance(data, list):
                report.problem(self.name, 0, "expected a list of records; file skipped")
                return
            cols: dict[str, None] = {}
            for i, item in enumerate(data):
                if not isinstance(item, dict):
                    report.problem(self.name, i + 1, f"item {i + 1} is not a record; skipped")
                    continue
                cols.update(dict.fromkeys(str(k) for k in item))
                self.rows.append((i + 1, {str(k): v for k, v in item.items()}))
            self.columns = list(cols)

    def _csv(self, path: Path, report: Report) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            report.problem(self.name, 0, f"cannot be read as UTF-8 text ({exc}); file skipped")
            return
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if path.suffix == ".tsv" else ",")
        self.columns = [c.strip() for c in (reader.fieldnames or [])]
        reader.fieldnames = self.columns
        prev = reader.line_num
        try:
            for rec in reader:
                row = prev + 1
                prev = reader.line_num
                if None in rec or any(v is None for v in rec.values()):
                    n = len(self.columns) + len(rec.get(None) or []) - sum(v is None for v in rec.values())
                    report.problem(self.name, row, f"row has {n} fields, the header has "
                                   f"{len(self.columns)}; row skipped")
                    self.ragged.add(row)
                    continue
                self.rows.append((row, {k: (v or "").strip() for k, v in rec.items()}))
        except csv.Error as exc:
            report.problem(self.name, reader.line_num, f"CSV error ({exc}); the rest of the file skipped")

    def count_unmapped(self, report: Report, known: Iterable[str], reasons: dict[str, str]) -> None:
        known = {k.lower() for k in known}
        for col in self.columns:
            if col.lower() in known:
                continue
            n = sum(1 for _, r in self.rows if str(r.get(col) or "").strip())
            reason = reasons.get(col.lower(), "not a field vconf knows for this file")
            report.unmapped_field(self.name, col, reason, n)


def load_yaml_or_json(path: Path, report: Report) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.problem(path.name, 0, f"cannot be read as UTF-8 text ({exc}); file skipped")
        return None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        # The model's loader: safe, and keeps dates as the strings they were written as.
        return model.load_yaml(text)
    except (ValueError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(exc, "lineno", 0)
        report.problem(path.name, line, f"not valid {'JSON' if path.suffix == '.json' else 'YAML'} "
                       f"({getattr(exc, 'problem', None) or exc}); file skipped")
        return None


def line_of(data: Any, key: Any = None, index: int | None = None) -> int:
    """The line of a record (or of one of its keys / items) read by the model's loader."""
    if index is not None and isinstance(data, model.Sequence):
        return data.item_lines[index] if index < len(data.item_lines) else data.line
    if isinstance(data, model.Mapping):
        return data.key_lines.get(str(key), data.line) if key is not None else data.line
    return 0


# --------------------------------------------------------------------------------------
# The importer
# --------------------------------------------------------------------------------------


class MiniConf:
    def __init__(self, sitedata: Path, *, timezone: str = "", name: str = ""):
        self.src = sitedata
        self.report = Report(f"vconf import miniconf {sitedata.name}")
        self.files = {p.name: p for p in sorted(sitedata.iterdir()) if p.is_file()}
        self.used: set[str] = set()
        self.config: dict[str, Any] = {}
        self.zone_arg, self.name_arg = timezone, name
        self.papers: dict[str, dict[str, Any]] = {}
        self.paper_group: dict[str, str] = {}  # paper id -> output file
        self.paper_where: dict[str, tuple[str, int]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}  # with "_start", "_end" datetimes
        self.alias: dict[str, str] = {}  # Mini-Conf session name -> session id
        self.zoom_ends: dict[str, set[dt.datetime]] = defaultdict(set)
        self.workshops: dict[str, dict[str, Any]] = {}
        self.tutorials: list[str] = []
        self.speakers: dict[str, dict[str, Any]] = {}
        self.plenaries: list[dict[str, Any]] = []
        self.socials: list[dict[str, Any]] = []
        self.pages: dict[str, str] = {}  # docname -> MyST
        self.assets: dict[str, bytes] = {}
        self.chat_server = ""
        self.zone = "UTC"

    # -- entry --------------------------------------------------------------------------

    def run(self) -> tuple[dict[str, str | bytes], Report]:
        paper_files = [n for n in self.files if re.fullmatch(r"(?:(\w+?)_)?papers\.(csv|tsv|json|ya?ml)", n)]
        if not paper_files:
            raise ImportFailed(
                f"{self.src} has no papers file (papers.csv, or <track>_papers.csv as in ACL 2020): "
                "is it a Mini-Conf sitedata/ folder?"
            )
        self._config()
        zone = self.zone_arg or str(self.config.get("timezone") or "").strip()
        if zone and not model.valid_zone(zone):
            raise ImportFailed(f"time zone {zone!r} is not an IANA name such as America/Los_Angeles")
        if not zone:
            self.report.note("no time zone given (--timezone) or in config.yml: the conference is in UTC, "
                             "as Mini-Conf's data; pass --timezone to show another (instants stay exact)")
        self.zone = zone or "UTC"
        for n in paper_files:
            m = re.fullmatch(r"(?:(\w+?)_)?papers\.\w+", n)
            prefix = (m.group(1) or "") if m else ""
            if re.fullmatch(r"w\d+", prefix, re.IGNORECASE):
                continue  # workshop papers, after the workshops
            self._papers(n, prefix)
        self._paper_extras()
        self._speakers()
        self._highlighted()
        self._workshops_csv()
        self._workshops_yml()
        self._tutorials()
        for n in paper_files:
            m = re.fullmatch(r"(w\d+)_papers\.\w+", n, re.IGNORECASE)
            if m:
                self._workshop_papers(n, m.group(1))
        self._workshop_schedules()
        self._plenaries()
        self._socials()
        self._calendar()
        self._paper_session_names()
        self._finish_sessions()
        return self._output(), self.report

    def take(self, name: str) -> Path | None:
        path = self.files.get(name)
        if path is not None:
            self.used.add(name)
        return path

    def find(self, *names: str) -> Path | None:
        for n in names:
            for suffix in (".csv", ".yml", ".yaml", ".json", ".tsv"):
                if n + suffix in self.files:
                    return self.take(n + suffix)
        return None

    # -- config ------------------------------------------------------------------------

    def _config(self) -> None:
        path = self.find("config")
        if path is None:
            self.report.problem("config.yml", 0, "missing: the conference name is the folder's name")
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, dict):
            self.report.problem(path.name, 0, "not a mapping of settings; ignored")
            return
        self.config = data
        mapped = {"name", "tagline", "site_url", "logo.image", "chat_server", "calendar.start",
                  "calendar.end", "page_title.prefix", "organization", "paper_images_path", "timezone"}
        for key, value in data.items():
            items = value.items() if isinstance(value, dict) else [(None, value)]
            for sub, v in items:
                full = f"{key}.{sub}" if sub is not None else str(key)
                if full in mapped or v in (None, ""):
                    continue
                self.report.unmapped_field(path.name, full, CONFIG_UNMAPPED.get(full, "not a setting vconf knows"))
        server = str(data.get("chat_server") or "").strip()
        if server:
            server = server if server.startswith(("http://", "https://")) else "https://" + server
            server = server.rstrip("/")
            if is_url(server):
                self.chat_server = server
            else:
                self.report.problem(path.name, line_of(data, "chat_server"), f"chat_server {server!r} is not a host name")

    # -- papers ------------------------------------------------------------------------

    def _new_id(self, raw: str, table: dict[str, Any], where: str, what: str, *, derived: bool = False) -> str:
        """A valid, unused id for ``raw``; renames of ids the source gave are reported."""
        ident = raw if model.ID_RE.match(raw) else (slug(raw, 64) or what)
        base, n = ident, 2
        while ident in table:
            ident = f"{base}-{n}"
            n += 1
        if ident != raw and not derived:
            self.report.rename(where, what, raw, ident)
        return ident

    def _papers(self, name: str, prefix: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report)
        table.count_unmapped(self.report, PAPER_FIELDS, PAPER_UNMAPPED)
        cols = {c.lower(): c for c in table.columns}
        group = f"papers-{slug(prefix)}.yml" if prefix else "papers.yml"
        for row, rec in table.rows:
            def get(key: str, rec: dict[str, Any] = rec) -> Any:
                return rec.get(cols.get(key, ""), "")

            raw = str(get("uid") or "").strip()
            title = " ".join(str(get("title") or "").split())
            authors = split_list(get("authors"))
            if not raw:
                self.report.problem(name, row, "no UID; row skipped")
                continue
            if raw in self.papers or raw in self.paper_where:
                first = self.paper_where.get(raw, ("?", 0))
                self.report.problem(name, row, f"UID {raw!r} already used ({first[0]}:{first[1]}); row skipped")
                continue
            if not title:
                self.report.problem(name, row, f"paper {raw!r} has no title; row skipped")
                continue
            if not authors:
                self.report.problem(name, row, f"paper {raw!r} has no authors (vconf needs one); row skipped")
                continue
            ident = self._new_id(raw, self.papers, f"{name}:{row}", "paper id")
            paper: dict[str, Any] = {"id": ident, "title": title, "authors": authors}
            abstract = str(get("abstract") or "").strip()
            if abstract:
                paper["abstract"] = abstract
            keywords = split_list(get("keywords"))
            if keywords:
                paper["keywords"] = keywords
            track = str(get("track") or "").strip()
            if track:
                if track in TRACK_NAMES:
                    self.report.note(f"track {track!r} written as {TRACK_NAMES[track]!r}, as ACL 2020 showed it")
                paper["track"] = TRACK_NAMES.get(track, track)
            for key, fld in (("pdf_url", "pdf"), ("pdf", "pdf"), ("code", "code"), ("code_url", "code"),
                             ("video", "video"), ("video_url", "video"), ("slides", "slides"),
                             ("slides_url", "slides")):
                value = str(get(key) or "").strip()
                if not value:
                    continue
                if is_url(value):
                    paper[fld] = value
                else:
                    self.report.problem(name, row, f"paper {raw!r}: {cols[key]} {value!r} is not an http(s) "
                                        "URL; left out")
            pid = str(get("presentation_id") or "").strip()
            if pid:
                self._slideslive(paper, pid, name, row)
            names = split_list(get("sessions"))
            if names:
                paper["_session_names"] = (names, name, row)
            self.papers[ident] = paper
            self.paper_group[ident] = group
            self.paper_where[raw] = (name, row)
            self.paper_where.setdefault(ident, (name, row))
            self.alias.setdefault("paper:" + raw, ident)
        self.report.counts["papers"] = len(self.papers)

    def _paper_id(self, raw: str) -> str | None:
        return self.alias.get("paper:" + raw) if raw else None

    def _slideslive(self, rec: dict[str, Any], pid: str, file: str, row: int) -> None:
        pid = str(pid).strip()
        if re.fullmatch(r"\d+", pid):
            rec["video"] = SLIDESLIVE.format(pid)
        elif is_url(pid):
            rec["video"] = pid
        else:
            self.report.problem(file, row, f"SlidesLive id {pid!r} is not a number; left out")

    def _paper_extras(self) -> None:
        """ACL: ``<track>_paper_sessions.yml``, ``_zoom_links.csv``, ``_slideslive_ids.csv``."""
        for name in sorted(self.files):
            m = re.fullmatch(r"(\w+?)_paper_sessions\.ya?ml", name)
            if m:
                self._paper_sessions(name, m.group(1))
        for name in sorted(self.files):
            if re.fullmatch(r"\w+?_paper_zoom_links\.csv", name):
                self._zoom_links(name)
            elif re.fullmatch(r"\w+?_paper_slideslive_ids\.csv", name):
                self._slideslive_ids(name)

    def _paper_sessions(self, name: str, prefix: str) -> None:
        path = self.take(name)
        data = load_yaml_or_json(path, self.report) if path else None
        if not isinstance(data, dict):
            if data is not None:
                self.report.problem(name, 0, "expected a mapping of session name -> date, papers; file skipped")
            return
        for sname, info in data.items():
            sname = str(sname)
            where = line_of(data, sname)
            if not isinstance(info, dict):
                self.report.problem(name, where, f"session {sname!r} is not a mapping; skipped")
                continue
            for key in info:
                if key not in ("date", "papers"):
                    self.report.unmapped_field(name, f"(session).{key}", "not a field of a Mini-Conf paper session")
            start = parse_time(info.get("date"))
            if start is None:
                self.report.problem(name, line_of(info, "date"), f"session {sname!r}: date {info.get('date')!r} "
                                    "is not a time (YYYY-MM-DD_HH:MM:SS, UTC); session skipped")
                continue
            sid = self.alias.get("session:" + sname)
            if sid and self.sessions[sid]["_start"] != start:
                self.report.problem(name, where, f"session {sname!r} starts at {start:%Y-%m-%d %H:%M} UTC here but "
                                    f"elsewhere at {self.sessions[sid]['_start']:%Y-%m-%d %H:%M}; kept apart as "
                                    f"'{prefix}-{sname}'")
                sid = None
                sname_id = f"{prefix}-{sname}"
            else:
                sname_id = sname
            if sid is None:
                sid = self._new_session(sname_id, f"Q&A session {sname}", "poster", start, None, f"{name}:{where}")
                self.alias.setdefault("session:" + sname, sid)
            papers = info.get("papers") or []
            if not isinstance(papers, list):
                self.report.problem(name, line_of(info, "papers"), f"session {sname!r}: papers is not a list")
                continue
            for i, raw in enumerate(papers):
                pid = self._paper_id(str(raw))
                if pid is None:
                    self.report.problem(name, line_of(papers, index=i), f"session {sname!r}: paper {raw!r} is "
                                        "in no papers file; left out of the session")
                elif pid not in self.sessions[sid]["papers"]:
                    self.sessions[sid]["papers"].append(pid)

    def _new_session(self, base: str, title: str, kind: str, start: dt.datetime,
                     end: dt.datetime | None, where: str, *, derived: bool = False) -> str:
        sid = self._new_id(base, self.sessions, where, "session id", derived=derived)
        self.sessions[sid] = {"id": sid, "title": title, "kind": kind, "_start": start, "_end": end, "papers": []}
        return sid

    def _zoom_links(self, name: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report)
        known = {"uid", "session_name", "starttime", "endtime", "timezone", "zoom_join_link"}
        table.count_unmapped(self.report, known, {})
        links = 0
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            sid = self.alias.get("session:" + rec.get("session_name", ""))
            if pid is None or sid is None:
                what = "paper" if pid is None else "session"
                self.report.problem(name, row, f"{what} {rec.get('UID' if pid is None else 'session_name')!r} "
                                    "is unknown; row skipped")
                continue
            s = self.sessions[sid]
            start, end = parse_time(rec.get("starttime")), parse_time(rec.get("endtime"))
            if pid not in s["papers"]:
                self.report.problem(name, row, f"paper {pid} is not in session {sid} of the sessions file; "
                                    "row skipped")
                continue
            if start and start != s["_start"]:
                self.report.problem(name, row, f"start {rec.get('starttime')} differs from session {sid}'s "
                                    f"{s['_start']:%Y-%m-%dT%H:%M}Z; the sessions file wins")
            if end and start == s["_start"] and end > start:
                self.zoom_ends[sid].add(end)
            if rec.get("zoom_join_link"):
                links += 1
        if links:
            self.report.unmapped_field(name, "zoom_join_link", "a Zoom room per paper and session: a vconf "
                                       "session has one live link, a paper none", links)

    def _slideslive_ids(self, name: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid", "presentation_id"}, {})
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            if pid is None:
                self.report.problem(name, row, f"paper {rec.get('UID')!r} is in no papers file; row skipped")
                continue
            if rec.get("presentation_id"):
                self._slideslive(self.papers[pid], rec["presentation_id"], name, row)

    # -- people ------------------------------------------------------------------------

    def _asset(self, ref: str, folder: str, where: tuple[str, int], what: str) -> str:
        """A local image copied into the project (its new path), or "" (reported)."""
        ref = str(ref or "").strip()
        if not ref:
            return ""
        if ref.startswith(("http://", "https://", "//")):
            self.report.unmapped_field(where[0], what, "an image on an outside host: a vconf site loads "
                                       "nothing from outside (save it under static/ and set the path)")
            return ""
        rel = ref.lstrip("/")
        for base in (self.src, self.src.parent):
            cand = (base / rel).resolve()
            if cand.is_file() and (cand.is_relative_to(self.src.parent.resolve())):
                target = f"static/{folder}/{slug(cand.stem, 60) or 'image'}{cand.suffix.lower()}"
                self.assets[target] = cand.read_bytes()
                return target
        self.report.unmapped_field(where[0], what, f"image not found beside {self.src.name}/ "
                                   "(copy it under static/ and set the path)")
        return ""

    def _speakers(self) -> None:
        path = self.find("speakers")
        if path is None:
            return
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid", "image", "title", "institution", "speaker", "abstract", "bio",
                                           "website", "url"},
                             {"session": "the day of the talk; the speaker's session comes from the calendar"})
        for row, rec in table.rows:
            raw, name = rec.get("UID", ""), " ".join(rec.get("speaker", "").split())
            if not raw or not name:
                self.report.problem(path.name, row, "speaker without UID or name; row skipped")
                continue
            if "speaker:" + raw in self.alias:
                self.report.problem(path.name, row, f"UID {raw!r} used twice; row skipped")
                continue
            sid = self._new_id(raw, self.speakers, f"{path.name}:{row}", "speaker id")
            sp: dict[str, Any] = {"id": sid, "name": name}
            for src, dst in (("institution", "affiliation"), ("bio", "bio"), ("title", "talk_title"),
                             ("abstract", "talk_abstract")):
                if rec.get(src):
                    sp[dst] = rec[src]
            photo = self._asset(rec.get("image", ""), "speakers", (path.name, row), "image")
            if photo:
                sp["photo"] = photo
            site = rec.get("website") or rec.get("url") or ""
            if site and is_url(site):
                sp["website"] = site
            self.speakers[sid] = sp
            self.alias["speaker:" + raw] = sid

    def _highlighted(self) -> None:
        path = self.find("highlighted")
        if path is None:
            return
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid"},
                             {"session": "the day the paper was highlighted on; vconf marks it a spotlight"})
        n = 0
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            if pid is None:
                self.report.problem(path.name, row, f"paper {rec.get('UID')!r} is in no papers file; row skipped")
                continue
            self.papers[pid]["presentation"] = "spotlight"
            n += 1
        if n:
            self.report.note(f"{path.name}: {n} highlighted papers are marked presentation: spotlight")

    # -- workshops, tutorials ----------------------------------------------------------

    def _workshop_record(self, raw: str, where: tuple[str, int], title: str) -> dict[str, Any] | None:
        if not raw or not title:
            self.report.problem(where[0], where[1], "workshop without UID or title; skipped")
            return None
        if "workshop:" + raw in self.alias:
            self.report.problem(where[0], where[1], f"workshop UID {raw!r} used twice; skipped")
            return None
        wid = self._new_id(raw, self.workshops, f"{where[0]}:{where[1]}", "workshop id")
        self.alias["workshop:" + raw] = wid
        w: dict[str, Any] = {"id": wid, "title": title}
        self.workshops[wid] = w
        return w

    def _workshops_csv(self) -> None:
        path = self.files.get("workshops.csv") and self.take("workshops.csv")
        if path is None:
            return
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid", "title", "authors", "abstract", "url", "website"}, {})
        for row, rec in table.rows:
            w = self._workshop_record(rec.get("UID", ""), (path.name, row), " ".join(rec.get("title", "").split()))
            if w is None:
                continue
            organizers = split_list(rec.get("authors"))
            if organizers:
                w["organizers"] = organizers
            if rec.get("abstract"):
                w["abstract"] = rec["abstract"]
            site = rec.get("url") or rec.get("website") or ""
            if site:
                if is_url(site):
                    w["website"] = site
                else:
                    self.report.problem(path.name, row, f"url {site!r} is not an http(s) URL; left out")

    def _chat_link(self, channel: Any, file: str, what: str) -> str:
        channel = str(channel or "").strip()
        if not channel:
            return ""
        if self.chat_server:
            return f"{self.chat_server}/channel/{urllib.parse.quote(channel, safe='')}"
        self.report.unmapped_field(file, what, "a chat channel, but config.yml names no chat_server")
        return ""

    def _live_sessions(self, raw_sessions: Any, file: str, *, kind: str, prefix: str,
                       id_base: str, workshop: str = "", strip: str = "") -> list[str]:
        """Sessions of a workshop, tutorial, plenary or social (``name, start_time, end_time``)."""
        out = []
        if not isinstance(raw_sessions, list):
            return out
        known = {"name", "start_time", "end_time", "livestream_id", "zoom_link"}
        for i, s in enumerate(raw_sessions):
            line = line_of(raw_sessions, index=i)
            if not isinstance(s, dict):
                self.report.problem(file, line, f"{id_base}: session {i + 1} is not a mapping; skipped")
                continue
            for key in s:
                if key not in known:
                    self.report.unmapped_field(file, f"sessions.{key}", "not a field of a Mini-Conf live session")
            start, end = parse_time(s.get("start_time")), parse_time(s.get("end_time"))
            if start is None or end is None or end <= start:
                self.report.problem(file, line, f"{id_base}: session {s.get('name')!r} has no valid start_time/"
                                    f"end_time ({s.get('start_time')!r}, {s.get('end_time')!r}); skipped")
                continue
            sname = re.sub(rf"^{strip}", "", str(s.get("name") or "").strip()) if strip else str(s.get("name") or "")
            sname = " ".join(sname.split())
            single = len(raw_sessions) == 1
            title = prefix if single or not sname else f"{prefix}: {sname}"
            base = id_base if single else f"{id_base}-{slug(sname, 32) or i + 1}"
            sid = self._new_session(base, title, kind, start, end, f"{file}:{line}", derived=True)
            if workshop:
                self.sessions[sid]["workshop"] = workshop
            if s.get("livestream_id"):
                self._slideslive(self.sessions[sid], s["livestream_id"], file, line)
            if s.get("zoom_link"):
                if is_url(str(s["zoom_link"])) and "video" not in self.sessions[sid]:
                    self.sessions[sid]["video"] = str(s["zoom_link"])
                else:
                    self.report.unmapped_field(file, "sessions.zoom_link", "the session already has a video link")
            out.append(sid)
        return out

    def _workshops_yml(self) -> None:
        path = self.find("workshops") if "workshops.csv" not in self.files else None
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            if data is not None:
                self.report.problem(path.name, 0, "expected a list of workshops; file skipped")
            return
        known = {"UID", "title", "abstract", "organizers", "website", "livestream", "rocketchat_channel",
                 "sessions", "day"}
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict):
                self.report.problem(path.name, line, "not a workshop record; skipped")
                continue
            self._unknown_keys(path.name, item, known, {"day": "the day comes from the workshop's sessions"})
            w = self._workshop_record(str(item.get("UID") or ""), (path.name, line), plain(item.get("title")))
            if w is None:
                continue
            organizers = split_names(item.get("organizers"))
            if organizers:
                w["organizers"] = organizers
            if item.get("abstract"):
                w["abstract"] = str(item["abstract"]).strip()
            self._website(w, item.get("website"), path.name, line)
            if item.get("livestream"):
                self._slideslive(w, item["livestream"], path.name, line)
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            if chat:
                w["chat"] = chat
            self._live_sessions(item.get("sessions"), path.name, kind="workshop", prefix=w["title"],
                                id_base=w["id"], workshop=w["id"], strip="W-")

    def _unknown_keys(self, file: str, item: dict[str, Any], known: set[str], reasons: dict[str, str]) -> None:
        for key, value in item.items():
            if key not in known and value not in (None, "", [], {}):
                self.report.unmapped_field(file, str(key), reasons.get(str(key), "not a field vconf knows here"))

    def _website(self, rec: dict[str, Any], value: Any, file: str, line: int) -> None:
        value = str(value or "").strip()
        if not value:
            return
        if is_url(value):
            rec["website"] = value
        else:
            self.report.problem(file, line, f"website {value!r} is not an http(s) URL; left out")

    def _tutorials(self) -> None:
        path = self.find("tutorials")
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            return
        known = {"UID", "title", "organizers", "abstract", "website", "prerecorded", "rocketchat_channel",
                 "sessions", "info", "virtual_format_description"}
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict):
                self.report.problem(path.name, line, "not a tutorial record; skipped")
                continue
            self._unknown_keys(path.name, item, known, {
                "material": "no material link in a vconf workshop record",
                "slides": "no slides link in a vconf workshop record",
                "livestream": "the live streams are on the tutorial's sessions",
            })
            raw, title = str(item.get("UID") or ""), plain(item.get("title"))
            full = title if title.startswith(f"{raw}:") else f"{raw}: {title}"
            w = self._workshop_record(raw, (path.name, line), full if title else "")
            if w is None:
                continue
            self.tutorials.append(w["id"])
            organizers = split_names(item.get("organizers"))
            if organizers:
                w["organizers"] = organizers
            parts = [str(item.get(k) or "").strip() for k in ("abstract", "info", "virtual_format_description")]
            if any(parts):
                w["abstract"] = "\n\n".join(p for p in parts if p)
            self._website(w, item.get("website"), path.name, line)
            if item.get("prerecorded"):
                self._slideslive(w, item["prerecorded"], path.name, line)
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            if chat:
                w["chat"] = chat
            self._live_sessions(item.get("sessions"), path.name, kind="workshop", prefix=w["title"],
                                id_base=w["id"], workshop=w["id"])
        self.report.counts["tutorials"] = len(self.tutorials)

    def _workshop_papers(self, name: str, wid_raw: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid", "title", "speakers", "authors", "presentation_id", "abstract"}, {})
        wid = self.alias.get("workshop:" + wid_raw.upper()) or self.alias.get("workshop:" + wid_raw)
        if wid is None:
            self.report.problem(name, 0, f"no workshop {wid_raw.upper()} in the workshops file: its papers are "
                                "imported without a workshop")
        w = self.workshops.get(wid or "")
        n = 0
        for row, rec in table.rows:
            raw = rec.get("UID", "")
            title = " ".join(rec.get("title", "").split())
            authors = split_names(rec.get("speakers") or rec.get("authors"))
            if not raw or not title or not authors:
                self.report.problem(name, row, "workshop paper without UID, title or speakers; row skipped")
                continue
            full = f"{wid_raw.lower()}.{raw}"
            if "paper:" + full in self.alias:
                self.report.problem(name, row, f"UID {raw!r} used twice; row skipped")
                continue
            pid = self._new_id(full, self.papers, f"{name}:{row}", "paper id")
            paper: dict[str, Any] = {"id": pid, "title": title, "authors": authors}
            if rec.get("abstract"):
                paper["abstract"] = rec["abstract"]
            paper["track"] = w["title"] if w else f"Workshop {wid_raw.upper()}"
            if rec.get("presentation_id"):
                self._slideslive(paper, rec["presentation_id"], name, row)
            self.papers[pid] = paper
            self.paper_group[pid] = "papers-workshops.yml"
            self.alias["paper:" + full] = pid
            if w is not None:
                w.setdefault("papers", []).append(pid)
            n += 1
        self.report.counts["workshop papers"] = self.report.counts.get("workshop papers", 0) + n

    def _workshop_schedules(self) -> None:
        """ACL's workshop schedules: local wall times ("Jul 9", "9:00 AM") in an unstated zone.

        Each workshop's offset is the one that makes its schedule start when its first live
        session starts; estimates within an hour of the most common one take that one (ACL's
        were all Pacific time, some schedules opening before the live session).  Every item
        is then kept as an exact instant.
        """
        path = self.find("workshop_schedules")
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, dict):
            return
        parsed: dict[str, list[tuple[dict[str, Any], dt.datetime, dt.datetime]]] = {}
        for raw, items in data.items():
            wid = self.alias.get("workshop:" + str(raw))
            if wid is None:
                self.report.problem(path.name, 0, f"schedule of unknown workshop {raw!r}; skipped")
                continue
            if isinstance(items, list):
                parsed[wid] = self._schedule_items(path.name, wid, items)
        estimates: dict[str, dt.timedelta] = {}
        for wid, items in parsed.items():
            starts = [s["_start"] for s in self.sessions.values() if s.get("workshop") == wid]
            if items and starts:
                off = min(starts).replace(tzinfo=None) - min(p[1] for p in items)
                off = dt.timedelta(minutes=15 * round(off.total_seconds() / 900))
                if dt.timedelta(hours=-14) <= off <= dt.timedelta(hours=12):
                    estimates[wid] = off
        common = Counter(estimates.values()).most_common(1)
        for wid, items in parsed.items():
            if not items:
                continue
            off = estimates.get(wid)
            if off is not None and common and abs(off - common[0][0]) <= dt.timedelta(hours=1):
                off = common[0][0]
            if off is None:
                tz: dt.tzinfo = ZoneInfo(self.zone)
                self.report.note(f"{path.name}: {wid} has no live session to tell the zone of its times: "
                                 f"read as {self.zone}")
            else:
                tz = dt.timezone(-off)
                self.report.note(f"{path.name}: {wid}'s times read as UTC{_fmt_offset(-off)}")
            self.workshops[wid]["schedule"] = [self._schedule_item(path.name, it, s, e, tz) for it, s, e in items]

    def _schedule_items(self, file: str, wid: str,
                        items: list[Any]) -> list[tuple[dict[str, Any], dt.datetime, dt.datetime]]:
        year = min((s["_start"] for s in self.sessions.values()), default=dt.datetime(2000, 1, 1, tzinfo=UTC)).year
        parsed = []
        last_date: dt.date | None = None
        for i, it in enumerate(items):
            where = f"{wid} item {i + 1}"
            if not isinstance(it, dict):
                self.report.problem(file, 0, f"{where}: not a record; skipped")
                continue
            for key in it:
                if key not in ("title", "speakers", "type", "date", "startTime", "endTime", "subsession", "id"):
                    self.report.unmapped_field(file, f"(item).{key}", "not a field of a schedule item")
            day = _parse_day(str(it.get("date") or ""), year) or last_date
            if not str(it.get("date") or "").strip() and last_date:
                self.report.note(f"{file}: items without a date take the date of the item before them")
            start, end = _parse_clock(it.get("startTime")), _parse_clock(it.get("endTime"))
            if day is None or start is None or end is None:
                self.report.problem(file, 0, f"{where} ({str(it.get('title') or '')[:40]!r}): date/time "
                                    f"{it.get('date')!r} {it.get('startTime')!r}-{it.get('endTime')!r} not "
                                    "understood; item skipped")
                continue
            last_date = day
            s, e = dt.datetime.combine(day, start), dt.datetime.combine(day, end)
            if e <= s:
                e += dt.timedelta(days=1)  # 11:30 PM - 12:15 AM
            parsed.append((it, s, e))
        return parsed

    def _schedule_item(self, file: str, it: dict[str, Any], s: dt.datetime, e: dt.datetime,
                       tz: dt.tzinfo) -> dict[str, Any]:
        item: dict[str, Any] = {"title": " ".join(str(it.get("title") or "").split()) or "(untitled)",
                                "_start": s.replace(tzinfo=tz), "_end": e.replace(tzinfo=tz)}
        speakers = str(it.get("speakers") or "").strip()
        notes = [str(it.get(k) or "").strip().capitalize() for k in ("type", "subsession")]
        if speakers and "\n" not in speakers:
            item["speaker"] = " ".join(speakers.split())
        elif speakers:
            notes.append(speakers)  # a Q&A's list of papers and authors
        desc = "\n\n".join(n for n in notes if n)
        if desc:
            item["description"] = desc
        low = item["title"].lower()
        kind = ("break" if str(it.get("type")).upper() == "BREAK" or low.startswith(("break", "lunch", "coffee"))
                else "poster" if "poster" in low else "invited" if ("keynote" in low or "invited" in low)
                else "other")
        if kind != "other":
            item["kind"] = kind
        if str(it.get("id") or "").strip():
            self.report.unmapped_field(file, "(item).id", "an item's id (sometimes a workshop paper's UID): "
                                       "schedule items have no link to papers")
        return item

    # -- plenaries, socials ------------------------------------------------------------

    def _plenaries(self) -> None:
        path = self.find("plenary_sessions")
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            return
        known = {"UID", "title", "sessions", "presenter", "institution", "abstract", "bio", "presentation_id",
                 "rocketchat_channel", "image", "date", "day", "time", "zoom_link", "qa_time"}
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict) or not item.get("UID") or not item.get("title"):
                self.report.problem(path.name, line, "plenary without UID or title; skipped")
                continue
            self._unknown_keys(path.name, item, known, {})
            for key in ("date", "day", "time", "qa_time"):
                if item.get(key):
                    self.report.unmapped_field(path.name, key, "free text; the times come from the sessions")
            raw, title = str(item["UID"]), plain(item["title"])
            speaker = ""
            presenter = " ".join(str(item.get("presenter") or "").split())
            if presenter and (item.get("abstract") or item.get("bio") or item.get("institution")):
                speaker = self._new_id(raw, self.speakers, f"{path.name}:{line}", "speaker id")
                sp: dict[str, Any] = {"id": speaker, "name": presenter}
                for src, dst in (("institution", "affiliation"), ("bio", "bio"), ("abstract", "talk_abstract")):
                    if item.get(src):
                        sp[dst] = str(item[src]).strip()
                sp["talk_title"] = title
                photo = self._asset(item.get("image", ""), "speakers", (path.name, line), "image")
                if photo:
                    sp["photo"] = photo
                self.speakers[speaker] = sp
            elif item.get("image"):
                self.report.unmapped_field(path.name, "image", "a plenary's picture: vconf shows speakers' photos only")
            kind = "invited" if speaker else "other"
            sids = self._live_sessions(item.get("sessions"), path.name, kind=kind, prefix=title, id_base=raw,
                                       strip="P-")
            desc = []
            if presenter and not speaker:
                desc.append(f"Presented by {presenter}.")
            videos = self._plenary_videos(raw)
            desc += videos
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            for sid in sids:
                s = self.sessions[sid]
                if speaker:
                    s["speaker"] = speaker
                if desc:
                    s["description"] = "\n\n".join(desc)
                if item.get("presentation_id"):
                    s.pop("video", None)
                    self._slideslive(s, item["presentation_id"], path.name, line)
                elif item.get("zoom_link") and is_url(str(item["zoom_link"])):
                    s["video"] = str(item["zoom_link"])
                if chat:
                    s["chat"] = chat
            if speaker and sids:
                self.speakers[speaker]["session"] = sids[0]
            self.plenaries.append({"id": raw, "title": title, "presenter": presenter, "speaker": speaker,
                                   "sessions": sids, "abstract": str(item.get("abstract") or "").strip()})
        self.report.counts["plenaries"] = len(self.plenaries)

    def _plenary_videos(self, uid: str) -> list[str]:
        """``business_meeting.csv`` and the like: the recorded parts of one plenary."""
        path = self.find(uid)
        if path is None:
            return []
        table = Table(path, self.report)
        table.count_unmapped(self.report, {"uid", "title", "speakers", "presentation_id"}, {})
        out = []
        for row, rec in table.rows:
            if not rec.get("title"):
                self.report.problem(path.name, row, "no title; row skipped")
                continue
            line = rec["title"] + (f" ({rec['speakers']})" if rec.get("speakers") else "")
            pid = rec.get("presentation_id", "")
            if re.fullmatch(r"\d+", pid):
                line += f": {SLIDESLIVE.format(pid)}"
            out.append(line)
        if table.rows:
            self.report.unmapped_field(path.name, "UID", "the parts of a plenary are listed in its description")
        return out

    def _socials(self) -> None:
        path = self.find("socials")
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            return
        known = {"UID", "name", "title", "description", "organizers", "sessions", "rocketchat_channel", "website",
                 "image"}
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict) or not item.get("UID") or not (item.get("name") or item.get("title")):
                self.report.problem(path.name, line, "social without UID or name; skipped")
                continue
            self._unknown_keys(path.name, item, known, {})
            if item.get("image"):
                self.report.unmapped_field(path.name, "image", "a social's picture: the site shows no pictures "
                                           "of events")
            name = plain(item.get("name") or item.get("title"))
            org = item.get("organizers") or {}
            members = split_names(org.get("members") if isinstance(org, dict) else org)
            website = str(item.get("website") or (org.get("website") if isinstance(org, dict) else "") or "")
            if isinstance(org, dict):
                for key in org:
                    if key not in ("members", "website"):
                        self.report.unmapped_field(path.name, f"organizers.{key}", "not a field vconf knows here")
            desc = [str(item.get("description") or "").strip()]
            if members:
                desc.append("Organized by " + ", ".join(members) + ".")
            if website:
                desc.append(f"Website: {website}")
            base = slug(str(item["UID"]), 40) or "social"
            sids = self._live_sessions(item.get("sessions"), path.name, kind="social", prefix=name,
                                       id_base=base, strip="S-")
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            for sid in sids:
                text = "\n\n".join(d for d in desc if d)
                if text:
                    self.sessions[sid]["description"] = text
                if chat:
                    self.sessions[sid]["chat"] = chat
            self.socials.append({"name": name, "description": desc[0], "members": members,
                                 "website": website if is_url(website) else "", "sessions": sids})
        self.report.counts["socials"] = len(self.socials)

    # -- the calendar ------------------------------------------------------------------

    def _calendar(self) -> None:
        events: list[tuple[str, int, dict[str, Any]]] = []
        json_names = [n for n in self.files if n.endswith(".json") and "calendar" in n]
        for name in json_names:
            path = self.take(name)
            data = load_yaml_or_json(path, self.report) if path else None
            if not isinstance(data, list):
                if data is not None:
                    self.report.problem(name, 0, "expected a list of events; file skipped")
                continue
            for i, ev in enumerate(data):
                if isinstance(ev, dict):
                    events.append((name, i + 1, ev))
                else:
                    self.report.problem(name, 0, f"event {i + 1} is not a record; skipped")
        for name in [n for n in self.files if n.endswith(".ics")]:
            self.take(name)
            events += self._ics(name, [e for _, _, e in events])
        known = {"title", "start", "end", "link", "location", "type", "view", "calendarId", "category",
                 "classNames", "url"}
        covered = overview = 0
        old_links = 0
        good = []
        for file, n, ev in events:
            for key in ev:
                if key not in known:
                    self.report.unmapped_field(file, str(key), "not a field of a Mini-Conf calendar event")
            title = title_of(ev.get("title"))
            start, end = parse_time(ev.get("start")), parse_time(ev.get("end"))
            if not title or start is None or end is None or end <= start:
                self.report.problem(file, 0, f"event {n} ({title or 'untitled'}): no title or valid start/end "
                                    f"({ev.get('start')!r}, {ev.get('end')!r}); skipped")
                continue
            good.append((start, end, title, file, n, ev))
        for start, end, title, file, n, ev in sorted(good, key=lambda x: x[:5]):
            link = str(ev.get("link") or ev.get("url") or ev.get("location") or "")
            target = _link_target(link)
            kind = self._event_kind(ev, title, target)
            if self._covered(target, kind, start, end, title):
                covered += 1
                continue
            if ev.get("view") == "week":
                overview += 1
                continue
            where = f"{file} event {n}"
            code = re.search(r"\(([A-Za-z0-9]+)\)\s*$", title)  # "Poster Day 1 Session 1 (P1S1)"
            base = slug(code.group(1)) if code else slug(title, 40)
            sid = self._new_session(base or "event", title, kind, start, end, where, derived=True)
            s = self.sessions[sid]
            s["_calendar"] = True
            sp = self.alias.get("speaker:" + target[1]) if target[0] == "speaker" else None
            if sp:
                s["speaker"] = sp
                self.speakers[sp].setdefault("session", sid)
            wid = self.alias.get("workshop:" + target[1]) if target[0] in ("workshop", "tutorial") else None
            if wid:
                s["workshop"] = wid
            if target[0] == "session":
                self.alias.setdefault("session:" + target[1], sid)
            if link and target[0] == "url":
                s["video"] = link
            elif link:
                old_links += 1
        if covered:
            self.report.note(f"calendar: {covered} events are sessions already imported from the other files "
                             "(not imported twice)")
        if overview:
            self.report.unmapped_field(", ".join(json_names) or "calendar", "(overview events)",
                                       "week-view summaries ('Workshops', 'Plenary Session') of sessions imported "
                                       "one by one", overview)
        if old_links:
            self.report.unmapped_field(", ".join(json_names) or "calendar", "link",
                                       "links to pages of the old Mini-Conf site: vconf links its own pages "
                                       "(speaker, workshop, session)", old_links)

    def _ics(self, name: str, json_events: list[dict[str, Any]]) -> list[tuple[str, int, dict[str, Any]]]:
        """Events of an iCalendar export not already in a JSON calendar."""
        try:
            import icalendar

            cal = icalendar.Calendar.from_ical(self.files[name].read_bytes())
        except (ValueError, OSError) as exc:
            self.report.problem(name, 0, f"not a readable iCalendar file ({exc}); skipped")
            return []
        seen = {(parse_time(e.get("start")), parse_time(e.get("end")), title_of(e.get("title"))) for e in json_events}
        out, dup = [], 0
        for n, ev in enumerate(cal.walk("VEVENT"), 1):
            start = ev.get("DTSTART")
            end = ev.get("DTEND")
            if start is None or end is None or not isinstance(start.dt, dt.datetime):
                self.report.problem(name, 0, f"event {n} ({ev.get('SUMMARY')}): no start/end time (all-day events "
                                    "are not sessions); skipped")
                continue
            summary = str(ev.get("SUMMARY") or "")
            # Mini-Conf's calendar convention: "#qa Live Q&A: ..." tags the event's calendar.
            tag = re.match(r"^#(\S+)\s+", summary)
            rec = {"title": summary[tag.end():] if tag else summary, "start": parse_time(start.dt),
                   "end": parse_time(end.dt), "link": str(ev.get("URL") or ev.get("LOCATION") or "")}
            if tag:
                rec["calendarId"] = tag.group(1)
            if (rec["start"], rec["end"], title_of(rec["title"])) in seen:
                dup += 1
                continue
            out.append((name, n, rec))
        if json_events:
            self.report.note(f"{name}: {dup} events also in the JSON calendar (read once); {len(out)} only here")
        return out

    def _event_kind(self, ev: dict[str, Any], title: str, target: tuple[str, str]) -> str:
        etype = str(ev.get("type") or "").lower()
        low = title.lower()
        if target[0] in ("workshop", "tutorial") or etype in ("workshops", "tutorials"):
            return "workshop"
        if etype.startswith("qa") or target[0] == "session" or low.startswith("poster"):
            return "poster"
        if target[0] == "speaker" or (target[0] == "plenary" and self._plenary_has_speaker(target[1])):
            return "invited"
        if etype == "socials" or "social" in low:
            return "social"
        return "other"

    def _plenary_has_speaker(self, uid: str) -> bool:
        return any(p["id"] == uid and p["speaker"] for p in self.plenaries)

    def _covered(self, target: tuple[str, str], kind: str, start: dt.datetime, end: dt.datetime, title: str) -> bool:
        """Is this calendar event one of the sessions already imported?  (ACL's calendar repeats them.)"""
        kind_of, key = target
        if kind_of == "session":
            sid = self.alias.get("session:" + key)
            if sid and self.sessions[sid]["_start"] == start and not self.sessions[sid].get("_from_calendar"):
                s = self.sessions[sid]
                s["title"] = title  # "QA Session 1A": the name the site showed
                if s["_end"] is None:
                    s["_end"] = end
                s["_from_calendar"] = True
                return True
            return False
        mine: list[dict[str, Any]] = []
        if kind_of in ("workshop", "tutorial"):
            wid = self.alias.get("workshop:" + key)
            mine = [s for s in self.sessions.values() if wid and s.get("workshop") == wid]
        elif kind_of == "plenary":
            for p in self.plenaries:
                if p["id"] == key:
                    mine = [self.sessions[sid] for sid in p["sessions"]]
        if any(s["_start"] < end and (s["_end"] or s["_start"]) > start for s in mine):
            return True
        # ACL's calendar repeats socials and tutorial slots without a link to them.
        return any(s["_start"] == start and s["_end"] == end and s["kind"] == kind and not s.get("_calendar")
                   for s in self.sessions.values())

    def _paper_session_names(self) -> None:
        """Original format: papers.csv names sessions ("Mon Session 1"); the calendar links them."""
        for pid, paper in self.papers.items():
            names, file, row = paper.pop("_session_names", ([], "", 0))
            for sname in names:
                sid = self.alias.get("session:" + sname)
                if sid is None:
                    self.report.problem(file, row, f"paper {pid}: session {sname!r} is in no calendar; left out")
                elif pid not in self.sessions[sid]["papers"]:
                    self.sessions[sid]["papers"].append(pid)

    def _finish_sessions(self) -> None:
        defaulted = 0
        for sid, s in self.sessions.items():
            if s["_end"] is None:
                ends = self.zoom_ends.get(sid, set())
                if len(ends) == 1:
                    s["_end"] = next(iter(ends))
                else:
                    s["_end"] = s["_start"] + dt.timedelta(hours=QA_HOURS)
                    defaulted += 1
        if defaulted:
            self.report.note(f"{defaulted} Q&A sessions have no end in the calendar or the Zoom CSV: "
                             f"{QA_HOURS} hour assumed (ACL's qa_session_length_hr)")
        self.report.counts["sessions"] = len(self.sessions)
        self.report.counts["workshops"] = len(self.workshops) - len(self.tutorials)
        self.report.counts["speakers"] = len(self.speakers)

    def _not_imported(self) -> None:
        reasons = {
            "papers_projection.json": "vconf computes the paper map itself (UMAP of the abstracts)",
            "paper_recs.json": "vconf computes similar papers itself from the abstracts",
        }
        for name in self.files:
            if name in self.used:
                continue
            self.report.unmapped_field(name, "(whole file)", reasons.get(name, "not a Mini-Conf file vconf knows"))

    # -- pages -------------------------------------------------------------------------

    def _resolve(self, href: str, docs: set[str]) -> str | None:
        href = href.strip()
        if re.match(r"^(https?:|mailto:)", href, re.IGNORECASE):
            return href if (re.match(r"^mailto:", href, re.I) or is_url(href)) else None
        parsed = urllib.parse.urlsplit(href)
        if parsed.scheme or parsed.netloc:
            return None
        page = Path(parsed.path).name
        stem = page[:-5] if page.endswith(".html") else page
        if "conduct" in parsed.fragment and "code-of-conduct" in docs:
            return "code-of-conduct.md"
        doc = OLD_PAGES.get(stem or "index")
        m = re.fullmatch(r"(paper|speaker|workshop|tutorial)_(.+)", stem)
        if m:
            kind, key = m.groups()
            ident = self.alias.get(("paper:" if kind == "paper" else
                                    "speaker:" if kind == "speaker" else "workshop:") + key)
            doc = f"{'papers' if kind == 'paper' else 'speakers' if kind == 'speaker' else 'workshops'}/{ident}" \
                if ident else None
        return f"{doc}.md" if doc and doc in docs else None

    def _pages(self, docs: set[str]) -> None:
        name = self.conf_name
        drops: Counter[str] = Counter()

        def dropped(file: str) -> Any:
            return lambda what: drops.update([f"{file}: {what}"])

        def page(doc: str, title: str, body: str) -> None:
            assert doc not in GENERATED
            self.pages[doc] = (f"% {HEADER.splitlines()[0]}\n% {HEADER.splitlines()[1]}\n\n"
                               f"# {md_text(title)}\n\n{body.strip()}\n")

        faq_path = self.find("faq")
        if faq_path is not None:
            data = load_yaml_or_json(faq_path, self.report)
            sections = data.get("FAQ") if isinstance(data, dict) else None
            if isinstance(sections, list):
                body = []
                for sec in sections:
                    if not isinstance(sec, dict):
                        continue
                    self._unknown_keys(faq_path.name, sec, {"Section", "QA"}, {})
                    if sec.get("Section"):
                        body.append(f"## {md_text(sec['Section'])}")
                    for qa in sec.get("QA") or []:
                        if not isinstance(qa, dict) or not qa.get("Question"):
                            continue
                        self._unknown_keys(faq_path.name, qa, {"Question", "Answer"}, {})
                        body.append(f"### {md_text(qa['Question'])}")
                        answer = safe_markdown(str(qa.get("Answer") or ""), lambda h: self._resolve(h, docs),
                                               dropped(faq_path.name))
                        if answer:
                            body.append(answer)
                page("help", "Help", "\n\n".join(body))
            else:
                self.report.problem(faq_path.name, 0, "expected 'FAQ:' with a list of sections; no help page")

        coc_path = self.find("code_of_conduct")
        if coc_path is not None:
            data = load_yaml_or_json(coc_path, self.report)
            text = data.get("CodeOfConduct") if isinstance(data, dict) else data
            if isinstance(text, str):
                page("code-of-conduct", "Code of conduct",
                     safe_markdown(text, lambda h: self._resolve(h, docs), dropped(coc_path.name), heading_level=2))

        com_path = self.find("committee")
        if com_path is not None:
            data = load_yaml_or_json(com_path, self.report)
            members = data.get("committee") if isinstance(data, dict) else data
            if isinstance(members, list):
                lines = []
                org = plain(self.config.get("organization") or "")
                if org:
                    lines.append(md_text(org) + "\n")
                photos = 0
                for i, m in enumerate(members):
                    if not isinstance(m, dict) or not m.get("name"):
                        self.report.problem(com_path.name, line_of(members, index=i), "member without name; skipped")
                        continue
                    self._unknown_keys(com_path.name, m, {"role", "name", "aff", "im", "tw"}, {})
                    entry = f"- **{md_text(m['name'])}**"
                    if m.get("aff"):
                        entry += f", {md_text(m['aff'])}"
                    if m.get("role"):
                        entry += f": {md_text(m['role'])}"
                    tw = str(m.get("tw") or "").strip().lstrip("@")
                    if re.fullmatch(r"\w{1,15}", tw):
                        entry += " (" + md_link("@" + tw, f"https://twitter.com/{tw}") + ")"
                    if m.get("im"):
                        photos += 1
                    lines.append(entry)
                if photos:
                    self.report.unmapped_field(com_path.name, "im", "committee photos: the committee page lists "
                                               "names only (most photos are on outside hosts)", photos)
                page("committee", "Committee", "\n".join(lines))

        if self.tutorials:
            body = []
            for wid in self.tutorials:
                w = self.workshops[wid]
                entry = f"- [{md_text(w['title'])}](workshops/{wid}.md)"
                if w.get("organizers"):
                    entry += f": {md_text(', '.join(w['organizers']))}"
                body.append(entry)
            page("tutorials", "Tutorials", "\n".join(body))

        if self.plenaries:
            body = []
            for p in self.plenaries:
                body.append(f"## {md_text(p['title'])}")
                if p["speaker"]:
                    body.append(f"[{md_text(p['presenter'])}](speakers/{p['speaker']}.md)")
                elif p["presenter"]:
                    body.append(md_text(p["presenter"]))
                items = [f"- [{md_text(self.sessions[sid]['title'])}](sessions/{sid}.md)" for sid in p["sessions"]]
                if items:
                    body.append("\n".join(items))
                if p["abstract"]:
                    body.append(md_paras(p["abstract"]))
            page("plenary-sessions", "Plenary sessions", "\n\n".join(body))

        if self.socials:
            body = []
            for soc in self.socials:
                body.append(f"## {md_text(soc['name'])}")
                if soc["description"]:
                    body.append(md_paras(soc["description"]))
                if soc["members"]:
                    body.append("Organized by " + md_text(", ".join(soc["members"])))
                if soc["website"]:
                    body.append(md_link("Website", soc["website"]))
                items = [f"- [{md_text(self.sessions[sid]['title'])}](sessions/{sid}.md)" for sid in soc["sessions"]]
                if items:
                    body.append("\n".join(items))
            page("socials", "Socials", "\n\n".join(body))

        sp_path = self.find("sponsors")
        if sp_path is not None:
            body = self._sponsors(sp_path)
            if body:
                page("sponsors", "Sponsors", body)

        for what, n in sorted(drops.items()):
            file, _, thing = what.partition(": ")
            why = ("a vconf site loads nothing from outside" if thing.startswith("image")
                   else "no page of the new site to link to")
            self.report.unmapped_field(file, f"(Markdown) {thing}", why, n)

        order = [d for d in ("help", "committee", "code-of-conduct", "plenary-sessions", "tutorials", "socials",
                             "sponsors") if d in self.pages]
        index = [md_text(self.conf_tagline)] if self.conf_tagline else []
        index.append("```{conference-now}\n```")
        index.append("```{toctree}\n:hidden:\n\n" + "\n".join(order) + "\n```")
        page("index", name, "\n\n".join(index))

    def _sponsors(self, path: Path) -> str:
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            return ""
        body: list[str] = []
        seen: set[str] = set()
        known = {"UID", "name", "website", "description", "schedule", "resources", "youtube", "video", "zoom_link",
                 "channel", "logo", "logoontop", "duplicate", "contacts", "downloads"}
        n = 0
        for i, level in enumerate(data):
            if not isinstance(level, dict) or not isinstance(level.get("sponsors"), list):
                self.report.problem(path.name, line_of(data, index=i), "expected level and sponsors; skipped")
                continue
            body.append(f"## {md_text(level.get('level') or 'Sponsors')}")
            for j, sp in enumerate(level["sponsors"]):
                line = line_of(level["sponsors"], index=j)
                if not isinstance(sp, dict) or not sp.get("name"):
                    self.report.problem(path.name, line, "sponsor without name; skipped")
                    continue
                uid = str(sp.get("UID") or sp["name"])
                if sp.get("duplicate") or uid in seen:
                    body.append(f"- {md_text(sp['name'])}")  # listed in full under its first level
                    continue
                seen.add(uid)
                n += 1
                self._unknown_keys(path.name, sp, known, {
                    "landingpage": "a sponsor's custom landing page has no place in vconf",
                    "papers": "a sponsor's papers list has no place in vconf",
                })
                parts = [f"### {md_text(sp['name'])}"]
                links = []
                for key, label in (("website", "Website"), ("youtube", "Video"), ("video", "Video"),
                                   ("zoom_link", "Zoom")):
                    url = str(sp.get(key) or "").strip()
                    if url and is_url(url):
                        links.append(md_link(label, url))
                if sp.get("channel") and self.chat_server:
                    links.append(md_link("Chat", self._chat_link(sp["channel"], path.name, "channel")))
                elif sp.get("channel"):
                    self.report.unmapped_field(path.name, "channel", "a chat channel, but no chat_server")
                if links:
                    parts.append(" · ".join(links))
                if sp.get("description"):
                    parts.append(md_paras(sp["description"]))
                sched = []
                for item in sp.get("schedule") or []:
                    if not isinstance(item, dict):
                        continue
                    start = parse_time(item.get("start"))
                    if start is None:
                        self.report.problem(path.name, line, f"{sp['name']}: schedule start {item.get('start')!r} "
                                            "is not a time; item skipped")
                        continue
                    end = parse_time(item.get("end")) if item.get("end") else None
                    if end is None and isinstance(item.get("duration"), (int, float)):
                        end = start + dt.timedelta(hours=float(item["duration"]))
                    when = self._when(start, end)
                    text = md_text(item.get("label") or "")
                    for key in ("speaker", "description"):
                        if item.get(key):
                            text += f" ({md_text(item[key])})" if key == "speaker" else f": {md_text(item[key])}"
                    if item.get("link") and is_url(str(item["link"])):
                        text += " " + md_link("link", str(item["link"]))
                    sched.append(f"- {md_text(when)}: {text}")
                if sched:
                    parts.append("\n".join(sched))
                res = []
                for key in ("resources", "downloads"):
                    for r in sp.get(key) or []:
                        if isinstance(r, dict):
                            url = str(r.get("website") or r.get("url") or r.get("file") or "")
                            if is_url(url):
                                res.append("- " + md_link(str(r.get("label") or url), url))
                            else:
                                self.report.unmapped_field(path.name, f"{key}.file", "a file of the old site, not "
                                                           "found or not a URL")
                if res:
                    parts.append("\n".join(res))
                if sp.get("logo"):
                    self.report.unmapped_field(path.name, "logo", "sponsor logos are files of the old site; add "
                                               "them to the page by hand")
                if sp.get("contacts"):
                    self.report.unmapped_field(path.name, "contacts", "personal contact data is not copied into a "
                                               "public site; add it by hand if wanted")
                if "logoontop" in sp:
                    self.report.unmapped_field(path.name, "logoontop", "a layout setting of the old site")
                body.append("\n\n".join(parts))
        self.report.counts["sponsors"] = n
        return "\n\n".join(body)

    def _when(self, start: dt.datetime, end: dt.datetime | None) -> str:
        tz = ZoneInfo(self.zone)
        s = start.astimezone(tz)
        text = f"{s:%a %d %b %Y %H:%M}"
        if end:
            text += f"–{end.astimezone(tz):%H:%M}"
        return f"{text} ({self.zone})"

    # -- output ------------------------------------------------------------------------

    def _fmt(self, value: dt.datetime) -> str:
        local = value.astimezone(ZoneInfo(self.zone))
        text = local.strftime("%Y-%m-%d %H:%M" + (":%S" if local.second else ""))
        return text + _fmt_offset(local.utcoffset() or dt.timedelta(0))

    def _output(self) -> dict[str, str | bytes]:
        cfg = self.config
        tz = ZoneInfo(self.zone)
        self.conf_name = self.name_arg or plain(cfg.get("name")) or self.src.name
        self.conf_tagline = plain(cfg.get("tagline"))
        prefix = cfg.get("page_title", {}).get("prefix") if isinstance(cfg.get("page_title"), dict) else ""
        self.html_title = plain(prefix) or self.conf_name

        days = [s["_start"].astimezone(tz).date() for s in self.sessions.values()]
        days += [(s["_end"] - dt.timedelta(seconds=1)).astimezone(tz).date() for s in self.sessions.values()]
        for w in self.workshops.values():
            for it in w.get("schedule", []):
                days += [it["_start"].astimezone(tz).date(), (it["_end"] - dt.timedelta(seconds=1)).astimezone(tz).date()]
        calendar = cfg.get("calendar") if isinstance(cfg.get("calendar"), dict) else {}
        for key in ("start", "end"):
            try:
                days.append(dt.date.fromisoformat(str(calendar.get(key))))
            except ValueError:
                pass
        if not days:
            m = re.search(r"([A-Z][a-z]+)\D*(\d{4})", plain(cfg.get("date")))
            try:
                days = [dt.datetime.strptime(f"{m.group(1)[:3]} {m.group(2)}", "%b %Y").date()] if m else []
            except ValueError:
                days = []
            if not days:
                raise ImportFailed("cannot tell the conference dates: no sessions, no calendar start/end and no "
                                   "month in config.yml's date")
            self.report.note(f"no sessions: the conference dates are the first of {plain(cfg.get('date'))}")

        conference: dict[str, Any] = {"name": self.conf_name}
        if self.conf_tagline:
            conference["tagline"] = self.conf_tagline
        conference.update({"timezone": self.zone, "start_date": min(days).isoformat(),
                           "end_date": max(days).isoformat()})
        logo = cfg.get("logo")
        logo_ref = logo.get("image") if isinstance(logo, dict) else logo
        if logo_ref:
            path = self._asset(str(logo_ref), "logo", ("config.yml", 0), "logo.image")
            if path:
                conference["logo"] = path
        url = str(cfg.get("site_url") or "").strip()
        if url and is_url(url):
            conference["url"] = url.rstrip("/") + "/"
        if self.chat_server:
            chat: dict[str, Any] = {"provider": "rocketchat", "server": self.chat_server}
            if any("." in pid for pid in self.papers):
                chat["channel_template"] = {"paper": "paper-{id}"}  # ACL 2020's names: paper-main-8
            conference["chat"] = chat
            self.report.note(f"chat: Rocket.Chat at {self.chat_server} (config.yml's chat_server); channel names "
                             "follow conference.chat.channel_template")
        if cfg.get("paper_images_path"):
            found = 0
            for pid in self.papers:
                ref = f"{str(cfg['paper_images_path']).strip('/')}/{pid}.png"
                if any((b / ref).is_file() for b in (self.src, self.src.parent)):
                    thumb = self._asset(ref, "thumbs", ("config.yml", 0), "paper_images_path")
                    if thumb:
                        self.papers[pid]["thumbnail"] = thumb
                        found += 1
            if not found:
                self.report.unmapped_field("config.yml", "paper_images_path", "the paper images are not beside "
                                           f"{self.src.name}/; vconf makes thumbnails from PDFs it can read")

        files: dict[str, str | bytes] = {}
        files["data/conference.yml"] = dump_yaml({"conference": conference}, HEADER)

        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for pid, p in self.papers.items():
            groups[self.paper_group[pid]].append(p)
        for group, papers in groups.items():
            files[f"data/{group}"] = dump_yaml({"papers": papers}, HEADER)

        sessions = []
        for s in sorted(self.sessions.values(), key=lambda s: (s["_start"], s["_end"], s["id"])):
            out = {k: v for k, v in s.items() if not k.startswith("_") and v not in ("", [], None)}
            out = {"id": out.pop("id"), "title": out.pop("title"), "kind": out.pop("kind"),
                   "start": self._fmt(s["_start"]), "end": self._fmt(s["_end"]), **out}
            sessions.append(out)
        if sessions:
            files["data/sessions.yml"] = dump_yaml({"sessions": sessions}, HEADER)
        workshops = []
        for w in self.workshops.values():
            out = {k: v for k, v in w.items() if k != "schedule"}
            if w.get("schedule"):
                out["schedule"] = [
                    {"title": it["title"], "start": self._fmt(it["_start"]), "end": self._fmt(it["_end"]),
                     **{k: v for k, v in it.items() if not k.startswith("_") and k != "title"}}
                    for it in sorted(w["schedule"], key=lambda it: (it["_start"], it["_end"]))
                ]
            workshops.append(out)
        if workshops:
            files["data/workshops.yml"] = dump_yaml({"workshops": workshops}, HEADER)
        if self.speakers:
            files["data/speakers.yml"] = dump_yaml({"speakers": list(self.speakers.values())}, HEADER)

        docs = {"index", "papers", "map", "schedule"} | ({"workshops"} if self.workshops else set()) | (
            {"speakers"} if self.speakers else set()) | ({"chat"} if self.chat_server else set())
        docs |= {"help"} if "faq.yml" in self.files or "faq.json" in self.files else set()
        docs |= {"code-of-conduct"} if any(n.startswith("code_of_conduct.") for n in self.files) else set()
        docs |= {"committee"} if any(n.startswith("committee.") for n in self.files) else set()
        docs |= {"tutorials"} if self.tutorials else set()
        docs |= {"plenary-sessions"} if self.plenaries else set()
        docs |= {"socials"} if self.socials else set()
        docs |= {"sponsors"} if any(n.startswith("sponsors.") for n in self.files) else set()
        docs |= {f"papers/{p}" for p in self.papers} | {f"workshops/{w}" for w in self.workshops}
        docs |= {f"speakers/{s}" for s in self.speakers}
        self._pages(docs)
        self._not_imported()
        for doc, text in self.pages.items():
            files[f"{doc}.md"] = text
        files.update(self.assets)
        files["conf.py"] = self._conf_py()
        files["vconf-import-report.txt"] = self.report.text()
        return files

    def _conf_py(self) -> str:
        nav = [("Home", "index"), ("Schedule", "schedule"), ("Papers", "papers"), ("Map", "map"),
               ("Plenaries", "plenary-sessions"), ("Tutorials", "tutorials"), ("Workshops", "workshops"),
               ("Speakers", "speakers"), ("Socials", "socials"), ("Sponsors", "sponsors"), ("Chat", "chat"),
               ("Committee", "committee"), ("Help", "help")]
        nav_text = "".join(f"    {t!r},\n" for t in nav)
        return (
            f'"""Sphinx configuration of {self.conf_name!r}: a vconf project.\n\n'
            f"{HEADER}\n\n"
            "Build the site with ``sphinx-build -b html . _build/html``. The conference is in data/*.yml;\n"
            "vconf-import-report.txt lists what the import could not carry over.\n"
            '"""\n\n'
            f"project = {self.conf_name!r}\n"
            f"html_title = {self.html_title!r}\n"
            'extensions = ["sphinxext_vconf"]\n'
            'html_theme = "vconf"\n'
            "html_show_sourcelink = False\n"
            'exclude_patterns = ["_build"]\n\n'
            "# vconf: the conference data, and the navbar (entries whose page does not exist are left out).\n"
            'vconf_data_dir = "data"\n'
            f"vconf_navbar = [\n{nav_text}]\n"
        )


def md_paras(text: str) -> str:
    """Blank-line separated paragraphs of untrusted text, each shown literally."""
    return "\n\n".join(md_text(p) for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip())


def _fmt_offset(off: dt.timedelta) -> str:
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"], 1)}


def _parse_day(text: str, year: int) -> dt.date | None:
    """ "Jul 5", "10 Jul", "July 9th", "09-Jul", "July 09" -> a date (ACL's workshop schedules)."""
    m = re.search(r"([A-Za-z]{3,})", text)
    d = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\b", text)
    if not m or not d or m.group(1)[:3].lower() not in _MONTHS:
        return None
    y = re.search(r"\b(\d{4})\b", text)
    try:
        return dt.date(int(y.group(1)) if y else year, _MONTHS[m.group(1)[:3].lower()], int(d.group(1)))
    except ValueError:
        return None


def _parse_clock(value: Any) -> dt.time | None:
    """ "9:00 AM", "4:00", "16:30" -> a wall time."""
    m = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?\s*", str(value or ""))
    if not m:
        return None
    h, mi, ampm = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:  # "13:30 PM" is 13:30
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    return dt.time(h, mi) if h < 24 and mi < 60 else None


def _link_target(link: str) -> tuple[str, str]:
    """What a Mini-Conf calendar link points to: (kind, key)."""
    if not link:
        return ("", "")
    parts = urllib.parse.urlsplit(link)
    page = Path(parts.path).name
    query = urllib.parse.parse_qs(parts.query)
    if page == "papers.html" and query.get("session"):
        return ("session", query["session"][0])
    for kind in ("speaker", "workshop", "tutorial", "plenary_session", "paper"):
        m = re.fullmatch(rf"{kind}_(.+)\.html", page)
        if m:
            return (kind.replace("plenary_session", "plenary"), m.group(1))
    if page.endswith(".html") or not parts.scheme:
        return ("page", page)
    return ("url", link) if parts.scheme in ("http", "https") else ("", "")


def run(args: Any) -> int:
    """The ``vconf import miniconf`` command."""
    src = Path(args.sitedata)
    if not src.is_dir():
        raise ImportFailed(f"SITEDATA {src} is not a folder (give the Mini-Conf sitedata/ folder)")
    dest = Path(args.dest)
    if dest.resolve() == src.resolve() or dest.resolve().is_relative_to(src.resolve()):
        raise ImportFailed("DEST must not be inside SITEDATA")
    files, report = MiniConf(src, timezone=args.timezone, name=args.name).run()
    write_project(dest, files, force=args.force, tool="vconf import miniconf")
    try:
        conf = model.load(dest / "data", root=dest)
    except model.ConferenceDataError as exc:
        raise ImportFailed(f"the imported data does not validate (a bug in the importer; please report it):\n"
                           f"{exc}") from None
    print(report.summary())
    print(f"{dest}: {len(conf.papers)} papers, {len(conf.sessions)} sessions, {len(conf.workshops)} workshops, "
          f"{len(conf.speakers)} speakers; report: {dest / 'vconf-import-report.txt'}")
    print(f"Build the site: sphinx-build -b html {dest} {dest / '_build' / 'html'}")
    return 0
