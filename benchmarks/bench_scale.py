"""The scale benchmark: a NeurIPS-size conference, our build against plain Sphinx.

Generates a synthetic conference (``benchmarks/generate.py``: 5,000 papers by default,
real abstracts from ``../shared/data`` when present, sessions, workshops, speakers) and,
in one run, measures

* the ML steps uncached, each timed on its own (embeddings, UMAP, thumbnails);
* our build (``sphinx-build -j``) against a plain Sphinx + MyST + pydata-sphinx-theme build
  of the same paper pages with the same text (the baseline), with the ML cache warm:
  cold build, no-op rebuild, rebuild after editing one paper's abstract; peak memory;
* what readers download: bytes per paper page, the whole site, ``searchindex.js``,
  the gallery page, ``data/papers.json`` and ``data/gallery.json``;
* in headless Chromium: the gallery's time to interactive (navigation start to
  ``window.vconf.gallery.ready``) and the milliseconds per filter keystroke.

It prints one figure per line (``name: value``), among them ``cold-build-ratio``,
``noop-rebuild-ratio`` (ours / baseline), ``paper-page-kb``, ``filter-ms`` and
``embeddings-s``, ``umap-s``, ``thumbnails-s``.

pydata's default left sidebar holds every page of the section on every page, so the
default baseline grows with N squared (../shared/NOTES.md). The ratios use the baseline
with that sidebar removed (``html_sidebars = {"**": []}``), the faster and so the harder
one to match; the default one is built too, at ``--default-baseline-papers`` pages, and
reported beside it.

    .venv/bin/python benchmarks/bench_scale.py [--papers 5000 | --quick] [--jobs auto]
        [--keep DIR] [--no-browser] [--profile]

Timings depend on what else the machine runs: the load average is printed at the start
and the end; compare figures only from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - the sibling module, found through the path set above

REPO = HERE.parent
BIN = Path(sys.executable).parent
GOLD = generate.SHARED / "icml-figures-gold" / "pdfs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EDIT = "We also release an erratum with corrected tables."
QUERY = ["neural network", "reinforcement"]

_figures: list[tuple[str, str]] = []


def report(name: str, value: Any, note: str = "") -> None:
    """Print one figure (and keep it for the summary)."""
    if isinstance(value, float):
        value = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    _figures.append((name, str(value)))
    print(f"{name}: {value}" + (f"  # {note}" if note else ""), flush=True)


# --------------------------------------------------------------------------------------
# Running a build: wall time, peak memory of the process tree
# --------------------------------------------------------------------------------------


def _tree_kb(root: int) -> tuple[int, int]:
    """Proportional set size (shared pages split) and resident set size (shared pages
    counted in every process: an upper bound) of a process and its descendants."""
    try:
        import psutil
    except ImportError:
        return 0, 0
    pss = rss = 0
    try:
        procs = [psutil.Process(root), *psutil.Process(root).children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            with open(f"/proc/{p.pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss, rss


def run_build(src: Path, out: Path, doctrees: Path, jobs: str, log: Path, *,
              extra: list[str] | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """One ``sphinx-build``: seconds, peak RSS of its largest process, peak PSS of its tree."""
    cmd = [str(BIN / "sphinx-build"), "-b", "html", "-j", jobs, "-d", str(doctrees), *(extra or []),
           str(src), str(out)]
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = [0, 0]
    with log.open("w") as f:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=src,
                                env={**os.environ, **(env or {})})
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.5):
                pss, rss = _tree_kb(proc.pid)
                peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4: the rusage of this child and its waited-for descendants alone
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"build failed ({' '.join(cmd)}), exit status {proc.returncode}; the end of {log}:\n"
                 + "\n".join(text.splitlines()[-30:]))
    m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", text)
    return {
        "s": seconds, "rss_mb": usage.ru_maxrss / 1024, "pss_mb": peak[0] / 1024, "tree_rss_mb": peak[1] / 1024,
        "read": sum(int(x) for x in m.groups()[:2]) if m else 0,
        "warnings": len(re.findall(r"WARNING", text)),
        "log": text,
    }


def ours_cold(src: Path) -> None:
    """A fresh checkout: no output, no doctrees, no generated pages; the ML cache stays."""
    from sphinxext_vconf import pages

    shutil.rmtree(src / "_build" / "html", ignore_errors=True)
    shutil.rmtree(src / "_build" / "doctrees", ignore_errors=True)
    pages.clean(src)


def base_cold(src: Path) -> None:
    shutil.rmtree(src / "_build", ignore_errors=True)


# --------------------------------------------------------------------------------------
# ML steps, uncached, in a child process of their own (as a build would start)
# --------------------------------------------------------------------------------------


def ml_child(project: Path, cache: Path, n_pdfs: int) -> None:
    """Time embeddings, UMAP and thumbnails from an empty cache; print JSON."""
    t0 = time.perf_counter()
    from sphinxext_vconf import embeddings, model, neighbors, projection, thumbnails

    conf = model.load(project / "data", root=project)
    papers = list(conf.papers.values())
    out: dict[str, Any] = {"load_s": time.perf_counter() - t0}
    t = time.perf_counter()
    result = embeddings.embed_papers(papers, model="default", cache_dir=cache)
    out["embeddings_s"] = time.perf_counter() - t
    out["embeddings_backend"] = result.backend
    out["embeddings_computed"] = result.computed
    t = time.perf_counter()
    neighbors.similar_papers(result, k=5)
    out["similar_s"] = time.perf_counter() - t
    t = time.perf_counter()
    projection.project(result, cache_dir=cache)
    out["umap_s"] = time.perf_counter() - t
    # Thumbnails: the generated papers link remote PDFs (nothing is fetched), so time the
    # real renderer on the ICML PDFs, cycled, and scale to the conference.
    pdfs = sorted(GOLD.glob("*.pdf")) if GOLD.is_dir() else []
    with tempfile.TemporaryDirectory() as tmp:
        if pdfs and n_pdfs:
            fake = [model.Paper(id=f"t{i}", title=f"Paper {i}", authors=[], pdf=str(pdfs[i % len(pdfs)]))
                    for i in range(n_pdfs)]
            t = time.perf_counter()
            thumbnails.make_thumbnails(fake, srcdir=Path("/"), outdir=Path(tmp) / "pdf", cache_dir=None)
            out["thumbs_pdf_s"] = time.perf_counter() - t
            out["thumbs_pdf_n"] = n_pdfs
        t = time.perf_counter()
        thumbnails.make_thumbnails(papers, srcdir=project, outdir=Path(tmp) / "all", cache_dir=None)
        out["thumbs_placeholder_s"] = time.perf_counter() - t
    print("ML-RESULT " + json.dumps(out), flush=True)


def measure_ml(project: Path, cache: Path, n_pdfs: int) -> dict[str, Any]:
    shutil.rmtree(cache, ignore_errors=True)  # uncached: no embeddings, layout or numba code
    cache.mkdir(parents=True)
    proc = subprocess.run([sys.executable, __file__, "--ml-child", str(project), str(cache), str(n_pdfs)],
                          capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("ML-RESULT "):
            return json.loads(line.removeprefix("ML-RESULT "))
    sys.exit(f"the ML step failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


# --------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------


def sizes(out: Path) -> dict[str, float]:
    pages = list((out / "papers").glob("*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    res = {
        "paper_page_kb": statistics.mean(p.stat().st_size for p in pages) / 1024 if pages else 0.0,
        "site_mb": total / 2**20,
        "searchindex_kb": (out / "searchindex.js").stat().st_size / 1024,
    }
    for name in ("papers.html", "data/papers.json", "data/gallery.json"):
        if (out / name).is_file():
            res[name] = (out / name).stat().st_size / 1024
    return res


# --------------------------------------------------------------------------------------
# Chromium: the gallery
# --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TTI_JS = """async () => {
  const until = Date.now() + 60000;
  while (!(window.vconf && window.vconf.gallery) && Date.now() < until) await new Promise(r => setTimeout(r, 5));
  const api = await window.vconf.gallery.ready;
  const cards = document.querySelectorAll('#vconf-gallery li.paper-card').length;
  await (api.complete || api.ready);  // every paper taken in (the first piece came first)
  return {tti: api.timings.interactiveMs || performance.now(), init: api.timings.initMs || 0, cards,
          complete: api.timings.completeMs || api.timings.interactiveMs || performance.now(), count: api.count()};
}"""

KEY_JS = """async (q) => {
  const t0 = performance.now();
  window.vconf.gallery.filter(q);
  const t1 = performance.now();
  document.body.offsetHeight;  // style and layout of what the keystroke hid or showed
  const t2 = performance.now();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // let it paint
  return [t1 - t0, t2 - t0];
}"""


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def browser(out: Path, repeats: int = 5) -> dict[str, float] | str:
    """Time to interactive and per-keystroke filter times of papers.html, or why not."""
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "no playwright (pip install playwright)"
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                               str(out), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/papers.html"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                ttis, inits, completes = [], [], []
                errors: list[str] = []
                cards = 0
                for _ in range(repeats):
                    ctx = b.new_context(viewport={"width": 1280, "height": 900})
                    page = ctx.new_page()
                    page.on("pageerror", lambda e: errors.append(str(e)))
                    page.goto(url, wait_until="commit")
                    res = page.evaluate(TTI_JS)
                    if errors:
                        return "gallery error: " + errors[0]
                    ttis.append(res["tti"])
                    inits.append(res["init"])
                    completes.append(res["complete"])
                    cards = res["cards"]
                    ctx.close()
                ctx = b.new_context(viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                page.goto(url, wait_until="load")
                page.evaluate(TTI_JS)
                js, total = [], []
                # Type each query a key at a time, then delete it a key at a time.
                for word in QUERY:
                    steps = [word[:i] for i in range(1, len(word) + 1)]
                    steps += [word[:i] for i in range(len(word) - 1, -1, -1)]
                    for q in steps:
                        a, t = page.evaluate(KEY_JS, q)
                        js.append(a)
                        total.append(t)
                ctx.close()
            finally:
                b.close()
    finally:
        server.terminate()
        server.wait()
    return {
        "tti_ms": statistics.median(ttis), "init_ms": statistics.median(inits), "cards": cards,
        "complete_ms": statistics.median(completes),
        "filter_ms": statistics.median(total), "filter_p95_ms": _pct(total, 0.95),
        "filter_js_ms": statistics.median(js), "filter_js_p95_ms": _pct(js, 0.95), "keys": len(total),
    }


# --------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------


def profile(src: Path, work: Path) -> None:
    """cProfile of a serial cold build of ours (ML cache warm): the top of the profile."""
    import pstats

    ours_cold(src)
    prof = work / "ours-j1.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), str(BIN / "sphinx-build"), "-b", "html",
           "-j", "1", "-q", "-d", str(src / "_build" / "doctrees"), str(src), str(src / "_build" / "html")]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=src, check=True, stdout=subprocess.DEVNULL)
    report("profile-ours-j1-cold-s", time.perf_counter() - t0, f"profile in {prof}")
    stats = pstats.Stats(str(prof))
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


# --------------------------------------------------------------------------------------


def machine() -> None:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sphinx

    report("cpu", cpu or "unknown")
    report("nproc", os.cpu_count())
    report("python", platform.python_version())
    report("sphinx", sphinx.__version__)
    report("load-average", " ".join(f"{x:.2f}" for x in os.getloadavg()), "1/5/15 min, before the run")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000)
    ap.add_argument("--quick", action="store_true", help="500 papers")
    ap.add_argument("--jobs", default="auto", help="sphinx-build -j (default: auto, one per core)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument("--default-baseline-papers", type=int, default=1000,
                    help="pages of the default-sidebar baseline (O(N^2)); 0 skips it")
    ap.add_argument("--pdfs", type=int, default=0, help="PDFs for the thumbnail timing (default: 40, or 100 at full size)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-edits", action="store_true", help="leave out the edit rebuilds (the 20,000-paper run)")
    ap.add_argument("--skip-ml", action="store_true",
                    help="with --keep: reuse the ML cache of an earlier run instead of timing the ML steps")
    ap.add_argument("--profile", action="store_true", help="also cProfile a serial cold build of ours")
    ap.add_argument("--ml-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.ml_child:
        ml_child(Path(args.ml_child[0]), Path(args.ml_child[1]), int(args.ml_child[2]))
        return 0
    n = 500 if args.quick else args.papers
    n_pdfs = args.pdfs or (40 if n <= 1000 else 100)
    work = args.keep or Path(tempfile.mkdtemp(prefix="vconf-bench-"))
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    ours, base = work / "ours", work / "baseline"
    try:
        machine()
        report("papers", n)
        report("jobs", args.jobs)
        t = time.perf_counter()
        summary = generate.generate(ours, n, args.seed)
        shutil.rmtree(base, ignore_errors=True)
        generate.generate_baseline(base, n, args.seed, sidebar=False)
        report("generate-s", time.perf_counter() - t)
        report("real-abstracts", summary.real_abstracts, "drawn from ../shared/data; 0: synthetic text")
        report("sessions", summary.sessions)
        report("workshops", summary.workshops)

        # 1. The ML steps from an empty cache; this also fills the cache our builds use.
        cache = ours / "_build" / ".vconf-cache"
        if args.skip_ml and (cache / "projection").is_dir():
            ml = None
            report("ml", "skipped", f"--skip-ml: the ML cache in {cache} is reused")
        else:
            ml = measure_ml(ours, cache, n_pdfs)
        if ml:
            report("embeddings-s", ml["embeddings_s"], f"uncached, {ml['embeddings_computed']} papers, "
                   f"{ml['embeddings_backend']}, model load included")
            report("similar-s", ml["similar_s"])
            report("umap-s", ml["umap_s"], "uncached, numba compilation included")
            if "thumbs_pdf_s" in ml:
                per = ml["thumbs_pdf_s"] / ml["thumbs_pdf_n"]
                report("thumbnails-s", per * n,
                       f"{ml['thumbs_pdf_n']} real PDFs (ICML, cycled) took {ml['thumbs_pdf_s']:.1f} s; scaled to {n}")
                report("thumbnail-ms-per-pdf", per * 1000)
            else:
                report("thumbnails-s", ml["thumbs_placeholder_s"], "no PDFs in ../shared/data: placeholders only")
            report("thumbnails-placeholder-s", ml["thumbs_placeholder_s"],
                   "what this build does: the generated papers link remote PDFs")

        # 2-4. Cold, no-op and one-paper builds, ours and the baseline in turn.
        res: dict[str, dict[str, Any]] = {}
        logs = work / "logs"
        for name, src, cold in (("ours", ours, ours_cold), ("baseline", base, base_cold)):
            cold(src)
            out, dt = src / "_build" / "html", src / "_build" / "doctrees"
            res[f"{name}-cold"] = run_build(src, out, dt, args.jobs, logs / f"{name}-cold.log")
            res[f"{name}-noop"] = run_build(src, out, dt, args.jobs, logs / f"{name}-noop.log")
        mid = f"p{n // 2:0{max(4, len(str(n)))}d}"
        edits = () if args.no_edits else (("edit", EDIT, "abstract"), ("edit-title", "(v2)", "title"))
        # A title edit changes the paper's embedding (the end of a long abstract may fall past
        # the model's 256 tokens): new similar papers, a new map, other pages rewritten.
        for key, words, field in edits:
            generate.edit_paper(ours, summary, mid, words, field=field)
            generate.edit_baseline_paper(base, mid, words, field=field)
            for name, src in (("ours", ours), ("baseline", base)):
                out, dt = src / "_build" / "html", src / "_build" / "doctrees"
                res[f"{name}-{key}"] = run_build(src, out, dt, args.jobs, logs / f"{name}-{key}.log")
        for key, r in res.items():
            report(f"{key}-s", r["s"], f"{r['read']} pages read, {r['warnings']} warnings")
        for key in ("ours-cold", "baseline-cold"):
            report(f"{key}-peak-rss-mb", res[key]["rss_mb"], "largest process")
            report(f"{key}-peak-pss-mb", res[key]["pss_mb"], "whole process tree, sampled")
            report(f"{key}-peak-tree-rss-mb", res[key]["tree_rss_mb"],
                   "whole process tree, shared pages counted in each process, sampled")
        for key in ("ours-noop", "ours-edit", "ours-edit-title"):
            if key not in res:
                continue
            log = res[key]["log"]
            if "since the last build: reused" in log:
                report(f"{key}-what", "conference data, generated pages and published files reused")
                continue
            emb = re.search(r"embeddings: (\d+) computed", log)
            pg = re.search(r"vconf: pages: (\d+) written", log)
            umap = "recomputed" if "computing the UMAP layout" in log else "cached"
            report(f"{key}-what", f"{emb.group(1) if emb else '?'} embeddings computed, map {umap}, "
                   f"{pg.group(1) if pg else '?'} pages regenerated")

        # 5. Sizes.
        so, sb = sizes(ours / "_build" / "html"), sizes(base / "_build" / "html")
        report("baseline-paper-page-kb", sb["paper_page_kb"])
        report("site-mb", so["site_mb"])
        report("baseline-site-mb", sb["site_mb"])
        report("searchindex-kb", so["searchindex_kb"])
        report("baseline-searchindex-kb", sb["searchindex_kb"])
        report("gallery-page-kb", so.get("papers.html", 0.0))
        report("papers-json-kb", so.get("data/papers.json", 0.0))
        report("gallery-json-kb", so.get("data/gallery.json", 0.0), "what the gallery loads")

        # The default-sidebar baseline, at a size it finishes in.
        m = min(n, args.default_baseline_papers)
        if m:
            r_nos = res["baseline-cold"]
            for sidebar in (True, False) if m < n else (True,):
                d = work / f"baseline-{m}-{'default' if sidebar else 'nosidebar'}"
                shutil.rmtree(d, ignore_errors=True)
                generate.generate_baseline(d, m, args.seed, sidebar=sidebar)
                r = run_build(d, d / "_build" / "html", d / "_build" / "doctrees", args.jobs,
                              logs / f"{d.name}.log")
                s = sizes(d / "_build" / "html")
                if sidebar:
                    r_def, s_def = r, s
                else:
                    r_nos = r
            report("baseline-default-sidebar-papers", m)
            report("baseline-default-sidebar-cold-s", r_def["s"], f"{m} pages, pydata defaults")
            report("baseline-default-sidebar-paper-page-kb", s_def["paper_page_kb"])
            report("baseline-default-sidebar-site-mb", s_def["site_mb"])
            report("baseline-default-vs-nosidebar-cold", r_def["s"] / r_nos["s"], f"at {m} pages")

        report("baseline", "pydata-sphinx-theme defaults, html_sidebars {'**': []}",
               "the ratios below use this one: the default sidebar grows with N^2")
        report("cold-build-ratio", res["ours-cold"]["s"] / res["baseline-cold"]["s"],
               "goal <= 1.3 (5,000 papers), <= 1.5 (20,000)")
        report("noop-rebuild-ratio", res["ours-noop"]["s"] / res["baseline-noop"]["s"], "goal <= 1.0")
        if not args.no_edits:
            report("edit-rebuild-ratio", res["ours-edit"]["s"] / res["baseline-edit"]["s"], "abstract edited; goal <= 1.5")
            report("edit-title-rebuild-ratio", res["ours-edit-title"]["s"] / res["baseline-edit-title"]["s"],
                   "goal <= 1.5")
        report("peak-memory-ratio", res["ours-cold"]["pss_mb"] / max(res["baseline-cold"]["pss_mb"], 1),
               "peak PSS of the process trees; goal <= 1.3")
        report("peak-rss-mb", res["ours-cold"]["tree_rss_mb"], "cold build, whole process tree (RSS summed); "
               "goal <= 3000 at 20,000 papers")
        report("paper-page-kb", so["paper_page_kb"], "goal <= 40")

        # 6. The gallery in Chromium.
        if not args.no_browser:
            b = browser(ours / "_build" / "html")
            if isinstance(b, str):
                report("browser", "skipped", b)
            else:
                report("gallery-cards", b["cards"])
                report("gallery-tti-ms", b["tti_ms"], "navigation start to vconf.gallery.ready, median of 5")
                report("gallery-init-ms", b["init_ms"], "the gallery script's own start-up")
                report("gallery-complete-ms", b["complete_ms"],
                       "navigation start to every paper taken in (gallery.json after gallery-first.json)")
                report("filter-js-ms", b["filter_js_ms"], "median, the filter call alone")
                report("filter-js-p95-ms", b["filter_js_p95_ms"])
                report("filter-p95-ms", b["filter_p95_ms"], f"{b['keys']} keystrokes")
                report("filter-ms", b["filter_ms"], "median per keystroke, filter + style and layout; goal <= 16")
        if args.profile:
            profile(ours, work)
        report("load-average-end", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"# kept: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
