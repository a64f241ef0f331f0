"""The image_text signal through the real checker.

Most tests hand the checker a reader whose words the test sets (a fake: it tests the
decisions, not OCR quality); the last ones read real rendered photos with RapidOCR.
"""

from __future__ import annotations

import hashlib
import io
import random

import pytest
from PIL import Image, ImageDraw

from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.images import LoadedImage
from app.engine.ocr.base import Word
from app.engine.signals.image_text import IMAGE_TEXT_AGREES, IMAGE_TEXT_CONFLICT
from app.errors import ModelUnavailable
from app.schema import ArticleIn, Reason
from app.settings import Settings, Severity
from bench.ocr_fixtures import background, font_for_cap_height, fonts

NAIROBI = {
    "headline": "Thousands protest fuel tax in Kenya",
    "published": "2024-06-25",
    "body": "Thousands of people marched in Nairobi on Tuesday against a new fuel tax. "
            "Police fired tear gas near parliament, and President William Ruto said the law would stand.",
}
NAIROBI_CAPTION = "Protesters march through central Nairobi on Tuesday."
BERLIN = {
    "headline": "Record field runs the Berlin Marathon",
    "published": "2024-09-29",
    "body": "More than 50,000 runners took part in the Berlin Marathon on Sunday, "
            "finishing at the Brandenburg Gate in Germany's capital.",
}
BERLIN_CAPTION = "Runners pass the Brandenburg Gate in Berlin on Sunday."


class SetWords:
    """A reader that returns the lines the test gives it, every word sure unless told."""

    name = "rapidocr"

    def __init__(self, *lines: str, confidence: float = 0.98, error: Exception | None = None) -> None:
        self.words = [
            Word(text, (40 + 120 * i, 30 + 60 * n, 150 + 120 * i, 80 + 60 * n), confidence, n)
            for n, line in enumerate(lines) for i, text in enumerate(line.split())
        ]
        self.error = error
        self.calls = 0

    def read(self, image: Image.Image) -> list[Word]:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.words


def no_clip():
    raise ModelUnavailable("no CLIP weights in this test")


def photo(seed: int = 1, size: tuple[int, int] = (800, 600)) -> LoadedImage:
    image = background("scene", size, random.Random(seed))
    return loaded(image)


def loaded(image: Image.Image) -> LoadedImage:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    return LoadedImage("photo.png", digest, image.width, image.height, image)


def checker_with(text_encoder, reader=None, **settings) -> Checker:
    provider = EncoderProvider(lambda: text_encoder, no_clip)
    if reader is not None:
        provider.shared("ocr:rapidocr", lambda: reader)
    return Checker(Settings(**settings), provider)


def text_reasons(checker: Checker, story: dict, caption: str, image: LoadedImage | None = None) -> list[Reason]:
    article = ArticleIn.model_validate({**story, "figures": [{"image": None, "caption": caption}]})
    report = checker.check(article, images={0: image or photo()})
    return [r for r in report.figures[0].reasons if r.code in (IMAGE_TEXT_CONFLICT, IMAGE_TEXT_AGREES)]


def test_placard_naming_another_country_s_city_is_a_mismatch(text_encoder):
    reader = SetWords("LAGOS SAYS NO TO FUEL HIKE")
    [reason] = text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION)
    assert reason.code == IMAGE_TEXT_CONFLICT and reason.severity == Severity.mismatch
    assert "LAGOS SAYS NO TO FUEL HIKE" in reason.message and "Nigeria" in reason.message
    assert "Nairobi" in reason.message
    assert reason.evidence["photo_places"] == ["LAGOS"] and reason.evidence["photo_countries"] == ["NG"]
    first = reason.evidence["text"][0]
    assert first == {"text": "LAGOS", "box": [40, 30, 150, 80], "confidence": 0.98}
    assert len(reason.evidence["text"]) == 6


def test_old_banner_of_another_city_s_race_names_place_and_year(text_encoder):
    reader = SetWords("TOKYO MARATHON 2019")
    [reason] = text_reasons(checker_with(text_encoder, reader), BERLIN, BERLIN_CAPTION)
    assert reason.severity == Severity.mismatch
    assert reason.evidence["photo_places"] == ["TOKYO"] and reason.evidence["photo_years"] == [2019]
    assert "Japan" in reason.message and "2019 is 5 years before the story's date" in reason.message


def test_an_old_year_alone_asks_for_review(text_encoder):
    reader = SetWords("BERLIN MARATHON", "2019")
    [reason] = text_reasons(checker_with(text_encoder, reader), BERLIN, BERLIN_CAPTION)
    assert reason.code == IMAGE_TEXT_CONFLICT and reason.severity == Severity.review
    assert reason.evidence["photo_places"] == [] and reason.evidence["photo_years"] == [2019]


def test_text_naming_the_story_s_place_or_person_is_an_info_reason(text_encoder):
    reader = SetWords("RUTO MUST GO", "NAIROBI SAYS NO")
    [reason] = text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION)
    assert reason.code == IMAGE_TEXT_AGREES and reason.severity == Severity.info
    assert set(reason.evidence["agrees_with"]) == {"NAIROBI", "RUTO"}


