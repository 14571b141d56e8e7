"""The read-only conference data of one build: the model and its computed extras.

Computed once in the main process on ``builder-inited`` (see :func:`prepare`), then only
read: by directives in parallel reader processes (forked, so they inherit it) and by the
writers. It hangs on the environment of its build (see :func:`get`) in a holder that
pickles empty: Sphinx pickles the environment back from each parallel chunk and at the
end of reading, and thousands of papers with embeddings must not travel every time.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from . import model

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .embeddings import EmbeddingResult
    from .thumbnails import Thumbnail

logger = logging.getLogger(__name__)


@dataclass
class ConferenceData:
    conf: model.Conference
    srcdir: Path
    data_dir: Path
    cache_dir: Path
    similar: dict[str, list[str]] = field(default_factory=dict)
    xy: dict[str, tuple[float, float]] = field(default_factory=dict)
    topics: dict[str, Any] = field(default_factory=dict)  # the map's labelled regions (see topics.py)
    thumbnails: dict[str, Thumbnail] = field(default_factory=dict)
    generated: set[str] = field(default_factory=set)  # docnames vconf wrote
    archive: bool = False
    key: str = ""  # what it was made from (see buildstate)
    reused: bool = False  # restored from the last build: pages and published files are current
    _embeddings: EmbeddingResult | None = None
    _embed: Callable[[], EmbeddingResult | None] | None = None  # loads them when first asked for

    @property
    def embeddings(self) -> EmbeddingResult | None:
        """The papers' vectors (for free-text similar-papers queries); loaded on first use
        when this data was restored from the last build."""
        if self._embeddings is None and self._embed is not None:
            self._embeddings = self._embed()
            self._embed = None
        return self._embeddings

    @embeddings.setter
    def embeddings(self, value: EmbeddingResult | None) -> None:
        self._embeddings = value

    def __getstate__(self) -> dict[str, Any]:
        # Pickled by buildstate without the embeddings: they reload from their own cache when
        # a page asks (a free-text similar-papers query), and their encoder cannot be pickled.
        state = dict(self.__dict__)
        state["_embeddings"] = state["_embed"] = None
        for memo in ("_digests", "_folds", "_prints", "_changed"):  # deps' memos: of this build's data only
            state.pop(memo, None)
        return state

    @property
    def data_files(self) -> list[Path]:
        return [self.srcdir / f for f in self.conf.files]

    def thumbnail(self, paper_id: str) -> Thumbnail | None:
        return self.thumbnails.get(paper_id)


class _Unpickled:
    """Holds the data on ``env``; pickles as an empty holder (see the module docstring)."""

    def __init__(self, data: ConferenceData | None = None):
        self.data = data

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (_Unpickled, ())


def get(env: BuildEnvironment) -> ConferenceData | None:
    """The data of the build this environment belongs to (``None`` before it is loaded)."""
    holder = getattr(env, "vconf_data", None)
    return holder.data if isinstance(holder, _Unpickled) else None


def load(app: Sphinx) -> ConferenceData:
    """Load and validate the YAML; compute the extras; register the result."""
    srcdir = Path(app.srcdir)
    data_dir = (srcdir / app.config.vconf_data_dir).resolve()
    cache = app.config.vconf_cache_dir
    cache_dir = Path(cache) if cache else Path(app.outdir).parent / ".vconf-cache"
    if not cache_dir.is_absolute():
        cache_dir = Path(app.confdir) / cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    # ConferenceDataError ends the build before anything is written, no traceback
    conf = model.load(data_dir, root=srcdir, extra=lambda conf: project_problems(conf, srcdir),
                      cache=cache_dir / "yaml")
    data = ConferenceData(
        conf=conf, srcdir=srcdir, data_dir=data_dir, cache_dir=cache_dir,
        archive=bool(app.config.vconf_archive),
    )
    register(app, data)
    return data


def register(app: Sphinx, data: ConferenceData) -> None:
    """Make ``data`` the data of this build (what :func:`get` returns)."""
    conf = data.conf
    logger.info(
        f"vconf: {len(conf.papers)} papers, {len(conf.sessions)} sessions, "
        f"{len(conf.workshops)} workshops, {len(conf.speakers)} speakers"
    )
    app.env.vconf_data = _Unpickled(data)


def restored(app: Sphinx, data: ConferenceData) -> None:
    """Register data unpickled from the last build; its embeddings load when first asked for."""
    data.reused = True
    if data.conf.papers:
        data._embed = lambda: _embed(app, data)
    register(app, data)


def _embed(app: Sphinx, data: ConferenceData) -> EmbeddingResult:
    from . import embeddings

    precomputed = app.config.vconf_precomputed_embeddings
    return embeddings.embed_papers(
        list(data.conf.papers.values()),
        model=app.config.vconf_embedding_model,
        cache_dir=data.cache_dir,
        precomputed=(data.srcdir / precomputed) if precomputed else None,
    )


def compute_extras(app: Sphinx, data: ConferenceData) -> None:
    """Embeddings, similar papers, the map and thumbnails: cached, computed in this process."""
    papers = list(data.conf.papers.values())
    cfg = app.config
    if papers:
        from . import neighbors

        result = _embed(app, data)
        data.embeddings = result
        listed = {p.id for p in data.conf.listed_papers()}
        data.similar = neighbors.similar_papers(result, k=cfg.vconf_similar_k, cache_dir=data.cache_dir,
                                                exclude=[p.id for p in papers if p.id not in listed])
        if cfg.vconf_map:
            from . import projection

            data.xy = projection.project(result, cache_dir=data.cache_dir, refit=cfg.vconf_map_refit)
            from . import topics

            data.topics = topics.find_topics(papers, data.xy, cache_dir=data.cache_dir)
    if cfg.vconf_thumbnails or any(p.thumbnail for p in papers):
        from . import thumbnails

        todo = papers if cfg.vconf_thumbnails else [p for p in papers if p.thumbnail]
        data.thumbnails = thumbnails.make_thumbnails(
            todo, srcdir=data.srcdir, outdir=Path(app.outdir), cache_dir=data.cache_dir,
        )


def project_problems(conf: model.Conference, srcdir: Path) -> list[model.Problem]:
    """What the build checks beyond the YAML itself: the files it names exist inside the
    project, and the chat settings. ``vconf check`` runs the same checks."""
    from . import chat

    problems = []
    root = srcdir.resolve()
    for rel, fld, source in local_files(conf):
        path = (srcdir / rel).resolve()
        if rel.startswith("/") or not path.is_relative_to(root):
            problems.append(model.Problem(source.file, source.line, fld, rel,
                                          "a path inside the project (relative to the source folder)"))
        elif not path.is_file():
            problems.append(model.Problem(source.file, source.line, fld, rel,
                                          "an existing file (path relative to the source folder)"))
    return problems + chat.problems(conf, srcdir)


def local_files(conf: model.Conference) -> list[tuple[str, str, model.Source]]:
    """Files the YAML names by path: (path relative to the source folder, field, where)."""
    at = model.where
    out: list[tuple[str, str, model.Source]] = []

    def add(record: Any, fld: str, label: str) -> None:
        value = getattr(record, fld)
        # where a value stands in the YAML is looked up for local paths only: most are URLs or empty
        if value and not value.startswith(("http://", "https://")):
            out.append((value, label, at(record, fld)))

    add(conf, "logo", "conference.logo")
    for p in conf.papers.values():
        for f in ("pdf", "slides", "video", "thumbnail"):
            add(p, f, f"papers ({p.id}).{f}")
    for sp in conf.speakers.values():
        add(sp, "photo", f"speakers ({sp.id}).photo")
    for s in conf.sessions.values():
        add(s, "video", f"sessions ({s.id}).video")
    for w in conf.workshops.values():
        add(w, "video", f"workshops ({w.id}).video")
    return out


def relpath(target: str, from_docname: str) -> str:
    """The URL of an output path (``data/papers.json``) relative to a page."""
    depth = from_docname.count("/")
    return "../" * depth + target if depth else target


def atomic_write(path: Path, content: str | bytes) -> bool:
    """Write ``content`` unless the file already holds it; return whether it was written.

    The one write-if-changed helper of the package: a temporary file beside the target,
    renamed over it, so that a build killed at any moment leaves the old file or the new
    one, never half of one; an unchanged file keeps its modification time.
    """
    raw = content.encode() if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a web server must read it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
