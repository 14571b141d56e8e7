"""Figure finding on 20 real ICML papers with human-annotated figure boxes.

Prints one figure per line: the hit rate (the chosen box overlaps a gold *figure* box of
the same page with IoU >= 0.5, over the papers that have figures), PDFs per second for
finding alone and for finding + rendering, and the same for a baseline measured in the
same run ("largest raster image only") with the ratios.

    .venv/bin/python benchmarks/bench_thumbnails.py [--verbose] [--repeat N] [--copies N]

Data: ../shared/data/icml-figures-gold (annotations.json: boxes in PDF points at 72 dpi,
origin top left, pages 1-based).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinxext_vconf.model import Author, Paper
from sphinxext_vconf.thumbnails import Figure, find_figure, make_thumbnails, render_figure

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "icml-figures-gold"


def iou(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def load_gold(root: Path = GOLD) -> dict[str, list[dict]]:
    """doc id -> gold figures (not tables), boxes converted to PDF points."""
    data = json.loads((root / "annotations.json").read_text())
    gold: dict[str, list[dict]] = {}
    for doc_id, doc in data.items():
        figs = []
        for f in doc["figures"]:
            if f["figure_type"] != "Figure":
                continue
            k = 72.0 / float(f.get("dpi", 72.0))  # annotations may be in pixels at some dpi
            figs.append({"page": int(f["page"]), "box": [v * k for v in f["region_bb"]],
                         "name": f["name"]})
        gold[doc_id] = figs
    return gold


def is_hit(fig: Figure, figs: list[dict]) -> bool:
    return fig.bbox is not None and any(
        g["page"] == fig.page and iou(fig.bbox, g["box"]) >= 0.5 for g in figs
    )


def hit_rate(results: dict[str, Figure], gold: dict[str, list[dict]]) -> tuple[int, int]:
    with_figs = [d for d in gold if gold[d]]
    return sum(is_hit(results[d], gold[d]) for d in with_figs), len(with_figs)


def largest_image(pdf: Path) -> Figure:
    """Baseline: the largest raster image in the document."""
    import pymupdf

    best = None
    with pymupdf.open(pdf) as doc:
        for pno, page in enumerate(doc, 1):
            for info in page.get_image_info():
                r = pymupdf.Rect(info["bbox"]) & page.rect
                if r.is_empty:
                    continue
                if best is None or r.get_area() > best[0]:
                    best = (r.get_area(), pno, tuple(r))
    return Figure(str(pdf), best[1], best[2]) if best else Figure(str(pdf), None, None)


def _find_render(finder, pdf: Path, outdir: Path) -> Figure:
    fig = finder(pdf)
    if fig.bbox is not None:
        (outdir / (pdf.stem + ".webp")).write_bytes(render_figure(pdf, fig))
    return fig


def _run(finder, pdfs: list[Path], repeat: int, render: bool, jobs: int = 1) -> tuple[dict[str, Figure], float, float]:
    """Figures, PDFs per wall-clock second, PDFs per CPU second (this process and workers)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        c0, t0 = _cpu(), time.perf_counter()
        for _ in range(repeat):
            if jobs > 1:  # forked workers: the start-up is part of the time
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
                    if render:
                        figs = list(pool.map(_find_render, [finder] * len(pdfs), pdfs, [out] * len(pdfs)))
                    else:
                        figs = list(pool.map(finder, pdfs))
            else:
                figs = [(_find_render(finder, p, out) if render else finder(p)) for p in pdfs]
        dt, dc = time.perf_counter() - t0, _cpu() - c0
    n = len(pdfs) * repeat
    return {p.stem: f for p, f in zip(pdfs, figs, strict=True)}, n / dt, n / dc


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _build(pdfs: list[Path], copies: int, jobs: int, cache: Path | None) -> tuple[float, str]:
    """make_thumbnails as the build runs it: papers per wall-clock second, and its counts."""
    papers = [Paper(id=f"{p.stem}-{k}", title=p.stem, authors=[Author("A")], pdf=f"pdfs/{p.name}")
              for k in range(copies) for p in pdfs]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        result = make_thumbnails(papers, srcdir=GOLD, outdir=Path(tmp), cache_dir=cache, jobs=jobs)
        dt = time.perf_counter() - t0
    return len(papers) / dt, str(result.stats)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="one line per paper")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the PDFs for timing")
    ap.add_argument("--copies", type=int, default=3,
                    help="papers per PDF in the make_thumbnails runs (distinct ids, no cache)")
    args = ap.parse_args(argv)
    if not GOLD.is_dir():
        print(f"no gold data at {GOLD}", file=sys.stderr)
        return 1
    gold = load_gold()
    pdfs = sorted(GOLD.glob("pdfs/*.pdf"))
    import pymupdf  # noqa: F401 - imported before the clocks start (1-2 s, once per process)
    from PIL import Image  # noqa: F401
    print(f"papers: {len(pdfs)} ({sum(1 for d in gold if gold[d])} with figures)")

    ours, ours_find, ours_find_cpu = _run(find_figure, pdfs, args.repeat, False)
    _, ours_both, ours_both_cpu = _run(find_figure, pdfs, args.repeat, True)
    _, ours_find2, _ = _run(find_figure, pdfs, args.repeat, False, jobs=2)
    _, ours_both2, _ = _run(find_figure, pdfs, args.repeat, True, jobs=2)
    base, base_find, base_find_cpu = _run(largest_image, pdfs, args.repeat, False)
    _, base_both, base_both_cpu = _run(largest_image, pdfs, args.repeat, True)
    build1, stats1 = _build(pdfs, args.copies, 1, None)
    build2, stats2 = _build(pdfs, args.copies, 2, None)
    with tempfile.TemporaryDirectory() as cache:
        _build(pdfs, 1, 1, Path(cache))
        cached, stats_cached = _build(pdfs, 1, 1, Path(cache))

    hits, n = hit_rate(ours, gold)
    bhits, _ = hit_rate(base, gold)
    if args.verbose:
        for doc_id in sorted(gold, key=lambda d: (d.split("_")[0], int(d.split("_")[1]))):
            f = ours[doc_id]
            best = max((iou(f.bbox, g["box"]) for g in gold[doc_id] if g["page"] == f.page),
                       default=0.0) if f.bbox else 0.0
            mark = "no figures" if not gold[doc_id] else ("HIT " if is_hit(f, gold[doc_id]) else "MISS")
            box = [round(v) for v in f.bbox] if f.bbox else None
            print(f"  {doc_id:10} {mark:10} page {f.page} box {box} iou {best:.2f}")
    negatives = [d for d in gold if not gold[d]]
    print(f"thumbnail-hit-rate: {hits / n:.3f} ({hits}/{n})")
    print(f"baseline-hit-rate: {bhits / n:.3f} ({bhits}/{n}) [largest raster image only]")
    print(f"hit-rate-ratio: {hits / bhits:.2f}" if bhits else "hit-rate-ratio: inf (baseline 0)")
    print(f"no-figure-papers-with-a-box: {sum(ours[d].bbox is not None for d in negatives)}/{len(negatives)} "
          "(papers without gold figures; tables-only or none)")
    print(f"pdfs-per-second: {ours_find:.1f} (find only, 1 process)")
    print(f"pdfs-per-second: {ours_find2:.1f} (find only, 2 forked processes)")
    print(f"pdfs-per-second: {ours_both:.1f} (find + render WebP 800x560 card, 1 process)")
    print(f"pdfs-per-second: {ours_both2:.1f} (find + render, 2 forked processes; goal >= 10)")
    print(f"pdfs-per-cpu-second: {ours_find_cpu:.1f} (find only), {ours_both_cpu:.1f} (find + render)")
    print(f"baseline-pdfs-per-second: {base_find:.1f} (find only), {base_both:.1f} (find + render)")
    print(f"baseline-pdfs-per-cpu-second: {base_find_cpu:.1f} (find only), {base_both_cpu:.1f} (find + render)")
    print(f"speed-ratio: {ours_find / base_find:.2f} (find only), {ours_both / base_both:.2f} (find + render)")
    print(f"make-thumbnails-papers-per-second: {build1:.1f} (jobs=1), {build2:.1f} (jobs=2, spawned "
          f"workers), ratio {build2 / build1:.2f} [{stats1}]")
    print(f"make-thumbnails-papers-per-second: {cached:.1f} (all cached) [{stats_cached}]")
    print(f"load-average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock figures shrink under load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
