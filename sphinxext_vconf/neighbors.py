"""Similar papers: nearest neighbours by cosine similarity of the paper embeddings.

Scores are rounded to 5 decimals before ranking, and equal scores are ordered by id: a
paper's list does not flip between builds over float noise (embeddings differ by ~1e-7
with batch composition) and never depends on the order of the input.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .embeddings import EmbeddingResult

__all__ = ["similar_papers", "nearest_to_vector"]

DECIMALS = 5
# Rows of the similarity matrix computed at once: bounds memory at BLOCK x n floats.
BLOCK = 1024


def similar_papers(result: EmbeddingResult, k: int = 5, exclude: Iterable[str] = frozenset(), *,
                   cache_dir: Path | None = None) -> dict[str, list[str]]:
    """For each paper, the ids of its ``k`` most similar papers (never itself, never one of
    ``exclude``: rejected papers the organizer does not publish), best first.

    With ``cache_dir``, the lists are kept with a hash of each paper's vector; the next
    build recomputes only the rows that can differ: those of changed papers and those whose
    list held one (an edit costs a few rows, not n x n products: 20 s at 20,000 papers).
    The result is the same as computed afresh."""
    ids = result.ids
    n = len(ids)
    if n == 0:
        return {}
    excluded = set(exclude)
    candidates = n - len(excluded & set(ids))
    if k <= 0 or n == 1:
        return {pid: [] for pid in ids}
    vectors = np.asarray(result.vectors, dtype=np.float32)
    rank = _id_rank(ids)
    hidden = np.array([pid in excluded for pid in ids])
    hashes = np.array([hashlib.blake2b(row.tobytes(), digest_size=8).digest() for row in vectors])
    setting = json.dumps([ids, sorted(excluded & set(ids)), k, DECIMALS]).encode()
    cache = Path(cache_dir) / "similar.npz" if cache_dir is not None else None
    top = _cached(cache, setting, hashes) if cache is not None else None
    if top is None:
        rows: Iterable[int] = range(n)
        top = np.full((n, k), -1, dtype=np.int64)
    else:
        top, changed = top
        # A row can change only where a changed paper was in its list (its score fell), or
        # where a changed paper now beats the list's last (checked below, on a few columns).
        stale = set(changed.tolist()) | set(np.flatnonzero(np.isin(top, changed).any(axis=1)).tolist())
        if changed.size:
            now = np.round(vectors @ vectors[changed].T, DECIMALS)  # n x changed
            now[changed, np.arange(changed.size)] = -np.inf
            now[:, hidden[changed]] = -np.inf  # a hidden changed paper competes for no list
            filled = (top >= 0).sum(axis=1)  # lists fill from the left
            last_of = top[np.arange(n), np.maximum(filled - 1, 0)]
            last = np.where(filled > 0, np.round(np.einsum("ij,ij->i", vectors, vectors[last_of]), DECIMALS),
                            -np.inf)
            # A margin for a dot product that rounds apart from the matrix product's
            beats = now.max(axis=1) >= last - 2 * 10.0 ** -DECIMALS
            stale |= set(np.flatnonzero(beats | (filled < k)).tolist())
        rows = sorted(stale)
    for block in _blocks(list(rows), BLOCK):
        scores = np.round(vectors[block] @ vectors.T, DECIMALS)
        scores[:, hidden] = -np.inf
        for row, i in enumerate(block):
            scores[row, i] = -np.inf  # never a paper's own neighbour
            want = min(k, candidates - (0 if hidden[i] else 1))
            top[i] = -1
            if want > 0:
                best = _top(scores[row], rank, want)
                top[i, :len(best)] = best
    if cache is not None:
        _save(cache, setting, hashes, top)
    return {pid: [ids[j] for j in top[i] if j >= 0] for i, pid in enumerate(ids)}


def _blocks(rows: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _cached(cache: Path, setting: bytes, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The cached lists and the rows whose vectors changed, when the same papers in the
    same order, with the same settings, were computed last time and few changed."""
    try:
        with np.load(cache, allow_pickle=False) as f:
            if f["setting"].tobytes() != setting or f["hashes"].shape != hashes.shape:
                return None
            changed = np.flatnonzero(f["hashes"] != hashes)
            top = f["top"].astype(np.int64)
    except (OSError, KeyError, ValueError, EOFError):
        return None
    if changed.size > max(16, len(hashes) // 50):
        return None  # a new model or many edits: the full computation is as quick
    return top, changed


def _save(cache: Path, setting: bytes, hashes: np.ndarray, top: np.ndarray) -> None:
    from .data import atomic_write

    buf = io.BytesIO()
    np.savez(buf, setting=np.frombuffer(setting, dtype=np.uint8), hashes=hashes, top=top.astype(np.int32))
    try:
        atomic_write(cache, buf.getvalue())
    except OSError:
        pass  # a cache that cannot be written only costs time


def nearest_to_vector(result: EmbeddingResult, vector: np.ndarray, k: int,
                      exclude: Iterable[str] = frozenset()) -> list[str]:
    """The ids of the ``k`` papers most similar to ``vector`` (e.g. an encoded query)."""
    n = len(result.ids)
    if n == 0 or k <= 0:
        return []
    vector = np.asarray(vector, dtype=np.float32).ravel()
    norm = float(np.linalg.norm(vector))
    if norm > 0:
        vector = vector / norm
    scores = np.round(np.asarray(result.vectors, dtype=np.float32) @ vector, DECIMALS)
    excluded = set(exclude)
    keep = np.array([pid not in excluded for pid in result.ids])
    scores = np.where(keep, scores, -np.inf)
    k = min(k, int(keep.sum()))
    if k == 0:
        return []
    return [result.ids[j] for j in _top(scores, _id_rank(result.ids), k)]


def _id_rank(ids: list[str]) -> np.ndarray:
    """Position of each id in sorted order, for tie-breaking."""
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return rank


def _top(scores: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best scores, best first, ties by id; ``-inf`` entries never chosen."""
    # Everything scoring at least the k-th best: ties at the cut all compete on id.
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    candidates = np.flatnonzero((scores >= kth) & np.isfinite(scores))
    order = np.lexsort((rank[candidates], -scores[candidates]))
    return candidates[order[:k]]
