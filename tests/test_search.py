"""The search index (sphinxext_vconf.search): terms, matching, scores, shards, and the
index the sample site publishes. Ranking as a reader sees it: tests/test_search_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxext_vconf import search
from sphinxext_vconf.search import Doc


def test_tokens_fold_accents_and_drop_stopwords() -> None:
    assert search.tokens("The Élodie-Søren model, in 3 GPUs_x a") == ["elodie", "søren", "model", "3", "gpus"]


def test_query_terms_and_phrases() -> None:
    assert search.parse('Poster "language  Models" the 3 Élodie') == (["poster", "3", "elodie"], ["language models"])


@pytest.mark.parametrize(("q", "t", "expected"), [
    ("graph", "graph", 1.0),
    ("models", "model", 0.9),  # a plural finds the singular
    ("optim", "optimization", 0.8),  # the beginning of a word
    ("schmdit", "schmidt", 0.5),  # two letters swapped
    ("kierkegard", "kierkegaard", 0.5),  # one left out
    ("reinforcment", "reinforcement", 0.5),
    ("reinforcm", "reinforcement", 0.4),  # a typo in what is typed so far
    ("grph", "graph", 0.0),  # short words: no typo allowed (too many false friends)
    ("3", "30", 0.0),  # a single character: only itself
    ("graph", "paragraph", 0.0),  # not inside a word
])
def test_term_score(q: str, t: str, expected: float) -> None:
    assert search.score(q, t) == expected


def test_matches_needs_every_term_and_the_phrase() -> None:
    text = "Graph Attention Networks\nAda Lovelace-Byron\nlanguage models"
    assert search.matches("graph lovelac", text)
    assert search.matches('"language models" atention', text)
    assert not search.matches("graph transformer", text)
    assert not search.matches('"models language"', text)


def _doc(kind: str, title: str, text: str = "", name: str = "", key: str = "") -> Doc:
    return Doc(kind, [kind, title, f"{title}.html", "", "", key], {"title": title, "name": name, "text": text}, key=key)


def _postings(files: dict[str, str]) -> dict[str, dict[int, int]]:
    """term -> {doc: score}, decoded from the shards as the browser decodes them."""
    manifest = json.loads(files["manifest.json"])
    out: dict[str, dict[int, int]] = {}
    for first, name in manifest["shards"]:
        shard = json.loads(files[name])
        assert shard["t"][0] == first and shard["t"] == sorted(shard["t"])
        for term, flat in zip(shard["t"], shard["p"], strict=True):
            doc, out[term] = 0, {}
            for k in range(0, len(flat), 2):
                doc += flat[k]
                out[term][doc] = flat[k + 1]
    return out


def test_title_and_author_hits_score_above_abstract_hits_and_help_pages_below() -> None:
    docs = [
        _doc("paper", "Diffusion for proteins", text="We study kernels."),
        _doc("paper", "Kernels on spheres", text="A study."),
        _doc("paper", "Another paper", text="Nothing", name="Kernel Smith"),
        _doc("page", "Kernels in the data reference", text="kernels kernels"),
    ]
    post = _postings(search.build(docs))["kernels"]
    assert post[1] > post[0]  # title over abstract
    assert post[1] > post[3]  # a paper's title over a help page's title
    assert _postings(search.build(docs))["kernel"][2] > post[0]  # an author over an abstract


def test_shards_cover_the_vocabulary_in_order_and_are_reproducible() -> None:
    words = [f"{a}{b}word{i}" for a in "abcdefghij" for b in "xyz" for i in range(40)]
    docs = [_doc("paper", f"Paper {i}", text=" ".join(words[i::7]), key=f"p{i:03d}") for i in range(200)]
    files = search.build(search.order(docs))
    assert files == search.build(search.order(docs))  # same input, same bytes
    manifest = json.loads(files["manifest.json"])
    firsts = [s[0] for s in manifest["shards"]]
    assert firsts == sorted(firsts) and len(firsts) > 3  # several shards, each a range of terms
    assert all(len(files[name]) < 3 * search.SHARD_BYTES + 2000 for _, name in manifest["shards"])
    assert set(_postings(files)) >= set(words)
    # display rows: papers start a chunk, and the manifest names each paper chunk's first id
    assert manifest["first_paper"] % manifest["chunk"] == 0
    rows = [r for name in manifest["docs"] for r in json.loads(files[name])]
    assert rows[manifest["first_paper"]][1] == "Paper 0"
    assert manifest["paper_ids"][0] == docs[0].key


def test_scores_kept_between_builds_give_the_same_index_after_edits() -> None:
    """The scores of unchanged documents are reused (search.write keeps them in the cache
    folder); after a title edit, an abstract edit (the average length moves), a paper added
    and one removed, the index is byte for byte a fresh one."""
    words = [f"{a}word{i}" for a in "abcdefgh" for i in range(30)]
    docs = [_doc("paper", f"Paper {i}", text=" ".join(words[i::5]), key=f"p{i:03d}") for i in range(60)]
    cache: dict = {}
    search.build(search.order(docs), cache)
    assert len(cache) == len(docs)
    docs[3] = _doc("paper", "Paper three, renamed", text=docs[3].fields["text"], key="p003")
    docs[7] = _doc("paper", "Paper 7", text=docs[7].fields["text"] + " a much longer abstract now", key="p007")
    docs = [*docs[1:], _doc("paper", "A new paper", text="bword4 cword9", key="p999")]
    for _ in range(2):
        assert search.build(search.order(docs), cache) == search.build(search.order(docs))
    assert "Paper three, renamed" in "".join(search.build(search.order(docs), cache).values())
    assert len(cache) == len(search.order(docs))  # the removed paper's entry is dropped


def test_sample_site_publishes_the_index(sample_site: Path) -> None:
    folder = sample_site / search.DIR
    manifest = json.loads((folder / "manifest.json").read_text())
    names = {p.name for p in folder.iterdir()}
    assert names == {"manifest.json", *(n for _, n in manifest["shards"]), *manifest["docs"]}
    rows = [r for name in manifest["docs"] for r in json.loads((folder / name).read_text())]
    kinds = {r[0] for r in rows if r[1]}
    assert kinds == {"paper", "session", "workshop", "person", "page"}
    for r in rows:
        if r[1]:
            assert (sample_site / r[2].split("#")[0]).is_file(), r  # every result opens a page
    titles = [r[1] for r in rows if r[0] == "page"]
    assert "Data reference" in titles and "Help and FAQ" in titles
    # the no-JS way in: the navbar's search button is a link to Sphinx's search page
    html = (sample_site / "papers" / "vc26-001.html").read_text()
    assert 'href="../search.html" role="button" class="btn search-button-field vconf-search-open"' in html
    assert "Hide Search Matches" not in html and 'id="searchbox"' not in html
    # Sphinx's full-text index keeps the organizer's pages; the records are in this index alone
    sphinx_index = (sample_site / "searchindex.js").read_text()
    assert '"giggiti"' in sphinx_index  # "Giggity", a word of help.md (stemmed as Sphinx does)
    assert '"heterophili"' not in sphinx_index  # a paper's keyword (stemmed as Sphinx does)
    shard = next(n for first, n in reversed(manifest["shards"]) if first <= "heterophily")
    assert "heterophily" in json.loads((folder / shard).read_text())["t"]


def test_an_edited_page_is_searchable_after_a_rebuild_that_reuses_the_data(basic_project: Path) -> None:
    from conftest import sphinx_build

    out = basic_project.parent / "_build" / "html"
    sphinx_build(basic_project, out)
    index = out / search.DIR

    def terms() -> set[str]:
        manifest = json.loads((index / "manifest.json").read_text())
        return {t for _, name in manifest["shards"] for t in json.loads((index / name).read_text())["t"]}

    assert "zyxquartz" not in terms()
    with (basic_project / "index.md").open("a") as f:
        f.write("\nZyxquartz: a word only this edit adds.\n")
    proc = sphinx_build(basic_project, out)
    assert "reused" in proc.stdout  # the conference data did not change ...
    assert "zyxquartz" in terms()  # ... but the page did, and so did the index
    assert search.is_current(type("App", (), {"outdir": str(out)})())
