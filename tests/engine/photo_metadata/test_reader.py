"""Reading IPTC, XMP, EXIF and GPS from files that ExifTool and Pillow wrote."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from PIL import Image, PngImagePlugin

from app.engine.images import decode_image
from app.engine.photo_metadata import PhotoMetadata, read_photo_metadata
from app.engine.photo_metadata.xmp import MAX_XMP_BYTES
from app.settings import Settings
from bench.metadata import (
    AI_SOURCE,
    BILLION_LAUGHS_XMP,
    exiftool_write,
    photo_jpeg,
    pillow_write,
)


def read(data: bytes) -> PhotoMetadata:
    return read_photo_metadata(data, Image.open(io.BytesIO(data)))


def values(meta: PhotoMetadata, kind: str) -> list[tuple[str, str, str]]:
    return [(s.source, s.field, s.value) for s in meta.of(kind)]  # type: ignore[arg-type]


def xmp_packet(description: str) -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"{description}</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    ).encode()


def test_iptc_fields_written_by_exiftool_are_read_with_their_names(exiftool):
    data = exiftool_write(photo_jpeg(), {
        "IPTC:Caption-Abstract": "Residents wade through floodwater in Jakarta, Indonesia.",
        "IPTC:City": "Jakarta", "IPTC:Province-State": "DKI Jakarta",
        "IPTC:Country-PrimaryLocationName": "Indonesia", "IPTC:Country-PrimaryLocationCode": "IDN",
        "IPTC:DateCreated": "2020:01:02", "IPTC:By-line": "Ana Pérez", "IPTC:Credit": "Example News",
        "IPTC:Source": "Example Wire",
    })
    meta = read(data)
    assert values(meta, "caption") == [("iptc", "Caption-Abstract",
                                        "Residents wade through floodwater in Jakarta, Indonesia.")]
    assert values(meta, "city") == [("iptc", "City", "Jakarta")]
    assert values(meta, "region") == [("iptc", "Province-State", "DKI Jakarta")]
    assert values(meta, "country") == [("iptc", "Country-PrimaryLocationName", "Indonesia")]
    assert values(meta, "country_code") == [("iptc", "Country-PrimaryLocationCode", "IDN")]
    assert values(meta, "byline") == [("iptc", "By-line", "Ana Pérez")]  # UTF-8 declared in 1:90
    assert values(meta, "credit") == [("iptc", "Credit", "Example News")]
    assert values(meta, "source") == [("iptc", "Source", "Example Wire")]
    [created] = meta.of("created")
    assert created.when == date(2020, 1, 2) and created.field == "DateCreated"
    assert meta.problems == ()


def test_xmp_fields_written_by_exiftool_are_read(exiftool):
    data = exiftool_write(photo_jpeg(), {
        "XMP-dc:Description": "Flooded street in Sukkur", "XMP-dc:Creator": "A. Photographer",
        "XMP-photoshop:City": "Sukkur", "XMP-photoshop:State": "Sindh", "XMP-photoshop:Country": "Pakistan",
        "XMP-photoshop:DateCreated": "2022:08:28 10:15:00", "XMP-photoshop:Credit": "Example News",
        "XMP-iptcCore:Location": "Clock tower", "XMP-iptcCore:CountryCode": "PK",
        "XMP-iptcExt:DigitalSourceType": AI_SOURCE,
    })
    meta = read(data)
    assert values(meta, "caption") == [("xmp", "dc:description", "Flooded street in Sukkur")]
    assert values(meta, "byline") == [("xmp", "dc:creator", "A. Photographer")]
    assert values(meta, "city") == [("xmp", "photoshop:City", "Sukkur")]
    assert values(meta, "region") == [("xmp", "photoshop:State", "Sindh")]
    assert values(meta, "country") == [("xmp", "photoshop:Country", "Pakistan")]
    assert values(meta, "country_code") == [("xmp", "Iptc4xmpCore:CountryCode", "PK")]
    assert values(meta, "sublocation") == [("xmp", "Iptc4xmpCore:Location", "Clock tower")]
    assert values(meta, "digital_source_type") == [("xmp", "Iptc4xmpExt:DigitalSourceType", AI_SOURCE)]
    assert [s.when for s in meta.of("created")] == [date(2022, 8, 28)]


def test_xmp_location_structures_and_attributes_are_read():
    packet = xmp_packet(
        '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
        ' xmlns:exif="http://ns.adobe.com/exif/1.0/"'
        ' photoshop:Country="Kenya" exif:GPSLatitude="1,17.2S" exif:GPSLongitude="36,49.2E">'
        "<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
        "<Iptc4xmpExt:City>Nairobi</Iptc4xmpExt:City><Iptc4xmpExt:CountryCode>KE</Iptc4xmpExt:CountryCode>"
        "</rdf:li></rdf:Bag></Iptc4xmpExt:LocationShown>"
        '<Iptc4xmpExt:DigitalSourceType rdf:resource="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"/>'
        "</rdf:Description>"
    )
    meta = read(pillow_write(photo_jpeg(), xmp=packet))
    assert values(meta, "country") == [("xmp", "photoshop:Country", "Kenya")]
    assert values(meta, "city") == [("xmp", "Iptc4xmpExt:City", "Nairobi")]
    assert values(meta, "country_code") == [("xmp", "Iptc4xmpExt:CountryCode", "KE")]
    assert meta.of("digital_source_type")[0].value.endswith("/digitalCapture")
    assert meta.gps is not None and meta.gps.field.startswith("XMP")
    assert meta.gps.latitude == pytest.approx(-1.2867, abs=1e-3)
    assert meta.gps.longitude == pytest.approx(36.82, abs=1e-3)


def test_exif_camera_time_gps_and_camera_written_by_pillow_are_read():
    data = pillow_write(photo_jpeg(), "2009:07:14 10:00:00", (-33.8688, 151.2093), ("Canon", "Canon EOS 5D"))
    meta = read(data)
    [camera_time] = meta.of("camera_time")
    assert camera_time.time == datetime(2009, 7, 14, 10, 0) and camera_time.field == "DateTimeOriginal"
    assert camera_time.source == "exif"
    assert values(meta, "camera") == [("exif", "Make/Model", "Canon EOS 5D")]
    assert meta.gps is not None and meta.gps.source == "gps"
    assert meta.gps.latitude == pytest.approx(-33.8688, abs=1e-4)
    assert meta.gps.longitude == pytest.approx(151.2093, abs=1e-4)


def test_xmp_in_a_png_is_read():
    packet = xmp_packet('<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
                        'photoshop:City="Lagos"/>')
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(buffer, "PNG", pnginfo=info)
    assert values(read(buffer.getvalue()), "city") == [("xmp", "photoshop:City", "Lagos")]


def test_a_file_without_metadata_is_empty():
    meta = read(photo_jpeg())
    assert meta.empty and meta.problems == ()


def test_billion_laughs_in_xmp_is_refused_unexpanded():
    meta = read(pillow_write(photo_jpeg(), xmp=BILLION_LAUGHS_XMP))
    assert meta.of("city") == []
    [problem] = meta.problems
    assert "DTD" in problem and "unsafe" in problem


@pytest.mark.parametrize("packet, expected", [
    (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed>", "not well-formed"),
    (b"<?xml version='1.0'?><!DOCTYPE x SYSTEM 'file:///etc/passwd'><x/>", "DTD"),
])
def test_malformed_or_oversized_xmp_is_absent_with_a_note(packet, expected):
    meta = read(pillow_write(photo_jpeg(), "2021:03:04 05:06:07", xmp=packet))
    assert len(meta.problems) == 1 and expected in meta.problems[0]
    assert [s.value for s in meta.of("camera_time")] == ["2021-03-04T05:06:07"]  # the rest is still read


def test_oversized_xmp_is_absent_with_a_note():
    """A JPEG segment holds 64 KiB at most; a PNG chunk may hold far more."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x>" + " " * MAX_XMP_BYTES + "</x>")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "PNG", pnginfo=info)
    meta = read(buffer.getvalue())
    assert len(meta.problems) == 1 and "over 1,048,576" in meta.problems[0]


