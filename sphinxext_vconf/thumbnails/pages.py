"""Reading PDF pages for the figure finder: text blocks with their fonts, and graphics.

A page's text comes as blocks (``get_text("dict")``: one pass, spans with font and size);
the document's body font is the (font, size) that sets most characters, which tells
running text (an obstacle a figure never crosses) from figure text (labels, legends).
Graphics are the visible vector paths and raster images of a page, clustered into objects
on a coarse grid.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]

# A caption starts its block: "Figure 3.", "Fig. 2:", "FIGURE 1 |", "Figure 4" + newline, and
# without punctuation "Figure 1 Screenshot of ..." (a capital follows) or a bold "Fig. 1".
# A stray short token may precede ("a Figure 2:" from a sub-label on the same line).
_LABEL = r"^\s*(?:\S{1,3}\s+)?(fig(?:ure)?\.?|tab(?:le)?\.?)\s*([IVX]+|\d+)(?=\W|$)\s*(.?)"
CAPTION = re.compile(_LABEL, re.I)
_PUNCT = set(".:|\u2013\u2014-")
_SUBCAPTION = re.compile(r"^\s*\(([a-z]|[ivx]+|\d)\)", re.I)
_DIGITS = re.compile(r"\d+")


@dataclass
class Block:
    """A text block: box, text (lines joined by newlines) and what its fonts say."""

    box: Box
    text: str
    lines: int
    size: float  # the size that sets most of its characters
    font: str  # the font of its first span ("Figure 1" is often bold)
    bold: bool
    body_chars: int = 0  # characters in the document's body font and size
    vertical: bool = False  # rotated text (side labels of plots)
    kind: str = ""  # "figure" or "table" caption, "body", "label", "margin"
    number: int = 0  # caption number
    spans: list[tuple[float, str, int]] = field(default_factory=list, repr=False)  # size, font, chars


@dataclass
class Graphic:
    box: Box
    paths: int = 0
    images: int = 0
    curves: int = 0  # paths with curves or slanted lines: plots, diagrams (not table rules)
    colours: set[tuple] = field(default_factory=set)  # distinct saturated colours

    def add(self, other: Graphic) -> None:
        self.box = union(self.box, other.box)
        self.paths += other.paths
        self.images += other.images
        self.curves += other.curves
        self.colours |= other.colours


def union(a: Box | None, b: Sequence[float]) -> Box:
    if a is None:
        return (b[0], b[1], b[2], b[3])
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def intersect(a: Sequence[float], b: Sequence[float]) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def x_overlap(a: Sequence[float], b: Sequence[float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def quick_blocks(page: Any) -> tuple[list[tuple[Box, str]], list[Box]]:
    """The page's text blocks as (box, text) and its image boxes: the cheap first look
    (one text pass; images come with it) that says which pages hold captions."""
    import pymupdf

    texts, images = [], []
    for b in page.get_text("blocks", flags=pymupdf.TEXTFLAGS_BLOCKS | pymupdf.TEXT_PRESERVE_IMAGES):
        if b[6] == 1:
            images.append(tuple(b[:4]))
        elif b[4].strip():
            texts.append((tuple(b[:4]), b[4].strip()))
    return texts, images


def has_caption(texts: list[tuple[Box, str]]) -> bool:
    return any(CAPTION.match(line) for _, t in texts for line in t.split("\n"))


def read_blocks(page: Any) -> list[Block]:
    """The page's text blocks with their fonts (unclassified)."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    blocks: list[Block] = []
    for b in page.get_text("dict", flags=flags)["blocks"]:
        part: list[dict] = []
        for line in b.get("lines", ()):
            text = "".join(s["text"] for s in line["spans"])
            if not text.strip():
                continue
            # MuPDF may put a caption in one block with the text around it: a caption
            # line starts a block of its own.
            if part and CAPTION.match(text):
                blocks += _block(part)
                part = []
            line["text"] = text
            part.append(line)
        blocks += _block(part)
    return blocks


