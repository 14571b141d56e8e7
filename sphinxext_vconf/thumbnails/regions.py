"""Figure regions of one page: grown from captions, given labels, vetoed, scored.

A region grows from a figure caption through the graphics of its column (vector paths
and images) towards the nearest running text; figure text (axis labels, legends, plot
titles) joins it, a label widening it a little but never past its column.  Regions that
look like tables are vetoed.  The score is what a person choosing a card image weighs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .pages import Block, Box, Graphic, classify, graphics, union

MIN_SIZE = (40.0, 30.0)  # smaller regions are fragments (an icon, a glyph)

# Caption words of a figure a person would put on a card, and of one they would not.
OVERVIEW = re.compile(r"\b(overview|framework|architecture|pipeline|illustrat\w*|schemati\w*|teaser|"
                       r"approach|diagram|workflow|flow ?chart|steps|stages|process|system|method|"
                       r"concept\w*|idea|setup|example)\b", re.I)
RESULTS = re.compile(r"\b(results?|accuracy|comparisons?|compared|performance|ablation|error|loss|"
                      r"curves?|versus|vs|sensitivity|runtime|speed|histogram|distribution|convergence)\b",
                      re.I)



@dataclass
class Candidate:
    """A figure region the finder considered, with its score and its parts."""

    page: int  # 1-based
    bbox: Box  # unrotated page coordinates
    caption: str  # the caption's first words ("" for an uncaptioned graphic)
    parts: dict[str, float] = field(default_factory=dict)
    veto: str = ""  # why it cannot win ("" if it can)

    @property
    def score(self) -> float:
        return round(sum(self.parts.values()), 3)

    def as_json(self) -> dict[str, Any]:
        return {"page": self.page, "bbox": [round(v, 2) for v in self.bbox], "caption": self.caption,
                "score": self.score, "parts": {k: round(v, 3) for k, v in self.parts.items() if v},
                "veto": self.veto}


def first_sentence(text: str) -> str:
    """A caption's first sentence: a caption block may run on into the body text."""
    return re.split(r"(?<=[a-z]{2}[.!?])\s", " ".join(text.split()), maxsplit=1)[0][:200]


