#!/usr/bin/env python3
"""Write the sample conference's paper PDFs: realistic 2-4 page papers with real figures.

For every paper in ``conference/data`` whose ``pdf:`` is a local path (``pdfs/<id>.pdf``),
write ``conference/<pdf>``: title, authors, abstract, sections of body text, vector plots
(line, bar and scatter charts, a pipeline diagram) drawn with PyMuPDF, a raster figure
(a heatmap, a grid of samples or landscape photographs made with NumPy and Pillow),
sometimes a three-panel teaser under the title, "Figure N:" captions, and sometimes a
ruled table.  The 13th paper has only tables, the 26th no figure or table.  The layout (one or two columns) and the figures vary with the
paper id; the same data always gives byte-identical files.

    .venv/bin/python scripts/make_sample_pdfs.py           # write the PDFs
    .venv/bin/python scripts/make_sample_pdfs.py --check   # exit 1 if any is missing or stale

Random numbers come only from ``random.Random(seed).random()``, whose sequence Python
keeps stable across versions; the PDFs are saved without a new /ID and with fixed dates.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from sphinxext_vconf import model

ROOT = Path(__file__).resolve().parents[1]
PAGE_W, PAGE_H = 612.0, 792.0  # US letter, in points
FIXED_DATE = "D:20260101000000Z"
PALETTE = [(0.12, 0.47, 0.71), (1.0, 0.50, 0.05), (0.17, 0.63, 0.17), (0.84, 0.15, 0.16),
           (0.58, 0.40, 0.74), (0.55, 0.34, 0.29)]
GREY = (0.35, 0.35, 0.35)
# (position, red, green, blue): a few stops of matplotlib's viridis.
VIRIDIS = np.array([
    (0.00, 0.267, 0.005, 0.329), (0.25, 0.230, 0.322, 0.546), (0.50, 0.128, 0.567, 0.551),
    (0.75, 0.369, 0.789, 0.383), (1.00, 0.993, 0.906, 0.144),
])

FONTS = {
    "body": pymupdf.Font("tiro"),
    "bold": pymupdf.Font("tibo"),
    "italic": pymupdf.Font("tiit"),
    "sans": pymupdf.Font("helv"),
}


# --------------------------------------------------------------------------------------
# Deterministic randomness
# --------------------------------------------------------------------------------------


class Rng:
    """Uses only ``random()``, the one sequence Python promises never to change."""

    def __init__(self, key: str):
        self._r = random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))

    def random(self) -> float:
        return self._r.random()

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def index(self, n: int) -> int:
        return min(n - 1, int(self.random() * n))

    def choice(self, seq: list):
        return seq[self.index(len(seq))]

    def gauss(self) -> float:
        u1 = max(self.random(), 1e-12)
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * self.random())

    def shuffled(self, seq: list) -> list:
        out = list(seq)
        for i in range(len(out) - 1, 0, -1):
            j = self.index(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------

GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ",
         "mu": "μ", "sigma": "σ", "theta": "θ", "pi": "π", "tau": "τ", "phi": "φ", "ell": "ℓ",
         "cdot": "·", "times": "×", "le": "≤", "ge": "≥", "leq": "≤", "geq": "≥", "infty": "∞",
         "max": "max", "min": "min", "log": "log", "sqrt": "√"}


def plain(text: str) -> str:
    """LaTeX-ish abstract text as plain text a PDF can show."""

    def math_part(m: re.Match) -> str:
        s = m.group(1)
        s = re.sub(r"\\([A-Za-z]+)", lambda g: GREEK.get(g.group(1), g.group(1)), s)
        s = re.sub(r"\^\{?2\}?", "²", s)
        s = re.sub(r"[_^]\{([^}]*)\}", r"\1", s)
        s = re.sub(r"[_^{}]", "", s)
        return s

    text = re.sub(r"\\[,;:! ]", " ", text)  # LaTeX spacing commands
    text = re.sub(r"\$([^$]*)\$", math_part, text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", plain(text)) if s.strip()]


def acronym(title: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", title) if w.lower() not in
             {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "from", "is", "when", "by"}]
    return "".join(w[0].upper() for w in words[:4]) or "OURS"


@dataclass
class Paper:
    """What the generator needs from a paper record."""

    id: str
    title: str
    authors: list[tuple[str, str]]
    abstract: str
    keywords: list[str]
    track: str

    @property
    def method(self) -> str:
        return acronym(self.title)


def body_text(p: Paper, rng: Rng) -> dict[str, list[str]]:
    kws = p.keywords or [p.track.lower() or "machine learning"]
    kw = lambda: rng.choice(kws)  # noqa: E731
    cite = lambda: f"({rng.choice(SURNAMES)} et al., {2018 + rng.index(8)})"  # noqa: E731
    abstract = sentences(p.abstract) or [p.title + "."]
    m = p.method
    intro = [
        f"{abstract[0]} This question is central to {kw()}, and it has become more pressing "
        f"as models and data sets grow {cite()}.",
        f"Work on {kw()} has advanced quickly {cite()}, yet most methods still depend on "
        f"assumptions that rarely hold outside curated benchmarks. In this paper we revisit "
        f"those assumptions for {kw()} and ask which of them matter in practice. We call our "
        f"approach {m}. Our contributions are a simple formulation, an analysis of when it "
        f"helps, and experiments on {2 + rng.index(4)} benchmarks.",
        " ".join(abstract[len(abstract) // 2:][:3]) + " The rest of the paper describes "
        f"{m}, its analysis and its evaluation.",
    ]
    related = [
        f"Early approaches to {kw()} relied on hand-designed features {cite()}. Learned "
        f"representations replaced them {cite()}, and recent methods combine both {cite()}. "
        f"Closest to our work is the line of research on {kw()} {cite()}, which shares our "
        "motivation but optimises a different objective and does not come with guarantees.",
        f"Another thread studies {kw()} from a theoretical angle {cite()}. Our analysis builds "
        "on these results and extends them to the setting where the data distribution shifts "
        "between training and deployment.",
    ]
    method = [
        f"Let x denote an input and y its label. {m} learns a representation h = f(x; θ) "
        f"and a predictor g that acts on h. Training minimises the empirical risk plus a "
        f"regulariser weighted by λ, which controls how strongly the representation is tied to "
        f"the structure of {kw()}.",
        "The regulariser is computed from mini-batches, so its cost grows linearly with the "
        "batch size. We optimise all parameters jointly with Adam and a cosine learning-rate "
        "schedule. Section 4 studies the effect of λ; values between 0.1 and 1 work well "
        "across the tasks we tried.",
        f"Under standard smoothness assumptions the procedure converges to a stationary point "
        f"at rate O(1/√T) after T steps. The proof follows {cite()} and is omitted here.",
    ]
    experiments = [
        f"We compare {m} with two strong baselines on {2 + rng.index(3)} datasets that cover "
        f"{kw()} and {kw()}. All numbers are averages over five seeds; error bars show one "
        "standard deviation.",
    ]
    discussion = [
        f"The gains of {m} are largest when training data is scarce. With more data the "
        "baselines catch up, which suggests that the regulariser mainly acts as a prior. "
        f"We also observe that {m} is less sensitive to the learning rate than the baselines.",
        f"A limitation of our study is its focus on {kw()}; other settings may need a "
        "different regulariser. The method also adds a small overhead at training time, "
        "about 8% in our implementation, and none at inference time.",
        "Finally, we note that the choice of λ interacts with the batch size. Larger batches "
        "give a less noisy estimate of the regulariser and allow larger values of λ.",
    ]
    conclusion = [
        f"We presented {m}, a simple approach to {kw()}. It is easy to implement, comes with "
        "a convergence guarantee and improves over strong baselines in our experiments. "
        "Code and data will be released with the final version of the paper.",
    ]
    return {"intro": intro, "related": related, "method": method, "experiments": experiments,
            "discussion": discussion, "conclusion": conclusion}


SURNAMES = ["Okafor", "Lindgren", "Nakamura", "Moreau", "Reddy", "Hoffmann", "Qureshi", "Ferreira",
            "Zhou", "Santos", "Kowalski", "Haddad", "Ivanova", "Mensah", "Larsen", "Tanaka"]


# --------------------------------------------------------------------------------------
# Layout: a tiny typesetter (columns, paragraphs, floats at the top of a column)
# --------------------------------------------------------------------------------------


def wrap(text: str, font: pymupdf.Font, size: float, width: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if cur and font.text_length(cand, fontsize=size) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


@dataclass
class Layout:
    columns: int
    margin_x: float
    margin_top: float
    margin_bottom: float
    gap: float = 18.0

    @property
    def col_width(self) -> float:
        return (PAGE_W - 2 * self.margin_x - (self.columns - 1) * self.gap) / self.columns

    def col_x(self, i: int) -> float:
        return self.margin_x + i * (self.col_width + self.gap)


@dataclass
class Typesetter:
    doc: pymupdf.Document
    layout: Layout
    header: str
    pages: list[pymupdf.Page] = field(default_factory=list)
    writers: list[pymupdf.TextWriter] = field(default_factory=list)
    col: int = 0
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def page(self) -> pymupdf.Page:
        return self.pages[-1]

    @property
    def tw(self) -> pymupdf.TextWriter:
        return self.writers[-1]

    @property
    def x(self) -> float:
        return self.layout.col_x(self.col)

    @property
    def width(self) -> float:
        return self.layout.col_width

    @property
    def bottom(self) -> float:
        return PAGE_H - self.layout.margin_bottom

    def new_page(self) -> None:
        self.finish()
        page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.pages.append(page)
        self.writers.append(pymupdf.TextWriter(page.rect))
        self.col, self.y = 0, self.layout.margin_top
        n = len(self.pages)
        if self.header and n > 1:  # running head, as in proceedings
            size = 9
            w = FONTS["italic"].text_length(self.header, fontsize=size)
            self.tw.append(((PAGE_W - w) / 2, self.layout.margin_top - 22), self.header,
                           font=FONTS["italic"], fontsize=size)
        num = str(n)
        w = FONTS["body"].text_length(num, fontsize=9)
        self.tw.append(((PAGE_W - w) / 2, PAGE_H - self.layout.margin_bottom + 30), num,
                       font=FONTS["body"], fontsize=9)

    def next_column(self) -> None:
        if self.col + 1 < self.layout.columns:
            self.col += 1
            self.y = self.top_of_column()
        else:
            self.new_page()

    def top_of_column(self) -> float:
        return getattr(self, "_column_top", {}).get((len(self.pages), self.col), self.layout.margin_top)

    def reserve_top(self, height: float) -> None:
        """Space at the top of the columns of this page taken by a full-width block."""
        self._column_top = {(len(self.pages), c): self.layout.margin_top + height
                            for c in range(self.layout.columns)}

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.next_column()

    def lines(self, lines: list[str], font: pymupdf.Font, size: float, leading: float,
              *, center: bool = False, indent: float = 0.0, x: float | None = None,
              width: float | None = None) -> None:
        for line in lines:
            self.ensure(leading)
            x0 = self.x if x is None else x
            w = self.width if width is None else width
            if center:
                x0 += (w - font.text_length(line, fontsize=size)) / 2
            self.tw.append((x0 + indent, self.y + size), line, font=font, fontsize=size)
            self.y += leading

    def paragraph(self, text: str, *, size: float = 10.0, leading: float = 12.0,
                  font: str = "body", indent: float = 0.0) -> None:
        f = FONTS[font]
        self.lines(wrap(text, f, size, self.width - indent), f, size, leading, indent=indent)
        self.y += 4

    def heading(self, text: str) -> None:
        self.ensure(40)  # no heading alone at the foot of a column
        self.y += 6
        self.lines([text], FONTS["bold"], 11, 14)
        self.y += 3

    def float_block(self, height: float, draw: Callable[[pymupdf.Page, pymupdf.TextWriter, pymupdf.Rect], None],
                    caption: str, *, caption_above: bool = False) -> None:
        """A figure or table with its caption, kept together in one column."""
        cap_lines = wrap(caption, FONTS["body"], 9, self.width)
        total = height + 8 + 11 * len(cap_lines) + 10
        self.ensure(total)
        if self.y > self.top_of_column() + 1:
            self.y += 6  # floats keep their distance from the text above
        if caption_above:
            self._caption(cap_lines)
            self.y += 4
        # Figures in one-column papers are narrower than the text, as they usually are.
        w = min(self.width, 330.0)
        x0 = self.x + (self.width - w) / 2
        draw(self.page, self.tw, pymupdf.Rect(x0, self.y, x0 + w, self.y + height))
        self.y += height + 8
        if not caption_above:
            self._caption(cap_lines)
        self.y += 10

    def _caption(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            if i == 0 and ":" in line:
                head, rest = line.split(":", 1)
                self.tw.append((self.x, self.y + 9), head + ":", font=FONTS["bold"], fontsize=9)
                w = FONTS["bold"].text_length(head + ":", fontsize=9)
                self.tw.append((self.x + w, self.y + 9), rest, font=FONTS["body"], fontsize=9)
            else:
                self.tw.append((self.x, self.y + 9), line, font=FONTS["body"], fontsize=9)
            self.y += 11

    def finish(self) -> None:
        """Write the text of the current page (PyMuPDF pages do not outlive the next one)."""
        if self.pages:
            self.tw.write_text(self.page)


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def _text(tw: pymupdf.TextWriter, x: float, y: float, s: str, size: float = 7.0,
          align: str = "left") -> None:
    w = FONTS["sans"].text_length(s, fontsize=size)
    dx = {"left": 0, "center": -w / 2, "right": -w}[align]
    tw.append((x + dx, y), s, font=FONTS["sans"], fontsize=size)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten), about n of them."""
    raw = (hi - lo) / (n - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * 0.75)
    first = math.ceil(lo / step - 1e-9)
    return [k * step for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.1f}"


