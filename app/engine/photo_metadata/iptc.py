"""IPTC IIM (the Photoshop APP13 block of JPEGs), read with Pillow's IptcImagePlugin."""

from __future__ import annotations

from datetime import date

from PIL import Image, IptcImagePlugin

from app.engine.photo_metadata.model import Collected, Kind

MAX_IPTC_BYTES = 256 * 1024
_UTF8_MARKER = b"\x1b%G"  # dataset 1:90, "coded character set" = UTF-8
_DATASETS: dict[tuple[int, int], tuple[Kind, str]] = {
    (2, 120): ("caption", "Caption-Abstract"),
    (2, 90): ("city", "City"),
    (2, 92): ("sublocation", "Sub-location"),
    (2, 95): ("region", "Province-State"),
    (2, 101): ("country", "Country-PrimaryLocationName"),
    (2, 100): ("country_code", "Country-PrimaryLocationCode"),
    (2, 80): ("byline", "By-line"),
    (2, 110): ("credit", "Credit"),
    (2, 115): ("source", "Source"),
}
_DATE_CREATED = (2, 55)


def read_iptc(image: Image.Image, into: Collected) -> None:
    block = _iptc_block(image)
    if block is None:
        return
    if len(block) > MAX_IPTC_BYTES:
        into.problems.append(f"IPTC block of {len(block):,} bytes is over {MAX_IPTC_BYTES:,}; ignored")
        return
    try:
        info = IptcImagePlugin.getiptcinfo(image)  # type: ignore[arg-type]
    except (SyntaxError, OSError, ValueError) as exc:
        into.problems.append(f"IPTC block is malformed ({exc}); ignored")
        return
    if not info:
        return
    utf8 = _values(info.get((1, 90)))[:1] == [_UTF8_MARKER]
    for key, (kind, name) in _DATASETS.items():
        for raw in _values(info.get(key)):
            into.add(kind, _decode(raw, utf8), "iptc", name)
    for raw in _values(info.get(_DATE_CREATED)):
        when = parse_iptc_date(_decode(raw, utf8))
        if when is not None:
            into.add("created", when.isoformat(), "iptc", "DateCreated", when=when)


def _iptc_block(image: Image.Image) -> bytes | None:
    photoshop = image.info.get("photoshop")
    if not isinstance(photoshop, dict):
        return None
    block = photoshop.get(0x0404)
    return block if isinstance(block, bytes) and block else None


def _values(raw: bytes | list[bytes] | None) -> list[bytes]:
    if raw is None:
        return []
    return [v for v in (raw if isinstance(raw, list) else [raw]) if isinstance(v, bytes)]


def _decode(raw: bytes, utf8: bool) -> str:
    """UTF-8 when the file says so or the bytes are valid UTF-8; else the Latin-1 of older IIM."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace") if utf8 else raw.decode("cp1252", "replace")


def parse_iptc_date(text: str) -> date | None:
    """CCYYMMDD; IIM allows 00 for an unknown month or day (taken as the first)."""
    digits = text.strip()
    if len(digits) != 8 or not digits.isdigit():
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]) or 1, int(digits[6:]) or 1
    try:
        return date(year, month, day)
    except ValueError:
        return None
