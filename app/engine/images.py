"""Reading figure images safely: local files and data: URIs (URLs: app.net.images).

Pixel counts are checked from the header before any decoding, so a
decompression bomb is refused without ever being expanded in memory. What is kept
of a photo is a working copy no longer than WORKING_SIDE, the most any model looks
at: a JPEG is decoded straight at the smallest DCT scale (1/2, 1/4, 1/8) that still
covers it (Pillow's draft mode), anything else shrunk as soon as it is decoded, and
the pixels decoded meanwhile are counted against app.engine.pixel_budget.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from app.engine.photo_metadata import PhotoMetadata, ReadOptions, read_photo_metadata
from app.engine.pixel_budget import decoding_room
from app.errors import InputError, short_error
from app.settings import Settings

# Accepted formats (PIL names); nothing else is ever parsed. GIF and WebP: first frame.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPTED_TEXT = "JPEG, PNG, WebP or GIF"
_OTHER_FORMATS = ((b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
                  (b"%PDF", "a PDF document"), (b"\x00\x00\x01\x00", "an ICO icon"), (b"8BPS", "a Photoshop file"),
                  (b"\xff\x0a", "a JPEG XL image"), (b"\x00\x00\x00\x0cJXL ", "a JPEG XL image"))
# OCR recognition reads text from a copy this long (app.engine.ocr.rapid.RECOGNITION_SIDE); CLIP,
# fingerprints and thumbnails need far less.
WORKING_SIDE = 1600
# The size of the photo a working copy was made from, in its Image.info (OCR boxes are given in it).
ORIGINAL_SIZE = "captioncheck_original_size"
_RESIZED_AS_DECODED = ("RGB", "RGBA", "RGBX", "L", "LA", "CMYK")  # other modes: to RGB first
_ORIENTATIONS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                 4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}
_QUARTER_TURNS = (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270, Image.Transpose.TRANSPOSE,
                  Image.Transpose.TRANSVERSE)
_DATA_URI = re.compile(r"^data:(?P<mime>[\w.+/-]*)(?P<params>(;[\w=.+-]+)*),(?P<data>.*)$", re.DOTALL)


@dataclass(frozen=True)
class LoadedImage:
    source: str
    sha256: str
    width: int
    height: int
    image: Image.Image  # RGB, upright, at most WORKING_SIDE long (width, height: the original's)
    metadata: PhotoMetadata | None = None  # what the original file says about itself (IPTC, XMP, EXIF, C2PA)


def read_local_image_bytes(source: str, base_dir: Path | None, settings: Settings, field: str) -> bytes:
    """A data: URI or a local file. The engine never touches the network: URLs are the caller's."""
    if source.startswith("data:"):
        return _read_data_uri(source, settings, field)
    if source.startswith(("http://", "https://")):
        raise InputError("image URLs are fetched by the service or the command line, not the engine",
                         field=field)
    if "://" in source:
        raise InputError("only local paths, http(s) URLs and data: URIs are accepted", field=field)
    return _read_file(source, base_dir, settings, field)


def decode_image(data: bytes, source: str, settings: Settings, field: str) -> LoadedImage:
    if len(data) > settings.max_image_bytes:
        raise InputError(_too_big(len(data), settings), field=field)
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as opened:
            width, height = opened.size
            if width * height > settings.max_image_pixels:
                raise InputError(
                    f"image is {width}x{height} pixels, over the limit of "
                    f"{settings.max_image_pixels:,} (CAPTIONCHECK_MAX_IMAGE_PIXELS)",
                    field=field,
                )
            opened.seek(0)  # first frame of animations
            decoded = reduce_while_decoding(opened)
            with decoding_room(decoded[0] * decoded[1], settings, field):
                metadata = _read_metadata(data, opened, settings)
                rgb = working_copy(opened, (width, height))
    except InputError:
        raise
    except UnidentifiedImageError as exc:
        raise InputError(_format_refusal(data), field=field) from exc
    except Image.DecompressionBombError as exc:  # PIL's own guard, at twice Image.MAX_IMAGE_PIXELS
        raise InputError(f"image is over the limit of {settings.max_image_pixels:,} pixels "
                         "(CAPTIONCHECK_MAX_IMAGE_PIXELS); it was not decoded", field=field) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"not a readable image ({short_error(exc)})", field=field) from exc
    digest = hashlib.sha256(data).hexdigest()
    return LoadedImage(source=source, sha256=digest, width=width, height=height, image=rgb, metadata=metadata)


