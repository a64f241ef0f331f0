"""Dates against the story's events: a photo of the aftermath dated days before it happened.

"Survivors walk among the debris of flattened homes in Tacloban, Nov. 4, 2013" cannot show a
typhoon the story says struck on Friday, Nov. 8. The date check (dates.py) measures a caption
against publication and lets half a year pass; this one measures it against the first day the
story gives its events, read from its explicit dates and its weekdays ("on Friday": the last
Friday up to publication; "on New Year's Day": the last 1 January; not a day something lasts
"until" or "through", which is to come) within `_EVENT_WINDOW_DAYS` of publication. A day
early may be the eve or a time zone apart, but not for what the event leaves behind (a
destroyed building).

Only where that first day is plain ("over the weekend" is the Saturday before publication): a
story that says its events ran on for a while ("last week", "for days", "since" without a day
or an hour, "began" without a weekday, "during the week", "the second of three nights"), or
followed an event it gives no day ("declared the winner on Wednesday, after a vote"), may have
begun before any day it names, so it is left alone; a month it gives them ("sales rose in
February", published in March) counts from its first day. A story that reports research
("researchers said", "the study") is left alone too: the fieldwork its photos show came before
the day the findings were announced. Photos that may rightly come first are left alone too:
taken ahead of the event ("before", "ahead of", "preparing", a rehearsal or preview), file and
archive photos, views of a place ("A general view of the port city of Aqaba", "Wind turbines
stand near the village") that show nothing the event left, and photos of named people, which
newsrooms run as portraits whatever day they were taken. Not governed by the caption decision:
none of its fitting data has such a pair, so this conflict stands at review on its own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.engine.calendar_words import DAY_MONTH, MONTH_DAY, MONTHS, WEEKDAYS, with_weekday_years
from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import day_precise, find_scene_dates, parsed_date, says_archive, story_past
from app.engine.signals.people_found import caption_people_all
from app.engine.text import count_in
from app.schema import Reason
from app.settings import Severity

CAPTION_DATE_BEFORE_EVENT = "caption_date_before_event"
_EVENT_WINDOW_DAYS = 60  # dates the story names further back are its background
_GRACE_DAYS = 1  # the eve of the event, or a time zone apart
# What is left after the event ("a destroyed building", "the rubble"): never its eve, so a day
# before is too early. Floods are left out: the water rises for days before the story's day.
# So is a caption that says it comes after the event ("after the earthquake", "after Hurricane Ivette").
_AFTERMATH = re.compile(r"\b(?:destroyed|collapsed|rubble|debris|wreckage|flattened|razed|toppled|burned-out"
                        r"|burnt-out|charred|ruins|aftermath|after (?:the )?(?:\w+ )?(?:earthquake|quake|explosion"
                        r"|blast|eruption|landslide|tornado|hurricane|typhoon|cyclone|crash|collapse|attack))\b",
                        re.IGNORECASE)
_ON_A_WEEKDAY = re.compile(rf"\b(?:on|late|early)\s+({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
# A weekday the story names, "on Sunday" or as AP writes it, bare ("searched Thursday"), or
# "Sunday's loss": a day of its events (a coming "Sunday's match" reads as the last Sunday, which
# only moves the first day earlier). "Next Monday" is to come, and so is the day something
# lasts until ("classes canceled through Wednesday", "without power until Friday").
_A_WEEKDAY = re.compile(rf"\b(?<!next )(?<!until )(?<!till )(?<!through )({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_WEEKEND = re.compile(r"\b(?:over|at|during|on|last|this) the weekend\b|\blast weekend\b", re.IGNORECASE)
# "Nov. 8", "8 November", with or without a year: a day the story gives something.
_STORY_DAY = re.compile(rf"\b(?:{MONTH_DAY}\b(?:,?\s+\d{{4}})?|{DAY_MONTH}(?:,?\s+\d{{4}})?)")
# Days known by name, each on the same date every year: "the earthquake that struck on New Year's Day".
_NAMED_DAYS = {"new year's day": (1, 1), "valentine's day": (2, 14), "halloween": (10, 31),
               "christmas eve": (12, 24), "christmas day": (12, 25), "boxing day": (12, 26), "new year's eve": (12, 31)}
_A_NAMED_DAY = re.compile(r"\b(?:" + "|".join(name.replace("'", "['’]") for name in _NAMED_DAYS) + r")\b",
                          re.IGNORECASE)
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
# Words with which a story says its events went on before any day it names.
_ONGOING = re.compile(
    r"\b(?:last (?:week|month)|earlier (?:this|in the) (?:week|month)|(?:for|in recent|over the past|over recent) "
    r"(?:days|weeks|months)|for a (?:week|fortnight|month)|(?:days|weeks) (?:ago|earlier)"
    # "closed since Tuesday afternoon" gives its day, which the weekdays read; "out since five
    # o'clock this morning", "since dawn", the day itself. So does "began the season on Tuesday",
    # or as AP writes it, "began Saturday".
    rf"|the (?:previous (?:day|night|week|weekend)|day before|week before)|since(?!\s+(?:{_WEEKDAY_NAMES}"
    r"|dawn|daybreak|midnight|noon|this morning|\w+ o'clock|\d{1,2}(?::\d\d)?\s?[ap]\.?m\b)\b)"
    rf"|(?:began|started)(?!(?:\s+[\w'’-]+){{0,8}}?\s+(?:on\s+)?(?:{_WEEKDAY_NAMES})\b)"
    r"|(?:first|second|third|fourth|fifth|final) (?:day|night|week|round)"
    r"|(?:second|third|fourth|fifth|last|final) of \w+ (?:days|nights|rounds)|(?:during|throughout|all) the week"
    # "declared the winner early Wednesday, after a vote marred by delays": an earlier event the
    # story gives no day ("a day after a quake struck" counts the days, so it says when).
    r"|(?<!day )(?<!days )(?<!hour )(?<!hours )(?<!week )(?<!weeks )after an?)\b",
    re.IGNORECASE)
# A story reporting research: two of these words. One "scientists said" is a disaster story's.
_RESEARCH = re.compile(r"\b(?:researchers?|scientists?|stud(?:y|ies)|findings|journal|published in)\b",
                       re.IGNORECASE)
_RESEARCH_WORDS = 2
# "rose 14.1% in February", "shows this August": a month the story gives its events, which began
# no later than its first day. Full names only ("Mar" may be a name, "may" a verb).
_MONTH_NAMES = tuple(month.capitalize() for month in MONTHS)
_IN_A_MONTH = re.compile(rf"\b(?:in|during|for|this)\s+(?:early\s+|late\s+|mid-)?({'|'.join(_MONTH_NAMES)})"
                         rf"(?:\s+(\d{{4}}))?\b(?!\s+\d{{1,2}}\b)")
# Words with which a caption says its photo was taken before the event.
_AHEAD = re.compile(
    r"\b(?:before|ahead|prior|prepar\w*|brac\w*|await\w*|approach\w*|forecast\w*|warn\w*|eve|in anticipation"
    r"|rehears\w*|preview\w*|run-throughs?)\b",
    re.IGNORECASE)


# "A general view of the Red Sea port city of Aqaba": a view of a place shows no event, unless
# it shows what the event left (`_AFTERMATH`).
_A_VIEW = re.compile(r"^\s*(?:an?\s+)?(?:(?:general|aerial|drone|wide)\s+)?view\s+of\b", re.IGNORECASE)
# "Wind turbines stand near the village of Karwice": things that stand, as in a view, show none
# either, unless the caption says on what occasion ("Workers stand outside the plant after …").
_STANDING = re.compile(r"^[^,;]*?\b(?:stands?|sits?|lies?|towers?|rises?|dots?|(?:is|are)\s+(?:seen|pictured))\s+"
                       r"(?:near|in|on|at|along|over|beside|outside|above|across|idle)\b(?!\s+(?:line|queue)\b)",
                       re.IGNORECASE)
_AN_OCCASION = re.compile(r"\b(?:after|during|as|following|amid)\b", re.IGNORECASE)


# "blocked the railway line for a third day" on Saturday: the events began two days before it.
_NTH_DAY = re.compile(r"\bfor (?:a|the) (second|third|fourth|fifth) (?:straight |consecutive )?day\b", re.IGNORECASE)
_DAYS_BEFORE = {"second": 1, "third": 2, "fourth": 3, "fifth": 4}
# "without power four days after the storm": the events began that many days before the sentence's
# weekday, or before publication where it names none.
_DAYS_AFTER = re.compile(r"\b(a|one|two|three|four|five|six|seven|\d) days? after\b", re.IGNORECASE)
# "officials would travel to Cusco on Monday": a day to come, not a past day of the events
# ("said on Monday they would" keeps its Monday).
_COMING = re.compile(r"\b(?:will|would|(?:is|are|was|were) (?:due|expected|scheduled|set|forecast) to|plans? to)\b",
                     re.IGNORECASE)


def event_onset(sentences: list[str], published: date) -> date | None:
    """The first day the story gives its events, or None where it is not plain."""
    counted, plain = _days_counted(sentences, published)
    text = " ".join(plain)
    if _ONGOING.search(text) or len(_RESEARCH.findall(text)) >= _RESEARCH_WORDS:
        return None
    days = counted + [_last_weekday(match.group(1), published) for sentence in plain
                      for match in _A_WEEKDAY.finditer(sentence)
                      if not _COMING.search(sentence[:match.start()])]
    days += [_last_weekday("saturday", published) for _ in _WEEKEND.finditer(text)]
    days += [d for d in (_story_day(match.group(0), published) for match in _STORY_DAY.finditer(text)) if d]
    days += [d for d in (_month_start(match, published) for match in _IN_A_MONTH.finditer(text)) if d]
    days += [_named_day(match.group(0), published) for match in _A_NAMED_DAY.finditer(text)]
    recent = [d for d in days if timedelta(0) <= published - d <= timedelta(days=_EVENT_WINDOW_DAYS)]
    return min(recent, default=None)


def _days_counted(sentences: list[str], published: date) -> tuple[list[date], list[str]]:
    """The first days of "for a third day" on a weekday the sentence names, and the sentences
    with those counts taken out (a count without its weekday stays, and says the events went on);
    and the days "four days after" counts back to."""
    counted: list[date] = []
    plain: list[str] = []
    for sentence in sentences:
        counted += [_days_before(match.group(1), sentence, published) for match in _DAYS_AFTER.finditer(sentence)]
        count, weekday = _NTH_DAY.search(sentence), _ON_A_WEEKDAY.search(sentence)
        if count and weekday:
            day = _last_weekday(weekday.group(1), published)
            counted.append(day - timedelta(days=_DAYS_BEFORE[count.group(1).lower()]))
            sentence = _NTH_DAY.sub(" ", sentence)
        plain.append(sentence)
    return counted, plain


def _days_before(count: str, sentence: str, published: date) -> date:
    weekday = _A_WEEKDAY.search(sentence)
    day = _last_weekday(weekday.group(1), published) if weekday else published
    return day - timedelta(days=count_in(count) or 0)


def before_event_reasons(caption: str, onset: date | None, named_people: bool,
                         published: date | None = None) -> list[Reason]:
    """`onset`: `event_onset`, None for a story that looks back (an anniversary, "a year after
    Harvey"), whose photos show the past as a matter of course."""
    parts = split_caption(with_weekday_years(caption, published))
    if onset is None or named_people or parts.file_photo or says_archive(caption) or _AHEAD.search(parts.scene):
        return []
    standing = _STANDING.match(parts.scene) and not _AN_OCCASION.search(parts.scene)
    if (_A_VIEW.match(parts.scene) or standing) and not _AFTERMATH.search(parts.scene):
        return []
    for text, when in find_scene_dates(parts.scene):
        early = (onset - when).days
        grace = 0 if _AFTERMATH.search(parts.scene) else _GRACE_DAYS
        if day_precise(text) and grace < early <= _EVENT_WINDOW_DAYS:
            days = f"{early} day{'s' if early != 1 else ''}"
            message = (f"The caption dates the photo {when:%-d %B %Y}, {days} before the first day the story "
                       f"gives its events ({onset:%-d %B %Y}); check that the photo shows them.")
            return [make_reason(CAPTION_DATE_BEFORE_EVENT, Severity.review, message,
                                caption_date=when.isoformat(), story_onset=onset.isoformat(), days_before=early)]
    return []


def _last_weekday(name: str, published: date) -> date:
    back = (published.weekday() - WEEKDAYS.index(name.lower())) % 7
    return published - timedelta(days=back)


def _story_day(text: str, published: date) -> date | None:
    """A day with its year, or without one: the last such day up to publication."""
    when = parsed_date(text, default=published.replace(day=1))
    if when is None or re.search(r"\d{4}", text):
        return when
    return when if when <= published else _a_year_earlier(when)


def _named_day(name: str, published: date) -> date:
    """The last New Year's Day, Christmas Eve … up to publication."""
    month, day = _NAMED_DAYS[name.lower().replace("’", "'")]
    when = date(published.year, month, day)
    return when if when <= published else date(published.year - 1, month, day)


def _month_start(match: re.Match[str], published: date) -> date | None:
    """The first day of "in February" (the last February up to publication) or "in May 2024"."""
    month = _MONTH_NAMES.index(match.group(1)) + 1
    if match.group(2):
        return date(int(match.group(2)), month, 1)
    start = date(published.year, month, 1)
    return start if start <= published else start.replace(year=published.year - 1)


def _a_year_earlier(when: date) -> date | None:
    try:
        return when.replace(year=when.year - 1)
    except ValueError:  # 29 February
        return None


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    published = ctx.prepared.published
    if published is None:
        return findings
    looks_back = story_past(ctx).looks_back is not None
    onset = None if looks_back else event_onset(ctx.prepared.units, published)
    people = caption_people_all(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        # "Freezing rain glazes cars …": a common word opening the caption is nobody's name.
        named = [person for person in people[index] if person.start > 0 or len(person.text.split()) > 1]
        findings.add(index, *before_event_reasons(figure.caption, onset, bool(named), published))
    return findings


SIGNAL = Signal(name="dates_event", codes=(CAPTION_DATE_BEFORE_EVENT,), needs=frozenset(), run=_run)
