"""Dates: a caption that dates its scene far from publication, without saying it is old."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateparser

from app.engine.calendar_words import CALENDAR_WORDS, DAY_MONTH, MONTH, MONTH_DAY, SEASONS, with_weekday_years
from app.engine.caption_anatomy import scene_of, split_caption
from app.engine.place_tokens import tokenize
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates_lookback import LookBack, story_looks_back
from app.engine.signals.dates_messages import (
    CAPTION_DATE_CONFLICT, after_publication, as_a_portrait, dated_as_past, looking_back, recalled, too_old,
)
from app.engine.signals.people_found import caption_entities, posed_portraits
from app.engine.signals.place_mentions import find_mentions
from app.engine.signals.places_story import story_places
from app.engine.signals.stock_subjects import shows_a_stock_subject
from app.engine.text import content_stems, stem
from app.schema import Reason
from app.settings import Severity

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_A_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Day precision or month precision: these date the scene itself.
_DATED = re.compile(
    rf"\b(?:{MONTH_DAY},?\s+{_YEAR}"
    rf"|{DAY_MONTH},?\s+{_YEAR}"
    rf"|{_YEAR}-\d\d-\d\d"
    rf"|{MONTH},?\s+{_YEAR})\b",
    re.IGNORECASE,
)
# Words with which a caption openly says the photo is not new ("in the past", not "walk past").
_ARCHIVE = re.compile(
    r"\b(?:file|archive|archival|archives|historic(?:al)?|years? (?:ago|earlier)"
    r"|then[- ]|(?:in|from) the past|previously|in this (?:[\w.]+,?\s+){0,2}\d{4},?\s+photo|taken in)\b",
    re.IGNORECASE,
)
_PORTRAIT = re.compile(r"(?:,|\b[A-Z][\w'’.-]*)\s+pictured\b")
# A date that names an event ("the March 11, 2011 tsunami") or bounds a time ("closed since
# March 2020") is not when the photo was taken.
_NOT_THE_SCENE = re.compile(r"\b(?:the|since|until|till|before|by)\s+$", re.IGNORECASE)
# But "during the October 2019 election", "on the night of the October 2019 election": the
# photo is at that event.
_AT_THE_EVENT = re.compile(r"\b(?:during|(?:night|day|eve|morning|afternoon|evening) of)\s+the\s+$",
                           re.IGNORECASE)
# "Skeldergate during the record flood of November 2000": a caption that sets its photo at an
# event of a month the story itself recalls shows that past event, as an archive photo does.
_AT_A_RECALLED_EVENT = re.compile(r"\b(?:during|at|in)\s+the\s+(?:[\w'’-]+\s+){0,4}?$", re.IGNORECASE)
# A day after the story's date may be a time zone apart ("Sydney, Monday" under a story dated
# Sunday in New York); two days cannot. No genuine caption of the real-news dev split, dev.jsonl,
# extra_cases.jsonl or the probes is dated after publication at all.
_FUTURE_GRACE_DAYS = 1
# A caption that shows someone's past: "in the 1960s", "in 1975", "on stage in London, 2009",
# "A young Vargas Llosa".
_PAST = re.compile(
    rf"\b(?:in|during|from) the (?:early |mid-?|late )?(?:1[89]|20)\d0s\b|(?:\b(?:in|from)|,) ({_YEAR})\b"
    r"|\b(?:a|the) young(?:er)? [A-Z]",
)
_PAST_YEARS = 2
_YEAR_SPAN = re.compile(r"\b(?:between|from)\s+((?:19|20)\d\d)\s+(?:and|to|until)\s+((?:19|20)\d\d)\b"
                        r"|\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_LONGEST_SPAN = 30  # years: a longer span is history, not the story's events
_WORDS_OF_THE_EVENT = 2  # the collapse and its district, the flood and its river
_CALENDAR_STEMS = frozenset(stem(w) for w in CALENDAR_WORDS | SEASONS)


def find_scene_dates(caption: str) -> list[tuple[str, date]]:
    """Explicit dates of month or day precision in the caption, as (text, date), but for dates
    of something other than the scene (`_NOT_THE_SCENE`)."""
    return [(text, when) for text, when, _ in _scene_dates(caption)]


def _scene_dates(caption: str) -> list[tuple[str, date, str]]:
    """`find_scene_dates`, each with the caption's words before it."""
    found: list[tuple[str, date, str]] = []
    for match in _DATED.finditer(caption):
        before = caption[: match.start()]
        parsed = parsed_date(match.group(0))
        if parsed is not None and not (_NOT_THE_SCENE.search(before) and not _AT_THE_EVENT.search(before)):
            found.append((match.group(0), parsed, before))
    return found


