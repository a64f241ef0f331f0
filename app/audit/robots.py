"""robots.txt, fetched once per origin and read as RFC 9309 says."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# (status, text) of GET origin/robots.txt; raises on transport failure.
RobotsGetter = Callable[[str], Awaitable[tuple[int, str]]]
MAX_CRAWL_DELAY_S = 60.0


@dataclass(frozen=True)
class RobotsRules:
    parser: RobotFileParser | None  # None: no rules (allow all)
    unreachable: str | None = None  # why everything on the origin is disallowed

    def allows(self, url: str, user_agent: str) -> bool:
        if self.unreachable:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float:
        delay = self.parser.crawl_delay(user_agent) if self.parser is not None else None
        return min(float(delay or 0), MAX_CRAWL_DELAY_S)


class RobotsCache:
    def __init__(self, get: RobotsGetter) -> None:
        self._get = get
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch per origin, however many pages wait for it
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
        return self._rules[origin]

    async def _load(self, origin: str) -> RobotsRules:
        try:
            status, text = await self._get(f"{origin}/robots.txt")
        except Exception as exc:  # noqa: BLE001 - any failure to reach it means "unreachable"
            return RobotsRules(None, unreachable=f"robots.txt of {origin} could not be fetched ({exc})")
        if 400 <= status < 500:
            return RobotsRules(None)  # RFC 9309 2.3.1.3: unavailable, crawl without rules
        if status != 200:
            # RFC 9309 2.3.1.4: unreachable (5xx after retries), assume complete disallow.
            return RobotsRules(None, unreachable=f"robots.txt of {origin} answered HTTP {status}")
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return RobotsRules(parser)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
