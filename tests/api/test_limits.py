"""Limits answer 4xx with a clear detail: rate, body, image bytes and pixels, figures, text; overload is 503."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.http.ratelimit import RateLimiter
from tests.api.secured import ARTICLE, KEY, OTHER_KEY, bearer, running
from tests.fixtures.space import ROCKET_CAPTION, SPACE, png, space_clip
from tests.helpers import assert_problem, multipart_article


def test_token_bucket_refills_at_the_configured_rate():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60
    assert limiter.take("a") == pytest.approx(1.0)
    assert limiter.take("b") == 0.0  # every caller has its own bucket
    now[0] += 2.0
    assert limiter.take("a") == 0.0 and limiter.take("a") == 0.0 and limiter.take("a") > 0
    assert RateLimiter(0).take("a") == 0.0  # 0: no limit


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(10, max_callers=100)
    for n in range(1000):
        limiter.take(f"addr:{n}")
    assert len(limiter._buckets) == 100


def test_each_key_is_rate_limited_with_retry_after(tmp_path, text_encoder):
    with running(tmp_path, text_encoder, space_clip(), api_keys=f"{KEY},{OTHER_KEY}",
                 rate_limit_per_min=3) as (url, _):
        answers = [httpx.get(f"{url}/v1/checks", headers=bearer()) for _ in range(4)]
        other = httpx.get(f"{url}/v1/checks", headers=bearer(OTHER_KEY))
        health = [httpx.get(f"{url}/healthz").status_code for _ in range(5)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert_problem(answers[3], 429, "CAPTIONCHECK_RATE_LIMIT_PER_MIN")
    assert 1 <= int(answers[3].headers["retry-after"]) <= 20
    assert other.status_code == 200 and health == [200] * 5


def test_image_pixel_figure_and_text_limits(tmp_path, text_encoder):
    clip = space_clip()
    limits = {"max_image_bytes": 2_000, "max_image_pixels": 1_000, "max_figures": 2, "max_text_chars": 2_000}
    with running(tmp_path, text_encoder, clip, **limits) as (url, _):
        checks = f"{url}/v1/checks"
        small_article = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}]}
        assert_problem(httpx.post(checks, **multipart_article(small_article, [b"\x89PNG" + bytes(3_000)])), 413,
                 "CAPTIONCHECK_MAX_IMAGE_BYTES")
        pixels = assert_problem(httpx.post(checks, **multipart_article(small_article, [png(clip, "rocket")])), 422,
                          "48x32", "CAPTIONCHECK_MAX_IMAGE_PIXELS")
        assert pixels["field"] == "figures[0].image"
        many = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}] * 3}
        assert_problem(httpx.post(checks, json=many), 422, "CAPTIONCHECK_MAX_FIGURES")
        long = {**ARTICLE, "body": "word " * 1_000}
        assert_problem(httpx.post(checks, json=long), 422, "CAPTIONCHECK_MAX_TEXT_CHARS")
        hook = httpx.post(f"{url}/v1/hooks/prepublish", json={**many, "captioncheck": {"images": "skip"}})
        assert_problem(hook, 422, "CAPTIONCHECK_MAX_FIGURES")


def test_a_full_check_queue_answers_503_with_retry_after(tmp_path, text_encoder):
    with running(tmp_path, text_encoder, space_clip(), max_pending_checks=1, overload_retry_after_s=7) as (url, app):
        release = threading.Event()
        service = app.state.service
        original = service.run

        def slow_run(*args, **kwargs):
            release.wait(30)
            return original(*args, **kwargs)

        service.run = slow_run
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(httpx.post, f"{url}/v1/checks", json=ARTICLE, timeout=60)
            _wait_for(lambda: app.state.check_gate.pending == 1)
            busy = httpx.post(f"{url}/v1/checks", json=ARTICLE)
            hook_id = {"webhook-id": "msg_overload_1"}
            hook_busy = httpx.post(f"{url}/v1/hooks/prepublish", json=ARTICLE, headers=hook_id)
            form_busy = _post_form(url)
            release.set()
            assert first.result().status_code == 201
        hook_again = httpx.post(f"{url}/v1/hooks/prepublish", json=ARTICLE, headers=hook_id, timeout=60)
    assert_problem(busy, 503, "CAPTIONCHECK_MAX_PENDING_CHECKS")
    assert busy.headers["retry-after"] == "7" and hook_busy.headers["retry-after"] == "7"
    assert_problem(hook_busy, 503)
    assert hook_again.status_code == 200, hook_again.text  # the refused id was not kept: a retry is checked
    assert form_busy.status_code == 503 and "busy" in form_busy.text and form_busy.headers["retry-after"] == "7"
    assert app.state.check_gate.pending == 0


def _post_form(url: str) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=60) as http:
        token = http.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
        fields = {"csrf_token": token, "headline": SPACE["headline"], "body": SPACE["body"],
                  "caption-0": ROCKET_CAPTION, "figures": "1"}
        return http.post("/", data=fields, files={"image-0": ("", b"", "image/png")})


def _wait_for(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
