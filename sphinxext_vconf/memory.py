"""The build's memory: what Sphinx would keep, or copy into every worker, without need.

Two measures, both confined to one build (found with ``benchmarks/bench_scale.py`` at 5,000
papers, where the peak came while pages were written: the main process and two workers):

* Sphinx keeps the pickled bytes of every doctree it loads for the rest of the build
  (``env._pickled_doctree_cache``), although each page is written once: 103 MB at 5,000
  papers, four times that at 20,000. A page's bytes are dropped once it is resolved for
  writing; anything that asks for it again reads it from disk.
* Parallel workers are forked from the main process. Python's cyclic garbage collector,
  running in a worker, walks every object it inherited and so copies every page holding
  one. The objects that exist when reading or writing starts are moved out of the
  collector's sight (:func:`gc.freeze`) for the forks, and given back when the build ends.
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


def _freeze(app: Sphinx, *args: Any) -> None:
    if app.parallel > 1:
        gc.collect()
        gc.freeze()


def _unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    gc.unfreeze()


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _drop_pickled_doctree)
    app.connect("env-before-read-docs", _freeze)
    app.connect("write-started", _freeze)
    app.connect("build-finished", _unfreeze, priority=999)
