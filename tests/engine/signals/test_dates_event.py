"""Dates against the story's events: a photo of the aftermath dated before the event."""

from datetime import date

import pytest

from app.engine.signals.dates_event import CAPTION_DATE_BEFORE_EVENT, before_event_reasons, event_onset
from app.engine.signals.registry import SIGNALS
from app.settings import Severity

# Published on a Monday; the quake struck on Saturday, 12 April.
QUAKE = ["Quake kills dozens in the hills above Antakya",
         "ANTAKYA — A magnitude 6.8 earthquake struck the hills above Antakya on Saturday, flattening "
         "village houses.", "Rescuers said on Sunday that the toll would rise."]
PUBLISHED = date(2025, 4, 14)


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_DATE_BEFORE_EVENT in signal.codes for signal in SIGNALS)


@pytest.mark.parametrize("sentences, onset", [
    (QUAKE, date(2025, 4, 12)),  # the last Saturday up to publication
    (["The dam burst on April 9.", "Crews worked on Sunday."], date(2025, 4, 9)),  # a day without its year
    (["The court ruled on Monday.", "Bulldozers razed 300 homes over the weekend."], date(2025, 4, 12)),
    (["Officials said on January 20, 2025 that the plan was ready."], None),  # more than 60 days back only
    (["Protests have gone on for weeks; police cleared the square on Sunday."], None),  # it went on before
    (["The council met on 11 April 2025."], date(2025, 4, 11)),
    # "for a third day" on Saturday: the events began on Thursday; without its weekday, they went on
    (["Tourists were stranded on Saturday after residents blocked the line for a third day."], date(2025, 4, 10)),
    (["Residents blocked the line for a third day."], None),
    # a day to come is no day of the events; "said on Friday they would" keeps its Friday
    (["The line was cut on Monday.", "Officials will travel to the site on Saturday."], date(2025, 4, 14)),
    (["Officials said on Friday they would reopen the line."], date(2025, 4, 11)),
    # "Sunday's loss": a day of the events, as "on Sunday" is
    (["The club fired its coach on Monday.", "Sunday’s loss set off angry chants."], date(2025, 4, 13)),
    (["The pipe burst on Saturday.", "Crews had sealed two leaks earlier in the week."], None),
    (["The pipe burst on Saturday.", "Crews had sealed a leak the previous night."], None),
    # previews "during the week" of an opening on Saturday: the events went on before it
    (["The Biennale opened on Saturday.", "Pavilions were previewed by critics during the week."], None),
    # figures "in March" released on Monday: the events began with March, not on Monday
    (["Store sales rose 14% in March, data showed on Monday."], date(2025, 3, 1)),
    (["Sales rose in March 2025, data showed on Monday."], date(2025, 3, 1)),
    (["Sales rose in January, data showed on Monday."], date(2025, 4, 14)),  # over 60 days back
    (["The bridge reopened on Monday; tolls rise in May."], date(2025, 4, 14)),  # a month to come
    # "this April": the month of the events; staying "for a month": they went on before the day named
    (["The festival closes on Monday after 3,500 shows this April."], date(2025, 4, 1)),
    (["The festival closes on Monday.", "Staying in the city for a month costs too much."], None),
    (["The bridge reopened on Monday.", "Work began in May 2024 on the span."], None),  # "began"
    # what "began" on a weekday began then
    (["The mill began the crushing season on Thursday, growers said."], date(2025, 4, 10)),
    (["Talks began on Friday and ended without a deal.", "Protests started weeks ago."], None),
    # "after a vote": an earlier event of no given day; "a day after a quake" counts back from its day
    (["Tinubu was declared the winner early Wednesday, after a vote marred by delays."], None),
    (["Rescuers dug on Sunday, a day after a quake struck.", "The quake hit on Saturday."], date(2025, 4, 12)),
    # AP writes weekdays bare ("searched Thursday"); a day a storm "was expected to" arrive is to come
    (["Crews searched Thursday, a day after the hurricane came ashore.", "It made landfall Wednesday "
      "afternoon.", "It was expected to make landfall in South Carolina on Friday."], date(2025, 4, 9)),
    (["The council meets next Monday.", "Crews cleared the road on Friday."], date(2025, 4, 11)),
    # what "began Saturday" began then; a day something lasts until or through is to come
    (["The ice storm began Saturday with strong winds.", "Crews worked through Monday."], date(2025, 4, 12)),
    # "four days after the storm": its day is that many days before the sentence's weekday or publication
    (["Galleries lay in ruins on Monday.", "Much of the region was without power four days after the storm."],
     date(2025, 4, 10)),
    (["Crews searched on Saturday, two days after the storm hit."], date(2025, 4, 10)),
    (["The storm hit on Saturday.", "Schools canceled classes through Wednesday.",
      "Some homes may be without power until Friday."], date(2025, 4, 12)),
    # "since Tuesday" gives the day the events began; "since" alone says they went on before
    (["The storm hit on Friday.", "The airport has been closed since Thursday afternoon."], date(2025, 4, 10)),
    (["The storm hit on Friday.", "The airport has been closed since then."], None),
    (["The storm hit on Friday.", "Crews have been out since five o'clock this morning."], date(2025, 4, 11)),
    (["The storm hit on Friday.", "Roads have been shut since 6 a.m."], date(2025, 4, 11)),
    # the second of several nights, the final day: the events began before the day named
    (["Schools paraded until dawn on Tuesday on the second of three nights of competition."], None),
    (["Leaders met on Friday, the final day of the summit."], None),
    # a previous record or owner is no earlier day of the events
    (["Kumagaya recorded 41.1 C on Saturday, breaking the previous national record."], date(2025, 4, 12)),
    # findings announced on Wednesday: the fieldwork came first; one "scientists said" is no study
    (["The paintings are 48,000 years old, researchers said Wednesday.", "The study was published this week."],
     None),
    (["The river burst its banks on Saturday.", "Scientists said the rain was unusual."], date(2025, 4, 12)),
])
def test_the_story_s_first_day_is_read_from_its_dates_and_weekdays_where_it_is_plain(sentences, onset):
    assert event_onset(sentences, PUBLISHED) == onset


