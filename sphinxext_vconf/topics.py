"""Topic regions of the paper map, at up to three levels (coarse to fine), and their names.

Regions are found in the 2D layout (:mod:`projection`), not in the embedding, so every
region is one contiguous area of the map and its label sits over its papers: the finest
level is k-means of the positions, each coarser level merges neighbouring regions of the
level below (Ward linkage on their centres), so the levels nest; regions of a handful of
stray papers join their nearest neighbour. Each region is named by class-based TF-IDF
(BERTopic's c-TF-IDF, idf squared) over its papers' keywords and title phrases of one to
three words: the terms many of its papers use and few others at the same level do. Terms in
more than a tenth of all papers name no region unless the region has nothing better; a finer
region is named by what sets it apart from its parent.

Deterministic (fixed seeds, one thread, stable ordering) and cached beside the layout in
``<cache_dir>/projection/topics.json``, keyed by everything the result depends on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sphinx.util import logging

from .data import atomic_write
from .model import Paper

__all__ = ["find_topics", "level_sizes"]

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"
MAX_COARSE = 12
BRANCHING = 3  # each level has about this many times the regions of the level above
MIN_PAPERS = {0: 6, 1: 10, 2: 8}  # per region on average, coarse, middle, fine
LABEL_TERMS = 2
MAX_DF = 0.1  # a term in more than this share of all papers names no region ("neural")
IDF_POWER = 2  # c-TF-IDF with idf squared: "language" at a language conference names nothing
# Words that say nothing about a topic (beyond scikit-learn's English stop words).
GENERIC = frozenset("""
using use based via towards toward new novel approach approaches method methods paper study
improving improved improve better learning model models task tasks data efficient effective
simple large scale general framework problem problems results case analysis do does can
""".split())
_TAG = re.compile(r"<[^>]{0,40}>")
_WORD = re.compile(r"[^\W\d_](?:[\w\-']*\w)?", re.UNICODE)


def level_sizes(n: int) -> list[int]:
    """How many regions each level has for ``n`` papers, coarse first (levels of fewer than
    two regions, or of too few papers per region, are left out)."""
    coarse = min(MAX_COARSE, round(math.sqrt(n) / 4))
    sizes = [coarse, coarse * BRANCHING, coarse * BRANCHING * BRANCHING]
    out = [k for level, k in enumerate(sizes) if k >= 2 and n / k >= MIN_PAPERS[level]]
    return sorted(set(out))


def find_topics(papers: Sequence[Paper], xy: dict[str, tuple[float, float]], *,
                cache_dir: Path | None) -> dict[str, Any]:
    """The map's topics: ``{"levels": [{"label", "x", "y", "size", "parent"} lists per
    level], "assign": {paper id: [region per level]}}``; empty levels with too few papers."""
    placed = [p for p in papers if p.id in xy]
    sizes = level_sizes(len(placed))
    if not sizes:
        return {"levels": [], "assign": {}}
    texts = [(p.title, list(p.keywords)) for p in placed]
    pos = np.array([xy[p.id] for p in placed], dtype=np.float64)
    key = _cache_key([p.id for p in placed], pos, texts, sizes)
    cache_file = Path(cache_dir) / "projection" / "topics.json" if cache_dir is not None else None
    cached: dict[str, Any] = {}
    if cache_file is not None and cache_file.exists():
        try:
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                return cached["topics"]
        except (OSError, ValueError, AttributeError, KeyError, TypeError) as exc:
            logger.warning(f"map: ignoring the corrupt topic cache {cache_file} ({exc})",
                           type="vconf", subtype="map")
            cached = {}
    assign = _kept_regions(cached, placed, pos, sizes)
    if assign is None:
        assign = _regions(pos, sizes)
    levels = [_level(pos, assign, level) for level in range(len(sizes))]
    topics = {"levels": levels,
              "assign": {p.id: [int(a[i]) for a in assign] for i, p in enumerate(placed)}}
    names_key = _cache_key([p.id for p in placed], np.zeros(0), texts, sizes)
    old = cached.get("topics") or {}
    if cached.get("names_key") == names_key and old.get("assign") == topics["assign"]:
        # The same regions of the same titles and keywords (an abstract edit moved a paper
        # within its region): the same names; only the centres moved.
        for info, was in zip(levels, old["levels"], strict=True):
            info["label"] = list(was["label"])
    else:
        _name(levels, texts, assign)
    if cache_file is not None:
        payload = {"key": key, "topics": topics, "sizes": sizes, "names_key": names_key,
                   "xy": {p.id: [float(x), float(y)] for p, (x, y) in zip(placed, pos, strict=True)}}
        atomic_write(cache_file, json.dumps(payload, sort_keys=True, ensure_ascii=False).encode())
    logger.info(f"map: {' / '.join(str(k) for k in sizes)} topics")
    return topics


# ------------------------------------------------------------------------------------ regions


# An edit that moved at most this share of the papers keeps the regions (see below).
KEEP_AT_MOST = 0.02


def _kept_regions(cached: dict[str, Any], placed: Sequence[Paper], pos: np.ndarray,
                  sizes: list[int]) -> list[np.ndarray] | None:
    """The cached regions, when the same papers are on the map and at most
    :data:`KEEP_AT_MOST` of them moved (an edit places a paper, projection.py): each moved
    paper joins the regions of the nearest paper that stayed. Labels and centres are
    computed again from these regions; None when the regions must be found afresh."""
    try:
        old_xy, old_assign = cached["xy"], cached["topics"]["assign"]
        if cached.get("sizes") != sizes or set(old_xy) != {p.id for p in placed}:
            return None
        moved = [i for i, p in enumerate(placed) if tuple(old_xy[p.id]) != tuple(pos[i])]
        if len(moved) > KEEP_AT_MOST * len(placed):
            return None
        assign = np.array([old_assign[p.id] for p in placed], dtype=np.int64).T
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    stayed = np.setdiff1d(np.arange(len(placed)), moved)
    for i in moved:
        nearest = stayed[np.argmin(((pos[stayed] - pos[i]) ** 2).sum(axis=1))]
        assign[:, i] = assign[:, nearest]
    if any(len(np.unique(a)) != int(a.max()) + 1 for a in assign):
        return None  # a region lost its last paper: find them afresh
    return list(assign)


def _regions(pos: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Region of each paper at each level (coarse first), numbered biggest first."""
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # summation order fixed: the same bytes on any machine
        km = KMeans(n_clusters=sizes[-1], n_init=4, random_state=0).fit(pos)
    finest = _absorb_small(pos, km.labels_.astype(np.int64))
    levels = [finest]
    centres = _centres(pos, finest)
    for k in reversed(sizes[:-1]):
        # merge neighbouring regions of the level below: nested by construction
        k = min(k, len(centres) - 1)
        if k < 2:
            break
        merged = AgglomerativeClustering(n_clusters=k, linkage="ward").fit(centres).labels_
        coarse = _absorb_small(pos, merged[levels[0]])
        levels.insert(0, coarse)
        centres = _centres(pos, coarse)
    return [_renumber(pos, labels) for labels in levels]


