"""Micro-batching wrappers: concurrent callers share one model, one forward pass per batch.

Why: the service runs the engine for each HTTP request in its own worker thread (the event
loop never runs model work). Without batching, N concurrent requests make N small forward
passes that fight over the same cores or GPU; throughput stays at the one-request rate. Here
every caller queues its items and blocks; one worker thread per queue takes everything
waiting (up to `max_batch` items, waiting at most `max_wait_ms` after the first for more),
encodes it in a single call to the wrapped encoder, and hands each caller its own rows, in
order. Under load, service throughput approaches the model's batched throughput; a lone
request pays at most `max_wait_ms` extra.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from PIL import Image

from app.engine.encoders.base import ImageTextEncoder, TextEncoder
from app.errors import CaptioncheckError

T = TypeVar("T")

__all__ = ["BatchingClipEncoder", "BatchingTextEncoder", "EncoderClosed"]


class EncoderClosed(CaptioncheckError):
    """The batching queue was shut down (the service is stopping) before these items were encoded."""


@dataclass
class _Job(Generic[T]):
    items: list[T]
    future: Future = field(default_factory=Future)


class _MicroBatcher(Generic[T]):
    """One queue, one daemon worker thread, calling `encode` once per collected batch."""

    def __init__(
        self,
        encode: Callable[[list[T]], np.ndarray],
        *,
        max_batch: int,
        max_wait_ms: float,
        thread_name: str,
        model_lock: threading.Lock | None = None,
    ) -> None:
        self._encode = encode
        self._max_batch = max(1, int(max_batch))
        self._max_wait = max(0.0, float(max_wait_ms)) / 1000.0
        self._model_lock = model_lock or threading.Lock()
        self._queue: queue.Queue[_Job[T] | None] = queue.Queue()
        self._carry: _Job[T] | None = None  # taken from the queue but did not fit the last batch
        self._state_lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)
        self._thread.start()

    def submit(self, items: Sequence[T]) -> np.ndarray:
        """Queue `items` (any thread), block until encoded; rows come back in the order given."""
        if len(items) == 0:
            return np.asarray(self._encode([]))  # the inner encoders answer (0, dim) without model work
        size = self._max_batch
        jobs = [_Job(list(items[i : i + size])) for i in range(0, len(items), size)]
        with self._state_lock:
            if self._closed:
                raise _closed()
            for job in jobs:
                self._queue.put(job)
        parts = [job.future.result() for job in jobs]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def close(self, timeout: float | None = 5.0) -> None:
        """Stop the worker. Queued callers get EncoderClosed now; a batch already in the model finishes."""
        with self._state_lock:
            if not self._closed:
                self._closed = True
                _fail(self._drain(), _closed())
                self._queue.put(None)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._carry if self._carry is not None else self._queue.get()
            self._carry = None
            if first is None:
                break
            batch, closing = self._collect(first)
            if closing:
                _fail(batch, _closed())
                break
            self._process(batch)
        _fail(self._drain(), _closed())

    def _collect(self, first: _Job[T]) -> tuple[list[_Job[T]], bool]:
        """Add waiting jobs to `first` until full, or until max_wait has passed and none is waiting."""
        batch, size = [first], len(first.items)
        deadline = time.monotonic() + self._max_wait
        while size < self._max_batch:
            try:
                job = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if job is None:
                return batch, True
            if size + len(job.items) > self._max_batch:
                self._carry = job  # starts the next batch
                break
            batch.append(job)
            size += len(job.items)
        return batch, False

    def _process(self, batch: list[_Job[T]]) -> None:
        items = [item for job in batch for item in job.items]
        try:
            with self._model_lock:
                rows = np.asarray(self._encode(items))
            if len(rows) != len(items):
                raise RuntimeError(f"encoder returned {len(rows)} rows for {len(items)} items")
        except Exception as exc:  # delivered to this batch's callers; the worker serves on
            _fail(batch, exc)
            return
        start = 0
        for job in batch:
            end = start + len(job.items)
            job.future.set_result(rows[start:end].copy())
            start = end

    def _drain(self) -> list[_Job[T]]:
        jobs = []
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return jobs
            if job is not None:
                jobs.append(job)


def _closed() -> EncoderClosed:
    return EncoderClosed("The model queue is closed (the service is shutting down); retry the request.")


def _fail(batch: list[_Job[Any]], error: BaseException) -> None:
    for job in batch:
        if not job.future.done():
            job.future.set_exception(error)


class _Passthrough:
    """Attributes not defined here (logit_scale, dim, device, ...) are read from the inner encoder."""

    _inner: Any

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_inner" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["_inner"], name)

    @property
    def inner(self) -> Any:
        return self._inner

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]


class BatchingClipEncoder(_Passthrough):
    """An ImageTextEncoder that micro-batches concurrent calls into `inner` (one model call at a time)."""

    def __init__(self, inner: ImageTextEncoder, *, max_batch: int = 32, max_wait_ms: float = 5.0) -> None:
        self._inner = inner
        self.name = inner.name
        lock = threading.Lock()  # images and texts share the model: one forward pass at a time
        self._images: _MicroBatcher[Image.Image] = _MicroBatcher(
            inner.encode_images, max_batch=max_batch, max_wait_ms=max_wait_ms,
            thread_name="captioncheck-clip-image-batcher", model_lock=lock,
        )
        self._texts: _MicroBatcher[str] = _MicroBatcher(
            inner.encode_texts, max_batch=max_batch, max_wait_ms=max_wait_ms,
            thread_name="captioncheck-clip-text-batcher", model_lock=lock,
        )
        # Images the decode pool already resized and cropped (app.pipeline): batched on their own.
        self._pixels: _MicroBatcher[np.ndarray] | None = None
        if getattr(inner, "pixel_spec", None) is not None:
            self._pixels = _MicroBatcher(
                inner.encode_pixel_arrays, max_batch=max_batch, max_wait_ms=max_wait_ms,
                thread_name="captioncheck-clip-pixel-batcher", model_lock=lock,
            )
            self.encode_pixel_arrays = self._pixels.submit

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        return self._images.submit(images)

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self._texts.submit(texts)

    def close(self, timeout: float | None = 5.0) -> None:
        self._images.close(timeout)
        self._texts.close(timeout)
        if self._pixels is not None:
            self._pixels.close(timeout)


class BatchingTextEncoder(_Passthrough):
    """A TextEncoder that micro-batches concurrent calls into `inner`."""

    def __init__(self, inner: TextEncoder, *, max_batch: int = 32, max_wait_ms: float = 5.0) -> None:
        self._inner = inner
        self.name = inner.name
        self._texts: _MicroBatcher[str] = _MicroBatcher(
            inner.encode, max_batch=max_batch, max_wait_ms=max_wait_ms,
            thread_name="captioncheck-text-batcher",
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._texts.submit(texts)

    def close(self, timeout: float | None = 5.0) -> None:
        self._texts.close(timeout)
