"""Paper thumbnails: find a representative figure in each PDF and render it.

The figure finder anchors on captions ("Figure 1." / "Fig. 2:"), the way readers find
figures: it takes the graphics (raster images *and* vector drawings, which is how most
plots are stored) in the caption's column between the caption and the nearest body text,
chained vertically to the caption, plus the text labels among them.  Pages without any
caption fall back to the largest sizeable graphic that is not next to a table caption.

Thumbnails are cached by the SHA-256 of the PDF (with the algorithm version and size), so
a rebuild renders only new or changed PDFs.  An author-supplied image always wins; a paper
without a local PDF, or without a figure, gets a generated SVG placeholder.

Command line: ``vconf figure PDF... [--json] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from .model import Paper

__all__ = [
    "Figure",
    "Thumbnail",
    "Thumbnails",
    "Stats",
    "ThumbnailError",
    "find_figure",
    "render_figure",
    "placeholder_svg",
    "make_thumbnails",
    "add_cli",
]

THUMBS_DIR = "_vconf/thumbs"
# Bump when the finder or the renderer changes: old cache entries are then ignored.
ALGORITHM_VERSION = 1
WEBP_QUALITY = 80
# With make_thumbnails(jobs=N > 1): uncached PDFs needed before rendering moves to worker
# processes.  A worker costs ~1 s of CPU to start (Python, PyMuPDF): below this, slower.
MIN_POOL_BATCH = 40
MAX_PAGES = 30  # pages searched for a figure
Box = tuple[float, float, float, float]

# A caption starts its text block: "Figure 3.", "Fig. 2:", "FIGURE 1 |", "Figure 4" + newline.
# In-text references ("Figure 4 shows", "Fig. 4(a) compares") do not match.
_CAPTION = re.compile(r"^\s*(fig(?:ure)?\.?)\s*(\d+)\s*(?:[.:|\u2013\u2014-]|\n|$)", re.I)
_TABLE_CAPTION = re.compile(r"^\s*tab(?:le)?\.?\s*([IVX\d]+)\s*(?:[.:|\u2013\u2014-]|\n|$)", re.I)


class ThumbnailError(Exception):
    """A PDF or image that cannot be read (broken, encrypted, not a PDF); names the file."""


@dataclass
class Figure:
    """Where the representative figure of a PDF is.

    ``page`` is 1-based; ``bbox`` is ``(x0, y0, x1, y1)`` in PDF points with the origin at
    the top left of the page as it is shown (CropBox, rotation applied).  Both are ``None``
    when no figure was found.
    """

    pdf: str
    page: int | None
    bbox: Box | None

    def as_json(self) -> dict[str, Any]:
        return {
            "pdf": self.pdf,
            "page": self.page,
            "bbox": [round(v, 2) for v in self.bbox] if self.bbox else None,
        }


@dataclass
class Thumbnail:
    path: str  # relative to the output folder, e.g. "_vconf/thumbs/p1.webp"
    alt: str
    kind: str  # "figure" | "author" | "placeholder"


@dataclass
class Stats:
    """What a :func:`make_thumbnails` run did; ``str()`` gives the log line."""

    rendered: int = 0
    cached: int = 0
    author: int = 0
    placeholders: int = 0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"thumbnails: {self.rendered} rendered, {self.cached} cached, {self.placeholders} placeholders"
        return text + (f", {self.author} from authors" if self.author else "")


class Thumbnails(dict[str, Thumbnail]):
    """Paper id -> :class:`Thumbnail`, with the run's counts in ``stats``."""

    stats: Stats


# --------------------------------------------------------------------------------------
# Finding the figure
# --------------------------------------------------------------------------------------


