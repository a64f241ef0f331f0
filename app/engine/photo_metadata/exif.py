"""EXIF: the camera's own record (DateTimeOriginal, GPS, make and model), read with Pillow."""

from __future__ import annotations

import math
import struct
from datetime import datetime

from PIL import ExifTags, Image

from app.engine.photo_metadata.model import Collected, GpsPosition

MAX_EXIF_BYTES = 1024 * 1024
_BASE = ExifTags.Base
_GPS = ExifTags.GPS


def read_exif(image: Image.Image, into: Collected) -> None:
    raw = image.info.get("exif")
    if isinstance(raw, bytes) and len(raw) > MAX_EXIF_BYTES:
        into.problems.append(f"EXIF block of {len(raw):,} bytes is over {MAX_EXIF_BYTES:,}; ignored")
        return
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (SyntaxError, OSError, ValueError, TypeError, KeyError, IndexError, struct.error) as exc:
        into.problems.append(f"EXIF block is malformed ({exc}); ignored")
        return
    _read_fields(exif, details, into)
    into.gps = into.gps or _position(gps)


def _read_fields(exif: Image.Exif, details: dict, into: Collected) -> None:
    for tag, name in ((_BASE.DateTimeOriginal, "DateTimeOriginal"), (_BASE.DateTimeDigitized, "DateTimeDigitized")):
        moment = parse_exif_time(_text(details.get(tag)))
        if moment is not None:
            into.add("camera_time", moment.isoformat(), "exif", name, when=moment.date(), time=moment)
            break
    into.add("caption", _text(exif.get(_BASE.ImageDescription)), "exif", "ImageDescription")
    into.add("byline", _text(exif.get(_BASE.Artist)), "exif", "Artist")
    make, model = _text(exif.get(_BASE.Make)).strip(), _text(exif.get(_BASE.Model)).strip()
    into.add("camera", _camera(make, model), "exif", "Make/Model")


def _camera(make: str, model: str) -> str:
    """ "Canon EOS R5", not "Canon Canon EOS R5"."""
    brand = make.split()[0].lower() if make else ""
    return model if brand and model.lower().startswith(brand) else f"{make} {model}"


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").rstrip("\x00")
    return value.rstrip("\x00") if isinstance(value, str) else ""


def parse_exif_time(text: str) -> datetime | None:
    """'YYYY:MM:DD HH:MM:SS'; blanks, zeros and impossible dates are absent."""
    try:
        return datetime.strptime(text.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _position(gps: dict) -> GpsPosition | None:
    lat = _degrees(gps.get(_GPS.GPSLatitude), gps.get(_GPS.GPSLatitudeRef), "S")
    lon = _degrees(gps.get(_GPS.GPSLongitude), gps.get(_GPS.GPSLongitudeRef), "W")
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    if lat == 0 and lon == 0:
        return None  # "null island": an unset receiver, not a place
    return GpsPosition(lat, lon)


def _degrees(value: object, ref: object, negative: str) -> float | None:
    if not isinstance(value, tuple) or len(value) != 3:
        return None
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    total = d + m / 60 + s / 3600
    if not math.isfinite(total):
        return None
    return -total if _text(ref).strip().upper() == negative else total