def _block(lines: list[dict]) -> list[Block]:
    first, vertical, box = None, False, None
    spans: list[tuple[float, str, int]] = []
    for line in lines:
        vertical = vertical or abs(line["dir"][0]) < 0.5
        box = union(box, line["bbox"])
        for s in line["spans"]:
            n = len(s["text"].strip())
            if n:
                spans.append((round(s["size"], 1), s["font"], n))
                first = first or s
    if first is None or box is None:
        return []
    sizes: Counter[float] = Counter()
    for size, _, n in spans:
        sizes[size] += n
    return [Block(box, "\n".join(line["text"] for line in lines), len(lines), sizes.most_common(1)[0][0],
                  first["font"], bool(first["flags"] & 16) or "bold" in first["font"].lower(),
                  vertical=vertical, spans=spans)]


def body_font(pages: list[list[Block]]) -> tuple[str, float]:
    """The (font, size) that sets the most characters: the running text."""
    count: Counter[tuple[str, float]] = Counter()
    for blocks in pages:
        for b in blocks:
            for size, font, n in b.spans:
                count[(font, size)] += n
    return count.most_common(1)[0][0] if count else ("", 10.0)


def running_heads(pages: list[list[tuple[Box, str]]], height: float) -> set[str]:
    """Texts in the top or bottom margin that repeat across pages (digits ignored)."""
    seen: Counter[str] = Counter()
    for texts in pages:
        keys = {_DIGITS.sub("#", text.lower()) for box, text in texts
                if text.count("\n") <= 1 and (box[3] < 0.12 * height or box[1] > 0.88 * height)}
        seen.update(keys)
    return {k for k, n in seen.items() if n >= 2}


def classify(blocks: list[Block], font: tuple[str, float], heads: set[str], width: float, height: float) -> None:
    """Mark each block as a caption, running text, margin text or figure label."""
    bfont, bsize = font
    for b in blocks:
        b.body_chars = sum(n for size, f, n in b.spans if f == bfont and abs(size - bsize) < 0.6)
        text = b.text.strip()
        one_line = b.lines == 1
        if (one_line and (b.box[3] < 0.075 * height or b.box[1] > 0.925 * height)) or (
                (b.box[3] < 0.12 * height or b.box[1] > 0.88 * height)
                and _DIGITS.sub("#", text.lower()) in heads):
            b.kind = "margin"
            continue
        m = CAPTION.match(text)
        if m and not b.vertical and _is_caption(m, b, bfont, bsize):
            b.kind = "table" if m.group(1)[0] in "tT" else "figure"
            b.number = int(m.group(2)) if m.group(2).isdigit() else 0
            continue
        b.kind = "body" if _is_body(b, text, bsize, width) else "label"


def _is_caption(m: re.Match, b: Block, bfont: str, bsize: float) -> bool:
    """Punctuation or a line end after the number, or a capital after it in a caption font.

    A stray mark may precede the label ("(a) Figure 2:", "* Fig. 3."), a word may not
    ("in Figure 1. The first step" is a sentence broken across lines).
    """
    stray = m.string[m.start(0):m.start(1)].strip()
    if stray and any(c.isalpha() for c in stray) and not stray.startswith("("):
        return False
    after = m.group(3)
    if after == "" or after in _PUNCT:
        return True
    if stray:  # "(a) Figure 2 shows": only with punctuation
        return False
    if after.isupper():  # "Figure 1 Screenshot of the tool" (a reference reads "Figure 1 shows")
        return True
    return b.bold or (b.font != bfont and b.size <= bsize + 0.1)


