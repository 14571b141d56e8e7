"""The paper map: a deterministic 2D layout of the embeddings (UMAP, cosine metric).

Coordinates are scaled into [0, 1] (one scale for both axes, so clusters keep their
shape; the shorter axis is centred) and rounded to 4 decimals: small, stable JSON.
The same vectors and parameters give the same layout (``random_state``), which is
cached in ``<cache_dir>/projection/umap.json`` keyed by a hash of ids, vectors and
parameters.

UMAP runs on numba, which compiles its functions in every new process (about 15 s at
1,000 papers, a minute at 5,000). Before ``umap`` is imported, this module makes
``numba.njit`` cache compiled code by default, in ``<cache_dir>/numba`` unless
``NUMBA_CACHE_DIR`` is set; from 4,096 papers up, the neighbours are computed with
scikit-learn (exact, cosine) instead of UMAP's numba-compiled approximate search.
Fewer than :data:`MIN_UMAP` papers are laid out by PCA (UMAP needs a neighbourhood).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sphinx.util import logging

from .data import atomic_write
from .embeddings import EmbeddingResult

__all__ = ["project"]

logger = logging.getLogger(__name__)

MIN_UMAP = 15
N_NEIGHBORS = 15
MIN_DIST = 0.1
# UMAP itself switches to approximate (numba) neighbour search from here on.
PRECOMPUTED_KNN_FROM = 4096
DECIMALS = 4
CACHE_VERSION = "1"


def project(result: EmbeddingResult, *, cache_dir: Path | None,
            random_state: int = 42) -> dict[str, tuple[float, float]]:
    """x, y in [0, 1] for every paper: UMAP, or PCA below :data:`MIN_UMAP` papers."""
    ids = list(result.ids)
    n = len(ids)
    if n == 0:
        return {}
    vectors = np.ascontiguousarray(result.vectors, dtype=np.float32)
    if n < MIN_UMAP:
        return _to_dict(ids, _pca_layout(vectors))

    key = _cache_key(ids, vectors, random_state)
    cache_file = Path(cache_dir) / "projection" / "umap.json" if cache_dir is not None else None
    if cache_file is not None:
        cached = _read_cache(cache_file, key, ids)
        if cached is not None:
            logger.info(f"map: {n} papers, layout cached")
            return cached

    logger.info(f"map: computing the UMAP layout of {n} papers...")
    try:
        xy = _umap_layout(vectors, cache_dir, random_state)
        if not np.isfinite(xy).all():
            raise ValueError("UMAP returned non-finite coordinates")
    except Exception as exc:  # the map is not worth failing the build for
        logger.warning(f"map: UMAP failed ({type(exc).__name__}: {exc}); "
                       "laying the papers out by PCA instead", type="vconf", subtype="map")
        return _to_dict(ids, _pca_layout(vectors))
    coords = _to_dict(ids, xy)
    if cache_file is not None:
        payload = {"key": key, "coords": {pid: list(c) for pid, c in coords.items()}}
        atomic_write(cache_file, json.dumps(payload, sort_keys=True).encode())
    return coords


# --------------------------------------------------------------------------------------


def _pca_layout(vectors: np.ndarray) -> np.ndarray:
    """A deterministic layout for a handful of papers: the two main axes of variation."""
    n = len(vectors)
    if n == 1:
        return np.zeros((1, 2))
    centred = vectors.astype(np.float64) - vectors.mean(axis=0, dtype=np.float64)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    # Fix each axis's sign (SVD's is arbitrary): its largest entry is positive.
    signs = np.sign(u[np.argmax(np.abs(u), axis=0), range(u.shape[1])])
    signs[signs == 0] = 1
    xy = np.zeros((n, 2))
    m = min(2, u.shape[1])
    xy[:, :m] = (u * signs * s)[:, :m]
    return xy


def _umap_layout(vectors: np.ndarray, cache_dir: Path | None, random_state: int) -> np.ndarray:
    _enable_numba_cache(cache_dir)
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


def _enable_numba_cache(cache_dir: Path | None) -> None:
    """Make numba cache compiled functions on disk: later processes skip compilation."""
    if "umap" in sys.modules:
        return  # too late to change how its functions were decorated (and done already)
    if cache_dir is not None and "NUMBA_CACHE_DIR" not in os.environ:
        numba_dir = Path(cache_dir) / "numba"
        numba_dir.mkdir(parents=True, exist_ok=True)
        os.environ["NUMBA_CACHE_DIR"] = str(numba_dir)
        if "numba" in sys.modules:
            import numba.core.config

            numba.core.config.reload_config()
    import numba

    if getattr(numba.njit, "_vconf_cache", False):
        return
    njit = numba.njit

    def cached_njit(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cache", True)
        return njit(*args, **kwargs)

    cached_njit._vconf_cache = True  # type: ignore[attr-defined]
    numba.njit = cached_njit


def _cache_key(ids: list[str], vectors: np.ndarray, random_state: int) -> str:
    from importlib import metadata

    try:
        umap_version = metadata.version("umap-learn")
    except metadata.PackageNotFoundError:
        umap_version = "?"
    h = hashlib.sha256()
    params = (CACHE_VERSION, umap_version, N_NEIGHBORS, MIN_DIST, "cosine", random_state,
              PRECOMPUTED_KNN_FROM, vectors.shape, DECIMALS)
    h.update(repr(params).encode())
    h.update("\0".join(ids).encode("utf-8"))
    h.update(b"\0")
    h.update(vectors.tobytes())
    return h.hexdigest()


def _read_cache(path: Path, key: str, ids: list[str]) -> dict[str, tuple[float, float]] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        coords = data["coords"]
        return {pid: (float(coords[pid][0]), float(coords[pid][1])) for pid in ids}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        logger.warning(f"map: ignoring the corrupt cache {path} ({exc}); recomputing",
                       type="vconf", subtype="map")
        return None


def _to_dict(ids: list[str], xy: np.ndarray) -> dict[str, tuple[float, float]]:
    """Scale into [0, 1] keeping the aspect ratio, centre the shorter axis, round."""
    xy = np.asarray(xy, dtype=np.float64)
    lo = xy.min(axis=0)
    span = xy.max(axis=0) - lo
    scale = float(span.max())
    if not np.isfinite(scale) or scale <= 0:
        unit = np.full_like(xy, 0.5)
    else:
        unit = (xy - lo) / scale + (1 - span / scale) / 2
    unit = np.clip(np.round(unit, DECIMALS), 0.0, 1.0) + 0.0  # + 0.0: no "-0.0" in JSON
    return {pid: (float(x), float(y)) for pid, (x, y) in zip(ids, unit, strict=True)}
