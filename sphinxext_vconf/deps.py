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
kept one by one they made the environment five times as large). The folded notes are three
tuples side by side, the first shared by every page that read the same kinds and fields
(every paper's page): the environment is pickled by every parallel reader and copied into
every worker, and in the first form (a dict per page) the notes alone took 41 MB of the
main process at 5,000 papers. What is noted lives in ``env.vconf_deps`` (docname ->
:data:`Deps`), cleared on
``env-purge-doc`` and merged on ``env-merge-info`` (parallel reads, as in
``sphinx/ext/todo.py``). On ``env-get-outdated`` every page whose records changed, or
appeared or vanished, is read again; the generated sources themselves are stubs that
change only when their record appears or disappears.

Checking every page's notes costs a digest per record and field read (150,000 at 5,000
papers). The environment also keeps one digest per whole record (:func:`fingerprints`) of
the data its pages were last found current against: a page none of whose records changed
since is not checked further (an edit of one paper digests the fields of one paper).

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
from collections.abc import Iterable, Iterator, Mapping
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
# the same, folded (see compact): the (kind, field) pairs, the ids of each, their digests
# (_DIGEST bytes each, one after the other)
Deps = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, ...], ...], bytes]
_DIGEST = 12


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


_PLAIN = (str, int, float, bool, type(None))


def _hash(value: Any) -> str:
    # most fields are plain values: their repr is what _shown would give, without its walk
    text = repr(value) if type(value) in _PLAIN else repr(_shown(value))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _memo(data: Any, name: str) -> dict:
    memo = data.__dict__.get(name)
    if memo is None:
        memo = data.__dict__[name] = {}
    return memo


def digest(data: ConferenceData, kind: str, ident: str, fld: str = "") -> str | None:
    """A digest of what a page could show of one record (one field of it, or its existence);
    None when there is no such record."""
    memo: dict[tuple[str, str, str], str | None] = _memo(data, "_digests")
    key = (kind, ident, fld)
    if key in memo:
        return memo[key]
    if kind == "conference":
        conf = data.conf
        value = _hash([(f.name, getattr(conf, f.name)) for f in dataclasses.fields(conf)
                       if f.name not in CONF_TABLES and f.name not in _NOT_SHOWN and f.name != "files"])
    else:
        table = _table(data, kind)
        model = kind in CONF_TABLES.values()
        if ident == ALL:
            value = _hash(list(table) if model else [(k, digest(data, kind, k)) for k in table])
        elif ident not in table:
            value = None
        elif fld:
            value = _hash(getattr(table[ident], fld, None))
        else:
            value = "present" if model else _hash(table[ident])
    memo[key] = value
    return value


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


def replay(view: Any, used: Used) -> None:
    """Note on ``view`` (of :func:`watching`) what another view noted: a part made once and
    shown in several places depends on what it read, wherever it is shown."""
    note = view.__dict__["_note"]
    for key in used:
        note(*key)


def _fold(digests: Iterable[str | None]) -> bytes:
    text = "".join([f"{d}\0" for d in digests])
    return hashlib.blake2b(text.encode(), digest_size=_DIGEST).digest()


@functools.lru_cache(maxsize=1024)
def _shared(keys: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """One tuple for every page that read the same (kind, field) pairs in the same order."""
    return keys


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
    id_lists = []
    for ids, _ in groups.values():
        t = tuple(ids)
        id_lists.append(shared.setdefault(t, t))
    return _shared(tuple(groups)), tuple(id_lists), b"".join([_fold(d) for _, d in groups.values()])


Prints = dict[str, dict[str, str]]  # kind -> id -> a digest of the whole record


def _print(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        value = [getattr(value, n) for n in names]
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _NOT_SHOWN)


def fingerprints(data: Any) -> Prints:
    """One digest per record and extra (and the tables' order, under ``*``; the conference's
    own fields under ``conference``): kept with what was made from this build's data, so
    that the next build knows which records changed without a digest per field."""
    memo = data.__dict__.get("_prints")
    if memo is not None:
        return memo
    out: Prints = {}
    for attr, kind in CONF_TABLES.items():
        table = getattr(data.conf, attr)
        out[kind] = {k: _print(v) for k, v in table.items()}
        out[kind][ALL] = _print(list(table))
    for attr, kind in DATA_TABLES.items():
        table = getattr(data, attr, None)
        if table is None:  # a view of the conference alone (the calendars')
            continue
        out[kind] = {k: _print(v) for k, v in table.items()}
        out[kind][ALL] = _print(list(table))
    out["conference"] = {"": digest(data, "conference", "") or ""}
    data.__dict__["_prints"] = out
    return out


def _changed(data: Any, since: Prints) -> dict[str, set[str]]:
    """kind -> the ids whose record changed, appeared or vanished since ``since``."""
    memo = _memo(data, "_changed")
    if id(since) not in memo:
        now = fingerprints(data)
        out = {}
        for kind, prints in now.items():
            before = since.get(kind, {})
            ids = {k for k, v in prints.items() if before.get(k) != v} | (before.keys() - prints.keys())
            if ids and kind in DATA_TABLES.values():
                ids.add(ALL)  # an extra's whole-table digest covers every value
            out[kind] = ids
        memo[id(since)] = (since, out)  # ``since`` kept alive: its id stays its own
    return memo[id(since)][1]


def unchanged(data: Any, deps: Deps | Used, since: Prints | None = None) -> bool:
    """Whether everything noted (and folded, :func:`compact`) is as it was.

    ``since``: the :func:`fingerprints` of the data these notes were last found current
    against; notes on records none of which changed since then are not checked further."""
    if isinstance(deps, dict):  # noted after the page was read: not folded yet
        deps = compact(deps)
    keys, id_lists, olds = deps
    changed = _changed(data, since) if since is not None else None
    folds: dict[tuple[str, str, tuple[str, ...]], bytes] = _memo(data, "_folds")
    known = _memo(data, "_digests")
    for n, ((kind, fld), ids) in enumerate(zip(keys, id_lists, strict=True)):
        if changed is not None:
            moved = changed.get(kind)
            if moved is not None and moved.isdisjoint(ids):
                continue
        key = (kind, fld, ids)
        now = folds.get(key)
        if now is None:
            # every page checks its records on every build: the digests are looked up in the
            # memo directly, and computed only the first time
            now = folds[key] = _fold([known[k] if (k := (kind, i, fld)) in known else digest(data, *k)
                                      for i in ids])
        if now != olds[n * _DIGEST:(n + 1) * _DIGEST]:
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
            entry = theirs[docname]
            if isinstance(entry, dict):
                entry = compact(entry)
            # one tuple of kinds and fields per schema in the main process too
            mine[docname] = (_shared(entry[0]), *entry[1:])


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """The pages whose records changed since they were read."""
    from .data import get

    data = get(env)
    if data is None or data.reused:  # reused: nothing it was made from changed
        return []
    # Every page was current against the data of the build that last kept this environment
    # (it was read then, or found current): its fingerprints narrow what must be checked.
    since = getattr(env, "vconf_prints", None)
    stale = []
    for docname, used in _store(env).items():
        if docname in added or docname in changed or docname in removed or docname not in env.all_docs:
            continue
        if not unchanged(data, used, since):
            stale.append(docname)
    # once the stale pages are read, every page is current against this build's data
    env.vconf_prints = fingerprints(data)
    return sorted(stale)


def setup(app: Sphinx) -> None:
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-read", fold)