def _is_body(b: Block, text: str, bsize: float, width: float) -> bool:
    """Running text: stacked prose lines in the body size; not a label, legend or sub-caption."""
    if b.vertical or _SUBCAPTION.match(text):
        return False
    w = b.box[2] - b.box[0]
    chars = len(text) - text.count("\n")
    if b.lines >= 8 and b.body_chars >= 200:  # a column of body text, even in short lines
        return True
    prose = chars / b.lines >= 30 and w >= 0.25 * width
    if not prose:
        return False
    # Text in a smaller or another font (legends, boxes of a diagram) belongs to a figure,
    # unless there is a lot of it set like a paragraph.
    if b.body_chars >= 0.5 * chars:
        return True
    return b.lines >= 4 and b.size >= bsize - 0.6


def invisible(d: dict[str, Any]) -> bool:
    """A path that paints nothing on a white page (white backgrounds of plots)."""
    fill, color = d.get("fill"), d.get("color")
    kind = d.get("type", "")
    fill_seen = "f" in kind and fill is not None and d.get("fill_opacity", 1) > 0 and min(fill) < 0.97
    stroke_seen = "s" in kind and color is not None and d.get("stroke_opacity", 1) > 0 and min(color) < 0.97
    return not (fill_seen or stroke_seen)


def has_curve(items: list[tuple]) -> bool:
    for item in items:
        if item[0] == "c":
            return True
        if item[0] == "l":
            (x0, y0), (x1, y1) = item[1], item[2]
            if abs(x1 - x0) > 0.5 and abs(y1 - y0) > 0.5:
                return True
    return False


def _colour(d: dict[str, Any]) -> tuple | None:
    """A saturated colour the path paints (greys do not count: tables shade rows grey)."""
    for key in ("fill", "color"):
        c = d.get(key)
        if c is not None and len(c) == 3 and max(c) - min(c) > 0.15:
            return tuple(round(v * 8) for v in c)
    return None


def graphics(page: Any, images: list[Box], tol: float = 3.0) -> list[Graphic]:
    """Join the boxes of visible drawings and images that touch into objects."""
    import numpy as np

    width, height = page.rect.width, page.rect.height
    boxes: list[Sequence[float]] = []
    curves: list[bool] = []
    colours: list[tuple | None] = []
    page_box = (0.0, 0.0, width, height)
    # Clip paths hide parts of plots (insets, overdrawn axes): keep the clip in force at
    # each nesting level and cut every path to it.
    clips: list[Sequence[float]] = []
    for d in page.get_cdrawings(extended=True):
        level = d.get("level", 0)
        kind = d["type"]
        if kind in ("clip", "group"):
            del clips[level:]
            outer = clips[-1] if clips else page_box
            clips.append(intersect(outer, d["scissor"]) if kind == "clip" else outer)
            continue
        if invisible(d):
            continue
        del clips[level:]
        x0, y0, x1, y1 = intersect(clips[-1], d["rect"]) if clips else d["rect"]
        if x1 < x0 or y1 < y0:
            continue
        w, h = x1 - x0, y1 - y0
        if y1 < 0.06 * height or y0 > 0.95 * height:  # bars and rules of running heads and feet
            continue
        # Page-wide rules (under running heads, above footnotes) would glue figures to them.
        if min(w, h) < 1.5 and max(w, h) > 0.45 * width:
            continue
        boxes.append((x0, y0, x1, y1))
        curves.append(has_curve(d["items"]))
        colours.append(_colour(d))
    n_paths = len(boxes)
    boxes += images
    if not boxes:
        return []
    arr = np.array(boxes, dtype=float)
    np.clip(arr[:, 0::2], 0.0, width, out=arr[:, 0::2])
    np.clip(arr[:, 1::2], 0.0, height, out=arr[:, 1::2])
    is_image = np.arange(len(arr)) >= n_paths
    area = (arr[:, 2] - arr[:, 0]) * (arr[:, 3] - arr[:, 1])
    # Off the page, a page background or frame, a scanned page: not part of a figure.
    keep = ((arr[:, 2] >= arr[:, 0]) & (arr[:, 3] >= arr[:, 1])
            & (area <= np.where(is_image, 0.8, 0.5) * width * height))
    if not keep.any():
        return []
    idx = np.nonzero(keep)[0]
    arr, is_image = arr[keep], is_image[keep]
    curve = np.array(curves + [False] * len(images), dtype=bool)[keep]
    _, group = np.unique(components(arr, width, height, tol), return_inverse=True)
    k = int(group.max()) + 1
    lo = np.full((k, 2), np.inf)
    hi = np.full((k, 2), -np.inf)
    np.minimum.at(lo, group, arr[:, :2])
    np.maximum.at(hi, group, arr[:, 2:])
    n_images = np.bincount(group, weights=is_image, minlength=k)
    paths = np.bincount(group, minlength=k) - n_images
    n_curves = np.bincount(group, weights=curve, minlength=k)
    cols: list[set[tuple]] = [set() for _ in range(k)]
    for i, g in zip(idx.tolist(), group.tolist(), strict=True):
        if i < n_paths and colours[i] is not None:
            cols[g].add(colours[i])
    groups = [Graphic((float(lo[i, 0]), float(lo[i, 1]), float(hi[i, 0]), float(hi[i, 1])),
                      int(paths[i]), int(n_images[i]), int(n_curves[i]), cols[i]) for i in range(k)]
    out = []
    for g in _close(groups, tol):
        x0, y0, x1, y1 = g.box
        w, h = x1 - x0, y1 - y0
        if min(w, h) < 2.5 or max(w, h) < 12:  # rules, underlines, bullets, markers
            continue
        out.append(g)
    out.sort(key=lambda g: (g.box[1], g.box[0]))
    return out


