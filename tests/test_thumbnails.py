"""Thumbnails: figure finding on PDFs made here, caching, author images, placeholders,
``vconf figure``, and the hit rate on 20 real ICML papers with human-annotated boxes."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from sphinxext_vconf import cli, thumbnails
from sphinxext_vconf.model import Author, Paper
from sphinxext_vconf.thumbnails import find_figure, make_thumbnails, placeholder_svg

GOLD = Path(__file__).parents[1].parent / "shared" / "data" / "icml-figures-gold"

PROSE = (
    "Message passing on graphs propagates information between neighbouring nodes, and deep "
    "stacks of such layers are needed to connect distant parts of a graph. We study how the "
    "structure of the graph limits this flow of information and propose a remedy. "
)
PLOT = pymupdf.Rect(150, 230, 450, 410)  # where the vector plot is drawn (axes and labels)
IMAGE = pymupdf.Rect(120, 300, 420, 500)


def _prose(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """Fill the rectangle with paragraphs of running text."""
    for n in range(12, 0, -1):  # insert_textbox writes nothing when the text overflows
        if page.insert_textbox(rect, PROSE * n, fontsize=10, fontname="tiro") >= 0:
            return
    raise AssertionError("no room for text")


def vector_pdf(path: Path) -> Path:
    """Page 1: text only.  Page 2: text, a line and bar chart, "Figure 1:" caption, text."""
    doc = pymupdf.open()
    _prose(doc.new_page(), pymupdf.Rect(72, 72, 540, 720))
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 215))
    sh = page.new_shape()
    x0, y0, x1, y1 = PLOT.x0 + 25, PLOT.y0 + 5, PLOT.x1 - 5, PLOT.y1 - 20
    sh.draw_line((x0, y1), (x1, y1))
    sh.draw_line((x0, y1), (x0, y0))
    sh.finish(color=(0, 0, 0), width=0.8)
    sh.draw_polyline([(x0 + i * 12, y1 - 10 - 100 * 0.9**i) for i in range(22)])
    sh.finish(color=(0.1, 0.4, 0.8), width=1.2, closePath=False)
    for i in range(5):
        sh.draw_rect(pymupdf.Rect(x0 + 140 + i * 22, y1 - 20 - 12 * i, x0 + 155 + i * 22, y1))
    sh.finish(color=None, fill=(0.9, 0.5, 0.1))
    sh.commit()
    page.insert_text((PLOT.x0 + 130, PLOT.y1 - 4), "Epoch", fontsize=8, fontname="helv")
    page.insert_text((PLOT.x0 + 12, PLOT.y0 + 120), "Loss", fontsize=8, fontname="helv", rotate=90)
    page.insert_textbox(pymupdf.Rect(72, 425, 540, 460),
                        "Figure 1: Training loss (line) and accuracy per stage (bars).",
                        fontsize=9, fontname="tiro")
    _prose(page, pymupdf.Rect(72, 470, 540, 720))
    doc.save(path)
    return path


def raster_pdf(path: Path) -> Path:
    """One page: text and a raster image (a gradient made with Pillow), no caption."""
    img = Image.linear_gradient("L").resize((300, 200)).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    doc = pymupdf.open()
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 280))
    page.insert_image(IMAGE, stream=buf.getvalue())
    _prose(page, pymupdf.Rect(72, 520, 540, 720))
    doc.save(path)
    return path


def text_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    for _ in range(2):
        _prose(doc.new_page(), pymupdf.Rect(72, 72, 540, 720))
    doc.save(path)
    return path


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def paper(pid: str = "p1", *, pdf: str = "", thumbnail: str = "", title: str = "Graph Rewiring at Scale",
          track: str = "Graph Learning") -> Paper:
    return Paper(id=pid, title=title, authors=[Author("Ada Lovelace")], pdf=pdf, thumbnail=thumbnail,
                 track=track)


# --------------------------------------------------------------------------------------
# Finding figures
# --------------------------------------------------------------------------------------


def test_vector_figure_above_its_caption_is_found(tmp_path: Path) -> None:
    fig = find_figure(vector_pdf(tmp_path / "v.pdf"))
    assert fig.page == 2
    assert fig.bbox is not None
    assert iou(fig.bbox, tuple(PLOT)) > 0.8, fig.bbox
    assert fig.bbox[3] < 425  # the caption is not part of the figure


def test_raster_image_without_caption_is_found(tmp_path: Path) -> None:
    fig = find_figure(raster_pdf(tmp_path / "r.pdf"))
    assert fig.page == 1
    assert fig.bbox is not None and iou(fig.bbox, tuple(IMAGE)) > 0.95


def test_text_only_pdf_has_no_figure(tmp_path: Path) -> None:
    fig = find_figure(text_pdf(tmp_path / "t.pdf"))
    assert fig.page is None and fig.bbox is None


def test_broken_pdf_raises_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    with pytest.raises(thumbnails.ThumbnailError, match="bad.pdf"):
        find_figure(bad)


def test_rendering_is_deterministic_and_fits_the_box(tmp_path: Path) -> None:
    pdf = vector_pdf(tmp_path / "v.pdf")
    fig = find_figure(pdf)
    a = thumbnails.render_figure(pdf, fig, (400, 280))
    b = thumbnails.render_figure(pdf, fig, (400, 280))
    assert a == b
    img = Image.open(io.BytesIO(a))
    assert img.format == "WEBP"
    assert img.size == (800, 560)  # the card's aspect ratio, at 2x pixels


# --------------------------------------------------------------------------------------
# make_thumbnails
# --------------------------------------------------------------------------------------


def test_figure_thumbnail_is_cached_by_pdf_content(tmp_path: Path, monkeypatch) -> None:
    src, out, cache = tmp_path / "src", tmp_path / "out", tmp_path / "cache"
    (src / "pdfs").mkdir(parents=True)
    vector_pdf(src / "pdfs" / "p1.pdf")
    papers = [paper(pdf="pdfs/p1.pdf")]

    first = make_thumbnails(papers, srcdir=src, outdir=out, cache_dir=cache)
    thumb = first["p1"]
    assert (thumb.path, thumb.kind) == ("_vconf/thumbs/p1.webp", "figure")
    assert thumb.alt == "Figure from the paper \u2018Graph Rewiring at Scale\u2019"
    assert (first.stats.rendered, first.stats.cached) == (1, 0)
    data = (out / thumb.path).read_bytes()

    # The second run must not render: make rendering fail loudly if it is attempted.
    def no_render(*args, **kwargs):
        raise AssertionError("re-rendered a cached thumbnail")

    monkeypatch.setattr(thumbnails, "render_figure", no_render)
    monkeypatch.setattr(thumbnails, "find_figure", no_render)
    second = make_thumbnails(papers, srcdir=src, outdir=tmp_path / "out2", cache_dir=cache)
    assert (second.stats.rendered, second.stats.cached) == (0, 1)
    assert (tmp_path / "out2" / thumb.path).read_bytes() == data


def test_worker_processes_give_the_same_thumbnails(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pdfs").mkdir()
    vector_pdf(tmp_path / "pdfs" / "v.pdf")
    raster_pdf(tmp_path / "pdfs" / "r.pdf")
    papers = [paper("v", pdf="pdfs/v.pdf"), paper("r", pdf="pdfs/r.pdf")]
    serial = make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "one", cache_dir=None)
    monkeypatch.setattr(thumbnails.build, "MIN_POOL_BATCH", 2)
    pooled = make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "two", cache_dir=None, jobs=2)
    assert pooled == serial and pooled.stats.rendered == 2
    for t in serial.values():
        assert (tmp_path / "one" / t.path).read_bytes() == (tmp_path / "two" / t.path).read_bytes()


def test_author_thumbnail_wins_over_the_pdf(tmp_path: Path) -> None:
    (tmp_path / "pdfs").mkdir()
    vector_pdf(tmp_path / "pdfs" / "p1.pdf")
    Image.new("RGB", (1200, 900), (200, 40, 40)).save(tmp_path / "mine.png")
    result = make_thumbnails([paper(pdf="pdfs/p1.pdf", thumbnail="mine.png")],
                             srcdir=tmp_path, outdir=tmp_path / "out", cache_dir=None)
    thumb = result["p1"]
    assert thumb.kind == "author"
    assert thumb.alt.startswith("Image supplied by the authors")
    img = Image.open(tmp_path / "out" / thumb.path)
    assert img.size == (800, 560)  # the card's aspect at 2x: the 4:3 image whole, padded
    assert img.getpixel((400, 280))[:3] == pytest.approx((200, 40, 40), abs=8)
    assert img.getpixel((5, 280))[:3] == (255, 255, 255)


@pytest.mark.parametrize("pdf", ["", "https://example.org/p1.pdf"])
def test_placeholder_without_a_local_pdf(tmp_path: Path, pdf: str) -> None:
    result = make_thumbnails([paper(pdf=pdf)], srcdir=tmp_path, outdir=tmp_path / "out", cache_dir=None)
    thumb = result["p1"]
    assert (thumb.kind, thumb.path) == ("placeholder", "_vconf/thumbs/p1.svg")
    assert thumb.alt == "Placeholder image for \u2018Graph Rewiring at Scale\u2019"
    svg = ET.parse(tmp_path / "out" / thumb.path).getroot()  # noqa: S314 - our own output
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Graph Rewiring" in "".join(svg.itertext())
    assert result.stats.placeholders == 1 and not result.stats.warnings


def test_placeholder_for_a_text_only_pdf(tmp_path: Path) -> None:
    text_pdf(tmp_path / "t.pdf")
    result = make_thumbnails([paper(pdf="t.pdf")], srcdir=tmp_path, outdir=tmp_path / "out",
                             cache_dir=tmp_path / "cache")
    assert result["p1"].kind == "placeholder"


def test_hostile_title_is_escaped_in_the_svg(tmp_path: Path) -> None:
    title = 'Evil </text><script>alert("x")</script> & <b>bold</b> \x00 title'
    svg_text = placeholder_svg(title, track="</title><script>alert(1)</script>")
    root = ET.fromstring(svg_text)  # noqa: S314 - our own output, still well-formed XML
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert "script" not in tags and "b" not in tags
    assert "<script" not in svg_text
    assert "&lt;/text&gt;&lt;script&gt;" in svg_text
    result = make_thumbnails([paper(title=title)], srcdir=tmp_path, outdir=tmp_path / "out", cache_dir=None)
    assert "<script" not in (tmp_path / "out" / result["p1"].path).read_text()


def test_broken_and_missing_pdfs_give_a_warning_and_a_placeholder(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n garbage")
    enc = pymupdf.open()
    _prose(enc.new_page(), pymupdf.Rect(72, 72, 540, 720))
    enc.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    papers = [paper("a", pdf="bad.pdf"), paper("b", pdf="locked.pdf"), paper("c", pdf="gone.pdf")]
    result = make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "out", cache_dir=tmp_path / "c")
    assert [result[p].kind for p in "abc"] == ["placeholder"] * 3
    warnings = "\n".join(result.stats.warnings)
    assert "bad.pdf" in warnings and "locked.pdf" in warnings and "encrypted" in warnings
    assert "gone.pdf" in warnings


def test_thumbnails_of_removed_papers_are_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    make_thumbnails([paper("a"), paper("b")], srcdir=tmp_path, outdir=out, cache_dir=None)
    make_thumbnails([paper("a")], srcdir=tmp_path, outdir=out, cache_dir=None)
    assert sorted(p.name for p in (out / "_vconf" / "thumbs").iterdir()) == ["a.svg"]


# --------------------------------------------------------------------------------------
# vconf figure
# --------------------------------------------------------------------------------------


def test_vconf_figure_json(tmp_path: Path, capsys) -> None:
    v, t = vector_pdf(tmp_path / "v.pdf"), text_pdf(tmp_path / "t.pdf")
    assert cli.main(["figure", str(v), str(t), "--json", "--out", str(tmp_path / "thumbs")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["pdf"] for r in lines] == [str(v), str(t)]
    assert lines[0]["page"] == 2 and len(lines[0]["bbox"]) == 4
    assert all(isinstance(x, float | int) for x in lines[0]["bbox"])
    assert Path(lines[0]["thumbnail"]).is_file()
    assert lines[1] == {"pdf": str(t), "page": None, "bbox": None}


def test_vconf_figure_reports_unreadable_files(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"nope")
    assert cli.main(["figure", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "bad.pdf" in captured.err and "Traceback" not in captured.err


# --------------------------------------------------------------------------------------
# Quality on real papers
# --------------------------------------------------------------------------------------


@pytest.mark.skipif(not GOLD.is_dir(), reason="shared data (icml-figures-gold) not present")
def test_gold_set_hit_rate() -> None:
    """The chosen box overlaps a gold figure box (not a table) of its page with IoU >= 0.5."""
    annotations = json.loads((GOLD / "annotations.json").read_text())
    hits = total = 0
    for doc_id, doc in annotations.items():
        figures = [f for f in doc["figures"] if f["figure_type"] == "Figure"]
        if not figures:
            continue
        total += 1
        fig = find_figure(GOLD / "pdfs" / f"{doc_id}.pdf")
        scale = 72.0 / figures[0]["dpi"]  # boxes are given at a dpi; pages are 1-based
        hits += fig.bbox is not None and any(
            f["page"] == fig.page and iou(fig.bbox, [v * scale for v in f["region_bb"]]) >= 0.5
            for f in figures
        )
    assert total == 17
    assert hits / total >= 0.95, f"{hits}/{total}"


# --------------------------------------------------------------------------------------
# The sample conference's PDFs
# --------------------------------------------------------------------------------------


def test_sample_pdf_script_writes_reproducible_papers_with_figures(tmp_path: Path, capsys, monkeypatch) -> None:
    import importlib.util
    import sys

    script = Path(__file__).parents[1] / "scripts" / "make_sample_pdfs.py"
    spec = importlib.util.spec_from_file_location("make_sample_pdfs", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sample_pdfs", module)  # dataclasses look it up
    spec.loader.exec_module(module)

    data = tmp_path / "conference" / "data"
    data.mkdir(parents=True)
    (data / "conf.yml").write_text(
        "conference: {name: T, timezone: UTC, start_date: 2026-01-01, end_date: 2026-01-02}\n"
        "papers:\n"
        "  - {id: a1, title: Sparse Attention for Long Documents, authors: [Ada], pdf: pdfs/a1.pdf,\n"
        "     keywords: [attention], abstract: 'We study $O(n \\log n)$ attention. It works.'}\n"
        "  - {id: b2, title: Robust Control, authors: [Bo], pdf: pdfs/b2.pdf, track: RL}\n"
        "  - {id: c3, title: Remote, authors: [Cy], pdf: 'https://example.org/c3.pdf'}\n",
        encoding="utf-8",
    )
    assert module.main(["--data", str(data), "--check"]) == 1  # missing
    assert module.main(["--data", str(data)]) == 0
    pdfs = sorted(p.name for p in (tmp_path / "conference" / "pdfs").iterdir())
    assert pdfs == ["a1.pdf", "b2.pdf"]
    first = (tmp_path / "conference" / "pdfs" / "a1.pdf").read_bytes()
    assert module.main(["--data", str(data), "--check"]) == 0
    assert (tmp_path / "conference" / "pdfs" / "a1.pdf").read_bytes() == first
    for name in pdfs:
        path = tmp_path / "conference" / "pdfs" / name
        with pymupdf.open(path) as doc:
            assert 2 <= doc.page_count <= 4
            assert "Figure 1:" in "".join(page.get_text() for page in doc)
        assert find_figure(path).bbox is not None
    (tmp_path / "conference" / "pdfs" / "b2.pdf").write_bytes(b"stale")
    capsys.readouterr()
    assert module.main(["--data", str(data), "--check"]) == 1
    assert "b2.pdf: out of date" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# The scoring finder: captions, tables, columns, preferences
# --------------------------------------------------------------------------------------


def _plot(page: pymupdf.Page, r: pymupdf.Rect, colour=(0.1, 0.4, 0.8)) -> None:
    """A small line chart (axes and a curve) filling the rectangle."""
    sh = page.new_shape()
    sh.draw_line((r.x0, r.y1), (r.x1, r.y1))
    sh.draw_line((r.x0, r.y1), (r.x0, r.y0))
    sh.finish(color=(0, 0, 0), width=0.8)
    n = 20
    for k in (0.85, 0.7):  # two series
        sh.draw_polyline([(r.x0 + i * r.width / n, r.y1 - 5 - (r.height - 10) * k**i) for i in range(n + 1)])
        sh.finish(color=colour, width=1.2, closePath=False)
    sh.commit()


def _caption(page: pymupdf.Page, r: pymupdf.Rect, text: str) -> None:
    assert page.insert_textbox(r, text, fontsize=9, fontname="tiro") >= 0


@pytest.mark.parametrize(("line", "caption"), [
    ("Figure 1: Overview", True), ("Fig. 1 Exploration of the space", True), ("FIGURE 2 | Results", True),
    ("(a) Figure 2: two panels", True), ("Figure 4", True), ("Table 3. Ablation", True),
    ("Figure 1 shows the results", False), ("in Figure 1. In the first step", False),
    ("Fig. 4(a) compares", False),
])
def test_caption_lines(line: str, caption: bool) -> None:
    from sphinxext_vconf.thumbnails.pages import CAPTION, Block, _is_caption

    block = Block((0, 0, 100, 10), line, 1, 10.0, "Times-Roman", False)
    m = CAPTION.match(line)
    assert bool(m and _is_caption(m, block, "Times-Roman", 10.0)) is caption


def test_caption_without_punctuation_is_found_and_a_reference_is_not(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 200))
    _plot(page, pymupdf.Rect(150, 230, 450, 400))
    _caption(page, pymupdf.Rect(72, 415, 540, 440), "Figure 1 Screenshot of the annotation tool")
    _prose(page, pymupdf.Rect(72, 460, 540, 720))
    doc.save(tmp_path / "a.pdf")
    fig = find_figure(tmp_path / "a.pdf")
    assert fig.page == 1 and iou(fig.bbox, (150, 230, 450, 400)) > 0.8

    doc = pymupdf.open()
    page = doc.new_page()
    _plot(page, pymupdf.Rect(150, 230, 450, 400))
    _caption(page, pymupdf.Rect(72, 415, 540, 440), "Figure 1 shows the annotation tool")
    _caption(page, pymupdf.Rect(72, 450, 540, 475), "Table 1: Results of the study.")
    doc.save(tmp_path / "b.pdf")
    # "Figure 1 shows" is a reference, not a caption; the paper has a Table caption, so no
    # uncaptioned graphic is taken either.
    assert find_figure(tmp_path / "b.pdf").bbox is None


def test_a_ruled_table_captioned_figure_is_vetoed(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 200))
    sh = page.new_shape()
    for y in (230, 246, 330):  # booktabs rules
        sh.draw_line((150, y), (450, y))
    sh.finish(color=(0, 0, 0), width=0.8)
    sh.commit()
    for i, row in enumerate(["Method  Accuracy", "Ours  81.2", "Baseline A  77.0", "Baseline B  75.3",
                             "No regulariser  76.1"]):
        page.insert_text((160, 241 + 18 * i + (4 if i else 0)), row, fontsize=9, fontname="helv")
    _caption(page, pymupdf.Rect(72, 345, 540, 370), "Figure 2: Accuracy of each method.")
    _prose(page, pymupdf.Rect(72, 390, 540, 720))
    doc.save(tmp_path / "t.pdf")
    fig, cands = thumbnails.explain_figure(tmp_path / "t.pdf")
    assert fig.bbox is None
    assert cands and "table" in cands[0].veto


def test_an_overview_figure_beats_an_earlier_results_plot(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 400))
    _plot(page, pymupdf.Rect(230, 420, 380, 500))
    _caption(page, pymupdf.Rect(72, 510, 540, 535), "Figure 1: Test accuracy compared with the baselines.")
    _prose(page, pymupdf.Rect(72, 550, 540, 720))
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 200))
    sh = page.new_shape()
    for i in range(4):  # a pipeline: boxes and arrows
        box = pymupdf.Rect(100 + i * 110, 260, 180 + i * 110, 330)
        sh.draw_rect(box)
        sh.finish(color=(0.2, 0.3, 0.5), fill=(0.85, 0.9, 0.97 - 0.2 * (i % 2)))
        if i < 3:
            sh.draw_polyline([(box.x1 + 5, 290), (box.x1 + 25, 295), (box.x1 + 5, 300)])
            sh.finish(color=(0.8, 0.2, 0.1), fill=(0.8, 0.2, 0.1))
    sh.commit()
    _caption(page, pymupdf.Rect(72, 350, 540, 375), "Figure 2: Overview of the framework.")
    _prose(page, pymupdf.Rect(72, 390, 540, 720))
    doc.save(tmp_path / "o.pdf")
    fig, cands = thumbnails.explain_figure(tmp_path / "o.pdf")
    assert fig.page == 2 and iou(fig.bbox, (100, 260, 510, 330)) > 0.8
    assert cands[0].parts["overview words"] > 0 and cands[1].parts["results words"] < 0


def test_a_label_widens_the_box_only_within_its_column(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()  # 612 wide: columns 54-296 and 316-558
    for x in (54, 316):
        _prose(page, pymupdf.Rect(x, 72, x + 242, 200))
        _prose(page, pymupdf.Rect(x, 420, x + 242, 720))
    _plot(page, pymupdf.Rect(80, 230, 270, 370))
    # A legend line that runs past the gutter (its centre is still in the left column).
    page.insert_text((120, 385), "solid: ours, dashed: the baseline with a very long legend text here",
                      fontsize=7, fontname="helv")
    _caption(page, pymupdf.Rect(54, 392, 296, 415), "Figure 1: Loss during training.")
    doc.save(tmp_path / "c.pdf")
    fig = find_figure(tmp_path / "c.pdf")
    assert fig.bbox is not None and fig.bbox[2] <= 306, fig.bbox
    assert fig.bbox[3] >= 385  # the legend line is part of the figure


def test_an_author_block_above_a_teaser_stays_out_of_its_box(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((150, 90), "Graph Rewiring at Scale", fontsize=16, fontname="tibo")
    for i, line in enumerate(["Ada Lovelace, Alan Turing", "University of Somewhere", "ada@example.org"]):
        page.insert_text((200, 115 + 12 * i), line, fontsize=10, fontname="tiro")
    _plot(page, pymupdf.Rect(120, 150, 490, 300))  # 8 pt under the last author line
    _caption(page, pymupdf.Rect(72, 312, 540, 337), "Figure 1: Overview of our method.")
    _prose(page, pymupdf.Rect(72, 350, 540, 720))
    doc.save(tmp_path / "t.pdf")
    fig = find_figure(tmp_path / "t.pdf")
    assert fig.bbox is not None and fig.bbox[1] >= 148, fig.bbox


def test_uncaptioned_panels_are_taken_together(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _prose(page, pymupdf.Rect(72, 72, 540, 200))
    _plot(page, pymupdf.Rect(100, 240, 280, 380))
    _plot(page, pymupdf.Rect(310, 240, 500, 380), colour=(0.9, 0.4, 0.1))  # 30 pt apart
    _prose(page, pymupdf.Rect(72, 420, 540, 720))
    doc.save(tmp_path / "p.pdf")
    fig = find_figure(tmp_path / "p.pdf")
    assert fig.bbox is not None and iou(fig.bbox, (100, 240, 500, 380)) > 0.9, fig.bbox


def test_a_wide_figure_is_shown_whole_on_a_padded_card(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _plot(page, pymupdf.Rect(72, 300, 540, 360), colour=(0.9, 0.1, 0.1))  # a 7.8:1 strip
    _caption(page, pymupdf.Rect(72, 375, 540, 400), "Figure 1: A strip.")
    doc.save(tmp_path / "w.pdf")
    fig = find_figure(tmp_path / "w.pdf")
    img = Image.open(io.BytesIO(thumbnails.render_figure(tmp_path / "w.pdf", fig, (400, 280)))).convert("L")
    assert img.size == (800, 560)
    ink = [(x, y) for x in range(0, 800, 2) for y in range(0, 560, 2) if img.getpixel((x, y)) < 200]
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    assert min(xs) < 40 and max(xs) > 760  # the whole width of the strip shows
    assert min(ys) > 150 and max(ys) < 410  # padded above and below, not stretched or cut


def test_a_finder_change_invalidates_cached_thumbnails(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pdfs").mkdir()
    vector_pdf(tmp_path / "pdfs" / "p1.pdf")
    papers = [paper(pdf="pdfs/p1.pdf")]
    cache = tmp_path / "cache"
    assert make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "o1", cache_dir=cache).stats.rendered == 1
    assert make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "o2", cache_dir=cache).stats.cached == 1
    monkeypatch.setattr(thumbnails.cache, "code_version", lambda: "changed-finder")
    assert make_thumbnails(papers, srcdir=tmp_path, outdir=tmp_path / "o3", cache_dir=cache).stats.rendered == 1


def test_vconf_figure_explain(tmp_path: Path, capsys) -> None:
    v = vector_pdf(tmp_path / "v.pdf")
    assert cli.main(["figure", str(v), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "winner page 2" in out and "area +" in out
    assert cli.main(["figure", str(v), "--explain", "--json", "--out", str(tmp_path / "o")]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["page"] == 2 and rec["candidates"][0]["score"] > 0
    assert Image.open(rec["thumbnail"]).size == (800, 560)


@pytest.mark.skipif(not (Path(__file__).parents[1].parent / "shared" / "data" / "dev-pdfs").is_dir(),
                    reason="shared data (dev-pdfs) not present")
def test_dev_set_papers_without_figures_stay_empty_and_every_pick_is_sizeable() -> None:
    """Real papers outside the gold set: no pick on the figure-less ones, the figure found
    where layouts are odd, and every pick a region a card can show (not a sliver)."""
    dev = Path(__file__).parents[1].parent / "shared" / "data" / "dev-pdfs"
    for name in ("cermine-test1", "cermine-test2"):  # no caption, no picture (a review, a survey)
        assert find_figure(dev / f"{name}.pdf").bbox is None, name
    # A caption inside a block of text, a frame around figure and caption, a scanned page.
    for name, page in (("grobid-submission_363", 1), ("cermine-example2", 7), ("grobid-ZFN-A-054-0304-0272", 2)):
        assert find_figure(dev / f"{name}.pdf").page == page, name
    picked = 0
    for pdf in sorted(dev.glob("*.pdf")):
        fig = find_figure(pdf)
        if fig.bbox is not None:
            picked += 1
            assert fig.bbox[2] - fig.bbox[0] >= 40 and fig.bbox[3] - fig.bbox[1] >= 30, pdf.name
    assert picked >= 18


# --------------------------------------------------------------------------------------
# The sample site: a figure on almost every card, each shown whole
# --------------------------------------------------------------------------------------


def test_sample_gallery_shows_a_figure_on_at_least_48_of_52_cards(sample_site: Path) -> None:
    papers = json.loads((sample_site / "data" / "papers.json").read_text())
    assert len(papers) == 52
    figures = [p for p in papers if p["thumbnail_kind"] == "figure"]
    assert len(figures) >= 48, [p["id"] for p in papers if p["thumbnail_kind"] != "figure"]
    for p in figures:
        img = Image.open(sample_site / p["thumbnail"])
        assert img.size == (800, 560)


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "dpr"), [((1366, 900), 1), ((1366, 900), 2), ((360, 740), 2)])
def test_gallery_cards_show_whole_figures_not_upscaled(sample_site: Path, viewport, dpr) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import ARTIFACTS, launch, serve

    with sync_api.sync_playwright() as pw, serve(sample_site) as base:
        browser = launch(pw)
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=dpr)
        page = ctx.new_page()
        page.goto(base + "papers.html", wait_until="load")
        page.add_style_tag(content=".paper-card { content-visibility: visible !important; }")
        page.evaluate("for (const i of document.querySelectorAll('img.paper-card-thumb')) i.loading = 'eager'")
        page.wait_for_function("[...document.querySelectorAll('img.paper-card-thumb')]"
                               ".every(i => i.complete && i.naturalWidth > 0)", timeout=20000)
        shown = page.evaluate("""() => [...document.querySelectorAll('img.paper-card-thumb')].map(i => {
            const r = i.getBoundingClientRect(), cs = getComputedStyle(i);
            return {src: i.src, w: r.width, h: r.height, nw: i.naturalWidth, nh: i.naturalHeight,
                    fit: cs.objectFit};
        })""")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"thumbnails-gallery-{viewport[0]}x{viewport[1]}@{dpr}x.png"))
        browser.close()
    assert len(shown) >= 24  # the first page of cards, figures only
    for s in shown:
        assert s["fit"] != "cover", s
        # The box the image is drawn in has the image's own aspect ratio: nothing is cut.
        assert s["w"] / s["h"] == pytest.approx(s["nw"] / s["nh"], rel=0.01), s
        assert s["w"] * dpr / s["nw"] <= 1.25, s
