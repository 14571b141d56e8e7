"""Benchmark the paper-intelligence steps on real abstracts; one figure per line.

    .venv/bin/python benchmarks/bench_ml.py [--quick]

- ``embed-*``: embed_papers (uncached) against SentenceTransformer.encode called directly
  on the same texts with the same model object, in this run; the ratio's goal is >= 0.9.
- ``tfidf-1000-s``: the TF-IDF + SVD fallback on 1,000 abstracts.
- ``umap-<n>-s-*``: project() in a fresh process, first with an empty numba cache
  (``first-process``), then with the numba cache the first one wrote (``cached-numba``).
  The input is TF-IDF vectors of the real abstracts (repeated with words dropped to
  reach 5,000), so that the figure does not wait minutes for MiniLM.

Abstracts: ICLR 2020 and ACL 2020 from ../shared/data (about 1,600 papers).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from sphinxext_vconf import embeddings  # noqa: E402
from sphinxext_vconf.embeddings import EmbeddingResult, embed_papers  # noqa: E402
from sphinxext_vconf.model import Paper  # noqa: E402


def load_papers() -> list[Paper]:
    files = [DATA / "iclr2020-miniconf" / "papers.csv"] + [
        DATA / "acl2020-miniconf" / "sitedata" / f"{t}_papers.csv"
        for t in ("main", "tacl", "cl", "srw", "demo")
    ]
    papers: dict[str, Paper] = {}
    for file in files:
        if not file.exists():
            continue
        with file.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("abstract") and row["UID"] not in papers:
                    papers[row["UID"]] = Paper(id=row["UID"], title=row["title"], authors=[],
                                               abstract=row["abstract"])
    return list(papers.values())


def grow(papers: list[Paper], n: int) -> list[Paper]:
    """``n`` papers: the real ones, then copies with 15% of their words dropped."""
    rng = random.Random(0)
    out = list(papers[:n])
    while len(out) < n:
        p = papers[len(out) % len(papers)]
        words = [w for w in p.abstract.split() if rng.random() > 0.15]
        out.append(Paper(id=f"{p.id}~{len(out)}", title=p.title, authors=[],
                         abstract=" ".join(words)))
    return out


def figure(name: str, value: object) -> None:
    print(f"{name}: {value}", flush=True)


def bench_tfidf(papers: list[Paper]) -> None:
    subset = grow(papers, 1000)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        embed_papers(subset, model="tfidf", cache_dir=None)
        times.append(time.perf_counter() - t)
    figure("tfidf-1000-s", f"{min(times):.2f}")


def bench_embed(papers: list[Paper], n: int, chunk: int) -> None:
    """Both ways on the same chunks of ``chunk`` papers, in alternating order (the machine
    is shared: load drifts, and alternating spreads it over both fairly)."""
    subset = papers[:n]
    spec = embeddings._resolve_model("default")
    t = time.perf_counter()
    model = embeddings._load_model(spec)
    figure("model-load-s", f"{time.perf_counter() - t:.1f}")
    model.encode([p.text for p in subset[:8]], batch_size=32, show_progress_bar=False)  # warm-up

    def direct(part: list[Paper]) -> float:
        t = time.perf_counter()
        model.encode([p.text for p in part], batch_size=32, normalize_embeddings=True,
                     convert_to_numpy=True, show_progress_bar=False)
        return time.perf_counter() - t

    caches = tempfile.TemporaryDirectory()

    def ours(part: list[Paper]) -> float:
        cache = Path(caches.name) / part[0].id  # a new cache per chunk: nothing cached
        t = time.perf_counter()
        result = embed_papers(part, cache_dir=cache, batch_size=32)
        elapsed = time.perf_counter() - t
        assert result.computed == len(part)
        return elapsed

    times = {direct: 0.0, ours: 0.0}
    for i in range(0, n, chunk):
        part = subset[i:i + chunk]
        for run in (direct, ours) if (i // chunk) % 2 == 0 else (ours, direct):
            times[run] += run(part)
    t = time.perf_counter()  # the last chunk again: an unchanged rebuild
    assert embed_papers(part, cache_dir=Path(caches.name) / part[0].id).computed == 0
    cached_s = time.perf_counter() - t
    caches.cleanup()
    figure("embed-papers", n)
    figure("embed-direct-papers-per-s", f"{n / times[direct]:.1f}")
    figure("embed-vconf-papers-per-s", f"{n / times[ours]:.1f}")
    figure("embed-throughput-ratio", f"{times[direct] / times[ours]:.3f}")
    figure(f"embed-all-cached-{len(part)}-s", f"{cached_s:.3f}")
    figure("embed-peak-rss-mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def bench_umap(papers: list[Paper], sizes: list[int]) -> None:
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            vectors = embed_papers(grow(papers, n), model="tfidf", cache_dir=None).vectors
            np.save(tmp_path / "vectors.npy", vectors)
            env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba"))
            layouts = []
            for label in ("first-process", "cached-numba"):
                out = tmp_path / f"{label}.json"
                proc = subprocess.run(
                    [sys.executable, __file__, "--umap-child", str(tmp_path / "vectors.npy"),
                     "--out", str(out)],
                    env=env, capture_output=True, text=True, check=False,
                )
                if proc.returncode != 0:
                    sys.exit(f"umap child failed:\n{proc.stderr}")
                figure(f"umap-{n}-s-{label}", proc.stdout.strip().splitlines()[-1])
                layouts.append(out.read_text(encoding="utf-8"))
            figure(f"umap-{n}-deterministic", "yes" if layouts[0] == layouts[1] else "NO")


def umap_child(vectors_file: Path, out: Path) -> None:
    """Time project() in this fresh process; the layout goes to ``out``."""
    from sphinxext_vconf.projection import project

    vectors = np.load(vectors_file)
    result = EmbeddingResult([f"p{i}" for i in range(len(vectors))], vectors, 0, 0, "tfidf")
    with tempfile.TemporaryDirectory() as cache:  # an empty layout cache: UMAP runs
        t = time.perf_counter()
        coords = project(result, cache_dir=Path(cache))
        elapsed = time.perf_counter() - t
    out.write_text(json.dumps(coords, sort_keys=True), encoding="utf-8")
    print(f"{elapsed:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer papers, UMAP at 1,000 only")
    parser.add_argument("--umap-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.umap_child:
        umap_child(args.umap_child, args.out)
        return
    papers = load_papers()
    if not papers:
        sys.exit(f"no abstracts under {DATA}: the benchmark needs ../shared/data")
    figure("abstracts", len(papers))
    figure("load-average-1min", f"{os.getloadavg()[0]:.1f}")  # the machine is shared
    bench_tfidf(papers)
    bench_umap(papers, [1000] if args.quick else [1000, 5000])
    bench_embed(papers, 64 if args.quick else 384, 32 if args.quick else 64)


if __name__ == "__main__":
    main()
