"""The search benchmark: what a reader downloads and waits for, on a built site.

On a site built by vconf (e.g. 5,000 papers: ``benchmarks/generate.py DEST --papers 5000``,
then ``sphinx-build -b html -d DEST/_build/doctrees DEST DEST/_build/html``), in one run:

* the index on disk: ``_vconf/search/`` (files, total, largest shard) and Sphinx's
  ``searchindex.js`` beside it (the baseline: one file, loaded whole before any result);
* the index build time, measured directly: the model loaded, then ``search.conference_docs``
  and ``search.build`` timed; with ``--cold-build-s`` (or ``--build-log`` holding GNU time's
  "Elapsed" line) its share of the cold build;
* in headless Chromium with a cold cache, the site served under a sub-path: bytes of the
  index transferred before the first result, and the time from each keystroke (keydown) to
  its results in the page and laid out (and to the next frame), typing queries letter by
  letter: median and p95 over all keystrokes, and over those answered from loaded shards;
* with ``--pagefind BIN`` (``pip install 'pagefind[bin]'``): Pagefind on the same site, its
  indexing time and the bytes before its first 8 results' data, for the engine choice.

    python benchmarks/bench_search.py SITE_DIR --src PROJECT_DIR [--cold-build-s S | --build-log LOG]
        [--pagefind PATH] [--queries "graph neural" ...]

Prints one ``name: value`` per line.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from sphinxext_vconf import model, search  # noqa: E402
from sphinxext_vconf.data import ConferenceData  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PREFIX = "/conf/"
QUERIES = ["graph neural networks", "reinforcment learning", "poster session 3", "diffusion model",
           "transformer attention", "bayesian optimization", "language model evaluation", "kernel"]


def report(name: str, value: object, note: str = "") -> None:
    print(f"{name}: {value}" + (f"  ({note})" if note else ""), flush=True)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


# ---------------------------------------------------------------- on disk, build time


def on_disk(site: Path) -> None:
    folder = site / search.DIR
    files = sorted(folder.iterdir())
    shards = [f for f in files if f.name.startswith("t.")]
    report("index-files", len(files))
    report("index-kb", f"{sum(f.stat().st_size for f in files) / 1024:.0f}")
    report("index-largest-shard-kb", f"{max(f.stat().st_size for f in shards) / 1024:.1f}")
    report("manifest-kb", f"{(folder / 'manifest.json').stat().st_size / 1024:.1f}")
    sphinx_index = site / "searchindex.js"
    if sphinx_index.is_file():
        report("sphinx-searchindex-kb", f"{sphinx_index.stat().st_size / 1024:.0f}",
               "Sphinx's index: the whole file before its first result")


def build_time(src: Path, cold_s: float | None) -> None:
    conf = model.load((src / "data").resolve(), root=src.resolve())
    data = ConferenceData(conf=conf, srcdir=src, data_dir=src / "data", cache_dir=src / "_build")
    t0 = time.perf_counter()
    docs = search.order(search.conference_docs(data, lambda d: f"{d}.html"))
    files = search.build(docs)
    seconds = time.perf_counter() - t0
    report("index-build-s", f"{seconds:.2f}", f"{len(docs)} documents, {len(files)} files (pages not included)")
    if cold_s:
        report("cold-build-s", f"{cold_s:.0f}")
        report("index-build-share", f"{100 * seconds / cold_s:.1f}%", "goal <= 10%")


# ---------------------------------------------------------------- in the browser


class Counting(http.server.SimpleHTTPRequestHandler):
    prefix = PREFIX
    sent: list[tuple[str, int]] = []

    def translate_path(self, path: str) -> str:
        path = path.split("?")[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path.split("?")[0], len(data)))

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    sent: list[tuple[str, int]] = []
    handler = type("H", (Counting,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", sent
    finally:
        server.shutdown()
        server.server_close()


MEASURE = """() => {
  window.__keys = [];
  const input = document.querySelector('.vconf-search-input');
  // the keystroke: keydown, before any input listener (with the shards loaded, the search's
  // own input listener has answered before a later input listener would even run)
  window.addEventListener('keydown', () => { window.__t0 = performance.now(); window.__b0 = vconf.search.bytes; }, true);
  document.addEventListener('vconf:search-results', (e) => {
    if (e.detail.query !== input.value) return;
    const t0 = window.__t0, fetched = vconf.search.bytes > window.__b0;
    const compute = vconf.search.timings[vconf.search.timings.length - 1];
    document.getElementById('vconf-search-results').getBoundingClientRect(); // style and layout done
    const laid = performance.now() - t0;
    requestAnimationFrame(() => setTimeout(() => window.__keys.push([laid, fetched, compute, performance.now() - t0]), 0));
  });
}"""


def browser(site: Path, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site) as (base, sent), sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        firsts = []
        for q in queries[:3]:  # cold: a new context each (an empty cache)
            ctx = b.new_context(viewport={"width": 1366, "height": 900})
            page = ctx.new_page()
            page.goto(base + "index.html")
            page.wait_for_load_state("load")
            sent.clear()
            page.keyboard.press("Control+K")
            page.wait_for_selector(".vconf-search-input:focus")
            page.evaluate("""() => document.addEventListener('vconf:search-results', (e) => {
              if (e.detail.count && window.__first === undefined) window.__first = vconf.search.bytes;
            })""")
            page.keyboard.type(q, delay=60)
            page.wait_for_function("q => document.getElementById('vconf-search-results').dataset.query === q", arg=q)
            kb = page.evaluate("window.__first") / 1024
            whole = sum(n for path, n in sent if "/_vconf/search/" in path) / 1024
            firsts.append(kb)
            report(f"first-result-kb[{q}]", f"{kb:.0f}",
                   f"index bytes before the first result shown; {whole:.0f} KB by the last letter")
            ctx.close()
        report("first-result-kb-max", f"{max(firsts):.0f}", "goal <= 300 KB; index files, uncompressed; figures load after, lazily")

        ctx = b.new_context(viewport={"width": 1366, "height": 900})
        page = ctx.new_page()
        page.goto(base + "index.html")
        page.keyboard.press("Control+K")
        page.wait_for_selector(".vconf-search-input:focus")
        page.evaluate(MEASURE)
        for q in queries:
            page.fill(".vconf-search-input", "")
            for ch in q:
                n = page.evaluate("window.__keys.length")
                page.keyboard.type(ch)
                # answered, or nothing to answer (a lone letter is no search term)
                page.wait_for_function("""n => window.__keys.length > n
                    || !vconfMatch.parse(document.querySelector('.vconf-search-input').value).terms.length""", arg=n)
                page.wait_for_timeout(60)  # a fast typist: ~ 15 letters a second
            page.wait_for_function("q => document.getElementById('vconf-search-results').dataset.query === q", arg=q)
        page.wait_for_timeout(300)
        keys = page.evaluate("window.__keys")
        ctx.close()
        b.close()
    ms = [k[0] for k in keys]
    loaded = [k[0] for k in keys if not k[1]]
    report("keystrokes", len(ms))
    report("keystroke-ms-median", f"{statistics.median(ms):.1f}",
           "keydown to results in the DOM and laid out; all keystrokes, shard loads included")
    report("keystroke-ms-p95", f"{pct(ms, 0.95):.1f}")
    report("keystroke-compute-ms-median", f"{statistics.median(k[2] for k in keys):.1f}",
           "the search's own work: ranking, rows, DOM (from its input listener)")
    frame = [k[3] for k in keys]
    report("keystroke-next-frame-ms-median", f"{statistics.median(frame):.1f}",
           "to the next animation frame after the results were laid out (headless frame scheduling)")
    report("keystroke-next-frame-ms-p95", f"{pct(frame, 0.95):.1f}")
    if loaded:
        report("keystroke-loaded-ms-median", f"{statistics.median(loaded):.1f}", "goal <= 50 ms; no download needed")
        report("keystroke-loaded-ms-p95", f"{pct(loaded, 0.95):.1f}", "goal <= 150 ms")


def pagefind(site: Path, binary: str, queries: list[str]) -> None:
    """Pagefind on the same pages, for comparison (its output removed afterwards)."""
    from playwright.sync_api import sync_playwright

    out = site / "_pagefind_bench"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([binary, "--site", str(site), "--output-path", str(out), "--glob", "**/*.html"],
                   check=True, capture_output=True)
    report("pagefind-index-s", f"{time.perf_counter() - t0:.1f}")
    report("pagefind-index-kb", f"{sum(f.stat().st_size for f in out.rglob('*') if f.is_file()) / 1024:.0f}")
    try:
        with serve(site) as (base, sent), sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for q in queries[:3]:
                ctx = b.new_context()
                page = ctx.new_page()
                page.goto(base + "index.html")
                sent.clear()
                ms = page.evaluate("""async ([url, q]) => {
                  const t0 = performance.now();
                  const pf = await import(url);
                  await pf.init();
                  const r = await pf.search(q);
                  await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
                  return performance.now() - t0;
                }""", [base + "_pagefind_bench/pagefind.js", q])
                kb = sum(n for path, n in sent if "_pagefind_bench" in path) / 1024
                report(f"pagefind-first-result-kb[{q}]", f"{kb:.0f}", f"{ms:.0f} ms, {len(sent)} requests")
                ctx.close()
            b.close()
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="the built site (its _vconf/search/ holds the index)")
    ap.add_argument("--src", type=Path, help="the project (its data/ folder): times the indexer directly")
    ap.add_argument("--cold-build-s", type=float)
    ap.add_argument("--build-log", type=Path, help="a log with GNU time's 'Elapsed (wall clock)' line")
    ap.add_argument("--pagefind", help="the pagefind binary, to compare with")
    ap.add_argument("--queries", nargs="*", default=QUERIES)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    cold = args.cold_build_s
    if cold is None and args.build_log:
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", args.build_log.read_text())
        if m:
            cold = int(m[1] or 0) * 3600 + int(m[2]) * 60 + float(m[3])
    on_disk(args.site)
    if args.src:
        build_time(args.src, cold)
    if not args.no_browser:
        browser(args.site, args.queries)
    if args.pagefind:
        pagefind(args.site, args.pagefind, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
