"""A paper's reviews (kind, date, scores on the conference's scales, decision), its type
and decision badges and the organizer's own fields, as HTML for the paper's page.

Small and separate so that it can move into the theme's components as it is.
"""

from __future__ import annotations

from ..html import esc
from ..model import Conference, Paper, Review
from .richtext import rich

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


def extra_html(paper: Paper) -> str:
    """The organizer's own fields, under their own labels."""
    if not paper.extra:
        return ""
    rows = "".join(f'<dt>{esc(label)}</dt><dd>{rich(text)}</dd>' for label, text in paper.extra.items())
    return f'<dl class="vconf-extra">{rows}</dl>'


def _scale(value: float, lo: float | None, hi: float | None) -> str:
    return f"{value:g}" + (f" / {hi:g}" if hi is not None else "")


def _facts(conf: Conference, r: Review) -> list[tuple[str, str]]:
    fields = {f.name: f for f in conf.review_fields}
    facts: list[tuple[str, str]] = []
    for name, value in (("rating", r.rating), ("confidence", r.confidence)):
        if value is not None:
            f = fields.get(name)
            facts.append((f.title if f else name.capitalize(), _scale(value, f and f.min, f and f.max)))
    for name, value in r.scores.items():
        f = fields.get(name)
        facts.append((f.title if f else name, _scale(value, f and f.min, f and f.max)))
    return facts


def reviews_html(conf: Conference, paper: Paper) -> str:
    """Every review, meta-review, decision, response and comment, folded, in the given order."""
    parts = []
    counts: dict[str, int] = {}
    for r in paper.reviews:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        kind = KIND_LABELS.get(r.kind, r.kind)
        head = r.title or (f"{kind}: {r.reviewer}" if r.reviewer else f"{kind} {counts[r.kind]}")
        facts = _facts(conf, r)
        summary = f'<span class="vconf-review-kind">{esc(kind)}</span> {esc(head)}' if r.title or r.reviewer \
            else esc(head)
        if r.decision:
            summary += f' <span class="vconf-review-decision">{esc(r.decision)}</span>'
        short = ", ".join(f"{k} {v}" for k, v in facts[:2])
        if short:
            summary += f' <span class="vconf-review-facts">({esc(short)})</span>'
        if r.date:
            summary += (f' <time class="vconf-review-date" datetime="{r.date.isoformat()}">'
                        f'{esc(r.date.strftime("%d %b %Y").lstrip("0"))}</time>')
        scores = ""
        if facts:
            scores = '<dl class="vconf-review-scores">' + "".join(
                f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>"
        parts.append(f'<details class="vconf-review vconf-review-{esc(r.kind)}"><summary>{summary}</summary>'
                     f'{scores}<div class="vconf-review-text">{rich(r.text)}</div></details>')
    return f'<div class="vconf-reviews">{"".join(parts)}</div>'
