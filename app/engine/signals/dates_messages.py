"""The date check's findings, in words an editor reads: how old the photo is against the
story, and why an old date is only noted (a story that looks back, an event it recalls, a
portrait of its own person)."""

from __future__ import annotations

from datetime import date

from app.engine.reasons import make_reason, noted
from app.schema import Reason
from app.settings import Severity

CAPTION_DATE_CONFLICT = "caption_date_conflict"


def noted_as_the_past(reason: Reason) -> Reason:
    """An obituary or anniversary shows its subject's past, lived elsewhere: "A young Vargas
    Llosa at his desk in Paris in the 1960s" under his death in Lima is noted, not flagged."""
    return noted(reason, "The story looks back, and the caption shows an earlier time.")


def how_long(days: int) -> str:
    """ "19 years" from a year and a half on, else "311 days"."""
    years = days / 365.25
    return f"{years:.0f} years" if years >= 1.5 else f"{days} days"


def looking_back(text: str, when: date, published: date, gap: int) -> Reason:
    return _noted_date(text, when, published, gap, "; the story looks back (an obituary, an anniversary or a "
                       "review), where old photos are expected.", looks_back=True)


def recalled(text: str, when: date, published: date, gap: int) -> Reason:
    return _noted_date(text, when, published, gap, ", at an event of that month, which the story recalls.",
                       recalled=True)


def dated_as_past(text: str, when: date, published: date, gap: int) -> Reason:
    return _noted_date(text, when, published, gap, ", by its month, as archive photos are dated: only noted.",
                       dated_as_past=True)


def _noted_date(text: str, when: date, published: date, gap: int, why: str, **flag: bool) -> Reason:
    """An old date that asks nothing, and `why`."""
    return make_reason(
        CAPTION_DATE_CONFLICT,
        Severity.info,
        f"The caption dates the photo to {text}, {how_long(gap)} before the story's date "
        f"({published.isoformat()}){why}",
        caption_date=when.isoformat(),
        published=published.isoformat(),
        days_before=gap,
        **flag,
    )


def too_old(text: str, when: date, published: date, gap: int, severity: Severity, stock: bool,
            handout: bool = False) -> Reason:
    reused = (" It shows a building or sign, which are reused: only noted." if stock
              else " It is a handout, dated when its supplier took it: only noted." if handout else "")
    return make_reason(
        CAPTION_DATE_CONFLICT,
        severity,
        f"The caption dates the photo to {text}, {how_long(gap)} before the story's date "
        f"({published.isoformat()}), but does not say it is a file or archive photo.{reused}",
        caption_date=when.isoformat(),
        published=published.isoformat(),
        days_before=gap,
    )


def after_publication(text: str, when: date, published: date) -> Reason:
    return make_reason(
        CAPTION_DATE_CONFLICT,
        Severity.mismatch,
        f"The caption dates the photo to {text}, after the story's date ({published.isoformat()}).",
        caption_date=when.isoformat(),
        published=published.isoformat(),
        days_after=(when - published).days,
    )


def as_a_portrait(reason: Reason, name: str) -> Reason:
    """A portrait of a person the story names ("chief executive Mark Feldstein at the company's
    offices, March 2024") is run whatever day it was taken, until it is stale."""
    if reason.severity != Severity.review:
        return reason
    message = f"{reason.message} It shows {name}, whom the story names, as in a portrait."
    return reason.model_copy(update={"severity": Severity.info, "message": message})
