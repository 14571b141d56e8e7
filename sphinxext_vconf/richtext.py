"""Rich text: the long text fields of conference data are Markdown, shown safely.

Abstracts, descriptions, bios and review texts are CommonMark with ``$...$`` / ``$$...$$``
math, links, lists, headings, emphasis and code (tables and strikethrough too, as
OpenReview writes them). The text is untrusted: :func:`to_html` renders it with
markdown-it-py (the parser MyST uses; MyST itself is not used because its directives
would let a review ``{include}`` a file) and then sanitizes the HTML with nh3 (a maintained
binding of the Rust ``ammonia`` sanitizer), so no script, style, event handler, image,
frame or non-http(s) link survives, whatever HTML the Markdown embeds.

Math becomes the same ``<span class="math">\\(...\\)</span>`` Sphinx writes for math
nodes, typeset by the theme's MathJax under its safe configuration.

JSON, ICS and frab exports take :func:`to_plain`: the words without the markup.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

__all__ = ["has_math", "richtext", "to_html", "to_plain"]

_MATH_CLASS = "math notranslate nohighlight"
# Headings inside a review or an abstract sit under the page's own h1-h3.
_HEADING_SHIFT = 3
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h4",
    "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}, "ol": {"start"},
               "abbr": {"title"}}
_CLASSES = {"span": {"math", "notranslate", "nohighlight"}, "div": {"math", "notranslate", "nohighlight"}}
_SCHEMES = {"http", "https", "mailto"}
# What a browser reads as a URL's scheme: it ignores tabs, newlines and leading control characters.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def _math_inline(self, tokens: list[Token], idx: int, options, env) -> str:
    return f'<span class="{_MATH_CLASS}">\\({html.escape(tokens[idx].content)}\\)</span>'


def _math_block(self, tokens: list[Token], idx: int, options, env) -> str:
    return f'<div class="{_MATH_CLASS}">\\[{html.escape(tokens[idx].content.strip())}\\]</div>\n'


def _heading_open(self, tokens: list[Token], idx: int, options, env) -> str:
    level = min(int(tokens[idx].tag[1]) + _HEADING_SHIFT, 6)
    return f"<h{level}>"


def _heading_close(self, tokens: list[Token], idx: int, options, env) -> str:
    level = min(int(tokens[idx].tag[1]) + _HEADING_SHIFT, 6)
    return f"</h{level}>\n"


def _safe_url(url: str) -> bool:
    """A link the reader may follow: relative, or http(s)/mailto."""
    scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return scheme is None or scheme.group(1) in _SCHEMES


def _drop_unsafe_links(state) -> None:
    """``[x](javascript:...)`` shows as the label "x": the link goes, its text stays.

    markdown-it's own check would leave the whole ``[x](javascript:...)`` as literal text;
    it is turned off (``validateLink``) and the link tokens with an unsafe URL are removed
    here instead, so the renderer and :func:`to_plain` both see only the label."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        kept: list[Token] = []
        dropped = 0  # nesting of removed links (a link cannot hold a link, but be safe)
        for child in token.children:
            if child.type == "link_open" and not _safe_url(str(child.attrGet("href") or "")):
                dropped += 1
                continue
            if child.type == "link_close" and dropped and _closes_dropped(kept, child):
                dropped -= 1
                continue
            kept.append(child)
        token.children = kept


def _closes_dropped(kept: list[Token], close: Token) -> bool:
    """Whether this ``link_close`` ends a removed link (links balance: count the kept ones)."""
    depth = 0
    for tok in kept:
        if tok.type == "link_open":
            depth += 1
        elif tok.type == "link_close":
            depth -= 1
    return depth == 0


@lru_cache(maxsize=2)
def _parser(breaks: bool) -> MarkdownIt:
    # "$5 and $10" is money, not math: no digits right after the closing dollar.
    md = (MarkdownIt("commonmark", {"breaks": breaks, "html": True})
          .enable(["table", "strikethrough"])
          .use(dollarmath_plugin, allow_digits=False, double_inline=True))
    md.validateLink = lambda url: True  # unsafe links: _drop_unsafe_links keeps their label
    md.core.ruler.push("vconf_drop_unsafe_links", _drop_unsafe_links)
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_inline_double", _math_block)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("math_block_label", _math_block)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    return md


