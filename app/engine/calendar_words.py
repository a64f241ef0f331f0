"""The names of weekdays and months as newsrooms write them, in full and shortened, folded."""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
SHORT_WEEKDAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
SHORT_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
SEASONS = frozenset("spring summer autumn fall winter".split())

MONTH_WORDS = frozenset(MONTHS) | SHORT_MONTHS
CALENDAR_WORDS = frozenset(WEEKDAYS) | MONTH_WORDS  # "Sunday, Nov. 10" is a date, not a place or a name
