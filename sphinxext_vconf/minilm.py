"""A few embeddings without loading PyTorch: a BERT encoder in NumPy for small edits.

An organizer's edit changes one or two papers' text. Loading sentence-transformers (with
PyTorch and transformers) to embed them takes 6-15 s on two cores, most of an edit's
rebuild. For a handful of texts this module runs the same model directly: the tokenizer
from ``tokenizer.json`` (the ``tokenizers`` package), the weights from ``model.safetensors``
and BERT's forward pass in NumPy, then the model's own pooling (mean over tokens) and
normalisation. Vectors agree with sentence-transformers' to about 1e-6 (as its own do
from one batch composition to another; see ``../shared/NOTES.md``).

Only for a model folder laid out as sentence-transformers saves a BERT model with mean
pooling (the packaged all-MiniLM-L6-v2 is); :func:`load` returns None for anything else.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function to 1.2e-7 (Numerical Recipes' erfc by Chebyshev fit), in NumPy:
    below float32's own rounding, and without importing SciPy (a second)."""
    z = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(poly)
    return (np.sign(x) * (1.0 - erfc)).astype(x.dtype)


class NumpyBert:
    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_cfg = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in load_file(folder / "model.safetensors").items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(st_cfg.get("max_seq_length", 256)))

    def _ln(self, x: np.ndarray, name: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode_one(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._ln(x, "embeddings.LayerNorm")
        n, d = x.shape
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q, k, v = (self._dense(x, f"{p}.attention.self.{m}").reshape(n, self.heads, hd).transpose(1, 0, 2)
                       for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            ctx = (scores / scores.sum(-1, keepdims=True)) @ v
            x = self._ln(self._dense(ctx.transpose(1, 0, 2).reshape(n, d), f"{p}.attention.output.dense") + x,
                         f"{p}.attention.output.LayerNorm")
            h = self._dense(x, f"{p}.intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))  # BERT's exact GELU
            x = self._ln(self._dense(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        pooled = x.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.encode_one(t) for t in texts]) if texts else np.zeros((0, 0), np.float32)


def load(folder: Path | str) -> NumpyBert | None:
    """The encoder for a sentence-transformers BERT folder with mean pooling, or None."""
    folder = Path(folder)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        cfg: dict[str, Any] = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if (cfg.get("model_type") != "bert" or cfg.get("hidden_act") != "gelu"
            or cfg.get("position_embedding_type", "absolute") != "absolute"
            or kinds[:2] != ["Transformer", "Pooling"] or any(k not in ("Transformer", "Pooling", "Normalize") for k in kinds)
            or not pooling.get("pooling_mode_mean_tokens") or any(
                pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                         "pooling_mode_mean_sqrt_len_tokens"))
            or not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file()):
        return None
    try:
        return NumpyBert(folder)
    except (ImportError, OSError, KeyError, ValueError):
        return None
