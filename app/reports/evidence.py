"""What every report view shows beside a figure's reasons, read from a report as JSON:
whether the image checks ran, what the photo file says about itself, and the text read
in the photo (with its boxes drawn on the thumbnail).

Shared by the web result page, the HTML audit report and the webhook answer, so the
three say the same thing in the same words. Everything here comes from untrusted
photos and pages: values are only returned as plain strings, for autoescaping templates.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from app.engine.ocr.overlay import TEXT_CODES, figure_overlay
from app.engine.reasons import IMAGE_NOT_CHECKED
from app.engine.signals.photo_metadata import PHOTO_METADATA_CONFLICT, PHOTO_METADATA_FOUND
from app.schema import FigureReport

IMAGE_CHECKS_OFF = "Image–caption checks are off: no CLIP weights"
HOW_TO_ADD_WEIGHTS = (
    "Run the command captioncheck models download on a machine with internet access and copy its "
    "models/cache/ folder to this server, or set CAPTIONCHECK_CLIP_PRETRAINED to an open_clip "
    "checkpoint file (docs/models.md, “Air-gapped newsroom servers”). Caption, place, date, archive, "
    "photo-file and photo-text checks still ran."
)
MODELS_DOC = "docs/models.md"
MAX_WORDS_LISTED = 40
# (evidence key of photo_metadata_found, label); GPS and provenance are shaped below.
_METADATA_ROWS = (
    ("caption", "Caption"), ("place", "Place"), ("date", "Date"), ("camera_time", "Camera time"),
    ("byline", "By"), ("credit", "Credit"), ("source", "Source"), ("camera", "Camera"),
    ("digital_source_type", "Source type"),
)
# Which rows a conflict of each kind is about.
_CONFLICT_ROWS = {"place": {"place", "gps"}, "date": {"date", "camera_time"}}


@dataclass(frozen=True)
class ImageChecksOff:
    """Why the photos were not compared with their captions; `why` may be unknown (None)."""

    why: str | None


@dataclass(frozen=True)
class MetadataRow:
    key: str
    label: str
    value: str
    source: str  # "IPTC City", "EXIF DateTimeOriginal"; "" when not said
    disagrees: bool  # a photo_metadata_conflict reason is about this value


@dataclass(frozen=True)
class WordRead:
    text: str
    confidence: str  # "0.98"


def image_checks_off(report: Mapping[str, Any]) -> ImageChecksOff | None:
    """Set when some figure's photo was not compared with its caption for want of CLIP:
    a figure carries `image_not_checked`, or has a photo while `models.clip` is null."""
    figures = _list(report.get("figures"))
    for figure in figures:
        for reason in _reasons(figure):
            if reason.get("code") == IMAGE_NOT_CHECKED:
                why = _dict(reason.get("evidence")).get("why")
                return ImageChecksOff(why if isinstance(why, str) else None)
    models = _dict(report.get("models"))
    if models and models.get("clip") is None and any(_dict(f).get("image") for f in figures):
        return ImageChecksOff(None)
    return None


def photo_metadata(figure: Mapping[str, Any]) -> list[MetadataRow]:
    """What the photo file says about itself (IPTC, XMP, EXIF, GPS, C2PA), one row per value."""
    found = _evidence_of(figure, PHOTO_METADATA_FOUND)
    if not found:
        return []
    sources = _dict(found.get("sources"))
    disputed = _disputed_rows(figure)
    rows = [
        MetadataRow(key, label, value, _text(sources.get(key)), key in disputed)
        for key, label in _METADATA_ROWS
        if (value := _text(found.get(key)))
    ]
    gps = _gps_text(_dict(found.get("gps")))
    if gps:
        rows.append(MetadataRow("gps", "GPS", gps, _text(sources.get("gps")), "gps" in disputed))
    credentials = _provenance_text(_dict(found.get("provenance")))
    if credentials:
        rows.append(MetadataRow("provenance", "Content credentials", credentials, "C2PA", False))
    return rows


def words_read(figure: Mapping[str, Any]) -> list[WordRead]:
    """The words OCR read in the photo, in reading order, as the image_text reason carries them."""
    for reason in _reasons(figure):
        if reason.get("code") in TEXT_CODES:
            words = _list(_dict(reason.get("evidence")).get("text"))
            return [_word(w) for w in words[:MAX_WORDS_LISTED] if _text(_dict(w).get("text"))]
    return []


def text_overlay(thumbnail: Image.Image, figure: Mapping[str, Any]) -> Image.Image | None:
    """`thumbnail` with a box round every word read; None when no text was read or the
    stored figure is not a valid report figure."""
    if not words_read(figure):
        return None
    try:
        parsed = FigureReport.model_validate(figure)
    except ValidationError:
        return None
    return figure_overlay(thumbnail, parsed)


def overlay_jpeg(thumbnail: bytes, figure: Mapping[str, Any], max_side: int | None = None) -> bytes | None:
    """The thumbnail's bytes with the text boxes drawn, as JPEG; None when there is nothing to draw
    or the bytes are not an image."""
    picture = open_rgb(thumbnail)
    if picture is None:
        return None
    if max_side is not None:
        picture.thumbnail((max_side, max_side))
    drawn = text_overlay(picture, figure)
    return jpeg_bytes(drawn) if drawn is not None else None


def open_rgb(data: bytes) -> Image.Image | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def jpeg_bytes(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, subsampling=0, optimize=True)  # 4:4:4 keeps thin boxes yellow
    return out.getvalue()


def _disputed_rows(figure: Mapping[str, Any]) -> set[str]:
    rows: set[str] = set()
    for reason in _reasons(figure):
        if reason.get("code") == PHOTO_METADATA_CONFLICT:
            evidence = _dict(reason.get("evidence"))
            kind = evidence.get("kind")
            if evidence.get("source") == "gps":
                rows.add("gps")
            elif isinstance(kind, str):
                rows |= _CONFLICT_ROWS.get(kind, set())
    return rows


def _gps_text(gps: Mapping[str, Any]) -> str:
    lat, lon = gps.get("latitude"), gps.get("longitude")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return ""
    near = _text(gps.get("near"))
    return f"{lat:.5f}, {lon:.5f}" + (f" (near {near})" if near else "")


def _provenance_text(provenance: Mapping[str, Any]) -> str:
    state = _text(provenance.get("state"))
    if not state:
        return ""
    said = {"trusted": "valid, signer trusted", "valid": "valid, signer not among the trust anchors",
            "invalid": "do not validate"}.get(state, state)
    signer = _text(provenance.get("signer")) or "an unnamed signer"
    return f"{said}; signed by {signer}"


def _evidence_of(figure: Mapping[str, Any], code: str) -> dict[str, Any]:
    return next((_dict(r.get("evidence")) for r in _reasons(figure) if r.get("code") == code), {})


def _word(word: Any) -> WordRead:
    data = _dict(word)
    confidence = data.get("confidence")
    shown = f"{confidence:.2f}" if isinstance(confidence, (int, float)) else ""
    return WordRead(_text(data.get("text")), shown)


def _reasons(figure: Any) -> list[dict[str, Any]]:
    return [r for r in _list(_dict(figure).get("reasons")) if isinstance(r, dict)]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
