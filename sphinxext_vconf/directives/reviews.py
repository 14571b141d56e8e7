"""A paper's reviews (kind, date, scores on the conference's scales, decision), its type
and decision badges and the organizer's own fields, as data for the theme's components
(``reviews.html``, ``extra-fields.html``, ``badge.html``)."""

from __future__ import annotations

from docutils import nodes

from .. import components
from ..model import Conference, Paper, Review
from ..richtext import has_math, to_html
from .base import VconfDirective

KIND_LABELS = {"review": "Review", "meta-review": "Meta-review", "decision": "Decision",
               "author-response": "Author response", "comment": "Comment"}
DECISION_LABELS = {"accept": "Accepted", "reject": "Rejected", "oral": "Oral", "spotlight": "Spotlight",
                   "poster": "Poster", "workshop": "Workshop"}


def type_badges(paper: Paper) -> list[dict[str, str]]:
    """The paper's type as a badge (the decision is one of :func:`.paper.badges`)."""
    return [{"kind": "type", "label": paper.type}] if paper.type else []


def _scale(value: float, hi: float | None) -> str:
    return f"{value:g}" + (f" / {hi:g}" if hi is not None else "")


def facts(conf: Conference, r: Review) -> list[tuple[str, str]]:
    """(label, value) of every score of a review: rating, confidence, then the declared fields."""
    declared = {f.name: f for f in conf.review_fields}
    out: list[tuple[str, str]] = []
    for name, value in [("rating", r.rating), ("confidence", r.confidence), *r.scores.items()]:
        if value is None:
            continue
        f = declared.get(name)
        out.append((f.title if f else name.replace("_", " ").capitalize(), _scale(value, f.max if f else None)))
    return out


def _review(conf: Conference, r: Review, n: int) -> dict[str, object]:
    kind = KIND_LABELS.get(r.kind, r.kind)
    scores = facts(conf, r)
    return {
        "kind": r.kind,
        "kind_label": kind if (r.title or r.reviewer) else "",
        "head": r.title or r.reviewer or f"{kind} {n}",
        "decision": r.decision,
        "facts": ", ".join(f"{k.lower()} {v.split(' / ')[0]}" for k, v in scores[:2]),
        "date": r.date.isoformat() if r.date else "",
        "date_text": f"{r.date.day} {r.date:%b %Y}" if r.date else "",
        "scores": [{"label": k, "value": v} for k, v in scores],
        # OpenReview's reviews break lines with single newlines ("SUMMARY:\n...").
        "text_html": to_html(r.text, breaks=True),
    }


def reviews_nodes(d: VconfDirective, conf: Conference, paper: Paper) -> list[nodes.Node]:
    """Every review, meta-review, decision, response and comment, folded, in the given order."""
    counts: dict[str, int] = {}
    reviews = []
    for r in paper.reviews:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        reviews.append(_review(conf, r, counts[r.kind]))
    out: list[nodes.Node] = [d.component("reviews", reviews=reviews)]
    if any(has_math(str(r["text_html"])) for r in reviews):  # no math node tells Sphinx: say so
        out.append(components.declare(math=True))
    return out


def extra_nodes(d: VconfDirective, paper: Paper) -> list[nodes.Node]:
    """The organizer's own fields, under their own labels (the values are Markdown)."""
    items = [{"label": label, "text_html": to_html(text)} for label, text in paper.extra.items()]
    out: list[nodes.Node] = [d.component("extra-fields", items=items)]
    if any(has_math(str(i["text_html"])) for i in items):
        out.append(components.declare(math=True))
    return out
