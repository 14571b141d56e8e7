"""The new project: data/*.yml, conf.py and the report."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from .. import ImportFailed, dump_yaml
from .common import (
    HEADER,
    _fmt_offset,
    is_url,
    plain,
)
from .core import Core


class Output(Core):
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
        if self.sponsors:
            sponsors = [{k: v for k, v in sp.items() if k != "schedule"} | (
                {"schedule": [{"title": it["title"], "start": self._fmt(it["_start"]), "end": self._fmt(it["_end"]),
                               **{k: v for k, v in it.items() if not k.startswith("_") and k != "title"}}
                              for it in sorted(sp["schedule"], key=lambda it: (it["_start"], it["_end"]))]}
                if sp.get("schedule") else {}) for sp in self.sponsors]
            files["data/sponsors.yml"] = dump_yaml({"sponsors": sponsors}, HEADER)

        docs = {"index", "papers", "map", "schedule"} | ({"workshops"} if self.workshops else set()) | (
            {"speakers"} if self.speakers else set()) | ({"chat"} if self.chat_server else set())
        docs |= {"help"} if "faq.yml" in self.files or "faq.json" in self.files else set()
        docs |= {"code-of-conduct"} if any(n.startswith("code_of_conduct.") for n in self.files) else set()
        docs |= {"committee"} if any(n.startswith("committee.") for n in self.files) else set()
        docs |= {"tutorials"} if self.tutorials else set()
        docs |= {"plenary-sessions"} if self.plenaries else set()
        docs |= {"socials"} if self.socials else set()
        docs |= {"sponsors"} if self.sponsors else set()
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
            "Build the site with ``sphinx-build -b html -d _build/doctrees . _build/html`` (the doctrees\n"
            "outside the published folder). The conference is in data/*.yml;\n"
            "vconf-import-report.txt lists what the import could not carry over.\n"
            '"""\n\n'
            f"project = {self.conf_name!r}\n"
            f"html_title = {self.html_title!r}\n"
            'extensions = ["sphinxext_vconf"]\n'
            'html_theme = "vconf"\n'
            "html_show_sourcelink = False\n"
            "html_copy_source = False  # no _sources/ copy of every page in the published site\n"
            'exclude_patterns = ["_build"]\n\n'
            "# vconf: the conference data, and the navbar (entries whose page does not exist are left out).\n"
            'vconf_data_dir = "data"\n'
            f"vconf_navbar = [\n{nav_text}]\n"
        )
