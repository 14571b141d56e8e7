"""What the components are given (views.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sphinxext_vconf import views
from sphinxext_vconf.richtext import to_plain

SAMPLE = Path(__file__).parents[1] / "conference" / "data"
EDGES = [
    "# A heading\n\nThe text. More.", "1. We do this. Then that.", "Use [a link](https://x.org) here. x",
    "We *really* do it. Then", "Two  spaces.\nNext line.", "With $a.b$ math. z", "As in e.g. this. c",
    "No end at all", "A <b>tag</b>. x", "Fish &amp; chips. x", "Under_score words. x", "~~gone~~ text. x",
    "A first line\nthat goes on. Then.", "  Leading spaces. x", "Ünïcödé words – with dashes. Next.",
    "x" * 300 + ". tail", "Setext\n===\nbody. x", "", "   ",
]


def reference(text: str, limit: int = 180) -> str:
    """The definition: the first sentence of the abstract's words after a full parse."""
    first = views._SENTENCE.split(" ".join(to_plain(text).split()), maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + "\u2026"
    return first


def _abstracts(shared: Path | None) -> list[str]:
    import yaml

    texts = [p.get("abstract", "") for f in sorted(SAMPLE.glob("*.yml"))
             for p in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("papers", []) or []]
    if shared is not None:
        for name in ("main_papers.csv", "demo_papers.csv"):
            with (shared / "acl2020-miniconf" / "sitedata" / name).open(encoding="utf-8") as f:
                texts += [row.get("abstract", "") for row in csv.DictReader(f)]
    return [t for t in texts if isinstance(t, str)]


@pytest.mark.parametrize("text", EDGES)
def test_lead_reads_markup_like_the_full_parse(text: str) -> None:
    assert views.lead(text) == reference(text)


def test_lead_of_real_abstracts_matches_the_full_parse(request: pytest.FixtureRequest) -> None:
    """Most abstracts take the quick way (no parse); each lead is still what a parse gives."""
    try:
        shared = request.getfixturevalue("shared_data")
    except pytest.skip.Exception:
        shared = None
    texts = _abstracts(shared)
    assert len(texts) >= 50
    for text in texts:
        assert views.lead(text) == reference(text), text[:120]
    quick = sum(bool(views._PLAIN.fullmatch(views._SENTENCE.split(t.lstrip(), maxsplit=1)[0])) for t in texts)
    assert quick > len(texts) / 2
