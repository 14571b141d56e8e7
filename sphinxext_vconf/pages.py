"""Generated MyST sources: a page for every paper, session, workshop, speaker and day.

Written on ``builder-inited`` (as sphinx-gallery does), before Sphinx looks for sources,
so they are read, searched and cross-linked like any page. A record's page is a stub (its
directive, with ``:page:``: the title comes from the data too), written once when the
record appears and removed when it goes; which pages must be read again after an edit is
decided from what each page showed (:mod:`deps`), not from these files.

A page the organizer wrote is never touched: vconf only writes and deletes files that
carry its marker line. To replace a generated page, delete the marker line and edit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.util import logging
from sphinx.util.display import status_iterator

from . import schedule as sched
from .config import word
from .data import ConferenceData, atomic_write

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


def page(title: str | None, body: str, fp: str = "", *, orphan: bool = True, meta: dict[str, str] | None = None) -> str:
    """A generated source: ``title`` is None for a record's stub (its directive heads it)."""
    front = ["---"]
    if orphan:
        front.append("orphan: true")
    for key, value in (meta or {}).items():
        front.append(f"{key}: {value}")
    front.append("---")
    header = "\n".join(front) + "\n" if len(front) > 2 else ""
    return (
        f"{header}{MARKER}{' ' + fp if fp else ''}: written by vconf from the conference data; edit the YAML, "
        "not this page.\n% To replace this page with your own, delete the line above: vconf then leaves the file "
        "alone.\n\n" + (f"# {escape_markdown(title)}\n\n" if title is not None else "") + body
    )


def directive(name: str, argument: str = "", **options: str) -> str:
    opts = "".join(f":{k}: {v}\n" for k, v in options.items())
    return f"```{{{name}}} {argument}".rstrip() + f"\n{opts}```\n"


def _pages(data: ConferenceData, app_config: Any) -> Iterator[tuple[str, str]]:
    """(docname, MyST source) for every page vconf generates."""
    conf = data.conf
    # Records and listings are found by vconf's own search index (search.py); Sphinx's
    # full-text index (searchindex.js, search.html) keeps the organizer's own pages. At
    # 5,000 papers it spent a third of the main process's time and memory while writing.
    unindexed = {"nosearch": "true"}
    for p in conf.papers.values():
        yield p.docname, page(None, directive("paper", p.id, page=""), meta=unindexed)
    for s in conf.sessions.values():
        yield s.docname, page(None, directive("session", s.id, page=""), meta=unindexed)
    for w in conf.workshops.values():
        yield w.docname, page(None, directive("workshop", w.id, page=""), meta=unindexed)
    for sp in conf.speakers.values():
        yield sp.docname, page(None, directive("speaker", sp.id, page=""), meta=unindexed)
    days = sched.days(conf)
    for date, _sessions in days:
        title = sched.format_day(date)
        yield f"days/{date.isoformat()}", page(title, directive("schedule", day=date.isoformat()), meta=unindexed)
    for docname, (title, name, _dep) in LISTINGS.items():
        title = {"papers": word(app_config, "papers"), "map": word(app_config, "paper_map")}.get(docname, title)
        if docname == "chat" and (not conf.chat or data.archive):
            continue  # after the conference, the chat is closed: no portal
        if docname in ("workshops", "speakers", "sponsors") and not getattr(conf, docname):
            continue
        meta = {"html_theme.sidebar_secondary.remove": "true", **unindexed}
        yield docname, page(title, directive(name), meta=meta)
    notfound = (
        "The page you asked for is not here. Papers, sessions and speakers keep their addresses "
        "for good; try the search, or start again from one of these:\n\n"
        "- [Home](index.md)\n- [Schedule](schedule.md)\n- [Papers](papers.md)\n"
    )
    yield "404", page("Page not found", notfound, meta={"html_theme.sidebar_secondary.remove": "true"})
    body = (escape_markdown(conf.tagline) + "\n\n" if conf.tagline else "") + directive("conference-now")
    yield "index", page(conf.name, body, orphan=False)


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            head = [next(f, "") for _ in range(8)]
    except OSError:
        return False
    return any(line.startswith(MARKER) for line in head)


SOURCE_SUFFIXES = (".md", ".rst", ".ipynb", ".txt")


def _sources(srcdir: Path) -> dict[str, list[Path]]:
    """The source files of the folders vconf writes to, by docname (one listing per folder,
    not a look-up per page: 5,000 pages)."""
    found: dict[str, list[Path]] = {}
    for folder in ("", *GENERATED_DIRS):
        try:
            entries = list(os.scandir(srcdir / folder))
        except OSError:
            continue
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if dot and f".{suffix}" in SOURCE_SUFFIXES and entry.is_file():
                docname = f"{folder}/{stem}" if folder else stem
                found.setdefault(docname, []).append(Path(entry.path))
    return found


def _head_is_generated(raw: bytes) -> bool:
    return any(line.startswith(MARKER.encode()) for line in raw.split(b"\n", 8)[:8])


def generate(data: ConferenceData, app_config: Any, verbosity: int = 0) -> tuple[int, int, int]:
    """Write the generated pages; return (written, unchanged, removed)."""
    srcdir = data.srcdir
    pages = dict(_pages(data, app_config))
    sources = _sources(srcdir)
    unchanged = removed = 0
    data.generated = set()
    todo = []
    for docname in sorted(pages):
        paths = sorted(sources.get(docname, []), key=lambda p: SOURCE_SUFFIXES.index(p.suffix))
        raw = None
        if paths:
            try:
                raw = paths[0].read_bytes()
            except OSError:
                raw = None
            if raw is not None and not _head_is_generated(raw):
                continue  # the organizer's own page wins
        data.generated.add(docname)
        if raw == pages[docname].encode() and paths[0].suffix == ".md":
            unchanged += 1
        else:
            todo.append(docname)
    # Only the pages to write are shown: an edit writes none of 5,000.
    for docname in status_iterator(todo, "vconf: writing pages... ", "purple", len(todo), verbosity):
        atomic_write(srcdir / f"{docname}.md", pages[docname])
    # Generated pages whose record is gone (a paper withdrawn) go too; nothing else does.
    for docname, paths in sorted(sources.items()):
        top = docname.partition("/")[0] if "/" in docname else ""
        if docname in pages or not (top in GENERATED_DIRS or docname in (*LISTINGS, "404")):
            continue
        for path in paths:
            if path.suffix == ".md" and is_generated(path):
                path.unlink()
                removed += 1
    logger.info(f"vconf: pages: {len(todo)} written, {unchanged} unchanged, {removed} removed")
    return len(todo), unchanged, removed


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