def test_a_place_that_agrees_outweighs_one_that_does_not(text_encoder):
    reader = SetWords("NAIROBI AND LAGOS UNITED")
    [reason] = text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION)
    assert reason.code == IMAGE_TEXT_AGREES


@pytest.mark.parametrize("lines", [
    ("LAGOS SAYS NO",),  # read with too little confidence: see below
])
def test_words_the_engine_is_unsure_of_never_flag(text_encoder, lines):
    reader = SetWords(*lines, confidence=0.6)
    assert text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION) == []


@pytest.mark.parametrize("lines", [
    ("BIG SALE TODAY",),  # Salé, Morocco
    ("HAVE A NICE DAY",),  # Nice, France
    ("SPLIT THE BILL",),  # Split, Croatia
    ("JORDAN", "23"),  # a shirt
    ("NO TO UK RULE",),  # "NO" is Norway's code, "UK" too short
    ("ESTABLISHED 1998",),
    ("SINCE 2001",),
    ("1914 1918",),  # a memorial's range
    ("LA 2028",),  # a coming event
    ("OPEN 24 HOURS",),
    ("X", "7", "EXIT"),
])
def test_common_words_short_tokens_and_milestone_years_never_flag(text_encoder, lines):
    reader = SetWords(*lines)
    assert text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION) == []


def test_a_caption_that_says_file_photo_has_no_year_conflict(text_encoder):
    reader = SetWords("BERLIN MARATHON 2019")
    caption = "Runners in Berlin in this 2019 file photo."
    assert [r.code for r in text_reasons(checker_with(text_encoder, reader), BERLIN, caption)] == [IMAGE_TEXT_AGREES]


def test_a_story_without_places_or_date_has_nothing_to_contradict(text_encoder):
    story = {"headline": "Runners enjoy the sun", "body": "Many runners took part on Sunday and enjoyed the weather."}
    reader = SetWords("TOKYO MARATHON 2019")
    assert text_reasons(checker_with(text_encoder, reader), story, "Runners at the race.") == []


def test_ocr_turned_off_reads_nothing(text_encoder):
    reader = SetWords("LAGOS SAYS NO")
    checker = checker_with(text_encoder, reader, ocr_enabled=False)
    assert text_reasons(checker, NAIROBI, NAIROBI_CAPTION) == []
    assert reader.calls == 0


def test_an_engine_failure_never_fails_the_check(text_encoder):
    reader = SetWords(error=RuntimeError("onnxruntime: bad input"))
    assert text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION) == []
    assert reader.calls == 1


def test_checking_the_same_photo_again_does_not_read_it_again(text_encoder):
    reader = SetWords("LAGOS SAYS NO")
    checker = checker_with(text_encoder, reader)
    image = photo()
    for _ in range(3):
        assert len(text_reasons(checker, NAIROBI, NAIROBI_CAPTION, image)) == 1
    assert reader.calls == 1


def test_the_minimum_confidence_is_a_setting(text_encoder):
    reader = SetWords("LAGOS SAYS NO", confidence=0.7)
    assert text_reasons(checker_with(text_encoder, reader, ocr_min_confidence=0.6), NAIROBI, NAIROBI_CAPTION)
    assert not text_reasons(checker_with(text_encoder, reader), NAIROBI, NAIROBI_CAPTION)


# Real RapidOCR on rendered photos.

def placard_photo(text: str, seed: int = 4) -> LoadedImage:
    image = background("photo", (1024, 683), random.Random(seed))
    draw = ImageDraw.Draw(image)
    face = font_for_cap_height(fonts()[0], 44)
    left, top, right, bottom = draw.textbbox((90, 240), text, font=face)
    draw.rectangle([left - 16, top - 16, right + 16, bottom + 16], fill=(250, 245, 230))
    draw.text((90, 240), text, font=face, fill=(25, 25, 25))
    return loaded(image)


def test_real_ocr_flags_a_lagos_placard_under_a_nairobi_caption(text_encoder):
    [reason] = text_reasons(checker_with(text_encoder), NAIROBI, NAIROBI_CAPTION,
                            placard_photo("LAGOS SAYS NO TO FUEL HIKE"))
    assert reason.code == IMAGE_TEXT_CONFLICT and reason.severity == Severity.mismatch
    assert [w["text"] for w in reason.evidence["text"]][:2] == ["LAGOS", "SAYS"]


def test_real_ocr_agrees_with_a_nairobi_placard(text_encoder):
    [reason] = text_reasons(checker_with(text_encoder), NAIROBI, NAIROBI_CAPTION,
                            placard_photo("NAIROBI SAYS NO TO FUEL HIKE"))
    assert reason.code == IMAGE_TEXT_AGREES


@pytest.mark.parametrize("image", [
    photo(seed=2),
    photo(seed=3, size=(16, 16)),
    loaded(background("bricks", (640, 480), random.Random(5)).rotate(90, expand=True)),
    loaded(Image.new("RGB", (900, 600), (120, 120, 120))),
], ids=["scene", "tiny", "rotated-bricks", "flat-grey"])
def test_real_ocr_on_photos_without_text_gives_no_reason(text_encoder, image):
    assert text_reasons(checker_with(text_encoder), BERLIN, BERLIN_CAPTION, image) == []
