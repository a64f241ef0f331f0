"""Corrupt, truncated and hostile images: each refused with a 4xx that says why; the service lives on."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest

from app.engine.images import decode_image
from app.errors import InputError
from app.settings import Settings
from tests.api.hostile_images import corpus
from tests.api.secured import running
from tests.fixtures.space import ROCKET_CAPTION, SPACE, png, space_clip

CORPUS = corpus()
IDS = [name for name, _, _ in CORPUS]


@pytest.mark.parametrize(("name", "data", "words"), CORPUS, ids=IDS)
def test_decode_refuses_with_a_clear_reason_and_no_decoding(name, data, words):
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        decode_image(data, f"upload:{name}", Settings(), "figures[0].image")
    assert time.perf_counter() - started < 2.0  # refused from the header, never expanded
    assert caught.value.field == "figures[0].image"
    for word in words:
        assert word in caught.value.detail


@pytest.fixture(scope="module")
def service(tmp_path_factory, text_encoder):
    clip = space_clip()
    with running(tmp_path_factory.mktemp("hostile"), text_encoder, clip) as (url, _):
        yield url, clip


def test_every_hostile_upload_is_a_4xx_and_the_service_still_checks(service):
    url, clip = service
    article = json.dumps({**SPACE, "figures": [{"caption": ROCKET_CAPTION}]})
    answers = {}
    for name, data, _ in CORPUS:
        response = httpx.post(f"{url}/v1/checks", data={"article": article}, timeout=60,
                              files={"figure-0": (f"{name}.png", data, "image/png")})
        answers[name] = response.status_code
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
    assert all(400 <= status < 500 for status in answers.values()), answers
    assert httpx.get(f"{url}/healthz").status_code == 200
    fine = httpx.post(f"{url}/v1/checks", data={"article": article}, timeout=60,
                      files={"figure-0": ("r.png", png(clip, "rocket"), "image/png")})
    assert fine.status_code == 201, fine.text


def test_hostile_data_uris_are_refused_too(service):
    url, _ = service
    for name in ("png-header-bomb", "svg-named-png", "truncated-jpeg"):
        data = next(d for n, d, _ in CORPUS if n == name)
        uri = "data:image/png;base64," + base64.b64encode(data).decode()
        response = httpx.post(f"{url}/v1/checks", timeout=60,
                              json={**SPACE, "figures": [{"image": uri, "caption": ROCKET_CAPTION}]})
        assert response.status_code == 422, (name, response.text)
        assert response.json()["field"] == "figures[0].image"


def test_the_web_form_shows_a_refused_format_next_to_the_file(service):
    url, _ = service
    svg = next(d for n, d, _ in CORPUS if n == "svg-named-png")
    with httpx.Client(base_url=url, timeout=60) as http:
        token = http.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
        fields = {"csrf_token": token, "headline": SPACE["headline"], "body": SPACE["body"],
                  "caption-0": ROCKET_CAPTION, "figures": "1"}
        response = http.post("/", data=fields, files={"image-0": ("photo.png", svg, "image/png")})
    assert response.status_code == 422
    assert "Use a JPEG, PNG, GIF or WebP photo" in response.text
