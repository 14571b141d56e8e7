"""The paper map: a deterministic, cached 2D layout in [0, 1]."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sphinxext_vconf import projection
from sphinxext_vconf.embeddings import EmbeddingResult
from sphinxext_vconf.projection import project


def clustered(n: int, clusters: int = 3, seed: int = 0) -> EmbeddingResult:
    """``n`` unit vectors around ``clusters`` centres; ids say which cluster."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, 32))
    v = centres[np.arange(n) % clusters] + 0.2 * rng.normal(size=(n, 32))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    return EmbeddingResult([f"c{i % clusters}-{i:03d}" for i in range(n)], v, 0, 0, "test")


def assert_valid(coords: dict, ids: list[str]) -> None:
    assert list(coords) == ids
    for x, y in coords.values():
        assert 0 <= x <= 1 and 0 <= y <= 1
        assert round(x, 4) == x and round(y, 4) == y
    json.dumps(coords)  # plain floats


@pytest.mark.parametrize("n", [0, 1, 2, 3, 14])
def test_tiny_inputs_get_a_deterministic_layout(n, tmp_path):
    result = clustered(n)
    coords = project(result, cache_dir=tmp_path)
    assert_valid(coords, result.ids)
    assert coords == project(clustered(n), cache_dir=None)
    if n >= 2:  # the layout uses the whole square on its long axis
        xs = [x for x, _ in coords.values()]
        ys = [y for _, y in coords.values()]
        assert max(max(xs) - min(xs), max(ys) - min(ys)) == 1.0
    if n == 1:
        assert coords == {result.ids[0]: (0.5, 0.5)}


def test_identical_vectors_do_not_crash():
    v = np.ones((5, 4), dtype=np.float32) / 2
    result = EmbeddingResult(list("abcde"), v, 0, 0, "test")
    assert set(project(result, cache_dir=None).values()) == {(0.5, 0.5)}


def test_scaling_keeps_the_aspect_ratio():
    coords = projection._to_dict(["a", "b", "c"], np.array([[0, 0], [4, 0], [4, 2]]))
    assert coords == {"a": (0.0, 0.25), "b": (1.0, 0.25), "c": (1.0, 0.75)}


@pytest.fixture(scope="module")
def numba_cache(pytestconfig, tmp_path_factory):
    """Compiled numba code kept between test runs (in pytest's cache): compiling is slow."""
    cache = getattr(pytestconfig, "cache", None)
    folder = cache.mkdir("vconf-numba") if cache else tmp_path_factory.mktemp("numba")
    mp = pytest.MonkeyPatch()
    mp.setenv("NUMBA_CACHE_DIR", str(folder))
    yield
    mp.undo()


@pytest.mark.slow
def test_umap_layout_is_deterministic_cached_and_keeps_clusters(tmp_path, monkeypatch,
                                                                 numba_cache):
    result = clustered(60)
    coords = project(result, cache_dir=tmp_path / "a")
    assert_valid(coords, result.ids)
    # The same input elsewhere (no cache) gives the same layout.
    assert project(clustered(60), cache_dir=tmp_path / "b") == coords

    # Points of a cluster lie closer to each other than to the other clusters.
    xy = np.array(list(coords.values()))
    label = np.array([pid.split("-")[0] for pid in coords])
    d = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    same = label[:, None] == label[None]
    assert d[same].mean() < 0.5 * d[~same].mean()

    # Cached: no UMAP run the second time, unless the vectors change.
    runs = []

    def counting_umap(vectors, cache_dir, random_state):
        runs.append(len(vectors))
        return np.asarray(vectors[:, :2], dtype=float)

    monkeypatch.setattr(projection, "_umap_layout", counting_umap)
    assert project(result, cache_dir=tmp_path / "a") == coords
    assert runs == []
    project(clustered(60, seed=1), cache_dir=tmp_path / "a")
    assert runs == [60]


def test_a_failing_umap_falls_back_to_pca(tmp_path, monkeypatch):
    def failing_umap(vectors, cache_dir, random_state):
        raise ValueError("spectral initialisation failed")

    monkeypatch.setattr(projection, "_umap_layout", failing_umap)
    result = clustered(20)
    assert_valid(project(result, cache_dir=tmp_path), result.ids)


def test_a_corrupt_layout_cache_is_recomputed(tmp_path, monkeypatch):
    result = clustered(20)
    cache = tmp_path / "projection" / "umap.json"
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(projection, "_umap_layout",
                        lambda v, cache_dir, random_state: np.asarray(v[:, :2], dtype=float))
    coords = project(result, cache_dir=tmp_path)
    assert_valid(coords, result.ids)
    assert json.loads(cache.read_text(encoding="utf-8"))["raw"].keys() == set(result.ids)


def test_an_edited_paper_is_placed_on_the_existing_map(tmp_path, monkeypatch):
    """One changed vector: no refit; it lands among its cluster; nobody else moves."""
    runs = []

    def fake_umap(vectors, cache_dir, random_state):  # a layout that keeps the clusters apart
        runs.append(len(vectors))
        return np.asarray(vectors[:, :2], dtype=float) * 10

    monkeypatch.setattr(projection, "_umap_layout", fake_umap)
    result = clustered(300)
    before = project(result, cache_dir=tmp_path)
    assert runs == [300]

    # paper 5 (cluster c2) is rewritten to sit in cluster c0
    vectors = result.vectors.copy()
    vectors[5] = result.vectors[0] + 0.01 * result.vectors[3]
    vectors[5] /= np.linalg.norm(vectors[5])
    edited = EmbeddingResult(result.ids, vectors, 0, 0, "test")
    after = project(edited, cache_dir=tmp_path)
    assert runs == [300]  # placed, not refitted
    assert_valid(after, result.ids)
    moved = [pid for pid in result.ids if after[pid] != before[pid]]
    assert moved == [result.ids[5]]
    c0 = np.array([after[pid] for pid in result.ids if pid.startswith("c0-")])
    c2 = np.array([after[pid] for pid in result.ids if pid.startswith("c2-") and pid != result.ids[5]])
    here = np.array(after[result.ids[5]])
    assert np.linalg.norm(c0.mean(axis=0) - here) < np.linalg.norm(c2.mean(axis=0) - here)
    assert project(edited, cache_dir=tmp_path) == after and runs == [300]  # and cached so

    assert project(edited, cache_dir=tmp_path, refit=True) and runs == [300, 300]  # when asked
    many = EmbeddingResult(result.ids, clustered(300, seed=1).vectors, 0, 0, "test")
    project(many, cache_dir=tmp_path)
    assert runs == [300, 300, 300]  # every paper changed: fitted again
