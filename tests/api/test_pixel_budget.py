"""Decoded-pixel budgets through HTTP: a check whose photos decode to too many pixels is a 413;
one that finds the process decoding as much as it may is a 503 with Retry-After, never an OOM."""

from __future__ import annotations

import io
import threading

import httpx
import pytest
from PIL import Image

from app.engine import pixel_budget
from app.engine.pixel_budget import decoding_room
from tests.api.secured import running
from tests.fixtures.space import SPACE, space_clip
from tests.helpers import assert_problem, multipart_article

BUDGETS = {"max_decoded_megapixels_per_request": 13, "max_decoded_megapixels_in_flight": 20}


def flat_jpeg(shade: int) -> bytes:
    """24 MP of one colour: 6000x4000, decoded at half scale (6 MP)."""
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), (shade, 120, 200)).save(out, "JPEG", quality=90)
    return out.getvalue()


def article(count: int) -> dict:
    return {**SPACE, "figures": [{"caption": f"A blue wall, photo {i + 1}."} for i in range(count)]}


@pytest.fixture(scope="module")
def service(tmp_path_factory, text_encoder):
    with running(tmp_path_factory.mktemp("pixels"), text_encoder, space_clip(), **BUDGETS) as (url, app):
        yield url, app


def test_photos_past_the_per_check_budget_are_a_413_naming_the_setting(service):
    url, _ = service
    response = httpx.post(f"{url}/v1/checks", timeout=120,
                          **multipart_article(article(3), [flat_jpeg(s) for s in (10, 20, 30)], "image/jpeg"))
    problem = assert_problem(response, 413, "CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_PER_REQUEST")
    assert problem["field"] == "figures[2].image"  # the third photo is the one past 13 MP


def test_a_check_finding_the_decoders_full_is_a_503_with_retry_after(service, monkeypatch):
    url, app = service
    monkeypatch.setattr(pixel_budget, "DECODE_WAIT_S", 0.5)
    holding, done = threading.Event(), threading.Event()

    def another_check_decoding() -> None:
        with decoding_room(18_000_000, app.state.settings, "elsewhere"):
            holding.set()
            done.wait(30)

    other = threading.Thread(target=another_check_decoding)
    other.start()
    try:
        holding.wait(10)
        response = httpx.post(f"{url}/v1/checks", timeout=120,
                              **multipart_article(article(1), [flat_jpeg(40)], "image/jpeg"))
    finally:
        done.set()
        other.join()
    assert_problem(response, 503, "CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_IN_FLIGHT")
    assert response.headers["retry-after"] == "5"
