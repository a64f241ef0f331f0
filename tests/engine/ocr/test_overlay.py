"""Boxes of the text read, drawn on a thumbnail at the right place."""

from __future__ import annotations

from PIL import Image

from app.engine.ocr.overlay import BOX_COLOUR, draw_text_boxes, figure_overlay, words_in
from app.schema import FigureReport, ImageInfo, Reason, Scores
from app.settings import Severity

WORDS = [{"text": "LAGOS", "box": [400, 200, 800, 300], "confidence": 0.99}]


def figure(reasons: list[Reason]) -> FigureReport:
    image = ImageInfo(source="p.jpg", sha256="0" * 64, width=1600, height=1200)
    return FigureReport(index=0, caption="c", image=image, verdict="consistent", scores=Scores(), reasons=reasons)


def conflict() -> Reason:
    return Reason(code="image_text_conflict", severity=Severity.mismatch, message="m", evidence={"text": WORDS})


def test_boxes_are_scaled_from_original_pixels_to_the_thumbnail():
    thumb = Image.new("RGB", (320, 240), (90, 90, 90))
    drawn = draw_text_boxes(thumb, WORDS, (1600, 1200))
    # 1600 -> 320 is a fifth: the box runs from (80, 40) to (160, 60)
    edge = [drawn.getpixel((x, 40)) for x in range(70, 171)]
    assert BOX_COLOUR in edge
    assert drawn.getpixel((120, 50)) == (90, 90, 90)  # inside the box: the photo, untouched
    assert drawn.getpixel((20, 200)) == (90, 90, 90)  # far from it: untouched
    assert thumb.getpixel((80, 40)) == (90, 90, 90)  # the thumbnail itself is not changed


def test_a_figure_with_text_evidence_gets_an_overlay_and_one_without_none():
    thumb = Image.new("RGB", (320, 240), "white")
    assert words_in(figure([conflict()])) == WORDS
    assert figure_overlay(thumb, figure([conflict()])) is not None
    other = Reason(code="caption_off_topic", severity=Severity.review, message="m", evidence={"text": WORDS})
    assert figure_overlay(thumb, figure([other])) is None


def test_malformed_boxes_are_skipped():
    bad = Reason(code="image_text_agrees", severity=Severity.info, message="m",
                 evidence={"text": [{"text": "x", "box": "nope"}, {"text": "y", "box": [1, 2, 3]}, *WORDS]})
    assert words_in(figure([bad])) == WORDS
