"""Polite async HTTP for audits: bounded concurrency overall and per host, retries, robots.txt, limits."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

import app
from app.audit.robots import RobotsCache

USER_AGENT = f"Captioncheck/{app.__version__} (+audit)"
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(Exception):
    """The URL could not be fetched; str() says why, for the audit's error list."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL (or could not be read, which RFC 9309 treats the same)."""


@dataclass(frozen=True)
class FetchOptions:
    concurrency: int = 8
    per_host: int = 2
    timeout_s: float = 20.0
    retries: int = 3
    backoff_s: float = 0.5
    max_retry_after_s: float = 60.0
    max_redirects: int = 5
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


class Fetcher:
    """Use as `async with Fetcher(options) as fetcher:`; `get` is safe to call concurrently."""

    def __init__(self, options: FetchOptions, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.options = options
        self._client = httpx.AsyncClient(
            transport=transport, timeout=httpx.Timeout(options.timeout_s), follow_redirects=False,
            headers={"User-Agent": options.user_agent},
            limits=httpx.Limits(max_connections=max(options.concurrency, 1) + 2),
        )
        self._overall = asyncio.Semaphore(max(options.concurrency, 1))
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_slot: dict[str, float] = {}
        self._robots = RobotsCache(self._get_robots)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, max_bytes: int, accept: str = ACCEPT_HTML) -> Fetched:
        """The 200 answer for `url` after redirects; FetchError (or RobotsDisallowed) otherwise."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            if not current.startswith(("http://", "https://")):
                raise FetchError(f"only http(s) URLs are fetched, not {current[:80]}")
            delay = await self._check_robots(current)
            answer = await self._with_retries(current, max_bytes, accept, delay)
            if answer.status in _REDIRECTS:
                current = answer.url
                continue
            if answer.status != 200:
                tries = self.options.retries + 1
                after = f" (after {tries} attempts)" if answer.status in RETRY_STATUSES and tries > 1 else ""
                raise FetchError(f"HTTP {answer.status} {_phrase(answer.status)}".rstrip() + after)
            return answer
        raise FetchError(f"more than {self.options.max_redirects} redirects")

    async def _check_robots(self, url: str) -> float:
        if not self.options.respect_robots:
            return 0.0
        rules = await self._robots.rules_for(url)
        if not rules.allows(url, self.options.user_agent):
            raise RobotsDisallowed(rules.unreachable or "disallowed by robots.txt (use --ignore-robots to override)")
        return rules.crawl_delay(self.options.user_agent)

    async def _with_retries(self, url: str, max_bytes: int, accept: str, crawl_delay: float) -> Fetched:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                async with self._slot(url, crawl_delay):
                    answer, retry_after = await self._once(url, max_bytes, accept)
            except (httpx.TransportError, TimeoutError) as exc:
                if last:
                    raise FetchError(_describe_transport(exc, attempts)) from exc
                wait = self._backoff(attempt)
            else:
                if answer.status not in RETRY_STATUSES or last:
                    return answer
                wait = retry_after if retry_after is not None else self._backoff(attempt)
            await asyncio.sleep(min(wait, self.options.max_retry_after_s))
        raise AssertionError("unreachable")

    async def _once(self, url: str, max_bytes: int, accept: str) -> tuple[Fetched, float | None]:
        async with asyncio.timeout(self.options.timeout_s):  # wall clock, for servers that trickle
            async with self._client.stream("GET", url, headers={"Accept": accept}) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location")
                    return Fetched(str(response.url.join(location)), status, "", b""), None
                body = await _read_limited(response, max_bytes) if status == 200 else b""
                content_type = response.headers.get("Content-Type", "")
                answer = Fetched(str(response.url), status, content_type, body)
                return answer, retry_after_seconds(response.headers.get("Retry-After"))

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, crawl_delay: float) -> AsyncIterator[None]:
        host = urlsplit(url).netloc
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(max(self.options.per_host, 1)))
        async with per_host, self._overall:
            if crawl_delay > 0:
                wait = self._next_slot.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_slot[host] = time.monotonic() + crawl_delay
            yield

    def _backoff(self, attempt: int) -> float:
        base = self.options.backoff_s * (2**attempt)
        return base + random.uniform(0, base / 2)  # jitter: retries from many workers do not align

    async def _get_robots(self, robots_url: str) -> tuple[int, str]:
        current = robots_url
        for _ in range(5):  # RFC 9309 2.3.1.2: follow at least five redirects
            answer = await self._with_retries(current, _ROBOTS_MAX_BYTES, "text/plain,*/*;q=0.5", 0.0)
            if answer.status not in _REDIRECTS:
                return answer.status, answer.body.decode("utf-8", "replace")
            current = answer.url
        return 404, ""


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or bad."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


async def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response is {int(declared):,} bytes, over the limit of {max_bytes:,} bytes")
    chunks, received = [], 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"response is over the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _describe_transport(exc: BaseException, attempts: int) -> str:
    tries = f"after {attempts} attempts" if attempts > 1 else "in one attempt"
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return f"timed out {tries}"
    return f"{type(exc).__name__}: {exc or 'connection failed'} ({tries})"


def _phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
