"""A paper's reviews (kind, date, scores on the conference's scales, decision), its type
and decision badges and the organizer's own fields, for the paper's page.

Small and separate so that it can move into the theme's components as it is.
"""

from __future__ import annotations

from docutils import nodes

from ..html import esc
from ..model import Conference, Paper, Review
from .base import VconfDirective, rich_text

KIND_LABELS = {"review": "Review", "meta-review": "Meta-review", "decision": "Decision",
               "author-response": "Author response", "comment": "Comment"}
DECISION_LABELS = {"accept": "Accepted", "reject": "Rejected", "oral": "Oral", "spotlight": "Spotlight",
                   "poster": "Poster", "workshop": "Workshop"}


def badges(paper: Paper) -> list[str]:
    """The type and the decision as badges (beside the presentation and the track)."""
    out = []
    if paper.type:
        out.append(f'<span class="vconf-badge vconf-badge-type">{esc(paper.type)}</span>')
    if paper.decision:
        label = DECISION_LABELS.get(paper.decision, paper.decision.capitalize())
        out.append(f'<span class="vconf-badge vconf-badge-decision vconf-decision-{esc(paper.decision)}">'
                   f'{esc(label)}</span>')
    return out


def extra_nodes(d: VconfDirective, paper: Paper) -> list[nodes.Node]:
    """The organizer's own fields, under their own labels (the values are Markdown)."""
    out: list[nodes.Node] = [d.tag('<dl class="vconf-extra">')]
    for label, text in paper.extra.items():
        out.append(d.tag(f"<dt>{esc(label)}</dt><dd>"))
        out.extend(rich_text(text, "vconf-extra-value"))
        out.append(d.tag("</dd>"))
    out.append(d.tag("</dl>"))
    return out


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


def _summary(conf: Conference, r: Review, n: int) -> str:
    kind = KIND_LABELS.get(r.kind, r.kind)
    head = r.title or r.reviewer or f"{kind} {n}"
    parts = [f'<span class="vconf-review-kind">{esc(kind)}</span>' if (r.title or r.reviewer) else "", esc(head)]
    if r.decision:
        parts.append(f'<span class="vconf-review-decision">{esc(r.decision)}</span>')
    short = ", ".join(f"{k.lower()} {v.split(' / ')[0]}" for k, v in facts(conf, r)[:2])
    if short:
        parts.append(f'<span class="vconf-review-facts">({esc(short)})</span>')
    if r.date:
        parts.append(f'<time class="vconf-review-date" datetime="{r.date.isoformat()}">'
                     f'{r.date.day} {r.date:%b %Y}</time>')
    return " ".join(p for p in parts if p)


def reviews_nodes(d: VconfDirective, conf: Conference, paper: Paper) -> list[nodes.Node]:
    """Every review, meta-review, decision, response and comment, folded, in the given order."""
    out: list[nodes.Node] = [d.tag('<div class="vconf-reviews">')]
    counts: dict[str, int] = {}
    for r in paper.reviews:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        out.append(d.tag(f'<details class="vconf-review vconf-review-{esc(r.kind)}">'
                         f"<summary>{_summary(conf, r, counts[r.kind])}</summary>"))
        scores = facts(conf, r)
        if scores:
            out.append(d.raw('<dl class="vconf-review-scores">' + "".join(
                f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in scores) + "</dl>"))
        # OpenReview's reviews break lines with single newlines ("SUMMARY:\n...").
        out.extend(rich_text(r.text, "vconf-review-text", breaks=True))
        out.append(d.tag("</details>"))
    out.append(d.tag("</div>"))
    return out
