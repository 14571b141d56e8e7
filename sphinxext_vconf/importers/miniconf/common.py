"""What the Mini-Conf readers share: constants, small text and time helpers, tables."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ... import model
from .. import Report, md_text

UTC = dt.UTC
SLIDESLIVE = "https://slideslive.com/{}"
HEADER = ("vconf:imported from a Mini-Conf site by `vconf import miniconf`.\n"
          "Edit freely: `vconf import miniconf --force` never overwrites a file you changed.")
QA_HOURS = 1  # ACL's qa_session_length_hr, when neither calendar nor Zoom CSV gives an end

# Mini-Conf pages -> the vconf pages that replace them (for links in FAQ answers).
OLD_PAGES = {
    "index": "index", "about": "help", "help": "help", "faq": "help", "papers": "papers",
    "paper_vis": "map", "calendar": "schedule", "schedule": "schedule", "workshops": "workshops",
    "speakers": "speakers", "chat": "chat", "tutorials": "tutorials", "socials": "socials",
    "sponsors": "sponsors", "plenary_sessions": "plenary-sessions", "committee": "committee",
    "organizers": "committee",
}
# Pages vconf writes itself from the YAML (pages.py): ours must not take these names.
GENERATED = {"papers", "map", "schedule", "workshops", "speakers", "chat", "sponsors"}

PAPER_FIELDS = {
    "uid": "id", "title": "title", "authors": "authors", "abstract": "abstract",
    "keywords": "keywords", "sessions": "sessions", "track": "track", "pdf_url": "pdf",
    "pdf": "pdf", "code": "code", "code_url": "code", "presentation_id": "video", "paper_type": "type",
    "video": "video", "video_url": "video", "slides": "slides", "slides_url": "slides",
}
PAPER_UNMAPPED = {
    "demo_url": "no demo-link field in the vconf model",
    "tldr": "vconf shows the abstract; a TL;DR has no field",
}
TRACK_NAMES = {"SRW": "Student Research Workshop", "Demo": "System Demonstrations"}  # as ACL 2020 showed them

CONFIG_UNMAPPED = {
    "date": "free text; the dates come from the sessions",
    "citation_date": "citation metadata has no place in the vconf model",
    "proceedings_title": "citation metadata has no place in the vconf model",
    "analytics": "web analytics would load an outside script; a vconf site loads nothing from outside",
    "background_image": "the vconf theme has no background image",
    "default_presentation_id": "a placeholder video for papers without one; vconf shows none rather than another's",
    "default_poster_pdf": "a placeholder poster; vconf shows none rather than another's",
    "use_auth0": "login is not part of a static vconf site",
    "auth0": "login is not part of a static vconf site",
    "calendar.colors": "calendar colors are the theme's",
    "calendar.sunday_saturday": "the schedule shows the days that have sessions",
    "logo.width": "the theme sizes the logo",
    "logo.height": "the theme sizes the logo",
    "page_title.separator": "Sphinx writes page titles itself",
    "site_title": "the navbar shows the conference name",
}


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def slug(text: str, limit: int = 48) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0] or s[:limit]
    return s


def plain(text: Any) -> str:
    """HTML-ish text (``MINICONF <br> CONFERENCE``) as plain text."""
    s = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.IGNORECASE)
    s = re.sub(r"<[^>]*>", "", s)
    return " ".join(html.unescape(s).split())


def title_of(text: Any) -> str:
    """A calendar title: ACL appends organizers after ``<br/>``; keep what comes before."""
    return plain(re.split(r"<br\s*/?>", str(text or ""), maxsplit=1, flags=re.IGNORECASE)[0])


def split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def split_names(value: Any) -> list[str]:
    """``"A, B and C"`` (ACL organizers, workshop-paper speakers) -> names."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = " ".join(str(value or "").split())
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*|\s*\|\s*", text)
    return [p.strip() for p in parts if p.strip()]


def is_url(value: str) -> bool:
    return bool(model.URL_RE.match(value))