def _axes(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect, xr: tuple[float, float],
          yr: tuple[float, float], xlabel: str, ylabel: str, *, xticks: bool = True, top: float = 6):
    """Draw axes with ticks and labels; return the data -> page transform."""
    plot = pymupdf.Rect(r.x0 + 34, r.y0 + top, r.x1 - 8, r.y1 - 24)
    sh = page.new_shape()
    sh.draw_line(plot.bl, plot.br)
    sh.draw_line(plot.bl, plot.tl)
    sh.finish(color=(0, 0, 0), width=0.6)
    for v in _ticks(*yr):
        y = plot.y1 - (v - yr[0]) / (yr[1] - yr[0]) * plot.height
        sh.draw_line((plot.x0 - 2.5, y), (plot.x0, y))
        _text(tw, plot.x0 - 4, y + 2.3, _fmt(v), 6.5, "right")
        if v != yr[0]:
            sh.draw_line((plot.x0, y), (plot.x1, y))
    sh.finish(color=(0.82, 0.82, 0.82), width=0.3)
    if xticks:
        for v in _ticks(*xr):
            x = plot.x0 + (v - xr[0]) / (xr[1] - xr[0]) * plot.width
            sh.draw_line((x, plot.y1), (x, plot.y1 + 2.5))
            _text(tw, x, plot.y1 + 10, _fmt(v), 6.5, "center")
        sh.finish(color=(0, 0, 0), width=0.5)
    sh.commit()
    _text(tw, plot.x0 + plot.width / 2, r.y1 - 3, xlabel, 7.5, "center")
    page.insert_text((r.x0 + 8, plot.y0 + plot.height / 2 + FONTS["sans"].text_length(ylabel, fontsize=7.5) / 2),
                     ylabel, fontname="helv", fontsize=7.5, rotate=90)

    def to_page(x: float, y: float) -> tuple[float, float]:
        return (plot.x0 + (x - xr[0]) / (xr[1] - xr[0]) * plot.width,
                plot.y1 - (y - yr[0]) / (yr[1] - yr[0]) * plot.height)

    return plot, to_page


