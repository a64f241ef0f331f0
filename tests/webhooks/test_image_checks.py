"""The webhook answer says whether the photos were compared with their captions: with no
CLIP weights, `image_checks` says they were not, why, and how to add the weights; with a
model it says they were. Over real HTTP, signed, against a live service."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from app.engine.encoders.base import EncoderProvider
from app.errors import ModelUnavailable
from app.server import create_app
from tests.engine.photo_metadata.fixtures import exiftool
from tests.fixtures.evidence_photo import NAIROBI, NAIROBI_CAPTION, lagos_photo
from tests.fixtures.space import ROCKET_CAPTION, SPACE, png
from tests.live_server import live_server
from tests.webhooks.conftest import Service, encode, make_settings, signed

__all__ = ["exiftool"]  # fixture
WHY = "no CLIP weights in this test"


def no_clip():
    raise ModelUnavailable(WHY)


@pytest.fixture(scope="module")
def offline(tmp_path_factory, text_encoder) -> Iterator[Service]:
    """The service with webhook secrets and no CLIP weights."""
    settings = make_settings(tmp_path_factory.mktemp("hooks-offline"))
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, no_clip))
    with live_server(app) as url:
        yield Service(url, app)


def _jpeg_uri(data: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(data).decode()


def _post(service: Service, article: dict) -> dict:
    body = encode(article)
    response = service.post(body, signed(body))
    assert response.status_code == 200, response.text
    return response.json()


def test_offline_answer_says_image_checks_are_off_why_and_how_to_add_weights(offline, exiftool):
    article = {**NAIROBI, "figures": [{"image": _jpeg_uri(lagos_photo()), "caption": NAIROBI_CAPTION}]}
    answer = _post(offline, article)
    checks = answer["image_checks"]
    assert checks["available"] is False and checks["why"] == WHY
    assert checks["message"] == "Image–caption checks are off: no CLIP weights"
    assert "captioncheck models download" in checks["how_to_enable"] and "docs/models.md" in checks["how_to_enable"]
    # Everything that needs no CLIP still decided: the placard and the file both say Lagos.
    codes = {r["code"] for r in answer["figures"][0]["reasons"]}
    assert {"image_not_checked", "image_text_conflict", "photo_metadata_conflict"} <= codes
    assert answer["decision"] == "block"
    status = httpx.get(f"{offline.url}/v1/hooks/prepublish/{answer['webhook_id']}", timeout=30).json()
    assert status["status"] == "done" and status["image_checks"] == checks


def test_offline_caption_only_answer_also_says_image_checks_are_off(offline):
    answer = _post(offline, {**NAIROBI, "figures": [{"caption": NAIROBI_CAPTION}]})
    assert answer["image_checks"]["available"] is False and answer["image_checks"]["why"] == WHY
    assert answer["decision"] == "allow"


def test_with_a_clip_model_image_checks_are_available(service, clip):
    image = "data:image/png;base64," + base64.b64encode(png(clip, "rocket")).decode()
    answer = _post(service, {**SPACE, "figures": [{"image": image, "caption": ROCKET_CAPTION}]})
    assert answer["image_checks"] == {"available": True, "message": None, "why": None, "how_to_enable": None}
    assert answer["decision"] == "allow"
