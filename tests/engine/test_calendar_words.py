"""The year a weekday gives a day and month written without one."""

from datetime import date

import pytest

from app.engine.calendar_words import with_weekday_years
from app.engine.signals.dates import date_reasons

_PUBLISHED = date(2025, 1, 24)  # a Friday


@pytest.mark.parametrize("text, dated", [
    ("leave a school on Monday, Jan. 27, after the order", "leave a school on Monday, Jan. 27, 2025, after the order"),
    ("queue on Tuesday, Dec. 31.", "queue on Tuesday, Dec. 31, 2024."),  # the year before publication
    ("fans on Monday 27 January", "fans on Monday 27 January, 2025"),
])
def test_a_weekday_gives_the_year_near_publication_whose_day_it_was(text, dated):
    assert with_weekday_years(text, _PUBLISHED) == dated


@pytest.mark.parametrize("text", [
    "on Monday, Jan. 27, 2020, in Bangkok",  # a year written stays
    "on Tuesday, Jan. 27",  # no year near publication has it on a Tuesday: a slip, left alone
    "on Friday, Feb. 30",  # no such day
])
def test_a_day_with_its_year_or_no_year_near_publication_is_left_as_written(text):
    assert with_weekday_years(text, _PUBLISHED) == text
    assert with_weekday_years("on Monday, Jan. 27", None) == "on Monday, Jan. 27"


def test_a_weekday_s_day_after_publication_is_a_date_conflict():
    caption = "Students leave a school in Bangkok on Monday, Jan. 27, after classes were suspended."
    [reason] = date_reasons(caption, _PUBLISHED, 180)
    assert reason.code == "caption_date_conflict" and reason.evidence["caption_date"] == "2025-01-27"
    assert date_reasons("Students leave a school in Bangkok on Wednesday, Jan. 22.", _PUBLISHED, 180) == []