def _legend(page: pymupdf.Page, tw: pymupdf.TextWriter, plot: pymupdf.Rect, names: list[str],
            *, marker: str = "line", row: bool = False) -> None:
    """A boxed legend in the top right corner, or one row above the plot."""
    sh = page.new_shape()
    x, y = plot.x1 - 70, plot.y0 + 4
    if not row:
        sh.draw_rect(pymupdf.Rect(x - 3, y - 2, plot.x1 - 2, y + 10 * len(names) + 1))
        sh.finish(color=(0.7, 0.7, 0.7), fill=(1, 1, 1), width=0.4)
    for i, name in enumerate(names):
        yy = y + 10 * i + 5
        if row:
            x, yy = plot.x0 + 10 + i * 70, plot.y0 - 8
        if marker == "line":
            sh.draw_line((x, yy), (x + 12, yy))
            sh.finish(color=PALETTE[i], width=1.2)
        else:
            sh.draw_rect(pymupdf.Rect(x + 2, yy - 3, x + 9, yy + 3))
            sh.finish(color=None, fill=PALETTE[i], width=0)
        _text(tw, x + 15, yy + 2.3, name, 6.5)
    sh.commit()


def fig_lines(p: Paper, rng: Rng):
    names = [p.method, "Baseline A", "Baseline B"]
    rates = [rng.uniform(6, 12), rng.uniform(4, 8), rng.uniform(3, 6)]
    floors = sorted([rng.uniform(0.2, 0.5) for _ in names])
    series = []
    for rate, floor in zip(rates, floors, strict=True):
        ys = [floor + 1.6 * math.exp(-t / rate) + 0.03 * rng.gauss() for t in range(0, 51)]
        series.append(ys)

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        plot, tp = _axes(page, tw, r, (0, 50), (0, 2), "Epoch", "Validation loss")
        sh = page.new_shape()
        for i, ys in enumerate(series):
            pts = [tp(t, max(0.0, min(2.0, y))) for t, y in enumerate(ys)]
            sh.draw_polyline(pts)
            sh.finish(color=PALETTE[i], width=1.1, closePath=False)
        sh.commit()
        _legend(page, tw, plot, names)

    caption = (f"Figure {{n}}: Validation loss of {p.method} and two baselines during training "
               "(mean over five seeds). {m} converges faster and to a lower loss.").replace("{m}", p.method)
    return 150, draw, caption


