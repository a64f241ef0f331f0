"""What the stages of a pipeline share: bounded queues that end, batches taken from them,
one dedicated thread per stage that must not run twice at once, and progress per stage."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class _End:
    """The item after the last one."""


END = _End()


class StageQueue(Generic[T]):
    """A bounded asyncio queue between two stages: `put` waits while it is full (backpressure),
    `close` lets the consumer finish what is queued, then stop."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("a stage queue needs room for at least one item")
        self.maxsize = maxsize
        self._queue: asyncio.Queue[T | _End] = asyncio.Queue(maxsize)
        self.high_water = 0  # the most items it ever held: never above maxsize

    async def put(self, item: T) -> None:
        await self._queue.put(item)
        self.high_water = max(self.high_water, self._queue.qsize())

    async def close(self) -> None:
        await self._queue.put(END)

    def qsize(self) -> int:
        return self._queue.qsize()

    async def get(self) -> T | _End:
        return await self._queue.get()

    async def batch(self, max_size: int, size_of: Callable[[T], int] = lambda _: 1,
                    linger_s: float = 0.0) -> tuple[list[T], bool]:
        """Items for one batch, and whether the queue has ended. Waits for the first item, then
        takes what is queued until `max_size` (by `size_of`) is reached, waiting up to
        `linger_s` for more while the batch is under half full."""
        first = await self._queue.get()
        if isinstance(first, _End):
            return [], True
        items, size = [first], size_of(first)
        deadline = time.monotonic() + linger_s
        while size < max_size:
            try:
                item = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                wait = deadline - time.monotonic()
                if size * 2 >= max_size or wait <= 0:
                    break
                try:
                    item = await asyncio.wait_for(self._queue.get(), wait)
                except TimeoutError:
                    break
            if isinstance(item, _End):
                return items, True
            items.append(item)
            size += size_of(item)
        return items, False


class StageThread:
    """One thread for one stage's blocking work (the model, the checks, the database writer)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.busy_s = 0.0  # time spent running work: a stage near the elapsed time is the bottleneck
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"captioncheck-{name}")

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, partial(self._timed, func, *args))

    def _timed(self, func: Callable[..., T], *args: Any) -> T:
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            self.busy_s += time.perf_counter() - start

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class StageProgress:
    """Items each stage has finished, in stage order, and how full each queue got; `listener`
    (a progress display) hears every change, on the event loop."""

    stages: Sequence[str]
    done: dict[str, int] = field(default_factory=dict)
    listener: Callable[[StageProgress], None] | None = None
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self.done = {name: 0 for name in self.stages}

    units: dict[str, str] = field(default_factory=dict)  # stage -> what it counts, when not pages
    every_s: float = 0.0  # the listener hears at most this often (and always the last change)
    _heard: float = field(default=0.0, init=False, repr=False)

    def advance(self, stage: str, count: int = 1) -> None:
        self.done[stage] += count
        now = time.perf_counter()
        if self.listener is not None and (now - self._heard >= self.every_s or self._finished()):
            self._heard = now
            self.listener(self)

    def _finished(self) -> bool:
        last = self.stages[-1]
        return self.done[last] >= self.done[self.stages[0]] > 0

    def summary(self) -> str:
        """One line for a progress display: "fetched 12 · decoded 40 images · ..." ."""
        return " · ".join(f"{name} {count}" + (f" {self.units[name]}" if name in self.units else "")
                          for name, count in self.done.items())

    def rates(self) -> dict[str, float]:
        """Items per second of each stage since the start."""
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return {name: count / elapsed for name, count in self.done.items()}
