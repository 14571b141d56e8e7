"""``vconf import openreview SUBMISSIONS REVIEWS TARGET``: reviews and decisions onto papers.

Papers are matched by id: the OpenReview forum id, which is also the paper id of a
Mini-Conf import (ICLR's UIDs are forum ids).  Reviews must live on the paper record, so
the papers files are edited, and the design is built around never losing what the
organizer wrote:

* files are edited as text, not re-dumped: new keys (``decision:``, ``reviews:``) are
  inserted after a paper's last field, new reviews appended to an existing ``reviews:``
  list; comments, quoting, key order and layout of everything else stay byte for byte;
* a paper's existing reviews are kept, and a review already there is not added twice
  (running the import again changes nothing); an existing, different decision is kept
  and reported unless ``--overwrite-decisions``;
* each edited file is first copied to ``<file>.bak`` (``.bak.1``... if taken);
* afterwards every edited file is parsed again and compared with the original: all
  records and fields other than the added ones must be equal, and the project must still
  validate.  If not, the originals are put back and the command fails;
* ``--create`` writes papers for submissions the project lacks into a new file
  (``papers-openreview.yml``), never into an existing one.

Column names are matched loosely (``PID``/``forum``/``id``, ``Review``/``review``/``text``,
``Rating``/``rating``, ``Conf``/``confidence``...).  Decisions are normalized to the
model's values: ``Accept (Oral)`` -> oral, ``Invite to Workshop Track`` -> workshop, and
the numeric codes of the ICLR 2017 export (1 oral, 2 poster, -1 workshop, 0 reject).
Ratings such as ``8: Top 50% of accepted papers`` are kept as written (the model reads 8).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import model
from . import ImportFailed, Report, dump_yaml

ID_COLUMNS = ("forum", "pid", "paper_id", "paperid", "id", "uid", "note_id", "submission_id")
DECISION_CODES = {"1": "oral", "2": "poster", "-1": "workshop", "0": "reject"}
NEW_FILE = "papers-openreview"


def normalize_decision(value: str) -> str | None:
    """An OpenReview decision as a model value (``""`` when none), ``None`` if not understood."""
    text = str(value or "").strip()
    if not text:
        return ""
    if text in DECISION_CODES:
        return DECISION_CODES[text]
    low = text.lower()
    if "reject" in low:
        return "reject"
    if "workshop" in low:
        return "workshop"
    for word, decision in (("oral", "oral"), ("talk", "oral"), ("spotlight", "spotlight"), ("poster", "poster")):
        if word in low:
            return decision
    if low.startswith("accept"):
        return "accept"
    if low in model.DECISIONS:
        return low
    return None


def _number(value: str) -> float | None:
    match = re.match(r"^\s*(-?\d+(?:\.\d+)?)\s*(?::|$)", str(value or ""))
    return float(match.group(1)) if match else None


def _scalar(value: str) -> Any:
    """A rating or confidence as written: ``6`` stays a number, ``8: Top 50%...`` its text."""
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _keywords(value: str) -> list[str]:
    text = str(value or "").strip()
    if text.startswith("["):
        try:
            items = ast.literal_eval(text)  # "['Deep learning', 'Theory']": a Python list literal
            if isinstance(items, list):
                return [str(k).strip() for k in items if str(k).strip()]
        except (ValueError, SyntaxError):
            pass
    sep = "|" if "|" in text else ","
    return [k.strip() for k in text.strip("[]").split(sep) if k.strip()]


def _rows(path: Path, report: Report) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """(lower-case column -> column, rows with the line they start on)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path} cannot be read as a UTF-8 CSV file ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    cols = {c.strip().lower(): c for c in (reader.fieldnames or [])}
    rows = []
    prev = reader.line_num
    try:
        for rec in reader:
            row, prev = prev + 1, reader.line_num
            if None in rec or any(v is None for v in rec.values()):
                report.problem(path.name, row, "row does not have the header's number of fields; row skipped")
                continue
            rows.append((row, rec))
    except csv.Error as exc:
        report.problem(path.name, reader.line_num, f"CSV error ({exc}); the rest of the file skipped")
    return cols, rows


def _col(cols: dict[str, str], *names: str) -> str:
    for n in names:
        if n in cols:
            return cols[n]
    return ""