def decoded_pixels(data: bytes) -> int:
    """How many pixels decode_image will decode for `data`, from its header alone (0 when it is not
    an accepted image: decoding will say why)."""
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as opened:
            width, height = reduce_while_decoding(opened)
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0
    return width * height


def reduce_while_decoding(opened: Image.Image) -> tuple[int, int]:
    """The size `opened` will decode at: a JPEG asks its decoder for the smallest DCT scale still
    at least WORKING_SIDE long; other formats decode whole."""
    width, height = opened.size
    scale = WORKING_SIDE / max(width, height)
    if opened.format == "JPEG" and scale < 0.5:
        opened.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    return opened.size


def working_copy(opened: Image.Image, original: tuple[int, int]) -> Image.Image:
    """Decoded, shrunk to WORKING_SIDE (before any copy is made at full size), upright, RGB."""
    frame = opened if opened.mode in _RESIZED_AS_DECODED else opened.convert("RGB")
    frame.load()
    longest = max(frame.size)
    if longest > WORKING_SIDE:
        scale = WORKING_SIDE / longest
        size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
        frame = frame.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    # Upright as a reader sees it: phone photos carry their rotation in EXIF.
    turn = _ORIENTATIONS.get(opened.getexif().get(ExifTags.Base.Orientation, 1))
    if turn is not None:
        frame = frame.transpose(turn)
        original = (original[1], original[0]) if turn in _QUARTER_TURNS else original
    rgb = frame.convert("RGB") if frame.mode != "RGB" or frame is opened else frame
    rgb.info = {ORIGINAL_SIZE: original}
    return rgb


def _read_metadata(data: bytes, opened: Image.Image, settings: Settings) -> PhotoMetadata | None:
    if not settings.photo_metadata_enabled:
        return None
    return read_photo_metadata(data, opened, ReadOptions(trust_anchors=settings.c2pa_trust_anchors))


def load_local_image(source: str, base_dir: Path | None, settings: Settings, field: str) -> LoadedImage:
    data = read_local_image_bytes(source, base_dir, settings, field)
    return decode_image(data, source, settings, field)


def _read_file(source: str, base_dir: Path | None, settings: Settings, field: str) -> bytes:
    path = Path(source).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        size = path.stat().st_size
        if size > settings.max_image_bytes:
            raise InputError(_too_big(size, settings), field=field)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"image file not found: {path}", field=field) from exc
    except IsADirectoryError as exc:
        raise InputError(f"image path is a folder: {path}", field=field) from exc
    except PermissionError as exc:
        raise InputError(f"image file not readable: {path}", field=field) from exc


def _read_data_uri(source: str, settings: Settings, field: str) -> bytes:
    match = _DATA_URI.match(source)
    if not match or ";base64" not in match.group("params"):
        raise InputError("data: URI must be base64-encoded (data:image/...;base64,...)", field=field)
    if len(match.group("data")) * 3 // 4 > settings.max_image_bytes:
        raise InputError(_too_big(len(match.group("data")) * 3 // 4, settings), field=field)
    try:
        return base64.b64decode(match.group("data"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InputError("data: URI is not valid base64", field=field) from exc


def _format_refusal(data: bytes) -> str:
    """Why bytes that are none of the accepted formats were refused, as specifically as is safe to say."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    found = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), None)
    if found is None and data[4:8] == b"ftyp":
        found = "an HEIC/AVIF image" if data[8:12] in (b"heic", b"heix", b"mif1", b"avif", b"avis") else None
    if found is None and (b"<svg" in head or head.startswith(b"<?xml")):
        found = "SVG or XML"
    if found is None and (head.startswith(b"<!doctype") or b"<html" in head):
        found = "HTML"
    if found is None:
        return f"not a readable image (unrecognised format; {ACCEPTED_TEXT} needed)"
    return f"not an accepted image format: this is {found}; {ACCEPTED_TEXT} needed"


def _too_big(size: int, settings: Settings) -> str:
    return (
        f"image is {size:,} bytes or more, over the limit of {settings.max_image_bytes:,} "
        "(CAPTIONCHECK_MAX_IMAGE_BYTES)"
    )
