"""HTML found in source data (Mini-Conf abstracts, descriptions, titles) as Markdown.

The model's long texts are Markdown, rendered and sanitized at build time. Sources write
HTML there (``<b>``, ``<br>``, ``<a href>``, lists); shown as Markdown source the tags would
be visible. This turns the common inline and block tags into their Markdown, keeps the text
of any other element, and drops what must never run (``<script>``, ``<style>``, event
handlers, non-http(s) links). Text without tags is returned unchanged: it is Markdown already.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_DROP = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}
_BLOCK = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr",
          "blockquote"}


def has_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0  # inside <script> and the like
        self.links: list[str] = []  # the href of each open <a> ("" when it is not kept)
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.skip += 1
        elif self.skip:
            return
        elif tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag == "br":
            self.out.append("  \n")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            keep = bool(re.match(r"^https?://[^\s<>()]+$", href))
            self.links.append(href if keep else "")
            if keep:
                self.out.append("[")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n" + ("1. " if self.lists and self.lists[-1] == "ol" else "- "))
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in _BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f"]({href})")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            # The text around the tags is Markdown already (Mini-Conf's fields mix both); only
            # an angle bracket that was an entity (&lt;) must stay text, not become a tag.
            self.out.append(re.sub(r"([<>])", r"\\\1", data))


def html_to_markdown(text: str) -> str:
    """``text`` with its HTML turned into Markdown; unchanged when it has no tags."""
    if not has_html(text):
        return text
    parser = _ToMarkdown()
    parser.feed(text)
    parser.close()
    md = "".join(parser.out)
    md = re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", md)
    return md.strip()