class PageRegions:
    """One page: its text classified, its graphics clustered (on first need)."""

    def __init__(self, page: Any, pno: int, blocks: list[Block], images: list[Box],
                 font: tuple[str, float], heads: set[str]):
        self.page, self.pno, self.font = page, pno, font
        self.width, self.height = page.rect.width, page.rect.height
        self.images = [b for b in images if b[2] > b[0] and b[3] > b[1]]
        classify(blocks, font, heads, self.width, self.height)
        self.blocks = [b for b in blocks if b.kind != "margin"]
        self.body = [b for b in self.blocks if b.kind == "body"]
        self.labels = [b for b in self.blocks if b.kind == "label"]
        self.captions = [b for b in self.blocks if b.kind in ("figure", "table")]
        self._graphics: list[Graphic] | None = None

    @property
    def graphics(self) -> list[Graphic]:
        if self._graphics is None:
            self._graphics = graphics(self.page, self.images)
        return self._graphics

    @property
    def one_column(self) -> bool:
        """Does most running text cross the middle of the page (a one-column layout)?"""
        mid = self.width / 2
        crossing = sum(len(b.text) for b in self.body if b.box[0] < mid - 20 and b.box[2] > mid + 20)
        return crossing > 0.5 * sum(len(b.text) for b in self.body)

    def span(self, box: Sequence[float]) -> tuple[float, float]:
        """The horizontal extent a caption's figure can occupy: its column, or the page."""
        mid = self.width / 2
        if (box[0] < mid - 15 and box[2] > mid + 15) or self.one_column:
            return 0.0, self.width
        return (0.0, mid) if (box[0] + box[2]) / 2 < mid else (mid, self.width)

    def candidates(self) -> list[Candidate]:
        out: list[tuple[float, Candidate]] = []
        for cap in sorted(self.captions, key=lambda b: b.box[1]):
            if cap.kind != "figure":
                continue
            found = self.region(cap)
            if found is None:
                continue
            box, parts = found
            cand = Candidate(self.pno + 1, box, " ".join(cap.text.split())[:90])
            cand.veto = self.table_like(box, parts) or _too_small(box)
            cand.parts = self.score(box, parts, cap)
            out.append((min(abs(cap.box[1] - box[3]), abs(box[1] - cap.box[3])), cand))
        # Two captions that reach the same region (one looked past its own figure): the
        # region belongs to the nearer caption.
        seen: dict[tuple[int, ...], Candidate] = {}
        for _, cand in sorted(out, key=lambda t: t[0]):
            key = tuple(round(v) for v in cand.bbox)
            if key in seen and not cand.veto:
                cand.veto = f"the region of {seen[key].caption[:12]!r}"
            seen.setdefault(key, cand)
        return [cand for _, cand in out]

    def region(self, cap: Block) -> tuple[Box, list[Graphic]] | None:
        lo, hi = self.span(cap.box)
        found = self._region(cap, lo, hi)
        if hi - lo < self.width:
            # A short caption under a figure that spans both columns: the page-wide region
            # wins when it is clearly larger (the other column has no text beside it).
            wide = self._region(cap, 0.0, self.width)
            if wide is not None and (found is None or area(wide[0]) > 1.3 * area(found[0])):
                mid = self.width / 2
                # Not when the other column holds a figure of its own beside this one.
                other = [c for c in self.captions if c is not cap and (c.box[0] + c.box[2] < self.width)
                         != (cap.box[0] + cap.box[2] < self.width) and wide[0][1] <= c.box[1] <= cap.box[3] + 40]
                if wide[0][0] < mid - 15 and wide[0][2] > mid + 15 and not other:
                    return wide
        return found

    def _region(self, cap: Block, lo: float, hi: float) -> tuple[Box, list[Graphic]] | None:
        def inside(b: Sequence[float]) -> bool:
            return lo <= (b[0] + b[2]) / 2 <= hi

        obstacles = [b.box for b in self.body + self.captions if b is not cap and inside(b.box)]
        # Captions sit below figures (and above tables) in most styles: look above first.
        ceiling = max((b[3] for b in obstacles if b[3] <= cap.box[1] + 1), default=0.0)
        found = self._chain(cap.box[1], ceiling, lo, hi, up=True)
        if found is None:
            floor = min((b[1] for b in obstacles if b[1] >= cap.box[3] - 1), default=self.height)
            found = self._chain(cap.box[3], floor, lo, hi, up=False)
        if found is None and self.scanned and cap.box[1] - ceiling >= 60:
            # A scanned page is one picture: the figure is the gap in the (OCR) text above
            # its caption, as wide as the column's text.
            column = [b.box for b in self.body if inside(b.box)] or [cap.box]
            box = (min(b[0] for b in column), ceiling + 2, max(b[2] for b in column), cap.box[1] - 2)
            found = box, [Graphic(box, images=1)]
        return found

    @property
    def scanned(self) -> bool:
        return any((b[2] - b[0]) * (b[3] - b[1]) > 0.8 * self.width * self.height for b in self.images)

    def _chain(self, start: float, limit: float, lo: float, hi: float, *, up: bool) -> tuple[Box, list[Graphic]] | None:
        """Grow a region from the caption edge through graphics and labels close together."""

        def fits(b: Sequence[float], slop: float = 2.0) -> bool:
            if not lo <= (b[0] + b[2]) / 2 <= hi:
                return False
            return limit - 2 <= b[1] and b[3] <= start + slop if up else start - slop <= b[1] and b[3] <= limit + 2

        # An image's box often carries white margins that reach under its caption's first line.
        items: list[tuple[Box, Graphic | None, Block | None]] = [
            (g.box, g, None) for g in self.graphics if fits(g.box, 12.0 if g.images else 2.0)]
        if up and not items:
            # A frame drawn around figure and caption (some journals box them): the figure
            # is the part of the frame above its caption.
            for g in self.graphics:
                x0, y0, x1, y1 = g.box
                if start - y0 >= 40 and start < y1 <= start + 80 and fits((x0, y0, x1, start)):
                    items.append(((x0, y0, x1, start - 6), g, None))  # clear of the caption
        if not items:
            return None
        items += [(b.box, None, b) for b in self.labels if fits(b.box)]
        # Walk away from the caption; stop at the first gap wider than a figure's own.
        items.sort(key=(lambda it: -it[0][3]) if up else (lambda it: it[0][1]))
        edge, gap = start, 30.0
        gbox: Box | None = None
        chosen: list[Graphic] = []
        labels: list[Block] = []
        for b, g, label in items:
            near = b[3] >= edge - gap if up else b[1] <= edge + gap
            if not near:
                break
            if g is not None:
                gbox = union(gbox, b)
                chosen.append(g)
            elif label is not None:
                if gbox is None and not _graphic_within(items, b, up, gap):
                    continue
                labels.append(label)
            edge = min(edge, b[1]) if up else max(edge, b[3])
            gap = 20.0
        if gbox is None or sum((g.box[2] - g.box[0]) * (g.box[3] - g.box[1]) for g in chosen) < 400:
            return None
        return self._with_labels(gbox, labels, lo, hi, start, up), chosen

    def _with_labels(self, gbox: Box, labels: list[Block], lo: float, hi: float, start: float, up: bool) -> Box:
        """Add the figure's own text: beside the graphics, between them and the caption, or
        a short title just beyond them; a label widens the box a little, never past its column."""
        box = gbox
        size = self.font[1]
        for b in labels:
            x0, y0, x1, y1 = b.box
            beside = min(y1, gbox[3]) - max(y0, gbox[1]) > 0.5 * (y1 - y0)
            between = (y0 >= gbox[3] - 2 and y1 <= start + 2) if up else (y1 <= gbox[1] + 2 and y0 >= start - 2)
            far_gap = (gbox[1] - y1) if up else (y0 - gbox[3])
            title = 0 <= far_gap <= 12 and b.lines <= 2 and b.size <= size + 1.0
            # Beside the graphics a label must touch them (a row label, a rotated axis
            # title); above or below it must overlap them horizontally.
            near_x = x0 <= gbox[2] + 15 and x1 >= gbox[0] - 15
            if near_x and (beside or between or title):
                box = union(box, b.box)
        return (max(box[0], lo), box[1], min(box[2], hi), box[3])

    def panels(self, seed: Graphic, gap: float = 36.0) -> tuple[Box, list[Graphic]]:
        """A graphic grown by the sizeable graphics close to it in its column (the other
        panels of a figure) and by its labels; running text between them stops it."""
        lo, hi = self.span(seed.box)
        box, parts = seed.box, [seed]
        grown = True
        while grown:
            grown = False
            for g in self.graphics:
                b = g.box
                if g in parts or not lo <= (b[0] + b[2]) / 2 <= hi or min(b[2] - b[0], b[3] - b[1]) < 30:
                    continue
                near = (b[0] - gap <= box[2] and box[0] - gap <= b[2] and b[1] - gap <= box[3]
                        and box[1] - gap <= b[3])
                merged = union(box, b)
                if near and not any(_inside(t.box, merged) for t in self.body):
                    box, grown = merged, True
                    parts.append(g)
        labels = [b for b in self.labels if _inside(b.box, (box[0] - 15, box[1] - 15, box[2] + 15, box[3] + 15))
                  or min(b.box[3], box[3]) - max(b.box[1], box[1]) > 0]
        return self._with_labels(box, labels, lo, hi, box[3], True), parts

    def text_in(self, box: Box) -> tuple[int, int]:
        """Lines and characters of the text blocks mostly inside the box."""
        lines = chars = 0
        for b in self.body + self.labels:
            x0, y0, x1, y1 = b.box
            inner = max(0.0, min(x1, box[2]) - max(x0, box[0])) * max(0.0, min(y1, box[3]) - max(y0, box[1]))
            if inner >= 0.7 * max((x1 - x0) * (y1 - y0), 1e-6):
                lines += b.lines
                chars += len(b.text)
        return lines, chars

    def table_like(self, box: Box, parts: list[Graphic]) -> str:
        """Ruled text without curves, colours or images is a table, whatever its caption says."""
        if any(g.images for g in parts) or sum(g.curves for g in parts) >= 2:
            return ""
        if len(set().union(*(g.colours for g in parts))) >= 2:
            return ""
        lines, _ = self.text_in(box)
        return "looks like a table (ruled text, no curves, colours or images)" if lines >= 4 else ""

    def score(self, box: Box, parts: list[Graphic], cap: Block | None) -> dict[str, float]:
        w, h = box[2] - box[0], box[3] - box[1]
        share = w * h / (self.width * self.height)
        _, chars = self.text_in(box)
        density = chars / max(w * h, 1.0)  # prose is about 0.017 characters per square point
        aspect = w / max(h, 1.0)
        caption = first_sentence(cap.text) if cap else ""
        colours = len(set().union(*(g.colours for g in parts))) if parts else 0
        return {
            "area": 4.0 * min(share, 0.35),
            "page": -min(0.15 * self.pno, 1.2),
            "figure 1": 0.3 if cap is not None and cap.number == 1 else 0.0,
            # Both kinds of words ("performance of the mixed method") say nothing either way.
            "overview words": 0.8 if OVERVIEW.search(caption) and not RESULTS.search(caption) else 0.0,
            "results words": -0.4 if RESULTS.search(caption) and not OVERVIEW.search(caption) else 0.0,
            "images": 0.2 if any(g.images for g in parts) else 0.0,
            "colours": 0.2 if colours >= 3 or sum(g.curves for g in parts) >= 10 else 0.0,
            "aspect": -0.6 if not 0.4 <= aspect <= 4.0 else (-0.3 if not 0.55 <= aspect <= 3.0 else 0.0),
            "text": -0.6 * min(1.0, density / 0.012),
            "small": -1.0 if w < 90 or h < 50 else 0.0,
            "no caption": -0.5 if cap is None else 0.0,
        }