def test_the_aftermath_dated_days_before_the_event_asks_for_review_and_names_both_days():
    onset = event_onset(QUAKE, PUBLISHED)
    [reason] = before_event_reasons("Villagers search the rubble of their homes near Antakya, April 8, 2025. "
                                    "(AP Photo/Emre Tazegul)", onset, named_people=False)
    assert reason.code == CAPTION_DATE_BEFORE_EVENT and reason.severity == Severity.review
    assert "8 April 2025" in reason.message and "12 April 2025" in reason.message
    assert reason.evidence["days_before"] == 4


@pytest.mark.parametrize("caption, named_people", [
    ("Villagers search the rubble near Antakya, April 12, 2025.", False),  # the day itself
    ("Villagers gather outside the mosque near Antakya, April 11, 2025.", False),  # the eve: within a day
    ("Villagers stock up on water ahead of the feared aftershocks, April 8, 2025.", False),  # taken ahead
    ("File photo: the old bazaar of Antakya, April 8, 2025.", False),  # says it is old
    ("Villagers outside the mosque near Antakya, April 2025.", False),  # a month, no day
    ("Mayor Lutfu Savas speaks in Antakya, April 8, 2025.", True),  # a portrait of a named person
    ("A general view of the old city of Antakya, April 8, 2025.", False),  # a view of a place
    ("Minarets stand near the old bazaar of Antakya, April 8, 2025.", False),  # things standing, as in a view
    ("Actors perform during a dress rehearsal of the play in Antakya, April 8, 2025.", False),  # a rehearsal
])
def test_photos_that_may_rightly_come_first_are_not_flagged(caption, named_people):
    assert before_event_reasons(caption, event_onset(QUAKE, PUBLISHED), named_people) == []


def test_people_standing_at_an_occasion_or_in_line_are_still_read():
    onset = event_onset(QUAKE, PUBLISHED)
    for caption in ("Villagers stand outside the mosque after the prayers near Antakya, April 8, 2025.",
                    "Villagers stand in line for water near Antakya, April 8, 2025."):
        assert before_event_reasons(caption, onset, named_people=False) != []


def test_the_aftermath_a_day_before_the_event_is_too_early():
    onset = event_onset(QUAKE, PUBLISHED)  # Saturday, 12 April
    [reason] = before_event_reasons("Rescuers carry a survivor from a destroyed building in Antakya, Friday, "
                                    "April 11, 2025. (AP Photo/Emre Tazegul)", onset, named_people=False)
    assert reason.evidence["days_before"] == 1 and "1 day before" in reason.message
    assert before_event_reasons("Villagers search the rubble near Antakya, April 12, 2025.", onset, False) == []
    # a caption that says it comes after the event cannot be its eve either
    [after] = before_event_reasons("Residents sleep in tents in Antakya, April 11, 2025, after the earthquake.",
                                   onset, named_people=False)
    assert after.evidence["days_before"] == 1
    [landfall] = before_event_reasons("Residents wade through floodwater in Antakya after Hurricane Ivette made "
                                      "landfall, Friday, April 11, 2025.", onset, named_people=False)
    assert landfall.evidence["days_before"] == 1


def test_a_view_of_what_the_event_left_is_still_read():
    onset = event_onset(QUAKE, PUBLISHED)
    [reason] = before_event_reasons("An aerial view of collapsed buildings in Antakya, April 8, 2025.", onset, False)
    assert reason.code == CAPTION_DATE_BEFORE_EVENT


def test_nothing_is_read_where_the_story_s_first_day_is_not_plain():
    assert before_event_reasons("Villagers search the rubble, April 8, 2025.", None, named_people=False) == []


@pytest.mark.parametrize("sentences, onset", [
    (["The quake struck on New Year's Day.", "The toll rose to 84 on Thursday."], date(2024, 1, 1)),
    (["Crowds gathered on Christmas Eve.", "Shops reopened on Wednesday."], date(2023, 12, 24)),
])
def test_a_day_known_by_name_is_its_date_up_to_publication(sentences, onset):
    assert event_onset(sentences, date(2024, 1, 4)) == onset
