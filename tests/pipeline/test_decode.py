"""decode_and_hash: the engine's decode, and every other per-image job done beside it, the same as
doing each one on its own."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.archive.fingerprint import fingerprint
from app.engine.encoders.pixels import pixel_spec, resize_and_crop
from app.engine.images import decode_image
from app.errors import InputError
from app.pipeline.decode import DecodeOptions, decode_and_hash, decode_outcome
from app.settings import Settings
from app.storage import make_thumbnail


def jpeg(size: tuple[int, int], seed: int = 0) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def spec():
    import open_clip

    _, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=None, device="meta")
    return pixel_spec(preprocess)


def test_every_job_matches_doing_it_alone(spec):
    settings = Settings()
    data = jpeg((640, 427))
    options = DecodeOptions(settings, thumbnail_px=320, fingerprint="full", pixels=spec)
    made = decode_and_hash(data, "photo.jpg", "figures[0].image", options)
    alone = decode_image(data, "photo.jpg", settings, "figures[0].image")
    assert (made.sha256, made.width, made.height, made.source) == (alone.sha256, 640, 427, "photo.jpg")
    assert made.image.tobytes() == alone.image.tobytes()
    assert made.fingerprint == fingerprint(alone.image) and made.fingerprint_views
    assert made.thumbnail == make_thumbnail(alone.image, 320)
    assert np.array_equal(made.pixels, resize_and_crop(alone.image, spec)) and made.pixels.shape == (224, 224, 3)
    assert made.words is None  # no OCR asked


def test_only_what_is_asked_is_made():
    made = decode_and_hash(jpeg((300, 200)), "p.jpg", "f", DecodeOptions(Settings(), fingerprint="query"))
    assert made.thumbnail is None and made.pixels is None and not made.fingerprint_views
    assert made.fingerprint.hashes == fingerprint(made.image, views=False).hashes


def test_a_refusal_is_the_engine_s_own_words():
    settings = Settings()
    with pytest.raises(InputError) as engine:
        decode_image(b"<html>not a photo</html>", "x", settings, "figures[1].image")
    outcome = decode_outcome(b"<html>not a photo</html>", "x", "figures[1].image", DecodeOptions(settings))
    assert outcome == engine.value.detail and "HTML" in outcome
