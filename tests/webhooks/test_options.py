"""Decision options (format, images, async, callback_url) come from the signed body only: in the
query string, which the signature does not cover, they are refused before the body is read."""

from __future__ import annotations

import base64

import pytest

from tests.fixtures.space import ROCKET_CAPTION, SPACE, png
from tests.helpers import assert_problem
from tests.webhooks.conftest import encode, new_id, signed


def _article(clip) -> dict:
    image = "data:image/png;base64," + base64.b64encode(png(clip, "astronaut")).decode()
    return {**SPACE, "figures": [{"image": image, "caption": ROCKET_CAPTION}]}  # the wrong photo


@pytest.mark.parametrize("query", [{"images": "skip"}, {"format": "article"}, {"async": "1"},
                                   {"callback_url": "https://cms.example.org/hook"}])
def test_options_in_the_query_are_refused(service, clip, query):
    body = encode(_article(clip))
    runs = len(service.runs)
    problem = assert_problem(service.post(body, signed(body), **query), 400, next(iter(query)), "signed")
    assert '"captioncheck"' in problem["detail"]
    assert len(service.runs) == runs


def test_a_captured_request_cannot_be_replayed_with_images_skipped(service, clip):
    """The attack the rule stops: the same signed bytes, sent again with ?images=skip to get 'allow'."""
    body, webhook_id = encode(_article(clip)), new_id()
    headers = signed(body, webhook_id=webhook_id)
    assert_problem(service.post(body, headers, images="skip"), 400)
    honest = service.post(body, headers)
    assert honest.status_code == 200 and honest.json()["decision"] == "block"


def test_options_in_the_signed_body_are_used(service, clip):
    checked = service.post(body := encode(_article(clip)), signed(body)).json()
    skipped = service.post(body := encode(_article(clip), images="skip"), signed(body)).json()
    assert checked["decision"] == "block" and skipped["decision"] == "allow"
    later = service.post(body := encode(_article(clip), **{"async": True}), signed(body))
    assert later.status_code == 202 and later.json()["status"] == "accepted"
    named = service.post(body := encode(_article(clip), format="wordpress"), signed(body))
    assert_problem(named, 422)  # an article read as a WordPress post: the named format is what counts
    service.wait_idle()


@pytest.mark.parametrize("options, field", [
    ({"images": "none"}, "captioncheck.images"),
    ({"async": "sometimes"}, "captioncheck.async"),
    ({"colour": "red"}, "captioncheck.colour"),
])
def test_bad_options_name_their_field(service, clip, options, field):
    body = encode(_article(clip), **options)
    assert assert_problem(service.post(body, signed(body)), 422)["field"] == field


def test_options_must_be_an_object(service, clip):
    body = encode({**_article(clip), "captioncheck": "skip"})
    assert assert_problem(service.post(body, signed(body)), 422)["field"] == "captioncheck"
