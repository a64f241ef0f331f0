"""The encode stage: decoded images of many pages through CLIP in large batches.

`ImageEmbedder.prepare` (a batch's cache look-up, and its pixels stacked, normalised and, on
a GPU, copied from pinned memory without blocking) runs while the previous batch is in the
model; `ImageEmbedder.forward` runs the model and caches what it computed. Rows are keyed by
the image file's SHA-256, as the embedding cache keys them, and handed to the checks through
`PrecomputedClip`, so the engine's signals get them without running the model again.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.engine.encoders.base import ImageTextEncoder
from app.engine.encoders.cached import VectorCache
from app.engine.encoders.memo import TextMemo
from app.engine.images import LoadedImage
from app.pipeline.decode import DecodedImage
from app.engine.encoders.pixels import PixelSpec, normalised_batch

Rows = dict[str, np.ndarray]  # image SHA-256 -> L2-normalised float32 row


def innermost(encoder: Any) -> Any:
    """The model behind wrappers that expose it as `inner` (cache, micro-batching)."""
    seen = 0
    while getattr(encoder, "inner", None) is not None and seen < 8:
        encoder, seen = encoder.inner, seen + 1
    return encoder


@dataclass
class PreparedBatch:
    """One batch ready for the model: rows already cached, and the rest as model input."""

    known: Rows
    missing: list[LoadedImage]  # one per SHA-256, in order
    pixels: Any = None  # normalised tensor of `missing`, when the model takes pixels


class ImageEmbedder:
    """Encodes images for one model; `cache` (the embedding cache) is read and filled per batch."""

    def __init__(self, clip: ImageTextEncoder, *, cache: VectorCache | None = None, model_key: str | None = None,
                 pin_memory: bool = True) -> None:
        self.clip = clip
        self.model = innermost(clip)
        self.cache = cache if cache is not None else getattr(clip, "cache", None)
        self.model_key = model_key or str(getattr(clip, "model_key", clip.name))
        self.device = str(getattr(self.model, "device", "cpu"))
        self.pin_memory = pin_memory
        takes_pixels = callable(getattr(self.model, "encode_pixels", None))
        self.spec: PixelSpec | None = getattr(self.model, "pixel_spec", None) if takes_pixels else None

    def prepare(self, images: Sequence[LoadedImage]) -> PreparedBatch:
        unique = list({image.sha256: image for image in images}.values())
        known = self._cached([image.sha256 for image in unique])
        missing = [image for image in unique if image.sha256 not in known]
        batch = PreparedBatch(known, missing)
        with_pixels = [image for image in missing if isinstance(image, DecodedImage) and image.pixels is not None]
        if self.spec is not None and missing and len(with_pixels) == len(missing):
            batch.pixels = normalised_batch([image.pixels for image in with_pixels], self.spec, self.device,
                                            pin=self.pin_memory)
        return batch

    def forward(self, batch: PreparedBatch) -> Rows:
        """Rows of every image of the batch (the model runs for the missing ones only)."""
        rows = dict(batch.known)
        if batch.missing:
            if batch.pixels is not None:
                vectors = self.model.encode_pixels(batch.pixels)
            else:
                vectors = self.model.encode_images([image.image for image in batch.missing])
            fresh = {image.sha256: np.asarray(row, dtype=np.float32) for image, row in
                     zip(batch.missing, vectors, strict=True)}
            self._remember(fresh)
            rows.update(fresh)
        return rows

    def encode_batch(self, images: Sequence[LoadedImage]) -> Rows:
        """prepare + forward in one call (for callers without a stage of their own)."""
        return self.forward(self.prepare(images))

    def _cached(self, hashes: list[str]) -> Rows:
        if self.cache is None or not hashes:
            return {}
        stored = self.cache.get_many(self.model_key, hashes)
        return {key: np.frombuffer(raw, dtype="<f4").astype(np.float32) for key, raw in stored.items()}

    def _remember(self, rows: Rows) -> None:
        if self.cache is not None and rows:
            self.cache.put_many(self.model_key, {key: np.asarray(row, dtype="<f4").tobytes() for key, row in rows.items()})


class PrecomputedClip:
    """The checks' CLIP during a pipeline run: image rows come from the encode stage (by SHA-256),
    caption rows from a memo the encode stage fills a batch at a time; anything else goes to
    the wrapped encoder, as it would without the pipeline."""

    def __init__(self, inner: ImageTextEncoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_key = str(getattr(inner, "model_key", inner.name))
        self._rows: Rows = {}
        self._holds: dict[str, int] = {}
        self._lock = threading.Lock()
        self._texts = TextMemo()

    def __getattr__(self, name: str) -> Any:  # logit_scale, dim, precision, ...
        if name.startswith("__") or "inner" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["inner"], name)

    def add(self, rows: Mapping[str, np.ndarray], holds: Mapping[str, int] | None = None) -> None:
        """Rows of a batch; each is kept until `holds[key]` (default 1) `drop`s of it."""
        with self._lock:
            for key, row in rows.items():
                self._rows[key] = row
                self._holds[key] = self._holds.get(key, 0) + (holds or {}).get(key, 1)

    def drop(self, hashes: Sequence[str]) -> None:
        with self._lock:
            for key in dict.fromkeys(hashes):
                held = self._holds.get(key, 0) - 1
                if held > 0:
                    self._holds[key] = held
                else:
                    self._holds.pop(key, None)
                    self._rows.pop(key, None)

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self._texts.encode(texts, self.inner.encode_texts)

    def encode_images(self, images: Sequence[Any]) -> np.ndarray:
        return self.inner.encode_images(images)

    def encode_loaded_images(self, loaded: Sequence[LoadedImage]) -> np.ndarray:
        with self._lock:
            known = {image.sha256: self._rows[image.sha256] for image in loaded if image.sha256 in self._rows}
        rest = [image for image in {i.sha256: i for i in loaded}.values() if image.sha256 not in known]
        if rest:
            by_hash = getattr(self.inner, "encode_loaded_images", None)
            fresh = by_hash(rest) if by_hash is not None else self.inner.encode_images([i.image for i in rest])
            known.update({image.sha256: row for image, row in zip(rest, fresh, strict=True)})
        if not loaded:
            return self.inner.encode_images([])
        return np.stack([known[image.sha256] for image in loaded]).astype(np.float32, copy=False)
