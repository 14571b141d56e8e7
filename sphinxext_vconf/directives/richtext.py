"""Markdown fields as sanitized HTML, for the directives that write HTML strings."""

from __future__ import annotations

import html
import re

try:
    from ..richtext import to_html
except ImportError:  # until main's richtext lands in this branch: escaped paragraphs
    def to_html(text: str) -> str:
        return "".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def rich(text: str) -> str:
    """A Markdown field as sanitized HTML ('' for an empty field)."""
    return to_html(text) if text.strip() else ""
