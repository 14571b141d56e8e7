"""What the built site publishes besides its pages, and the checks on what it loads.

On ``build-finished``: ``data/*.json`` for the site's own scripts and for reuse, the ICS
calendars and frab schedules, the papers' local PDFs, ``.nojekyll``; then a scan of every
page for anything loaded from an outside host (the site must work where those hosts are
blocked, mainland China included).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from sphinx.util import logging

from . import schedule as sched
from .data import ConferenceData, atomic_write, local_files
from .views import placeholder_look

logger = logging.getLogger(__name__)


def dumps(obj: object) -> str:
    """Compact, stable JSON: the same data always gives the same bytes."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def papers_json(data: ConferenceData) -> list[dict]:
    out = []
    for p in data.conf.listed_papers():  # rejected papers only where the organizer publishes them
        thumb = data.thumbnail(p.id)
        item = {
            "id": p.id,
            "title": p.title,
            "authors": [a.name for a in p.authors],
            "keywords": p.keywords,
            "track": p.track,
            "presentation": p.presentation,
            "type": p.type,
            "decision": p.decision,
            "sessions": p.sessions,
            "url": f"{p.docname}.html",
            "thumbnail": thumb.path if thumb else "",
            "thumbnail_kind": thumb.kind if thumb else "",
            "similar": data.similar.get(p.id, []),
        }
        if thumb and thumb.kind == "placeholder":
            item["placeholder"] = list(placeholder_look(p))  # [colour, initials]: cards draw it with CSS
            item["lead"] = p.lead  # no figure: a text-forward card shows the abstract's first line
        if p.id in data.xy:
            item["x"], item["y"] = data.xy[p.id]
        out.append(item)
    return out


GALLERY_FIELDS = ("id", "title", "authors", "keywords", "track", "presentation", "sessions", "url",
                  "thumbnail", "thumbnail_kind", "placeholder", "type", "decision", "lead")


def gallery_json(papers: list[dict]) -> dict:
    """What the gallery needs of each paper (from :func:`papers_json`), as rows under one
    list of field names: at 5,000 papers half the bytes of ``papers.json`` (no key repeated
    per paper, no map or similar-paper fields), so half the download and parse before the
    gallery is interactive. A placeholder needs no image path: cards draw it with CSS."""
    rows = [[("" if f == "thumbnail" and "placeholder" in p else p.get(f)) for f in GALLERY_FIELDS] for p in papers]
    return {"fields": list(GALLERY_FIELDS), "rows": rows}


def gallery_first_json(gallery: dict, rows: int) -> dict:
    """The gallery's first piece: its first ``rows`` papers in programme order, the number
    of all of them and every value its filters offer. At 20,000 papers ``gallery.json`` is
    9 MB: the gallery is interactive on this piece, and takes in the whole file when it has
    come (the first rows are the same)."""
    fields = gallery["fields"]
    col = {f: fields.index(f) for f in ("track", "presentation", "type", "decision", "sessions")}
    values = {f: sorted({r[i] for r in gallery["rows"] if r[i]}) for f, i in col.items() if f != "sessions"}
    values["sessions"] = sorted({str(s) for r in gallery["rows"] for s in r[col["sessions"]] or []})
    return {"fields": fields, "rows": gallery["rows"][:max(1, rows)], "total": len(gallery["rows"]),
            "values": values}


def map_json(papers: list[dict], topics: dict) -> dict:
    """What the map needs of the papers on it (from :func:`papers_json`) and their topics,
    by column: positions as integers (1/10,000 of the square), categories and keywords as
    indices into one list of their values, URLs and thumbnails as one pattern where every
    paper follows it. About 2.5 MB at 20,000 papers; authors are left to ``gallery.json``,
    which the map loads only when the reader searches or hovers."""
    placed = [p for p in papers if "x" in p]
    ids = [p["id"] for p in placed]
    out: dict = {"id": ids, "title": [p["title"] for p in placed],
                 "x": [round(p["x"] * 10000) for p in placed], "y": [round(p["y"] * 10000) for p in placed]}
    for name in ("track", "presentation", "type", "decision"):
        values = sorted({p.get(name) for p in placed if p.get(name)})
        pos = {v: i for i, v in enumerate(values)}
        out[name] = {"values": values, "of": [pos.get(p.get(name), -1) for p in placed]}
    sessions = list(dict.fromkeys(s for p in placed for s in p["sessions"]))
    spos = {s: i for i, s in enumerate(sessions)}
    out["sessions"] = {"values": sessions, "of": [[spos[s] for s in p["sessions"]] for p in placed]}
    keywords: dict[str, int] = {}
    out["keywords"] = {"values": [], "of": []}
    for p in placed:
        row = []
        for k in p["keywords"]:
            if k not in keywords:
                keywords[k] = len(keywords)
                out["keywords"]["values"].append(k)
            row.append(keywords[k])
        out["keywords"]["of"].append(row)
    out["url"] = _pattern(ids, [p["url"] for p in placed])
    out["thumbnail"] = _pattern(ids, [p["thumbnail"] if p["thumbnail_kind"] not in ("", "placeholder") else ""
                                      for p in placed])
    levels = topics.get("levels", []) if topics else []
    assign = topics.get("assign", {}) if topics else {}
    out["topics"] = {"levels": levels,
                     "of": [[assign[i][lv] if i in assign else -1 for i in ids] for lv in range(len(levels))]}
    return out


