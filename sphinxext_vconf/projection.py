"""The paper map: a deterministic 2D layout of the embeddings (UMAP, cosine metric).

Coordinates are scaled into [0, 1] (one scale for both axes, so clusters keep their
shape; the shorter axis is centred) and rounded to 4 decimals: small, stable JSON.
The same vectors and parameters give the same layout (``random_state``), which is
cached in ``<cache_dir>/projection/umap.json`` keyed by a hash of ids, vectors and
parameters.

UMAP runs on numba, which compiles its functions in every new process (about 15 s at
1,000 papers, a minute at 5,000). It runs in a child process (:mod:`umap_worker`) whose
numba caches compiled code in ``<cache_dir>/numba`` unless ``NUMBA_CACHE_DIR`` is set;
from 4,096 papers up, the neighbours are computed with scikit-learn (exact, cosine)
instead of UMAP's numba-compiled approximate search.
Fewer than :data:`MIN_UMAP` papers are laid out by PCA (UMAP needs a neighbourhood).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from sphinx.util import logging

from .data import atomic_write
from .embeddings import EmbeddingResult
from .umap_worker import MIN_DIST, N_NEIGHBORS, PRECOMPUTED_KNN_FROM

__all__ = ["project"]

logger = logging.getLogger(__name__)

MIN_UMAP = 15
DECIMALS = 4
CACHE_VERSION = "2"
# An edit places the changed papers on the existing map while at most this share of the
# papers changed (and at least this many stayed); more, and the map is fitted again.
PLACE_AT_MOST = 0.02
PLACE_MIN_KEPT = 4 * MIN_UMAP


def project(result: EmbeddingResult, *, cache_dir: Path | None, random_state: int = 42,
            refit: bool = False) -> dict[str, tuple[float, float]]:
    """x, y in [0, 1] for every paper: UMAP, or PCA below :data:`MIN_UMAP` papers.

    The fitted layout is cached with each paper's vector digest. When a few papers changed
    since (an edited abstract, a paper added), they are placed on the existing map among
    their nearest unchanged neighbours and nothing is refitted (:func:`_place`); with more
    changes, or ``refit``, UMAP fits all papers again.
    """
    ids = list(result.ids)
    n = len(ids)
    if n == 0:
        return {}
    vectors = np.ascontiguousarray(result.vectors, dtype=np.float32)
    if n < MIN_UMAP:
        return _to_dict(ids, _pca_layout(vectors))

    params = _params(vectors.shape[1], random_state)
    digests = {pid: hashlib.blake2b(vectors[i].tobytes(), digest_size=12).hexdigest() for i, pid in enumerate(ids)}
    cache_file = Path(cache_dir) / "projection" / "umap.json" if cache_dir is not None else None
    cached = _read_cache(cache_file, params) if cache_file is not None else None
    if cached is not None and not refit:
        raw = {pid: xy for pid, xy in cached["raw"].items() if cached["digests"].get(pid) == digests.get(pid)}
        changed = [i for i, pid in enumerate(ids) if pid not in raw]
        if not changed:
            logger.info(f"map: {n} papers, layout cached")
            return _to_dict(ids, np.array([raw[pid] for pid in ids]))
        if len(changed) <= PLACE_AT_MOST * n and len(raw) >= PLACE_MIN_KEPT:
            xy = _place(ids, vectors, raw, changed)
            logger.info(f"map: {len(changed)} changed paper(s) placed on the existing layout of {n}")
            _write_cache(cache_file, params, ids, digests, xy)
            return _to_dict(ids, xy)

    logger.info(f"map: computing the UMAP layout of {n} papers...")
    try:
        xy = _umap_layout(vectors, cache_dir, random_state)
        if not np.isfinite(xy).all():
            raise ValueError("UMAP returned non-finite coordinates")
    except Exception as exc:  # the map is not worth failing the build for
        logger.warning(f"map: UMAP failed ({type(exc).__name__}: {exc}); "
                       "laying the papers out by PCA instead", type="vconf", subtype="map")
        return _to_dict(ids, _pca_layout(vectors))
    if cache_file is not None:
        _write_cache(cache_file, params, ids, digests, xy)
    return _to_dict(ids, xy)


def _place(ids: list[str], vectors: np.ndarray, raw: dict[str, Any], changed: list[int]) -> np.ndarray:
    """The layout with the ``changed`` papers placed among their nearest kept neighbours.

    A changed paper goes to the mean of its :data:`N_NEIGHBORS` most similar unchanged
    papers' positions, weighted by cosine similarity: where UMAP's own ``transform`` starts
    a new point. (UMAP's ``transform`` itself would need the fit's neighbour-search index,
    which is not kept: from 4,096 papers the neighbours are computed by scikit-learn.)
    Every other paper keeps its position, so the map moves only where the edit is.
    """
    kept = [i for i, pid in enumerate(ids) if pid in raw]
    kept_xy = np.array([raw[ids[i]] for i in kept], dtype=np.float64)
    basis = vectors[kept].astype(np.float64)
    basis /= np.maximum(np.linalg.norm(basis, axis=1, keepdims=True), 1e-12)
    xy = np.zeros((len(ids), 2))
    xy[kept] = kept_xy
    k = min(N_NEIGHBORS, len(kept))
    for i in changed:
        v = vectors[i].astype(np.float64)
        sims = basis @ (v / max(float(np.linalg.norm(v)), 1e-12))
        near = np.argsort(-sims, kind="stable")[:k]
        weights = np.clip(sims[near], 0, None) + 1e-6
        xy[i] = (weights[:, None] * kept_xy[near]).sum(axis=0) / weights.sum()
    return xy


def _write_cache(path: Path | None, params: str, ids: list[str], digests: dict[str, str], xy: np.ndarray) -> None:
    if path is None:
        return
    payload = {"params": params, "digests": digests,
               "raw": {pid: [float(x), float(y)] for pid, (x, y) in zip(ids, xy, strict=True)}}
    atomic_write(path, json.dumps(payload, sort_keys=True).encode())


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
    """UMAP's layout, computed by :mod:`umap_worker` in a child process (see there why)."""
    env = dict(os.environ)  # the child's environment; this process's stays as it is
    # the child imports this very package, wherever it was imported from
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    if cache_dir is not None and "NUMBA_CACHE_DIR" not in env:
        (Path(cache_dir) / "numba").mkdir(parents=True, exist_ok=True)
        env["NUMBA_CACHE_DIR"] = str(Path(cache_dir) / "numba")
    with tempfile.TemporaryDirectory(prefix="vconf-umap-") as tmp:
        src, dest = Path(tmp) / "vectors.npy", Path(tmp) / "xy.npy"
        np.save(src, vectors)
        proc = subprocess.run(
            [sys.executable, "-m", "sphinxext_vconf.umap_worker", str(src), str(dest), str(random_state)],
            env=env, capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"the UMAP process failed: {tail[0]}")
        return np.load(dest)


def _params(dim: int, random_state: int) -> str:
    """What a cached fit must have been made with (besides the vectors, checked one by one)."""
    from importlib import metadata

    try:
        umap_version = metadata.version("umap-learn")
    except metadata.PackageNotFoundError:
        umap_version = "?"
    params = (CACHE_VERSION, umap_version, N_NEIGHBORS, MIN_DIST, "cosine", random_state,
              PRECOMPUTED_KNN_FROM, dim, DECIMALS)
    return hashlib.sha256(repr(params).encode()).hexdigest()


def _read_cache(path: Path, params: str) -> dict[str, Any] | None:
    """The cached fit (``digests`` and ``raw`` positions by paper id), if made with ``params``."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("params") != params:
            return None
        digests, raw = data["digests"], data["raw"]
        return {"digests": {str(k): str(v) for k, v in digests.items()},
                "raw": {str(k): (float(v[0]), float(v[1])) for k, v in raw.items()}}
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
