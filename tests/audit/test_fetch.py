"""The audit's HTTP client: retries with backoff, Retry-After, robots.txt, limits, concurrency."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import replace
from email.utils import formatdate

import pytest

from app.audit.fetch import Fetcher, FetchError, FetchOptions, RobotsDisallowed, retry_after_seconds
from tests.audit.conftest import FAST
from tests.audit.server import Behaviour, sample_server

PAGE = "/pages/rocket-launch.html"


def get(url: str, options: FetchOptions = FAST, max_bytes: int = 10_000_000):
    async def go():
        async with Fetcher(options) as fetcher:
            return await fetcher.get(url, max_bytes=max_bytes)
    return asyncio.run(go())


def test_a_500_is_retried_and_the_page_arrives():
    with sample_server(Behaviour(fail_once={PAGE: (500, {})})) as (base, behaviour):
        answer = get(base + PAGE)
    assert answer.status == 200 and b"Rocket launches" in answer.body
    assert behaviour.requests[PAGE] == 2


def test_retry_after_is_respected_on_429():
    with sample_server(Behaviour(fail_once={PAGE: (429, {"Retry-After": "1"})})) as (base, behaviour):
        started = time.monotonic()
        get(base + PAGE, replace(FAST, backoff_s=0.0))
        waited = time.monotonic() - started
    assert waited >= 1.0 and behaviour.requests[PAGE] == 2


def test_retry_after_forms_and_cap():
    assert retry_after_seconds("7") == 7.0
    assert 25 <= retry_after_seconds(formatdate(time.time() + 30, usegmt=True)) <= 30
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    with sample_server(Behaviour(fail_once={PAGE: (503, {"Retry-After": "3600"})})) as (base, _):
        started = time.monotonic()
        get(base + PAGE, replace(FAST, max_retry_after_s=0.2))
        assert time.monotonic() - started < 5  # an hour is capped, not waited


def test_errors_that_persist_say_what_happened():
    with sample_server() as (base, _):
        with pytest.raises(FetchError, match="HTTP 404 Not Found"):
            get(base + "/pages/none.html")
        with pytest.raises(FetchError, match="over the limit of 1,000 bytes"):
            get(base + PAGE, max_bytes=1000)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(FetchError, match="ConnectError.*after 3 attempts"):
        get(closed + PAGE, replace(FAST, respect_robots=False))


def test_robots_txt_is_respected_unless_ignored():
    url = "/pages/private/embargoed.html"
    with sample_server() as (base, behaviour):
        with pytest.raises(RobotsDisallowed, match="--ignore-robots"):
            get(base + url)
        assert behaviour.requests[url] == 0 and behaviour.requests["/robots.txt"] == 1
        assert get(base + url, replace(FAST, respect_robots=False)).status == 200


def test_robots_txt_that_errors_means_disallow_all_and_4xx_means_allow():
    with sample_server(Behaviour(fail_once={"/robots.txt": (503, {})})) as (base, _):
        # retries=0: the one 503 is final, so the origin is "unreachable" (RFC 9309).
        with pytest.raises(RobotsDisallowed, match="robots.txt .* answered HTTP 503"):
            get(base + PAGE, replace(FAST, retries=0))
    with sample_server(Behaviour(redirects={"/robots.txt": "/gone.txt"})) as (base, _):
        assert get(base + "/pages/private/embargoed.html").status == 200  # 404 robots.txt: no rules


def test_redirects_are_followed_and_limited():
    behaviour = Behaviour(redirects={"/a": "/b", "/b": PAGE, "/loop": "/loop"})
    with sample_server(behaviour) as (base, _):
        assert get(base + "/a").url == base + PAGE
        with pytest.raises(FetchError, match="more than 5 redirects"):
            get(base + "/loop")


def test_requests_to_one_host_stay_within_the_per_host_limit():
    behaviour = Behaviour(delay_s={"/pages/": 0.15})
    options = replace(FAST, concurrency=8, per_host=2)

    async def go(base: str):
        async with Fetcher(options) as fetcher:
            await asyncio.gather(*(fetcher.get(f"{base}{PAGE}?n={n}", max_bytes=10**7) for n in range(6)))

    with sample_server(behaviour) as (base, _):
        asyncio.run(go(base))
    assert behaviour.max_in_flight == 2