def fig_bars(p: Paper, rng: Rng):
    names = [p.method, "Baseline A", "Baseline B"]
    datasets = rng.shuffled(["CIFAR", "ImageNet", "OGB", "WMT", "MuJoCo", "QM9", "LRA"])[:3 + rng.index(2)]
    values = [[rng.uniform(55, 80) + (8 if j == 0 else 0) for j in range(len(names))] for _ in datasets]

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        plot, tp = _axes(page, tw, r, (0, len(datasets)), (0, 100), "", "Accuracy (%)", xticks=False,
                         top=18)
        sh = page.new_shape()
        group = plot.width / len(datasets)
        bw = group * 0.75 / len(names)
        for d, vals in enumerate(values):
            x0 = plot.x0 + d * group + group * 0.125
            for j, v in enumerate(vals):
                _, y = tp(0, v)
                sh.draw_rect(pymupdf.Rect(x0 + j * bw, y, x0 + (j + 1) * bw - 0.8, plot.y1))
                sh.finish(color=None, fill=PALETTE[j], width=0)
            _text(tw, x0 + group * 0.375, plot.y1 + 10, datasets[d], 6.5, "center")
        sh.commit()
        _legend(page, tw, plot, names, marker="box", row=True)

    caption = (f"Figure {{n}}: Test accuracy on {len(datasets)} datasets. {p.method} improves "
               "over both baselines on every dataset; the gap is largest on the smallest one.")
    return 150, draw, caption


