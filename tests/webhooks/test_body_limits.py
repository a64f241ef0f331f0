"""Webhook bodies: the signing headers are checked before the body is read, and the body is
read as a stream that stops at CAPTIONCHECK_WEBHOOK_MAX_BODY_BYTES."""

from __future__ import annotations

import time

import httpx

from tests.fixtures.space import SPACE
from tests.helpers import assert_problem
from tests.webhooks.conftest import encode, signed

BIG = b'{"pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'  # over the default 1 MiB limit


def test_unsigned_oversized_body_is_refused_for_its_headers_not_its_size(service):
    response = service.post(BIG, {"content-type": "application/json"})
    assert response.status_code == 401  # 413 would mean the body was read before the headers were judged
    assert_problem(response, 401)


def test_expired_signature_is_refused_before_the_body(service):
    headers = signed(BIG, timestamp=int(time.time()) - 3600)
    response = service.post(BIG, headers)
    assert response.status_code == 401 and "old" in response.json()["detail"]


def test_signed_body_over_the_limit_gets_413(service):
    response = service.post(BIG, signed(BIG))
    assert_problem(response, 413)
    assert "CAPTIONCHECK_WEBHOOK_MAX_BODY_BYTES" in response.json()["detail"]


def test_streamed_body_without_length_stops_at_the_limit(service):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    headers = {k: v for k, v in signed(BIG).items() if k != "content-length"}
    response = httpx.post(f"{service.url}/v1/hooks/prepublish", content=chunks(), headers=headers, timeout=60)
    assert response.status_code == 413


def test_a_non_ascii_digit_timestamp_is_a_401_not_a_500(service):
    body = encode(SPACE)
    headers = {**signed(body), "webhook-timestamp": "\xb2"}
    response = httpx.post(f"{service.url}/v1/hooks/prepublish", content=body,
                          headers={k: v.encode("latin-1") for k, v in headers.items()}, timeout=60)
    assert response.status_code == 401
