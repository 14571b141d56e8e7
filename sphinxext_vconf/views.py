"""What the components show of the model: plain contexts (strings, lists, dicts) for the
theme's templates (see :mod:`components`). No HTML here: the templates escape.

A newcomer adding a field to the card touches the record, :func:`card`, the
``paper-card`` component and a test.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from . import schedule
from .data import relpath
from .thumbnails import initials, track_colour

if TYPE_CHECKING:
    from .data import ConferenceData
    from .model import Paper, Session

KIND_LABELS = schedule.KIND_LABELS
PRESENTATION_LABELS = {"oral": "Oral", "spotlight": "Spotlight", "poster": "Poster"}
THUMB_SIZE = (400, 280)  # the card's figure box; thumbnails are rendered at this ratio


def url(target: str, from_docname: str) -> str:
    """An http(s) URL as is; a project-relative path made relative to the page.

    The model admits nothing else (no ``javascript:``), so this only resolves paths.
    """
    if target.startswith(("http://", "https://", "webcal://")):
        return target
    return relpath(target.lstrip("/"), from_docname)


def page(docname: str, from_docname: str) -> str:
    return relpath(f"{docname}.html", from_docname)


def time(start: dt.datetime, end: dt.datetime | None, zone: str) -> dict[str, str]:
    return {"datetime": schedule.iso(start, zone), "end": schedule.iso(end, zone) if end else "",
            "text": schedule.format_range(start, end, zone) if end else ""}


def placeholder_look(paper: Paper) -> tuple[str, str]:
    """The colour and initials of a paper's placeholder (as in its SVG placeholder)."""
    return track_colour(paper.track or paper.title), initials(paper.title)


_SENTENCE = re.compile(r"(?<=[.!?])\s")


# What may stand in a first sentence that Markdown renders as written (no newline, no
# character that starts markup, a letter first): most abstracts, read without a parse.
_PLAIN = re.compile(r"[^\W\d_][^\n\\`*_\[\]$<>&~|]*")


@functools.lru_cache(maxsize=16384)  # every listing asks for it, and every rebuild checks it
def lead(text: str, limit: int = 180) -> str:
    """The first sentence of an abstract (at most ``limit`` characters, its words without
    Markdown): a text-forward card's line."""
    first = _SENTENCE.split(str(text or "").lstrip(), maxsplit=1)[0]
    if _PLAIN.fullmatch(first):
        first = " ".join(first.split())
    else:
        from .richtext import to_plain

        first = _SENTENCE.split(" ".join(to_plain(text).split()), maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + "\u2026"
    return first


def thumb(data: ConferenceData, paper: Paper, from_docname: str) -> dict[str, Any] | None:
    """The paper's figure, or ``None`` where it has only a placeholder (its card is text-forward)."""
    t = data.thumbnail(paper.id)
    if t is None or t.kind == "placeholder":
        return None
    return {"src": url(t.path, from_docname), "alt": t.alt, "width": THUMB_SIZE[0], "height": THUMB_SIZE[1]}


def card(data: ConferenceData, paper: Paper, from_docname: str, *, compact: bool = False) -> dict[str, Any]:
    figure = thumb(data, paper, from_docname)
    return {"id": paper.id, "href": page(paper.docname, from_docname), "title": paper.title,
            "authors": [a.name for a in paper.authors], "keywords": list(paper.keywords), "track": paper.track,
            "lead": "" if figure else paper.lead, "thumb": figure, "compact": compact}


def cards(data: ConferenceData, ids: list[str], from_docname: str, *, compact: bool = False) -> list[dict[str, Any]]:
    return [card(data, data.conf.papers[i], from_docname, compact=compact) for i in ids]


PROTOTYPE_CARD = {"id": "", "href": "", "title": "", "authors": [], "keywords": [], "track": "", "lead": "",
                  "thumb": None, "compact": False, "prototype": True}


def session_line(data: ConferenceData, session: Session, from_docname: str, *, paper: str = "") -> dict[str, Any]:
    """A session as one line; with ``paper`` (on a paper's page), the paper's own slot in it."""
    start, end = next(((a, b) for pid, a, b in session.paper_slots() if pid == paper), (session.start, session.end))
    zone = data.conf.timezone
    return {"kind": session.kind, "kind_label": data.conf.kind_label(session.kind),
            "href": page(session.docname, from_docname), "title": session.title,
            "time": time(start, end, zone),
            # while the whole session runs (not only the paper's slot), a button to join it
            "live": {"start": schedule.iso(session.start, zone), "end": schedule.iso(session.end, zone)}
            if session.kind != "break" and session.end else None}


def action(label: str, href: str, kind: str) -> dict[str, Any]:
    return {"label": label, "href": href, "kind": kind, "external": href.startswith(("http://", "https://"))}
