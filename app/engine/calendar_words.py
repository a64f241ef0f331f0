"""The names of weekdays and months as newsrooms write them, in full and shortened, folded; the
patterns of a day and month as written; and the year a weekday gives a day written without one."""

from __future__ import annotations

import re
from datetime import date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
SHORT_WEEKDAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
SHORT_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
SEASONS = frozenset("spring summer autumn fall winter".split())

MONTH_WORDS = frozenset(MONTHS) | SHORT_MONTHS
CALENDAR_WORDS = frozenset(WEEKDAYS) | MONTH_WORDS  # "Sunday, Nov. 10" is a date, not a place or a name

MONTH = (  # a month's name as newsrooms write it, abbreviated or not
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
MONTH_DAY = rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"  # "Nov. 8", "March 3rd"
DAY_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}"  # "8 November"
# "Monday, Jan. 27" and "Monday 27 January", with no year after them.
_WEEKDAY_DAY = re.compile(
    rf"\b(?P<weekday>{'|'.join(WEEKDAYS)}),?\s+(?P<day>{MONTH_DAY}|{DAY_MONTH})\b(?!\.?,?\s*\d{{4}})",
    re.IGNORECASE)
_MONTH_NUMBER = {name[:3]: number for number, name in enumerate(MONTHS, 1)}


_WEEKDAY_REACH = (366, 7)  # days before and after publication a weekday's year is sought in


def with_weekday_years(text: str, published: date | None) -> str:
    """ "Monday, Jan. 27" with the year whose Jan. 27 was a Monday, of the year before
    publication and a week after it (one at most): "Monday, Jan. 27, 2025" under a story of 24
    January 2025. Where no such year is near, the weekday may be a slip, and the day is left."""
    if published is None:
        return text
    earliest, latest = (published.toordinal() - _WEEKDAY_REACH[0], published.toordinal() + _WEEKDAY_REACH[1])

    def dated(match: re.Match[str]) -> str:
        day = int(re.search(r"\d+", match.group("day")).group(0))
        month = _MONTH_NUMBER[re.search(r"[A-Za-z]{3}", match.group("day")).group(0).lower()]
        weekday = WEEKDAYS.index(match.group("weekday").lower())
        for year in (published.year, published.year - 1, published.year + 1):
            try:
                when = date(year, month, day)
                if when.weekday() == weekday and earliest <= when.toordinal() <= latest:
                    return f"{match.group(0).rstrip('.')}, {year}"
            except ValueError:  # 29 February, 31 April
                continue
        return match.group(0)

    return _WEEKDAY_DAY.sub(dated, text)