def fig_scatter(p: Paper, rng: Rng):
    clusters = []
    for _k in range(3):
        cx, cy = rng.uniform(-3, 3), rng.uniform(-3, 3)
        clusters.append([(cx + 0.6 * rng.gauss(), cy + 0.6 * rng.gauss()) for _ in range(28)])

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        plot, tp = _axes(page, tw, r, (-5, 5), (-5, 5), "Component 1", "Component 2")
        sh = page.new_shape()
        for k, pts in enumerate(clusters):
            for x, y in pts:
                x, y = max(-4.9, min(4.9, x)), max(-4.9, min(4.9, y))
                sh.draw_circle(tp(x, y), 1.6)
            sh.finish(color=PALETTE[k], fill=PALETTE[k], fill_opacity=0.6, width=0.3)
        sh.commit()

    caption = (f"Figure {{n}}: Two-dimensional projection of the representations learned by "
               f"{p.method}; colours show the three classes, which separate without supervision.")
    return 160, draw, caption


def fig_diagram(p: Paper, rng: Rng):
    steps = ["Input", rng.choice(["Encoder", "Tokenizer", "Backbone"]), p.method,
             rng.choice(["Decoder", "Head", "Policy"]), "Output"]

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        sh = page.new_shape()
        n = len(steps)
        bw = (r.width - 10 * (n - 1)) / n
        ymid = r.y0 + r.height / 2
        for i, name in enumerate(steps):
            x0 = r.x0 + i * (bw + 10)
            box = pymupdf.Rect(x0, ymid - 18, x0 + bw, ymid + 18)
            sh.draw_rect(box, radius=0.2)
            fill = (0.85, 0.91, 0.97) if name != p.method else (1.0, 0.87, 0.72)
            sh.finish(color=(0.2, 0.3, 0.45), fill=fill, width=0.8)
            _text(tw, box.x0 + bw / 2, ymid + 2.5, name, 7.0 if len(name) < 9 else 6.0, "center")
            if i < n - 1:
                a, b = pymupdf.Point(box.x1 + 1, ymid), pymupdf.Point(box.x1 + 9, ymid)
                sh.draw_line(a, b)
                sh.finish(color=GREY, width=0.8)
                sh.draw_polyline([(b.x - 3, ymid - 2.5), (b.x, ymid), (b.x - 3, ymid + 2.5)])
                sh.finish(color=GREY, fill=GREY, width=0.5, closePath=True)
        # A feedback loop drawn as a curve under the boxes.
        x_a = r.x0 + 3 * (bw + 10) + bw / 2
        x_b = r.x0 + 2 * (bw + 10) + bw / 2
        sh.draw_bezier((x_a, ymid + 18), (x_a, ymid + 40), (x_b, ymid + 40), (x_b, ymid + 19))
        sh.finish(color=PALETTE[3], width=0.8, dashes="[2 2] 0", closePath=False)
        sh.commit()
        _text(tw, (x_a + x_b) / 2, ymid + 44, "feedback", 6.5, "center")

    caption = (f"Figure {{n}}: Overview of {p.method}. The highlighted module is trained "
               "jointly with the rest of the pipeline; the dashed arrow shows the feedback signal.")
    return 95, draw, caption


def _viridis(a: np.ndarray) -> np.ndarray:
    a = np.clip(a, 0.0, 1.0)
    out = np.empty(a.shape + (3,), dtype=np.uint8)
    for c in range(3):
        out[..., c] = np.round(np.interp(a, VIRIDIS[:, 0], VIRIDIS[:, c + 1]) * 255).astype(np.uint8)
    return out


def _png(pixels: np.ndarray, scale: int) -> bytes:
    img = Image.fromarray(pixels, "RGB")
    img = img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()


