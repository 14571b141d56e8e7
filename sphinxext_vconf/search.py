"""The site's search index: ranked, sharded by term, loaded on demand by ``vconf-search.js``.

Why our own and not Sphinx's ``searchindex.js`` or Pagefind: see the commit that added this
module (measured at 5,000 papers: Sphinx's index is one 3.4 MB file the reader loads whole
before the first result; this one answers after a manifest, the query terms' shards and the
shown results' rows, well under 300 KB).

What it writes under ``_vconf/search/`` on ``build-finished``:

* ``manifest.json``: the number of documents, the first term of every term shard, the doc
  chunk files and the first paper id of every paper chunk (bookmarks find their rows);
* ``t.<hash>.json``: a range of the sorted vocabulary, ``{"t": [terms], "p": [postings]}``,
  each posting list ``[doc, score, doc - previous doc, score, ...]``; the score is the
  term's weight in that document (field weights, length-normalised saturation, the kind's
  boost) times ten, rounded; the browser adds the idf, which it derives from the list's length;
* ``d.<hash>.json``: :data:`CHUNK` documents' display rows (kind, title, url, details).

File names carry a hash of their content, so a cached shard is never mixed with a newer
manifest, and the same input gives the same bytes. Documents: papers, sessions, workshops,
speakers (from the model), and the pages the organizer wrote (from their doctrees), with a
lower boost: conference content ranks above help pages. Tokenising is the one in
``vconf-match.js`` (NFKD, accents dropped, lowercase, runs of letters and digits).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .data import ConferenceData, atomic_write
from .views import placeholder_look

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

DIR = "_vconf/search"
CHUNK = 32  # documents per display chunk: a result costs one small chunk, not the whole list
SHARD_BYTES = 12_000  # target size of a term shard (bytes of JSON before compression)
MAX_TOKEN = 32

# Too common to say anything; the browser drops them from queries too (vconf-match.js).
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that the their this "
    "to was we were which with".split())

# Field weights: a title or a name hit above a keyword, a keyword above an abstract.
WEIGHTS = {"title": 10.0, "name": 8.0, "keywords": 5.0, "heading": 3.0, "meta": 2.0, "text": 1.0}
LONG_FIELDS = {"text"}  # length-normalised (BM25's b); the short fields saturate only
K1, B = 1.2, 0.75
# Conference content first; the pages an organizer wrote (help, data reference) after it.
BOOST = {"paper": 1.0, "session": 1.0, "workshop": 1.0, "person": 1.0, "listing": 0.8, "page": 0.5}

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lowercase with accents dropped (as ``vconf.norm``): "Élodie" -> "elodie"."""
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """The index terms of a text: words and numbers, no stopwords, no single letters."""
    return [t for t in _WORD.findall(fold(text))
            if 1 < len(t) <= MAX_TOKEN and t not in STOPWORDS or t.isdigit() and len(t) == 1]


def parse(query: str) -> tuple[list[str], list[str]]:
    """A query's terms and its "quoted phrases" (as ``vconfMatch.parse``)."""
    terms: list[str] = []
    phrases: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"?|([^\s"]+)', fold(query)):
        if phrase.strip():
            phrases.append(" ".join(phrase.split()))
        terms += [t for t in tokens(word) if t not in terms]
    return terms, phrases


