"""What a photo file says about itself, as read from its IPTC, XMP, EXIF and C2PA blocks.

Every value keeps where it came from (`source`: iptc | xmp | exif | gps | c2pa, and the
field's own name), so a reason can say "IPTC City says Jakarta", not just "the file".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Source = Literal["iptc", "xmp", "exif", "gps", "c2pa"]
Kind = Literal[
    "caption", "city", "region", "country", "country_code", "sublocation",
    "created", "camera_time", "byline", "credit", "source", "digital_source_type", "camera",
]
ProvenanceState = Literal["trusted", "valid", "invalid"]

MAX_CAPTION_CHARS = 2_000
MAX_FIELD_CHARS = 200
MAX_VALUES_PER_KIND = 4  # a hostile file may repeat a field thousands of times
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Stated:
    """One value the file states: 'iptc City = Jakarta'."""

    kind: Kind
    value: str
    source: Source
    field: str  # the field's own name: "City", "photoshop:City", "DateTimeOriginal"
    when: date | None = None  # for dates: the day it names
    time: datetime | None = None  # for camera times: the moment, as the camera's clock said

    @property
    def label(self) -> str:
        return f"{self.source.upper()} {self.field}"


@dataclass(frozen=True)
class GpsPosition:
    latitude: float
    longitude: float
    field: str = "EXIF GPSLatitude/GPSLongitude"  # or the XMP exif:GPS properties
    source: Source = "gps"


@dataclass(frozen=True)
class Provenance:
    """A C2PA manifest store, as c2pa-python validated it."""

    state: ProvenanceState
    signer: str | None  # "Photo Desk (Example News)": the certificate's common name and issuer
    signed_at: str | None
    generator: str | None  # the claim generator ("Adobe Photoshop 25.1")
    failures: tuple[str, ...] = ()  # validation codes that failed ("assertion.dataHash.mismatch")
    source_types: tuple[str, ...] = ()  # digitalSourceType of every action in every manifest


@dataclass(frozen=True)
class PhotoMetadata:
    stated: tuple[Stated, ...] = ()
    gps: GpsPosition | None = None
    provenance: Provenance | None = None
    problems: tuple[str, ...] = ()  # blocks that were present but unreadable or refused

    def of(self, kind: Kind) -> list[Stated]:
        return [s for s in self.stated if s.kind == kind]

    def first(self, kind: Kind) -> Stated | None:
        return next((s for s in self.stated if s.kind == kind), None)

    @property
    def empty(self) -> bool:
        return not self.stated and self.gps is None and self.provenance is None


@dataclass
class Collected:
    """Values gathered while reading one file, capped per kind."""

    stated: list[Stated] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    gps: GpsPosition | None = None

    def add(self, kind: Kind, raw: str | None, source: Source, name: str, **extra: object) -> None:
        value = clean_text(raw, MAX_CAPTION_CHARS if kind == "caption" else MAX_FIELD_CHARS)
        if not value or sum(1 for s in self.stated if s.kind == kind) >= MAX_VALUES_PER_KIND:
            return
        if any(s.kind == kind and s.value == value and s.source == source for s in self.stated):
            return
        self.stated.append(Stated(kind, value, source, name, **extra))  # type: ignore[arg-type]


def clean_text(raw: str | None, limit: int) -> str:
    """Printable, single-spaced, trimmed to `limit` characters."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", raw[: limit * 4]))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
