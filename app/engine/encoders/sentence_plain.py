"""A sentence-transformers folder of the plain kind (a transformer, mean pooling, normalising)
run with transformers alone.

Importing sentence_transformers costs about 115 MB of resident memory and a second of start-up
on top of the transformers it wraps (its training, evaluation and sparse-encoder parts pull in
scikit-learn, SciPy, pandas and pyarrow). For the bundled all-MiniLM-L6-v2 and every model
saved the same way, the embedding is the transformer's token states averaged over the real
tokens, then L2-normalised: a few lines. Folders of any other kind return None, and the
caller loads them with sentence_transformers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

_TRANSFORMER = "sentence_transformers.models.Transformer"
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"
_MEAN_ONLY = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
              "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
              "pooling_mode_lasttoken": False}
_PLAIN_SETTINGS = {"max_seq_length", "do_lower_case"}


class MeanPooledTransformer:
    """Token states of a Hugging Face encoder, averaged over the attention mask, normalised."""

    def __init__(self, model: Any, tokenizer: Any, *, max_length: int, lower_case: bool, device: str) -> None:
        self.model = model.eval().to(device)
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.lower_case = lower_case
        self.device = device
        self.dimension = int(model.config.hidden_size)

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Unit rows in the order of `texts`; batches of similar lengths (less padding)."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), max(1, batch_size)):
            chosen = order[start : start + max(1, batch_size)]
            rows[chosen] = self._embed_batch([texts[i] for i in chosen])
        return rows

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        import torch
        import torch.nn.functional as F

        if self.lower_case:
            texts = [text.lower() for text in texts]
        batch = self.tokenizer(texts, padding=True, truncation="longest_first", max_length=self.max_length,
                               return_tensors="pt").to(self.device)
        with torch.inference_mode():
            states = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return F.normalize(pooled.float(), dim=-1).cpu().numpy()


def load_plain_sentence_model(folder: Path, device: str) -> MeanPooledTransformer | None:
    """The model in `folder` when it is of the plain kind; None for anything else (another
    pooling, extra modules, prompts, a hub name rather than a folder)."""
    settings = _plain_settings(folder)
    if settings is None:
        return None
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModel.from_pretrained(str(folder))
    max_length = int(settings.get("max_seq_length") or tokenizer.model_max_length)
    return MeanPooledTransformer(model, tokenizer, max_length=max_length,
                                 lower_case=bool(settings.get("do_lower_case")), device=device)


def _plain_settings(folder: Path) -> dict[str, Any] | None:
    """sentence_bert_config.json of a Transformer -> Pooling(mean) [-> Normalize] folder, else None."""
    modules = _read_json(folder / "modules.json")
    if not isinstance(modules, list) or not 2 <= len(modules) <= 3:
        return None
    kinds = [module.get("type") for module in modules if isinstance(module, dict)]
    if kinds not in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE]) or modules[0].get("path"):
        return None
    pooling = _read_json(folder / str(modules[1].get("path", "")) / "config.json")
    if not isinstance(pooling, dict) or any(pooling.get(key, False) != value for key, value in _MEAN_ONLY.items()):
        return None
    if (_read_json(folder / "config_sentence_transformers.json") or {}).get("prompts"):
        return None
    settings = _read_json(folder / "sentence_bert_config.json")
    if not isinstance(settings, dict) or not set(settings) <= _PLAIN_SETTINGS:
        return None
    return settings


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
