"""Benchmark the schedule page at conference scale in headless Chromium; one figure per line.

    PYTHONPATH=. python benchmarks/bench_schedule.py [--sessions 1000] [--runs 7]

Builds a generated programme (benchmarks/generate_schedule.py: five days, up to 30 sessions
in parallel, every kind; with ``-D vconf_embedding_model=tfidf``, no map, no thumbnails),
serves it and opens ``schedule.html`` at 1366x900 in New York time, then prints:

- ``build-s``: the Sphinx build (context, not a goal).
- ``interactive-ms``: from navigation start until the calendar is drawn and answers
  (``vconf.schedule.ready`` resolved); goal < 1000 ms. Median of ``--runs`` fresh loads.
- ``switch-view-ms-<to>``, ``switch-day-ms``, ``switch-zone-ms``: from the click (or the zone
  change) until the next frame is painted, the redraw and its layout included; goal < 100 ms.
  Medians of ``--runs``.
- ``sessions``, ``boxes-week``, ``more-week``: what was drawn (events and "+N more").
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_schedule import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Time from an action to the next painted frame (two rAFs: the frame after the one that
# ran the redraw's layout).
TIMED = """async (act) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await frame();
  const t0 = performance.now();
  if (act.click) document.querySelector(act.click).click();
  if (act.tz) vconf.setTz(act.tz);
  void document.getElementById('vconf-schedule').offsetHeight;
  await frame();
  return performance.now() - t0;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from browser import serve
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        prog = generate(dest / "src", sessions=args.sessions)
        t = time.perf_counter()
        cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(dest / "doctrees"),
               "-D", f"vconf_cache_dir={dest / 'cache'}", str(dest / "src"), str(dest / "html")]
        subprocess.run(cmd, check=True, cwd=ROOT)
        print(f"sessions: {len(prog['sessions'])}")
        print(f"build-s: {time.perf_counter() - t:.1f}")
        with serve(dest / "html") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            url = f"{base}schedule.html?tz=America/New_York&view=week"
            loads = []
            for _ in range(args.runs):
                page.goto(url)
                loads.append(page.evaluate("vconf.schedule.ready.then(() => performance.now())"))
            print(f"interactive-ms: {statistics.median(loads):.0f} (goal < 1000)")
            print(f"boxes-week: {page.locator('#vconf-cal .vconf-cal-event').count()}")
            print(f"more-week: {page.locator('#vconf-cal .vconf-cal-more').count()}")
            times: dict[str, list[float]] = {}
            for _ in range(args.runs):
                for name, act in [("switch-view-ms-day", {"click": "[data-view=day]"}),
                                  ("switch-day-ms", {"click": ".vconf-schedule-days [aria-selected=false]"}),
                                  ("switch-view-ms-list", {"click": "[data-view=list]"}),
                                  ("switch-view-ms-week", {"click": "[data-view=week]"}),
                                  ("switch-zone-ms", {"tz": "Asia/Kolkata"}),
                                  ("switch-zone-ms", {"tz": "America/New_York"})]:
                    times.setdefault(name, []).append(page.evaluate(TIMED, act))
            for name, values in times.items():
                print(f"{name}: {statistics.median(values):.0f} (goal < 100; max {max(values):.0f})")
            browser.close()


if __name__ == "__main__":
    main()
