"""A CLIP encoder that remembers image embeddings by file hash, so re-audits skip the model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
from PIL import Image

from app.engine.encoders.base import EncoderProvider, ImageTextEncoder
from app.engine.encoders.memo import TextMemo

if TYPE_CHECKING:
    from app.engine.images import LoadedImage


class VectorCache(Protocol):
    """Raw float32 vector bytes by (model key, image SHA-256); app.storage.EmbeddingStore is one."""

    def get_many(self, model: str, hashes: Sequence[str]) -> Mapping[str, bytes]: ...

    def put_many(self, model: str, vectors: Mapping[str, bytes]) -> None: ...


class CachedImageEncoder:
    """Wraps an ImageTextEncoder; `encode_loaded_images` serves known images from the cache.

    `model_key` must change whenever the embeddings would (weights, precision), so the
    caller builds it from more than the display name (see `clip_cache_key`).
    """

    def __init__(self, inner: ImageTextEncoder, cache: VectorCache, model_key: str | None = None) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.model_key = model_key or inner.name
        self._texts = TextMemo()

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self._texts.encode(texts, self.inner.encode_texts)

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        return self.inner.encode_images(images)

    def encode_loaded_images(self, loaded: Sequence[LoadedImage]) -> np.ndarray:
        hashes = [item.sha256 for item in loaded]
        stored = self.cache.get_many(self.model_key, hashes)
        known = {key: np.frombuffer(raw, dtype="<f4") for key, raw in stored.items()}
        missing = [item for item in {i.sha256: i for i in loaded}.values() if item.sha256 not in known]
        if missing:
            fresh = encode_loaded(self.inner, missing)
            new = {item.sha256: np.asarray(row, dtype="<f4") for item, row in zip(missing, fresh, strict=True)}
            self.cache.put_many(self.model_key, {key: row.tobytes() for key, row in new.items()})
            known.update(new)
        if not hashes:
            return self.inner.encode_images([])
        return np.stack([known[key] for key in hashes]).astype(np.float32, copy=False)


def encode_loaded(encoder: ImageTextEncoder, loaded: Sequence[LoadedImage]) -> np.ndarray:
    """Rows of `loaded`: from the pixels the decode pool prepared when every image carries them
    and the encoder takes them (the same rows, without preprocessing here), else from the images."""
    pixels = [getattr(item, "pixels", None) for item in loaded]
    by_pixels = getattr(encoder, "encode_pixel_arrays", None)
    takes_pixels = by_pixels is not None and getattr(encoder, "pixel_spec", None) is not None
    if takes_pixels and loaded and all(p is not None for p in pixels):
        return by_pixels(pixels)
    return encoder.encode_images([item.image for item in loaded])


def clip_cache_key(encoder: ImageTextEncoder, settings: object) -> str:
    """The encoder's name, plus the checkpoint file's size and date and the precision in use."""
    from pathlib import Path

    key = encoder.name
    pretrained = str(getattr(settings, "clip_pretrained", "") or "")
    path = Path(pretrained).expanduser()
    if pretrained and path.is_file():
        stat = path.stat()
        key += f"@{stat.st_size}:{stat.st_mtime_ns}"
    return key + "|" + str(getattr(encoder, "precision", "fp32"))


def cached_provider(settings: object, cache: VectorCache) -> EncoderProvider:
    """The configured encoders, CLIP wrapped so that image embeddings come from `cache` when known."""
    from app.engine.encoders.clip import load_clip_encoder
    from app.engine.encoders.text import load_text_encoder

    def clip() -> CachedImageEncoder:
        encoder = load_clip_encoder(settings)
        return CachedImageEncoder(encoder, cache, clip_cache_key(encoder, settings))

    return EncoderProvider(lambda: load_text_encoder(settings), clip)
