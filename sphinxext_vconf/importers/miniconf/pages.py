"""Pages of the old site that become pages: FAQ, code of conduct, committee, tutorials, socials."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import md_link, md_text, safe_markdown
from .common import (
    GENERATED,
    HEADER,
    OLD_PAGES,
    is_url,
    line_of,
    load_yaml_or_json,
    md_paras,
    parse_time,
    plain,
)
from .core import Core


class Pages(Core):
    def _not_imported(self) -> None:
        reasons = {
            "papers_projection.json": "vconf computes the paper map itself (UMAP of the abstracts)",
            "paper_recs.json": "vconf computes similar papers itself from the abstracts",
        }
        for name in self.files:
            if name in self.used:
                continue
            self.report.unmapped_field(name, "(whole file)", reasons.get(name, "not a Mini-Conf file vconf knows"))

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
