"""Reason codes (never renamed, only added) and a small constructor."""

from __future__ import annotations

from typing import Any

from app.schema import Reason
from app.settings import Severity

IMAGE_CAPTION_MISMATCH = "image_caption_mismatch"
CAPTION_SWAPPED = "caption_swapped"
CAPTION_OFF_TOPIC = "caption_off_topic"
CAPTION_PLACE_CONFLICT = "caption_place_conflict"
CAPTION_PERSON_UNKNOWN = "caption_person_unknown"
CAPTION_DATE_CONFLICT = "caption_date_conflict"
IMAGE_OFF_TOPIC = "image_off_topic"
IMAGE_REUSED = "image_reused"
IMAGE_UNREADABLE = "image_unreadable"

ALL_CODES = (
    IMAGE_CAPTION_MISMATCH,
    CAPTION_SWAPPED,
    CAPTION_OFF_TOPIC,
    CAPTION_PLACE_CONFLICT,
    CAPTION_PERSON_UNKNOWN,
    CAPTION_DATE_CONFLICT,
    IMAGE_OFF_TOPIC,
    IMAGE_REUSED,
    IMAGE_UNREADABLE,
)


def make_reason(code: str, severity: Severity, message: str, **evidence: Any) -> Reason:
    return Reason(code=code, severity=severity, message=message, evidence=evidence)