def parse_time(value: Any) -> dt.datetime | None:
    """A Mini-Conf instant: ISO 8601 (``Z``/offset; none means UTC) or ACL's ``YYYY-MM-DD_HH:MM:SS``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value or "").strip().replace("_", "T")
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Table:
    """Rows of a CSV, JSON or YAML table, each with the row (line) it starts on."""

    def __init__(self, path: Path, report: Report, what: str = "rows"):
        """``what``: the kind of record a row is, for the report's closing table (records in,
        and rows dropped here because they cannot be read)."""
        self.name = path.name
        self.what = what
        self.columns: list[str] = []
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.ragged: set[int] = set()
        if path.suffix in (".csv", ".tsv"):
            self._csv(path, report)
        else:
            data = load_yaml_or_json(path, report)
            if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), list):
                data = next(iter(data.values()))
            if not isinstance(data, list):
                report.problem(self.name, 0, "expected a list of records; file skipped")
                return
            cols: dict[str, None] = {}
            report.read(self.name, what, len(data))
            for i, item in enumerate(data):
                if not isinstance(item, dict):
                    report.problem(self.name, i + 1, f"item {i + 1} is not a record; skipped", drop=what)
                    continue
                cols.update(dict.fromkeys(str(k) for k in item))
                self.rows.append((i + 1, {str(k): v for k, v in item.items()}))
            self.columns = list(cols)

    def _csv(self, path: Path, report: Report) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            report.problem(self.name, 0, f"cannot be read as UTF-8 text ({exc}); file skipped")
            return
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if path.suffix == ".tsv" else ",")
        self.columns = [c.strip() for c in (reader.fieldnames or [])]
        reader.fieldnames = self.columns
        prev = reader.line_num
        try:
            for rec in reader:
                row = prev + 1
                prev = reader.line_num
                if None in rec or any(v is None for v in rec.values()):
                    n = len(self.columns) + len(rec.get(None) or []) - sum(v is None for v in rec.values())
                    report.read(self.name, self.what)
                    report.problem(self.name, row, f"row has {n} fields, the header has "
                                   f"{len(self.columns)}; row skipped", drop=self.what)
                    self.ragged.add(row)
                    continue
                report.read(self.name, self.what)
                self.rows.append((row, {k: (v or "").strip() for k, v in rec.items()}))
        except csv.Error as exc:
            report.problem(self.name, reader.line_num, f"CSV error ({exc}); the rest of the file skipped")

    def count_unmapped(self, report: Report, known: Iterable[str], reasons: dict[str, str]) -> None:
        known = {k.lower() for k in known}
        for col in self.columns:
            if col.lower() in known:
                continue
            n = sum(1 for _, r in self.rows if str(r.get(col) or "").strip())
            reason = reasons.get(col.lower(), "not a field vconf knows for this file")
            report.unmapped_field(self.name, col, reason, n)


def load_yaml_or_json(path: Path, report: Report) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.problem(path.name, 0, f"cannot be read as UTF-8 text ({exc}); file skipped")
        return None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        # The model's loader: safe, and keeps dates as the strings they were written as.
        return model.load_yaml(text)
    except (ValueError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(exc, "lineno", 0)
        report.problem(path.name, line, f"not valid {'JSON' if path.suffix == '.json' else 'YAML'} "
                       f"({getattr(exc, 'problem', None) or exc}); file skipped")
        return None


def line_of(data: Any, key: Any = None, index: int | None = None) -> int:
    """The line of a record (or of one of its keys / items) read by the model's loader."""
    if index is not None and isinstance(data, model.Sequence):
        return data.item_lines[index] if index < len(data.item_lines) else data.line
    if isinstance(data, model.Mapping):
        return data.key_lines.get(str(key), data.line) if key is not None else data.line
    return 0




def md_paras(text: str) -> str:
    """Blank-line separated paragraphs of untrusted text, each shown literally."""
    return "\n\n".join(md_text(p) for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip())


def _fmt_offset(off: dt.timedelta) -> str:
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"], 1)}


def _parse_day(text: str, year: int) -> dt.date | None:
    """ "Jul 5", "10 Jul", "July 9th", "09-Jul", "July 09" -> a date (ACL's workshop schedules)."""
    m = re.search(r"([A-Za-z]{3,})", text)
    d = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\b", text)
    if not m or not d or m.group(1)[:3].lower() not in _MONTHS:
        return None
    y = re.search(r"\b(\d{4})\b", text)
    try:
        return dt.date(int(y.group(1)) if y else year, _MONTHS[m.group(1)[:3].lower()], int(d.group(1)))
    except ValueError:
        return None


def _parse_clock(value: Any) -> dt.time | None:
    """ "9:00 AM", "4:00", "16:30" -> a wall time."""
    m = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?\s*", str(value or ""))
    if not m:
        return None
    h, mi, ampm = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:  # "13:30 PM" is 13:30
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    return dt.time(h, mi) if h < 24 and mi < 60 else None


def _link_target(link: str) -> tuple[str, str]:
    """What a Mini-Conf calendar link points to: (kind, key)."""
    if not link:
        return ("", "")
    parts = urllib.parse.urlsplit(link)
    page = Path(parts.path).name
    query = urllib.parse.parse_qs(parts.query)
    if page == "papers.html" and query.get("session"):
        return ("session", query["session"][0])
    for kind in ("speaker", "workshop", "tutorial", "plenary_session", "paper"):
        m = re.fullmatch(rf"{kind}_(.+)\.html", page)
        if m:
            return (kind.replace("plenary_session", "plenary"), m.group(1))
    if page.endswith(".html") or not parts.scheme:
        return ("page", page)
    return ("url", link) if parts.scheme in ("http", "https") else ("", "")