@dataclass
class Submission:
    id: str
    row: int
    decision: str
    title: str
    abstract: str
    keywords: list[str]
    authors: list[str]
    type: str = ""


@dataclass
class Plan:
    """What to add to one existing paper."""

    decision: str = ""  # "" = leave it
    reviews: list[dict[str, Any]] = field(default_factory=list)


def read_submissions(path: Path, report: Report) -> dict[str, Submission]:
    cols, rows = _rows(path, report)
    idc = _col(cols, *ID_COLUMNS)
    if not idc:
        raise ImportFailed(f"{path}: no id column (one of {', '.join(ID_COLUMNS)}); columns: {', '.join(cols.values())}")
    dc, tc, ac = _col(cols, "decision"), _col(cols, "title"), _col(cols, "abstract")
    kc, auc = _col(cols, "keyword", "keywords"), _col(cols, "authors", "author")
    for c in cols.values():
        if c not in (idc, dc, tc, ac, kc, auc):
            n = sum(1 for _, r in rows if (r.get(c) or "").strip())
            report.unmapped_field(path.name, c, "not a submission field vconf knows", n)
    out: dict[str, Submission] = {}
    for row, rec in rows:
        ident = (rec.get(idc) or "").strip()
        if not ident:
            report.problem(path.name, row, "no paper id; row skipped")
            continue
        if ident in out:
            report.problem(path.name, row, f"paper {ident} already on row {out[ident].row}; row skipped")
            continue
        raw = (rec.get(dc) or "").strip() if dc else ""
        decision = normalize_decision(raw)
        if decision is None:
            report.problem(path.name, row, f"paper {ident}: decision {raw!r} not understood (expected accept, "
                           "oral, spotlight, poster, workshop, reject); left out")
            decision = ""
        if raw in DECISION_CODES:
            report.note(f"{path.name}: numeric decisions read as 1=oral, 2=poster, -1=workshop, 0=reject "
                        "(the codes of the ICLR 2017 export)")
        authors = re.split(r"\s*[|;]\s*", rec.get(auc) or "") if auc else []
        if auc and (rec.get(auc) or "").strip().startswith("["):
            authors = _keywords(rec.get(auc) or "")
        out[ident] = Submission(
            id=ident, row=row, decision=decision,
            title=" ".join((rec.get(tc) or "").split()) if tc else "",
            abstract=(rec.get(ac) or "").strip() if ac else "",
            keywords=_keywords(rec.get(kc) or "") if kc else [],
            authors=[a.strip() for a in authors if a.strip()],
        )
    return out


