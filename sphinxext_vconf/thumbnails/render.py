"""Rendering thumbnails: the whole figure, at the card's aspect ratio, at 2x pixels, in WebP.

A card shows its image at a fixed aspect ratio (``size``, 400x280 CSS pixels by default).
The figure is rendered so that all of it shows: scaled to fit the card and centred on a
white canvas of exactly the card's aspect (a figure never gets cropped by the card), at
twice the card's CSS pixels so it stays sharp on high-density screens.  Each WebP stays
within a size budget: the quality steps down until it fits.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .finder import Figure, ThumbnailError, open_pdf

SCALE = 2  # device pixels per CSS pixel of the card
WEBP_QUALITIES = (80, 70, 60, 50, 40)  # tried in turn until the image fits the budget
BUDGET = 60_000  # bytes per thumbnail
MARGIN = 4.0  # points of air around the figure (not the descenders of the text line above)
MAX_ZOOM = 8.0  # a tiny figure is not blown up beyond 576 dpi


def canvas_size(size: tuple[int, int]) -> tuple[int, int]:
    return size[0] * SCALE, size[1] * SCALE


def render_figure(pdf_path: Path | str, figure: Figure, size: tuple[int, int] = (400, 280)) -> bytes:
    """The whole figure as WebP bytes of exactly ``size`` x 2 pixels (the card's aspect)."""
    doc = open_pdf(pdf_path)
    try:
        return render_in(doc, figure, size)
    finally:
        doc.close()


def render_in(doc: Any, figure: Figure, size: tuple[int, int]) -> bytes:
    import pymupdf
    from PIL import Image

    if figure.page is None or figure.bbox is None:
        raise ValueError("no figure to render")
    page = doc[figure.page - 1]
    x0, y0, x1, y1 = figure.bbox
    clip = pymupdf.Rect(x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN) & page.rect
    cw, ch = canvas_size(size)
    # Rendered at the final size: MuPDF's anti-aliasing keeps thin plot lines visible.
    zoom = min(cw / clip.width, ch / clip.height, MAX_ZOOM)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False, annots=False)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    return encode(img, size)


def fit_canvas(img: Any, size: tuple[int, int]) -> Any:
    """The image scaled to fit the card (never up by more than it needs) and centred on a
    white canvas of exactly the card's aspect ratio."""
    from PIL import Image

    cw, ch = canvas_size(size)
    if img.mode != "RGB":
        bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, img.convert("RGBA")).convert("RGB")
    scale = min(cw / img.width, ch / img.height)
    target = (max(1, min(cw, round(img.width * scale))), max(1, min(ch, round(img.height * scale))))
    if target != img.size:
        img = img.resize(target, Image.Resampling.LANCZOS)
    out = Image.new("RGB", (cw, ch), (255, 255, 255))
    out.paste(img, ((cw - img.width) // 2, (ch - img.height) // 2))
    return out


def encode(img: Any, size: tuple[int, int]) -> bytes:
    """WebP of the card's exact pixel size, within the byte budget where quality allows."""
    img = fit_canvas(img, size)
    data = b""
    for quality in WEBP_QUALITIES:
        buf = io.BytesIO()
        img.save(buf, format="WEBP", quality=quality, method=2)  # half the time of 4, 3% larger
        data = buf.getvalue()
        if len(data) <= BUDGET:
            break
    return data


def author_image(path: Path, size: tuple[int, int]) -> bytes:
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
            doc = open_any(path)
            try:
                page = doc[0]
                zoom = min(canvas_size(size)[0] / page.rect.width, canvas_size(size)[1] / page.rect.height)
                pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
                img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            finally:
                doc.close()
        if img.mode not in ("RGB", "RGBA"):
            alpha = "A" in img.getbands() or "transparency" in img.info
            img = img.convert("RGBA" if alpha else "RGB")
        return encode(img, size)
    except ThumbnailError:
        raise
    except Exception as exc:
        raise ThumbnailError(f"{path}: cannot convert the image ({exc})") from None


def open_any(path: Path) -> Any:
    import pymupdf

    try:
        doc = pymupdf.open(path)
    except Exception as exc:
        raise ThumbnailError(f"{path}: not an image PyMuPDF or Pillow can read ({exc})") from None
    if doc.needs_pass or doc.page_count == 0:
        doc.close()
        raise ThumbnailError(f"{path}: not a readable image")
    return doc


