"""The map's topic regions: nested levels, recognisable names, deterministic and cached."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np

from sphinxext_vconf import topics
from sphinxext_vconf.topics import find_topics, level_sizes

# Four areas of a made-up NLP conference, each in its own corner of the map.
AREAS = {
    "machine translation": (0.2, 0.2, ["Neural Machine Translation for {}", "Low-Resource Machine Translation with {}"],
                            ["machine translation", "multilingual"]),
    "question answering": (0.8, 0.2, ["Open-Domain Question Answering over {}", "Question Answering with {}"],
                           ["question answering", "reading comprehension"]),
    "dialogue": (0.2, 0.8, ["Task-Oriented Dialogue Systems with {}", "Dialogue Response Generation from {}"],
                 ["dialogue", "response generation"]),
    "summarization": (0.8, 0.8, ["Abstractive Summarization of {}", "Extractive Summarization for {}"],
                      ["summarization", "abstractive"]),
}
FILLERS = ["Graphs", "Transformers", "Pretrained Models", "Few Examples", "BERT", "Contrastive Objectives", "News"]


def conference(n: int, seed: int = 0) -> tuple[list[SimpleNamespace], dict[str, tuple[float, float]]]:
    rng = np.random.default_rng(seed)
    papers, xy = [], {}
    names = list(AREAS)
    for i in range(n):
        area = names[i % len(names)]
        cx, cy, titles, kws = AREAS[area]
        title = titles[i % 2].format(FILLERS[(i // 4) % len(FILLERS)])
        pid = f"p{i:04d}"
        papers.append(SimpleNamespace(id=pid, title=title, keywords=kws[: 1 + i % 2], area=area))
        xy[pid] = (float(np.clip(rng.normal(cx, 0.06), 0, 1)), float(np.clip(rng.normal(cy, 0.06), 0, 1)))
    return papers, xy


def test_levels_grow_coarse_to_fine_and_small_conferences_get_fewer() -> None:
    assert level_sizes(10) == []
    assert level_sizes(40) == [2]  # one level of two regions
    assert len(level_sizes(100)) == 2
    big = level_sizes(20000)
    assert len(big) == 3 and big[0] < big[1] < big[2]
    assert big[0] <= topics.MAX_COARSE


def test_regions_nest_and_cover_every_paper() -> None:
    papers, xy = conference(800)
    t = find_topics(papers, xy, cache_dir=None)
    levels, assign = t["levels"], t["assign"]
    assert len(levels) == 3
    assert set(assign) == {p.id for p in papers}
    for lv, info in enumerate(levels):
        k = len(info["label"])
        assert k >= 2 and len(info["x"]) == len(info["y"]) == len(info["size"]) == len(info["parent"]) == k
        assert sum(info["size"]) == len(papers)
        assert info["size"] == sorted(info["size"], reverse=True)  # biggest first
        assert all(0 <= v <= 1 for v in info["x"] + info["y"])
        for regions in assign.values():
            assert 0 <= regions[lv] < k
            if lv:  # every paper's region lies inside its parent region
                assert levels[lv]["parent"][regions[lv]] == regions[lv - 1]
    json.dumps(t)  # plain JSON for the map's data


def test_coarse_regions_are_the_areas_and_named_after_them() -> None:
    papers, xy = conference(800)
    t = find_topics(papers, xy, cache_dir=None)
    coarse = t["levels"][0]
    # each coarse region is (mostly) one area, and its name says which
    for c, label in enumerate(coarse["label"]):
        members = [p for p in papers if t["assign"][p.id][0] == c]
        area = max(AREAS, key=lambda a: sum(p.area == a for p in members))
        assert sum(p.area == area for p in members) >= 0.9 * len(members)
        assert AREAS[area][3][0].split()[0] in label.lower(), (label, area)
    assert {lab.lower() for lab in coarse["label"]} != {""}
    # acronyms keep their capitals; title words do not shout
    every = " ".join(lab for lv in t["levels"] for lab in lv["label"])
    assert "Machine Translation" not in every


def test_same_input_same_topics_and_the_cache_is_used(tmp_path) -> None:  # noqa: ANN001
    papers, xy = conference(400, seed=3)
    first = find_topics(papers, xy, cache_dir=tmp_path)
    cache = tmp_path / "projection" / "topics.json"
    assert cache.is_file()
    assert find_topics(*conference(400, seed=3), cache_dir=None) == first
    # a cached answer is returned as it was stored (marked here to see it is read)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["topics"]["levels"][0]["label"][0] = "From the cache"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert find_topics(papers, xy, cache_dir=tmp_path)["levels"][0]["label"][0] == "From the cache"
    # a changed paper is a different key: computed again
    papers[0].title = "Something Else Entirely"
    assert find_topics(papers, xy, cache_dir=tmp_path)["levels"][0]["label"][0] != "From the cache"


def test_papers_without_a_position_are_left_out() -> None:
    papers, xy = conference(200)
    del xy[papers[0].id]
    t = find_topics(papers, xy, cache_dir=None)
    assert papers[0].id not in t["assign"] and len(t["assign"]) == 199


def test_an_edit_keeps_the_regions_and_the_moved_paper_joins_its_neighbours(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    papers, xy = conference(400, seed=3)
    first = find_topics(papers, xy, cache_dir=tmp_path)
    calls = []
    real = topics._regions
    monkeypatch.setattr(topics, "_regions", lambda *a: calls.append(1) or real(*a))
    # one paper rewritten: placed elsewhere on the map, among p0001's neighbours
    xy = dict(xy)
    xy["p0000"] = (xy["p0001"][0] + 0.001, xy["p0001"][1])
    papers[0].title = papers[1].title
    second = find_topics(papers, xy, cache_dir=tmp_path)
    assert calls == []  # the regions were kept, not found again
    assert second["assign"]["p0000"] == first["assign"]["p0001"]
    assert all(second["assign"][p.id] == first["assign"][p.id] for p in papers[1:])
    # many papers moved: found again
    moved = {pid: (1 - x, y) for pid, (x, y) in xy.items()}
    find_topics(papers, moved, cache_dir=tmp_path)
    assert calls == [1]
