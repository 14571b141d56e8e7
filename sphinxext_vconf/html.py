"""Small HTML snippets shared by the directives: every conference string escaped here.

Conference text is untrusted; nothing from the YAML reaches HTML except through
:func:`esc` (text and attribute values) or :func:`safe_url` (links).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING

from . import schedule
from .thumbnails import initials, track_colour

if TYPE_CHECKING:
    from .data import ConferenceData
    from .model import Paper, Session

KIND_LABELS = schedule.KIND_LABELS


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_url(url: str, from_docname: str) -> str:
    """An http(s) URL as is; a project-relative path made relative to the page.

    The model admits nothing else (no ``javascript:``), so this only resolves paths.
    """
    if url.startswith(("http://", "https://")):
        return esc(url)
    from .data import relpath

    return esc(relpath(url.lstrip("/"), from_docname))


def json_script(obj: object) -> str:
    """JSON safe to embed in a ``<script>`` element (no ``</script>`` breakout)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def time_range(start: dt.datetime, end: dt.datetime, zone: str) -> str:
    """A ``<time>`` the browser shows in the reader's zone; its text is right without JS."""
    return (
        f'<time class="vconf-time" datetime="{esc(schedule.iso(start, zone))}" '
        f'data-end="{esc(schedule.iso(end, zone))}">{esc(schedule.format_range(start, end, zone))}</time>'
    )


def placeholder_look(paper: Paper) -> tuple[str, str]:
    """The colour and initials of a paper's placeholder (as in its SVG placeholder)."""
    return track_colour(paper.track or paper.title), initials(paper.title)


def thumb_img(data: ConferenceData, paper: Paper, from_docname: str, cls: str, *, css_placeholder: bool = False) -> str:
    """The paper's thumbnail as an ``<img>``; ``css_placeholder``: a placeholder as a
    coloured box instead (on cards: an image document per card costs the browser more
    than the whole card, and says nothing the title does not)."""
    thumb = data.thumbnail(paper.id)
    if thumb is None:
        return ""
    if css_placeholder and thumb.kind == "placeholder":
        colour, letters = placeholder_look(paper)
        return (f'<span class="{cls} vconf-placeholder" style="--vconf-ph: {esc(colour)}" aria-hidden="true">'
                f"{esc(letters)}</span>")
    return (
        f'<img class="{cls}" loading="lazy" decoding="async" src="{safe_url(thumb.path, from_docname)}" '
        f'alt="{esc(thumb.alt)}" width="400" height="280">'
    )


def paper_card(data: ConferenceData, paper: Paper, from_docname: str, *, compact: bool = False,
               thumb: bool = True) -> str:
    """One gallery card (``li.paper-card``); ``compact``: title and authors only."""
    from .data import relpath

    href = esc(relpath(f"{paper.docname}.html", from_docname))
    authors = esc(", ".join(a.name for a in paper.authors))
    parts = [
        f'<li class="paper-card" data-id="{esc(paper.id)}">',
        f'<a class="paper-card-link" href="{href}">'
        f'{thumb_img(data, paper, from_docname, "paper-card-thumb", css_placeholder=True) if thumb else ""}'
        f'<span class="paper-card-title">{esc(paper.title)}</span></a>',
        f'<p class="paper-card-authors">{authors}</p>',
    ]
    if not compact:
        if paper.keywords:
            parts.append(f'<p class="paper-card-keywords">{esc(", ".join(paper.keywords))}</p>')
        if paper.track:
            parts.append(f'<p class="paper-card-track">{esc(paper.track)}</p>')
    parts.append("</li>")
    return "".join(parts)


def paper_cards(data: ConferenceData, ids: list[str], from_docname: str, *, compact: bool = False,
                cls: str = "vconf-cards", thumb: bool = True) -> str:
    cards = "".join(paper_card(data, data.conf.papers[i], from_docname, compact=compact, thumb=thumb)
                    for i in ids)
    return f'<ul class="{cls}">{cards}</ul>'


def session_line(data: ConferenceData, session: Session, from_docname: str, *, paper: str = "") -> str:
    """A session as one line: kind, linked title, time; for lists of sessions. With ``paper``
    (on a paper's page), the paper's own slot in the session where it has one."""
    from .data import relpath

    href = esc(relpath(f"{session.docname}.html", from_docname))
    start, end = next(((a, b) for pid, a, b in session.paper_slots() if pid == paper), (session.start, session.end))
    return (
        f'<li class="vconf-session-line vconf-kind-{esc(session.kind)}">'
        f'<span class="vconf-kind">{esc(data.conf.kind_label(session.kind))}</span> '
        f'<a href="{href}">{esc(session.title)}</a> '
        f"{time_range(start, end, data.conf.timezone)}</li>"
    )
