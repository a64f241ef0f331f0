"""Events of one series: another storm, tournament or summit than the story's asks for review."""

import pytest

from app.engine.signals.events import CAPTION_EVENT_OTHER, event_names, other_event_reasons, story_events
from app.settings import Severity


def reasons_of(caption: str, story: str):
    return other_event_reasons(caption, story_events(story))


STORM_STORY = ("Typhoon Hagibis slams into Japan\nTyphoon Hagibis made landfall south of Tokyo on "
               "Saturday, and rivers burst their banks across the region.")
SUMMIT_STORY = ("Leaders gather for G20 summit\nThe G20 leaders met in Osaka on Friday to discuss "
                "trade, with the 2020 Tokyo Olympics on the sidelines of the agenda.")


@pytest.mark.parametrize("text, series, member", [
    ("Residents wade through water after Typhoon Haiyan.", "storm", "haiyan"),
    ("Tropical Storm Alberto nears the coast.", "storm", "alberto"),
    ("Fans at the Super Bowl XLVIII in New Jersey.", "bowl", "xlviii"),
    ("Runners at the 2012 London Olympics.", "olympics", "2012"),
    ("Delegates arrive for the COP25 talks.", "cop", "25"),
    ("Spain lift the trophy at Euro 2012.", "euro", "2012"),
])
def test_a_series_and_its_member_are_read_from_the_name(text, series, member):
    assert [(e.series, e.member) for e in event_names(text)] == [(series, member)]


@pytest.mark.parametrize("text", [
    "Forecasters at the National Hurricane Center track the storm.",  # an institution, not a storm
    "The senator speaks in Iowa on Jan. 23, 2016.",  # a date
    "Floods in May 2019 cut the road.",
    "In 2016 the club won the league.",
    "By 2030 the line will reach the airport.",
    "Portugal beat France 1-0 in Paris.",  # a score
])
def test_dates_scores_and_institutions_are_not_events(text):
    assert event_names(text) == []


def test_another_member_of_the_story_s_series_asks_for_review_and_names_both():
    [reason] = reasons_of("Residents wade through water after Typhoon Haiyan. Photo: AFP", STORM_STORY)
    assert reason.code == CAPTION_EVENT_OTHER and reason.severity == Severity.review
    assert reason.message.startswith("The caption is about Typhoon Haiyan, but the story is about Typhoon Hagibis")
    assert reason.evidence == {"caption_event": "Typhoon Haiyan", "story_events": ["Typhoon Hagibis"]}
    [summit] = reasons_of("Leaders pose for a photo at the G7 summit.", SUMMIT_STORY)
    assert summit.evidence["caption_event"] == "G7"


@pytest.mark.parametrize("caption, story", [
    ("Rescuers search a flooded street after Typhoon Hagibis.", STORM_STORY),  # the story's own storm
    ("A river bursts its banks near Tokyo.", STORM_STORY),  # no event named
    ("Leaders at the 2016 Rio Olympics.", STORM_STORY),  # a series the story does not name
    ("Hagibis flattened houses in 2019; here, Typhoon Faxai a month before.",
     STORM_STORY.replace("Saturday", "Saturday, a month after Faxai")),  # the story names it too
    ("Delegates arrive for the G20 summit in Osaka.", SUMMIT_STORY),
    # a file photo says itself that it shows another time
    ("FILE - Residents wade through water after Typhoon Haiyan in 2013. (AP Photo/File)", STORM_STORY),
])
def test_the_story_s_own_event_another_series_or_one_the_story_mentions_is_not_flagged(caption, story):
    assert reasons_of(caption, story) == []


def test_a_credit_alone_names_no_event():
    assert reasons_of("(Photo: Storm Haiyan / AFP)", STORM_STORY) == []
