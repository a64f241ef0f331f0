"""Image embeddings cached by file hash and model: same answers, no second encoding."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from app.engine.encoders.cached import CachedImageEncoder, clip_cache_key
from app.engine.images import decode_image
from app.settings import Settings
from app.storage import AuditStore, EmbeddingStore
from tests.audit.conftest import png


def loaded(clip, concept, settings):
    return decode_image(png(clip, concept), concept, settings, "figures[0].image")


def test_cached_vectors_equal_fresh_ones_and_each_image_is_encoded_once(clip, tmp_path):
    settings = Settings(data_dir=tmp_path)
    store = AuditStore(settings.resolved_database_url())
    cached = CachedImageEncoder(clip, EmbeddingStore(store.engine), "controlled|fp32")
    images = [loaded(clip, "rocket", settings), loaded(clip, "kitten", settings), loaded(clip, "rocket", settings)]
    first = cached.encode_loaded_images(images)
    assert clip.images_encoded == 2  # the repeated photo once
    again = cached.encode_loaded_images(images[::-1])
    assert clip.images_encoded == 2
    fresh = clip.encode_images([i.image for i in images])
    np.testing.assert_allclose(first, fresh, rtol=1e-6)
    np.testing.assert_allclose(again, fresh[::-1], rtol=1e-6)
    assert first.dtype == np.float32 and cached.name == clip.name
    before = clip.images_encoded
    other_model = CachedImageEncoder(clip, EmbeddingStore(store.engine), "another-model|fp32")
    other_model.encode_loaded_images(images[:1])
    assert clip.images_encoded == before + 1  # a different model key never shares vectors
    store.close()


def test_cache_key_changes_with_the_checkpoint_and_precision(tmp_path):
    checkpoint = tmp_path / "weights.pt"
    checkpoint.write_bytes(b"x" * 10)
    encoder = SimpleNamespace(name="arch/weights.pt", device="cpu", precision="fp32")
    settings = SimpleNamespace(clip_pretrained=str(checkpoint))
    key = clip_cache_key(encoder, settings)
    assert key.startswith("arch/weights.pt@10:") and key.endswith("|fp32")
    checkpoint.write_bytes(b"y" * 11)
    assert clip_cache_key(encoder, settings) != key
    gpu = SimpleNamespace(name="ViT-B-32/laion2b_s34b_b79k", device="cuda:0", precision="fp16")
    assert clip_cache_key(gpu, SimpleNamespace(clip_pretrained="laion2b_s34b_b79k")) == \
        "ViT-B-32/laion2b_s34b_b79k|fp16"
    int8 = SimpleNamespace(name="ViT-B-32/laion2b_s34b_b79k", device="cpu", precision="int8")
    assert clip_cache_key(int8, SimpleNamespace(clip_pretrained="laion2b_s34b_b79k")).endswith("|int8")