def _centres(pos: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return np.array([pos[labels == c].mean(axis=0) for c in range(int(labels.max()) + 1)])


def _absorb_small(pos: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Regions under a tenth of the average size (a few stray papers at the map's edge)
    join the nearest bigger region, whole; ids are made consecutive again."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels, return_counts=True)
        small = counts < max(3, 0.1 * len(labels) / len(ids))
        if not small.any() or len(ids) <= 2:
            break
        c = ids[np.argmin(np.where(small, counts, np.iinfo(np.int64).max))]  # the smallest first
        centre = pos[labels == c].mean(axis=0)
        others = [o for o in ids if o != c]
        dist = [float(((pos[labels == o].mean(axis=0) - centre) ** 2).sum()) for o in others]
        labels[labels == c] = others[int(np.argmin(dist))]
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)


def _renumber(pos: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Biggest region first, then by position: stable ids whatever the clusterer's order."""
    ids = np.unique(labels)
    order = sorted(ids, key=lambda c: (-int((labels == c).sum()), *pos[labels == c].mean(axis=0).round(6)))
    new = {int(c): i for i, c in enumerate(order)}
    return np.array([new[int(c)] for c in labels], dtype=np.int64)


def _level(pos: np.ndarray, assign: list[np.ndarray], level: int) -> dict[str, list]:
    labels = assign[level]
    k = int(labels.max()) + 1
    parent = assign[level - 1] if level else None
    out: dict[str, list] = {"label": [""] * k, "x": [], "y": [], "size": [], "parent": []}
    for c in range(k):
        members = labels == c
        # the member nearest the mean: a label over papers even where a region is curved
        centre = pos[members].mean(axis=0)
        anchor = pos[members][np.argmin(((pos[members] - centre) ** 2).sum(axis=1))]
        out["x"].append(round(float(anchor[0]), 4))
        out["y"].append(round(float(anchor[1]), 4))
        out["size"].append(int(members.sum()))
        out["parent"].append(int(parent[members][0]) if parent is not None else -1)
    return out


# ------------------------------------------------------------------------------------ names


@functools.cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from their module alone: importing
    scikit-learn takes two seconds, and renaming the topics after a title edit needs only these."""
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "feature_extraction" / "_stop_words.py"
        words_spec = importlib.util.spec_from_file_location("_vconf_sklearn_stop_words", path)
        if path.is_file() and words_spec and words_spec.loader:
            module = importlib.util.module_from_spec(words_spec)
            words_spec.loader.exec_module(module)
            return frozenset(module.ENGLISH_STOP_WORDS)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # where the file has moved

    return frozenset(ENGLISH_STOP_WORDS)


def _terms(title: str, keywords: list[str]) -> tuple[set[str], Counter[str]]:
    """A paper's terms (normalised) and the surface form each came from."""
    stop = _stop_words()
    terms: set[str] = set()
    forms: Counter[str] = Counter()
    for kw in keywords:
        kw = " ".join(kw.split())
        if 2 < len(kw) <= 40 and kw.lower() not in GENERIC:
            terms.add(kw.lower())
            forms[kw] += 1
    words = _WORD.findall(_TAG.sub(" ", title))  # "<i>x</i>" or "<script>" are markup, not words
    ok = [w if len(w) > 2 and w.lower() not in stop and w.lower() not in GENERIC else None
          for w in words]
    for i in range(len(ok)):
        for n in range(1, 4):  # words, and phrases of two or three
            gram = ok[i:i + n]
            if len(gram) < n or None in gram or len({w.lower() for w in gram}) < n:  # type: ignore[union-attr]
                break
            phrase = " ".join(gram)  # type: ignore[arg-type]
            terms.add(phrase.lower())
            forms[phrase] += 1
    return terms, forms


def _name(levels: list[dict], texts: list, assign: list[np.ndarray]) -> None:
    """Fill each level's labels by class-based TF-IDF (BERTopic's c-TF-IDF, over the number
    of papers of a region that use a term)."""
    per_paper = [_terms(title, kws) for title, kws in texts]
    forms: Counter[str] = Counter()
    for _, f in per_paper:
        forms.update(f)
    surface = _surface_forms(forms)
    for level, info in enumerate(levels):
        labels = assign[level]
        k = len(info["size"])
        df = [Counter() for _ in range(k)]
        for (terms, _), c in zip(per_paper, labels, strict=True):
            df[c].update(terms)
        total = Counter()
        for d in df:
            total.update(d)
        mean_words = sum(sum(d.values()) for d in df) / k
        n_papers = len(labels)
        for c in range(k):
            size = info["size"][c]
            words = sum(df[c].values()) or 1
            taken = set()
            if level:  # a finer region says what sets it apart within its parent
                taken = set(levels[level - 1]["_terms"][info["parent"][c]])
            common = max(MAX_DF * n_papers, 2 * size * MAX_DF)

            def score(t: str) -> float:
                return df[c][t] / words * math.log(1 + mean_words / total[t]) ** IDF_POWER  # noqa: B023

            pool = [t for t in df[c] if df[c][t] >= max(2, 0.05 * size) and t not in taken]
            rare = [t for t in pool if total[t] <= common]
            # terms common everywhere name no region, unless every other term is rare in it too
            if rare and 3 * max(df[c][t] for t in rare) >= max(df[c][t] for t in pool):
                pool = rare
            scored = sorted(((score(t), t) for t in pool), key=lambda st: (-st[0], st[1]))
            if not scored:  # too few papers share any term: fall back on the best single one
                scored = sorted(((df[c][t], t) for t in df[c] if t not in taken), key=lambda st: (-st[0], st[1]))
            chosen: list[str] = []
            for score, t in scored:
                if len(chosen) == LABEL_TERMS or (chosen and score < 0.4 * scored[0][0]):
                    break
                t = _expand(t, df[c])
                if any(_overlaps(t, c2) for c2 in chosen):
                    continue
                chosen.append(t)
            info.setdefault("_terms", [None] * k)[c] = chosen
            info["label"][c] = _label([surface.get(t, t) for t in chosen]) or f"Topic {c + 1}"
    for info in levels:
        info.pop("_terms", None)


def _expand(term: str, df: Counter[str]) -> str:
    """The longest phrase around ``term`` that most of its papers use ("entity" becomes
    "named entity recognition" where that is how the region says it)."""
    best = term
    for phrase, count in df.items():
        if (len(phrase) > len(best) and count >= 0.6 * df[term]
                and f" {term} " in f" {phrase} " and len(phrase.split()) <= 3):
            best = phrase
    return best


def _overlaps(a: str, b: str) -> bool:
    """Whether two terms share a word, or nearly ("graph" and "graph neural networks",
    "dialog" and "dialogue")."""
    return bool({w[:5] for w in a.split()} & {w[:5] for w in b.split()})


def _surface_forms(forms: Counter[str]) -> dict[str, str]:
    """How to write each term: as an acronym or name where it is one ("BERT", "GANs"),
    otherwise lower case (titles capitalise every word)."""
    by_key: dict[str, Counter[str]] = {}
    for form, count in forms.items():
        by_key.setdefault(form.lower(), Counter())[form] += count
    out = {}
    for key, counts in by_key.items():
        total = sum(counts.values())
        # inner capitals in a word (or a hyphenated part): BERT, GANs, but not Non-Autoregressive
        cased = Counter({f: n for f, n in counts.items()
                         if any(part[1:] != part[1:].lower() for w in f.split() for part in w.split("-"))})
        form, n = (sorted(cased.items(), key=lambda fn: (-fn[1], fn[0]))[0] if cased else (key, 0))
        out[key] = form if n * 2 >= total else key
    return out


def _label(terms: list[str]) -> str:
    text = ", ".join(terms)
    return text[:1].upper() + text[1:] if text else ""


def _cache_key(ids: list[str], pos: np.ndarray, texts: list, sizes: list[int]) -> str:
    from importlib import metadata  # not `import sklearn` (3 s): a cached result needs none of it

    h = hashlib.sha256()
    h.update(repr((CACHE_VERSION, metadata.version("scikit-learn"), sizes, MIN_PAPERS, LABEL_TERMS, MAX_DF, IDF_POWER, sorted(GENERIC))).encode())
    h.update(json.dumps([ids, texts], ensure_ascii=False).encode())
    h.update(np.round(pos, 6).tobytes())
    return h.hexdigest()
