"""Workshops and tutorials: ``workshops.csv``/``.yml``, ``tutorials.yml``, workshop papers
(``w<N>_papers.csv``, ``workshop_papers.csv``) and ACL's workshop schedules."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from ..htmltext import html_to_markdown
from .common import (
    UTC,
    Table,
    _fmt_offset,
    _parse_clock,
    _parse_day,
    is_url,
    line_of,
    load_yaml_or_json,
    parse_time,
    plain,
    slug,
    split_list,
    split_names,
)
from .core import Core


class Workshops(Core):
    def _workshop_record(self, raw: str, where: tuple[str, int], title: str,
                         what: str = "workshops") -> dict[str, Any] | None:
        if not raw or not title:
            self.report.problem(where[0], where[1], "workshop without UID or title; skipped", drop=what)
            return None
        if "workshop:" + raw in self.alias:
            self.report.problem(where[0], where[1], f"workshop UID {raw!r} used twice; skipped", drop=what)
            return None
        self.report.kept(where[0], what)
        wid = self._new_id(raw, self.workshops, f"{where[0]}:{where[1]}", "workshop id")
        self.alias["workshop:" + raw] = wid
        w: dict[str, Any] = {"id": wid, "title": title}
        self.workshops[wid] = w
        return w

    def _workshops_csv(self) -> None:
        path = self.files.get("workshops.csv") and self.take("workshops.csv")
        if path is None:
            return
        table = Table(path, self.report, "workshops")
        table.count_unmapped(self.report, {"uid", "title", "authors", "abstract", "url", "website"}, {})
        for row, rec in table.rows:
            w = self._workshop_record(rec.get("UID", ""), (path.name, row), " ".join(rec.get("title", "").split()))
            if w is None:
                continue
            organizers = split_list(rec.get("authors"))
            if organizers:
                w["organizers"] = organizers
            if rec.get("abstract"):
                w["abstract"] = html_to_markdown(rec["abstract"])
            site = rec.get("url") or rec.get("website") or ""
            if site:
                if is_url(site):
                    w["website"] = site
                else:
                    self.report.problem(path.name, row, f"url {site!r} is not an http(s) URL; left out")

    def _live_sessions(self, raw_sessions: Any, file: str, *, kind: str, prefix: str,
                       id_base: str, workshop: str = "", strip: str = "") -> list[str]:
        """Sessions of a workshop, tutorial, plenary or social (``name, start_time, end_time``)."""
        out = []
        if not isinstance(raw_sessions, list):
            return out
        known = {"name", "start_time", "end_time", "livestream_id", "zoom_link"}
        self.report.read(file, "sessions", len(raw_sessions))
        for i, s in enumerate(raw_sessions):
            line = line_of(raw_sessions, index=i)
            if not isinstance(s, dict):
                self.report.problem(file, line, f"{id_base}: session {i + 1} is not a mapping; skipped",
                                    drop="sessions")
                continue
            for key in s:
                if key not in known:
                    self.report.unmapped_field(file, f"sessions.{key}", "not a field of a Mini-Conf live session")
            start, end = parse_time(s.get("start_time")), parse_time(s.get("end_time"))
            if start is None or end is None or end <= start:
                self.report.problem(file, line, f"{id_base}: session {s.get('name')!r} has no valid start_time/"
                                    f"end_time ({s.get('start_time')!r}, {s.get('end_time')!r}); skipped",
                                    drop="sessions")
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
            self.report.kept(file, "sessions")
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
        self.report.read(path.name, "workshops", len(data))
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict):
                self.report.problem(path.name, line, "not a workshop record; skipped", drop="workshops")
                continue
            self._unknown_keys(path.name, item, known, {"day": "the day comes from the workshop's sessions"})
            w = self._workshop_record(str(item.get("UID") or ""), (path.name, line), plain(item.get("title")))
            if w is None:
                continue
            organizers = split_names(item.get("organizers"))
            if organizers:
                w["organizers"] = organizers
            if item.get("abstract"):
                w["abstract"] = html_to_markdown(str(item["abstract"]).strip())
            self._website(w, item.get("website"), path.name, line)
            if item.get("livestream"):
                self._slideslive(w, item["livestream"], path.name, line)
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            if chat:
                w["chat"] = chat
            self._live_sessions(item.get("sessions"), path.name, kind="workshop", prefix=w["title"],
                                id_base=w["id"], workshop=w["id"], strip="W-")

    def _tutorials(self) -> None:
        found = self.list_file("tutorials")
        if found is None:
            return
        path, data = found
        known = {"UID", "title", "organizers", "abstract", "website", "prerecorded", "rocketchat_channel",
                 "sessions", "info", "virtual_format_description"}
        self.report.read(path.name, "tutorials", len(data))
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict):
                self.report.problem(path.name, line, "not a tutorial record; skipped", drop="tutorials")
                continue
            self._unknown_keys(path.name, item, known, {
                "material": "no material link in a vconf workshop record",
                "slides": "no slides link in a vconf workshop record",
                "livestream": "the live streams are on the tutorial's sessions",
            })
            raw, title = str(item.get("UID") or ""), plain(item.get("title"))
            full = title if title.startswith(f"{raw}:") else f"{raw}: {title}"
            w = self._workshop_record(raw, (path.name, line), full if title else "", "tutorials")
            if w is None:
                continue
            self.tutorials.append(w["id"])
            organizers = split_names(item.get("organizers"))
            if organizers:
                w["organizers"] = organizers
            parts = [str(item.get(k) or "").strip() for k in ("abstract", "info", "virtual_format_description")]
            if any(parts):
                w["abstract"] = html_to_markdown("\n\n".join(p for p in parts if p))
            self._website(w, item.get("website"), path.name, line)
            if item.get("prerecorded"):
                self._slideslive(w, item["prerecorded"], path.name, line)
            chat = self._chat_link(item.get("rocketchat_channel"), path.name, "rocketchat_channel")
            if chat:
                w["chat"] = chat
            self._live_sessions(item.get("sessions"), path.name, kind="workshop", prefix=w["title"],
                                id_base=w["id"], workshop=w["id"])
        self.report.counts["tutorials"] = len(self.tutorials)

    def _workshop_papers(self, name: str, wid_raw: str = "") -> None:
        """``w<N>_papers.csv`` (ACL: one file per workshop) or ``workshop_papers.csv`` (EMNLP,
        NAACL: one file, a ``workshop`` column naming each paper's workshop)."""
        path = self.take(name)
        assert path is not None
        table = Table(path, self.report, "papers")
        known = {"uid", "title", "speakers", "authors", "presentation_id", "abstract", "workshop"}
        table.count_unmapped(self.report, known, {})
        missing: set[str] = set()
        n = 0
        for row, rec in table.rows:
            w_raw = wid_raw or str(rec.get("workshop") or "").strip()
            wid = self.alias.get("workshop:" + w_raw.upper()) or self.alias.get("workshop:" + w_raw)
            if wid is None and w_raw not in missing:
                missing.add(w_raw)
                self.report.problem(name, 0 if wid_raw else row, f"no workshop {w_raw.upper()!r} in the workshops "
                                    "file: its papers are imported without a workshop")
            w = self.workshops.get(wid or "")
            raw = rec.get("UID", "")
            title = " ".join(rec.get("title", "").split())
            authors = split_names(rec.get("speakers") or rec.get("authors"))
            if not raw or not title or not authors:
                self.report.problem(name, row, "workshop paper without UID, title or speakers; row skipped",
                                    drop="papers")
                continue
            # ACL's UIDs are per workshop (w1 + "3"); EMNLP's carry the workshop already ("WS-1.3")
            full = raw if wid_raw == "" and raw.lower().startswith(w_raw.lower() + ".") else f"{w_raw.lower()}.{raw}"
            if "paper:" + full in self.alias:
                self.report.problem(name, row, f"UID {raw!r} used twice; row skipped", drop="papers")
                continue
            pid = self._new_id(full, self.papers, f"{name}:{row}", "paper id", derived=bool(wid_raw))
            paper: dict[str, Any] = {"id": pid, "title": title, "authors": authors}
            if rec.get("abstract"):
                paper["abstract"] = rec["abstract"]
            paper["track"] = w["title"] if w else f"Workshop {w_raw.upper()}"
            if rec.get("presentation_id"):
                self._slideslive(paper, rec["presentation_id"], name, row)
            self.papers[pid] = paper
            self.paper_group[pid] = "papers-workshops.yml"
            self.alias["paper:" + full] = pid
            self.alias.setdefault("paper:" + raw, pid)
            if w is not None:
                w.setdefault("papers", []).append(pid)
            self.report.kept(name, "papers")
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
            n = len(items) if isinstance(items, list) else 1
            self.report.read(path.name, "schedule items", n)
            if wid is None:
                self.report.problem(path.name, 0, f"schedule of unknown workshop {raw!r}; skipped")
                self.report.dropped(path.name, "schedule items", "of a workshop not in the workshops file", n)
                continue
            if isinstance(items, list):
                parsed[wid] = self._schedule_items(path.name, wid, items)
                self.report.kept(path.name, "schedule items", len(parsed[wid]))
            else:
                self.report.dropped(path.name, "schedule items", "not a list of items")
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
                self.report.problem(file, 0, f"{where}: not a record; skipped", drop="schedule items")
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
                                    "understood; item skipped", drop="schedule items")
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