def _pattern(ids: list[str], values: list[str]) -> dict:
    """``{"prefix", "suffix", "has": [0|1]}`` where every value is prefix + id + suffix (or
    empty), else ``{"values": [...]}``."""
    sample = next(((i, v) for i, v in zip(ids, values, strict=True) if v), None)
    if sample is not None and sample[0] in sample[1]:
        prefix, _, suffix = sample[1].rpartition(sample[0])
        if all(not v or v == f"{prefix}{i}{suffix}" for i, v in zip(ids, values, strict=True)):
            return {"prefix": prefix, "suffix": suffix, "has": [1 if v else 0 for v in values]}
    return {"values": values}


def sessions_json(data: ConferenceData) -> list[dict]:
    zone = data.conf.timezone
    return [
        {
            "id": s.id,
            "title": s.title,
            "kind": s.kind,
            "start": sched.iso(s.start, zone),
            "end": sched.iso(s.end, zone),
            "url": f"{s.docname}.html",
            "papers": s.papers,
            "workshop": s.workshop,
            "room": s.room,
            "speaker": s.speaker,
            "track": sched.session_track(data.conf, s),
            # a talk's own slot in the session (agenda picks, calendars); only where given
            **({"paper_times": {pid: [sched.iso(a, zone), sched.iso(b, zone)] for pid, a, b in s.paper_slots()}}
               if s.paper_starts else {}),
        }
        for s in data.conf.sessions_sorted()
    ]


def conference_json(data: ConferenceData) -> dict:
    c = data.conf
    return {
        "name": c.name, "tagline": c.tagline, "timezone": c.timezone,
        "start_date": c.start_date.isoformat(), "end_date": c.end_date.isoformat(), "url": c.url,
        "papers": len(c.papers), "sessions": len(c.sessions), "workshops": len(c.workshops),
        "speakers": len(c.speakers), "archive": data.archive,
    }


@contextlib.contextmanager
def calendars_beside(data: ConferenceData, outdir: Path, parallel: int = 1) -> Iterator[list[str]]:
    """Write the calendars while the block runs: in a forked worker when ``-j`` allows (they
    need nothing the rest of ``build-finished`` makes, and take seconds at 5,000 papers),
    else after the block. The list yielded holds their paths (relative) once the block ends."""
    from sphinx.util.parallel import ParallelTasks, parallel_available

    from .calendar_files import write_calendars

    written: list[str] = []

    def work() -> list[str]:
        return write_calendars(data.conf, outdir, data.conf.url, cache=data.cache_dir / "calendars.json", data=data)

    if parallel < 2 or not parallel_available:
        yield written
        written += work()
        return
    tasks = ParallelTasks(1)
    tasks.add_task(work, None, lambda _arg, result: written.extend(result))
    try:
        yield written
    except BaseException:
        tasks.terminate()
        raise
    tasks.join()  # a failure in the worker raises SphinxParallelError here, with its traceback


