"""XMP packets, parsed with defusedxml: no DTD, no entity expansion, a size cap.

Properties are read wherever the packet puts them: as attributes of rdf:Description, as
elements, inside rdf:Alt/Seq/Bag lists, and inside IPTC Extension location structures
(LocationShown, LocationCreated).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from PIL import Image

from app.engine.photo_metadata.model import Collected, GpsPosition, Kind

MAX_XMP_BYTES = 1024 * 1024
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DC = "http://purl.org/dc/elements/1.1/"
_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
_EXIF = "http://ns.adobe.com/exif/1.0/"
_PREFIX = {_DC: "dc", _PHOTOSHOP: "photoshop", _CORE: "Iptc4xmpCore", _EXT: "Iptc4xmpExt", _EXIF: "exif"}
_PROPERTIES: dict[str, Kind] = {
    f"{{{_DC}}}description": "caption",
    f"{{{_PHOTOSHOP}}}City": "city",
    f"{{{_EXT}}}City": "city",
    f"{{{_PHOTOSHOP}}}State": "region",
    f"{{{_EXT}}}ProvinceState": "region",
    f"{{{_PHOTOSHOP}}}Country": "country",
    f"{{{_EXT}}}CountryName": "country",
    f"{{{_CORE}}}CountryCode": "country_code",
    f"{{{_EXT}}}CountryCode": "country_code",
    f"{{{_CORE}}}Location": "sublocation",
    f"{{{_EXT}}}Sublocation": "sublocation",
    f"{{{_DC}}}creator": "byline",
    f"{{{_PHOTOSHOP}}}Credit": "credit",
    f"{{{_PHOTOSHOP}}}Source": "source",
    f"{{{_EXT}}}DigitalSourceType": "digital_source_type",
    f"{{{_PHOTOSHOP}}}DateCreated": "created",
    f"{{{_EXIF}}}DateTimeOriginal": "camera_time",
}
_LISTS = {f"{{{RDF}}}{name}" for name in ("Alt", "Seq", "Bag")}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?)?)?)?")
_XMP_GPS = re.compile(r"^(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?([NSEW])$")


def xmp_packet(image: Image.Image) -> bytes | None:
    """The packet as Pillow found it: JPEG APP1, PNG iTXt, WebP and GIF chunks."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        raw = image.info.get(key)
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "replace")
        if isinstance(raw, bytes) and raw.strip(b"\x00 \r\n\t"):
            return raw
    return None


def read_xmp(image: Image.Image, into: Collected) -> None:
    packet = xmp_packet(image)
    if packet is None:
        return
    if len(packet) > MAX_XMP_BYTES:
        into.problems.append(f"XMP packet of {len(packet):,} bytes is over {MAX_XMP_BYTES:,}; ignored")
        return
    try:
        root = fromstring(packet.rstrip(b"\x00 \r\n\t"), forbid_dtd=True)
    except DefusedXmlException as exc:
        into.problems.append(f"XMP packet declares a DTD or entities ({type(exc).__name__}); ignored as unsafe")
        return
    except (ParseError, ValueError) as exc:
        into.problems.append(f"XMP packet is not well-formed XML ({exc}); ignored")
        return
    for element in root.iter():
        _read_attributes(element, into)
        kind = _PROPERTIES.get(element.tag)
        if kind is not None:
            for value in _element_values(element):
                _add(into, kind, element.tag, value)
    _read_gps(root, into)


def _read_attributes(element: Element, into: Collected) -> None:
    for name, value in element.attrib.items():
        kind = _PROPERTIES.get(name)
        if kind is not None:
            _add(into, kind, name, value)


def _element_values(element: Element) -> list[str]:
    resource = element.get(f"{{{RDF}}}resource")
    if resource:
        return [resource]
    lists = [child for child in element if child.tag in _LISTS]
    if not lists:
        return [element.text or ""] if len(element) == 0 else []
    items = [li for lst in lists for li in lst if li.tag == f"{{{RDF}}}li"]
    default = [li for li in items if li.get(XML_LANG) == "x-default"]
    return [li.text or "" for li in (default or items)]


def _add(into: Collected, kind: Kind, tag: str, value: str) -> None:
    name = _qualified(tag)
    if kind == "created":
        when = _iso_date(value)
        if when is not None:
            into.add(kind, when.isoformat(), "xmp", name, when=when)
    elif kind == "camera_time":
        moment = _iso_datetime(value)
        if moment is not None:
            into.add(kind, moment.isoformat(), "xmp", name, when=moment.date(), time=moment)
    else:
        into.add(kind, value, "xmp", name)


def _qualified(tag: str) -> str:
    namespace, _, local = tag[1:].partition("}")
    return f"{_PREFIX.get(namespace, namespace)}:{local}"


def _iso_date(text: str) -> date | None:
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_datetime(text: str) -> datetime | None:
    match = _ISO_DATE.match(text.strip())
    if not match or match[4] is None:
        return None
    try:
        return datetime(*(int(match[i] or 0) for i in range(1, 7)))
    except ValueError:
        return None


def _read_gps(root: Element, into: Collected) -> None:
    if into.gps is not None:
        return
    found = {name: _gps_value(root, name) for name in ("GPSLatitude", "GPSLongitude")}
    lat, lon = found["GPSLatitude"], found["GPSLongitude"]
    if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
        into.gps = GpsPosition(lat, lon, "XMP exif:GPSLatitude/exif:GPSLongitude")


def _gps_value(root: Element, name: str) -> float | None:
    tag = f"{{{_EXIF}}}{name}"
    text = next((e.get(tag) for e in root.iter(f"{{{RDF}}}Description") if e.get(tag)), None)
    if text is None:
        text = next((e.text for e in root.iter(tag) if e.text), None)
    match = _XMP_GPS.match((text or "").strip())
    if not match:
        return None
    value = int(match[1]) + float(match[2]) / 60 + float(match[3] or 0) / 3600
    return -value if match[4] in "SW" else value