def parsed_date(text: str, default: date = date(2000, 1, 1)) -> date | None:
    """A date as written; `default` fills what the text leaves out (its year, its day)."""
    try:
        return dateparser.parse(text, default=datetime(default.year, default.month, default.day)).date()
    except (ValueError, OverflowError):
        return None


def day_precise(text: str) -> bool:
    """A date written with its day ("May 16, 2023", "Jan. 8"), not only a month or year."""
    return len(re.findall(r"\d+", text)) >= 2


def months_named(text: str) -> frozenset[tuple[int, int]]:
    """The (year, month) of every date of month or day precision the text writes."""
    found = (parsed_date(match.group(0)) for match in _DATED.finditer(text))
    return frozenset((when.year, when.month) for when in found if when is not None)


def words_by_month(sentences: list[str],
                   published: date | None = None) -> tuple[tuple[tuple[int, int], frozenset[str]], ...]:
    """Each (year, month) the sentences write, with the word stems of those that write it."""
    words: dict[tuple[int, int], set[str]] = {}
    for sentence in sentences:
        months = months_named(sentence) | {(d.year, d.month) for d in days_without_year(sentence, published)}
        for month in months:
            words.setdefault(month, set()).update(_undated_stems(sentence))
    return tuple((month, frozenset(stems)) for month, stems in words.items())


def words_by_day(sentences: list[str], published: date | None = None) -> tuple[tuple[date, frozenset[str]], ...]:
    """Each day the sentences write ("on May 16, 2023", or "on January 13" in a story of that
    year), with the word stems of those that write it."""
    words: dict[date, set[str]] = {}
    for sentence in sentences:
        days = [parsed_date(m.group(0)) for m in _DATED.finditer(sentence) if day_precise(m.group(0))]
        for when in [*days, *days_without_year(sentence, published)]:
            if when is not None:
                words.setdefault(when, set()).update(_undated_stems(sentence))
    return tuple((day, frozenset(stems)) for day, stems in words.items())


# "about 11pm on January 13", "during the night of 17 February": a day of the story's year.
_DAY_NO_YEAR = re.compile(rf"\b(?:{MONTH_DAY}|{DAY_MONTH})\b(?!,?\s+\d)")


def days_without_year(sentence: str, published: date | None) -> list[date]:
    """Days written without their year, up to publication (one later in the year is to come)."""
    if published is None:
        return []
    written = _DAY_NO_YEAR.finditer(_DATED.sub(" ", sentence))
    found = (parsed_date(m.group(0), published.replace(day=1)) for m in written)
    return [d for d in found if d is not None and d <= published]


def _undated_stems(sentence: str) -> frozenset[str]:
    return content_stems(_DAY_NO_YEAR.sub(" ", _DATED.sub(" ", sentence)))


