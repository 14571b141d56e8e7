"""Papers and what is said about them: ``papers.csv``/``<track>_papers.csv``, the paper Q&A sessions
(``<track>_paper_sessions.yml``, ``paper_sessions.yml``), Zoom and SlidesLive CSVs, ``highlighted.csv``, speakers."""

from __future__ import annotations

import re
from typing import Any

from ..htmltext import html_to_markdown
from .common import (
    PAPER_FIELDS,
    PAPER_UNMAPPED,
    TRACK_NAMES,
    Table,
    is_url,
    line_of,
    load_yaml_or_json,
    parse_time,
    slug,
    split_list,
)
from .core import Core


class Papers(Core):
    def _papers(self, name: str, prefix: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report, "papers")
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
                self.report.problem(name, row, "no UID; row skipped", drop="papers")
                continue
            if raw in self.papers or raw in self.paper_where:
                first = self.paper_where.get(raw, ("?", 0))
                self.report.problem(name, row, f"UID {raw!r} already used ({first[0]}:{first[1]}); row skipped", drop="papers")
                continue
            if not title:
                self.report.problem(name, row, f"paper {raw!r} has no title; row skipped", drop="papers")
                continue
            if not authors:
                self.report.problem(name, row, f"paper {raw!r} has no authors (vconf needs one); row skipped", drop="papers")
                continue
            ident = self._new_id(raw, self.papers, f"{name}:{row}", "paper id")
            paper: dict[str, Any] = {"id": ident, "title": title, "authors": authors}
            abstract = html_to_markdown(str(get("abstract") or "").strip())
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
            ptype = " ".join(str(get("paper_type") or "").split())
            if ptype:
                paper["type"] = ptype
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
            self.report.kept(name, "papers")
        self.report.counts["papers"] = len(self.papers)

    def _paper_id(self, raw: str) -> str | None:
        return self.alias.get("paper:" + raw) if raw else None

    def _paper_extras(self) -> None:
        """ACL: ``<track>_paper_sessions.yml``, ``_zoom_links.csv``, ``_slideslive_ids.csv``;
        EMNLP/NAACL: ``paper_sessions.yml`` (sessions with their own times, names and links)."""
        for name in sorted(self.files):
            m = re.fullmatch(r"(?:(\w+?)_)?paper_sessions\.ya?ml", name)
            if m:
                self._paper_sessions(name, m.group(1) or "")
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
        self.report.read(name, "sessions", len(data))
        for sname, info in data.items():
            sname = str(sname)
            where = line_of(data, sname)
            if not isinstance(info, dict):
                self.report.problem(name, where, f"session {sname!r} is not a mapping; skipped", drop="sessions")
                continue
            papers = info.get("papers") or []
            if isinstance(papers, list):
                self.report.read(name, "paper links", len(papers))
            if "start_time" in info:
                sid = self._timed_paper_session(name, sname, info, where)
            else:
                sid = self._dated_paper_session(name, prefix, sname, info, where)
            if sid is None:
                if isinstance(papers, list):
                    self.report.dropped(name, "paper links", "their session was skipped", len(papers))
                continue
            self.report.kept(name, "sessions")
            if not isinstance(papers, list):
                self.report.problem(name, line_of(info, "papers"), f"session {sname!r}: papers is not a list")
                continue
            for i, raw in enumerate(papers):
                pid = self._paper_id(str(raw))
                if pid is None:
                    self.report.problem(name, line_of(papers, index=i), f"session {sname!r}: paper {raw!r} is "
                                        "in no papers file; left out of the session", drop="paper links")
                elif pid in self.sessions[sid]["papers"]:
                    self.report.dropped(name, "paper links", "listed twice in the session")
                else:
                    self.sessions[sid]["papers"].append(pid)
                    self.report.kept(name, "paper links")

    def _dated_paper_session(self, name: str, prefix: str, sname: str, info: dict[str, Any],
                             where: int) -> str | None:
        """ACL 2020: ``1A: {date: 2020-07-06_05:00:00, papers: [...]}``, one file per track."""
        for key in info:
            if key not in ("date", "papers"):
                self.report.unmapped_field(name, f"(session).{key}", "not a field of a Mini-Conf paper session")
        start = parse_time(info.get("date"))
        if start is None:
            self.report.problem(name, line_of(info, "date"), f"session {sname!r}: date {info.get('date')!r} "
                                "is not a time (YYYY-MM-DD_HH:MM:SS, UTC); session skipped", drop="sessions")
            return None
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
        return sid

    def _timed_paper_session(self, name: str, sname: str, info: dict[str, Any], where: int) -> str | None:
        """EMNLP 2020, NAACL 2021: ``1Az: {start_time, end_time, name, long_name, zoom_link, papers}``."""
        known = {"start_time", "end_time", "name", "long_name", "zoom_link", "papers"}
        for key in info:
            if key not in known:
                self.report.unmapped_field(name, f"(session).{key}", "not a field of a Mini-Conf paper session")
        start, end = parse_time(info.get("start_time")), parse_time(info.get("end_time"))
        if start is None or (info.get("end_time") and (end is None or end <= start)):
            self.report.problem(name, where, f"session {sname!r}: no valid start_time/end_time "
                                f"({info.get('start_time')!r}, {info.get('end_time')!r}); session skipped",
                                drop="sessions")
            return None
        title = " ".join(str(info.get("long_name") or info.get("name") or f"Q&A session {sname}").split())
        short = " ".join(str(info.get("name") or "").split())
        kind = "poster" if "gather" in short.lower() or "poster" in short.lower() else "oral"
        sid = self._new_session(sname, title, kind, start, end, f"{name}:{where}")
        self.alias.setdefault("session:" + sname, sid)
        if short:
            self.alias.setdefault("session:" + short, sid)
        link = str(info.get("zoom_link") or "").strip()
        if link:
            if is_url(link):
                self.sessions[sid]["video"] = link
            else:
                self.report.problem(name, line_of(info, "zoom_link"), f"session {sname!r}: zoom_link {link!r} "
                                    "is not an http(s) URL; left out")
        return sid

    def _zoom_links(self, name: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report, "zoom links")
        known = {"uid", "session_name", "starttime", "endtime", "timezone", "zoom_join_link"}
        table.count_unmapped(self.report, known, {})
        links = 0
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            sid = self.alias.get("session:" + rec.get("session_name", ""))
            if pid is None or sid is None:
                what = "paper" if pid is None else "session"
                self.report.problem(name, row, f"{what} {rec.get('UID' if pid is None else 'session_name')!r} "
                                    "is unknown; row skipped", drop="zoom links")
                continue
            s = self.sessions[sid]
            start, end = parse_time(rec.get("starttime")), parse_time(rec.get("endtime"))
            if pid not in s["papers"]:
                self.report.problem(name, row, f"paper {pid} is not in session {sid} of the sessions file; "
                                    "row skipped", drop="zoom links")
                continue
            if start and start != s["_start"]:
                self.report.problem(name, row, f"start {rec.get('starttime')} differs from session {sid}'s "
                                    f"{s['_start']:%Y-%m-%dT%H:%M}Z; the sessions file wins")
            if end and start == s["_start"] and end > start:
                self.zoom_ends[sid].add(end)
            self.report.kept(name, "zoom links")  # its time checked; the link itself: see below
            if rec.get("zoom_join_link"):
                links += 1
        if links:
            self.report.unmapped_field(name, "zoom_join_link", "a Zoom room per paper and session: a vconf "
                                       "session has one live link, a paper none", links)

    def _slideslive_ids(self, name: str) -> None:
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report, "videos")
        table.count_unmapped(self.report, {"uid", "presentation_id"}, {})
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            if pid is None:
                self.report.problem(name, row, f"paper {rec.get('UID')!r} is in no papers file; row skipped",
                                    drop="videos")
                continue
            if rec.get("presentation_id"):
                self._slideslive(self.papers[pid], rec["presentation_id"], name, row)
            self.report.kept(name, "videos")

    def _highlighted(self) -> None:
        path = self.find("highlighted")
        if path is None:
            return
        table = Table(path, self.report, "highlights")
        table.count_unmapped(self.report, {"uid"},
                             {"session": "the day the paper was highlighted on; vconf marks it a spotlight"})
        n = 0
        for row, rec in table.rows:
            pid = self._paper_id(rec.get("UID", ""))
            if pid is None:
                self.report.problem(path.name, row, f"paper {rec.get('UID')!r} is in no papers file; row skipped",
                                    drop="highlights")
                continue
            self.papers[pid]["presentation"] = "spotlight"
            self.report.kept(path.name, "highlights")
            n += 1
        if n:
            self.report.note(f"{path.name}: {n} highlighted papers are marked presentation: spotlight")

    def _speakers(self) -> None:
        path = self.find("speakers")
        if path is None:
            return
        table = Table(path, self.report, "speakers")
        table.count_unmapped(self.report, {"uid", "image", "title", "institution", "speaker", "abstract", "bio",
                                           "website", "url"},
                             {"session": "the day of the talk; the speaker's session comes from the calendar"})
        for row, rec in table.rows:
            raw, name = rec.get("UID", ""), " ".join(rec.get("speaker", "").split())
            if not raw or not name:
                self.report.problem(path.name, row, "speaker without UID or name; row skipped", drop="speakers")
                continue
            if "speaker:" + raw in self.alias:
                self.report.problem(path.name, row, f"UID {raw!r} used twice; row skipped", drop="speakers")
                continue
            sid = self._new_id(raw, self.speakers, f"{path.name}:{row}", "speaker id")
            sp: dict[str, Any] = {"id": sid, "name": name}
            for src, dst in (("institution", "affiliation"), ("bio", "bio"), ("title", "talk_title"),
                             ("abstract", "talk_abstract")):
                if rec.get(src):
                    sp[dst] = html_to_markdown(rec[src]) if dst in ("bio", "talk_abstract") else rec[src]
            photo = self._asset(rec.get("image", ""), "speakers", (path.name, row), "image")
            if photo:
                sp["photo"] = photo
            site = rec.get("website") or rec.get("url") or ""
            if site and is_url(site):
                sp["website"] = site
            self.speakers[sid] = sp
            self.alias["speaker:" + raw] = sid
            self.report.kept(path.name, "speakers")
