"""Encoder interfaces and the provider that loads real models lazily, once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np
from PIL import Image

from app.errors import ModelUnavailable

T = TypeVar("T")


@runtime_checkable
class TextEncoder(Protocol):
    """Text -> L2-normalised embedding rows (sentence model)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class ImageTextEncoder(Protocol):
    """CLIP-style joint space: images and texts -> L2-normalised rows, comparable by dot product."""

    name: str

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray: ...

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray: ...


class EncoderProvider:
    """Holds the encoders; each is built on first use by its factory, then reused.

    An article without images never asks for CLIP, so CLIP is never loaded for it.
    """

    def __init__(
        self,
        text_factory: Callable[[], TextEncoder],
        clip_factory: Callable[[], ImageTextEncoder],
    ) -> None:
        self._text_factory = text_factory
        self._clip_factory = clip_factory
        self._text: TextEncoder | None = None
        self._clip: ImageTextEncoder | None = None
        self._clip_error: ModelUnavailable | None = None
        self._shared: dict[str, Any] = {}
        # One lock per model, so that both can load at once (serve start-up loads them together).
        self._text_lock = threading.Lock()
        self._lock = threading.Lock()
        self._shared_lock = threading.Lock()

    def text(self) -> TextEncoder:
        with self._text_lock:
            if self._text is None:
                self._text = self._text_factory()
            return self._text

    def clip(self) -> ImageTextEncoder:
        """The CLIP encoder; raises ModelUnavailable (remembered: no second slow attempt) without weights."""
        with self._lock:
            if self._clip is None:
                if self._clip_error is not None:
                    raise self._clip_error
                try:
                    self._clip = self._clip_factory()
                except ModelUnavailable as exc:
                    self._clip_error = exc
                    raise
            return self._clip

    def clip_or_none(self) -> ImageTextEncoder | None:
        try:
            return self.clip()
        except ModelUnavailable:
            return None

    @property
    def clip_error(self) -> str | None:
        """Why CLIP could not be loaded, once a load was tried and failed."""
        return str(self._clip_error) if self._clip_error is not None else None

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """Per-process state derived from a model (foil embeddings, calibrations), built once."""
        with self._shared_lock:
            if key not in self._shared:
                self._shared[key] = build()
            return self._shared[key]

    @property
    def clip_loaded(self) -> bool:
        return self._clip is not None

    def wrapping(self, *, text: Callable[[TextEncoder], TextEncoder] | None = None,
                 clip: Callable[[ImageTextEncoder], ImageTextEncoder] | None = None) -> EncoderProvider:
        """A provider over the same models and per-process state (foils, OCR cache) whose encoders
        are `text(this provider's)` and `clip(this provider's)` (each unwrapped when not given);
        a CLIP that cannot be loaded fails the same way."""
        wrapped = EncoderProvider(lambda: text(self.text()) if text else self.text(),
                                  lambda: clip(self.clip()) if clip else self.clip())
        wrapped._shared, wrapped._shared_lock = self._shared, self._shared_lock
        return wrapped

    def wrapping_clip(self, wrap: Callable[[ImageTextEncoder], ImageTextEncoder]) -> EncoderProvider:
        return self.wrapping(clip=wrap)

    @classmethod
    def from_settings(cls, settings) -> "EncoderProvider":
        from app.engine.encoders.clip import load_clip_encoder
        from app.engine.encoders.text import load_text_encoder

        return cls(lambda: load_text_encoder(settings), lambda: load_clip_encoder(settings))
