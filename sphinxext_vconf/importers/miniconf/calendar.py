"""Sessions from the calendar (``main_calendar.json``, ``.ics``), plenaries and socials."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..htmltext import html_to_markdown
from .common import (
    QA_HOURS,
    SLIDESLIVE,
    Table,
    _link_target,
    is_url,
    line_of,
    load_yaml_or_json,
    parse_time,
    plain,
    slug,
    split_names,
    title_of,
)
from .core import Core


class Calendar(Core):
    def _plenaries(self) -> None:
        found = self.list_file("plenary_sessions")
        if found is None:
            return
        path, data = found
        known = {"UID", "title", "sessions", "presenter", "institution", "abstract", "bio", "presentation_id",
                 "rocketchat_channel", "image", "date", "day", "time", "zoom_link", "qa_time"}
        self.report.read(path.name, "plenaries", len(data))
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict) or not item.get("UID") or not item.get("title"):
                self.report.problem(path.name, line, "plenary without UID or title; skipped", drop="plenaries")
                continue
            self.report.kept(path.name, "plenaries")
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
                        sp[dst] = html_to_markdown(str(item[src]).strip())
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
        table = Table(path, self.report, "recorded parts")
        table.count_unmapped(self.report, {"uid", "title", "speakers", "presentation_id"}, {})
        out = []
        for row, rec in table.rows:
            if not rec.get("title"):
                self.report.problem(path.name, row, "no title; row skipped", drop="recorded parts")
                continue
            self.report.kept(path.name, "recorded parts")
            line = rec["title"] + (f" ({rec['speakers']})" if rec.get("speakers") else "")
            pid = rec.get("presentation_id", "")
            if re.fullmatch(r"\d+", pid):
                line += f": {SLIDESLIVE.format(pid)}"
            out.append(line)
        if table.rows:
            self.report.unmapped_field(path.name, "UID", "the parts of a plenary are listed in its description")
        return out

    def _socials(self) -> None:
        found = self.list_file("socials")
        if found is None:
            return
        path, data = found
        known = {"UID", "name", "title", "description", "organizers", "sessions", "rocketchat_channel", "website",
                 "image"}
        self.report.read(path.name, "socials", len(data))
        for i, item in enumerate(data):
            line = line_of(data, index=i)
            if not isinstance(item, dict) or not item.get("UID") or not (item.get("name") or item.get("title")):
                self.report.problem(path.name, line, "social without UID or name; skipped", drop="socials")
                continue
            self.report.kept(path.name, "socials")
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
            desc = [html_to_markdown(str(item.get("description") or "").strip())]
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
            self.report.read(name, "events", len(data))
            for i, ev in enumerate(data):
                if isinstance(ev, dict):
                    events.append((name, i + 1, ev))
                else:
                    self.report.problem(name, 0, f"event {i + 1} is not a record; skipped", drop="events")
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
                                    f"({ev.get('start')!r}, {ev.get('end')!r}); skipped", drop="events")
                continue
            good.append((start, end, title, file, n, ev))
        for start, end, title, file, n, ev in sorted(good, key=lambda x: x[:5]):
            link = str(ev.get("link") or ev.get("url") or ev.get("location") or "")
            target = _link_target(link)
            kind = self._event_kind(ev, title, target)
            if self._covered(target, kind, start, end, title):
                covered += 1
                self.report.kept(file, "events")  # as the session imported from its own file
                continue
            if ev.get("view") == "week":
                overview += 1
                self.report.dropped(file, "events", "a week-view summary of sessions imported one by one")
                continue
            self.report.kept(file, "events")
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
        vevents = cal.walk("VEVENT")
        self.report.read(name, "events", len(vevents))
        for n, ev in enumerate(vevents, 1):
            start = ev.get("DTSTART")
            end = ev.get("DTEND")
            if start is None or end is None or not isinstance(start.dt, dt.datetime):
                self.report.problem(name, 0, f"event {n} ({ev.get('SUMMARY')}): no start/end time (all-day events "
                                    "are not sessions); skipped", drop="events")
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
                self.report.kept(name, "events")  # as the same event of the JSON calendar
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
