"""Helpers the API, web and webhook tests share."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from app.engine.pixel_budget import decoding_room
from app.settings import Settings

from bench.common import multipart_article  # noqa: F401  (re-exported: the one multipart body builder)

PROBLEM_JSON = "application/problem+json"


def assert_problem(response: httpx.Response, status: int, *words: str) -> dict:
    """`response` is an RFC 9457 problem document with this status and a detail naming each of `words`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status and body["detail"], body
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


@contextmanager
def decoding_held(settings: Settings, pixels: int) -> Iterator[threading.Event]:
    """Another check holds `pixels` of the process's decoding room until the yielded event is
    set, or the block ends."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with decoding_room(pixels, settings, "another check"):
            holding.set()
            release.wait(30)

    other = threading.Thread(target=hold)
    other.start()
    holding.wait(10)
    try:
        yield release
    finally:
        release.set()
        other.join()
