"""``vconf figure``: where each PDF's figure is, why, and the thumbnail the site would show."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..data import atomic_write
from .build import skip_layout_model
from .finder import Candidate, ThumbnailError, explain_figure
from .render import render_figure


def add_cli(parser: argparse.ArgumentParser) -> None:
    """``vconf figure PDF... [--json] [--explain] [--out DIR]``."""
    parser.description = (
        "Find the representative figure of each PDF. With --json, print one JSON object a line: "
        '{"pdf": PATH, "page": N (1-based), "bbox": [x0, y0, x1, y1]} in PDF points, origin at '
        "the top left of the page; page and bbox are null where no figure was found, and an "
        '"error" key says why a PDF could not be read (exit status 1). An author-supplied '
        "thumbnail in the paper's record always wins over the figure found here."
    )
    parser.add_argument("pdfs", nargs="+", metavar="PDF", help="PDF files")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--explain", action="store_true",
                        help="list every candidate region with its score, and why the winner won "
                             '(with --json: a "candidates" list in each object)')
    parser.add_argument("--out", metavar="DIR",
                        help="write <DIR>/<pdf name>.webp: the thumbnail exactly as the site shows it")
    parser.add_argument("--size", default="400x280", metavar="WxH",
                        help="the card's image box in CSS pixels (default 400x280; rendered at 2x)")
    parser.set_defaults(run=_figure_cli)


def _parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m or int(m.group(1)) < 8 or int(m.group(2)) < 8:
        raise SystemExit(f"vconf figure: --size {text!r}: expected WIDTHxHEIGHT, e.g. 400x280")
    return int(m.group(1)), int(m.group(2))


def explain_lines(cands: list[Candidate]) -> list[str]:
    """Readable lines: each candidate with its score parts; the winner first."""
    if not cands:
        return ["  no candidate region (no figure caption, and no sizeable picture or plot)"]
    lines = []
    for i, c in enumerate(cands):
        mark = "winner" if i == 0 and not c.veto else ("vetoed" if c.veto else "      ")
        box = ", ".join(str(round(v)) for v in c.bbox)
        lines.append(f"  {mark} page {c.page} [{box}] score {c.score:+.2f}  {c.caption[:60]!r}")
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in c.parts.items() if v)
        lines.append(f"           {parts}" + (f"; vetoed: {c.veto}" if c.veto else ""))
    if len(cands) > 1 and not cands[0].veto:
        a, b = cands[0], cands[1]
        if b.veto:
            lines.append(f"  why: the only candidate not vetoed ({b.veto})")
        else:
            diffs = sorted(((a.parts.get(k, 0) - b.parts.get(k, 0), k) for k in a.parts | b.parts), reverse=True)
            why = ", ".join(f"{k} {d:+.2f}" for d, k in diffs if d > 0.01)[:200]
            lines.append(f"  why: beats the runner-up by {a.score - b.score:.2f} ({why})")
    return lines


def _figure_cli(args: argparse.Namespace) -> int:
    skip_layout_model()  # this process does nothing else with PyMuPDF: skip the layout model
    size = _parse_size(args.size)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    status = 0
    for pdf in args.pdfs:
        record: dict[str, Any]
        cands: list[Candidate] = []
        try:
            fig, cands = explain_figure(pdf)
            record = fig.as_json()
            if out is not None and fig.bbox is not None:
                target = out / (Path(pdf).stem + ".webp")
                atomic_write(target, render_figure(pdf, fig, size))
                record["thumbnail"] = str(target)
        except ThumbnailError as exc:
            status = 1
            record = {"pdf": pdf, "page": None, "bbox": None, "error": str(exc)}
        if args.json:
            if args.explain and "error" not in record:
                record["candidates"] = [c.as_json() for c in cands]
            print(json.dumps(record, ensure_ascii=False))
            continue
        if "error" in record:
            print(f"vconf figure: {record['error']}", file=sys.stderr)
            continue
        if record["bbox"] is None:
            print(f"{pdf}: no figure found")
        else:
            x0, y0, x1, y1 = record["bbox"]
            line = f"{pdf}: page {record['page']}, box ({x0}, {y0}) - ({x1}, {y1}) pt"
            print(line + (f" -> {record['thumbnail']}" if "thumbnail" in record else ""))
        if args.explain:
            print("\n".join(explain_lines(cands)))
    return status
