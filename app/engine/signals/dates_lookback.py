"""Stories that look back: obituaries, anniversaries and reviews, which run old photos as a
matter of course. An anniversary knows how long ago its event was ("30 years since the Great
Hanshin Earthquake"), so a photo of that year fits it and one of another old year does not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.engine.text import count_in

# Obituaries and anniversaries, read in the headline only (an opening sentence says "36 years
# after his father was ousted" or "three people died" in stories about today), and reviews of a
# film, album or show ("Concert review: …", "Low Tide Hymns review – …"), whose artists are
# pictured on earlier nights and tours.
_LOOKS_BACK = re.compile(
    r"\b(?:(?:dies|died|dead) (?:at|aged) \d+|obituary|passes away|passed away|remembered"
    r"|remembering|anniversary|(?:\w+ years|(?:a|one) year) (?:after|since|on|ago)"
    r"|(?:film|album|concert|theatre|theater|book|gig|opera|dance|tv|music|stage) review)\b"
    r"|^[^–—.]{1,80}\breview\s*[:–—]",
    re.IGNORECASE,
)
# How long ago an anniversary's event was: "30 years since", "Ten years on", "50th anniversary".
_SPAN = re.compile(r"\b(\w+)[- ]years? (?:after|since|on|ago)\b|\b(\d+)(?:st|nd|rd|th) anniversary\b",
                   re.IGNORECASE)


@dataclass(frozen=True)
class LookBack:
    """A story that looks back: an obituary, an anniversary or a review (any past date fits), or the
    anniversary of an event `years` ago (a date of that year fits, another one does not)."""

    years: int | None = None

    def expects(self, when: date, published: date) -> bool:
        return self.years is None or abs(published.year - self.years - when.year) <= 1


def story_looks_back(headline: str) -> LookBack | None:
    """An obituary or an anniversary, going by its headline."""
    if not _LOOKS_BACK.search(headline):
        return None
    span = _SPAN.search(headline)
    if span is None:
        return LookBack()
    count = span.group(1) or span.group(2)
    return LookBack(count_in(count))
