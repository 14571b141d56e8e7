"""The build's memory and workers: what Sphinx would keep, copy or send without need.

Four measures, all confined to one build (found with ``benchmarks/bench_scale.py`` at 5,000
papers, where the peak came while pages were written: the main process and its worker):

* Sphinx keeps the pickled bytes of every doctree it loads for the rest of the build
  (``env._pickled_doctree_cache``), although each page is written once: 103 MB at 5,000
  papers, four times that at 20,000. A page's bytes are dropped once it is resolved for
  writing; anything that asks for it again reads it from disk.
* Parallel workers are forked from the main process. Python's cyclic garbage collector,
  running in a worker, walks every object it inherited and so copies every page holding
  one. The objects that exist when reading or writing starts are moved out of the
  collector's sight (:func:`gc.freeze`) for the forks, and given back when the build ends.
* Sphinx writes in parallel by resolving each chunk of pages in the main process and
  queueing a worker for it; the main process resolves faster than a worker writes, so
  it held the doctrees of nearly every page waiting for a worker (177 MB at 5,000 papers)
  and forked each later worker with all of them. The main process now finishes a chunk
  only when the worker before it is done (:class:`_WriteQueue`), so a worker starts the
  moment its chunk is queued and at most two chunks are held.
* Sphinx reads in parallel whenever ``-j`` allows, and each worker sends the whole
  environment back pickled (a second each way at 5,000 papers, per chunk of pages): an
  edit's handful of pages is read in the main process instead.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import time
from typing import TYPE_CHECKING, Any

from sphinx.util.parallel import make_chunks

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


class _WriteQueue:
    """Holds the main process back at the end of a chunk of pages until a worker is free.

    Sphinx writes pages ``2..n`` in the chunks of :func:`make_chunks` (the first page, in
    the main process, warms its caches) and starts a queued worker only when it queues the
    next chunk. At the end of chunk ``j`` the main process waits until the worker of chunk
    ``j - nproc`` has written its pages (the workers count them, per chunk, in shared
    memory) and has exited, so the next worker starts the moment its chunk is queued.
    A worker that does not exit soon after its last page is waiting for the main process
    to read its result (its log records fill the pipe), which Sphinx does next.
    """

    EXIT_S = 0.05
    STALL_S = 5.0  # no page written anywhere for this long: let Sphinx see what is wrong

    def __init__(self, docnames: list[str], nproc: int):
        chunks = make_chunks(docnames[1:], nproc)
        self.nproc = nproc
        self.chunk_of = {doc: i for i, chunk in enumerate(chunks) for doc in chunk}
        self.sizes = [len(chunk) for chunk in chunks]
        self.ends = {chunk[-1]: i for i, chunk in enumerate(chunks)}
        # one counter per chunk, each written by its own worker only
        self.written = multiprocessing.get_context("fork").RawArray("q", len(chunks))

    def page_written(self, docname: str) -> None:
        i = self.chunk_of.get(docname)
        if i is not None:
            self.written[i] += 1

    def wait(self, docname: str) -> None:
        j = self.ends.get(docname)
        if j is None or j < self.nproc:
            return
        before = j - self.nproc
        seen, since = sum(self.written), time.monotonic()
        while self.written[before] < self.sizes[before]:
            time.sleep(0.005)
            now = sum(self.written)
            if now != seen:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since > self.STALL_S:
                return
        deadline = time.monotonic() + self.EXIT_S
        while len(multiprocessing.active_children()) >= self.nproc and time.monotonic() < deadline:
            time.sleep(0.002)


def _write_documents(app: Sphinx, write: Any, docnames: Any) -> None:
    builder = app.builder
    if builder.parallel_ok and app.parallel > 1 and builder.format == "html":
        builder.vconf_write_queue = _WriteQueue(sorted(docnames), app.parallel - 1)  # type: ignore[attr-defined]
    try:
        write(docnames)
    finally:
        builder.vconf_write_queue = None  # type: ignore[attr-defined]
        builder.__dict__.pop("write_documents", None)  # the class's method again


def _bound_writing(app: Sphinx, builder: Any) -> None:
    # ``write_documents`` is where Sphinx knows which pages it writes (Sphinx documents it
    # as the builder's to override); this build's builder only, for this build only
    builder.write_documents = functools.partial(_write_documents, app,
                                                functools.partial(type(builder).write_documents, builder))


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    queue = getattr(app.builder, "vconf_write_queue", None)
    if queue is not None:
        queue.wait(docname)


def _page_written(app: Sphinx, pagename: str, *args: Any) -> None:
    queue = getattr(app.builder, "vconf_write_queue", None)
    if queue is not None:
        queue.page_written(pagename)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _drop_pickled_doctree)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _after_read, priority=0)
    app.connect("write-started", _freeze)
    app.connect("write-started", _bound_writing)
    app.connect("doctree-resolved", _resolved, priority=999)  # after every other handler
    app.connect("html-page-context", _page_written)
    app.connect("build-finished", _unfreeze, priority=999)
