"""Placeholders for papers without a figure: track colour, initials, the title's start."""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape

# Colour-blind-friendly, dark enough for white text (WCAG AA at large sizes).
_PALETTE = ("#1f5f8b", "#8a3b12", "#2e6b30", "#6b2e6b", "#7a5c00", "#0f6b66", "#8b1f3f", "#44546a")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STOP = frozenset("a an and as at by for from in into of on or the to via with".split())


def track_colour(track: str) -> str:
    """A stable colour per track name."""
    digest = hashlib.sha256(track.strip().lower().encode()).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def _xml(text: str) -> str:
    return escape(_XML_ILLEGAL.sub("", text), {'"': "&quot;", "'": "&#x27;"})


def _wrap(text: str, width: int, lines: int) -> list[str]:
    out: list[str] = []
    words = text.split()
    cur = ""
    for i, word in enumerate(words):
        if len(word) > width:
            word = word[: width - 1] + "\u2026"
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
            if len(out) == lines:
                break
        else:
            cur = f"{cur} {word}" if cur else word
        if i == len(words) - 1:
            out.append(cur)
    if len(out) > lines or (len(out) == lines and " ".join(out) != " ".join(words)):
        out = out[:lines]
        last = out[-1]
        out[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "\u2026"
    return out


def initials(title: str) -> str:
    """Up to three initials of a title's main words: the placeholder's big letters."""
    words = [w for w in re.findall(r"[^\W_]+", title) if w.lower() not in _STOP]
    return "".join(w[0].upper() for w in words[:3]) or "?"


def placeholder_svg(title: str, track: str = "", size: tuple[int, int] = (400, 280)) -> str:
    """A clean placeholder image: track colour, initials and the start of the title."""
    w, h = size
    colour = track_colour(track or title)
    lines = _wrap(" ".join(title.split()), 34, 3)
    alt = placeholder_alt(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="{_xml(alt)}">',
        f"<title>{_xml(alt)}</title>",
        f'<rect width="{w}" height="{h}" fill="{colour}"/>',
        f'<rect x="0" y="{h - 6}" width="{w}" height="6" fill="#ffffff" fill-opacity="0.35"/>',
        '<g fill="#ffffff" font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif">',
        f'<text x="24" y="{round(h * 0.36)}" font-size="64" font-weight="700" '
        f'fill-opacity="0.9">{_xml(initials(title))}</text>',
    ]
    y = round(h * 0.36) + 44
    for line in lines:
        parts.append(f'<text x="24" y="{y}" font-size="19">{_xml(line)}</text>')
        y += 25
    if track:
        label = _wrap(track, 40, 1)[0] if track.split() else ""
        parts.append(f'<text x="24" y="{h - 18}" font-size="13" fill-opacity="0.85">{_xml(label)}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"


def figure_alt(title: str) -> str:
    return f"Figure from the paper \u2018{title}\u2019"


def author_alt(title: str) -> str:
    return f"Image supplied by the authors of \u2018{title}\u2019"


def placeholder_alt(title: str) -> str:
    return f"Placeholder image for \u2018{title}\u2019"