def _inside(a: Sequence[float], b: Sequence[float]) -> bool:
    """Does box a's centre lie in box b?"""
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]


def area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _too_small(box: Box) -> str:
    w, h = box[2] - box[0], box[3] - box[1]
    return "too small" if w < MIN_SIZE[0] or h < MIN_SIZE[1] else ""


def _graphic_within(items: list[tuple[Box, Any, Any]], label: Box, up: bool, gap: float) -> bool:
    """Is a graphic close beyond this label (a label may sit between caption and plot)?"""
    if up:
        return any(g is not None and b[3] >= label[1] - gap for b, g, _ in items)
    return any(g is not None and b[1] <= label[3] + gap for b, g, _ in items)


def has_room(page: PageRegions, min_height: float = 60.0) -> bool:
    """Is there an image, or a tall gap in the running text where a drawing could be?

    Drawings are expensive to read; a page of wall-to-wall prose has no figure.
    """
    if any(b[2] - b[0] >= 100 and b[3] - b[1] >= min_height for b in page.images):
        return True
    if not page.body:
        return True  # no prose at all: a page of figures, or a scanned page
    top, bottom = 0.075 * page.height, 0.925 * page.height
    mid = page.width / 2
    spans = [(0.0, page.width)] if page.one_column else [(0.0, mid), (mid, page.width)]
    for lo, hi in spans:
        edges = sorted((b.box[1], b.box[3]) for b in page.body if lo <= (b.box[0] + b.box[2]) / 2 <= hi)
        y = top
        for y0, y1 in edges + [(bottom, bottom)]:
            if y0 - y >= min_height:
                return True
            y = max(y, y1)
    return False