def read_reviews(path: Path, report: Report) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    cols, rows = _rows(path, report)
    idc = _col(cols, *ID_COLUMNS)
    if not idc:
        raise ImportFailed(f"{path}: no id column (one of {', '.join(ID_COLUMNS)}); columns: {', '.join(cols.values())}")
    textc = _col(cols, "review", "text", "comment", "main_review", "summary_of_the_review")
    rc, cc = _col(cols, "rating", "recommendation", "score"), _col(cols, "conf", "confidence")
    tc, whoc = _col(cols, "title"), _col(cols, "reviewer", "signatures", "signature")
    # The review's own note id, when the export has it beside the paper's (forum) id.
    ridc = _col(cols, "review_id", "note_id", "reply_id", "review_note_id")
    if not ridc and idc == _col(cols, "forum") and _col(cols, "id"):
        ridc = _col(cols, "id")
    for c in cols.values():
        if c not in (idc, textc, rc, cc, tc, whoc, ridc):
            n = sum(1 for _, r in rows if (r.get(c) or "").strip())
            report.unmapped_field(path.name, c, "not a review field vconf knows", n)
    out: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for row, rec in rows:
        ident = (rec.get(idc) or "").strip()
        text = (rec.get(textc) or "").strip() if textc else ""
        rating = (rec.get(rc) or "").strip() if rc else ""
        conf = (rec.get(cc) or "").strip() if cc else ""
        if not ident:
            report.problem(path.name, row, "no paper id; row skipped")
            continue
        if not text and not rating:
            report.problem(path.name, row, f"review of {ident} has neither text nor rating; row skipped")
            continue
        # A stable identity: re-imports merge by it, never by text (the chairs may have
        # redacted the text). Without a note id: the paper's id and the review's place among
        # that paper's reviews in this export.
        rid = (rec.get(ridc) or "").strip() if ridc else ""
        review: dict[str, Any] = {"id": rid or f"{ident}-review-{len(out[ident]) + 1}"}
        title = " ".join((rec.get(tc) or "").split()) if tc else ""
        if title:
            review["title"] = title
        who = (rec.get(whoc) or "").strip() if whoc else ""
        if who:
            review["reviewer"] = who
        if text:
            # Trailing spaces carry nothing in a review, and without them YAML keeps it a readable block.
            review["text"] = "\n".join(ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n"))
        if rating:
            if _number(rating) is None:
                report.problem(path.name, row, f"review of {ident}: rating {rating!r} is not a number; row skipped")
                continue
            review["rating"] = _scalar(rating)
        if conf:
            if _number(conf) is None:
                report.problem(path.name, row, f"review of {ident}: confidence {conf!r} is not a number; "
                               "left out")
            else:
                review["confidence"] = _scalar(conf)
        out[ident].append((row, review))
    return out


# --------------------------------------------------------------------------------------
# Editing YAML files as text
# --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """The model loader's Mapping/Sequence as plain dicts and lists (for comparing)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _load(text: str) -> Any:
    return _plain(model.load_yaml(text))


LEDGER = "openreview-imported.json"


def read_ledger(data_dir: Path) -> dict[str, list[str]]:
    """The review ids imported before, per paper: a review the chairs removed stays removed."""
    try:
        data = json.loads((data_dir / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    reviews = data.get("reviews") if isinstance(data, dict) else None
    return {str(k): [str(i) for i in v] for k, v in reviews.items() if isinstance(v, list)} \
        if isinstance(reviews, dict) else {}


def write_ledger(data_dir: Path, ledger: dict[str, list[str]]) -> None:
    from ..data import atomic_write

    payload = {"note": "Review ids vconf import openreview has attached; a review the chairs edited or removed "
                       "is not imported again. Keep this file with the data.",
               "reviews": {k: sorted(set(v)) for k, v in sorted(ledger.items())}}
    atomic_write(data_dir / LEDGER, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")


def _review_key(r: Any) -> str:
    r = _plain(r) if isinstance(r, dict) else {}
    return json.dumps({k: str(r.get(k, "")) for k in ("title", "text", "rating", "confidence", "reviewer")},
                      sort_keys=True)


def _last_leaf_end(node: yaml.Node) -> yaml.Mark:
    """Where the last scalar (or flow collection) of a node ends: block collections' own
    end marks point at the next token, which may sit on the following record's line."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n", text):
        starts.append(m.end())
    return starts


def _after(text: str, starts: list[int], mark: yaml.Mark) -> int:
    """Index where new lines go after a node ending at ``mark``."""
    if mark.column == 0:  # a block scalar: its end is the start of the next line
        line = mark.line
        while line > 0 and text[starts[line - 1]:starts[line]].strip() == "":
            line -= 1  # not after trailing blank lines
        return starts[line] if line < len(starts) else len(text)
    return starts[mark.line + 1] if mark.line + 1 < len(starts) else len(text)


def _block(items: Any, indent: int, nl: str, *, at_end_without_newline: bool = False) -> str:
    """YAML lines of ``items`` indented by ``indent``, to insert at a line start."""
    text = dump_yaml(items)
    lines = text.rstrip("\n").split("\n")
    block = "".join((" " * indent + ln if ln else ln) + nl for ln in lines)
    return nl + block if at_end_without_newline else block


def edit_papers_file(text: str, plans: dict[str, Plan], *, overwrite: bool,
                     report: Report, name: str) -> tuple[str, dict[str, Plan]]:
    """Insert decisions and reviews into the papers of one YAML file; return (text, done)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    starts = _line_starts(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    data = _load(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    done: dict[str, Plan] = {}
    if not isinstance(root, yaml.MappingNode):
        return text, done
    for key, seq in root.value:
        if key.value != "papers" or not isinstance(seq, yaml.SequenceNode):
            continue
        for idx, node in enumerate(seq.value):
            if not isinstance(node, yaml.MappingNode):
                continue
            fields = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            ident = fields.get("id", (None, None))[1]
            if not isinstance(ident, yaml.ScalarNode) or ident.value not in plans:
                continue
            pid, plan = ident.value, plans[ident.value]
            record = data["papers"][idx]
            applied = Plan()
            new_keys: dict[str, Any] = {}
            # decision
            if plan.decision:
                old = str(record.get("decision") or "")
                if not old:
                    if "decision" in fields:
                        k, v = fields["decision"]
                        edits.append((v.start_mark.index, v.end_mark.index, " " + json.dumps(plan.decision)
                                      if v.start_mark.index == v.end_mark.index else json.dumps(plan.decision)))
                    else:
                        new_keys["decision"] = plan.decision
                    applied.decision = plan.decision
                elif old != plan.decision:
                    if overwrite:
                        k, v = fields["decision"]
                        edits.append((v.start_mark.index, v.end_mark.index, json.dumps(plan.decision)))
                        applied.decision = plan.decision
                    else:
                        report.problem(name, k_line(fields["decision"]), f"paper {pid}: decision {old!r} kept; "
                                       f"OpenReview says {plan.decision!r} (--overwrite-decisions to replace)")
            # reviews: only those not there yet
            existing = record.get("reviews") or []
            existing = existing if isinstance(existing, list) else []
            ids = {str(r.get("id")) for r in existing if isinstance(r, dict) and r.get("id")}
            # Reviews written before they carried ids are recognised by their text.
            have = {_review_key(r) for r in existing if isinstance(r, dict) and not r.get("id")}
            fresh = [r for r in plan.reviews if r.get("id") not in ids and _review_key(r) not in have]
            if fresh and "reviews" in fields:
                k, v = fields["reviews"]
                if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
                    pos = _after(text, starts, _last_leaf_end(v))
                    edits.append((pos, pos, _block(fresh, v.start_mark.column, nl, at_end_without_newline=(
                        pos == len(text) and not text.endswith("\n")))))
                elif isinstance(v, yaml.SequenceNode) or (isinstance(v, yaml.ScalarNode) and v.value in ("", "~", "null")):
                    merged = (existing if isinstance(existing, list) else []) + fresh
                    edits.append((v.start_mark.index, v.end_mark.index,
                                  (" " if v.start_mark.index == v.end_mark.index else "") + json.dumps(merged)))
                else:
                    report.problem(name, v.start_mark.line + 1, f"paper {pid}: reviews is not a list; "
                                   "its reviews were not added")
                    fresh = []
            elif fresh:
                new_keys["reviews"] = fresh
            applied.reviews = fresh
            if new_keys:
                if node.flow_style:  # {id: x, title: y}: add inside the braces
                    pos = node.end_mark.index - 1
                    # JSON is YAML flow syntax; ASCII escapes keep YAML's special line breaks out.
                    extra = "".join(f", {k}: {json.dumps(v)}" for k, v in new_keys.items())
                    edits.append((pos, pos, extra))
                else:
                    col = node.value[0][0].start_mark.column
                    pos = _after(text, starts, _last_leaf_end(node))
                    edits.append((pos, pos, _block(new_keys, col, nl, at_end_without_newline=(
                        pos == len(text) and not text.endswith("\n")))))
            if applied.decision or applied.reviews:
                done[pid] = applied
    # Insertions at one place go in the order they were planned (reviews before new keys).
    merged: dict[tuple[int, int], str] = {}
    for start, end, new in edits:
        merged[(start, end)] = merged.get((start, end), "") + new
    for (start, end), new in sorted(merged.items(), reverse=True):
        text = text[:start] + new + text[end:]
    return text, done


def k_line(pair: tuple[yaml.Node, yaml.Node]) -> int:
    return pair[0].start_mark.line + 1


def _verify(before: str, after: str, done: dict[str, Plan]) -> str:
    """Why ``after`` is not ``before`` plus exactly ``done`` ("" when it is)."""
    try:
        a, b = _load(before), _load(after)
    except yaml.YAMLError as exc:
        return f"the edited file is not valid YAML ({exc})"
    if not isinstance(a, dict) or not isinstance(b, dict) or set(a) != set(b):
        return "top-level keys changed"
    for key in a:
        if key != "papers" and a[key] != b[key]:
            return f"{key} changed"
    pa, pb = a.get("papers") or [], b.get("papers") or []
    if len(pa) != len(pb):
        return "the number of papers changed"
    for x, y in zip(pa, pb, strict=True):
        if not isinstance(x, dict):
            if x != y:
                return "a papers entry changed"
            continue
        pid = str(x.get("id"))
        plan = done.get(pid, Plan())
        for k in set(x) | set(y):
            if k in ("decision", "reviews"):
                continue
            if x.get(k) != y.get(k):
                return f"paper {pid}: {k} changed"
        if str(y.get("decision") or "") != (plan.decision or str(x.get("decision") or "")):
            return f"paper {pid}: decision is not what was planned"
        old = x.get("reviews") or []
        if (y.get("reviews") or []) != old + [_plain(r) for r in plan.reviews]:
            return f"paper {pid}: reviews are not the old ones plus the new ones"
    return ""


# --------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------


def data_dir_of(target: Path) -> Path:
    if (target / "conf.py").is_file():
        match = re.search(r"^vconf_data_dir\s*=\s*[\"']([^\"']+)[\"']", (target / "conf.py").read_text(
            encoding="utf-8", errors="replace"), re.MULTILINE)
        return target / (match.group(1) if match else "data")
    return target


def _backup(path: Path) -> Path:
    bak = path.with_name(path.name + ".bak")
    n = 1
    while bak.exists():
        bak = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    shutil.copy2(path, bak)
    return bak


def attach(submissions: Path, reviews: Path, target: Path, *, create: bool = False, accepted_only: bool = False,
           overwrite_decisions: bool = False) -> Report:
    """Attach reviews and decisions to the papers of the project at ``target``; return the report."""
    for p in (submissions, reviews):
        if not p.is_file():
            raise ImportFailed(f"{p} is not a file")
    data_dir = _data_dir(target)
    report = Report(f"vconf import openreview {submissions.name} {reviews.name}")
    subs = read_submissions(submissions, report)
    revs = read_reviews(reviews, report)
    return attach_records(subs, revs, data_dir, report, submissions.name, reviews.name, create=create,
                          accepted_only=accepted_only, overwrite_decisions=overwrite_decisions)


def _data_dir(target: Path) -> Path:
    data_dir = data_dir_of(target)
    if not data_dir.is_dir():
        raise ImportFailed(f"{target} is neither a vconf project (conf.py and {data_dir.name}/) nor a data folder")
    return data_dir


def attach_records(subs: dict[str, Submission], revs: dict[str, list[tuple[int, dict[str, Any]]]],
                   data_dir: Path, report: Report, sub_name: str, rev_name: str, *, create: bool = False,
                   accepted_only: bool = False, overwrite_decisions: bool = False) -> Report:
    """Attach submissions' decisions and reviews (read from CSV or JSON) to the project's papers."""
    conf = model.load(data_dir, root=data_dir)  # ConferenceDataError: the project's own problems, no traceback
    submissions = Path(sub_name)
    reviews = Path(rev_name)

    ledger = read_ledger(data_dir)
    plans: dict[str, Plan] = {}
    for pid in conf.papers:
        before = set(ledger.get(pid, []))
        plan = Plan(decision=subs[pid].decision if pid in subs else "",
                    reviews=[r for _, r in revs.get(pid, []) if r["id"] not in before])
        if plan.decision or plan.reviews:
            plans[pid] = plan
    new_papers = []
    missing = [s for s in subs.values() if s.id not in conf.papers]
    if create:
        for s in missing:
            if accepted_only and s.decision == "reject":
                continue
            if not model.ID_RE.match(s.id):
                report.problem(submissions.name, s.row, f"id {s.id!r} is not a valid vconf id; paper not created")
                continue
            if not s.title:
                report.problem(submissions.name, s.row, f"paper {s.id} has no title; not created")
                continue
            paper: dict[str, Any] = {"id": s.id, "title": s.title, "authors": s.authors or ["Anonymous"]}
            if not s.authors:
                report.note("submissions without authors (blind review) are credited to 'Anonymous', as "
                            "OpenReview shows them")
            if s.abstract:
                paper["abstract"] = s.abstract
            if s.keywords:
                paper["keywords"] = s.keywords
            if s.decision in model.PRESENTATIONS:
                paper["presentation"] = s.decision
            if s.decision:
                paper["decision"] = s.decision
            if s.type:
                paper["type"] = s.type
            rs = [r for _, r in revs.get(s.id, [])]
            if rs:
                paper["reviews"] = rs
            new_papers.append(paper)
    elif missing:
        report.note(f"{len(missing)} submissions have no paper in the project (use --create to add them)")
    known = set(conf.papers) | {p["id"] for p in new_papers}
    orphans = {pid: rows for pid, rows in revs.items() if pid not in known}
    for pid, rows in orphans.items():
        report.problem(reviews.name, rows[0][0], f"{len(rows)} review(s) of {pid}: no such paper in the project "
                       "(or among the created ones); not attached")

    # Edit each papers file that holds a paper with something to add.
    by_file: dict[Path, dict[str, Plan]] = defaultdict(dict)
    for pid, plan in plans.items():
        by_file[data_dir / conf.papers[pid].source.file][pid] = plan
    originals: dict[Path, str] = {}
    attached = decided = touched = 0
    new_path = None
    try:
        for path, file_plans in sorted(by_file.items()):
            with path.open(encoding="utf-8", newline="") as f:
                before = f.read()
            after, done = edit_papers_file(before, file_plans, overwrite=overwrite_decisions, report=report,
                                           name=path.name)
            if not done:
                continue
            reason = _verify(before, after, done)
            if reason:
                raise ImportFailed(f"{path}: editing would change more than the reviews ({reason}); "
                                   "nothing was written")
            originals[path] = before
            bak = _backup(path)
            with path.open("w", encoding="utf-8", newline="") as f:
                f.write(after)
            report.note(f"{path.name}: edited in place; the original is in {bak.name}")
            attached += sum(len(p.reviews) for p in done.values())
            decided += sum(1 for p in done.values() if p.decision)
            touched += len(done)
        if new_papers:
            n = 0
            new_path = data_dir / f"{NEW_FILE}.yml"
            while new_path.exists():
                n += 1
                new_path = data_dir / f"{NEW_FILE}-{n}.yml"
            sources = submissions.name if submissions.name == reviews.name else f"{submissions.name} and {reviews.name}"
            header = f"Papers created by `vconf import openreview --create` from {sources}."
            new_path.write_text(dump_yaml({"papers": new_papers}, header), encoding="utf-8")
            attached += sum(len(p.get("reviews", [])) for p in new_papers)
            decided += sum(1 for p in new_papers if p.get("decision"))
        model.load(data_dir, root=data_dir)
        for pid, rows in revs.items():
            if pid in known:
                ledger[pid] = [*ledger.get(pid, []), *(r["id"] for _, r in rows)]
        write_ledger(data_dir, ledger)
    except (ImportFailed, model.ConferenceDataError, OSError) as exc:
        for path, text in originals.items():
            with path.open("w", encoding="utf-8", newline="") as f:
                f.write(text)
        if new_path is not None and new_path.exists() and new_papers:
            new_path.unlink()
        if isinstance(exc, ImportFailed):
            raise
        raise ImportFailed(f"the result would not be valid, so nothing was changed:\n{exc}") from None

    report.counts["papers given reviews or a decision"] = touched
    report.counts["reviews attached"] = attached
    report.counts["decisions set"] = decided
    report.counts["papers created"] = len(new_papers)
    report.counts["reviews of unknown papers"] = sum(len(r) for r in orphans.values())
    return report


def run(args: Any) -> int:
    target = Path(args.target)
    options = {"create": args.create, "accepted_only": args.accepted_only,
               "overwrite_decisions": args.overwrite_decisions}
    if args.reviews is None:  # one file: the API v2 JSON of openreview-py, reviews inside
        from .openreview_json import attach_json

        report = attach_json(Path(args.submissions), target, **options)
    else:
        report = attach(Path(args.submissions), Path(args.reviews), target, **options)
    out = (target if target.is_dir() else target.parent) / "vconf-openreview-report.txt"
    out.write_text(report.text(), encoding="utf-8")
    print(report.summary())
    print(f"report: {out}")
    return 0
