"""The build step: one thumbnail per paper (author image, PDF figure or placeholder)."""

from __future__ import annotations

import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data import atomic_write
from .cache import Cache
from .finder import ThumbnailError, figure_in, open_pdf
from .placeholder import author_alt, figure_alt, placeholder_alt, placeholder_svg
from .render import author_image, render_in

if TYPE_CHECKING:
    from ..model import Paper

THUMBS_DIR = "_vconf/thumbs"
# With make_thumbnails(jobs=N > 1): uncached PDFs needed before rendering moves to worker
# processes.  A worker costs ~1 s of CPU to start (Python, PyMuPDF): below this, slower.
MIN_POOL_BATCH = 40


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


def _is_remote(ref: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ref))


def _render_pdf(pdf: str, size: tuple[int, int]) -> tuple[bytes | None, str]:
    """Worker: find and render one PDF.  Returns (WebP bytes or None, error message)."""
    try:
        doc = open_pdf(pdf)
        try:
            fig, _ = figure_in(doc, pdf)
            return (None if fig.bbox is None else render_in(doc, fig, size)), ""
        finally:
            doc.close()
    except ThumbnailError as exc:
        return None, str(exc)
    except Exception as exc:  # MuPDF may fail anywhere on a damaged file
        return None, f"{pdf}: cannot render the PDF ({exc})"


def skip_layout_model() -> None:
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
            with ProcessPoolExecutor(min(workers, 8), mp_context=ctx, initializer=skip_layout_model) as pool:
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

    For each paper, in order of preference: the author-supplied ``thumbnail`` (re-encoded,
    whole, at the card aspect of ``size``), the representative figure of its local ``pdf``, or an SVG
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
    cache = Cache(Path(cache_dir) if cache_dir is not None else None, size)
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
        atomic_write(thumbs / f"{paper.id}.webp", data)
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
                    data = author_image(path, size)
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
            atomic_write(thumbs / f"{paper.id}.svg", svg)
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


