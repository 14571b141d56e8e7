"""Pages of the old site that become pages: FAQ, code of conduct, committee, tutorials, socials."""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from .. import md_link, md_text, safe_markdown
from .common import (
    GENERATED,
    HEADER,
    OLD_PAGES,
    is_url,
    line_of,
    load_yaml_or_json,
    md_paras,
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
            self.report.unread[name] = reasons.get(name, "not a Mini-Conf file vconf knows")

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
                    self.report.read(faq_path.name, "sections")
                    if not isinstance(sec, dict):
                        self.report.dropped(faq_path.name, "sections", "not a mapping")
                        continue
                    self.report.kept(faq_path.name, "sections")
                    self._unknown_keys(faq_path.name, sec, {"Section", "QA"}, {})
                    if sec.get("Section"):
                        body.append(f"## {md_text(sec['Section'])}")
                    for qa in sec.get("QA") or []:
                        self.report.read(faq_path.name, "questions")
                        if not isinstance(qa, dict) or not qa.get("Question"):
                            self.report.dropped(faq_path.name, "questions", "no question")
                            continue
                        self.report.kept(faq_path.name, "questions")
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
            self.report.read(coc_path.name, "pages")
            if not isinstance(text, str):
                self.report.dropped(coc_path.name, "pages", "not text (CodeOfConduct: ...)")
            if isinstance(text, str):
                self.report.kept(coc_path.name, "pages")
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
                self.report.read(com_path.name, "members", len(members))
                for i, m in enumerate(members):
                    if not isinstance(m, dict) or not m.get("name"):
                        self.report.problem(com_path.name, line_of(members, index=i), "member without name; skipped",
                                            drop="members")
                        continue
                    self.report.kept(com_path.name, "members")
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

        for what, n in sorted(drops.items()):
            file, _, thing = what.partition(": ")
            why = ("a vconf site loads nothing from outside" if thing.startswith("image")
                   else "no page of the new site to link to")
            self.report.unmapped_field(file, f"(Markdown) {thing}", why, n)

        order = [d for d in ("help", "committee", "code-of-conduct", "plenary-sessions", "tutorials", "socials")
                 if d in self.pages]
        index = [md_text(self.conf_tagline)] if self.conf_tagline else []
        index.append("```{conference-now}\n```")
        index.append("```{toctree}\n:hidden:\n\n" + "\n".join(order) + "\n```")
        page("index", name, "\n\n".join(index))
