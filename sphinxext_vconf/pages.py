"""Generated MyST sources: a page for every paper, session, workshop, speaker and day.

Written on ``builder-inited`` (as sphinx-gallery does), before Sphinx looks for sources,
so they are read, searched and cross-linked like any page. A page is rewritten only when
what it shows changes: each carries a fingerprint of its data, so an unchanged page keeps
its modification time and Sphinx does not read it again.

A page the organizer wrote is never touched: vconf only writes and deletes files that
carry its marker line. To replace a generated page, delete the marker line and edit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.util import logging
from sphinx.util.display import status_iterator

from . import __version__
from . import schedule as sched
from .config import word
from .data import ConferenceData, atomic_write, fingerprint
from .views import lead

logger = logging.getLogger(__name__)

MARKER = "% vconf:generated"
GENERATED_DIRS = ("papers", "sessions", "workshops", "speakers", "days")
LISTINGS = {
    # docname: (title, directive, depends on)
    "papers": ("Papers", "paper-gallery", "papers"),
    "map": ("Paper map", "paper-map", "papers"),
    "schedule": ("Schedule", "schedule", "sessions"),
    "workshops": ("Workshops", "workshop-list", "workshops"),
    "speakers": ("Speakers", "speaker-list", "speakers"),
    "chat": ("Chat", "chat-portal", "chat"),
    "agenda": ("My agenda", "my-agenda", "agenda"),
    "sponsors": ("Sponsors", "sponsor-list", "sponsors"),
}
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text shown literally by MyST: every ASCII punctuation mark backslash-escaped."""
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))


def page(title: str, body: str, fp: str, *, orphan: bool = True, meta: dict[str, str] | None = None) -> str:
    front = ["---"]
    if orphan:
        front.append("orphan: true")
    for key, value in (meta or {}).items():
        front.append(f"{key}: {value}")
    front.append("---")
    header = "\n".join(front) + "\n" if len(front) > 2 else ""
    return (
        f"{header}{MARKER} {fp}: written by vconf from the conference data; edit the YAML, not this page.\n"
        "% To replace this page with your own, delete the line above: vconf then leaves the file alone.\n\n"
        f"# {escape_markdown(title)}\n\n{body}"
    )


def directive(name: str, argument: str = "", **options: str) -> str:
    opts = "".join(f":{k}: {v}\n" for k, v in options.items())
    return f"```{{{name}}} {argument}".rstrip() + f"\n{opts}```\n"


def _shown(record: Any) -> Any:
    """What a page shows of a record: its fields, but not where in the YAML it stands
    (adding a line above a paper must not rewrite every paper below it)."""
    if not dataclasses.is_dataclass(record):
        return record
    if hasattr(record, "source"):
        record = dataclasses.replace(record, source=None)
    return repr(record)


def _line(session: Any) -> Any:
    """A session as a one-line entry shows it (not its hundred papers)."""
    return (session.id, session.title, session.kind, session.start.isoformat(), session.end.isoformat(), session.room)


