"""The photo_metadata signal through the real checker, on files that carry real metadata
(written by ExifTool, Pillow and c2pa-python; see bench/metadata.py)."""

from __future__ import annotations

from datetime import date

from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.images import decode_image
from app.engine.signals.photo_metadata import (
    IMAGE_AI_GENERATED,
    PHOTO_METADATA_CONFLICT,
    PHOTO_METADATA_FOUND,
    PHOTO_METADATA_UNREADABLE,
    PROVENANCE_INVALID,
    PROVENANCE_VERIFIED,
)
from app.engine.signals.registry import all_codes
from app.errors import ModelUnavailable
from app.schema import ArticleIn, Reason, Report
from app.settings import Settings, Severity
from bench.metadata import (
    AI_SOURCE,
    BILLION_LAUGHS_XMP,
    c2pa_sign,
    exiftool_write,
    photo_jpeg,
    pillow_write,
    tampered,
)
from tests.engine.photo_metadata.fixtures import chain, exiftool

__all__ = ["chain", "exiftool"]  # fixtures
CODES = {PHOTO_METADATA_CONFLICT, IMAGE_AI_GENERATED, PROVENANCE_VERIFIED, PROVENANCE_INVALID,
         PHOTO_METADATA_UNREADABLE, PHOTO_METADATA_FOUND}
FLOODS = {
    "headline": "Floods displace millions across Pakistan",
    "published": "2024-08-28",
    "body": "Monsoon floods have swept through Sindh province in Pakistan, displacing millions. "
            "In Sukkur, residents waded through streets on Tuesday as the Indus rose.",
}
CAPTION = "Residents wade through a flooded street in Sukkur on Tuesday."


def no_clip():
    raise ModelUnavailable("no CLIP weights in this test")


def check(text_encoder, data: bytes, caption: str = CAPTION, **settings) -> Report:
    chosen = Settings(**settings)
    checker = Checker(chosen, EncoderProvider(lambda: text_encoder, no_clip))
    article = ArticleIn.model_validate({**FLOODS, "figures": [{"image": None, "caption": caption}]})
    image = decode_image(data, "upload:figure-0", chosen, "figures[0].image")
    return checker.check(article, images={0: image})


def reasons(report: Report) -> dict[str, Reason]:
    return {r.code: r for r in report.figures[0].reasons if r.code in CODES}


def test_the_signal_s_codes_are_registered():
    assert CODES <= set(all_codes())


def test_iptc_city_jakarta_on_a_pakistan_flood_story_is_a_mismatch(text_encoder, exiftool):
    data = exiftool_write(photo_jpeg(), {"IPTC:City": "Jakarta", "IPTC:Country-PrimaryLocationName": "Indonesia",
                                         "IPTC:DateCreated": "2024:08:27"})
    report = check(text_encoder, data)
    found = reasons(report)
    conflict = found[PHOTO_METADATA_CONFLICT]
    assert conflict.severity == Severity.mismatch and report.figures[0].verdict == "mismatch"
    assert conflict.evidence["source"] == "iptc" and conflict.evidence["kind"] == "place"
    assert conflict.evidence["field"] == "City, Country-PrimaryLocationName"
    assert conflict.evidence["value"] == "Jakarta, Indonesia"
    assert "Jakarta, Indonesia" in conflict.message and "Sukkur" in conflict.message
    assert found[PHOTO_METADATA_FOUND].evidence["place"] == "Jakarta, Indonesia"


def test_exif_2009_on_a_2024_story_is_a_mismatch_unless_the_caption_says_file_photo(text_encoder):
    data = pillow_write(photo_jpeg(), "2009:07:14 10:00:00", camera=("Nikon", "Nikon D700"))
    conflict = reasons(check(text_encoder, data))[PHOTO_METADATA_CONFLICT]
    assert conflict.severity == Severity.mismatch
    assert {k: conflict.evidence[k] for k in ("kind", "source", "field", "value", "file_date", "story_date")} == {
        "kind": "date", "source": "exif", "field": "DateTimeOriginal", "value": "2009-07-14T10:00:00",
        "file_date": "2009-07-14", "story_date": "2024-08-28"}
    assert conflict.evidence["days_before"] == (date(2024, 8, 28) - date(2009, 7, 14)).days
    assert "15 years before" in conflict.message and "file or archive" in conflict.message
    archive = check(text_encoder, data, "File photo: residents wade through a flooded street in Sukkur.")
    assert set(reasons(archive)) == {PHOTO_METADATA_FOUND}


