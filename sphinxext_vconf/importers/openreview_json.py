"""``vconf import openreview SUBMISSIONS.json TARGET``: OpenReview API v2 notes, as openreview-py
returns them, with their replies: papers, decisions and reviews with all their fields.

The file is what these five lines of `openreview-py <https://github.com/openreview/openreview-py>`_
write (``Note.to_json()`` leaves out ``details``, where the replies are, hence the merge)::

    import json, openreview
    client = openreview.api.OpenReviewClient(baseurl="https://api2.openreview.net", username=USER, password=PASSWORD)
    notes = client.get_all_notes(invitation="ICLR.cc/2024/Conference/-/Submission", details="replies")
    with open("submissions.json", "w") as f:
        json.dump([{**n.to_json(), "details": n.details} for n in notes], f)

Each note's content is ``{"title": {"value": ...}, ...}``; each reply (``details["replies"]``)
has ``invitations`` (``.../Submission12/-/Official_Review``), ``signatures``, ``cdate`` (ms)
and content of its own. The reply's kind comes from its invitation: official review, meta-review,
decision, rebuttal / author response, comment. Its text fields (summary, strengths, weaknesses...)
become one Markdown text, a section per field; ``rating`` and ``confidence`` stay as written
(``6: marginally above``); every other scored field (``soundness: "3 good"``) becomes a score.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from . import ImportFailed, Report
from .openreview import Submission, _data_dir, _number, _scalar, attach_records, normalize_decision

KINDS = (  # invitation name (the part after "/-/") -> review kind; the first that matches
    ("meta_review", "meta-review"), ("metareview", "meta-review"), ("decision", "decision"),
    ("rebuttal", "author-response"), ("author_response", "author-response"), ("review", "review"),
    ("comment", "comment"),
)
SKIPPED = {  # replies that are not reviews: why they are not carried over
    "withdrawal": "a withdrawal notice", "desk_rejection": "a desk rejection notice", "revision": "a revision",
    "ethics_review_flag": "an ethics-review flag", "camera_ready": "a camera-ready revision",
}
META_FIELDS = {"code_of_conduct", "flag_for_ethics_review", "details_of_ethics_concerns", "first_time_reviewer",
               "code_of_ethics", "submission_guidelines", "reciprocal_reviewing",
               "responsible_reviewing", "acknowledgement", "acknowledgment"}
SUBMISSION_FIELDS = {"title", "abstract", "authors", "keywords", "venue"}
SUBMISSION_META = {"authorids", "pdf", "_bibtex", "venueid", "paperhash", "supplementary_material", "TLDR", "tldr",
                   "primary_area", "code_of_ethics", "submission_guidelines", "reciprocal_reviewing",
                   "anonymous_url", "no_acknowledgement_section", "student_author"}
SCORE_RE = re.compile(r"^\s*([-+]?\d{1,4}(?:\.\d+)?)(?:\s*[:.)-]?\s+\S.*|\s*)$", re.S)


def value(content: Any, key: str) -> Any:
    """API v2 content is ``{"field": {"value": ...}}`` (v1's plain values are read too)."""
    if not isinstance(content, dict):
        return None
    v = content.get(key)
    return v.get("value") if isinstance(v, dict) else v


def reply_kind(reply: dict[str, Any]) -> tuple[str, str]:
    """(kind, "") for a review-like reply, ("", why) for one that is not carried over."""
    names = [str(i).rsplit("/-/", 1)[-1].lower() for i in reply.get("invitations") or [reply.get("invitation", "")]]
    for name in names:
        for key, why in SKIPPED.items():
            if key in name:
                return "", why
    for name in names:
        for key, kind in KINDS:
            if key in name:
                signed = " ".join(str(s) for s in reply.get("signatures") or [])
                if kind == "comment" and re.search(r"/Authors$", signed):
                    return "author-response", ""
                return kind, ""
    return "", f"an invitation vconf does not read ({', '.join(names) or 'none'})"


def who(signatures: Any) -> str:
    """``.../Submission12/Reviewer_abCD`` -> ``Reviewer abCD``; ``~Ada_Lovelace1`` -> ``Ada Lovelace``."""
    if not signatures:
        return ""
    last = str(signatures[0]).rsplit("/", 1)[-1]
    if last.startswith("~"):
        last = re.sub(r"\d+$", "", last[1:])
    return last.replace("_", " ").strip()


def _label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def read_reply(reply: dict[str, Any], kind: str, report: Report, file: str) -> dict[str, Any]:
    content = reply.get("content") or {}
    review: dict[str, Any] = {"id": str(reply.get("id") or ""), "kind": kind}
    if value(content, "title"):
        review["title"] = " ".join(str(value(content, "title")).split())
    reviewer = who(reply.get("signatures"))
    if reviewer:
        review["reviewer"] = reviewer
    stamp = reply.get("cdate") or reply.get("tcdate")
    if isinstance(stamp, (int, float)) and stamp > 0:
        review["date"] = dt.datetime.fromtimestamp(stamp / 1000, dt.UTC).date().isoformat()
    sections: list[tuple[str, str]] = []
    scores: dict[str, Any] = {}
    for key in content:
        if key == "title":
            continue
        v = value(content, key)
        if v in (None, "", []):
            continue
        low = key.lower()
        if low in ("decision", "recommendation") and isinstance(v, str) and kind in ("decision", "meta-review"):
            review["decision"] = " ".join(v.split())
        elif low in ("rating", "confidence") and isinstance(v, (str, int, float)):
            text = str(v).strip()
            if _number(text) is None:
                report.unmapped_field(file, f"(reply).{key}", "not a number")
                sections.append((_label(key), text))
            else:
                review[low] = _scalar(text)
        elif low in META_FIELDS:
            report.unmapped_field(file, f"(reply).{key}", "a form field of the review process, not of the review")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            scores[key] = v
        elif isinstance(v, str) and len(v) <= 80 and SCORE_RE.match(v):
            scores[key] = _scalar(SCORE_RE.match(v).group(1))  # "3 good": the number, on its scale
        elif isinstance(v, str):
            sections.append((_label(key), v.strip()))
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            sections.append((_label(key), ", ".join(v)))
        else:
            report.unmapped_field(file, f"(reply).{key}", "not text, a number or a list of words")
    if scores:
        review["scores"] = scores
    if len(sections) == 1 and sections[0][0].lower() in ("comment", "review", "metareview", "rebuttal",
                                                          "main review"):
        review["text"] = sections[0][1]
    elif sections:
        # each form field as a section of its own: "**Strengths**" then the reviewer's Markdown
        review["text"] = "\n\n".join(f"**{name}**\n\n{text}" for name, text in sections)
    return review


def read_json(path: Path, report: Report) -> tuple[dict[str, Submission], dict[str, list[tuple[int, dict]]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFailed(f"{path}: not a readable JSON file ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("notes"), list):
        data = data["notes"]  # the REST API's own answer: {"notes": [...]}
    if not isinstance(data, list):
        raise ImportFailed(f"{path}: expected a list of notes (openreview-py's get_all_notes, see "
                           "`vconf import openreview --help`)")
    file = path.name
    subs: dict[str, Submission] = {}
    revs: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    report.read(file, "submissions", len(data))
    unknown: dict[str, int] = {}
    for i, note in enumerate(data, 1):
        content = note.get("content") if isinstance(note, dict) else None
        ident = str(note.get("forum") or note.get("id") or "") if isinstance(note, dict) else ""
        if not ident or not isinstance(content, dict):
            report.problem(file, i, f"note {i} has no id or content; skipped", drop="submissions")
            continue
        if ident in subs:
            report.problem(file, i, f"note {ident} is there twice; skipped", drop="submissions")
            continue
        for key in content:
            if key not in SUBMISSION_FIELDS and key not in SUBMISSION_META:
                unknown[key] = unknown.get(key, 0) + 1
        replies = (note.get("details") or {}).get("replies") or (note.get("details") or {}).get("directReplies") or []
        report.read(file, "replies", len(replies))
        decision, reviews = "", []
        for reply in replies:
            if not isinstance(reply, dict):
                report.dropped(file, "replies", "not a note")
                continue
            kind, why = reply_kind(reply)
            if not kind:
                report.dropped(file, "replies", why)
                continue
            review = read_reply(reply, kind, report, file)
            if kind == "decision" and review.get("decision"):
                decision = review["decision"]
            reviews.append(review)
            report.kept(file, "replies")
        # Replies in the order they were written: reviews, responses, the meta-review, the decision.
        reviews.sort(key=lambda r: (r.get("date", ""), r["id"]))
        if not decision:
            venue = str(value(content, "venue") or "")  # "ICLR 2024 poster", "Submitted to ICLR 2024"
            decision = venue if re.search(r"oral|spotlight|poster|accept|reject|workshop", venue, re.I) else ""
        normal = normalize_decision(decision)
        if normal is None:
            report.problem(file, i, f"paper {ident}: decision {decision!r} not understood; left out")
            normal = ""
        keywords = value(content, "keywords") or []
        authors = value(content, "authors") or []
        subs[ident] = Submission(
            id=ident, row=i, decision=normal, title=" ".join(str(value(content, "title") or "").split()),
            abstract=str(value(content, "abstract") or "").strip(),
            keywords=[str(k).strip() for k in keywords if str(k).strip()] if isinstance(keywords, list) else [],
            authors=[str(a).strip() for a in authors if str(a).strip()] if isinstance(authors, list) else [],
        )
        revs[ident] = [(i, r) for r in reviews]
        report.kept(file, "submissions")
    for key, n in unknown.items():
        report.unmapped_field(file, f"content.{key}", "a submission field vconf has no place for", n)
    return subs, revs


def attach_json(path: Path, target: Path, *, create: bool = False, accepted_only: bool = False,
                overwrite_decisions: bool = False) -> Report:
    """Attach the decisions and reviews of an API v2 JSON export to the project at ``target``."""
    if not path.is_file():
        raise ImportFailed(f"{path} is not a file")
    data_dir = _data_dir(target)
    report = Report(f"vconf import openreview {path.name}")
    subs, revs = read_json(path, report)
    return attach_records(subs, revs, data_dir, report, path.name, path.name, create=create,
                          accepted_only=accepted_only, overwrite_decisions=overwrite_decisions)
