"""The CLIP encoder through the user-facing loading path, on a tiny model the tests build."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from app.engine.calibration import FALLBACK_NOTE, calibration_filename, load_calibration
from app.engine.encoders.base import ImageTextEncoder
from app.engine.encoders.clip import download_clip_weights, load_clip_encoder, resolve_device
from app.engine.models_catalogue import cache_dir, cached_weights, hf_host, host_reachable, load_catalogue
from app.errors import ModelUnavailable
from app.settings import REPO_ROOT, Settings
from tests.fixtures.tiny_clip import (
    TINY_CONFIG,
    TINY_NAME,
    install_in_hf_cache,
    reference_model,
    tiny_clip_checkpoint,  # noqa: F401  (pytest fixture)
)

TEXTS = ["a flooded street in Jakarta", "protesters outside the Capitol", "", "a dog " * 100]


def _images() -> list[Image.Image]:
    gradient = Image.linear_gradient("L").resize((120, 40))
    return [
        Image.new("RGB", (64, 64), (220, 20, 20)),
        Image.new("RGB", (300, 90), (20, 20, 220)),
        gradient,  # greyscale, wide
        Image.new("RGBA", (17, 50), (10, 200, 10, 128)),
        Image.new("P", (40, 40)),
    ]


def _settings(config: Path, pretrained: str | Path, models_dir: Path, **extra) -> Settings:
    return Settings(
        clip_model=str(config), clip_pretrained=str(pretrained), models_dir=models_dir, device="cpu", **extra
    )


@pytest.fixture(scope="module")
def encoder(tiny_clip_checkpoint, tmp_path_factory):
    config, checkpoint = tiny_clip_checkpoint
    return load_clip_encoder(_settings(config, checkpoint, tmp_path_factory.mktemp("models"), batch_size=2))


def _assert_unit_rows(rows: np.ndarray, count: int) -> None:
    assert rows.shape == (count, 32)
    assert rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_encoder_meets_the_interface(encoder):
    assert isinstance(encoder, ImageTextEncoder)
    assert encoder.name == f"{TINY_NAME}/tiny.pt"
    assert encoder.device == "cpu"
    assert isinstance(encoder.logit_scale, float) and encoder.logit_scale > 1.0


def test_images_and_texts_encode_to_unit_float32_rows(encoder):
    _assert_unit_rows(encoder.encode_images(_images()), 5)
    _assert_unit_rows(encoder.encode_texts(TEXTS), 4)
    assert encoder.encode_images([]).shape == (0, 32)
    assert encoder.encode_texts([]).shape == (0, 32)


def test_batches_give_the_same_rows_as_one_by_one(encoder):
    images, batched_texts = _images(), encoder.encode_texts(TEXTS)
    one_by_one = np.concatenate([encoder.encode_images([image]) for image in images])
    assert np.allclose(encoder.encode_images(images), one_by_one, atol=1e-5)
    assert np.allclose(batched_texts, np.concatenate([encoder.encode_texts([t]) for t in TEXTS]), atol=1e-5)


def test_embeddings_come_from_the_checkpoint_file(encoder, tiny_clip_checkpoint):
    model, preprocess = reference_model(*tiny_clip_checkpoint)
    with torch.no_grad():
        expected = model.encode_image(torch.stack([preprocess(i) for i in _images()]), normalize=True)
    assert np.allclose(encoder.encode_images(_images()), expected.numpy(), atol=1e-5)


def test_a_changed_checkpoint_changes_the_embeddings(encoder, tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    state = torch.load(checkpoint, weights_only=True)
    state["text_projection"] = state["text_projection"] + 0.5 * torch.randn_like(state["text_projection"])
    perturbed = tmp_path / "perturbed.pt"
    torch.save(state, perturbed)
    other = load_clip_encoder(_settings(config, perturbed, tmp_path))
    assert not np.allclose(other.encode_texts(TEXTS[:2]), encoder.encode_texts(TEXTS[:2]), atol=1e-3)
    assert np.allclose(other.encode_images(_images()[:2]), encoder.encode_images(_images()[:2]), atol=1e-5)


def test_missing_checkpoint_file_says_how_to_provide_weights(tiny_clip_checkpoint, tmp_path):
    config, _ = tiny_clip_checkpoint
    with pytest.raises(ModelUnavailable) as info:
        load_clip_encoder(_settings(config, tmp_path / "nope.safetensors", tmp_path))
    message = str(info.value)
    assert "nope.safetensors" in message
    assert "captioncheck models download" in message and "CAPTIONCHECK_CLIP_PRETRAINED" in message


def test_checkpoint_of_another_architecture_is_unavailable_not_a_crash(tmp_path):
    junk = tmp_path / "junk.pt"
    torch.save({"not": torch.zeros(2)}, junk)
    with pytest.raises(ModelUnavailable, match="ViT-B-32/junk.pt"):
        load_clip_encoder(Settings(clip_pretrained=str(junk), models_dir=tmp_path, device="cpu"))


@pytest.mark.parametrize(
    ("model", "pretrained", "expected"),
    [
        ("ViT-Nope-99", "laion2b_s34b_b79k", "captioncheck models list"),
        ("ViT-B-32", "no_such_tag", "captioncheck models list"),
        ("/nowhere/custom.json", "x.pt", "config file not found"),
    ],
)
def test_unknown_names_are_unavailable_with_a_pointer(model, pretrained, expected, tmp_path):
    with pytest.raises(ModelUnavailable, match=expected):
        load_clip_encoder(Settings(clip_model=model, clip_pretrained=pretrained, models_dir=tmp_path))


@pytest.mark.skipif(host_reachable(hf_host()), reason="the model hub is reachable from here")
def test_default_model_offline_fails_fast_with_instructions(tmp_path):
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        load_clip_encoder(Settings(models_dir=tmp_path, device="cpu"))
    assert time.monotonic() - started < 20
    message = str(info.value)
    assert "ViT-B-32/laion2b_s34b_b79k" in message
    assert "captioncheck models download" in message and "CAPTIONCHECK_CLIP_PRETRAINED" in message


def test_a_tag_whose_weights_are_in_the_cache_loads_offline(tiny_clip_checkpoint, tmp_path, monkeypatch):
    import open_clip

    config, checkpoint = tiny_clip_checkpoint
    # Register the tiny model as if open_clip shipped a hub-hosted tag for it.
    monkeypatch.setitem(open_clip.pretrained._PRETRAINED, TINY_NAME, {"testtag": {"hf_hub": "test-org/tiny-clip/"}})
    cache = cache_dir(tmp_path)
    assert cached_weights(TINY_NAME, "testtag", cache) is None
    install_in_hf_cache(cache, "test-org/tiny-clip", "open_clip_pytorch_model.bin", checkpoint)
    assert cached_weights(TINY_NAME, "testtag", cache) is not None
    encoder = load_clip_encoder(_settings(config, "testtag", tmp_path))
    assert encoder.name == f"{TINY_NAME}/testtag"
    _assert_unit_rows(encoder.encode_texts(TEXTS[:1]), 1)
    assert download_clip_weights(str(config), "testtag", cache) == [cached_weights(TINY_NAME, "testtag", cache)]


def test_an_hf_hub_model_in_the_cache_loads_offline(tiny_clip_checkpoint, tmp_path):
    _, checkpoint = tiny_clip_checkpoint
    cache = cache_dir(tmp_path)
    hub_config = tmp_path / "open_clip_config.json"
    hub_config.write_text(json.dumps({"model_cfg": TINY_CONFIG, "preprocess_cfg": {}}))
    install_in_hf_cache(cache, "test-org/tiny-hub", "open_clip_config.json", hub_config)
    install_in_hf_cache(cache, "test-org/tiny-hub", "open_clip_pytorch_model.bin", checkpoint)
    encoder = load_clip_encoder(Settings(clip_pretrained="hf-hub:test-org/tiny-hub", models_dir=tmp_path))
    assert encoder.name == "hf-hub:test-org/tiny-hub"
    _assert_unit_rows(encoder.encode_images(_images()[:2]), 2)


def test_resolve_device():
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") in {"cpu", "cuda", "mps"}


def test_calibration_for_the_default_model_and_fallback(tmp_path):
    own = load_calibration(tmp_path, "ViT-B-32/laion2b_s34b_b79k")
    assert own.image_caption_min_percentile == 0.5 and own.provenance["source"] == "prior"
    other = load_calibration(tmp_path, "hf-hub:org/some model")
    assert other.swap_min_gain == own.swap_min_gain
    assert other.provenance["note"].startswith(FALLBACK_NOTE)
    assert calibration_filename("hf-hub:org/some model") == "hf-hub_org__some_model.json"


def test_catalogue_lists_the_default_and_its_calibration_file():
    entries = {entry.name: entry for entry in load_catalogue(REPO_ROOT / "models")}
    assert {"ViT-B-32/laion2b_s34b_b79k", "ViT-B-32/openai", "ViT-L-14/laion2b_s32b_b82k"} <= set(entries)
    default = entries["ViT-B-32/laion2b_s34b_b79k"]
    assert (REPO_ROOT / "models" / default.calibration).is_file()


def test_trimmed_text_forward_equals_open_clips_full_length_encode_text(encoder):
    from app.engine.encoders.clip import _trimmed_text_forward

    assert _trimmed_text_forward(encoder.model) is not None  # the trimmed path is the one tested
    texts = ["A rocket.", "An astronaut in a white suit poses for a portrait before the launch of the mission.", ""]
    trimmed = encoder.encode_texts(texts)
    with torch.inference_mode():
        full = torch.nn.functional.normalize(encoder.model.encode_text(encoder.tokenizer(texts)).float(), dim=-1)
    np.testing.assert_allclose(trimmed, full.numpy(), atol=1e-5)


def test_int8_cpu_path_stays_close_to_fp32(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    fp32 = load_clip_encoder(_settings(config, checkpoint, tmp_path))
    int8 = load_clip_encoder(_settings(config, checkpoint, tmp_path, clip_precision="int8"))
    assert (fp32.precision, int8.precision) == ("fp32", "int8")
    a, b = fp32.encode_images(_images()), int8.encode_images(_images())
    assert float(np.min(np.sum(a * b, axis=1))) > 0.98
    np.testing.assert_allclose(int8.encode_texts(["a rocket"]), fp32.encode_texts(["a rocket"]), atol=1e-5)
    with pytest.raises(ModelUnavailable, match="needs a CUDA GPU"):
        load_clip_encoder(_settings(config, checkpoint, tmp_path, clip_precision="fp16"))
