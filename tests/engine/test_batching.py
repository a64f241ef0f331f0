"""The micro-batching encoders: concurrent callers share forward passes and get exactly their own rows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from PIL import Image

from app.engine.encoders.base import ImageTextEncoder, TextEncoder
from app.engine.encoders.batching import BatchingClipEncoder, BatchingTextEncoder, EncoderClosed
from app.engine.encoders.clip import load_clip_encoder
from app.settings import Settings
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

DIM = 3


def _image(key: int) -> Image.Image:
    return Image.new("RGB", (2, 2), (key, 0, 0))


def _image_row(key: int) -> list[float]:
    return [float(key), 1.0, 0.0]


def _text_row(text: str) -> list[float]:
    return [float(text), 2.0, 0.0] if text != "boom" else [0.0, 0.0, 0.0]


class FakeClip:
    """Rows derived from each item; records batch sizes; optionally sleeps or waits on a gate per call."""

    name = "fake-clip"
    logit_scale = 100.0

    def __init__(self, delay_s: float = 0.0, gate: threading.Event | None = None) -> None:
        self.delay_s = delay_s
        self.gate = gate
        self.image_batches: list[int] = []
        self.text_batches: list[int] = []
        self.entered = threading.Event()

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        return self._run(self.image_batches, [_image_row(im.getpixel((0, 0))[0]) for im in images])

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        if "boom" in texts:
            self.text_batches.append(len(texts))
            raise ValueError("model failed")
        return self._run(self.text_batches, [_text_row(t) for t in texts])

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # TextEncoder side, for BatchingTextEncoder
        return self.encode_texts(texts)

    def _run(self, record: list[int], rows: list[list[float]]) -> np.ndarray:
        if not rows:
            return np.zeros((0, DIM), dtype=np.float32)
        record.append(len(rows))
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(5)
        time.sleep(self.delay_s)
        return np.asarray(rows, dtype=np.float32)


def _together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(0..count-1) in `count` threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(count)

    def start(i: int) -> Any:
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(start, range(count)))


def test_concurrent_callers_share_batches_and_get_their_own_rows():
    inner = FakeClip(delay_s=0.05)
    with BatchingClipEncoder(inner, max_batch=64, max_wait_ms=50) as encoder:
        keys = [[4 * caller + j for j in range(4)] for caller in range(8)]
        results = _together(8, lambda c: encoder.encode_images([_image(k) for k in keys[c]]))
    for caller, rows in enumerate(results):
        assert np.allclose(rows, [_image_row(k) for k in keys[caller]])
    assert len(inner.image_batches) <= 3
    assert sum(inner.image_batches) == 32


def test_max_batch_is_respected_and_order_kept():
    inner = FakeClip()
    with BatchingClipEncoder(inner, max_batch=32, max_wait_ms=1) as encoder:
        texts = [str(i) for i in range(70)]
        rows = encoder.encode_texts(texts)
    assert inner.text_batches == [32, 32, 6]
    assert np.allclose(rows, [_text_row(t) for t in texts])


def test_large_and_small_requests_mix_without_exceeding_max_batch():
    inner = FakeClip(delay_s=0.01)
    with BatchingClipEncoder(inner, max_batch=8, max_wait_ms=20) as encoder:
        requests = [[str(100 * c + j) for j in range(1 + 5 * c)] for c in range(6)]
        results = _together(6, lambda c: encoder.encode_texts(requests[c]))
    for texts, rows in zip(requests, results):
        assert np.allclose(rows, [_text_row(t) for t in texts])
    assert max(inner.text_batches) <= 8
    assert sum(inner.text_batches) == sum(map(len, requests))


def test_error_reaches_only_that_batch_and_the_worker_serves_on():
    inner = FakeClip()
    with BatchingClipEncoder(inner, max_batch=1, max_wait_ms=20) as encoder:
        failed, ok = _together(2, lambda c: encoder.encode_texts(["boom"] if c == 0 else ["7"]))
        assert isinstance(failed, ValueError)
        assert np.allclose(ok, [_text_row("7")])
        assert np.allclose(encoder.encode_texts(["8", "9"]), [_text_row("8"), _text_row("9")])


def test_error_reaches_every_caller_of_the_failed_batch():
    inner = FakeClip()
    with BatchingClipEncoder(inner, max_batch=8, max_wait_ms=200) as encoder:
        results = _together(2, lambda c: encoder.encode_texts(["boom"] if c == 0 else ["7"]))
        assert inner.text_batches == [2]
        assert all(isinstance(r, ValueError) for r in results)
        assert np.allclose(encoder.encode_texts(["3"]), [_text_row("3")])


def test_close_unblocks_waiting_callers():
    gate = threading.Event()
    inner = FakeClip(gate=gate)
    encoder = BatchingClipEncoder(inner, max_batch=1, max_wait_ms=0)
    with ThreadPoolExecutor(2) as pool:
        in_model = pool.submit(encoder.encode_texts, ["1"])
        assert inner.entered.wait(5)
        queued = pool.submit(encoder.encode_texts, ["2"])
        time.sleep(0.05)
        encoder.close(timeout=0.1)  # returns although a batch is still in the model
        with pytest.raises(EncoderClosed):
            queued.result(timeout=2)
        gate.set()
        assert np.allclose(in_model.result(timeout=2), [_text_row("1")])  # the batch in the model finishes
    with pytest.raises(EncoderClosed):
        encoder.encode_texts(["3"])
    encoder.close()
    assert not any(t.name.startswith("captioncheck-clip") and t.is_alive() for t in threading.enumerate())


def test_empty_input_skips_the_queue_and_passthrough_attributes():
    inner = FakeClip()
    with BatchingClipEncoder(inner) as encoder:
        assert isinstance(encoder, ImageTextEncoder)
        assert encoder.name == "fake-clip" and encoder.logit_scale == 100.0 and encoder.inner is inner
        assert encoder.encode_images([]).shape == (0, DIM)
        assert encoder.encode_texts([]).shape == (0, DIM)
        assert inner.image_batches == [] and inner.text_batches == []
        names = {t.name for t in threading.enumerate()}
        assert {"captioncheck-clip-image-batcher", "captioncheck-clip-text-batcher"} <= names
        with pytest.raises(AttributeError):
            encoder.no_such_attribute  # noqa: B018


def test_text_encoder_batches_concurrent_callers():
    inner = FakeClip(delay_s=0.05)
    with BatchingTextEncoder(inner, max_batch=32, max_wait_ms=50) as encoder:
        assert isinstance(encoder, TextEncoder) and encoder.name == "fake-clip"
        requests = [[str(10 * c + j) for j in range(3)] for c in range(6)]
        results = _together(6, lambda c: encoder.encode(requests[c]))
        assert encoder.encode([]).shape == (0, DIM)
    for texts, rows in zip(requests, results):
        assert np.allclose(rows, [_text_row(t) for t in texts])
    assert len(inner.text_batches) <= 3 and sum(inner.text_batches) == 18


def test_real_tiny_clip_batched_equals_direct(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    direct = load_clip_encoder(
        Settings(clip_model=str(config), clip_pretrained=str(checkpoint), models_dir=tmp_path, device="cpu")
    )
    images = [[Image.new("RGB", (40 + 7 * c, 30 + j), (30 * c, 20 * j, 90)) for j in range(c + 1)] for c in range(5)]
    texts = [[f"photo {c} of thing {j}" for j in range(2 * c + 1)] for c in range(5)]
    with BatchingClipEncoder(direct, max_batch=4, max_wait_ms=20) as encoder:
        assert encoder.logit_scale == direct.logit_scale and encoder.dim == direct.dim
        got = _together(5, lambda c: (encoder.encode_images(images[c]), encoder.encode_texts(texts[c])))
    for c, (image_rows, text_rows) in enumerate(got):
        assert np.allclose(image_rows, direct.encode_images(images[c]), atol=1e-5)
        assert np.allclose(text_rows, direct.encode_texts(texts[c]), atol=1e-5)
        assert image_rows.dtype == np.float32 and text_rows.shape == (2 * c + 1, direct.dim)
