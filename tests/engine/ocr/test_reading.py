"""The per-process cache, the engine choice, and OCR failures that never fail a check.
The readers here are fakes whose output the test sets: they test the plumbing, not OCR."""

from __future__ import annotations

import hashlib
import logging

from PIL import Image

from app.engine.encoders.base import EncoderProvider
from app.engine.images import LoadedImage
from app.engine.ocr.base import Word
from app.engine.ocr.reading import TextCache, cache_for, read_photo, reader_for
from app.engine.ocr.rapid import RapidTextReader
from app.settings import Settings


class CountingReader:
    name = "counting"

    def __init__(self, words: list[Word] | None = None, error: Exception | None = None) -> None:
        self.calls = 0
        self.words = words or [Word("BERLIN", (1, 2, 30, 12), 0.99, 0)]
        self.error = error

    def read(self, image: Image.Image) -> list[Word]:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.words


def loaded(colour: str) -> LoadedImage:
    image = Image.new("RGB", (64, 48), colour)
    digest = hashlib.sha256(colour.encode()).hexdigest()
    return LoadedImage(source=f"{colour}.png", sha256=digest, width=64, height=48, image=image)


def provider() -> EncoderProvider:
    def unused():
        raise AssertionError("no encoder is needed to read text")

    return EncoderProvider(unused, unused)


def test_a_photo_is_read_once_per_process():
    reader, cache = CountingReader(), TextCache()
    first = read_photo(reader, loaded("red"), cache)
    again = read_photo(reader, loaded("red"), cache)
    assert first == again == tuple(reader.words)
    assert reader.calls == 1


def test_the_cache_forgets_the_least_recently_used_photo():
    reader, cache = CountingReader(), TextCache(size=2)
    for colour in ("red", "green", "red", "blue"):  # green is the oldest when blue comes in
        read_photo(reader, loaded(colour), cache)
    assert len(cache) == 2 and reader.calls == 3
    read_photo(reader, loaded("green"), cache)
    assert reader.calls == 4
    read_photo(reader, loaded("blue"), cache)
    assert reader.calls == 4


def test_an_engine_failure_gives_no_words_is_logged_and_is_not_cached(caplog):
    reader, cache = CountingReader(error=RuntimeError("onnxruntime exploded")), TextCache()
    with caplog.at_level(logging.WARNING, logger="app.engine.ocr.reading"):
        assert read_photo(reader, loaded("red"), cache) == ()
    assert "onnxruntime exploded" in caplog.text
    assert len(cache) == 0
    read_photo(reader, loaded("red"), cache)
    assert reader.calls == 2


def test_the_engine_is_built_once_per_provider_and_the_cache_is_shared():
    models = provider()
    first = reader_for(Settings(ocr_engine="rapidocr"), models)
    assert isinstance(first, RapidTextReader)
    assert reader_for(Settings(ocr_engine="rapidocr"), models) is first
    assert cache_for(models) is cache_for(models)


def test_a_missing_tesseract_program_turns_ocr_off_with_a_log_line(monkeypatch, caplog):
    monkeypatch.setattr("shutil.which", lambda program: None)
    with caplog.at_level(logging.WARNING, logger="app.engine.ocr.reading"):
        assert reader_for(Settings(ocr_engine="tesseract"), provider()) is None
    assert "apt-get install tesseract-ocr" in caplog.text
