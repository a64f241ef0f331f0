"""When the file says the photo was made, against the caption's and the story's dates.

The file's date is, in this order: the editorial date (IPTC/XMP DateCreated, set by the
photographer or the desk), the camera's clock (EXIF/XMP DateTimeOriginal, ignored when it
looks unset), then a date written in the file's own caption. Against the story's date
(publication; today for an undated draft):
- older than the tolerance while the caption presents the photo as current (no file or
  archive wording, no date of its own): mismatch, or review when the story itself names
  that year;
- older than the tolerance and the caption dates it otherwise: mismatch (review when the
  caption says file/archive photo);
- the caption dates it far from the file's date, or the file dates it after publication:
  review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.engine.photo_metadata.model import PhotoMetadata, Stated
from app.engine.signals.dates import find_scene_dates, says_archive
from app.settings import Severity

FUTURE_GRACE_DAYS = 2
_EARLIEST_CAMERA_YEAR = 1990  # digital cameras' clocks: earlier means never set


@dataclass(frozen=True)
class FileDate:
    when: date
    source: str
    field: str
    value: str


@dataclass(frozen=True)
class DateConflict:
    file: FileDate
    severity: Severity
    story_date: date
    caption_dates: tuple[str, ...]  # the caption's own dates, as written
    problem: str  # "older" | "caption" | "after"


def file_date(meta: PhotoMetadata) -> FileDate | None:
    for stated in meta.of("created"):
        if stated.when is not None:
            return FileDate(stated.when, stated.source, stated.field, stated.value)
    for stated in meta.of("camera_time"):
        if stated.when is not None and _clock_set(stated):
            return FileDate(stated.when, stated.source, stated.field, stated.value)
    for stated in meta.of("caption"):
        for text, when in find_scene_dates(stated.value)[:1]:
            return FileDate(when, stated.source, stated.field, text)
    return None


def _clock_set(stated: Stated) -> bool:
    moment = stated.time
    if moment is None or moment.year < _EARLIEST_CAMERA_YEAR:
        return False
    return not (moment.month == 1 and moment.day == 1 and moment.time().isoformat() == "00:00:00")


def date_conflict(
    meta: PhotoMetadata, caption: str, story_text: str, story_date: date, published: bool, tolerance_days: int
) -> DateConflict | None:
    found = file_date(meta)
    if found is None:
        return None
    dated = find_scene_dates(caption)
    written = tuple(text for text, _ in dated)
    near = any(abs((when - found.when).days) <= tolerance_days for _, when in dated)
    gap = (story_date - found.when).days

    def conflict(severity: Severity, problem: str) -> DateConflict:
        return DateConflict(found, severity, story_date, written, problem)

    if -gap > FUTURE_GRACE_DAYS and published:
        return conflict(Severity.review, "after")
    if gap > tolerance_days:
        return _older(found, dated, near, says_archive(caption), story_text, conflict)
    if dated and not near:
        return conflict(Severity.review, "caption")
    return None


def _older(
    found: FileDate, dated: list[tuple[str, date]], near: bool, archive: bool, story_text: str,
    conflict: Callable[[Severity, str], DateConflict],
) -> DateConflict | None:
    if near:
        return None  # the caption dates the photo to its own time: nothing is presented as new
    if dated:
        return conflict(Severity.review if archive else Severity.mismatch, "caption")
    if archive:
        return None  # "file photo": the age is said
    if re.search(rf"\b{found.when.year}\b", story_text):
        return conflict(Severity.review, "older")  # the story itself goes back to that year
    return conflict(Severity.mismatch, "older")