def within1(a: str, b: str) -> bool:
    """At most one edit apart: insert, delete, substitute, or swap two neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 1] == b[i + 1:i + 2] and a[i + 1:i + 2] == b[i:i + 1]
                                          and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


TYPO_MIN = 5


def score(q: str, t: str) -> float:
    """How well query term q matches text term t (``vconfMatch.score``, the browser's rule)."""
    if q == t:
        return 1.0
    n = len(q)
    if n < 2:
        return 0.0
    if n >= 4 and q.endswith("s") and t == q[:-1]:
        return 0.9
    if len(t) > n and t.startswith(q):
        return 0.8
    if n < TYPO_MIN:
        return 0.0
    if within1(q, t):
        return 0.5
    if len(t) > n + 1 and any(within1(q, t[:k]) for k in (n, n + 1, n - 1)):
        return 0.4
    return 0.0


def matches(query: str, text: str) -> bool:
    """Whether a text matches a query as the gallery, the map and the search box decide."""
    terms, phrases = parse(query)
    words = tokens(text)
    flat = " ".join(fold(text).split())
    return all(any(score(q, t) for t in words) for q in terms) and all(p in flat for p in phrases)


@dataclass
class Doc:
    kind: str  # paper | session | workshop | person | listing | page
    row: list[Any]  # what the result shows: [kind, title, url, ...details]
    fields: dict[str, str] = field(default_factory=dict)  # WEIGHTS key -> text
    key: str = ""  # papers: the id (bookmarks find their row by it)


def _names(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items[:4]) + (f" +{len(items) - 4}" if len(items) > 4 else "")


def conference_docs(data: ConferenceData, uri: Any) -> list[Doc]:
    """Papers, sessions, workshops and speakers, each with the fields its result shows."""
    conf = data.conf
    docs = []
    for s in conf.sessions_sorted():
        who = conf.speakers[s.speaker].name if s.speaker in conf.speakers else ""
        docs.append(Doc("session", ["session", s.title, uri(s.docname), s.kind, s.start.isoformat(),
                                    s.end.isoformat(), s.room],
                        {"title": s.title, "name": " ".join([who, s.chair]), "meta": f"{s.kind} {s.room}",
                         "text": s.description}))
    for w in conf.workshops.values():
        docs.append(Doc("workshop", ["workshop", w.title, uri(w.docname), _names(w.organizers)],
                        {"title": w.title, "name": " ".join(w.organizers), "text": w.abstract}))
    for sp in conf.speakers.values():
        docs.append(Doc("person", ["person", sp.name, uri(sp.docname), sp.affiliation, sp.talk_title],
                        {"name": sp.name, "keywords": sp.talk_title, "meta": sp.affiliation,
                         "text": " ".join([sp.bio, sp.talk_abstract])}))
    for p in sorted(conf.papers.values(), key=lambda p: p.id):
        thumb = data.thumbnail(p.id)
        if thumb and thumb.kind != "placeholder":
            look: Any = thumb.path
        else:
            look = list(placeholder_look(p))  # [colour, initials]: drawn with CSS, no request
        docs.append(Doc("paper", ["paper", p.title, uri(p.docname), _names(a.name for a in p.authors), look, p.id],
                        {"title": p.title, "name": " ".join(a.name for a in p.authors),
                         "keywords": " ".join(p.keywords), "meta": p.track, "text": p.abstract},
                        key=p.id))
    return docs


def page_docs(app: Sphinx, data: ConferenceData) -> list[Doc]:
    """The site's other pages: the organizer's own (whole text, low boost) and the generated
    listings and days (their titles only: their bodies repeat the records above)."""
    from docutils import nodes

    env = app.env
    docs = []
    for docname in sorted(env.found_docs):
        if docname == "404" or docname.split("/")[0] in ("papers", "sessions", "workshops", "speakers"):
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        url = app.builder.get_target_uri(docname)
        if docname in data.generated:
            docs.append(Doc("listing", ["page", title, url, ""], {"title": title}))
            continue
        tree = env.get_doctree(docname)
        heads = " ".join(n.astext() for n in tree.findall(nodes.title))
        text = tree.astext()
        words = text.split()
        if words[:len(title.split())] == title.split():
            words = words[len(title.split()):]  # the snippet says what the title does not
        docs.append(Doc("page", ["page", title, url, " ".join(words[:24])],
                        {"title": title, "heading": heads, "text": text}))
    return docs


def _counts(d: Doc) -> dict[str, Counter[str]]:
    return {f: Counter(tokens(t)) for f, t in d.fields.items() if t}


def _doc_scores(counts: dict[str, Counter[str]], kind: str, avg: dict[str, float]) -> dict[str, int]:
    acc: dict[str, float] = {}
    for f, c in counts.items():
        norm = K1 * ((1 - B + B * sum(c.values()) / (avg[f] or 1.0)) if f in LONG_FIELDS else 1.0)
        w = WEIGHTS[f] * (K1 + 1)
        for term, tf in c.items():
            acc[term] = acc.get(term, 0.0) + w * tf / (tf + norm)
    boost = BOOST[kind] * 10
    return {term: max(1, round(s * boost)) for term, s in acc.items()}


Scores = dict[str, tuple[dict[str, int], dict[str, float], dict[str, int]]]  # doc key -> lengths, avg, scores


def _scores(docs: list[Doc], cache: Scores | None = None) -> dict[str, dict[int, int]]:
    """term -> {doc: score x10}: per field a saturating term frequency (length-normalised
    for long fields), times the field's weight, summed, times the kind's boost.

    ``cache`` (doc key -> its long fields' lengths, the average lengths its scores used,
    its scores) is read and updated: a document's scores are reused while its fields and
    the average lengths are the same (a title edit changes no length)."""
    cache = {} if cache is None else cache
    keys = [hashlib.blake2b(repr((d.kind, sorted(d.fields.items()))).encode(), digest_size=16).hexdigest()
            for d in docs]
    counts: list[dict[str, Counter[str]] | None] = [None] * len(docs)
    lengths: list[dict[str, int]] = []
    for i, (d, key) in enumerate(zip(docs, keys, strict=True)):
        known = cache.get(key)
        if known is None:
            counts[i] = c = _counts(d)
            lengths.append({f: sum(c[f].values()) for f in LONG_FIELDS if f in c})
        else:
            lengths.append(known[0])
    avg: dict[str, float] = {}
    for f in LONG_FIELDS:
        lens = [n[f] for n in lengths if f in n]
        avg[f] = (sum(lens) / len(lens)) if lens else 1.0
    post: dict[str, dict[int, int]] = {}
    for i, (d, key) in enumerate(zip(docs, keys, strict=True)):
        known = cache.get(key)
        if known is None or known[1] != avg:
            c = counts[i] if counts[i] is not None else _counts(d)
            known = cache[key] = (lengths[i], avg, _doc_scores(c, d.kind, avg))
        for term, score in known[2].items():
            hit = post.get(term)
            if hit is None:
                post[term] = hit = {}
            hit[i] = score
    for key in set(cache) - set(keys):
        del cache[key]
    return post


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _named(prefix: str, content: str) -> tuple[str, str]:
    return f"{prefix}.{hashlib.sha256(content.encode()).hexdigest()[:12]}.json", content


def build(docs: list[Doc], cache: Scores | None = None) -> dict[str, str]:
    """File name (under :data:`DIR`) -> content of the whole index (``cache``: see :func:`_scores`)."""
    post = _scores(docs, cache)
    files: dict[str, str] = {}
    shards: list[list[str]] = []  # [first term, file]
    terms: list[str] = []
    lists: list[list[int]] = []
    size = 0

    def flush() -> None:
        nonlocal terms, lists, size
        if terms:
            name, content = _named("t", _dumps({"t": terms, "p": lists}))
            files[name] = content
            shards.append([terms[0], name])
        terms, lists, size = [], [], 0

    for term in sorted(post):
        flat: list[int] = []
        prev = 0
        for doc, score in sorted(post[term].items()):
            flat += [doc - prev, score]
            prev = doc
        # Terms sharing their first three letters stay in one shard where possible: a
        # prefix or a typo then costs one shard (a long run of them may still span two).
        if size >= SHARD_BYTES and (not terms or terms[-1][:3] != term[:3] or size >= 3 * SHARD_BYTES):
            flush()
        terms.append(term)
        lists.append(flat)
        size += len(term) + 4 + 4 * len(flat)
    flush()

    # Display rows: papers start on a chunk boundary, so a bookmarked id finds its chunk.
    first_paper = next((i for i, d in enumerate(docs) if d.kind == "paper"), len(docs))
    chunks: list[str] = []
    pids: list[str] = []
    for start in range(0, len(docs), CHUNK):
        name, content = _named("d", _dumps([d.row for d in docs[start:start + CHUNK]]))
        files[name] = content
        chunks.append(name)
        if start >= first_paper:
            pids.append(docs[start].key)
    files["manifest.json"] = _dumps({
        "version": 1, "n": len(docs), "chunk": CHUNK, "docs": chunks, "shards": shards,
        "first_paper": first_paper, "paper_ids": pids,
    }) + "\n"
    return files


def order(docs: list[Doc]) -> list[Doc]:
    """Papers last, beginning on a chunk boundary (empty rows pad the few before them)."""
    rest = [d for d in docs if d.kind != "paper"]
    papers = [d for d in docs if d.kind == "paper"]
    pad = (-len(rest)) % CHUNK
    filler = [Doc("listing", ["page", "", "", ""], {}) for _ in range(pad)]  # never matched: no fields
    return rest + filler + papers


def _read_cache(path: Path, code: str) -> Scores:
    try:
        got = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}
    return got[1] if isinstance(got, tuple) and len(got) == 2 and got[0] == code and isinstance(got[1], dict) else {}


