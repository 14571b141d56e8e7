"""What the reader's own agenda needs from the build: calendar facts, embeddings, offline files.

* :func:`agenda_json` (``data/agenda.json``): what the browser needs besides
  ``sessions.json`` and ``gallery.json`` to make an ICS of the reader's picks with the
  *same UIDs* as the site's calendars (:mod:`.calendars`): the UID domain, the stamp, and
  the workshops' own schedule items with their keys.
* :func:`embeddings_files` (``data/embeddings.json`` + ``data/embeddings.i8``): the papers'
  vectors rotated to their principal axes (cosines unchanged) and stored as int8 (one byte
  per dimension, each row scaled by its largest component), for "papers for you" computed in
  the browser; fetched only when the reader asks.
* :func:`write_offline` (``build-finished``): ``vconf-sw.js`` at the site root (a service
  worker's scope is the folder it is served from) with a build id made from the bytes of
  the site, and ``data/offline.json``, the list of files it caches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import schedule as sched
from .data import atomic_write

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .data import ConferenceData
    from .embeddings import EmbeddingResult
    from .model import Conference

SW_SOURCE = Path(__file__).parent / "theme" / "vconf" / "static" / "vconf-sw.js"
if not SW_SOURCE.is_file():  # an editable install (see THEME_DIR in __init__)
    from . import THEME_DIR

    SW_SOURCE = THEME_DIR / "static" / "vconf-sw.js"

# The shell: cached on the first visit (with the page being read and the data files).
SHELL_PAGES = ("index.html", "papers.html", "agenda.html", "schedule.html", "404.html")
SHELL_DATA = ("data/gallery-first.json", "data/gallery.json", "data/sessions.json", "data/agenda.json", "data/conference.json")
# Never cached: source maps (developer tools only), Sphinx's bookkeeping, the sources.
_SKIP_SUFFIXES = (".map", ".doctree", ".pickle")
_SKIP_DIRS = ("_sources/", ".doctrees/", "_build/")
_SKIP_NAMES = {".buildinfo", ".nojekyll", "objects.inv", "vconf-sw.js"}


def _utc(d: dt.datetime) -> str:
    return d.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_json(conf: Conference) -> dict:
    """Calendar facts for the browser's ICS: the UIDs it writes are those of :mod:`.calendars`
    (``session-<id>@<domain>``, ``paper-<paper>-session-<session>@<domain>``,
    ``workshop-<id>-<key>@<domain>``), so importing both updates instead of duplicating."""
    workshops = []
    for w in conf.workshops.values():
        items = [{"key": key, "title": it.title, "start": _utc(it.start), "end": _utc(it.end),
                  "speaker": it.speaker, "kind": it.kind}
                 for key, it in sched.workshop_items(w)]
        workshops.append({"id": w.id, "title": w.title, "url": f"{w.docname}.html",
                          "sessions": list(w.sessions), "items": items})
    return {
        "domain": sched.conference_domain(conf),
        "stamp": _utc(dt.datetime.combine(conf.start_date, dt.time(0), tzinfo=dt.UTC)),
        "name": conf.name,
        "url": conf.url,
        "timezone": conf.timezone,
        "workshops": workshops,
    }


LEAD = 64  # leading principal components the browser's first, approximate pass reads


def rotate(vectors: np.ndarray) -> np.ndarray:
    """The vectors in their principal axes, most variance first: an orthogonal rotation, so
    every dot product (cosine) is kept, while the first :data:`LEAD` components carry most of
    it, enough for the browser to shortlist neighbours before it computes exact scores.
    Axis signs are fixed (largest entry positive): the same vectors give the same bytes."""
    v = np.asarray(vectors, dtype=np.float64)
    # the full d x d rotation; with more papers than dimensions the reduced SVD already has
    # it (and skips an n x n matrix: 200 MB and seconds at 5,000 papers)
    _, _, vt = np.linalg.svd(v - v.mean(axis=0), full_matrices=v.shape[0] < v.shape[1])
    r = vt.T
    flip = np.sign(r[np.abs(r).argmax(axis=0), np.arange(r.shape[1])])
    flip[flip == 0] = 1.0
    return v @ (r * flip)


def quantize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled so their largest |component| is 127, rounded to int8.

    The browser compares rows by cosine, which does not care about a row's scale: no
    scale is shipped. The rounding error is at most 1/254 of a row's largest component.
    """
    v = np.asarray(vectors, dtype=np.float64)
    peak = np.abs(v).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    return np.clip(np.rint(v / peak * 127.0), -127, 127).astype(np.int8)