def components(boxes: Any, width: float, height: float, tol: float, cell: float = 1.5) -> Any:
    """Label boxes that overlap or lie within ``tol`` of each other.

    Plots hold thousands of paths; pairwise tests are quadratic, so the boxes are painted
    on a coarse grid and its connected runs joined row by row (union-find on runs).
    """
    import numpy as np

    gw, gh = int(width / cell) + 2, int(height / cell) + 2
    q = np.floor((boxes + np.array([-1.0, -1.0, 1.0, 1.0]) * (tol - cell) / 2) / cell).astype(np.int64)
    np.clip(q[:, 0::2], 0, gw - 1, out=q[:, 0::2])
    np.clip(q[:, 1::2], 0, gh - 1, out=q[:, 1::2])
    grid = np.zeros((gh, gw + 2), np.int8)  # a blank column each side ends every run
    for x0, y0, x1, y1 in q.tolist():
        grid[y0:y1 + 1, x0 + 1:x1 + 2] = 1
    d = np.diff(grid, axis=1)
    rows, starts = np.nonzero(d == 1)
    ends = np.nonzero(d == -1)[1]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    s, e = starts.tolist(), ends.tolist()
    first = np.searchsorted(rows, np.arange(gh + 1)).tolist()
    for r in range(gh - 1):
        a, a_end, b, b_end = first[r], first[r + 1], first[r + 1], first[r + 2]
        while a < a_end and b < b_end:
            if s[a] < e[b] and s[b] < e[a]:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            if e[a] < e[b]:
                a += 1
            else:
                b += 1
    label = np.zeros((gh, gw + 1), np.int32)
    for i, r in enumerate(rows.tolist()):
        label[r, s[i]:e[i]] = find(i)
    return label[q[:, 1], q[:, 0]]


def _close(groups: list[Graphic], tol: float) -> list[Graphic]:
    """Merge clusters whose boxes overlap (a cluster's box can reach what its parts do not)."""
    changed = True
    while changed:
        changed = False
        out: list[Graphic] = []
        for g in groups:
            for h in out:
                a, b = g.box, h.box
                if (a[0] - tol <= b[2] and b[0] - tol <= a[2]
                        and a[1] - tol <= b[3] and b[1] - tol <= a[3]):
                    h.add(g)
                    changed = True
                    break
            else:
                out.append(g)
        groups = out
    return groups
