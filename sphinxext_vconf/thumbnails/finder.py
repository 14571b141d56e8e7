"""The figure finder: every figure region of a paper's first pages, scored; the best wins.

A cheap look at each page finds the ones with figure captions ("Figure 1:", "Fig. 2
Overview", a bold "FIGURE 3"); :mod:`.regions` grows, vetoes and scores their regions.
The score is what a person choosing a card image weighs: an early page, a large area, an
overview/architecture caption rather than a results plot, graphical content, a sane aspect
ratio and little text.  A paper without captions falls back to its largest picture or
plot (with its neighbouring panels), unless it has Table captions: then it has tables,
not figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pages import CAPTION, Box, body_font, has_caption, quick_blocks, read_blocks, running_heads
from .regions import OVERVIEW, Candidate, PageRegions, area, first_sentence, has_room

MAX_PAGES = 30  # pages searched for a figure
FIRST_PAGES = 6  # candidates come from these; later pages only when these have none


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


def open_pdf(pdf_path: Path | str) -> Any:
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
    """The representative figure of a PDF.  Raises :class:`ThumbnailError` when unreadable."""
    return explain_figure(pdf_path)[0]


def explain_figure(pdf_path: Path | str) -> tuple[Figure, list[Candidate]]:
    """The figure and every candidate considered, best first (vetoed ones last)."""
    doc = open_pdf(pdf_path)
    try:
        return figure_in(doc, pdf_path)
    finally:
        doc.close()


def figure_in(doc: Any, pdf_path: Path | str) -> tuple[Figure, list[Candidate]]:
    try:
        cands = candidates(doc)
    except Exception as exc:  # a damaged page stream: report it as the file's fault
        raise ThumbnailError(f"{pdf_path}: cannot read the PDF ({exc})") from None
    cands.sort(key=lambda c: (bool(c.veto), -c.score, c.page, c.bbox[1]))
    if not cands or cands[0].veto:
        return Figure(str(pdf_path), None, None), cands
    best = cands[0]
    box = best.bbox
    page = doc[best.page - 1]
    if page.rotation:  # text and drawings come unrotated; report the page as it is shown
        import pymupdf

        r = pymupdf.Rect(box) * page.rotation_matrix
        box = (r.x0, r.y0, r.x1, r.y1)
    return Figure(str(pdf_path), best.page, box), cands


def candidates(doc: Any) -> list[Candidate]:
    """Every figure region of the first pages (and of later ones while none is found).

    A cheap first look at each page finds those with captions; only they (and the first
    two, whose text gives the body font) are read with fonts and have their drawings read,
    and not even they when their captions cannot beat the best region found so far.
    """
    n = min(doc.page_count, MAX_PAGES)
    loaded = PageRegionss(doc)
    quick = [quick_blocks(loaded[i]) for i in range(min(n, 4))]
    heads = running_heads([texts for texts, _ in quick], loaded[0].rect.height)
    full = {i: read_blocks(loaded[i]) for i in range(min(n, 2))}
    font = body_font(list(full.values()))
    pages: list[PageRegions] = []
    out: list[Candidate] = []

    def page_at(pno: int) -> PageRegions:
        while len(quick) <= pno:
            quick.append(quick_blocks(loaded[len(quick)]))
        blocks = full[pno] if pno in full else read_blocks(loaded[pno])
        return PageRegions(loaded[pno], pno, blocks, quick[pno][1], font, heads)

    for pno in range(n):
        best = max((c.score for c in out if not c.veto), default=None)
        if pno >= FIRST_PAGES and best is not None:
            break
        while len(quick) <= pno:
            quick.append(quick_blocks(loaded[len(quick)]))
        texts = quick[pno][0]
        if has_caption(texts) and (best is None or _best_possible(texts, pno) > best):
            pages.append(page_at(pno))
            out += pages[-1].candidates()
    if not out and not any(p.captions for p in pages):
        out = _fallback([page_at(i) for i in range(min(n, FIRST_PAGES))])
    return out


class PageRegionss(dict[int, Any]):
    """Pages loaded once each (MuPDF loads a page anew at every ``doc[i]``)."""

    def __init__(self, doc: Any):
        super().__init__()
        self.doc = doc

    def __missing__(self, pno: int) -> Any:
        self[pno] = page = self.doc[pno]
        return page


def _best_possible(texts: list[tuple[Box, str]], pno: int) -> float:
    """The highest score any figure captioned on this page could reach (from its captions)."""
    best = -9.0
    for _, text in texts:
        m = CAPTION.match(text)
        if m and m.group(1)[0] in "fF":
            words = first_sentence(text)
            best = max(best, 1.4 + 0.4 + (0.3 if m.group(2) == "1" else 0.0)
                       + (0.8 if OVERVIEW.search(words) else 0.0)
                       - min(0.15 * pno, 1.2))
    return best


def _fallback(pages: list[PageRegions]) -> list[Candidate]:
    """No captions at all: sizeable pictures and plots that are not tables, with the
    panels and labels around them (a multi-panel figure without a "Figure" caption)."""
    out = []
    for page in pages[:FIRST_PAGES]:
        if not has_room(page):
            continue
        seen: set[Box] = set()
        for g in page.graphics:
            x0, y0, x1, y1 = g.box
            # Tables are ruled with straight lines; plots and diagrams have curves or
            # slanted lines, pictures are images.  Logos and icons are small.
            if x1 - x0 < 100 or y1 - y0 < 60 or not (g.images or g.curves >= 2):
                continue
            box, parts = page.panels(g)
            if box in seen:
                continue
            seen.add(box)
            cand = Candidate(page.pno + 1, box, "")
            _, chars = page.text_in(box)
            # A framed box of text over a picture (an advertisement, a text box) is no figure.
            dense = "mostly text" if chars / area(box) > 0.006 else ""
            cand.veto = page.table_like(box, parts) or dense
            cand.parts = page.score(box, parts, None)
            out.append(cand)
    return out
