"""Benchmark "My agenda" at conference scale; one figure per line.

    PYTHONPATH=. python benchmarks/bench_agenda.py [--papers 5000] [--dim 384] [--no-site]

- ``embeddings-bytes``: what "papers for you" downloads (``data/embeddings.i8`` and
  ``data/embeddings.json``, as :func:`sphinxext_vconf.agenda.embeddings_files` writes them)
  for ``--papers`` synthetic ``--dim``-dimensional vectors (clusters plus noise, L2-normalised,
  as MiniLM's are); goal <= 2 MB at 5,000 x 384.
- ``recommend-ms-<k>-starred``: ``vconf.agenda.recommend`` (vconf-agenda-core.js) in headless
  Chromium over those rows, median of 9 runs, for 1, 10 and 50 starred papers; goal <= 50 ms
  (10 starred). ``exact-ms-<k>-starred``: the baseline in the same run, every component of
  every paper, with how many of its top 8 the shortlisting pass also finds.
  ``prepare-ms``: the one-off fetch, Int8Array and row norms, on a synthetic page.
- ``offline-*``: a generated ``--papers`` site (benchmarks/generate.py, synthetic abstracts,
  built with vconf and ``-D vconf_embedding_model=tfidf``, no map, no thumbnails):
  the bytes and files the service worker caches on the first visit (``shell``) and on "save the
  whole conference" (``all``), summed from ``data/offline.json``, and the build's own time.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sphinxext_vconf import agenda  # noqa: E402
from sphinxext_vconf.embeddings import EmbeddingResult  # noqa: E402

STATIC = ROOT / "theme" / "vconf" / "static"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def report(name: str, value: object, note: str = "") -> None:
    print(f"{name:32} {value}" + (f"  ({note})" if note else ""), flush=True)


def synthetic_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(n // 100, 1), dim))
    v = centres[rng.integers(0, len(centres), n)] + 0.8 * rng.normal(size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


RECOMMEND = """async ([k, runs]) => {
  const meta = await (await fetch('data/embeddings.json')).json();
  const t0 = performance.now();
  const rows = new Int8Array(await (await fetch('data/' + meta.file)).arrayBuffer());
  const norms = vconf.agenda.norms(rows, meta.ids.length, meta.dim);
  const prepare = performance.now() - t0;
  const times = [], exact = [];
  let same = 0, total = 0;
  for (let r = 0; r < runs; r++) {
    const starred = Array.from({length: k}, (_, i) => (i * 7919 + r * 104729) % meta.ids.length);
    let a = performance.now();
    const out = vconf.agenda.recommend(rows, meta.dim, norms, starred, 8, meta.lead || meta.dim);
    times.push(performance.now() - a);
    a = performance.now();
    const ref = vconf.agenda.recommend(rows, meta.dim, norms, starred, 8, meta.dim);  // every component
    exact.push(performance.now() - a);
    const want = new Set(ref.map((x) => x.index));
    same += out.filter((x) => want.has(x.index)).length;
    total += ref.length;
  }
  return {prepare, times, exact, recall: same / total};
}"""


def bench_recommend(n: int, dim: int) -> None:
    from playwright.sync_api import sync_playwright

    vectors = synthetic_vectors(n, dim)
    files = agenda.embeddings_files(EmbeddingResult(ids=[f"paper-{i:05d}" for i in range(n)], vectors=vectors,
                                                    computed=n, cached=0, backend="synthetic"))
    total = sum(len(b) for b in files.values())
    report(f"embeddings-bytes-{n}x{dim}", total, f"{total / 1e6:.2f} MB; goal <= 2 MB; "
           f"i8 {len(files['data/embeddings.i8'])}, json {len(files['data/embeddings.json'])}")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        for rel, content in files.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(content)
        (site / "vconf-agenda-core.js").write_text((STATIC / "vconf-agenda-core.js").read_text())
        (site / "index.html").write_text('<!doctype html><html><head><script src="vconf-agenda-core.js"></script>'
                                         "</head><body>synthetic page</body></html>")
        server, base = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.goto(base + "index.html")
                for k in (1, 10, 50):
                    r = page.evaluate(RECOMMEND, [k, 9])
                    if k == 1:
                        report("prepare-ms", round(r["prepare"], 1), "fetch + Int8Array + row norms, once")
                    goal = "; goal <= 50 ms" if k == 10 else ""
                    fast, exact = statistics.median(r["times"]), statistics.median(r["exact"])
                    report(f"recommend-ms-{k}-starred", round(fast, 1),
                           f"median of 9, min {min(r['times']):.1f}, max {max(r['times']):.1f}{goal}")
                    report(f"exact-ms-{k}-starred", round(exact, 1),
                           f"baseline, every component for every paper; ratio {exact / fast:.1f}x; "
                           f"top-8 agreement {r['recall']:.2f}")
                browser.close()
        finally:
            server.shutdown()


def bench_offline(n: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        generate.generate(src, n, shared=None, model="tfidf")
        out = Path(tmp) / "html"
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-j", "2", "-q", "-d", str(Path(tmp) / "doctrees"),
               "-D", "vconf_embedding_model=tfidf", "-D", "vconf_map=0", "-D", "vconf_thumbnails=0",
               "-D", f"vconf_cache_dir={Path(tmp) / 'cache'}", str(src), str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        if proc.returncode:
            raise SystemExit(proc.stderr[-3000:])
        report(f"site-build-s-{n}", round(time.perf_counter() - t0, 1), "vconf build, -j 2, tfidf, no map/thumbnails")
        manifest = json.loads((out / "data" / "offline.json").read_text())
        for part in ("shell", "all"):
            size = sum((out / rel).stat().st_size for rel in manifest[part])
            report(f"offline-{part}-bytes-{n}", size, f"{size / 1e6:.1f} MB in {len(manifest[part])} files")
        site = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        report(f"site-bytes-{n}", site, f"{site / 1e6:.1f} MB, the whole output folder")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--no-site", action="store_true", help="skip building the generated site (offline figures)")
    args = ap.parse_args()
    bench_recommend(args.papers, args.dim)
    if not args.no_site:
        bench_offline(args.papers)


if __name__ == "__main__":
    main()
