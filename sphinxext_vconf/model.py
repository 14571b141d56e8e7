"""The conference data model: dataclasses, YAML loading with line marks, validation.

Data flows one way: YAML files -> :func:`load` -> a validated, read-only
:class:`Conference`.  Every problem in the data is collected and reported at once
(:class:`ConferenceDataError`), each with file, line, field, the bad value and what
was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

__all__ = [
    "SESSION_KINDS",
    "PRESENTATIONS",
    "Author",
    "Review",
    "Paper",
    "Session",
    "ScheduleItem",
    "Workshop",
    "Speaker",
    "Sponsor",
    "ReviewField",
    "Link",
    "Checker",
    "read_record",
    "valid_zone",
    "load_yaml",
    "Conference",
    "Problem",
    "ConferenceDataError",
    "load",
    "load_files",
]

SESSION_KINDS = ("invited", "oral", "poster", "workshop", "social", "break", "other")
# The built-in kinds' names (the ML set); a conference's own `kinds:` replace them.
DEFAULT_KIND_LABELS = {
    "invited": "Invited talk", "oral": "Orals", "poster": "Poster session", "workshop": "Workshop",
    "social": "Social", "break": "Break", "other": "Session",
}
PRESENTATIONS = ("oral", "spotlight", "poster")
DECISIONS = ("", "accept", "oral", "spotlight", "poster", "workshop", "reject")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# A relative path or URL: no scheme (so never ``javascript:``), no backslashes.
REL_RE = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!/)[^\s\\]+$")
YEARS = (1900, 2200)  # the years a date or time may have
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
    r"(?:\s*(Z|[+-]\d{2}:?\d{2}))?$"
)


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a record was defined: for error messages and Sphinx warning locations."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def spec(default: Any = MISSING, *, check: str | Callable[..., Any] = "str", help: str = "",
         markdown: bool = False, factory: Callable[[], Any] | None = None, **options: Any) -> Any:
    """One field of a record, declared once: its default, how it is read and checked
    (a :class:`Checker` method name, with ``options``, or a function ``(checker, mapping,
    file, label, context) -> value``; the context holds the record's time zone), its help text, and whether it takes Markdown."""
    key = options.pop("key", None)  # the YAML key, where it differs from the field's name
    meta = {"check": check, "help": help, "markdown": markdown, "options": options, "key": key}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@functools.cache  # read for every record: 5,000 papers asked for it 30,000 times
def declared(cls: type) -> tuple[Any, ...]:
    """The fields of a record that the data may set (those declared with :func:`spec`)."""
    return tuple(f for f in fields(cls) if "check" in f.metadata)


def _key(f: Any) -> str:
    return f.metadata.get("key") or f.name


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    """The names of the fields the data may set on a record (as written in the YAML)."""
    return tuple(_key(f) for f in declared(cls))


def markdown_fields(cls: type) -> list[str]:
    """The fields of a record that take Markdown (for the data reference)."""
    return [_key(f) for f in declared(cls) if f.metadata["markdown"]]


def read_record(c: Checker, cls: type, m: Mapping, file: str, label: str, ctx: dict[str, Any] | None = None) -> Any:
    """Read every declared field of ``cls`` out of ``m``: each bad field is its own problem,
    at its own line, and the record is still built from the good ones (so that references
    to it are not reported again)."""
    c.fields(m, file, label, field_names(cls))
    values: dict[str, Any] = {}
    ctx = {} if ctx is None else ctx
    for f in declared(cls):
        check = f.metadata["check"]
        if callable(check):
            values[f.name] = check(c, m, file, label, ctx)
        else:
            values[f.name] = getattr(c, check)(m, _key(f), file, label, **f.metadata["options"])
        if values[f.name] in (None, "") and f.default not in (MISSING, None):
            values[f.name] = f.default
    return cls(**values, source=Source(file, m.line), lines=dict(m.key_lines))


@dataclass(frozen=True)
class Author:
    name: str = spec(check="str", required=True, help="the author's name")
    affiliation: str = spec("", help="institution")


REVIEW_KINDS = ("review", "meta-review", "decision", "author-response", "comment")


@dataclass(frozen=True)
class ReviewField:
    """A scored field of the reviews, declared once per conference (``conference.review_fields``)."""

    name: str = spec(check="id", help="the key the reviews use, e.g. soundness")
    label: str = spec("", help="what the page calls it (default: the name)")
    min: float | None = spec(None, check="number", help="lowest score")
    max: float | None = spec(None, check="number", help="highest score")
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


def _scores(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dict[str, float]:
    value = m.get("scores")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        c.problem(file, c._line(m, "scores"), f"{label}.scores", value, "a mapping of field name to score")
        return {}
    out: dict[str, float] = {}
    for key in value:
        if key == "__duplicate_keys__":
            continue
        number = c.number(value, key, file, f"{label}.scores")
        if number is not None:
            out[key] = number
    return out


def _extra(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dict[str, str]:
    value = m.get("extra")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        c.problem(file, c._line(m, "extra"), f"{label}.extra", value, "a mapping of label to text")
        return {}
    return {k: t for k in value if k != "__duplicate_keys__" and (t := c.str(value, k, file, f"{label}.extra"))}


@dataclass(frozen=True)
class Review:
    id: str = spec("", help="stable identity from the source (an OpenReview note id): imports merge by it")
    kind: str = spec("review", choices=REVIEW_KINDS,
                     help="review, meta-review, decision, author-response or comment")
    title: str = spec("", help="its heading")
    reviewer: str = spec("", help="who wrote it (a pseudonym such as Reviewer 2)")
    date: dt.date | None = spec(None, check="date", help="when it was written, YYYY-MM-DD")
    text: str = spec("", markdown=True, help="the review")
    rating: float | None = spec(None, check="number", help="overall rating ('8: accept' reads as 8)")
    confidence: float | None = spec(None, check="number", help="the reviewer's confidence")
    scores: dict[str, float] = spec(check=_scores, factory=dict,
                                    help="other scored fields, by the names in conference.review_fields")
    decision: str = spec("", help="the decision it states, as written (e.g. Accept (poster))")
    source: Source = field(default=Source("", 0), compare=False, repr=False)  # pages fingerprint repr()
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)


def _authors(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[Author]:
    authors: list[Author] = []
    raw = c.list(m, "authors", file, label, required=True)
    if isinstance(m.get("authors"), list) and not raw:
        c.problem(file, c._line(m, "authors"), f"{label}.authors", [], "at least one author")
    for i, a in enumerate(raw):
        where = f"{label}.authors[{i}]"
        if isinstance(a, str) and a.strip():
            authors.append(Author(a.strip()))
        elif isinstance(a, Mapping):
            c.fields(a, file, where, [f.name for f in declared(Author)])
            name = c.str(a, "name", file, where, required=True)
            if name:
                authors.append(Author(name, c.str(a, "affiliation", file, where)))
        else:
            c.problem(file, m["authors"].item_lines[i], where, a, "a name or a mapping with name and affiliation")
    return authors


def _reviews(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[Review]:
    reviews: list[Review] = []
    for i, r in enumerate(c.list(m, "reviews", file, label)):
        where = f"{label}.reviews[{i}]"
        if not isinstance(r, Mapping):
            c.problem(file, m["reviews"].item_lines[i], where, r, "a mapping with text, rating, confidence")
            continue
        reviews.append(read_record(c, Review, r, file, where, ctx))
    return reviews


@dataclass
class Paper:
    id: str = spec(check="id", help="unique; the page is papers/ID.html")
    title: str = spec(check="str", required=True, help="the title")
    authors: list[Author] = spec(check=_authors, factory=list,
                                 help="names, or mappings with name and affiliation")
    abstract: str = spec("", markdown=True, help="the abstract")
    keywords: list[str] = spec(check="str_list", factory=list, help="a list, or one string split at commas")
    track: str = spec("", help="the track or area")
    presentation: str = spec("poster", choices=PRESENTATIONS, help="oral, spotlight or poster")
    type: str = spec("", help="the paper type as the conference names it (Long, Short, Findings, Demo...)")
    pdf: str = spec("", check="url", help="an http(s) URL or a path inside the project")
    code: str = spec("", check="url", relative=False, help="an http(s) URL")
    video: str = spec("", check="url", help="an http(s) URL or a path inside the project")
    slides: str = spec("", check="url", help="an http(s) URL or a path inside the project")
    sessions: list[str] = spec(check="str_list", factory=list, help="ids of sessions")
    reviews: list[Review] = spec(check=_reviews, factory=list, help="reviews, meta-reviews, decisions, comments")
    decision: str = spec("", choices=DECISIONS, help="accept, oral, spotlight, poster, workshop or reject")
    thumbnail: str = spec("", check="url", help="an image URL or path (default: found in the PDF)")
    chat: str = spec("", check="url", relative=False, help="an http(s) URL of its chat room")
    extra: dict[str, str] = spec(check=_extra, factory=dict, markdown=True,
                                 help="the organizer's own fields: label -> text, shown on the page")
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line

    @property
    def docname(self) -> str:
        return f"papers/{self.id}"

    @property
    def text(self) -> str:
        """What the embeddings read: title and abstract."""
        return f"{self.title}. {self.abstract}".strip()

    @property
    def rejected(self) -> bool:
        return self.decision == "reject"

    @property
    def lead(self) -> str:
        """The abstract's first sentence, as words: what a card without a figure shows."""
        from .views import lead

        return lead(self.abstract)


def _record_zone(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> str:
    """A record's own time zone (default: the conference's); its times are read in it."""
    ctx["zone"] = c.timezone(m, "timezone", file, label, default=ctx.get("zone", "UTC"))
    return ctx["zone"]


def _session_kind(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> str:
    kind = c.str(m, "kind", file, label, required=True)
    if kind:  # checked against the declared kinds once all files are read
        c.session_kinds.append((file, c._line(m, "kind"), f"{label}.kind", kind))
    return kind or "other"


def _start(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dt.datetime | None:
    ctx["start"] = c.time(m, "start", file, label, ctx.get("zone", "UTC"))
    return ctx["start"]


def _end(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dt.datetime | None:
    start, end = ctx.get("start"), c.time(m, "end", file, label, ctx.get("zone", "UTC"))
    # end == start is a marker (doors open, a deadline): shown on its minute, not refused
    if start and end and end < start:
        c.problem(file, c._line(m, "end"), f"{label}.end", m.get("end"), f"a time at or after start ({m.get('start')})")
    return end


def _session_papers_field(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[str]:
    ids, ctx["paper_starts"] = _session_papers(c, m, file, label, ctx.get("zone", "UTC"), ctx.get("start"))
    return ids


def _ids(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any], key: str) -> list[str]:
    return _one_or_list(c, m, key, file, label)


@dataclass
class Session:
    id: str = spec(check="id", help="unique; the page is sessions/ID.html")
    title: str = spec(check="str", required=True, help="the title")
    timezone: str = spec("", check=_record_zone,
                         help="IANA zone its times are written in (default: the conference's)")
    start: dt.datetime = spec(None, check=_start, help="when it starts (timezone-aware once read)")
    end: dt.datetime = spec(None, check=_end, help="when it ends; equal to start for a marker")
    kind: str = spec("other", check=_session_kind, help="a declared kind (default set: invited, oral, poster, ...)")
    description: str = spec("", markdown=True, help="shown on the session page")
    room: str = spec("", help="the room or stream")
    video: str = spec("", check="url", help="an http(s) URL or a path inside the project")
    chair: str = spec("", help="who chairs it")
    papers: list[str] = spec(check=_session_papers_field, factory=list,
                             help="paper ids, or {id, start} for a paper's own time in the session")
    workshop: str = spec("", help="the id of the workshop it belongs to")
    speakers: list[str] = spec(check=lambda c, m, f, lb, ctx: _ids(c, m, f, lb, ctx, "speaker"), factory=list,
                               key="speaker", help="a speaker id, or a list of them")
    chat: str = spec("", check="url", relative=False, help="an http(s) URL of its chat room")
    speaker: str = ""  # the first of ``speakers``
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line
    paper_starts: dict[str, dt.datetime] = field(default_factory=dict)  # paper id -> its own start

    @property
    def docname(self) -> str:
        return f"sessions/{self.id}"

    def paper_slots(self) -> list[tuple[str, dt.datetime, dt.datetime]]:
        """``(paper id, start, end)`` of the papers with their own start time, in time order;
        each ends when the next starts (the last with the session)."""
        timed = sorted(self.paper_starts.items(), key=lambda kv: (kv[1].timestamp(), self.papers.index(kv[0])
                                                                  if kv[0] in self.papers else 0))
        return [(pid, start, timed[i + 1][1] if i + 1 < len(timed) else self.end)
                for i, (pid, start) in enumerate(timed)]


@dataclass
class SessionKind:
    """A kind of session the organizer declares (``kinds:``): its name, label and colour."""

    id: str
    label: str = ""
    colour: str = ""  # #rrggbb, or "" for the theme's default
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class ScheduleItem:
    title: str
    start: dt.datetime
    end: dt.datetime
    speaker: str = ""
    description: str = ""
    kind: str = "other"


def _schedule(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[ScheduleItem]:
    return _items(c, m, file, label, ctx.get("zone", "UTC"))


@dataclass
class Workshop:
    id: str = spec(check="id", help="unique; the page is workshops/ID.html")
    title: str = spec(check="str", required=True, help="the title")
    organizers: list[str] = spec(check="str_list", factory=list, help="names")
    abstract: str = spec("", markdown=True, help="what it is about")
    website: str = spec("", check="url", relative=False, help="an http(s) URL")
    video: str = spec("", check="url", help="a live stream or recording: an http(s) URL or a path")
    chat: str = spec("", check="url", relative=False, help="an http(s) URL of its chat room")
    timezone: str = spec("", check=_record_zone, help="IANA zone its schedule is written in (default: the conference's)")
    schedule: list[ScheduleItem] = spec(check=_schedule, factory=list,
                                        help="its own programme: title, start, end, speaker, description, kind")
    papers: list[str] = spec(check="str_list", factory=list, help="ids of its papers")
    sessions: list[str] = field(default_factory=list)  # filled from the sessions that name it
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line

    @property
    def docname(self) -> str:
        return f"workshops/{self.id}"


@dataclass
class Speaker:
    id: str = spec(check="id", help="unique; the page is speakers/ID.html")
    name: str = spec(check="str", required=True, help="the speaker's name")
    affiliation: str = spec("", help="institution")
    bio: str = spec("", markdown=True, help="a short biography")
    photo: str = spec("", check="url", help="an image URL or a path inside the project")
    talk_title: str = spec("", help="the talk's title")
    talk_abstract: str = spec("", markdown=True, help="the talk's abstract")
    sessions: list[str] = spec(check=lambda c, m, f, lb, ctx: _ids(c, m, f, lb, ctx, "session"), factory=list,
                               key="session", help="the id of the session of the talk, or a list of them")
    website: str = spec("", check="url", relative=False, help="an http(s) URL")
    session: str = ""  # the first of ``sessions``
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line

    @property
    def docname(self) -> str:
        return f"speakers/{self.id}"


def _sponsor_links(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[Link]:
    return _links(c, m, file, label)


def _sponsor_schedule(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> list[ScheduleItem]:
    return _items(c, m, file, label, ctx.get("zone", "UTC"))


@dataclass
class Sponsor:
    id: str = spec(check="id", help="unique; its entry on the sponsors page has this anchor")
    name: str = spec(check="str", required=True, help="the sponsor's name")
    level: str = spec("", help="the sponsorship level as the conference names it (Platinum, Gold...)")
    logo: str = spec("", check="url", help="an image URL or a path inside the project")
    description: str = spec("", markdown=True, help="who they are")
    website: str = spec("", check="url", relative=False, help="an http(s) URL")
    links: list[Link] = spec(check=_sponsor_links, factory=list,
                             help="more links (jobs, downloads, videos): mappings with title and url")
    video: str = spec("", check="url", help="an http(s) URL or a path inside the project")
    chat: str = spec("", check="url", relative=False, help="an http(s) URL of their booth chat or video room")
    schedule: list[ScheduleItem] = spec(check=_sponsor_schedule, factory=list,
                                        help="their own events: title, start, end, description")
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line


@dataclass
class Conference:
    name: str = spec(check="str", required=True, help="the conference's name")
    timezone: str = spec(check="timezone", help="its IANA time zone (Europe/Berlin)")
    start_date: dt.date = spec(check=lambda c, m, f, lb, ctx: _start_date(c, m, f, lb, ctx),
                               help="the first day, YYYY-MM-DD")
    end_date: dt.date = spec(check=lambda c, m, f, lb, ctx: _end_date(c, m, f, lb, ctx), help="the last day, YYYY-MM-DD")
    tagline: str = spec("", help="one line under the name on the home page")
    logo: str = spec("", check="url", help="an image URL or a path inside the project")
    url: str = spec("", check="url", relative=False, help="where the site is published (absolute links)")
    links: list[Link] = spec(check=lambda c, m, f, lb, ctx: _links(c, m, f, lb), factory=list,
                             help="the organizer's links: mappings with title and url")
    video: dict[str, str] = spec(check=lambda c, m, f, lb, ctx: _settings(c, m, f, lb, "video"), factory=dict,
                                 help="video provider settings")
    chat: dict[str, Any] = spec(check=lambda c, m, f, lb, ctx: _settings(c, m, f, lb, "chat"), factory=dict,
                                help="chat settings: provider, server, channel_template, ...")
    review_fields: list[ReviewField] = spec(check=lambda c, m, f, lb, ctx: _review_fields(c, m, f, lb), factory=list,
                                            help="the scored fields of reviews: name, label, min, max")
    publish_rejected: bool = spec(False, check="flag", help="list rejected papers in the gallery and on the map")
    papers: dict[str, Paper] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    workshops: dict[str, Workshop] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    sponsors: dict[str, Sponsor] = field(default_factory=dict)
    kinds: dict[str, SessionKind] = field(default_factory=dict)  # declared; empty: SESSION_KINDS
    files: list[str] = field(default_factory=list)
    source: Source = Source("", 0)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def listed_papers(self) -> list[Paper]:
        """The papers the gallery and the map show: rejected ones only if the organizer publishes them."""
        return [p for p in self.papers.values() if self.publish_rejected or not p.rejected]

    def papers_of_session(self, session_id: str) -> list[Paper]:
        return [self.papers[p] for p in self.sessions[session_id].papers]

    def sessions_of_paper(self, paper_id: str) -> list[Session]:
        return sorted(
            (self.sessions[s] for s in self.papers[paper_id].sessions),
            key=lambda s: (s.start.timestamp(), s.id),
        )

    def kind_label(self, kind: str) -> str:
        """What a session kind is called: the organizer's label, else the built-in one."""
        declared = self.kinds.get(kind)
        if declared is not None and declared.label:
            return declared.label
        return DEFAULT_KIND_LABELS.get(kind, kind)

    def sessions_sorted(self) -> list[Session]:
        # Timestamps, not datetimes: aware datetimes in a repeated (DST) hour never compare
        # equal across zones (PEP 495).
        return sorted(self.sessions.values(), key=lambda s: (s.start.timestamp(), s.end.timestamp(), s.id))


# --------------------------------------------------------------------------------------
# YAML with line marks
# --------------------------------------------------------------------------------------


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class Sequence(list):
    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it: 10-15x faster on thousands of papers, same marks.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe loader that keeps line numbers and reads scalars as YAML 1.2 does.

    YAML 1.1 (PyYAML's default) turns ``0012`` into 10 (octal), ``12:30`` into 750
    (base 60) and ``yes`` into True; YAML 1.2's core schema does none of that, and a number
    keeps the text it was written as (:class:`Int`, :class:`Float`), so that a field that is
    a string (an id, a title, a room, a track) gets exactly what the organizer typed.
    Dates and times stay strings too: the validator parses them in the zone they belong to
    (YAML's own timestamp type would silently read a zone-less time as UTC).
    """


class Int(int):
    """An integer read from YAML, with the text it was written as."""

    text: str


class Float(float):
    """A float read from YAML, with the text it was written as."""

    text: str


# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE = [
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    ("tag:yaml.org,2002:float", re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), "-+.0123456789"),
]
_Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in _CORE:
    _Loader.add_implicit_resolver(_tag, _rx, list(_first))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> Int:
    text = loader.construct_scalar(node)
    digits = text.replace("_", "")
    if digits.startswith("0o"):
        out = Int(int(digits[2:], 8))
    elif digits.startswith("0x"):
        out = Int(int(digits[2:], 16))
    else:
        out = Int(int(digits))
    out.text = text
    return out


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> Float:
    text = loader.construct_scalar(node)
    low = text.lower()
    value = float("nan") if low == ".nan" else float(low.replace(".inf", "inf"))
    out = Float(value)
    out.text = text
    return out


def _construct_bool(loader: _Loader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


def load_yaml(text: str) -> Any:
    """Parse YAML text with the model's loader: line marks, YAML 1.2 scalars, no tags but the safe ones."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


class ParseCache:
    """Parsed YAML files kept between builds, by the hash of their text (and of this module,
    which defines what a parse makes).

    Parsing is the largest fixed cost of a rebuild: some 5 s for 5,000 papers, although an
    organizer's edit touches one file. Unpickling an unchanged file's tree (the same
    :class:`Mapping` with its line marks) takes a tenth of that. Entries of files that are
    no longer read are dropped by :meth:`keep_only`.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()
        self._code = _module_hash()

    def load(self, text: str) -> Any:
        import hashlib
        import pickle

        key = hashlib.sha256(self._code + text.encode("utf-8", "surrogatepass")).hexdigest()
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())  # noqa: S301 - our own cache, written below
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
        data = load_yaml(text)  # a YAMLError goes to the caller, and nothing is kept
        try:
            from .data import atomic_write

            atomic_write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a cache that cannot be written only costs time
        return data

    def keep_only(self) -> None:
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def _module_hash() -> bytes:
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes() + yaml.__version__.encode()).digest()


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    out = Mapping()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            out.setdefault("__duplicate_keys__", []).append((key, key_node.start_mark.line + 1))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    out = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


# --------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    value: Any
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        value = _show(self.value)
        return f"{where}: {self.field}: {value}; expected {self.expected}"


def where(record: Any, fld: str) -> Source:
    """The file and line of one field of a record (the record's own line when not written)."""
    return Source(record.source.file, record.lines.get(fld, record.source.line))


def as_written(value: Any) -> str:
    """A scalar as the organizer typed it: ``0012`` stays ``0012``, ``3.10`` stays ``3.10``."""
    return getattr(value, "text", None) or str(value)


def _show(value: Any) -> str:
    if value is _MISSING:
        return "missing"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Missing:
    def __repr__(self) -> str:
        return "missing"


_MISSING: Any = _Missing()


class ProblemReport(SystemExit):
    """Every problem of some input, reported at once under a line naming ``subject``.

    A ``SystemExit`` so that ``sphinx-build`` and ``vconf`` stop with the report and a
    non-zero status, and no traceback: the fault is in the data, not in the code.
    """

    subject = "the input"

    def __init__(self, problems: list[Any]):
        self.problems = problems
        n = len(problems)
        lines = [f"vconf: {self.subject} has {n} problem{'s' if n != 1 else ''}:"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))

    def __str__(self) -> str:
        return str(self.code)


class ConferenceDataError(ProblemReport):
    """The conference data is invalid: every problem, reported at once."""

    subject = "the conference data"


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


class Checker:
    """Reads fields out of YAML mappings, recording a :class:`Problem` for each fault."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.incomplete = False  # a section could not be read at all
        # Session kinds as written (file, line, field, kind), checked once every file has
        # declared its kinds: also those of sessions rejected for other faults.
        self.session_kinds: list[tuple[str, int, str, str]] = []

    def problem(self, file: str, line: int, fld: str, value: Any, expected: str) -> None:
        self.problems.append(Problem(file, line, fld, value, expected))

    # A record is a YAML mapping plus where it is and what to call it in messages.
    def fields(
        self, m: Mapping, file: str, label: str, known: Iterable[str]
    ) -> None:
        known = set(known)
        for key, line in m.get("__duplicate_keys__", []):
            self.problem(file, line, f"{label}.{key}", key, "each field once (duplicate key)")
        for key in m:
            if key != "__duplicate_keys__" and key not in known:
                self.problem(
                    file,
                    m.key_lines.get(key, m.line),
                    f"{label}.{key}",
                    m[key],
                    f"one of the known fields ({', '.join(sorted(known))})",
                )

    def _line(self, m: Mapping, key: str) -> int:
        return m.key_lines.get(key, m.line) if isinstance(m, Mapping) else 0

    def str(
        self,
        m: Mapping,
        key: str,
        file: str,
        label: str,
        *,
        required: bool = False,
        choices: Iterable[str] | None = None,
        default: str = "",
    ) -> str:
        value = m.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                self.problem(file, self._line(m, key), f"{label}.{key}", _MISSING, "a non-empty string")
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(file, self._line(m, key), f"{label}.{key}", value, "a string")
            return default
        text = as_written(value).strip()
        if choices is not None:
            choices = tuple(choices)
            if text not in choices:
                self.problem(
                    file, self._line(m, key), f"{label}.{key}", value,
                    "one of " + ", ".join(c or "''" for c in choices),
                )
                return default
        return text

    def id(self, m: Mapping, key: str, file: str, label: str) -> str:
        value = self.str(m, key, file, label, required=True)
        if value and not ID_RE.match(value):
            self.problem(
                file, self._line(m, key), f"{label}.{key}", value,
                "an id of letters, digits, '.', '_' and '-' (no spaces or slashes)",
            )
            return ""
        return value

    def url(self, m: Mapping, key: str, file: str, label: str, *, relative: bool = True) -> str:
        value = self.str(m, key, file, label)
        if not value:
            return ""
        if URL_RE.match(value) or (relative and REL_RE.match(value) and ".." not in value.split("/")):
            return value
        expected = "an http(s) URL" + (" or a relative path inside the project" if relative else "")
        self.problem(file, self._line(m, key), f"{label}.{key}", value, expected)
        return ""

    def list(
        self, m: Mapping, key: str, file: str, label: str, *, required: bool = False
    ) -> list[Any]:
        value = m.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(file, self._line(m, key), f"{label}.{key}", _MISSING, "a list")
            return []
        if isinstance(value, str) and key in ("keywords", "organizers", "papers", "sessions"):
            # A single word where a list was meant: accept "a, b" as a convenience.
            return [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            self.problem(file, self._line(m, key), f"{label}.{key}", value, "a list")
            return []
        return value

    def str_list(self, m: Mapping, key: str, file: str, label: str) -> list[str]:
        out = []
        for i, item in enumerate(self.list(m, key, file, label)):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or str(item).strip() == "":
                line = m[key].item_lines[i] if isinstance(m.get(key), Sequence) else self._line(m, key)
                self.problem(file, line, f"{label}.{key}[{i}]", item, "a non-empty string")
                continue
            out.append(as_written(item).strip())
        return out

    def flag(self, m: Mapping, key: str, file: str, label: str) -> bool:
        value = m.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(file, self._line(m, key), f"{label}.{key}", value, "true or false")
            return False
        return value

    def number(self, m: Mapping, key: str, file: str, label: str) -> float | None:
        value = m.get(key)
        if value is None or value == "":
            return None
        expected = "a finite number"
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(file, self._line(m, key), f"{label}.{key}", value, expected)
            return None
        # "8: Top 50% of accepted papers" is how OpenReview writes ratings.
        match = re.match(r"^\s*([-+]?\d{1,15}(?:\.\d{1,15})?)\s*(?::|$)", as_written(value))
        number = float(match.group(1)) if match else None
        if number is None or not math.isfinite(number):
            self.problem(file, self._line(m, key), f"{label}.{key}", value, expected)
            return None
        return number

    def timezone(self, m: Mapping, key: str, file: str, label: str, *, default: str = "") -> str:
        value = self.str(m, key, file, label, required=not default)
        if not value:
            return default
        if not valid_zone(value):
            self.problem(
                file, self._line(m, key), f"{label}.{key}", value,
                "an IANA time zone name such as Europe/Berlin or America/Los_Angeles",
            )
            return default
        return value

    def date(self, m: Mapping, key: str, file: str, label: str, *, required: bool = False) -> dt.date | None:
        value = self.str(m, key, file, label, required=required)
        if not value:
            return None
        try:
            if not DATE_RE.match(value):
                raise ValueError
            day = dt.date.fromisoformat(value)
            if not YEARS[0] <= day.year <= YEARS[1]:
                raise ValueError
            return day
        except ValueError:
            self.problem(file, self._line(m, key), f"{label}.{key}", value,
                         f"a date YYYY-MM-DD in the years {YEARS[0]}-{YEARS[1]}")
            return None

    def time(
        self, m: Mapping, key: str, file: str, label: str, zone: str
    ) -> dt.datetime | None:
        value = self.str(m, key, file, label, required=True)
        if not value:
            return None
        parsed = parse_time(value, zone)
        if parsed is None:
            expected = (f"a time 'YYYY-MM-DD HH:MM' (in the given time zone) or ISO 8601 with an offset "
                        f"from -12:00 to +14:00, in the years {YEARS[0]}-{YEARS[1]}")
            if TIME_RE.match(value) and parse_time(value, "UTC") is not None:
                expected = f"a time that exists in {zone} (this one is skipped by daylight saving)"
            self.problem(file, self._line(m, key), f"{label}.{key}", value, expected)
        return parsed


def valid_zone(name: str) -> bool:
    if name in _ZONES:
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


_ZONES = available_timezones()


def parse_time(value: str, zone: str) -> dt.datetime | None:
    """Parse ``YYYY-MM-DD HH:MM[:SS][offset]``; without an offset, the time is in ``zone``.

    Local times that do not exist (the hour skipped by daylight saving) are rejected;
    ambiguous ones (the repeated hour) take the first occurrence (``fold=0``).
    """
    match = TIME_RE.match(value.strip())
    if not match:
        return None
    date, hh, mm, ss, offset = match.groups()
    try:
        naive = dt.datetime.fromisoformat(f"{date}T{hh}:{mm}:{ss or '00'}")
    except ValueError:
        return None
    if not YEARS[0] <= naive.year <= YEARS[1]:
        return None  # calendars, zones and browsers disagree about year 1 and year 9999
    if offset:
        if offset == "Z":
            tz: dt.tzinfo = dt.UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 14 or minutes > 59:  # real offsets run from -12:00 to +14:00
                return None
            tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        return naive.replace(tzinfo=tz)
    if not zone:
        return None
    zi = ZoneInfo(zone)
    aware = naive.replace(tzinfo=zi)
    # A wall time in the daylight-saving gap does not survive a round trip through UTC.
    roundtrip = aware.astimezone(dt.UTC).astimezone(zi)
    if roundtrip.replace(tzinfo=None) != naive:
        return None
    return aware


ITEM_FIELDS = ("title", "start", "end", "speaker", "description", "kind")
KIND_FIELDS = ("id", "label", "colour")
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
SECTIONS = ("conference", "papers", "sessions", "workshops", "speakers", "sponsors", "kinds")


def _records(
    c: Checker, data: Mapping, key: str, file: str
) -> Iterator[tuple[int, Mapping]]:
    value = data.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        c.problem(file, data.key_lines.get(key, 0), key, value, "a list of records")
        c.incomplete = True  # its records exist, unread: references to them are not errors
        return
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            c.problem(file, value.item_lines[i], f"{key}[{i}]", item, "a mapping of fields")
            continue
        yield i, item


def _label(section: str, i: int, item: Mapping) -> str:
    ident = item.get("id")
    shown = as_written(ident).strip() if isinstance(ident, (str, int, float)) and not isinstance(ident, bool) else ""
    return f"{section}[{i}]" + (f" ({shown})" if shown else "")


def load_files(files: Iterable[Path | str], *, root: Path | str | None = None,
               extra: Callable[[Conference], list[Problem]] | None = None,
               cache: Path | None = None) -> Conference:
    """Load and validate conference YAML files; raise :class:`ConferenceDataError`.

    Each file may hold any of the top-level keys ``conference`` (exactly once over all
    files), ``papers``, ``sessions``, ``workshops`` and ``speakers`` (lists, merged).
    File names in messages are relative to ``root`` when given. ``extra`` adds the checks
    of the rest of the project (files the data names, the chat settings) to the same report,
    so that one run finds every problem. ``cache``: a folder where parsed files are kept
    between builds (:class:`ParseCache`).
    """
    c = Checker()
    parse = ParseCache(cache) if cache is not None else None
    root = Path(root) if root is not None else Path.cwd()
    docs: list[tuple[str, Mapping]] = []
    names: list[str] = []
    for path in sorted(Path(f) for f in files):
        path = path.absolute()
        name = str(path.relative_to(root.absolute())) if path.is_relative_to(root.absolute()) else str(path)
        names.append(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            c.problem(name, 0, "(file)", str(exc), "a readable UTF-8 YAML file")
            continue
        try:
            data = parse.load(text) if parse is not None else load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reason = getattr(exc, "problem", None) or str(exc)
            tag = re.search(r"constructor for the tag '(?:tag:yaml.org,2002:)?([^']+)'", reason)
            if tag:
                reason = f"!!{tag.group(1)}: a tag vconf does not read (plain YAML only)"
            lines = text.splitlines()
            if mark and mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]:
                reason += " (a tab: YAML indents with spaces)"
            c.problem(name, mark.line + 1 if mark else 1, "(syntax)", reason, "valid YAML")
            continue
        except RecursionError:
            c.problem(name, 1, "(syntax)", "nested too deeply", "valid YAML of reasonable depth")
            continue
        if data is None:
            continue
        if not isinstance(data, Mapping):
            c.problem(name, 1, "(top level)", data, "a mapping with keys " + ", ".join(SECTIONS))
            continue
        c.fields(data, name, "(top level)", SECTIONS)
        docs.append((name, data))

    conf_docs = [(n, d) for n, d in docs if "conference" in d]
    if not conf_docs:
        c.problem(names[0] if names else "(no files)", 0, "conference", _MISSING,
                  "one 'conference:' mapping in the data files")
        conf = Conference(name="", timezone="UTC", start_date=dt.date(1970, 1, 1),
                          end_date=dt.date(1970, 1, 1))
    else:
        for n, d in conf_docs[1:]:
            c.problem(n, d.key_lines["conference"], "conference", "(second definition)",
                      f"one 'conference:' mapping (first in {conf_docs[0][0]})")
        conf = _conference(c, *conf_docs[0])
    conf.files = names

    zone = conf.timezone
    builders = {
        "papers": (conf.papers, lambda item, name, label: read_record(c, Paper, item, name, label)),
        "sessions": (conf.sessions, lambda item, name, label: _session(c, item, name, label, zone)),
        "workshops": (conf.workshops, lambda item, name, label: read_record(c, Workshop, item, name, label,
                                                                             {"zone": zone})),
        "speakers": (conf.speakers, lambda item, name, label: _speaker(c, item, name, label)),
        "sponsors": (conf.sponsors, lambda item, name, label: read_record(c, Sponsor, item, name, label,
                                                                           {"zone": zone})),
        "kinds": (conf.kinds, lambda item, name, label: _kind(c, item, name, label)),
    }
    named: set[str] = set()  # every id written in the files, also of records rejected above
    for name, data in docs:
        for section, (table, build) in builders.items():
            for i, item in _records(c, data, section, name):
                label = _label(section, i, item)
                if item.get("id") not in (None, ""):
                    named.add(f"{section}:{as_written(item['id']).strip()}")
                _add(c, table, build(item, name, label), name, item, label)

    # A file that could not be read holds records others may name: reporting each such
    # reference would bury the one real problem under follow-on ones.
    _cross_check(c, conf, named, complete=len(docs) == len(names) and not c.incomplete)
    if extra is not None:
        c.problems += extra(conf)
    if c.problems:
        raise ConferenceDataError(sorted(c.problems, key=lambda p: (p.file, p.line)))
    if parse is not None:
        parse.keep_only()
    return conf


def load(directory: Path | str, *, root: Path | str | None = None,
         extra: Callable[[Conference], list[Problem]] | None = None, cache: Path | None = None) -> Conference:
    """Load every ``*.yml``/``*.yaml`` file below ``directory``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ConferenceDataError(
            [Problem(str(directory), 0, "(data folder)", str(directory), "a folder of YAML files")]
        )
    files = [p for p in directory.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    if not files:
        raise ConferenceDataError(
            [Problem(str(directory), 0, "(data folder)", "no *.yml files", "YAML files with the conference data")]
        )
    return load_files(files, root=root, extra=extra, cache=cache)


def _add(
    c: Checker, table: dict[str, Any], record: Any, file: str, item: Mapping, label: str
) -> None:
    if record is None or not record.id:
        return
    if record.id in table:
        first = table[record.id].source
        c.problem(file, item.key_lines.get("id", item.line), f"{label}.id", record.id,
                  f"a unique id (already used at {first})")
        return
    table[record.id] = record


def _links(c: Checker, m: Mapping, file: str, label: str) -> list[Link]:
    links = []
    for i, item in enumerate(c.list(m, "links", file, label)):
        if not isinstance(item, Mapping):
            c.problem(file, m["links"].item_lines[i], f"{label}.links[{i}]", item, "a mapping with title and url")
            continue
        c.fields(item, file, f"{label}.links[{i}]", ("title", "url"))
        title = c.str(item, "title", file, f"{label}.links[{i}]", required=True)
        url = c.url(item, "url", file, f"{label}.links[{i}]")
        if title and url:
            links.append(Link(title, url))
    return links


def _review_fields(c: Checker, m: Mapping, file: str, label: str) -> list[ReviewField]:
    out: list[ReviewField] = []
    for i, item in enumerate(c.list(m, "review_fields", file, label)):
        where = f"{label}.review_fields[{i}]"
        if not isinstance(item, Mapping):
            c.problem(file, m["review_fields"].item_lines[i], where, item, "a mapping with name, label, min, max")
            continue
        rf = read_record(c, ReviewField, item, file, where)
        if rf.min is not None and rf.max is not None and rf.max <= rf.min:
            c.problem(file, c._line(item, "max"), f"{where}.max", rf.max, f"a number above min ({rf.min:g})")
        if rf.name:
            out.append(rf)
    return out


def _start_date(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dt.date | None:
    ctx["start_date"] = c.date(m, "start_date", file, label, required=True)
    return ctx["start_date"]


def _end_date(c: Checker, m: Mapping, file: str, label: str, ctx: dict[str, Any]) -> dt.date | None:
    start, end = ctx.get("start_date"), c.date(m, "end_date", file, label, required=True)
    if start and end and end < start:
        c.problem(file, c._line(m, "end_date"), f"{label}.end_date", str(end), f"a date on or after start_date ({start})")
    return end


def _settings(c: Checker, m: Mapping, file: str, label: str, key: str) -> dict[str, Any]:
    value = m.get(key) or {}
    if not isinstance(value, dict):
        c.problem(file, c._line(m, key), f"{label}.{key}", value, "a mapping of settings")
        return {}
    return {k: v for k, v in value.items() if k != "__duplicate_keys__"}


def _conference(c: Checker, file: str, data: Mapping) -> Conference:
    m = data["conference"]
    label = "conference"
    if not isinstance(m, Mapping):
        c.problem(file, data.key_lines["conference"], label, m, "a mapping of fields")
        return Conference(name="", timezone="UTC", start_date=dt.date(1970, 1, 1), end_date=dt.date(1970, 1, 1))
    conf = read_record(c, Conference, m, file, label)
    conf.timezone = conf.timezone or "UTC"
    conf.start_date = conf.start_date or dt.date(1970, 1, 1)
    conf.end_date = conf.end_date or conf.start_date
    return conf


def _times(
    c: Checker, m: Mapping, file: str, label: str, zone: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = c.time(m, "start", file, label, zone)
    end = c.time(m, "end", file, label, zone)
    # end == start is a marker (doors open, a deadline): shown on its minute, not refused
    if start and end and end < start:
        c.problem(file, c._line(m, "end"), f"{label}.end", m.get("end"),
                  f"a time at or after start ({m.get('start')})")
    return start, end


def _session(c: Checker, m: Mapping, file: str, label: str, conf_zone: str) -> Session | None:
    ctx: dict[str, Any] = {"zone": conf_zone}
    s = read_record(c, Session, m, file, label, ctx)
    if s.start is None or s.end is None:
        return None
    s.timezone = ctx["zone"]
    s.speaker = s.speakers[0] if s.speakers else ""
    s.paper_starts = ctx.get("paper_starts", {})
    return s


def _one_or_list(c: Checker, m: Mapping, key: str, file: str, label: str) -> list[str]:
    """An id or a list of ids (``speaker: ada`` or ``speaker: [ada, alan]``)."""
    if isinstance(m.get(key), list):
        return c.str_list(m, key, file, label)
    one = c.str(m, key, file, label)
    return [one] if one else []


def _session_papers(c: Checker, m: Mapping, file: str, label: str, zone: str,
                    start: dt.datetime | None) -> tuple[list[str], dict[str, dt.datetime]]:
    """``papers:`` as ids, or ``{id, start}`` mappings for a paper's own time in the session
    (``start: 10:15`` on the session's date, or a full date and time)."""
    raw = m.get("papers")
    if not isinstance(raw, list) or not any(isinstance(x, Mapping) for x in raw):
        return c.str_list(m, "papers", file, label), {}
    ids: list[str] = []
    starts: dict[str, dt.datetime] = {}
    for i, item in enumerate(raw):
        where = f"{label}.papers[{i}]"
        if not isinstance(item, Mapping):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                c.problem(file, raw.item_lines[i], where, item, "a paper id or {id, start}")
            else:
                ids.append(as_written(item).strip())
            continue
        c.fields(item, file, where, ("id", "start"))
        pid = c.str(item, "id", file, where, required=True)
        if not pid:
            continue
        ids.append(pid)
        text = c.str(item, "start", file, where)
        if text and start is not None and re.fullmatch(r"\d{1,2}:\d{2}", text):
            text = f"{localize_date(start, zone)} {text}"
        if text:
            when = c.time(_with(item, "start", text), "start", file, where, zone)
            if when is not None:
                starts[pid] = when
    return ids, starts


def _with(item: Mapping, key: str, text: str) -> Mapping:
    """``item`` with ``key`` read as ``text`` (a time of day completed with the session's date)."""
    if item.get(key) == text:
        return item
    return _Replaced(item, key, text)


class _Replaced(dict):
    """A one-key override of a YAML mapping that keeps its line marks for messages."""

    def __init__(self, item: Mapping, key: str, text: str) -> None:
        super().__init__(item)
        self[key] = text
        self.line = getattr(item, "line", 0)
        self.key_lines = getattr(item, "key_lines", {})


def localize_date(moment: dt.datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone) if zone and zone != "UTC" else dt.UTC).date().isoformat()


def _kind(c: Checker, m: Mapping, file: str, label: str) -> SessionKind:
    c.fields(m, file, label, KIND_FIELDS)
    colour = c.str(m, "colour", file, label)
    if colour and not COLOUR_RE.fullmatch(colour):
        c.problem(file, c._line(m, "colour"), f"{label}.colour", colour, "a colour as #rrggbb")
        colour = ""
    ident = c.id(m, "id", file, label)
    return SessionKind(id=ident, label=c.str(m, "label", file, label) or DEFAULT_KIND_LABELS.get(ident, ident),
                       colour=colour.lower(), source=Source(file, m.line), lines=dict(m.key_lines))


def _items(c: Checker, m: Mapping, file: str, label: str, zone: str) -> list[ScheduleItem]:
    items: list[ScheduleItem] = []
    for i, item in enumerate(c.list(m, "schedule", file, label)):
        where = f"{label}.schedule[{i}]"
        if not isinstance(item, Mapping):
            c.problem(file, m["schedule"].item_lines[i], where, item, "a mapping with title, start, end")
            continue
        c.fields(item, file, where, ITEM_FIELDS)
        title = c.str(item, "title", file, where, required=True)
        start, end = _times(c, item, file, where, zone)
        if start and end:
            items.append(ScheduleItem(
                title=title, start=start, end=end,
                speaker=c.str(item, "speaker", file, where),
                description=c.str(item, "description", file, where),
                kind=c.str(item, "kind", file, where, choices=SESSION_KINDS, default="other"),
            ))
    items.sort(key=lambda it: (it.start.timestamp(), it.end.timestamp()))
    return items


def _speaker(c: Checker, m: Mapping, file: str, label: str) -> Speaker:
    sp = read_record(c, Speaker, m, file, label)
    sp.session = sp.sessions[0] if sp.sessions else ""
    return sp


def _cross_check(c: Checker, conf: Conference, named: set[str] | None = None, *, complete: bool = True) -> None:
    """Check references between records; link both directions of paper <-> session.

    A reference to a record that is written in the files but was rejected for problems of
    its own (``named``), or that may stand in a file that could not be read
    (``complete=False``), is not reported again: only its own problems are.
    """
    named = named or set()

    def unknown(src: Source, fld: str, value: str, what: str, table: dict[str, Any]) -> None:
        if not complete or f"{what}s:{value}" in named:
            return
        known = ", ".join(sorted(table)[:8]) + (", ..." if len(table) > 8 else "")
        c.problem(src.file, src.line, fld, value, f"the id of a {what} ({known or 'none defined'})")

    def once(src: Source, fld: str, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                c.problem(src.file, src.line, fld, ident, f"each {what} listed once")
            seen.add(ident)

    for s in conf.sessions.values():
        once(where(s, "papers"), f"sessions ({s.id}).papers", s.papers, "paper")
    for p in conf.papers.values():
        once(where(p, "sessions"), f"papers ({p.id}).sessions", p.sessions, "session")
    for w in conf.workshops.values():
        once(where(w, "papers"), f"workshops ({w.id}).papers", w.papers, "paper")
    for sp in conf.speakers.values():
        once(where(sp, "session"), f"speakers ({sp.id}).session", sp.sessions, "session")
        for sid in sp.sessions:
            s = conf.sessions.get(sid)
            if s is not None and s.speakers and sp.id not in s.speakers:
                c.problem(sp.source.file, where(sp, "session").line, f"speakers ({sp.id}).session", sid,
                          f"a session whose speakers include {sp.id} or are unset (it names "
                          f"{', '.join(s.speakers)} at {s.source})")
    kinds = tuple(conf.kinds) or SESSION_KINDS
    for file, line, fld, kind in c.session_kinds:
        if kind not in kinds:
            c.problem(file, line, fld, kind,
                      "one of " + ", ".join(kinds) + (" (the kinds: declared)" if conf.kinds else ""))
    for s in conf.sessions.values():
        once(where(s, "speaker"), f"sessions ({s.id}).speaker", s.speakers, "speaker")
        for pid, when in s.paper_starts.items():
            if not s.start <= when <= s.end:
                c.problem(s.source.file, s.lines.get("papers", s.source.line), f"sessions ({s.id}).papers ({pid}).start",
                          when.isoformat(), f"a time within the session ({s.start.isoformat()} to {s.end.isoformat()})")

    for s in conf.sessions.values():
        for pid in s.papers:
            if pid not in conf.papers:
                unknown(where(s, "papers"), f"sessions ({s.id}).papers", pid, "paper", conf.papers)
        if s.workshop and s.workshop not in conf.workshops:
            unknown(where(s, "workshop"), f"sessions ({s.id}).workshop", s.workshop, "workshop", conf.workshops)
        for spk in s.speakers:
            if spk not in conf.speakers:
                unknown(where(s, "speaker"), f"sessions ({s.id}).speaker", spk, "speaker", conf.speakers)
    for p in conf.papers.values():
        for sid in p.sessions:
            if sid not in conf.sessions:
                unknown(where(p, "sessions"), f"papers ({p.id}).sessions", sid, "session", conf.sessions)
    for w in conf.workshops.values():
        for pid in w.papers:
            if pid not in conf.papers:
                unknown(where(w, "papers"), f"workshops ({w.id}).papers", pid, "paper", conf.papers)
    for sp in conf.speakers.values():
        for sid in sp.sessions:
            if sid not in conf.sessions:
                unknown(where(sp, "session"), f"speakers ({sp.id}).session", sid, "session", conf.sessions)
    _check_scores(c, conf)
    if c.problems:
        return
    # Either side may name the link; the model holds both, in a stable order.
    for s in conf.sessions.values():
        for pid in s.papers:
            if s.id not in conf.papers[pid].sessions:
                conf.papers[pid].sessions.append(s.id)
    for p in conf.papers.values():
        for sid in p.sessions:
            if p.id not in conf.sessions[sid].papers:
                conf.sessions[sid].papers.append(p.id)
        p.sessions.sort(key=lambda sid: (conf.sessions[sid].start.timestamp(), sid))
    for s in conf.sessions.values():
        if s.workshop:
            conf.workshops[s.workshop].sessions.append(s.id)
        for spk in s.speakers:
            if s.id not in conf.speakers[spk].sessions:
                conf.speakers[spk].sessions.append(s.id)
    for sp in conf.speakers.values():
        for sid in sp.sessions:
            if sp.id not in conf.sessions[sid].speakers:
                conf.sessions[sid].speakers.append(sp.id)
    # several speakers per session, several sessions per speaker; `speaker` and `session`
    # stay the first of each for the pages that show one
    for s in conf.sessions.values():
        s.speaker = s.speakers[0] if s.speakers else ""
    for sp in conf.speakers.values():
        sp.sessions.sort(key=lambda sid: (conf.sessions[sid].start.timestamp(), sid))
        sp.session = sp.sessions[0] if sp.sessions else ""
    for w in conf.workshops.values():
        w.sessions.sort(key=lambda sid: (conf.sessions[sid].start.timestamp(), sid))


def _check_scores(c: Checker, conf: Conference) -> None:
    """A review's score on a field the conference declares lies within the declared scale.
    (A field not declared is shown under its own name: an import never loses a score.)"""
    declared_fields = {f.name: f for f in conf.review_fields}
    for p in conf.papers.values():
        for r in p.reviews:
            for name, value in r.scores.items():
                rf = declared_fields.get(name)
                if rf is None:
                    continue
                if (rf.min is not None and value < rf.min) or (rf.max is not None and value > rf.max):
                    lo = f"{rf.min:g}" if rf.min is not None else "any"
                    hi = f"{rf.max:g}" if rf.max is not None else "any"
                    c.problem(r.source.file, r.lines.get("scores", r.source.line),
                              f"papers ({p.id}).reviews.scores.{name}", value, f"a score from {lo} to {hi}")


def add_cli(parser: Any) -> None:
    """``vconf check DIR``: validate a data folder, and what it names, as the build does."""
    parser.add_argument("data", nargs="?", default="conference/data", help="folder of YAML files")
    parser.add_argument("--source", default=None,
                        help="the Sphinx source folder that paths in the data are relative to "
                             "(default: the data folder's parent)")
    parser.set_defaults(run=_check_cli)


def _check_cli(args: Any) -> int:
    from .data import project_problems

    source = Path(args.source) if args.source else Path(args.data).absolute().parent
    # raises ConferenceDataError: the report and exit status 1
    conf = load(args.data, root=source, extra=lambda conf: project_problems(conf, source))
    print(
        f"{args.data}: {len(conf.papers)} papers, {len(conf.sessions)} sessions, "
        f"{len(conf.workshops)} workshops, {len(conf.speakers)} speakers: no problems"
    )
    return 0
