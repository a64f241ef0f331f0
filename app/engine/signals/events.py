"""Events of one series: a caption about Hurricane Harvey under a story about Hurricane Irma.

Storms, tournaments, summits and missions come in series whose members share a name and
differ by a year, a number or, for storms, a given name ("Hurricane Irma", "Euro 2016",
"COP26", "Super Bowl LIII", "the 2012 Olympics"). A photo of another member of the series is
the hardest swap for a sentence model: everything about it fits except which one. When the
story names a member of a series and the caption another member the story never mentions,
the caption asks for review. Not governed by the caption decision: none of its labelled data
has such a pair, so this conflict stands at review on its own, like the town check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.calendar_words import MONTH_WORDS, SEASONS
from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.places_wording import join
from app.engine.text import fold, stop_words
from app.schema import Reason
from app.settings import Severity

CAPTION_EVENT_OTHER = "caption_event_other"

_YEAR = r"(?:19|20)\d\d"
_ROMAN = r"[IVXLC]{2,}"  # one letter alone is too often a word ("I")
_CAPITALISED = r"[A-Z][a-z]+"
_STORMS = r"Hurricane|Typhoon|Cyclone|Storm|Tropical Storm|Tropical Depression"
# "Euro 2016", "Super Bowl LIII"; "the 2012 London Olympics"; "COP26", "G-20"; "Hurricane Irma".
_NAMED_THEN_NUMBERED = re.compile(
    rf"\b((?:{_CAPITALISED} ){{0,2}}{_CAPITALISED}) ({_YEAR}|{_ROMAN})\b(?![-–/:.,]?\d)")
_NUMBERED_THEN_NAMED = re.compile(rf"\bthe ({_YEAR}) ((?:{_CAPITALISED} ){{0,2}}{_CAPITALISED})\b")
_ACRONYM_NUMBERED = re.compile(r"\b([A-Z]{1,5})-?(\d{1,3})\b(?![-–/:.,]?\d)")
_STORM = re.compile(rf"\b({_STORMS}) ({_CAPITALISED})\b")
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z]")
# Words that come before a year without naming an event: dates and seasons (and, from
# the stop words, "In 2016", "By 2030" opening a sentence).
_NOT_SERIES = MONTH_WORDS | SEASONS


@dataclass(frozen=True)
class EventName:
    series: str  # "olympics", "hurricane", "cop": what members share
    member: str  # "2012", "irma", "26": what tells them apart
    text: str  # as written


def event_names(text: str) -> list[EventName]:
    found = [EventName(_series(name), fold(value), m.group(0))
             for m in _NAMED_THEN_NUMBERED.finditer(text) for name, value in [m.groups()]]
    found += [EventName(_series(name), fold(value), m.group(0))
              for m in _NUMBERED_THEN_NAMED.finditer(text) for value, name in [m.groups()]]
    found += [EventName(fold(m.group(1)), m.group(2), m.group(0)) for m in _ACRONYM_NUMBERED.finditer(text)]
    found += [EventName("storm", fold(m.group(2)), m.group(0)) for m in _STORM.finditer(text) if _alone(m, text)]
    return [e for e in found if e.series not in _NOT_SERIES and e.series not in stop_words()]


def _alone(match: re.Match[str], text: str) -> bool:
    """Not inside a longer name: the National Hurricane Center is no storm."""
    return not _NAME_BEFORE.search(text[: match.start()]) and not _NAME_AFTER.match(text[match.end():])


def _series(name: str) -> str:
    """The series is the name's last word: "the 2012 London Olympics" is one of the Olympics."""
    return fold(name.split()[-1])


@dataclass(frozen=True)
class StoryEvents:
    """The story's events and its words, read once per check."""

    names: tuple[EventName, ...]
    words: frozenset[str]  # folded, digits kept: a year anywhere in the story counts as named


def story_events(story: str) -> StoryEvents:
    return StoryEvents(tuple(event_names(story)), frozenset(re.findall(r"\w+", fold(story))))


def other_event_reasons(caption: str, story: StoryEvents) -> list[Reason]:
    """A file photo says itself that it shows another time: "FILE - Homes lie in ruins in Moore,
    Okla., on May 21, 2013, a day after an EF5 tornado" beside a story about this week's EF-3
    is no swap. (A year alone does not: "Euro 2016" under Euro 2024 is the swap this reads.)"""
    parts = split_caption(caption)
    if parts.file_photo:
        return []
    for event in event_names(parts.scene):  # a credit alone names no event
        same_series = [e for e in story.names if e.series == event.series]
        named = any(e.member == event.member for e in same_series) or event.member in story.words
        if not same_series or named:
            continue
        story_names = list(dict.fromkeys(e.text for e in same_series))
        message = (f"The caption is about {event.text}, but the story is about {join(story_names)}; "
                   f"check that the photo is of the story's event.")
        return [make_reason(CAPTION_EVENT_OTHER, Severity.review, message,
                            caption_event=event.text, story_events=story_names)]
    return []


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    story = story_events(ctx.prepared.full_text)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *other_event_reasons(figure.caption, story))
    return findings


SIGNAL = Signal(name="events", codes=(CAPTION_EVENT_OTHER,), needs=frozenset(), run=_run)
