"""Reading a figure's photo once per process: the engine chosen by the settings, a cache by
image hash (re-checks and re-audits read no photo twice), and no failure ever escapes."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from app.engine.encoders.base import EncoderProvider
from app.engine.images import LoadedImage
from app.engine.ocr.base import TextReader, Word
from app.errors import ModelUnavailable, short_error
from app.settings import Settings

log = logging.getLogger(__name__)
CACHE_SIZE = 1024  # photos; a few hundred bytes each


class TextCache:
    """Least-recently-used words per (engine, image SHA-256)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], tuple[Word, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> tuple[Word, ...] | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: tuple[str, str], words: tuple[Word, ...]) -> None:
        with self._lock:
            self._items[key] = words
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def build_reader(engine: str, *, threads: int | None = None) -> TextReader:
    """The engine named; `threads` caps the cores one read may use (RapidOCR; tesseract runs one)."""
    if engine == "tesseract":
        from app.engine.ocr.tesseract import TesseractTextReader

        return TesseractTextReader()
    from app.engine.ocr.rapid import RapidTextReader

    return RapidTextReader(threads=threads)


def reader_for(settings: Settings, models: EncoderProvider) -> TextReader | None:
    """The process's OCR engine, built on first use; None (logged) when it cannot be had."""
    try:
        return models.shared(f"ocr:{settings.ocr_engine}", lambda: build_reader(settings.ocr_engine))
    except ModelUnavailable as exc:
        log.warning("text in photos is not read: %s", exc)
        return None


def cache_for(models: EncoderProvider) -> TextCache:
    return models.shared("ocr:cache", TextCache)


def read_photo(reader: TextReader, image: LoadedImage, cache: TextCache) -> tuple[Word, ...]:
    """The words in the photo; none when the engine fails (logged: OCR never fails a check)."""
    key = (reader.name, image.sha256)
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        words = tuple(reader.read(image.image))
    except Exception as exc:  # noqa: BLE001 - any engine failure is logged, never raised
        log.warning("reading the text in %s failed: %s", image.source[:80], short_error(exc))
        return ()
    cache.put(key, words)
    return words
