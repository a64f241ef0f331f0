"""Every signal the checker runs, in the order their reasons are listed.

Adding a signal: write one module in this package ending with ``SIGNAL = Signal(...)``
(it declares its reason codes and what it needs) and add it to ``SIGNALS`` below.
"""

from __future__ import annotations

from app.engine.reasons import CHECKER_CODES
from app.engine.signals import (
    caption_article,
    dates,
    dates_event,
    diseases,
    events,
    events_unmentioned,
    image_caption,
    image_text,
    language,
    occasions,
    people,
    photo_metadata,
    places,
    results,
    reuse,
    roles,
)
from app.engine.signals.base import Signal

SIGNALS: tuple[Signal, ...] = (
    caption_article.SIGNAL,
    places.SIGNAL,
    people.SIGNAL,
    dates.SIGNAL,
    dates_event.SIGNAL,
    events.SIGNAL,
    events_unmentioned.SIGNAL,
    occasions.SIGNAL,
    diseases.SIGNAL,
    language.SIGNAL,
    roles.SIGNAL,
    results.SIGNAL,
    image_caption.SIGNAL,
    image_text.SIGNAL,
    photo_metadata.SIGNAL,
    reuse.SIGNAL,
)


def all_codes(signals: tuple[Signal, ...] = SIGNALS) -> tuple[str, ...]:
    """Every reason code a report can carry."""
    codes = [*CHECKER_CODES, *(code for signal in signals for code in signal.codes)]
    if len(codes) != len(set(codes)):
        raise ValueError("two signals declare the same reason code")
    return tuple(codes)
