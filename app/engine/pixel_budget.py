"""How many pixels may be decoded: per check, and at once in this process.

A flat 40-megapixel JPEG is a few hundred KB uploaded and 120 MB decoded, so byte limits do
not bound memory. Two budgets do, counted in the pixels actually decoded (a JPEG is decoded
at the reduced size app.engine.images asks for):

- per check: the sum over its photos (CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_PER_REQUEST); a
  check past it is refused with ImagesTooLarge (413), whatever else is running;
- in flight: the photos being decoded at this moment, across every check of the process
  (CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_IN_FLIGHT); a photo waits for room, up to
  DECODE_WAIT_S, then its check is refused with DecodeBusy (503). Once decoded, a photo is
  shrunk at once to a working copy and its room given back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.errors import CaptioncheckError, InputError
from app.settings import Settings

DECODE_WAIT_S = 20.0  # how long a photo waits for decoding room before its check is refused
MEGA = 1_000_000


class ImagesTooLarge(InputError):
    """The check's photos decode to more pixels than one check may use."""

    http_status = 413


class DecodeBusy(CaptioncheckError):
    """Other checks are decoding as many pixels as the process may hold; retry shortly."""


class _Gate:
    """Pixels being decoded at once; a reservation bigger than the capacity runs alone."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.held = 0
        self._changed = threading.Condition()

    @contextmanager
    def room(self, pixels: int, wait_s: float) -> Iterator[None]:
        with self._changed:
            fits = self._changed.wait_for(lambda: self.held == 0 or self.held + pixels <= self.capacity, wait_s)
            if not fits:
                raise DecodeBusy(
                    f"other checks are decoding {self.held / MEGA:,.0f} megapixels, the most this service "
                    f"decodes at once (CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_IN_FLIGHT); retry shortly")
            self.held += pixels
        try:
            yield
        finally:
            with self._changed:
                self.held -= pixels
                self._changed.notify_all()


class _CheckAllowance:
    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def take(self, pixels: int, field: str) -> None:
        self.used += pixels
        if self.used > self.limit:
            raise ImagesTooLarge(
                f"the photos of this article decode to over {self.limit / MEGA:,.0f} megapixels, the most "
                "one check may decode (CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_PER_REQUEST); send fewer or "
                "smaller photos", field=field)


_GATES: dict[int, _Gate] = {}
_GATES_LOCK = threading.Lock()
_CHECK: ContextVar[_CheckAllowance | None] = ContextVar("captioncheck_check_pixels", default=None)


def _gate(settings: Settings) -> _Gate:
    """The process's gate for this capacity (one in practice: the settings are read once)."""
    capacity = int(settings.max_decoded_megapixels_in_flight * MEGA)
    with _GATES_LOCK:
        return _GATES.setdefault(capacity, _Gate(capacity))


@contextmanager
def check_budget(settings: Settings) -> Iterator[None]:
    """Count the pixels decoded in this block (one check, in this thread) against the per-check budget."""
    token = _CHECK.set(_CheckAllowance(int(settings.max_decoded_megapixels_per_request * MEGA)))
    try:
        yield
    finally:
        _CHECK.reset(token)


def charge_check(pixels: int, field: str) -> None:
    """Count `pixels` against the check counting in this thread, if any (ImagesTooLarge past its
    budget). decoding_room does it; a caller that has photos decoded in other processes charges
    them here first (app.engine.images.decoded_pixels tells how many from the header alone)."""
    allowance = _CHECK.get()
    if allowance is not None:
        allowance.take(pixels, field)


@contextmanager
def decoding_room(pixels: int, settings: Settings, field: str) -> Iterator[None]:
    """Charge `pixels` to the current check (if one is counting), then hold them in the process's
    in-flight budget for the block: the decoding and shrinking of one photo."""
    charge_check(pixels, field)
    with _gate(settings).room(pixels, DECODE_WAIT_S):
        yield


def decoding_now(settings: Settings) -> int:
    """Pixels being decoded in this process at this moment (for tests and metrics)."""
    return _gate(settings).held