def test_malformed_iptc_block_is_absent_with_a_note(exiftool):
    data = exiftool_write(photo_jpeg(), {"IPTC:City": "Jakarta"})
    start = data.index(b"\x1c\x02")  # the first IPTC dataset marker
    broken = data[:start] + b"\x1d" + data[start + 1:]
    meta = read(broken)
    assert meta.of("city") == []
    assert len(meta.problems) == 1 and "IPTC" in meta.problems[0]


def test_overlong_and_repeated_values_are_capped():
    long_caption = "Flood " * 2_000
    packet = xmp_packet(
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{long_caption}</rdf:li></rdf:Alt></dc:description>"
        + "".join(f"<photoshop:City>City{i}</photoshop:City>" for i in range(500))
        + "</rdf:Description>"
    )
    meta = read(pillow_write(photo_jpeg(), xmp=packet))
    [caption] = meta.of("caption")
    assert len(caption.value) == 2_000 and caption.value.endswith("…")
    assert len(meta.of("city")) == 4


def test_unset_gps_and_impossible_dates_are_absent():
    data = pillow_write(photo_jpeg(), "0000:00:00 00:00:00", (0.0, 0.0))
    meta = read(data)
    assert meta.gps is None and meta.of("camera_time") == []


def test_decode_image_attaches_metadata_unless_disabled():
    data = pillow_write(photo_jpeg(), "2022:08:28 10:15:00", (27.70, 68.86))
    loaded = decode_image(data, "upload:0", Settings(), "figures[0].image")
    assert loaded.metadata is not None and loaded.metadata.gps is not None
    assert loaded.image.mode == "RGB"
    off = decode_image(data, "upload:0", Settings(photo_metadata_enabled=False), "figures[0].image")
    assert off.metadata is None
