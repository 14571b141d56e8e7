"""Which conference records each page shows, recorded as it is read; acted on the Sphinx way.

A directive reads the conference data through :func:`recording` (see
``directives/base.py``): a view of the data that notes every record it hands out, with a
digest of that record as it was (:func:`digest`). Nothing lists by hand which fields a
page or card shows: whatever a renderer reads of a record is read through the view, so a
page is re-read when anything it could have shown changes, and only then.

Records of the model (papers, sessions, ...) are noted field by field: a card that shows a
paper's title and authors does not depend on its abstract. When a page has been read, its
notes are folded (:func:`compact`) into one entry per kind and field: the ids in the order
read and one digest of all of their values (a gallery of 5,000 papers notes 40,000 values;
kept one by one they made the environment five times as large). What is noted lives in
``env.vconf_deps`` (docname -> {(kind, field): (ids, digest)}), cleared on
``env-purge-doc`` and merged on ``env-merge-info`` (parallel reads, as in
``sphinx/ext/todo.py``). On ``env-get-outdated`` every page whose records changed, or
appeared or vanished, is read again; the generated sources themselves are stubs that
change only when their record appears or disappears.

Kinds: ``paper``, ``session``, ``workshop``, ``speaker``, ``sponsor`` (the model's records),
``similar``, ``thumbnail`` and ``xy`` (computed extras, by paper id) and ``conference``
(the conference's own fields: name, time zone, chat, ...). The id ``*`` stands for the
whole table (a page that iterates over the papers depends on which there are, in which
order); the field ``""`` stands for the record's existence (model records) or its whole
value (extras).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .data import ConferenceData

ALL = "*"
# model tables: attribute of Conference -> kind
CONF_TABLES = {"papers": "paper", "sessions": "session", "workshops": "workshop", "speakers": "speaker",
               "sponsors": "sponsor"}
# computed extras: attribute of ConferenceData -> kind
DATA_TABLES = {"similar": "similar", "thumbnails": "thumbnail", "xy": "xy"}
_NOT_SHOWN = {"source", "lines"}  # where a record stands in the YAML is not what a page shows
Used = dict[tuple[str, str, str], "str | None"]  # what a page read, as it is noted
Deps = dict[tuple[str, str], tuple[tuple[str, ...], str]]  # the same, folded (see compact)


def _table(data: ConferenceData, kind: str) -> Mapping[str, Any]:
    for attr, k in CONF_TABLES.items():
        if k == kind:
            return getattr(data.conf, attr)
    for attr, k in DATA_TABLES.items():
        if k == kind:
            return getattr(data, attr)
    raise KeyError(kind)


def _shown(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            (f.name, _shown(getattr(value, f.name))) for f in dataclasses.fields(value) if f.name not in _NOT_SHOWN
        ]
    if isinstance(value, dict):
        return sorted(((repr(k), _shown(v)) for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, list | tuple):
        return [_shown(v) for v in value]
    return repr(value)


def _hash(value: Any) -> str:
    return hashlib.blake2b(repr(_shown(value)).encode(), digest_size=12).hexdigest()


def digest(data: ConferenceData, kind: str, ident: str, fld: str = "") -> str | None:
    """A digest of what a page could show of one record (one field of it, or its existence);
    None when there is no such record."""
    memo: dict[tuple[str, str, str], str | None] = data.__dict__.setdefault("_digests", {})
    key = (kind, ident, fld)
    if key not in memo:
        if kind == "conference":
            conf = data.conf
            memo[key] = _hash([(f.name, getattr(conf, f.name)) for f in dataclasses.fields(conf)
                               if f.name not in CONF_TABLES and f.name not in _NOT_SHOWN and f.name != "files"])
        else:
            table = _table(data, kind)
            model = kind in CONF_TABLES.values()
            if ident == ALL:
                memo[key] = _hash(list(table) if model else [(k, digest(data, kind, k)) for k in table])
            elif ident not in table:
                memo[key] = None
            elif fld:
                memo[key] = _hash(getattr(table[ident], fld, None))
            else:
                memo[key] = "present" if model else _hash(table[ident])
    return memo[key]


class _Table(Mapping):
    """A record table that notes each record handed out (and the whole table when iterated);
    a model record is handed out as a :class:`_Record`, which notes each field read."""

    def __init__(self, real: Mapping[str, Any], kind: str, note: Any, model: bool):
        self._real, self._kind, self._note, self._model = real, kind, note, model

    def __getitem__(self, key: str) -> Any:
        self._note(self._kind, key)
        value = self._real[key]
        return _Record(value, self._kind, key, self._note) if self._model else value

    def __contains__(self, key: object) -> bool:
        self._note(self._kind, key)  # absent now: the page changes when it appears
        return key in self._real

    def __iter__(self) -> Iterator[str]:
        self._note(self._kind, ALL)
        return iter(self._real)

    def __len__(self) -> int:
        self._note(self._kind, ALL)
        return len(self._real)


class _Record:
    """A paper, session, ... that notes which of its fields are read (its methods run with
    this as ``self``, so what they read is noted too; a property is noted by its name)."""

    __slots__ = ("_real", "_kind", "_id", "_note")

    def __init__(self, real: Any, kind: str, ident: str, note: Any):
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_id", ident)
        object.__setattr__(self, "_note", note)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(type(self._real), name, None)
        if isinstance(attr, property):
            # A property is noted as what it returns (a card's first sentence of the abstract
            # changes less often than the abstract): computed on the record itself.
            self._note(self._kind, self._id, name)
            return attr.fget(self._real)
        if callable(attr) and not isinstance(attr, type):
            return functools.partial(attr, self)
        self._note(self._kind, self._id, name)
        return getattr(self._real, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the conference data is read-only while pages are read")

    def __repr__(self) -> str:
        return repr(self._real)


class _View:
    """An object (the conference, or the build's data) whose tables note what is read.

    Methods and properties of the real object run with the view as ``self``, so what
    they read (``conf.sessions_of_paper`` reads sessions and a paper) is noted too.
    """

    def __init__(self, real: Any, tables: dict[str, str], note: Any, wrap: dict[str, Any] | None = None,
                 meta: str | None = None):
        self.__dict__.update(_real=real, _tables=tables, _note=note, _wrap=wrap or {}, _meta=meta)

    def __getattr__(self, name: str) -> Any:
        real = self._real
        if name in self._tables:
            return _Table(getattr(real, name), self._tables[name], self._note, self._tables is CONF_TABLES)
        if name in self._wrap:
            return self._wrap[name]
        attr = getattr(type(real), name, None)
        if isinstance(attr, property):
            return attr.fget(self)
        if callable(attr) and not isinstance(attr, type):
            return functools.partial(attr, self)
        if self._meta is not None and not name.startswith("_"):
            self._note(self._meta, "")
        return getattr(real, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the conference data is read-only while pages are read")


def recording(env: BuildEnvironment, docname: str, data: ConferenceData) -> ConferenceData:
    """A view of ``data`` that records in ``env`` which records the page ``docname`` shows."""
    return watching(data, _store(env).setdefault(docname, {}))


def watching(data: Any, used: Used) -> Any:
    """A view of ``data`` (a :class:`ConferenceData`, or anything with a ``conf``) that
    notes in ``used`` what is read of it, with digests: :func:`unchanged` checks them."""

    def note(kind: str, ident: Any, fld: str = "") -> None:
        key = (kind, str(ident), fld)
        if key not in used:
            used[key] = digest(data, kind, str(ident), fld)

    conf = _View(data.conf, CONF_TABLES, note, meta="conference")
    return _View(data, DATA_TABLES, note, wrap={"conf": conf})  # type: ignore[return-value]


def _fold(digests: Iterator[str | None]) -> str:
    h = hashlib.blake2b(digest_size=12)
    for d in digests:
        h.update(f"{d}\0".encode())
    return h.hexdigest()


def compact(used: Used) -> Deps:
    """``used`` folded into one entry per (kind, field): its ids in the order they were
    noted and one digest of all their digests. Equal id lists share one tuple (the
    environment pickles it once)."""
    groups: dict[tuple[str, str], tuple[list[str], list[str | None]]] = {}
    for (kind, ident, fld), value in used.items():
        ids, digests = groups.setdefault((kind, fld), ([], []))
        ids.append(ident)
        digests.append(value)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    out: Deps = {}
    for key, (ids, digests) in groups.items():
        t = tuple(ids)
        out[key] = (shared.setdefault(t, t), _fold(iter(digests)))
    return out


def unchanged(data: Any, deps: Deps) -> bool:
    """Whether everything noted (and folded, :func:`compact`) is as it was."""
    if deps and len(next(iter(deps))) == 3:  # noted after the page was read: not folded yet
        deps = compact(deps)  # type: ignore[arg-type]
    memo: dict[tuple[str, str, tuple[str, ...]], str] = data.__dict__.setdefault("_folds", {})
    for (kind, fld), (ids, old) in deps.items():
        key = (kind, fld, ids)
        now = memo.get(key)
        if now is None:
            now = memo[key] = _fold(digest(data, kind, ident, fld) for ident in ids)
        if now != old:
            return False
    return True


def _store(env: BuildEnvironment) -> dict[str, Any]:
    if not hasattr(env, "vconf_deps"):
        env.vconf_deps = {}
    return env.vconf_deps


def fold(app: Sphinx, doctree: Any) -> None:
    """The page is read: fold its notes (in the reading process, before the environment
    travels back to the main one)."""
    env = app.env
    store = _store(env)
    docname = env.current_document.docname
    if docname in store:
        store[docname] = compact(store[docname])


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = _store(other)
    mine = _store(env)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """The pages whose records changed since they were read."""
    from .data import get

    data = get(env)
    if data is None or data.reused:  # reused: nothing it was made from changed
        return []
    stale = []
    for docname, used in _store(env).items():
        if docname in added or docname in changed or docname in removed or docname not in env.all_docs:
            continue
        if not unchanged(data, used):
            stale.append(docname)
    return sorted(stale)


def setup(app: Sphinx) -> None:
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-read", fold)
