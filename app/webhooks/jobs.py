"""A few worker threads that run jobs when they fall due; a job may schedule another (a retry)."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("captioncheck.webhooks")
Job = Callable[[], None]


@dataclass(order=True)
class _Entry:
    due: float
    seq: int
    job: Job = field(compare=False)
    on_abandon: Job | None = field(compare=False, default=None)


class JobRunner:
    def __init__(self, workers: int, name: str = "captioncheck-webhooks") -> None:
        self._heap: list[_Entry] = []
        self._cond = threading.Condition()
        self._seq = itertools.count()
        self._closed = False
        self._busy = 0
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
                         for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job, delay_s: float = 0.0, on_abandon: Job | None = None) -> bool:
        """Run `job` after `delay_s`; False when the runner is closed. `on_abandon` runs instead
        if the runner closes before the job starts."""
        with self._cond:
            if self._closed:
                return False
            heapq.heappush(self._heap, _Entry(time.monotonic() + delay_s, next(self._seq), job, on_abandon))
            self._cond.notify()
        return True

    @property
    def closed(self) -> bool:
        """Whether close() has begun: nothing more is taken."""
        with self._cond:
            return self._closed

    def idle(self) -> bool:
        """Nothing queued and nothing running (tests wait on this)."""
        with self._cond:
            return not self._heap and self._busy == 0

    def close(self, timeout_s: float = 30.0) -> None:
        """Stop taking jobs, let running ones finish (up to `timeout_s`), abandon the queued ones
        (their `on_abandon` runs; what must outlive the process is kept by the caller, not here)."""
        with self._cond:
            self._closed = True
            left, self._heap = self._heap, []
            self._cond.notify_all()
        for entry in left:
            if entry.on_abandon is not None:
                _run(entry.on_abandon)
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                log.warning("a webhook job was still running at shutdown (%s)", thread.name)

    def _work(self) -> None:
        while True:
            entry = self._next()
            if entry is None:
                return
            try:
                _run(entry.job)
            finally:
                with self._cond:
                    self._busy -= 1

    def _next(self) -> _Entry | None:
        with self._cond:
            while not self._closed:
                wait = self._heap[0].due - time.monotonic() if self._heap else None
                if wait is not None and wait <= 0:
                    self._busy += 1
                    return heapq.heappop(self._heap)
                self._cond.wait(wait)
            return None


def _run(job: Job) -> None:
    try:
        job()
    except Exception:  # a job's failure must not kill the worker thread
        log.exception("webhook job failed")
