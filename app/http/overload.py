"""A bounded queue for checks: at most CAPTIONCHECK_MAX_PENDING_CHECKS running or waiting.

A check takes a slot before any model work starts and gives it back when it ends
(from whichever thread ends it). When every slot is taken the caller is refused at
once with 503 and Retry-After, instead of requests piling up behind the models.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.http.problems import Problem

T = TypeVar("T")


class Slot:
    def __init__(self, gate: CheckGate) -> None:
        self._gate: CheckGate | None = gate

    def release(self) -> None:
        """Give the slot back; a second call does nothing."""
        gate, self._gate = self._gate, None
        if gate is not None:
            gate._leave()

    def __enter__(self) -> Slot:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


class Overloaded(Exception):
    pass


class CheckGate:
    def __init__(self, capacity: int, retry_after_s: int) -> None:
        self.capacity = capacity
        self.retry_after_s = retry_after_s
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return self._pending

    def try_enter(self) -> Slot:
        """A slot, or Overloaded when all are taken."""
        with self._lock:
            if self._pending >= self.capacity:
                raise Overloaded()
            self._pending += 1
        return Slot(self)

    def enter(self) -> Slot:
        """A slot, or a 503 problem (with Retry-After) for the route to answer."""
        try:
            return self.try_enter()
        except Overloaded:
            raise self.problem() from None

    def problem(self) -> Problem:
        return Problem(503, "Too busy",
                       f"{self.capacity} checks are already running or waiting "
                       "(CAPTIONCHECK_MAX_PENDING_CHECKS); retry after a few seconds",
                       headers={"Retry-After": str(self.retry_after_s)})

    async def run(self, work: Callable[[], Awaitable[T]]) -> T:
        with self.enter():
            return await work()

    def _leave(self) -> None:
        with self._lock:
            self._pending -= 1
