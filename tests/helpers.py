"""Helpers the API, web and webhook tests share."""

from __future__ import annotations

import httpx

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
