"""Similar papers: nearest neighbours by cosine similarity of the paper embeddings.

Scores are rounded to 5 decimals before ranking, and equal scores are ordered by id: a
paper's list does not flip between builds over float noise (embeddings differ by ~1e-7
with batch composition) and never depends on the order of the input.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .embeddings import EmbeddingResult

__all__ = ["similar_papers", "nearest_to_vector"]

DECIMALS = 5
# Rows of the similarity matrix computed at once: bounds memory at BLOCK x n floats.
BLOCK = 1024


def similar_papers(result: EmbeddingResult, k: int = 5,
                   exclude: Iterable[str] = frozenset()) -> dict[str, list[str]]:
    """For each paper, the ids of its ``k`` most similar papers (never itself, never one of
    ``exclude``: rejected papers the organizer does not publish), best first."""
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
    out: dict[str, list[str]] = {}
    for start in range(0, n, BLOCK):
        scores = np.round(vectors[start:start + BLOCK] @ vectors.T, DECIMALS)
        scores[:, hidden] = -np.inf
        for row, i in enumerate(range(start, min(start + BLOCK, n))):
            scores[row, i] = -np.inf  # never a paper's own neighbour
            top = min(k, candidates - (0 if hidden[i] else 1))
            out[ids[i]] = [ids[j] for j in _top(scores[row], rank, top)] if top > 0 else []
    return out


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
