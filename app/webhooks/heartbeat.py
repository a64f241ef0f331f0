"""A thread that calls one function at a steady interval until it is stopped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("captioncheck.webhooks")


class Heartbeat:
    def __init__(self, beat: Callable[[], None], every_s: float, name: str = "captioncheck-heartbeat") -> None:
        self._beat, self._every_s = beat, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """No beat starts after this returns (a running one is waited for, up to `timeout_s`)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                self._beat()
            except Exception:  # a failed beat (database briefly away) must not end the beats
                log.exception("webhook heartbeat failed")