def fig_heatmap(p: Paper, rng: Rng):
    n = 24
    noise = np.array([[rng.random() for _ in range(n)] for _ in range(n)])
    i, j = np.mgrid[0:n, 0:n]
    band = np.exp(-((i - j) ** 2) / (2 * rng.uniform(2, 5) ** 2))
    blocks = ((i // 6) == (j // 6)) * rng.uniform(0.2, 0.5)
    values = 0.65 * band + blocks + 0.25 * noise
    values = (values - values.min()) / (values.max() - values.min())
    png = _png(_viridis(values), 8)
    bar = _png(_viridis(np.linspace(1, 0, 64)[:, None].repeat(4, axis=1)), 2)

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        side = r.height - 22
        x0 = r.x0 + (r.width - side) / 2 - 10
        img = pymupdf.Rect(x0, r.y0 + 4, x0 + side, r.y0 + 4 + side)
        page.insert_image(img, stream=png)
        cb = pymupdf.Rect(img.x1 + 8, img.y0, img.x1 + 16, img.y1)
        page.insert_image(cb, stream=bar, keep_proportion=False)
        for k, v in enumerate(("1.0", "0.5", "0.0")):
            _text(tw, cb.x1 + 3, cb.y0 + 5 + k * (cb.height - 5) / 2, v, 6.5)
        _text(tw, img.x0 + side / 2, img.y1 + 12, "Key position", 7.5, "center")
        page.insert_text((img.x0 - 6, img.y0 + side / 2 + 26), "Query position", fontname="helv",
                         fontsize=7.5, rotate=90)

    caption = (f"Figure {{n}}: Attention weights of one {p.method} layer on a held-out example "
               "(rows: queries, columns: keys). Most weight stays near the diagonal, with blocks "
               "that follow the input's segments.")
    return 170, draw, caption


def fig_samples(p: Paper, rng: Rng):
    k, s = 4, 28
    tiles = []
    y, x = np.mgrid[0:s, 0:s] / s
    for _ in range(k * 2):
        cx, cy, rad = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.15, 0.3)
        hue = np.array(PALETTE[rng.index(len(PALETTE))])
        blob = np.exp(-(((x - cx) ** 2 + (y - cy) ** 2) / (2 * rad ** 2)))
        bg = 0.85 + 0.1 * y
        tile = bg[..., None] * (1 - blob[..., None]) + blob[..., None] * hue
        tiles.append(np.round(np.clip(tile, 0, 1) * 255).astype(np.uint8))
    rows = [np.concatenate([np.pad(t, ((2, 2), (2, 2), (0, 0)), constant_values=255)
                            for t in tiles[r * k:(r + 1) * k]], axis=1) for r in range(2)]
    png = _png(np.concatenate(rows, axis=0), 4)

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        h = r.height - 14
        w = h * k / 2
        w = min(w, r.width)
        h = w * 2 / k
        x0 = r.x0 + (r.width - w) / 2
        page.insert_image(pymupdf.Rect(x0, r.y0, x0 + w, r.y0 + h), stream=png)
        _text(tw, x0, r.y0 + h + 10, "Input", 7.0)
        _text(tw, x0 + w, r.y0 + h + 10, f"{p.method} output", 7.0, "right")

    caption = (f"Figure {{n}}: Samples from the evaluation set (top) and the corresponding "
               f"outputs of {p.method} (bottom).")
    return 130, draw, caption


def photo(rng: Rng, w: int = 150, h: int = 100) -> bytes:
    """A small synthetic landscape photograph (sky, ridges, a lake, grain) as JPEG."""
    y, x = np.mgrid[0:h, 0:w] / np.array([h, w])[:, None, None]
    sky = np.stack([0.45 + 0.35 * y, 0.65 + 0.25 * y, 0.95 - 0.05 * y], axis=-1)
    img = sky.copy()
    for k, (base, colour) in enumerate(((0.45, (0.42, 0.45, 0.55)), (0.6, (0.25, 0.42, 0.22)))):
        phases = [rng.uniform(0, 6.3) for _ in range(3)]
        ridge = base + sum(0.06 / (i + 1) * np.sin((i + 1) * 7 * x[0] + ph) for i, ph in enumerate(phases))
        mask = y > ridge[None, :]
        shade = 0.8 + 0.2 * np.sin(23 * x + 5 * y + k)
        img = np.where(mask[..., None], np.array(colour) * shade[..., None], img)
    lake = y > 0.82
    img = np.where(lake[..., None], np.array([0.3, 0.5, 0.7]) * (0.9 + 0.1 * np.sin(60 * y))[..., None], img)
    cx, cy = rng.uniform(0.15, 0.85), rng.uniform(0.1, 0.25)
    sun = ((x - cx) ** 2 * (w / h) ** 2 + (y - cy) ** 2) < 0.004
    img = np.where(sun[..., None], np.array([1.0, 0.93, 0.6]), img)
    grain = np.array([[rng.random() for _ in range(w // 5 + 1)] for _ in range(h // 5 + 1)])
    img = img * (0.94 + 0.12 * np.kron(grain, np.ones((5, 5)))[:h, :w][..., None])
    pil = Image.fromarray(np.round(np.clip(img, 0, 1) * 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    pil.save(buf, format="JPEG", quality=70, optimize=False, progressive=False)
    return buf.getvalue()


def fig_photos(p: Paper, rng: Rng):
    shots = [photo(rng) for _ in range(3)]

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        w = (r.width - 8) / 3
        h = min(w * 2 / 3, r.height - 12)
        for i, jpg in enumerate(shots):
            x0 = r.x0 + i * (w + 4)
            page.insert_image(pymupdf.Rect(x0, r.y0, x0 + w, r.y0 + h), stream=jpg)
            _text(tw, x0 + w / 2, r.y0 + h + 9, f"Scene {i + 1}", 6.5, "center")

    caption = (f"Figure {{n}}: Photographs from the field data set used to evaluate {p.method}; "
               "the scenes differ in lighting and in the height of the horizon.")
    return 100, draw, caption


VECTOR_FIGURES = [fig_lines, fig_bars, fig_scatter, fig_diagram]
RASTER_FIGURES = [fig_heatmap, fig_samples, fig_photos]


def teaser(ts: Typesetter, p: Paper, rng: Rng) -> None:
    """Figure 1 across the page under the title: three panels, as many papers open."""
    x0, full_w = ts.layout.margin_x, PAGE_W - 2 * ts.layout.margin_x
    kinds = rng.shuffled([fig_lines, fig_bars, fig_scatter])
    panels = [fig_photos(p, rng)[1], kinds[0](p, rng)[1], kinds[1](p, rng)[1]]
    gap, h = 12.0, 120.0
    w = (full_w - 2 * gap) / 3
    for i, draw in enumerate(panels):
        r = pymupdf.Rect(x0 + i * (w + gap), ts.y, x0 + i * (w + gap) + w, ts.y + h)
        if i == 0:  # one photograph fills the first panel
            jpg = photo(rng)
            page_h = min(h - 14, w * 2 / 3)
            ts.page.insert_image(pymupdf.Rect(r.x0, r.y0 + 8, r.x1, r.y0 + 8 + page_h), stream=jpg)
        else:
            draw(ts.page, ts.tw, r)
        _text(ts.tw, r.x0 + w / 2, r.y1 + 10, f"({'abc'[i]}) " + ("input" if i == 0 else "result"), 7.5, "center")
    ts.y += h + 18
    caption = (f"Figure 1: Overview of {p.method}. (a) An input photograph; (b) and (c) what "
               f"{p.method} gains over the baselines. The method is described in Section 3.")
    lines = wrap(caption, FONTS["body"], 9, full_w)
    saved = ts.layout.margin_x
    for i, line in enumerate(lines):
        font = FONTS["bold"] if i == 0 else FONTS["body"]
        if i == 0:
            head, rest = line.split(":", 1)
            ts.tw.append((saved, ts.y + 9), head + ":", font=FONTS["bold"], fontsize=9)
            ts.tw.append((saved + FONTS["bold"].text_length(head + ":", fontsize=9), ts.y + 9), rest,
                         font=FONTS["body"], fontsize=9)
        else:
            ts.tw.append((saved, ts.y + 9), line, font=font, fontsize=9)
        ts.y += 11
    ts.y += 12


def table(p: Paper, rng: Rng):
    rows = [(p.method, rng.uniform(70, 80)), ("Baseline A", rng.uniform(60, 70)),
            ("Baseline B", rng.uniform(60, 70)), ("No regulariser", rng.uniform(62, 72))]

    def draw(page: pymupdf.Page, tw: pymupdf.TextWriter, r: pymupdf.Rect) -> None:
        sh = page.new_shape()
        x0, x1 = r.x0 + 10, r.x1 - 10
        for y, wdt in ((r.y0, 0.8), (r.y0 + 14, 0.5), (r.y1, 0.8)):  # booktabs rules
            sh.draw_line((x0, y), (x1, y))
            sh.finish(color=(0, 0, 0), width=wdt)
        sh.commit()
        tw.append((x0 + 4, r.y0 + 10), "Method", font=FONTS["bold"], fontsize=8.5)
        tw.append((x1 - 60, r.y0 + 10), "Accuracy", font=FONTS["bold"], fontsize=8.5)
        for i, (name, acc) in enumerate(rows):
            y = r.y0 + 26 + 12 * i
            tw.append((x0 + 4, y), name, font=FONTS["body"], fontsize=8.5)
            tw.append((x1 - 60, y), f"{acc:.1f} ± {abs(rng.gauss()):.1f}", font=FONTS["body"], fontsize=8.5)

    caption = f"Table 1: Ablation of {p.method} on the validation set (accuracy in %, five seeds)."
    return 14 + 12 * len(rows) + 6, draw, caption


# --------------------------------------------------------------------------------------
# The paper
# --------------------------------------------------------------------------------------


def make_pdf(p: Paper, style: str = "figures") -> bytes:
    """``style``: "figures" (the usual), "tables" (tables only) or "text" (neither)."""
    rng = Rng(p.id)
    two_col = rng.random() < 0.5
    layout = (Layout(2, 54, 72, 72) if two_col else Layout(1, 90, 80, 80))
    doc = pymupdf.open()
    ts = Typesetter(doc, layout, header=p.title if len(p.title) < 90 else p.title[:87] + "...")

    # Title block across the full width.
    full_w = PAGE_W - 2 * layout.margin_x
    x = layout.margin_x
    ts.y = layout.margin_top - 10
    ts.lines(wrap(p.title, FONTS["bold"], 16, full_w - 40), FONTS["bold"], 16, 19, center=True, x=x, width=full_w)
    ts.y += 8
    names = ", ".join(a for a, _ in p.authors)
    ts.lines(wrap(names, FONTS["body"], 11, full_w), FONTS["body"], 11, 13, center=True, x=x, width=full_w)
    affs = "; ".join(dict.fromkeys(aff for _, aff in p.authors if aff))
    if affs:
        ts.lines(wrap(affs, FONTS["italic"], 9, full_w), FONTS["italic"], 9, 11, center=True, x=x, width=full_w)
    ts.y += 14
    with_teaser = style == "figures" and rng.random() < 0.35
    if with_teaser:
        teaser(ts, p, rng)
    ts.reserve_top(ts.y - layout.margin_top)

    # Abstract: indented, in the first column.
    ts.lines(["Abstract"], FONTS["bold"], 11, 14, center=True)
    ts.paragraph(plain(p.abstract) or p.title, size=9.5, leading=11.5, indent=0)

    text = body_text(p, rng)
    kinds = rng.shuffled(VECTOR_FIGURES)
    first = kinds[0] if rng.random() < 0.75 else rng.choice(RASTER_FIGURES)
    figures = [first, rng.choice(RASTER_FIGURES) if first in VECTOR_FIGURES else kinds[1]]
    if rng.random() < 0.5:
        figures.append(kinds[2] if figures[1] is not kinds[2] else kinds[3])
    specs = [f(p, rng) for f in figures] if style == "figures" else []
    with_table = rng.random() < 0.5 or style == "tables"
    n_fig = 1 if with_teaser else 0
    if with_teaser:
        specs = [None, *specs[1:]]

    def figure() -> None:
        nonlocal n_fig
        if n_fig < len(specs):
            height, draw, caption = specs[n_fig]
            n_fig += 1
            ts.float_block(height, draw, caption.replace("{n}", str(n_fig)))

    ts.heading("1  Introduction")
    for i, par in enumerate(text["intro"]):
        ts.paragraph(par)
        if i == 0:
            figure()  # Figure 1 near the start, as in most papers
    ts.heading("2  Related Work")
    for par in text["related"]:
        ts.paragraph(par)
    ts.heading(f"3  {p.method}")
    for par in text["method"]:
        ts.paragraph(par)
    ts.heading("4  Experiments")
    for par in text["experiments"]:
        ts.paragraph(par)
    # An in-text reference at the start of a paragraph: not a caption.
    if specs:
        ts.paragraph(f"Figure {min(2, len(specs))} shows the main result. {p.method} is ahead on all "
                     "settings, and the variance across seeds is smaller than for the baselines.")
    figure()
    if with_table:
        height, draw, caption = table(p, rng)
        ts.float_block(height, draw, caption, caption_above=True)
    if style == "tables":
        height, draw, caption = table(p, rng)
        ts.float_block(height, draw, caption.replace("Table 1: Ablation", "Table 2: Robustness"),
                       caption_above=True)
    for par in text["discussion"]:
        ts.paragraph(par)
        figure()
    ts.heading("5  Conclusion")
    for par in text["conclusion"]:
        ts.paragraph(par)
    ts.heading("References")
    for _k in range(4 + rng.index(3)):
        a, b = rng.choice(SURNAMES), rng.choice(SURNAMES)
        ts.paragraph(f"{a}, {b[0]}. and {rng.choice(SURNAMES)}, {rng.choice(SURNAMES)[0]}. "
                     f"On {rng.choice(p.keywords or ['learning'])}. In Proceedings of a "
                     f"Conference, {2016 + rng.index(9)}.", size=8.5, leading=10)
    ts.finish()

    doc.set_metadata({
        "title": p.title, "author": ", ".join(a for a, _ in p.authors),
        "subject": f"vconf sample paper {p.id}", "keywords": ", ".join(p.keywords),
        "creator": "vconf scripts/make_sample_pdfs.py", "producer": "vconf",
        "creationDate": FIXED_DATE, "modDate": FIXED_DATE,
    })
    doc.subset_fonts()
    data = doc.tobytes(garbage=4, deflate=True, deflate_images=True, deflate_fonts=True, no_new_id=True)
    doc.close()
    return data


def papers_with_local_pdfs(data_dir: Path) -> list[tuple[Paper, str]]:
    conf = model.load(data_dir)
    out = []
    for rec in conf.papers.values():
        if rec.pdf.startswith("pdfs/") and rec.pdf.endswith(".pdf"):
            p = Paper(rec.id, rec.title, [(a.name, a.affiliation) for a in rec.authors],
                      rec.abstract, list(rec.keywords), rec.track)
            out.append((p, rec.pdf))
    return out


def style_of(index: int) -> str:
    """A real conference has a few papers without figures: the 13th paper has only tables,
    the 26th neither figures nor tables."""
    return {12: "tables", 25: "text"}.get(index, "figures")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "conference" / "data",
                    help="folder of conference YAML (default: conference/data)")
    ap.add_argument("--root", type=Path, default=None,
                    help="folder the pdf paths are relative to (default: the data folder's parent)")
    ap.add_argument("--check", action="store_true", help="only check that the PDFs are up to date")
    args = ap.parse_args(argv)
    root = args.root or args.data.resolve().parent
    stale = []
    for i, (p, rel) in enumerate(papers_with_local_pdfs(args.data)):
        target = root / rel
        data = make_pdf(p, style_of(i))
        current = target.read_bytes() if target.is_file() else None
        if current == data:
            continue
        if args.check:
            stale.append(f"{target}: {'missing' if current is None else 'out of date'}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target} ({len(data) // 1024} KB)")
    if stale:
        print("sample PDFs need regenerating (run scripts/make_sample_pdfs.py):", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.check:
        print("sample PDFs are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
