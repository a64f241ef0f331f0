"""The sentence model run with transformers alone gives sentence_transformers' embeddings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.engine.encoders.sentence_plain import MeanPooledTransformer, load_plain_sentence_model
from app.engine.encoders.text import SentenceEncoder, bundled_model_path, load_text_encoder
from app.settings import Settings

TEXTS = [
    "Firefighters work through the night as the blaze spreads towards Athens",
    "",
    "   Leading spaces, CAPITALS and a trailing tab\t",
    "Ünïcödé café — naïve façade in Zürich",
    "word " * 600,  # past the model's 256 tokens: truncated the same way
    "x",
]


def test_the_bundled_model_loads_without_sentence_transformers_and_embeds_alike():
    from sentence_transformers import SentenceTransformer

    folder = bundled_model_path()
    plain = load_plain_sentence_model(folder, "cpu")
    assert isinstance(plain, MeanPooledTransformer)
    reference = SentenceTransformer(str(folder), device="cpu")
    for batch_size in (1, 2, 32):
        expected = reference.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        rows = plain.embed(TEXTS, batch_size)
        assert rows.dtype == np.float32 and rows.shape == expected.shape == (len(TEXTS), 384)
        assert np.allclose(rows, expected, atol=1e-5)


def test_the_service_loader_uses_the_plain_path_for_the_bundled_model():
    encoder = load_text_encoder(Settings(batch_size=4))
    assert isinstance(encoder, SentenceEncoder) and isinstance(encoder._model, MeanPooledTransformer)
    rows = encoder.encode(TEXTS[:3])
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


@pytest.mark.parametrize("change", ["cls pooling", "extra module", "prompts", "unknown setting"])
def test_folders_of_another_kind_are_left_to_sentence_transformers(tmp_path, change):
    folder = _copy_of_bundled(tmp_path)
    if change == "cls pooling":
        _edit(folder / "1_Pooling" / "config.json", pooling_mode_cls_token=True, pooling_mode_mean_tokens=False)
    elif change == "extra module":
        modules = json.loads((folder / "modules.json").read_text())
        modules.append({"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"})
        (folder / "modules.json").write_text(json.dumps(modules))
    elif change == "prompts":
        _edit(folder / "config_sentence_transformers.json", prompts={"query": "query: "})
    else:
        _edit(folder / "sentence_bert_config.json", model_args={"trust_remote_code": True})
    assert load_plain_sentence_model(folder, "cpu") is None


def test_a_folder_without_sentence_transformers_files_is_not_plain(tmp_path):
    assert load_plain_sentence_model(tmp_path, "cpu") is None


def _copy_of_bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(bundled_model_path(), folder)
    return folder


def _edit(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))
