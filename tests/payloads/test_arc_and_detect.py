"""Arc XP ANS stories as articles, and telling the payload shapes apart."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from app.errors import InputError
from app.payloads import UnknownPayloadShape, detect_format, to_article
from app.payloads.arc import to_article as arc_article
from tests.webhooks.conftest import REPO

ARC = json.loads((REPO / "samples" / "arc-story.json").read_text())


def test_the_arc_sample_reads_promo_and_inline_images_once_each():
    kind, article = to_article(ARC)
    assert kind == "arc"
    assert article.published == datetime(2020, 9, 12, 15, 40, tzinfo=timezone.utc)
    assert len(article.figures) == 3 and article.figures[0].credit == "Sample Photographer"
    assert article.figures[0].alt == "Delegates walk into a hotel conference hall"
    assert "Taliban’s political office" in article.body  # entities decoded
    assert "US Capitol" not in article.body


def test_galleries_headers_lists_and_credits():
    story = {
        "type": "story", "headlines": {"basic": "Harvest <i>begins</i>"}, "first_publish_date": "2024-08-01",
        "content_elements": [
            {"type": "header", "content": "In the fields"},
            {"type": "text", "content": "Farmers began the <a href='#'>harvest</a>."},
            {"type": "list", "items": [{"type": "text", "content": "Wheat"}, {"type": "text", "content": "Barley"}]},
            {"type": "gallery", "content_elements": [
                {"type": "image", "_id": "I1", "url": "https://cdn.example.org/1.jpg", "caption": "A combine.",
                 "credits": {"by": [{"name": "A. Photographer"}, {"name": "B. Photographer"}]}},
                {"type": "image", "_id": "I2", "url": "https://cdn.example.org/2.jpg", "caption": "",
                 "subtitle": "Bales in a row."},
                {"type": "image", "_id": "I3", "url": "https://cdn.example.org/3.jpg"},
            ]},
        ],
    }
    article = arc_article(story)
    assert article.headline == "Harvest begins"
    assert article.body == "In the fields\nFarmers began the harvest.\nWheat\nBarley"
    assert [(f.caption, f.credit) for f in article.figures] == [
        ("A combine.", "A. Photographer, B. Photographer"), ("Bales in a row.", None)]


def test_a_story_without_images_has_no_figures():
    article = arc_article({"type": "story", "headlines": {"basic": "H"},
                           "content_elements": [{"type": "text", "content": "Words."}]})
    assert article.figures == []


def test_missing_headline_names_the_ans_field():
    with pytest.raises(InputError) as caught:
        arc_article({"type": "story", "content_elements": [{"type": "text", "content": "x"}]})
    assert caught.value.field == "headlines.basic"


@pytest.mark.parametrize(("payload", "kind"), [
    ({"headline": "H", "body": "B"}, "article"),
    ({"title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"}}, "wordpress"),
    ({"type": "story", "headlines": {"basic": "H"}}, "arc"),
    ({"headlines": {"basic": "H"}, "content_elements": []}, "arc"),
    ({"title": "T", "content": "x"}, None),
    ([], None),
])
def test_shapes_are_detected(payload, kind):
    assert detect_format(payload) == kind


def test_format_named_wins_over_the_shape():
    with pytest.raises(InputError) as caught:
        to_article({"headline": "H", "body": "B"}, "wordpress")
    assert caught.value.field == "title.rendered"


def test_unknown_shapes_and_formats_say_what_is_expected():
    with pytest.raises(UnknownPayloadShape, match="top-level keys: content, title.*Arc XP"):
        to_article({"title": "T", "content": "x"})
    with pytest.raises(UnknownPayloadShape, match="JSON list"):
        to_article([1])
    with pytest.raises(InputError, match="unknown format 'drupal'"):
        to_article({"headline": "H", "body": "B"}, "drupal")


def test_article_json_passes_through_without_its_callback_url():
    _, article = to_article({"headline": "H", "body": "B", "callback_url": "https://cms.example.org/cb",
                             "figures": [{"caption": "C", "image": None}]})
    assert "callback_url" not in article.model_dump() and article.figures[0].caption == "C"


def test_an_ifx_event_envelope_is_unwrapped():
    event = {"key": "story:update", "version": 2, "time": 1749134558, "uuid": "u1", "body": ARC}
    kind, article = to_article(event)
    assert kind == "arc" and article.headline.startswith("Afghan government")
