"""What a decode worker does with one image's bytes: decode it as the engine does
(`app.engine.images.decode_image`: limits, format check, metadata, EXIF rotation), then do
every other per-image job that needs only the pixels, so that the main process never does:
SHA-256, the perceptual-hash fingerprint, the report thumbnail, CLIP's resize and crop, and
the text read in the photo.

Pure functions of their arguments, importable without torch: the local engine runs them in a
process pool (app.pipeline.pool), the Ray engine can run them in its own tasks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

import numpy as np
from PIL import Image

from app.archive.fingerprint import Fingerprint, fingerprint
from app.engine.images import LoadedImage, decode_image
from app.errors import InputError, short_error
from app.engine.encoders.pixels import PixelSpec, resize_and_crop
from app.settings import Settings

if TYPE_CHECKING:
    from app.engine.ocr.base import TextReader, Word

log = logging.getLogger(__name__)
FingerprintKind = Literal["none", "query", "full"]  # query: the whole frame only (archive lookups)


@dataclass(frozen=True)
class DecodeOptions:
    """What to make of each image besides the decoded picture. Picklable; sent to workers once."""

    settings: Settings  # image limits, photo metadata, C2PA trust anchors
    thumbnail_px: int | None = None  # the report thumbnail's longest side; None: no thumbnail
    fingerprint: FingerprintKind = "none"
    pixels: PixelSpec | None = None  # CLIP's resize and crop; None: the encoder preprocesses
    ocr_engine: str | None = None  # read the text in the photo with this engine; None: not here

    @classmethod
    def for_checks(cls, settings: Settings, *, pixels: PixelSpec | None, fingerprint: FingerprintKind,
                   ocr: bool) -> DecodeOptions:
        """Options for images about to be checked: thumbnail, pixels, fingerprint, photo text."""
        engine = settings.ocr_engine if ocr and settings.ocr_enabled else None
        return cls(settings, settings.thumbnail_px, fingerprint, pixels, engine)


@dataclass(frozen=True)
class DecodedImage(LoadedImage):
    """A LoadedImage with the work done beside decoding; the engine reads it as a LoadedImage."""

    fingerprint: Fingerprint | None = None
    fingerprint_views: bool = False  # the fingerprint has the cropped views (archive records need them)
    thumbnail: bytes | None = None  # JPEG, as app.storage.make_thumbnail makes it
    pixels: np.ndarray | None = None  # uint8 (h, w, 3) after CLIP's resize and crop
    words: tuple[Word, ...] | None = None  # None: the photo's text was not read here
    words_engine: str | None = None  # the TextReader.name that read `words`


def decode_and_hash(data: bytes, source: str, field: str, options: DecodeOptions) -> DecodedImage:
    """Decode `data` and do the per-image work `options` asks for; InputError when it is not a
    readable image within the limits (the same errors, word for word, as decode_image)."""
    loaded = decode_image(data, source, options.settings, field)
    return enrich(loaded, options)


def enrich(loaded: LoadedImage, options: DecodeOptions) -> DecodedImage:
    """The per-image work on an already decoded image."""
    image = loaded.image
    found = None if options.fingerprint == "none" else fingerprint(image, views=options.fingerprint == "full")
    thumbnail = _thumbnail(image, options.thumbnail_px) if options.thumbnail_px else None
    pixels = resize_and_crop(image, options.pixels) if options.pixels is not None else None
    words, engine = read_words(image, source=loaded.source, engine=options.ocr_engine)
    base = {f.name: getattr(loaded, f.name) for f in fields(LoadedImage)}
    return DecodedImage(**base, fingerprint=found, fingerprint_views=options.fingerprint == "full",
                        thumbnail=thumbnail, pixels=pixels, words=words, words_engine=engine)


def decode_outcome(data: bytes, source: str, field: str, options: DecodeOptions) -> DecodedImage | str:
    """decode_and_hash, its refusal as the message an audit row shows (for workers: an
    exception crossing the process boundary would lose nothing, but a string is cheaper)."""
    try:
        return decode_and_hash(data, source, field, options)
    except InputError as exc:
        return exc.detail


def _thumbnail(image: Image.Image, max_px: int) -> bytes:
    from app.storage.thumbnails import make_thumbnail

    return make_thumbnail(image, max_px)


_READERS: dict[str, TextReader | None] = {}  # per process: an OCR engine takes a second to load


def read_words(image: Image.Image, *, source: str, engine: str | None) -> tuple[tuple[Word, ...] | None, str | None]:
    """The words in the photo as the engine's `image_text` signal would read them, and the
    reader's name; (None, None) when not asked, or when the reader cannot be had or fails (the
    check then reads the photo itself, and logs why)."""
    if engine is None:
        return None, None
    reader = _reader(engine)
    if reader is None:
        return None, None
    try:
        return tuple(reader.read(image)), reader.name
    except Exception as exc:  # noqa: BLE001 - OCR never fails a decode; the check will try again
        log.debug("reading the text in %s failed in a decode worker: %s", source[:80], short_error(exc))
        return None, None


def _reader(engine: str) -> TextReader | None:
    if engine not in _READERS:
        from app.engine.ocr.reading import build_reader
        from app.errors import ModelUnavailable

        try:
            _READERS[engine] = build_reader(engine, threads=1)  # a worker per core: one core each
        except ModelUnavailable:
            _READERS[engine] = None
    return _READERS[engine]