def embeddings_files(result: EmbeddingResult | None) -> dict[str, bytes]:
    """``data/embeddings.json`` (ids, dimension) and ``data/embeddings.i8`` (rows, int8)."""
    if result is None or not len(result.ids):
        return {}
    q = quantize(rotate(result.vectors))
    meta = {"dim": int(q.shape[1]), "ids": list(result.ids), "file": "embeddings.i8", "format": "int8-rows",
            "lead": min(LEAD, int(q.shape[1]))}
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return {"data/embeddings.json": text.encode("utf-8"), "data/embeddings.i8": q.tobytes()}


def publish(data: ConferenceData, outdir: Path) -> list[str]:
    """Write ``data/agenda.json`` and the embeddings; return their paths relative to ``outdir``."""
    text = json.dumps(agenda_json(data.conf), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    files = {"data/agenda.json": text.encode("utf-8"), **embeddings_files(data.embeddings)}
    for rel, content in files.items():
        atomic_write(outdir / rel, content)
    if "data/embeddings.i8" not in files:  # papers removed since: no stale vectors
        for rel in ("data/embeddings.json", "data/embeddings.i8"):
            (outdir / rel).unlink(missing_ok=True)
    return sorted(files)


# ------------------------------------------------------------------------------------
# Offline
# ------------------------------------------------------------------------------------


def offline_files(outdir: Path) -> dict[str, list[str]]:
    """What the service worker caches: ``shell`` on the first visit, ``all`` on "save the
    whole conference" (every page, script, style, image and data file; not the PDFs and
    calendars, which readers download on purpose)."""
    every = []
    # os.walk, not Path.rglob: tens of thousands of files at 5,000 papers, listed every build
    for folder, dirs, names in os.walk(outdir):
        base = Path(folder).relative_to(outdir).as_posix()
        prefix = "" if base == "." else base + "/"
        dirs[:] = [d for d in dirs if not (prefix + d + "/").startswith(_SKIP_DIRS) and not d.startswith(".")
                   and prefix + d != "pdfs"]
        for name in names:
            rel = prefix + name
            if (rel.endswith(_SKIP_SUFFIXES) or name in _SKIP_NAMES or name.startswith(".")
                    or rel == "data/offline.json" or rel.endswith((".ics", ".pdf", ".tmp"))
                    or not os.path.isfile(os.path.join(folder, name))):
                continue
            every.append(rel)
    every.sort()
    shell = [r for r in every if r in SHELL_PAGES or r in SHELL_DATA
             or (r.startswith("_static/") and not r.startswith("_static/vendor/mathjax/"))]
    return {"shell": shell, "all": every}


def build_id(outdir: Path, files: list[str]) -> str:
    """A hash of the bytes of every cached file: a new build that changes any of them gets
    a new cache (and the old one is dropped); an unchanged rebuild keeps it."""
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode("utf-8") + b"\0")
        h.update(hashlib.sha256((outdir / rel).read_bytes()).digest())
    return h.hexdigest()[:16]


def service_worker(build: str) -> str:
    """``vconf-sw.js`` with the build id in place of its placeholder."""
    source = SW_SOURCE.read_text(encoding="utf-8")
    return source.replace('"__VCONF_BUILD__"', json.dumps(build), 1)


def write_offline(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the service worker and its list of files, or neither when
    ``vconf_offline`` is off (a worker left from an earlier build then unregisters itself,
    see vconf-offline.js)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not app.config.vconf_offline:
        for rel in ("vconf-sw.js", "data/offline.json"):
            (outdir / rel).unlink(missing_ok=True)
        return
    files = offline_files(outdir)
    build = build_id(outdir, files["all"])
    manifest = {"build": build, **files}
    atomic_write(outdir / "data" / "offline.json",
                 json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n")
    atomic_write(outdir / "vconf-sw.js", service_worker(build))
