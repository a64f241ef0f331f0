"""CLIP's preprocessing split between the decode workers (PIL) and the batch (tensor): the same
pixels, and the same embeddings, as open_clip's own transform."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision import transforms

from app.engine.encoders.clip import load_clip_encoder
from app.engine.encoders.pixels import normalised_batch, pixel_spec, resize_and_crop
from app.settings import Settings
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

SIZES = [(640, 427), (427, 640), (224, 224), (1000, 225), (50, 100), (300, 1), (301, 300), (777, 999)]


def _photos() -> list[Image.Image]:
    rng = np.random.default_rng(7)
    return [Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)) for w, h in SIZES]


def test_the_split_transform_gives_open_clip_s_pixels_bit_for_bit():
    import open_clip

    _, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=None, device="meta")
    spec = pixel_spec(preprocess)
    assert spec is not None and spec.crop == (224, 224)
    photos = _photos()
    expected = torch.stack([preprocess(photo) for photo in photos])
    assert torch.equal(normalised_batch([resize_and_crop(photo, spec) for photo in photos], spec), expected)


def test_a_transform_it_does_not_know_has_no_spec():
    assert pixel_spec(transforms.Compose([transforms.Resize(224), transforms.ToTensor()])) is None
    assert pixel_spec(lambda image: image) is None


@pytest.fixture(scope="module")
def encoder(tiny_clip_checkpoint, tmp_path_factory):
    config, checkpoint = tiny_clip_checkpoint
    return load_clip_encoder(Settings(clip_model=str(config), clip_pretrained=str(checkpoint), device="cpu",
                                      models_dir=tmp_path_factory.mktemp("models")))


def test_rows_from_worker_pixels_are_the_rows_from_the_images(encoder):
    photos = _photos()
    spec = encoder.pixel_spec
    assert spec is not None
    by_pixels = encoder.encode_pixel_arrays([resize_and_crop(photo, spec) for photo in photos])
    assert np.array_equal(by_pixels, encoder.encode_images(photos))
