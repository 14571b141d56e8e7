"""UMAP in a process of its own: ``python -m sphinxext_vconf.umap_worker IN.npy OUT.npy SEED``.

numba compiles UMAP's functions in every new process (a minute at 5,000 papers) unless
they are cached on disk, and most of UMAP's functions are declared without ``cache=True``.
Only in this short-lived child, which nothing else shares, ``numba.njit`` caches by
default, in ``$NUMBA_CACHE_DIR`` (set for the child by :mod:`projection`). The build's
own process never imports numba or UMAP, so it keeps neither the patch nor their memory.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np

N_NEIGHBORS = 15
MIN_DIST = 0.1
# UMAP itself switches to approximate (numba) neighbour search from here on.
PRECOMPUTED_KNN_FROM = 4096


def _cache_by_default() -> None:
    import numba

    njit = numba.njit

    def cached_njit(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cache", True)
        return njit(*args, **kwargs)

    numba.njit = cached_njit


def layout(vectors: np.ndarray, random_state: int) -> np.ndarray:
    _cache_by_default()  # before umap is imported: its decorators run at import
    import umap

    n = len(vectors)
    n_neighbors = min(N_NEIGHBORS, n - 1)
    knn: Any = None
    if n >= PRECOMPUTED_KNN_FROM:
        from sklearn.neighbors import NearestNeighbors

        nn = NearestNeighbors(n_neighbors=n_neighbors, metric="cosine", algorithm="brute")
        distances, indices = nn.fit(vectors).kneighbors(vectors)
        knn = (indices, distances.astype(np.float32), None)
    reducer = umap.UMAP(
        n_components=2, n_neighbors=n_neighbors, min_dist=MIN_DIST, metric="cosine",
        random_state=random_state, precomputed_knn=knn or (None, None, None),
    )
    with warnings.catch_warnings():
        # "n_jobs overridden by random_state" and "no search index with precomputed_knn":
        # both are what we asked for.
        warnings.simplefilter("ignore", UserWarning)
        return np.asarray(reducer.fit_transform(vectors), dtype=np.float64)


def main(argv: list[str]) -> int:
    src, dest, seed = argv
    vectors = np.ascontiguousarray(np.load(src), dtype=np.float32)
    np.save(dest, layout(vectors, int(seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
