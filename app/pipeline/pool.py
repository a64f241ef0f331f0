"""The decode pool: worker processes over all cores, shared by everything one process does
(an audit, `archive index`, the service's uploads), so that decoding, hashing and thumbnails
never queue behind one core or behind the GIL.

Workers are never forked from the process that asks (it holds torch and threads): they come
from a fork server that imported only the decode step (or are spawned where there is none).
A worker that dies (a decoder crash, the kernel's OOM killer) breaks a ProcessPoolExecutor
for every image in flight, so each of those images is tried again, alone, in a one-worker
quarantine pool: the image that kills that one too gets the error, the others their result.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.pipeline.decode import DecodedImage, DecodeOptions, decode_outcome

T = TypeVar("T")
CRASHED = "the image decoder stopped on this file (it may be corrupt or too large to decode)"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# What the fork server imports before it forks workers: every worker starts with it, shared.
PRELOAD = ["app.pipeline.forkserver_guard", "app.pipeline.decode", "app.storage.thumbnails"]
# Every worker also runs the main program's module (multiprocessing does, to find functions
# defined there); under the `captioncheck` command that module imports the whole CLI, which the
# fork server then imports once, so that in each worker it is already there.
CLI_MODULE = "app.cli.main"


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one: a clean process (no torch, no threads) that imported the
    decode step, each worker forked from it (fast, pages shared); else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD + ([CLI_MODULE] if CLI_MODULE in sys.modules else []))
    return context


def _worker_start(owner: int) -> None:
    # Ctrl-C goes to the whole process group; the owner decides what stops, not each worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(owner)


def _end_with(owner: int) -> None:
    """End this worker when the process that owns the pool ends, however it ends (even killed
    outright, with no time to stop its workers): a worker forked from the fork server is not
    the owner's child, and would otherwise wait for work for ever, holding the owner's pipes."""
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+): ask every second
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])  # readable once the owner has ended
        else:
            while _alive(owner):
                time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="captioncheck-owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Renewable:
    """An executor that is replaced, once, when it breaks; `generation` tells callers which one
    they used, so that concurrent failures replace it once."""

    def __init__(self, build: Callable[[], Executor]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._executor: Executor | None = None
        self.generation = 0

    def get(self) -> tuple[Executor, int]:
        with self._lock:
            if self._executor is None:
                self._executor = self._build()
            return self._executor, self.generation

    def renew(self, generation: int) -> None:
        with self._lock:
            if generation == self.generation and self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
                self.generation += 1

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)  # queued work dropped; workers end


class DecodePool:
    """`workers` processes (None: one per core; 0: no processes, a thread of this process decodes).
    Thread-safe; workers start on first use. Close it (or use `with`) to end them."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else max(0, int(workers))
        context = _context()
        owner = os.getpid()
        if self.workers == 0:
            self._main = _Renewable(lambda: ThreadPoolExecutor(2, thread_name_prefix="captioncheck-decode"))
        else:
            self._main = _Renewable(lambda: ProcessPoolExecutor(self.workers, mp_context=context,
                                                                initializer=_worker_start, initargs=(owner,)))
        self._quarantine = _Renewable(lambda: ProcessPoolExecutor(1, mp_context=context, initializer=_worker_start,
                                                                  initargs=(owner,)))
        self._one_suspect = threading.Lock()

    def __enter__(self) -> DecodePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers now (they take a second to import), rather than on the first image;
        a pool closed meanwhile simply stays closed."""
        executor, _ = self._main.get()
        if self.workers:
            try:
                list(executor.map(_noop, range(self.workers)))
            except (CancelledError, BrokenProcessPool, RuntimeError):  # closed (shutdown) while starting
                return

    def call(self, func: Callable[..., T], *args: Any) -> T:
        """func(*args) in a worker, blocking this thread; a worker crash raises WorkerCrashed."""
        executor, generation = self._main.get()
        try:
            return executor.submit(func, *args).result()
        except BrokenProcessPool:
            self._main.renew(generation)
        return self._alone(func, *args)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """func(*args) in a worker, awaited; a worker crash raises WorkerCrashed."""
        executor, generation = self._main.get()
        try:
            return await asyncio.wrap_future(executor.submit(func, *args))
        except BrokenProcessPool:
            self._main.renew(generation)
        return await asyncio.to_thread(self._alone, func, *args)

    def decode(self, data: bytes, source: str, field: str, options: DecodeOptions) -> DecodedImage | str:
        """The decoded image, or why it could not be decoded (blocking)."""
        try:
            return self.call(decode_outcome, data, source, field, options)
        except WorkerCrashed:
            return CRASHED

    async def decode_async(self, data: bytes, source: str, field: str, options: DecodeOptions) -> DecodedImage | str:
        """The decoded image, or why it could not be decoded."""
        try:
            return await self.run(decode_outcome, data, source, field, options)
        except WorkerCrashed:
            return CRASHED

    def submit_many(self, jobs: list[tuple[bytes, str, str]], options: DecodeOptions) -> list[DecodedImage | str]:
        """Several images at once (an upload's figures), in parallel; results in order."""
        if len(jobs) <= 1 or self.workers <= 1:
            return [self.decode(*job, options) for job in jobs]
        executor, generation = self._main.get()
        futures: list[Future] = [executor.submit(decode_outcome, *job, options) for job in jobs]
        results: list[DecodedImage | str] = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result())
            except BrokenProcessPool:
                self._main.renew(generation)
                results.append(self._alone_or_crashed(decode_outcome, *job, options))
        return results

    def close(self) -> None:
        self._main.shutdown()
        self._quarantine.shutdown()

    def _alone(self, func: Callable[..., T], *args: Any) -> T:
        """Run a suspect in the one-worker quarantine pool, one suspect at a time."""
        if self.workers == 0:
            raise WorkerCrashed(CRASHED)  # a thread does not crash alone; this is not reached
        with self._one_suspect:
            executor, generation = self._quarantine.get()
            try:
                return executor.submit(func, *args).result()
            except BrokenProcessPool:
                self._quarantine.renew(generation)
                raise WorkerCrashed(CRASHED) from None

    def _alone_or_crashed(self, func: Callable[..., DecodedImage | str], *args: Any) -> DecodedImage | str:
        try:
            return self._alone(func, *args)
        except WorkerCrashed:
            return CRASHED


class WorkerCrashed(RuntimeError):
    """The work crashed the worker process it ran in, twice (once in company, once alone)."""


def _noop(_: int) -> None:
    import app.pipeline.decode  # noqa: F401  (the import is the warm-up)