def _pages(data: ConferenceData, app_config: Any) -> Iterator[tuple[str, str]]:
    """(docname, MyST source) for every page vconf generates."""
    conf = data.conf
    common = {
        "v": __version__, "tz": conf.timezone, "archive": data.archive, "chat": conf.chat,
        "url": conf.url,
        "kinds": [(k.id, k.label, k.colour) for k in conf.kinds.values()],  # labels on every session line
    }

    def card(pid: str) -> Any:
        p = conf.papers[pid]
        t = data.thumbnail(pid)
        text_forward = t is None or t.kind == "placeholder"  # such a card shows the abstract's first line
        return [p.title, [a.name for a in p.authors], p.keywords, p.track, t and dataclasses.astuple(t),
                lead(p.abstract) if text_forward else ""]

    for p in conf.papers.values():
        fp = fingerprint([common, _shown(p), [_line(s) for s in conf.sessions_of_paper(p.id)],
                          card(p.id), [card(s) for s in data.similar.get(p.id, [])],
                          p.reviews and [(f.name, f.label, f.min, f.max) for f in conf.review_fields]])  # the scores' labels and scales
        yield p.docname, page(p.title, directive("paper", p.id), fp)
    for s in conf.sessions.values():
        extra = [card(pid) for pid in s.papers]
        people = [*(_shown(conf.speakers.get(i)) for i in s.speakers), _shown(conf.workshops.get(s.workshop))]
        fp = fingerprint([common, _shown(s), extra, people])
        yield s.docname, page(s.title, directive("session", s.id), fp)
    for w in conf.workshops.values():
        fp = fingerprint([common, _shown(w), [_line(conf.sessions[s]) for s in w.sessions],
                          [card(pid) for pid in w.papers]])
        yield w.docname, page(w.title, directive("workshop", w.id), fp)
    for sp in conf.speakers.values():
        fp = fingerprint([common, _shown(sp), [_line(conf.sessions[i]) for i in sp.sessions]])
        yield sp.docname, page(sp.name, directive("speaker", sp.id), fp)
    days = sched.days(conf)
    for date, sessions in days:
        fp = fingerprint([common, date.isoformat(), [_line(s) for s in sessions],
                          [d.isoformat() for d, _ in days]])  # links to the days before and after
        title = sched.format_day(date)
        yield f"days/{date.isoformat()}", page(title, directive("schedule", day=date.isoformat()), fp)

    depends = {
        "papers": lambda: [card(p.id) for p in conf.listed_papers()],  # no rejected ones unless published
        "sessions": lambda: [_shown(s) for s in conf.sessions.values()],
        "workshops": lambda: [_shown(w) for w in conf.workshops.values()]
        + [_shown(s) for s in conf.sessions.values() if s.workshop],
        "speakers": lambda: [_shown(sp) for sp in conf.speakers.values()]
        + [_shown(s) for s in conf.sessions.values() if s.speaker],
        "chat": lambda: [[p.id, p.title] for p in conf.papers.values()]
        + [[s.id, s.title] for s in conf.sessions.values()] + [[w.id, w.title] for w in conf.workshops.values()],
        # the agenda page lists the days and tracks (their calendars) and the site's address
        "agenda": lambda: [[d.isoformat() for d, _ in days], sorted({p.track for p in conf.papers.values()}),
                           bool(conf.papers)],
        "sponsors": lambda: [_shown(sp) for sp in conf.sponsors.values()],
    }
    for docname, (title, name, dep) in LISTINGS.items():
        title = {"papers": word(app_config, "papers"), "map": word(app_config, "paper_map")}.get(docname, title)
        if docname == "chat" and (not conf.chat or data.archive):
            continue  # after the conference, the chat is closed: no portal
        if docname in ("workshops", "speakers", "sponsors") and not getattr(conf, docname):
            continue
        fp = fingerprint([common, depends[dep]()])
        meta = {"html_theme.sidebar_secondary.remove": "true"}
        yield docname, page(title, directive(name), fp, meta=meta)
    notfound = (
        "The page you asked for is not here. Papers, sessions and speakers keep their addresses "
        "for good; try the search, or start again from one of these:\n\n"
        "- [Home](index.md)\n- [Schedule](schedule.md)\n- [Papers](papers.md)\n"
    )
    yield "404", page("Page not found", notfound, fingerprint([common, "404"]),
                      meta={"html_theme.sidebar_secondary.remove": "true"})
    home = [conf.name, conf.tagline, [d.isoformat() for d, _ in days]]
    body = (escape_markdown(conf.tagline) + "\n\n" if conf.tagline else "") + directive("conference-now")
    yield "index", page(conf.name, body, fingerprint([common, home]), orphan=False)


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            head = [next(f, "") for _ in range(8)]
    except OSError:
        return False
    return any(line.startswith(MARKER) for line in head)


def _existing_source(srcdir: Path, docname: str) -> Path | None:
    for suffix in (".md", ".rst", ".ipynb", ".txt"):
        path = srcdir / f"{docname}{suffix}"
        if path.exists():
            return path
    return None


def generate(data: ConferenceData, app_config: Any, verbosity: int = 0) -> tuple[int, int, int]:
    """Write the generated pages; return (written, unchanged, removed)."""
    srcdir = data.srcdir
    pages = dict(_pages(data, app_config))
    written = unchanged = removed = 0
    data.generated = set()
    for docname in status_iterator(sorted(pages), "vconf: writing pages... ", "purple", len(pages), verbosity):
        existing = _existing_source(srcdir, docname)
        if existing is not None and not is_generated(existing):
            continue  # the organizer's own page wins
        data.generated.add(docname)
        if atomic_write(srcdir / f"{docname}.md", pages[docname]):
            written += 1
        else:
            unchanged += 1
    # Generated pages whose record is gone (a paper withdrawn) go too; nothing else does.
    for folder in GENERATED_DIRS:
        for path in sorted((srcdir / folder).glob("*.md")) if (srcdir / folder).is_dir() else []:
            docname = f"{folder}/{path.stem}"
            if docname not in pages and is_generated(path):
                path.unlink()
                removed += 1
    for docname in (*LISTINGS, "404"):
        path = srcdir / f"{docname}.md"
        if docname not in pages and path.exists() and is_generated(path):
            path.unlink()
            removed += 1
    logger.info(f"vconf: pages: {written} written, {unchanged} unchanged, {removed} removed")
    return written, unchanged, removed


def clean(srcdir: Path) -> int:
    """Delete every page vconf generated under ``srcdir``; pages the organizer wrote stay."""
    removed = 0
    candidates = [srcdir / f"{d}.md" for d in (*LISTINGS, "index", "404")]
    for folder in GENERATED_DIRS:
        if (srcdir / folder).is_dir():
            candidates += sorted((srcdir / folder).glob("*.md"))
    for path in candidates:
        if path.is_file() and is_generated(path):
            path.unlink()
            removed += 1
    for folder in GENERATED_DIRS:
        if (srcdir / folder).is_dir() and not any((srcdir / folder).iterdir()):
            (srcdir / folder).rmdir()
    return removed


def add_cli(parser: Any) -> None:
    """``vconf clean SRC``: remove the generated pages."""
    parser.add_argument("source", nargs="?", default="conference", help="the Sphinx source folder")
    parser.set_defaults(run=lambda args: print(f"vconf clean: {clean(Path(args.source))} generated pages removed"))