def words_by_year(sentences: list[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Each year the sentences write alone or in a span ("in 2021", "between 2019 and 2023"),
    with the word stems of those that write it."""
    words: dict[int, set[str]] = {}
    for sentence in sentences:
        undated = _DATED.sub(" ", sentence)
        for year in years_written(undated):
            words.setdefault(year, set()).update(content_stems(undated))
    return tuple((year, frozenset(stems)) for year, stems in words.items())


def years_written(text: str) -> set[int]:
    years = {int(y) for y in _A_YEAR.findall(text)}
    for match in _YEAR_SPAN.finditer(text):
        first, last = (int(y) for y in match.groups() if y is not None)
        if 0 < last - first <= _LONGEST_SPAN:
            years |= set(range(first, last + 1))
    return years


def _at_a_recalled_event(scene: str, text: str, before: str, when: date, past: StoryPast) -> bool:
    """The caption sets its photo at an event of a month the story recalls: "during" it
    ("Skeldergate during the record flood of November 2000"), or in the words of the story's
    own sentences of that month ("the collapsed building in Bahçelievler in March 2023" where
    the story recalls "the collapse … in the city's Bahçelievler district in March 2023"); on
    the very day the story recalls, one word of its sentence will do ("the groundbreaking
    ceremony for the plant, May 16, 2023": "Ground was broken for the plant on May 16, 2023").
    `text`: the caption's date as written; `before`: its words before the date."""
    month = (when.year, when.month)
    # "Monday" is in the story's sentence of today's vote and in any dated caption: no event's word.
    words = content_stems(_DATED.sub(" ", scene)) - _CALENDAR_STEMS
    of_the_day = next((stems for day, stems in past.recalled_days if day == when), frozenset())
    if day_precise(text) and words & of_the_day:
        return True
    if month not in past.recalled:
        # A year the story recalls is looser than a month: the caption must share its words
        # ("a partial thigh bone … in March 2023" where the fossils "were excavated between
        # 2019 and 2023").
        # A name says who, not which event: a photo of the story's own convicted mayor shares
        # his name and his court with "who served as mayor from 2013 to 2019", whenever taken.
        of_the_year = next((stems for year, stems in past.recalled_years if year == when.year), frozenset())
        return len(_event_words(scene) & of_the_year) >= _WORDS_OF_THE_EVENT
    recalling = next((stems for named, stems in past.recalled_words if named == month), frozenset())
    return bool(_AT_A_RECALLED_EVENT.search(before)) or len(words & recalling) >= _WORDS_OF_THE_EVENT


# A capitalised word after a caption's first: a name ("Antonio Villareal", "Sandiganbayan").
_NAME_WORD = re.compile(r"(?<=[\w,;:()'’\"] )[A-Z][\w'’.-]*")


# A named event: "the Kincade Fire", "Storm Desmond", "the Glastonbury Festival".
_NAMED_EVENT = re.compile(
    r"(?:[A-Z][\w'’-]*\s+){1,4}(?:Fire|Floods?|Earthquake|Eruption|Festival|Games|Olympics|Cup|Marathon|Summit)\b"
    r"|\b(?:Hurricane|Typhoon|Cyclone|Storm)\s+[A-Z][\w'’-]*")


def _event_words(scene: str) -> set[str]:
    """The stems of a caption's words that can tell an event: its common words, its places
    ("a wildfire near Pedrogao Grande") and named events ("Storm Desmond"), not the names of
    people or bodies, less the calendar's."""
    undated = _DATED.sub(" ", scene)
    places = [m.text for m in find_mentions(undated, tokenize(undated))]
    names = " ".join([*places, *(m.group(0) for m in _NAMED_EVENT.finditer(undated))])
    return (content_stems(_NAME_WORD.sub(" ", undated)) | content_stems(names)) - _CALENDAR_STEMS


def says_archive(caption: str) -> bool:
    return bool(_ARCHIVE.search(caption)) or says_portrait(caption)


def says_portrait(caption: str) -> bool:
    """ "Olumide Adeyemi, pictured during a briefing in 2020": the photo is there to show who
    someone is, taken whenever; not "The headquarters is pictured on Monday"."""
    return bool(_PORTRAIT.search(caption))


@dataclass(frozen=True)
class StoryPast:
    """What a story says of the past: whether it looks back (an obituary, an anniversary) and
    the months it recalls ("the record set in November 2000")."""

    looks_back: LookBack | None = None
    recalled: frozenset[tuple[int, int]] = frozenset()
    recalled_words: tuple[tuple[tuple[int, int], frozenset[str]], ...] = ()  # `words_by_month`
    recalled_years: tuple[tuple[int, frozenset[str]], ...] = ()  # `words_by_year`
    recalled_days: tuple[tuple[date, frozenset[str]], ...] = ()  # `words_by_day`


def story_past(ctx: CheckContext) -> StoryPast:
    """The story's past, read once per check (the date, place and evidence code use it)."""
    return ctx.memo("story_past", lambda: read_story_past(ctx.prepared.article.headline, ctx.prepared.units,
                                                           ctx.prepared.published))


def read_story_past(headline: str, units: list[str], published: date | None) -> StoryPast:
    """`units`: the headline and the body's sentences, their dates parsed once for both uses."""
    recalled_words = words_by_month(units, published)
    return StoryPast(story_looks_back(headline), frozenset(month for month, _ in recalled_words), recalled_words,
                     words_by_year(units[1:]), words_by_day(units[1:], published))


def date_reasons(caption: str, published: date | None, tolerance_days: int,
                 stale_years: float | None = None, past: StoryPast = StoryPast()) -> list[Reason]:
    """Dates in the caption's scene against publication. With `stale_years`, a photo dated that
    long before the story and not called a file photo is a mismatch, not just a question. In a
    story that looks back, an old date it expects is noted (info) and asks nothing; so is a
    photo of an event in a month the story recalls ("during the record flood of November
    2000")."""
    if published is None:
        return []
    parts = split_caption(caption)
    scene = with_weekday_years(parts.scene or caption, published)
    dates = _scene_dates(scene)  # a credit's date is not the scene's
    if not dates or parts.graphic:
        return []  # a chart's dates are of its data ("inflation, October 2023 to April 2024")
    archive = parts.file_photo or says_archive(caption)
    reasons: list[Reason] = []
    for text, when, before in dates:
        gap = (published - when).days
        if when > published and -gap > _FUTURE_GRACE_DAYS:
            reasons.append(after_publication(text, when, published))
        elif (gap > tolerance_days and past.looks_back is not None and past.looks_back.expects(when, published)
              and not _an_earlier_anniversary(scene, text)):
            reasons.append(looking_back(text, when, published, gap))
        elif gap > tolerance_days and _at_a_recalled_event(scene, text, before, when, past):
            reasons.append(recalled(text, when, published, gap))
        elif gap > tolerance_days and not archive and not _a_month_recalled(text, before):
            if _a_past_month(text, gap):
                reasons.append(dated_as_past(text, when, published, gap))
                continue
            stale = stale_years is not None and gap >= stale_years * 365.25
            stock = not stale and shows_a_stock_subject(scene)
            handout = not stale and not stock and _a_handout(parts.credit)
            severity = Severity.mismatch if stale else Severity.info if stock or handout else Severity.review
            reasons.append(too_old(text, when, published, gap, severity, stock, handout))
    return reasons[:1]


# "Photo: Supplied", "Handout", "courtesy of the family", "Photograph: Lincolnshire Police/PA",
# "Picture: Visit Victoria", "Photograph: University of Hull": a picture its subject's own
# people supplied, taken whenever they took it, not a photographer sent to the story.
_HANDOUT = re.compile(r"\b(?:supplied|handout|courtesy|police|university|museum|council|FC|visit [A-Z]\w+|tourism)\b",
                      re.IGNORECASE)


def _a_handout(credit: str | None) -> bool:
    return credit is not None and bool(_HANDOUT.search(credit))


def _an_earlier_anniversary(scene: str, text: str) -> bool:
    """ "Mourners mark the anniversary of the earthquakes, February 6, 2024" under the third:
    a photo of an earlier year's anniversary is no photo of the event the story looks back to."""
    return bool(_ANNIVERSARY.search(scene)) and day_precise(text)


_ANNIVERSARY = re.compile(r"\banniversary\b", re.IGNORECASE)


def _a_month_recalled(text: str, before: str) -> bool:
    """ "during the Edinburgh Festival Fringe in August 2022" (or "Fringe, August 2022"), "on its
    maiden voyage to Antarctica in November 2021": a named or one-off occasion dated by its month
    and year, told as past; a photo presented as the story's own carries its day ("on Aug. 5,
    2022"), and "a collapsed mine in March 2021" is still asked about."""
    return len(re.findall(r"\d+", text)) == 1 and bool(_DURING_A_NAMED_OCCASION.search(before))


def _a_past_month(text: str, gap: int) -> bool:
    """A month and year a year or more before the story ("on his 50th birthday in November 2011",
    "Newcastle's 2-0 victory in September 1995"): photo desks date archive photos so, as with a
    year alone, and the reader sees the photo is old; a photo presented as new carries its day."""
    return len(re.findall(r"\d+", text)) == 1 and gap >= _A_YEAR_OF_DAYS


_A_YEAR_OF_DAYS = 365


# "during the Edinburgh Festival Fringe in" (or "Fringe,"), and a one-off occasion of the story's subject:
# "The ship leaving Harwich on its maiden voyage to Antarctica in".
_DURING_A_NAMED_OCCASION = re.compile(
    r"\bduring\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,5}[A-Z][\w'’-]*(?:\s+in\s+|,\s*)$"
    r"|\b(?:on|during|for|at)\s+(?:its|her|his|their)\s+(?:maiden|first|inaugural|final|last)\s+"
    r"(?:[\w'’-]+\s+){1,5}in\s+$")


def names_an_earlier_year(text: str, published: date | None) -> bool:
    """The text names a year before the story's ("in 2019" under a 2020 story)."""
    return published is not None and any(int(y) < published.year for y in _A_YEAR.findall(text))


def shows_the_past(scene: str, published: date) -> bool:
    """The caption says its photo is from years before the story: a decade, a year, a day, or
    its subject when young."""
    for match in _PAST.finditer(scene):
        year = match.group(1)
        if year is None or published.year - int(year) >= _PAST_YEARS:
            return True
    return any(published.year - when.year >= _PAST_YEARS for _, when in find_scene_dates(scene))


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    past, entities, places = story_past(ctx), caption_entities(ctx), story_places(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        reasons = date_reasons(figure.caption, ctx.prepared.published, ctx.settings.date_tolerance_days,
                               ctx.settings.stale_photo_years, past)
        shown = posed_portraits(scene_of(figure.caption), entities[index])
        posed = [p.text for p in shown if places.names_person(p.text)]
        findings.add(index, *[as_a_portrait(r, posed[0]) for r in reasons] if posed else reasons)
    return findings


SIGNAL = Signal(name="dates", codes=(CAPTION_DATE_CONFLICT,), needs=frozenset(), run=_run)