def test_agreeing_metadata_raises_no_flag_and_is_shown(text_encoder, exiftool):
    data = exiftool_write(pillow_write(photo_jpeg(), "2024:08:27 09:12:00", (27.7052, 68.8574), ("Canon", "Canon EOS R5")), {
        "IPTC:Caption-Abstract": "Residents wade through a flooded street in Sukkur, Pakistan, Aug. 27, 2024.",
        "IPTC:City": "Sukkur", "IPTC:Country-PrimaryLocationName": "Pakistan", "IPTC:DateCreated": "2024:08:27",
        "IPTC:By-line": "A. Photographer", "IPTC:Credit": "Example News",
    })
    report = check(text_encoder, data)
    found = reasons(report)
    assert set(found) == {PHOTO_METADATA_FOUND} and report.figures[0].verdict == "consistent"
    summary = found[PHOTO_METADATA_FOUND]
    assert summary.severity == Severity.info
    assert summary.evidence["caption"].startswith("Residents wade through a flooded street in Sukkur")
    assert summary.evidence["place"] == "Sukkur, Pakistan" and summary.evidence["date"] == "2024-08-27"
    assert summary.evidence["camera_time"] == "2024-08-27T09:12:00"
    assert summary.evidence["credit"] == "Example News" and summary.evidence["byline"] == "A. Photographer"
    assert summary.evidence["camera"] == "Canon EOS R5"
    assert summary.evidence["gps"] == {"latitude": 27.7052, "longitude": 68.8574, "near": "Sukkur, Pakistan"}
    assert summary.evidence["sources"]["place"] == "IPTC City, Country-PrimaryLocationName"
    assert "Sukkur, Pakistan" in summary.message


def test_a_file_without_metadata_adds_nothing(text_encoder):
    assert reasons(check(text_encoder, photo_jpeg())) == {}


def test_an_ai_source_type_is_a_mismatch_whose_severity_is_configurable(text_encoder, exiftool):
    data = exiftool_write(photo_jpeg(), {"XMP-iptcExt:DigitalSourceType": AI_SOURCE})
    ai = reasons(check(text_encoder, data))[IMAGE_AI_GENERATED]
    assert ai.severity == Severity.mismatch
    assert ai.evidence == {"source": "xmp", "field": "Iptc4xmpExt:DigitalSourceType", "value": AI_SOURCE,
                           "signed": False}
    relaxed = check(text_encoder, data, severity_overrides={IMAGE_AI_GENERATED: "review"})
    assert reasons(relaxed)[IMAGE_AI_GENERATED].severity == Severity.review


def test_valid_credentials_name_the_signer_and_trust_comes_from_the_anchors_setting(text_encoder, chain, tmp_path):
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(chain.root_pem)
    signed = c2pa_sign(pillow_write(photo_jpeg(), "2024:08:27 09:12:00"), chain)
    trusted = reasons(check(text_encoder, signed, c2pa_trust_anchors=anchors))[PROVENANCE_VERIFIED]
    assert trusted.severity == Severity.info and "Photo Desk (Example News)" in trusted.message
    assert trusted.evidence["trusted"] is True and trusted.evidence["source"] == "c2pa"
    unconfirmed = reasons(check(text_encoder, signed))
    assert unconfirmed[PROVENANCE_VERIFIED].evidence["trusted"] is False
    assert "unconfirmed" in unconfirmed[PROVENANCE_VERIFIED].message
    assert unconfirmed[PHOTO_METADATA_FOUND].evidence["provenance"]["signer"] == "Photo Desk (Example News)"


def test_tampered_credentials_say_so(text_encoder, chain):
    found = reasons(check(text_encoder, tampered(c2pa_sign(photo_jpeg(), chain))))
    invalid = found[PROVENANCE_INVALID]
    assert invalid.severity == Severity.info and "do not validate" in invalid.message
    assert "assertion.dataHash.mismatch" in invalid.evidence["failures"]
    assert PROVENANCE_VERIFIED not in found


def test_signed_ai_credentials_are_a_mismatch(text_encoder, chain):
    ai = reasons(check(text_encoder, c2pa_sign(photo_jpeg(), chain, source_type=AI_SOURCE)))[IMAGE_AI_GENERATED]
    assert ai.severity == Severity.mismatch
    assert ai.evidence["source"] == "c2pa" and ai.evidence["signed"] is True
    assert "signed content credentials" in ai.message


def test_hostile_xmp_is_an_info_note_and_the_check_goes_on(text_encoder):
    report = check(text_encoder, pillow_write(photo_jpeg(), "2024:08:27 09:12:00", xmp=BILLION_LAUGHS_XMP))
    note = reasons(report)[PHOTO_METADATA_UNREADABLE]
    assert note.severity == Severity.info and "unsafe" in note.message
    assert report.figures[0].verdict == "consistent"


def test_metadata_checks_can_be_turned_off(text_encoder):
    data = pillow_write(photo_jpeg(), "2009:07:14 10:00:00")
    assert reasons(check(text_encoder, data, photo_metadata_enabled=False)) == {}