def _open(pdf_path: Path | str) -> Any:
    import pymupdf

    try:
        doc = pymupdf.open(pdf_path, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for unreadable files
        raise ThumbnailError(f"{pdf_path}: cannot open the PDF ({exc})") from None
    if doc.needs_pass:
        doc.close()
        raise ThumbnailError(f"{pdf_path}: the PDF is encrypted (needs a password)")
    if doc.page_count == 0:
        doc.close()
        raise ThumbnailError(f"{pdf_path}: the PDF has no pages")
    return doc


def find_figure(pdf_path: Path | str) -> Figure:
    """The representative figure of a PDF: the first captioned figure of a useful size.

    Raises :class:`ThumbnailError` when the PDF cannot be read.
    """
    doc = _open(pdf_path)
    try:
        return _figure_in(doc, pdf_path)
    finally:
        doc.close()


def _figure_in(doc: Any, pdf_path: Path | str) -> Figure:
    try:
        found = _find_in_doc(doc)
    except Exception as exc:  # a damaged page stream: report it as the file's fault
        raise ThumbnailError(f"{pdf_path}: cannot read the PDF ({exc})") from None
    if found is None:
        return Figure(str(pdf_path), None, None)
    pno, box = found
    page = doc[pno]
    if page.rotation:  # text and drawings come unrotated; report the page as it is shown
        r = _rect(box) * page.rotation_matrix
        box = (r.x0, r.y0, r.x1, r.y1)
    return Figure(str(pdf_path), pno + 1, box)


def _rect(box: Sequence[float]) -> Any:
    import pymupdf

    return pymupdf.Rect(box)


def _page_blocks(page: Any) -> list[tuple]:
    import pymupdf

    # Image blocks come with the text at no extra cost: one pass over the page.
    return page.get_text("blocks", flags=pymupdf.TEXTFLAGS_BLOCKS | pymupdf.TEXT_PRESERVE_IMAGES)


def _find_in_doc(doc: Any) -> tuple[int, Box] | None:
    small: tuple[float, int, Box] | None = None  # the best figure below the "useful" size
    pages: list[list[tuple]] = []
    # The figure that represents a paper comes early; long documents (theses, appendices)
    # are not read to the end.
    for pno in range(min(doc.page_count, MAX_PAGES)):
        page = doc[pno]
        blocks = _page_blocks(page)
        pages.append(blocks)
        caps = [b for b in blocks if b[6] == 0 and _CAPTION.match(b[4])]
        if not caps:
            continue
        layout = _Layout(page, blocks)
        caps.sort(key=lambda b: (int(_CAPTION.match(b[4]).group(2)), b[1]))  # type: ignore[union-attr]
        for cap in caps:
            box = layout.region_for_caption(cap)
            if box is None:
                continue
            w, h = box[2] - box[0], box[3] - box[1]
            if w >= 90 and h >= 50:
                return pno, box
            if small is None or w * h > small[0]:
                small = (w * h, pno, box)
    if small is not None:
        return small[1], small[2]
    return _fallback(doc, pages)


def _fallback(doc: Any, pages: list[list[tuple]]) -> tuple[int, Box] | None:
    """No captioned figure: the largest sizeable plot or picture that is not a table."""
    best: tuple[float, int, Box] | None = None
    for pno, blocks in enumerate(pages):
        layout = _Layout(doc[pno], blocks, want_curves=True)
        if not layout.has_room_for_figure():
            continue
        tables = [b for b in layout.captions if _TABLE_CAPTION.match(b[4])]
        for g in layout.graphics:
            x0, y0, x1, y1 = g.box
            w, h = x1 - x0, y1 - y0
            # A table is ruled with straight lines; plots and diagrams have curves or
            # slanted lines, pictures are images.  Logos and icons are small.
            if w < 100 or h < 60 or not (g.images or g.curves >= 2):
                continue
            if any(_x_overlap(g.box, t) > 0 and (abs(t[1] - y1) < 40 or abs(y0 - t[3]) < 40)
                   for t in tables):
                continue
            if best is None or w * h > best[0]:
                best = (w * h, pno, g.box)
    return None if best is None else (best[1], best[2])


@dataclass
class _Graphic:
    box: Box
    paths: int = 0
    images: int = 0
    curves: int = 0  # paths with curves or slanted lines: plots, diagrams (not table rules)

    def add(self, other: _Graphic) -> None:
        self.box = _union(self.box, other.box)
        self.paths += other.paths
        self.images += other.images
        self.curves += other.curves


def _intersect(a: Sequence[float], b: Sequence[float]) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _x_overlap(a: Sequence[float], b: Sequence[float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _union(a: Box | None, b: Sequence[float]) -> Box:
    if a is None:
        return (b[0], b[1], b[2], b[3])
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


_SUBCAPTION = re.compile(r"^\s*\(([a-z]|[ivx]+|\d)\)", re.I)


def _invisible(d: dict[str, Any]) -> bool:
    """A path that paints nothing on a white page (white backgrounds of plots)."""
    fill, color = d.get("fill"), d.get("color")
    kind = d.get("type", "")
    fill_seen = "f" in kind and fill is not None and d.get("fill_opacity", 1) > 0 and min(fill) < 0.97
    stroke_seen = "s" in kind and color is not None and d.get("stroke_opacity", 1) > 0 and min(color) < 0.97
    return not (fill_seen or stroke_seen)


def _has_curve(items: list[tuple]) -> bool:
    for item in items:
        if item[0] == "c":
            return True
        if item[0] == "l":
            (x0, y0), (x1, y1) = item[1], item[2]
            if abs(x1 - x0) > 0.5 and abs(y1 - y0) > 0.5:
                return True
    return False


class _Layout:
    """One page: its graphics clustered into objects, its text blocks classified."""

    def __init__(self, page: Any, blocks: list[tuple], *, want_curves: bool = False):
        self.want_curves = want_curves  # count curved paths (costs time; the fallback needs it)
        rect = page.rect
        self.width, self.height = rect.width, rect.height
        self._page = page
        self.image_boxes = [b[:4] for b in blocks if b[6] == 1]
        text = [b for b in blocks if b[6] == 0 and b[4].strip() and not self._in_margin(b)]
        self.captions = [b for b in text if _CAPTION.match(b[4]) or _TABLE_CAPTION.match(b[4])]
        cap_ids = {id(b) for b in self.captions}
        self.body = [b for b in text if id(b) not in cap_ids and self._is_body(b)]
        body_ids = {id(b) for b in self.body}
        # Other text (axis labels, legends, sub-captions) can belong to a figure.
        self.labels = [b for b in text if id(b) not in cap_ids and id(b) not in body_ids]
        self._graphics: list[_Graphic] | None = None

    def _in_margin(self, b: tuple) -> bool:
        """Running heads and page numbers: one line in the top or bottom margin."""
        one_line = "\n" not in b[4].strip()
        return one_line and (b[3] < 0.075 * self.height or b[1] > 0.925 * self.height)

    def _is_body(self, b: tuple) -> bool:
        """Running text: stacked lines of prose, not a label, legend or sub-caption."""
        text = b[4].strip()
        lines = text.count("\n") + 1
        width, height = b[2] - b[0], b[3] - b[1]
        if _SUBCAPTION.match(text):
            return False
        # Prose lines are long and stacked; labels set side by side share one row.
        return len(text) / lines >= 30 and width >= 0.25 * self.width and height / lines >= 5

    @property
    def graphics(self) -> list[_Graphic]:
        if self._graphics is None:
            self._graphics = self._cluster()
        return self._graphics

    def _cluster(self, tol: float = 3.0) -> list[_Graphic]:
        """Join the boxes of visible drawings and images that touch into objects."""
        import numpy as np

        boxes: list[Sequence[float]] = []
        curves: list[bool] = []
        page_box = (0.0, 0.0, self.width, self.height)
        # Clip paths hide parts of plots (insets, overdrawn axes): keep the clip in force
        # at each nesting level and cut every path to it.
        clips: list[Sequence[float]] = []
        for d in self._page.get_cdrawings(extended=True):
            level = d.get("level", 0)
            kind = d["type"]
            if kind in ("clip", "group"):
                del clips[level:]
                outer = clips[-1] if clips else page_box
                clips.append(_intersect(outer, d["scissor"]) if kind == "clip" else outer)
                continue
            if _invisible(d):
                continue
            del clips[level:]
            x0, y0, x1, y1 = _intersect(clips[-1], d["rect"]) if clips else d["rect"]
            if x1 < x0 or y1 < y0:
                continue
            w, h = x1 - x0, y1 - y0
            # Page-wide rules (under running heads, above footnotes) would glue figures to them.
            if min(w, h) < 1.5 and max(w, h) > 0.45 * self.width:
                continue
            boxes.append((x0, y0, x1, y1))
            curves.append(self.want_curves and _has_curve(d["items"]))
        n_paths = len(boxes)
        boxes += self.image_boxes
        if not boxes:
            return []
        arr = np.array(boxes, dtype=float)
        np.clip(arr[:, 0::2], 0.0, self.width, out=arr[:, 0::2])
        np.clip(arr[:, 1::2], 0.0, self.height, out=arr[:, 1::2])
        is_image = np.arange(len(arr)) >= n_paths
        area = (arr[:, 2] - arr[:, 0]) * (arr[:, 3] - arr[:, 1])
        # Off the page, a page background or frame, a scanned page: not part of a figure.
        keep = ((arr[:, 2] >= arr[:, 0]) & (arr[:, 3] >= arr[:, 1])
                & (area <= np.where(is_image, 0.8, 0.5) * self.width * self.height))
        if not keep.any():
            return []
        arr, is_image = arr[keep], is_image[keep]
        curve = np.array(curves + [False] * len(self.image_boxes), dtype=bool)[keep]
        _, group = np.unique(_components(arr, self.width, self.height, tol), return_inverse=True)
        k = int(group.max()) + 1
        lo = np.full((k, 2), np.inf)
        hi = np.full((k, 2), -np.inf)
        np.minimum.at(lo, group, arr[:, :2])
        np.maximum.at(hi, group, arr[:, 2:])
        images = np.bincount(group, weights=is_image, minlength=k)
        paths = np.bincount(group, minlength=k) - images
        n_curves = np.bincount(group, weights=curve, minlength=k)
        groups = [
            _Graphic((float(lo[i, 0]), float(lo[i, 1]), float(hi[i, 0]), float(hi[i, 1])),
                     int(paths[i]), int(images[i]), int(n_curves[i]))
            for i in range(k)
        ]
        out = []
        for g in _close(groups, tol):
            x0, y0, x1, y1 = g.box
            w, h = x1 - x0, y1 - y0
            if min(w, h) < 2.5:  # rules, underlines, fraction bars
                continue
            if max(w, h) < 12:  # bullets, markers, QED boxes
                continue
            out.append(g)
        out.sort(key=lambda g: (g.box[1], g.box[0]))
        return out

    def has_room_for_figure(self, min_height: float = 60.0) -> bool:
        """Is there an image, or a tall gap in the running text where a drawing could be?

        Drawings are expensive to read; a page of wall-to-wall prose has no figure.
        """
        if any(b[2] - b[0] >= 100 and b[3] - b[1] >= min_height for b in self.image_boxes):
            return True
        if not self.body:
            return True  # no prose at all: a page of figures, or a scanned page
        mid = self.width / 2
        top, bottom = 0.075 * self.height, 0.925 * self.height
        spans = [(0.0, self.width)] if self.one_column else [(0.0, mid), (mid, self.width)]
        for lo, hi in spans:
            edges = sorted((b[1], b[3]) for b in self.body if lo <= (b[0] + b[2]) / 2 <= hi)
            y = top
            for y0, y1 in edges + [(bottom, bottom)]:
                if y0 - y >= min_height:
                    return True
                y = max(y, y1)
        return False

    @cached_property
    def one_column(self) -> bool:
        """Does most running text cross the middle of the page (a one-column layout)?"""
        mid = self.width / 2
        crossing = sum(len(b[4]) for b in self.body if b[0] < mid - 20 and b[2] > mid + 20)
        return crossing > 0.5 * sum(len(b[4]) for b in self.body)

    def _span(self, cap: tuple) -> tuple[float, float]:
        """The horizontal extent a caption's figure can occupy: its column, or the page."""
        mid = self.width / 2
        if (cap[0] < mid - 15 and cap[2] > mid + 15) or self.one_column:
            return 0.0, self.width
        return (0.0, mid) if (cap[0] + cap[2]) / 2 < mid else (mid, self.width)

    def region_for_caption(self, cap: tuple) -> Box | None:
        lo, hi = self._span(cap)

        def inside(b: Sequence[float]) -> bool:
            return lo <= (b[0] + b[2]) / 2 <= hi

        obstacles = [b for b in self.body + self.captions if b is not cap and inside(b)]
        # Captions sit below figures (and above tables) in most styles: look above first.
        ceiling = max((b[3] for b in obstacles if b[3] <= cap[1] + 1), default=0.0)
        box = self._chain(cap[1], ceiling, inside, up=True)
        if box is None:
            floor = min((b[1] for b in obstacles if b[1] >= cap[3] - 1), default=self.height)
            box = self._chain(cap[3], floor, inside, up=False)
        return box

    def _chain(self, start: float, limit: float, inside: Any, *, up: bool) -> Box | None:
        """Grow a region from the caption edge through graphics and labels close together."""
        items: list[tuple[Box, bool, float]] = []
        for g in self.graphics:
            b = g.box
            if inside(b) and (limit - 2 <= b[1] and b[3] <= start + 2 if up
                              else start - 2 <= b[1] and b[3] <= limit + 2):
                items.append((b, True, (b[2] - b[0]) * (b[3] - b[1])))
        if not items:
            return None
        for b in self.labels:
            if inside(b) and (limit - 2 <= b[1] and b[3] <= start + 2 if up
                              else start - 2 <= b[1] and b[3] <= limit + 2):
                items.append(((b[0], b[1], b[2], b[3]), False, 0.0))
        # Walk away from the caption; stop at the first gap wider than a figure's own.
        items.sort(key=(lambda it: -it[0][3]) if up else (lambda it: it[0][1]))
        edge, gap = start, 30.0
        box: Box | None = None
        graphic_area = 0.0
        for b, is_graphic, area in items:
            near = b[3] >= edge - gap if up else b[1] <= edge + gap
            if not near:
                break
            if box is None and not is_graphic and not _graphic_within(items, b, up, gap):
                continue
            box = _union(box, b)
            graphic_area += area
            edge = min(edge, b[1]) if up else max(edge, b[3])
            gap = 20.0
        if box is None or graphic_area < 400:
            return None
        return box


def _graphic_within(items: list[tuple[Box, bool, float]], label: Box, up: bool, gap: float) -> bool:
    """Is a graphic close beyond this label (a label may sit between caption and plot)?"""
    if up:
        return any(g and b[3] >= label[1] - gap for b, g, _ in items)
    return any(g and b[1] <= label[3] + gap for b, g, _ in items)


def _components(boxes: Any, width: float, height: float, tol: float, cell: float = 1.5) -> Any:
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


def _close(groups: list[_Graphic], tol: float) -> list[_Graphic]:
    """Merge clusters whose boxes overlap (a cluster's box can reach what its parts do not)."""
    changed = True
    while changed:
        changed = False
        out: list[_Graphic] = []
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


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def _fit(w: float, h: float, size: tuple[int, int]) -> float:
    return min(size[0] / w, size[1] / h)


def render_figure(pdf_path: Path | str, figure: Figure, size: tuple[int, int] = (400, 280)) -> bytes:
    """Render the figure region as WebP bytes that fit within ``size``, aspect kept."""
    doc = _open(pdf_path)
    try:
        return _render_in(doc, figure, size)
    finally:
        doc.close()


def _render_in(doc: Any, figure: Figure, size: tuple[int, int]) -> bytes:
    import pymupdf
    from PIL import Image

    if figure.page is None or figure.bbox is None:
        raise ValueError("no figure to render")
    page = doc[figure.page - 1]
    margin = 2.0  # a little air, not the descenders of the text line above
    x0, y0, x1, y1 = figure.bbox
    clip = pymupdf.Rect(x0 - margin, y0 - margin, x1 + margin, y1 + margin) & page.rect
    # Rendered at the final size: MuPDF's anti-aliasing keeps thin plot lines visible, and
    # rendering twice as large then scaling down looked the same for a third more time.
    zoom = _fit(clip.width, clip.height, size)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False, annots=False)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    return _encode(img, size)


def _encode(img: Any, size: tuple[int, int]) -> bytes:
    from PIL import Image

    scale = _fit(img.width, img.height, size)
    target = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    target = (min(target[0], size[0]), min(target[1], size[1]))
    if target != img.size:
        img = img.resize(target, Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="WEBP", quality=WEBP_QUALITY, method=4)
    return buf.getvalue()


def _author_image(path: Path, size: tuple[int, int]) -> bytes:
    """An author-supplied image, re-encoded (never copied: no scripts, no metadata).

    Raster formats go through Pillow; SVG (and PDF) through MuPDF, which rasterises them
    without running scripts or fetching anything.
    """
    import pymupdf
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            img = ImageOps.exif_transpose(im)  # a copy, loaded: phone photos stand upright
    except UnidentifiedImageError:
        img = None
    except Exception as exc:  # truncated files, decompression bombs, odd modes
        raise ThumbnailError(f"{path}: cannot read the image ({exc})") from None
    try:
        if img is None:
            doc = _open_any(path)
            try:
                page = doc[0]
                zoom = _fit(page.rect.width, page.rect.height, size)
                pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
                img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            finally:
                doc.close()
        if img.mode not in ("RGB", "RGBA"):
            alpha = "A" in img.getbands() or "transparency" in img.info
            img = img.convert("RGBA" if alpha else "RGB")
        return _encode(img, size)
    except ThumbnailError:
        raise
    except Exception as exc:
        raise ThumbnailError(f"{path}: cannot convert the image ({exc})") from None


def _open_any(path: Path) -> Any:
    import pymupdf

    try:
        doc = pymupdf.open(path)
    except Exception as exc:
        raise ThumbnailError(f"{path}: not an image PyMuPDF or Pillow can read ({exc})") from None
    if doc.needs_pass or doc.page_count == 0:
        doc.close()
        raise ThumbnailError(f"{path}: not a readable image")
    return doc


# --------------------------------------------------------------------------------------
# Placeholders
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# The build step
# --------------------------------------------------------------------------------------


def _is_remote(ref: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ref))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_if_changed(path: Path, data: bytes) -> None:
    # Unchanged files keep their mtime, so incremental builds and rsync stay quiet.
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _render_pdf(pdf: str, size: tuple[int, int]) -> tuple[bytes | None, str]:
    """Worker: find and render one PDF.  Returns (WebP bytes or None, error message)."""
    try:
        doc = _open(pdf)
        try:
            fig = _figure_in(doc, pdf)
            return (None if fig.bbox is None else _render_in(doc, fig, size)), ""
        finally:
            doc.close()
    except ThumbnailError as exc:
        return None, str(exc)
    except Exception as exc:  # MuPDF may fail anywhere on a damaged file
        return None, f"{pdf}: cannot render the PDF ({exc})"


def _skip_layout_model() -> None:
    """In processes of our own: keep ``import pymupdf`` from loading its optional extras.

    PyMuPDF 2 imports pymupdf4llm and an ONNX layout model when they are installed
    (about 1 s); figure finding uses neither.  Only for worker processes and the
    ``vconf figure`` command, never in a Sphinx process where others may want them.
    """
    if "pymupdf" not in sys.modules:
        for name in ("pymupdf.layout", "pymupdf4llm"):
            sys.modules.setdefault(name, None)  # type: ignore[assignment]


def _render_pdfs(
    jobs: list[_Job], size: tuple[int, int], workers: int, logger: Any
) -> dict[str, tuple[bytes | None, str]]:
    """Find and render the figures of uncached PDFs, in worker processes for a batch."""
    from sphinx.util.display import status_iterator

    outputs: dict[str, tuple[bytes | None, str]] = {}
    label = "rendering thumbnails... "
    if workers > 1 and len(jobs) >= MIN_POOL_BATCH:
        import multiprocessing
        from concurrent.futures.process import BrokenProcessPool

        ctx = multiprocessing.get_context("spawn")  # forking a threaded process can deadlock
        try:
            with ProcessPoolExecutor(min(workers, 8), mp_context=ctx, initializer=_skip_layout_model) as pool:
                futures = {j.paper.id: pool.submit(_render_pdf, str(j.source), size) for j in jobs}
                for j in status_iterator(jobs, label, "darkgreen", len(jobs),
                                         stringify_func=lambda j: j.paper.id):
                    outputs[j.paper.id] = futures[j.paper.id].result()
        except BrokenProcessPool:
            # A worker died (a PDF that crashed MuPDF, or a calling script without an
            # ``if __name__ == "__main__"`` guard): carry on in this process.
            logger.info("thumbnails: worker processes failed; rendering the rest here")
    rest = [j for j in jobs if j.paper.id not in outputs]
    if not rest:  # no empty progress line when everything came from the cache
        return outputs
    for j in status_iterator(rest, label, "darkgreen", len(rest), stringify_func=lambda j: j.paper.id):
        outputs[j.paper.id] = _render_pdf(str(j.source), size)
    return outputs


@dataclass
class _Job:
    paper: Paper
    source: Path
    cached: Path | None  # cache entry, without its suffix


class _Cache:
    """Rendered images by content hash: ``<kind>-<sha256>-<W>x<H>-v<N>.webp``, or ``.none``
    when the PDF has no figure (so it is not searched again)."""

    def __init__(self, folder: Path | None, size: tuple[int, int]):
        self.folder = folder
        self.size = size
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def entry(self, kind: str, path: Path) -> Path | None:
        if self.folder is None:
            return None
        w, h = self.size
        return self.folder / f"{kind}-{_sha256(path)}-{w}x{h}-v{ALGORITHM_VERSION}"

    @staticmethod
    def get(entry: Path | None) -> bytes | None | bool:
        """The cached image, None for a cached "no figure", False when not cached."""
        if entry is None:
            return False
        try:
            return entry.with_suffix(".webp").read_bytes()
        except OSError:
            return None if entry.with_suffix(".none").is_file() else False

    @staticmethod
    def put(entry: Path | None, data: bytes | None) -> None:
        if entry is not None:
            _write_if_changed(entry.with_suffix(".none" if data is None else ".webp"), data or b"")


def make_thumbnails(
    papers: list[Paper],
    *,
    srcdir: Path,
    outdir: Path,
    cache_dir: Path | None,
    size: tuple[int, int] = (400, 280),
    jobs: int | None = None,
) -> Thumbnails:
    """Write one thumbnail per paper under ``outdir/_vconf/thumbs/`` and describe them.

    For each paper, in order of preference: the author-supplied ``thumbnail`` (re-encoded
    to fit ``size``), the representative figure of its local ``pdf``, or an SVG
    placeholder.  Remote files are never fetched.  Unreadable files give a warning, not an
    error.  Returns paper id -> :class:`Thumbnail`, in the order of ``papers``, with the
    counts in ``.stats``.

    ``jobs``: worker processes for a batch of at least ``MIN_POOL_BATCH`` uncached PDFs.
    The default renders in this process: on a busy 2-core machine workers were slower
    (0.7-1.0x, benchmarks/bench_thumbnails.py); each costs ~1 s of CPU to start, so they
    can only pay off for hundreds of new PDFs on otherwise idle cores.
    """
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    srcdir, outdir = Path(srcdir), Path(outdir)
    thumbs = outdir / THUMBS_DIR
    thumbs.mkdir(parents=True, exist_ok=True)
    cache = _Cache(Path(cache_dir) if cache_dir is not None else None, size)
    stats = Stats()
    found: dict[str, Thumbnail] = {}
    remote_thumbs: list[str] = []

    def warn(message: str, paper: Paper) -> None:
        stats.warnings.append(message)
        where = str(paper.source) if paper.source.file else None
        logger.warning(message, location=where, type="vconf", subtype="thumbnail")

    def local(paper: Paper, what: str, ref: str) -> Path | None:
        path = srcdir / ref
        if path.is_file():
            return path
        warn(f"paper {paper.id!r}: {what} file not found: {path}", paper)
        return None

    def write(paper: Paper, data: bytes, kind: str) -> None:
        _write_if_changed(thumbs / f"{paper.id}.webp", data)
        alt = author_alt(paper.title) if kind == "author" else figure_alt(paper.title)
        found[paper.id] = Thumbnail(f"{THUMBS_DIR}/{paper.id}.webp", alt, kind)

    # 1. Author images (cheap: done here), cached PDFs, and what is left to render.
    pending: list[_Job] = []
    for paper in papers:
        if paper.thumbnail and _is_remote(paper.thumbnail):
            remote_thumbs.append(paper.id)
        elif paper.thumbnail and (path := local(paper, "thumbnail", paper.thumbnail)):
            entry = cache.entry("author", path)
            data = cache.get(entry)
            if not isinstance(data, bytes):
                try:
                    data = _author_image(path, size)
                    cache.put(entry, data)
                except ThumbnailError as exc:
                    warn(f"paper {paper.id!r}: thumbnail {exc}; using the PDF's figure instead", paper)
            if isinstance(data, bytes):
                write(paper, data, "author")
                stats.author += 1
                continue
        if paper.pdf and not _is_remote(paper.pdf) and (path := local(paper, "pdf", paper.pdf)):
            entry = cache.entry("pdf", path)
            hit = cache.get(entry)
            if hit is False:
                pending.append(_Job(paper, path, entry))
            elif hit is not None:
                write(paper, hit, "figure")
                stats.cached += 1
    if remote_thumbs:
        more = ", ..." if len(remote_thumbs) > 5 else ""
        logger.info("thumbnails: %d papers have remote thumbnail URLs, which are not fetched (%s%s)",
                    len(remote_thumbs), ", ".join(remote_thumbs[:5]), more)

    # 2. Find and render the figures of new PDFs.
    outputs = _render_pdfs(pending, size, jobs or 1, logger)
    for job in pending:
        data, error = outputs[job.paper.id]
        if error:
            warn(f"paper {job.paper.id!r}: {error}; using a placeholder", job.paper)
            continue
        cache.put(job.cached, data)
        if data is not None:
            write(job.paper, data, "figure")
            stats.rendered += 1

    # 3. Placeholders for the rest; the result in the papers' order.
    result = Thumbnails()
    result.stats = stats
    for paper in papers:
        if paper.id not in found:
            svg = placeholder_svg(paper.title, paper.track, size).encode()
            _write_if_changed(thumbs / f"{paper.id}.svg", svg)
            found[paper.id] = Thumbnail(
                f"{THUMBS_DIR}/{paper.id}.svg", placeholder_alt(paper.title), "placeholder"
            )
            stats.placeholders += 1
        result[paper.id] = found[paper.id]

    # 4. Remove thumbnails of papers that are gone or changed kind (only ours live here).
    keep = {Path(t.path).name for t in result.values()}
    for p in thumbs.iterdir():
        if p.is_file() and p.name not in keep:
            p.unlink()
    logger.info(str(stats))
    return result


# --------------------------------------------------------------------------------------
# vconf figure
# --------------------------------------------------------------------------------------


def add_cli(parser: argparse.ArgumentParser) -> None:
    """``vconf figure PDF...``: where the representative figure of each PDF is."""
    parser.description = (
        "Find the representative figure of each PDF. With --json, print one JSON object a line: "
        '{"pdf": PATH, "page": N (1-based), "bbox": [x0, y0, x1, y1]} in PDF points, origin at '
        "the top left of the page; page and bbox are null where no figure was found, and an "
        '"error" key says why a PDF could not be read (exit status 1).'
    )
    parser.add_argument("pdfs", nargs="+", metavar="PDF", help="PDF files")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--out", metavar="DIR", help="also write <DIR>/<pdf name>.webp thumbnails")
    parser.add_argument("--size", default="400x280", metavar="WxH",
                        help="thumbnail box to fit in (default 400x280)")
    parser.set_defaults(run=_figure_cli)


def _parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m or int(m.group(1)) < 8 or int(m.group(2)) < 8:
        raise SystemExit(f"vconf figure: --size {text!r}: expected WIDTHxHEIGHT, e.g. 400x280")
    return int(m.group(1)), int(m.group(2))


def _figure_cli(args: argparse.Namespace) -> int:
    _skip_layout_model()  # this process does nothing else with PyMuPDF: skip the layout model
    size = _parse_size(args.size)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    status = 0
    for pdf in args.pdfs:
        record: dict[str, Any]
        try:
            fig = find_figure(pdf)
            record = fig.as_json()
            if out is not None and fig.bbox is not None:
                target = out / (Path(pdf).stem + ".webp")
                _write_if_changed(target, render_figure(pdf, fig, size))
                record["thumbnail"] = str(target)
        except ThumbnailError as exc:
            status = 1
            record = {"pdf": pdf, "page": None, "bbox": None, "error": str(exc)}
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        elif "error" in record:
            print(f"vconf figure: {record['error']}", file=sys.stderr)
        elif record["bbox"] is None:
            print(f"{pdf}: no figure found")
        else:
            x0, y0, x1, y1 = record["bbox"]
            line = f"{pdf}: page {record['page']}, box ({x0}, {y0}) - ({x1}, {y1}) pt"
            print(line + (f" -> {record['thumbnail']}" if "thumbnail" in record else ""))
    return status
