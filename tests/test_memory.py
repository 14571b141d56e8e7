"""The build's memory: pages written in parallel are resolved no further ahead than the
workers write them, and what each page read is kept compactly in the environment."""

from __future__ import annotations

import io
import pickle
import shutil
import threading
import time
from pathlib import Path

from conftest import ROOTS
from sphinx.application import Sphinx
from sphinx.util.parallel import make_chunks

from sphinxext_vconf import memory


def test_the_main_process_waits_at_a_chunk_end_until_the_chunk_before_is_written() -> None:
    docs = [f"papers/p{i:03d}" for i in range(200)]
    queue = memory._WriteQueue(docs, nproc=1)
    chunks = make_chunks(docs[1:], 1)
    assert len(chunks) >= 3 and queue.ends == {c[-1]: i for i, c in enumerate(chunks)}
    queue.wait(chunks[0][-1])  # nothing written yet, and the first worker starts after this
    queue.wait(chunks[1][0])  # not a chunk's end: never held

    def worker() -> None:
        for doc in chunks[0]:
            time.sleep(0.002)
            queue.page_written(doc)

    thread = threading.Thread(target=worker)
    thread.start()
    queue.wait(chunks[1][-1])
    assert queue.written[0] == len(chunks[0])  # held until the chunk before was written
    thread.join()
    queue.page_written("genindex")  # a page outside the chunks counts nowhere
    assert list(queue.written) == [len(chunks[0])] + [0] * (len(chunks) - 1)


def test_a_stuck_worker_does_not_hold_the_main_process(monkeypatch) -> None:
    monkeypatch.setattr(memory._WriteQueue, "STALL_S", 0.05)
    docs = [f"d{i:03d}" for i in range(200)]
    queue = memory._WriteQueue(docs, nproc=1)
    second_end = make_chunks(docs[1:], 1)[1][-1]
    queue.wait(second_end)  # returns although no page of the chunk before was written
    assert queue.written[0] == 0


def test_a_parallel_build_resolves_a_chunk_only_once_the_one_before_it_is_written(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    app = Sphinx(str(src), str(src), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html",
                 status=io.StringIO(), warning=io.StringIO(), parallel=2,
                 confoverrides={"vconf_cache_dir": str(tmp_path / "cache")})
    seen: list[tuple[int, int, int]] = []

    def after_the_wait(app: Sphinx, doctree: object, docname: str) -> None:
        queue = app.builder.vconf_write_queue
        j = queue.ends.get(docname)
        if j is not None and j >= 1:
            seen.append((j, queue.written[j - 1], queue.sizes[j - 1]))

    app.connect("doctree-resolved", after_the_wait, priority=1000)
    app.build()
    assert seen, "the pages were written in more than one chunk"
    assert all(written == size for _, written, size in seen), seen
    assert app.builder.vconf_write_queue is None and "write_documents" not in vars(app.builder)

    # what each page read: pages of one kind share one tuple of kinds and fields
    notes = app.env.vconf_deps
    p1, p2 = notes["papers/p1"], notes["papers/p2"]
    assert p1[0] is p2[0] and ("paper", "title") in p1[0]
    assert len(p1[2]) == 12 * len(p1[0])  # one 12-byte digest per kind and field
    assert len(pickle.dumps(p1)) < 1500
