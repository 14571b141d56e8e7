"""``sponsors.yml`` as sponsor records: ACL 2020's levels with their sponsors, and the flat
list of EMNLP 2020 / NAACL 2021 (``name, level, logo, website, description, youtube,
schedule, resources, downloads, rocketchat_channel, zoom_link``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..htmltext import html_to_markdown
from .common import is_url, line_of, load_yaml_or_json, parse_time, slug
from .core import Core

KNOWN = {"UID", "name", "level", "levels", "logo", "website", "description", "youtube", "youtubes", "video",
         "gdrive", "zoom_link", "rocketchat_channel", "channel", "schedule", "gather_schedule", "resources",
         "downloads"}
REASONS = {
    "contacts": "personal contact data is not copied into a public site; add it by hand if wanted",
    "logoontop": "a layout setting of the old site",
    "duplicate": "a sponsor listed again under another level: listed once, under its first level",
    "publications": "the sponsor's papers: a sponsor record has no paper list (the papers keep their pages)",
    "papers": "the sponsor's papers: a sponsor record has no paper list (the papers keep their pages)",
    "landingpage": "a sponsor's custom landing page has no place in vconf",
}


class Sponsors(Core):
    def _sponsors(self) -> None:
        path = self.find("sponsors")
        if path is None:
            return
        data = load_yaml_or_json(path, self.report)
        if not isinstance(data, list):
            if data is not None:
                self.report.problem(path.name, 0, "expected a list of sponsors (or of levels); file skipped")
            return
        file = path.name
        entries: list[tuple[int, Any, str]] = []  # (line, record, level)
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if isinstance(item, dict) and isinstance(item.get("sponsors"), list):  # ACL 2020: a level
                for j, sp in enumerate(item["sponsors"]):
                    entries.append((line_of(item["sponsors"], index=j), sp, str(item.get("level") or "")))
            else:
                entries.append((line, item, ""))
        self.report.read(file, "sponsors", len(entries))
        seen: set[str] = set()
        for line, sp, level in entries:
            if not isinstance(sp, dict) or not sp.get("name"):
                self.report.problem(file, line, "sponsor without name; skipped", drop="sponsors")
                continue
            uid = str(sp.get("UID") or sp["name"])
            if sp.get("duplicate") or uid in seen:
                self.report.dropped(file, "sponsors", "listed again under another level (kept under its first)")
                continue
            seen.add(uid)
            self.sponsors.append(self._sponsor(file, line, sp, level))
            self.report.kept(file, "sponsors")
        self.report.counts["sponsors"] = len(self.sponsors)

    def _sponsor(self, file: str, line: int, sp: dict[str, Any], level: str) -> dict[str, Any]:
        for key, value in sp.items():
            if key not in KNOWN and value not in (None, "", [], {}):
                self.report.unmapped_field(file, str(key), REASONS.get(str(key), "not a field vconf knows here"))
        name = " ".join(str(sp["name"]).split())
        ident = self._new_id(slug(str(sp.get("UID") or name), 40) or "sponsor", {s["id"]: s for s in self.sponsors},
                             f"{file}:{line}", "sponsor id", derived=True)
        rec: dict[str, Any] = {"id": ident, "name": name}
        levels = sp.get("levels") if isinstance(sp.get("levels"), list) else []
        level = level or str(sp.get("level") or "") or (str(levels[0]) if levels else "")
        if level:
            rec["level"] = " ".join(level.split())
        if len(levels) > 1:
            self.report.unmapped_field(file, "levels", "a sponsor at several levels: listed under its first")
        logo = self._asset(str(sp.get("logo") or ""), "sponsors", (file, line), "logo") if sp.get("logo") else ""
        if logo:
            rec["logo"] = logo
        if sp.get("description"):
            rec["description"] = html_to_markdown(str(sp["description"]).strip())
        self._website(rec, sp.get("website"), file, line)
        videos = [str(v) for v in [sp.get("youtube"), sp.get("video"), *(sp.get("youtubes") or [])] if v]
        if videos and is_url(videos[0]):
            rec["video"] = videos[0]
        links: list[dict[str, str]] = []
        links += [{"title": f"Video {i}", "url": v} for i, v in enumerate(videos[1:], 2) if is_url(v)]
        if sp.get("gdrive") and is_url(str(sp["gdrive"])):
            links.append({"title": "Video (Google Drive)", "url": str(sp["gdrive"])})
        chat = self._chat_link(sp.get("rocketchat_channel") or sp.get("channel"), file, "rocketchat_channel")
        zoom = str(sp.get("zoom_link") or "").strip()
        if chat:
            rec["chat"] = chat
        if zoom and is_url(zoom):
            if chat:
                links.append({"title": "Video booth", "url": zoom})
            else:
                rec["chat"] = zoom
        for key in ("resources", "downloads"):
            for r in sp.get(key) or []:
                url = str(r.get("website") or r.get("url") or r.get("file") or "") if isinstance(r, dict) else ""
                if is_url(url):
                    links.append({"title": " ".join(str(r.get("label") or url).split()), "url": url})
                else:
                    self.report.unmapped_field(file, f"{key} (files)", "a file of the old site, not a URL: copy it "
                                               "under static/ and add a link by hand")
        if links:
            rec["links"] = links
        schedule = [it for key in ("schedule", "gather_schedule") for it in (sp.get(key) or [])]
        items = [it for it in (self._sponsor_item(file, line, name, it) for it in schedule) if it]
        if items:
            rec["schedule"] = items
        return rec

    def _sponsor_item(self, file: str, line: int, name: str, item: Any) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.report.problem(file, line, f"{name}: a schedule item is not a mapping; item skipped")
            return None
        start = parse_time(item.get("start"))
        end = parse_time(item.get("end")) if item.get("end") else None
        if start is not None and end is None and isinstance(item.get("duration"), (int, float)):
            end = start + dt.timedelta(hours=float(item["duration"]))
        if start is None or end is None or end <= start:
            self.report.problem(file, line, f"{name}: schedule item {item.get('label')!r} has no start and end "
                                "(or duration); item skipped")
            return None
        out: dict[str, Any] = {"title": " ".join(str(item.get("label") or "Sponsor event").split()),
                               "_start": start, "_end": end}
        desc = [str(item[k]) for k in ("speaker", "description") if item.get(k)]
        if item.get("link") and is_url(str(item["link"])):
            desc.append(f"<{item['link']}>")
        if desc:
            out["description"] = html_to_markdown(" — ".join(desc))
        return out