def publish(data: ConferenceData, outdir: Path, *, gallery_first_rows: int = 500,
            calendars: bool = True) -> list[Path]:
    """Write every data file of the site (unchanged files keep their bytes and mtime);
    return the paths of all of them. ``calendars=False``: all but the calendars (see
    :func:`calendars_beside`)."""
    conf = data.conf
    base = conf.url
    papers = papers_json(data)
    gallery = gallery_json(papers)
    files = {
        "data/papers.json": dumps(papers),
        "data/gallery.json": dumps(gallery),
        "data/gallery-first.json": dumps(gallery_first_json(gallery, gallery_first_rows)),
        "data/map.json": dumps(map_json(papers, data.topics)),
        "data/sessions.json": dumps(sessions_json(data)),
        "data/conference.json": dumps(conference_json(data)),
    }
    if conf.chat:
        from . import chat

        files["data/channels.json"] = dumps(chat.channels_json(conf))
    from . import frab

    xml, js = frab.schedule_files(conf, base)
    files["schedule.xml"], files["schedule.json"] = xml, dumps(js)
    files[".nojekyll"] = ""
    for rel, content in files.items():
        atomic_write(outdir / rel, content)
    written: list[str] = []
    if calendars:
        with calendars_beside(data, outdir) as written:
            pass
    from . import agenda

    written += agenda.publish(data, outdir)  # data/agenda.json, data/embeddings.*
    return [outdir / rel for rel in [*files, *written, *_copy_local_files(data, outdir)]]


def _copy_local_files(data: ConferenceData, outdir: Path) -> list[str]:
    """PDFs, slides, photos and logos go to the same path in the site as in the sources."""
    copied = []
    for rel, _field, _source in local_files(data.conf):
        src = data.srcdir / rel
        dest = outdir / rel
        if not dest.exists() or dest.read_bytes() != src.read_bytes():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        copied.append(rel)
    return copied


# ------------------------------------------------------------------------------------
# Outside hosts
# ------------------------------------------------------------------------------------

# Elements whose attribute makes the browser fetch something when the page loads.
_LOADS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("source", "src"),
    ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"),
    ("object", "data"), ("input", "src"), ("track", "src"),
}
_LINK_LOADS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon",
               "shortcut icon", "preconnect", "dns-prefetch"}
_CSS_URL = re.compile(r"""url\(\s*['"]?(https?:)?//([^/'")\s]+)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+['"](https?:)?//([^/'"\s]+)""", re.IGNORECASE)


class _LoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (what, url)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if (tag, name) in _LOADS:
                for url in value.split(","):
                    self._check(f"<{tag} {name}>", url.strip().split(" ")[0])
        if tag == "link" and set(a.get("rel", "").lower().split()) & _LINK_LOADS:
            self._check(f"<link rel={a.get('rel')}>", a.get("href", ""))
        if "style" in a:
            self._css(f"<{tag} style>", a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css("<style>", data)

    def _css(self, what: str, text: str) -> None:
        for rx in (_CSS_URL, _CSS_IMPORT):
            for m in rx.finditer(text):
                self.found.append((what, "//" + m.group(2)))

    def _check(self, what: str, url: str) -> None:
        if url.startswith(("http://", "https://", "//")):
            self.found.append((what, url))


# A page with none of these loads nothing from anywhere absolute: skip parsing it.
_MAYBE_OUTSIDE = re.compile(r"""=\s*["']?(?:https?:)?//|url\(|@import""", re.IGNORECASE)
# Nor does a page without an element that loads, a style or a stylesheet link: a chat portal
# of 5,000 links to the chat server (absolute, but followed only when clicked) is not parsed.
_MAYBE_LOADS = re.compile(
    "<(?:" + "|".join(sorted({tag for tag, _ in _LOADS} | {"link", "style"})) + r")\b|\sstyle\s*=|url\(|@import",
    re.IGNORECASE)


def outside_loads(html: str) -> list[tuple[str, str]]:
    """What a page would load from an absolute URL: [(element, url)]."""
    if not _MAYBE_OUTSIDE.search(html) or not _MAYBE_LOADS.search(html):
        return []
    finder = _LoadFinder()
    finder.feed(html)
    return finder.found


def check_outside_hosts(outdir: Path, allowed: Iterable[str] = ()) -> list[str]:
    """Report every page or stylesheet that would load from a host not in ``allowed``."""
    allowed = {h.lower() for h in allowed}
    problems = []
    for path in sorted(outdir.rglob("*.html")):
        rel = path.relative_to(outdir).as_posix()
        for what, url in outside_loads(path.read_text(encoding="utf-8", errors="replace")):
            host = (urlparse(url if "//" in url[:8] else "//" + url).hostname or "").lower()
            if host not in allowed:
                problems.append(f"{rel}: {what} loads from outside host {host!r} ({url})")
    for path in sorted(outdir.rglob("*.css")):
        rel = path.relative_to(outdir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for rx in (_CSS_URL, _CSS_IMPORT):
            for m in rx.finditer(text):
                if m.group(2).lower() not in allowed:
                    problems.append(f"{rel}: stylesheet loads from outside host {m.group(2)!r}")
    return problems
