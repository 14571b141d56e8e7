"""The build's memory and workers: what Sphinx would keep, copy or send without need.

Three measures, all confined to one build (found with ``benchmarks/bench_scale.py`` at 5,000
papers, where the peak came while pages were written: the main process and two workers):

* Sphinx keeps the pickled bytes of every doctree it loads for the rest of the build
  (``env._pickled_doctree_cache``), although each page is written once: 103 MB at 5,000
  papers, four times that at 20,000. A page's bytes are dropped once it is resolved for
  writing; anything that asks for it again reads it from disk.
* Parallel workers are forked from the main process. Python's cyclic garbage collector,
  running in a worker, walks every object it inherited and so copies every page holding
  one. The objects that exist when reading or writing starts are moved out of the
  collector's sight (:func:`gc.freeze`) for the forks, and given back when the build ends.
* Sphinx reads in parallel whenever ``-j`` allows, and each worker sends the whole
  environment back pickled (a second each way at 5,000 papers, per chunk of pages): an
  edit's handful of pages is read in the main process instead.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def _drop_pickled_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)


# Below this many pages read, the forks copy little and a full collection (a third of a
# second at 5,000 papers, twice a build) costs more than it saves: an edit's rebuild.
_FEW = 50


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    many = app.builder.vconf_many = len(docnames) >= _FEW  # type: ignore[attr-defined]
    if not many and app.parallel > 1:
        # Sphinx decides serial or parallel right after this event, from app.parallel
        app.builder.vconf_parallel = app.parallel  # type: ignore[attr-defined]
        app.parallel = 1
    _freeze(app)


def _after_read(app: Sphinx, env: Any) -> None:
    parallel = getattr(app.builder, "vconf_parallel", None)
    if parallel:
        app.parallel = parallel  # the pages are written in parallel as usual
        app.builder.vconf_parallel = None  # type: ignore[attr-defined]


def _freeze(app: Sphinx, *args: Any) -> None:
    if app.parallel > 1 and getattr(app.builder, "vconf_many", True):
        gc.collect()
        gc.freeze()


def _unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    gc.unfreeze()


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _drop_pickled_doctree)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _after_read, priority=0)
    app.connect("write-started", _freeze)
    app.connect("build-finished", _unfreeze, priority=999)