def _clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def _tokens(text: str) -> list[Token]:
    """The parse of a Markdown text (the same whether single newlines break or not: that
    is the renderer's choice), or nothing for an empty one."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _parser(False).parse(text) if text.strip() else []


def _render(tokens: list[Token], breaks: bool) -> str:
    md = _parser(breaks)
    return _clean(md.renderer.render(tokens, md.options, {})) if tokens else ""


def to_html(text: str, *, breaks: bool = False) -> str:
    """Sanitized HTML for a Markdown text; ``breaks``: a single newline is a line break
    (review texts are written that way on OpenReview)."""
    return _render(_tokens(text), breaks)


def has_math(markup: str) -> bool:
    return f'class="{_MATH_CLASS}"' in markup


_BLOCK_END = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close",
              "fence", "code_block", "math_block", "math_block_label", "tr_close", "hr"}


def to_plain(text: str) -> str:
    """The words of a Markdown text, without markup: paragraphs separated by blank lines,
    list items on their own lines, math as written (``$x$``), link text (not the URL)."""
    return _plain(_tokens(text))


def _plain(tokens: list[Token]) -> str:
    blocks: list[str] = []
    current: list[str] = []

    def end_block() -> None:
        line = "".join(current).strip()
        if line:
            blocks.append(line)
        current.clear()

    def inline(children: list[Token]) -> None:
        for child in children:
            if child.type in ("text", "code_inline"):
                current.append(child.content)
            elif child.type == "math_inline":
                current.append(f"${child.content}$")
            elif child.type == "math_inline_double":
                current.append(f"$${child.content}$$")
            elif child.type in ("softbreak", "hardbreak"):
                current.append("\n")
            elif child.type == "html_inline":
                continue

    for token in tokens:
        if token.type == "inline":
            inline(token.children or [])
        elif token.type == "list_item_open":
            current.append("- ")
        elif token.type in ("fence", "code_block"):
            current.append(token.content.rstrip("\n"))
        elif token.type in ("math_block", "math_block_label"):
            current.append(f"$${token.content.strip()}$$")
        elif token.type == "html_block":
            current.append(nh3.clean(token.content, tags=set()))
        elif token.type in ("th_close", "td_close"):
            current.append(" ")
        if token.type in _BLOCK_END:
            end_block()
    end_block()
    plain = "\n\n".join(blocks)
    # nh3 leaves entities in what it cleans; the result is text, not HTML.
    return re.sub(r"[ \t]+\n", "\n", html.unescape(plain))


class richtext(nodes.General, nodes.Element):  # noqa: N801  (docutils node naming)
    """Rendered Markdown: HTML builders write ``html``; the others (and Sphinx's search
    index) read the plain-text paragraphs it holds as children."""


def richtext_node(text: str, *classes: str, breaks: bool = False) -> richtext | None:
    """A :class:`richtext` node for a Markdown field, or None when the field is empty."""
    tokens = _tokens(text)  # parsed once for both the HTML and the plain text
    markup = _render(tokens, breaks)
    if not markup:
        return None
    plain = [nodes.paragraph("", block) for block in _plain(tokens).split("\n\n") if block.strip()]
    node = richtext("", *plain, classes=["vconf-richtext", *classes])
    node["html"] = markup
    node["math"] = has_math(markup)
    return node


def visit_richtext_html(self, node: richtext) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<div class="{html.escape(classes)}">{node["html"]}</div>\n')
    if node["math"]:
        # Sphinx adds MathJax to the pages whose writer saw math (sphinx.ext.mathjax).
        self._has_maths_elements = True
    raise nodes.SkipNode


def visit_richtext_plain(self, node: richtext) -> None:
    pass


def depart_richtext_plain(self, node: richtext) -> None:
    pass
