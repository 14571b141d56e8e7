"""The importer's state and what every reader uses: ids, assets, links."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import defaultdict
from pathlib import Path
from typing import Any

from ... import model
from .. import ImportFailed, Report
from .common import (
    CONFIG_UNMAPPED,
    SLIDESLIVE,
    is_url,
    line_of,
    load_yaml_or_json,
    slug,
)


class Core:
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
        self.sponsors: list[dict[str, Any]] = []
        self.pages: dict[str, str] = {}  # docname -> MyST
        self.assets: dict[str, bytes] = {}
        self.chat_server = ""
        self.zone = "UTC"

    def run(self) -> tuple[dict[str, str | bytes], Report]:
        paper_files = [n for n in self.files if re.fullmatch(r"(?:(\w+?)_)?papers\.(csv|tsv|json|ya?ml)", n)
                       and not n.startswith("workshop_papers.")]
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
        if "workshop_papers.csv" in self.files:
            self._workshop_papers("workshop_papers.csv")
        self._workshop_schedules()
        self._plenaries()
        self._socials()
        self._sponsors()
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

    def list_file(self, *names: str) -> tuple[Path, list] | None:
        """The first of ``names`` that exists, with its records (None: absent, or not a list)."""
        path = self.find(*names)
        if path is None:
            return None
        data = load_yaml_or_json(path, self.report)
        return (path, data) if isinstance(data, list) else None

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
                self.report.read(path.name, "settings")
                if v in (None, ""):
                    self.report.dropped(path.name, "settings", "empty")
                    continue
                if full in mapped:
                    self.report.kept(path.name, "settings")
                    continue
                reason = CONFIG_UNMAPPED.get(full, "not a setting vconf knows")
                self.report.unmapped_field(path.name, full, reason)
                self.report.dropped(path.name, "settings", f"{full}: {reason}")
        server = str(data.get("chat_server") or "").strip()
        if server:
            server = server if server.startswith(("http://", "https://")) else "https://" + server
            server = server.rstrip("/")
            if is_url(server):
                self.chat_server = server
            else:
                self.report.problem(path.name, line_of(data, "chat_server"), f"chat_server {server!r} is not a host name")

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

    def _new_session(self, base: str, title: str, kind: str, start: dt.datetime,
                     end: dt.datetime | None, where: str, *, derived: bool = False) -> str:
        sid = self._new_id(base, self.sessions, where, "session id", derived=derived)
        self.sessions[sid] = {"id": sid, "title": title, "kind": kind, "_start": start, "_end": end, "papers": []}
        return sid

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

    def _chat_link(self, channel: Any, file: str, what: str) -> str:
        channel = str(channel or "").strip()
        if not channel:
            return ""
        if self.chat_server:
            return f"{self.chat_server}/channel/{urllib.parse.quote(channel, safe='')}"
        self.report.unmapped_field(file, what, "a chat channel, but config.yml names no chat_server")
        return ""

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

    def _slideslive(self, rec: dict[str, Any], pid: str, file: str, row: int) -> None:
        pid = str(pid).strip()
        if re.fullmatch(r"\d+", pid):
            rec["video"] = SLIDESLIVE.format(pid)
        elif is_url(pid):
            rec["video"] = pid
        else:
            self.report.problem(file, row, f"SlidesLive id {pid!r} is not a number; left out")