def is_current(app: Sphinx) -> bool:
    """Whether the output holds a whole index (its manifest and every file it names)."""
    folder = Path(app.outdir) / DIR
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        names = [n for _, n in manifest["shards"]] + manifest["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return all((folder / n).is_file() for n in names)


def write(app: Sphinx, data: ConferenceData) -> list[Path]:
    """Write the index into the output folder (unchanged files keep their bytes and mtime),
    remove the files of an older index; return the paths written."""
    t0 = time.perf_counter()
    uri = app.builder.get_target_uri
    docs = order([*conference_docs(data, uri), *page_docs(app, data)])
    # The scores are kept for edits: a build that read many pages (a first build, a new
    # vconf) neither reads nor writes them, since at its peak of memory they would add a
    # second copy of the index.
    cache_file = data.cache_dir / "search-scores.pickle"
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    edit = not getattr(app.builder, "vconf_many", True)
    cache = _read_cache(cache_file, code) if edit else None
    files = build(docs, cache)
    if cache is not None:
        atomic_write(cache_file, pickle.dumps((code, cache), protocol=pickle.HIGHEST_PROTOCOL))
    out = Path(app.outdir) / DIR
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.name not in files:
            old.unlink()
    paths = []
    for name, content in files.items():
        atomic_write(out / name, content)
        paths.append(out / name)
    kb = sum(len(c.encode()) for c in files.values()) / 1024
    logger.info(f"vconf: search index: {len(docs)} documents, {len(files)} files, {kb:.0f} KB "
                f"in {time.perf_counter() - t0:.2f} s")
    return paths
