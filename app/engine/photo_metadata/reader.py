"""One call at decode time: everything the file says about itself, from its original bytes.

Pillow has already parsed the container (JPEG segments, PNG chunks); this reads the
metadata blocks it kept aside. A block that is malformed, oversized or hostile is dropped
with a note in `problems`: reading never raises, whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from app.engine.photo_metadata.c2pa import read_c2pa
from app.engine.photo_metadata.exif import read_exif
from app.engine.photo_metadata.iptc import read_iptc
from app.engine.photo_metadata.model import Collected, PhotoMetadata, Provenance
from app.engine.photo_metadata.xmp import read_xmp
from app.errors import short_error

T = TypeVar("T")


@dataclass(frozen=True)
class ReadOptions:
    trust_anchors: Path | None = None  # PEM file of C2PA trust anchors
    content_credentials: bool = True


def read_photo_metadata(data: bytes, image: Image.Image, options: ReadOptions = ReadOptions()) -> PhotoMetadata:
    """`image` is the file opened by Pillow (not yet transposed or converted)."""
    collected = Collected()
    for name, read in (("IPTC", read_iptc), ("XMP", read_xmp), ("EXIF", read_exif)):
        _guarded(name, collected, lambda read=read: read(image, collected))
    provenance: Provenance | None = None
    if options.content_credentials:
        provenance = _guarded(
            "C2PA", collected, lambda: read_c2pa(data, image.format, options.trust_anchors, collected)
        )
    return PhotoMetadata(tuple(collected.stated), collected.gps, provenance, tuple(collected.problems))


def _guarded(name: str, collected: Collected, read: Callable[[], T]) -> T | None:
    # Metadata is attacker-controlled input to third-party parsers: any failure of one block
    # is that block missing, never a failed check.
    try:
        return read()
    except Exception as exc:  # noqa: BLE001
        collected.problems.append(f"{name} metadata unreadable ({short_error(exc)}); ignored")
        return None
