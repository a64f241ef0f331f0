"""Events the story never mentions: a caption set at a named event the story has no word of."""

from datetime import date

import pytest

from app.engine.signals.events_unmentioned import (
    CAPTION_EVENT_UNMENTIONED, story_words, unmentioned_event_reasons,
)
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.registry import SIGNALS
from app.settings import Severity

FIRE = ("Fire destroys hundreds of stalls at Kumasi's central market\nKUMASI, Ghana — A fire swept through "
        "the Kejetia market overnight, destroying hundreds of stalls, the fire service said on Tuesday. "
        "Trader Kofi Mensah said he had lost his whole stock.")
PUBLISHED = date(2024, 3, 12)


def reasons_of(caption: str, story: str = FIRE, people: tuple[str, ...] = ()):
    return unmentioned_event_reasons(caption, story_words(story), analyse_article_places(story),
                                     list(people), PUBLISHED)


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_EVENT_UNMENTIONED in signal.codes for signal in SIGNALS)


@pytest.mark.parametrize("caption, event", [
    ("Runners pass the Kejetia roundabout during the Kumasi City Marathon.", "Kumasi City Marathon"),
    ("Fans in Kumasi watch Ghana's Africa Cup match on a big screen.", "Africa Cup"),
    ("Dancers perform at the Adae Kese Festival in Kumasi.", "Adae Kese Festival"),
])
def test_a_caption_at_a_named_event_the_story_never_mentions_asks_for_review(caption, event):
    [reason] = reasons_of(caption)
    assert reason.code == CAPTION_EVENT_UNMENTIONED and reason.severity == Severity.review
    assert f"at the {event}, which the story never mentions" in reason.message


@pytest.mark.parametrize("caption, story", [
    # the story has the event's kind, or one of its own words written with a capital
    ("Runners pass the market during the Kumasi City Marathon.", FIRE + " The city marathon was cancelled."),
    ("Dancers perform at the Adae Kese Festival in Kumasi.", FIRE + " Stalls were stocked for Adae Kese."),
    # the event is not where the photo is: a cup is held, not attended
    ("Captain Ama Boateng holds the Women's Africa Cup at the market.", FIRE),
])
def test_an_event_the_story_mentions_or_that_is_not_the_scene_is_not_flagged(caption, story):
    assert reasons_of(caption, story) == []


def test_the_story_s_person_an_old_photo_or_a_headline_written_as_a_caption_is_not_flagged():
    assert reasons_of("Kofi Mensah runs during the Kumasi City Marathon.", people=("Kofi Mensah",)) == []
    assert reasons_of("File photo: runners during the Kumasi City Marathon.") == []
    assert reasons_of("Runners during the Kumasi City Marathon in 2019.") == []
    assert reasons_of("Runners Brave the Heat at the Kumasi City Marathon") == []


def test_a_named_person_the_story_never_mentions_does_not_excuse_the_event():
    [reason] = reasons_of("Ama Owusu wins the women's race during the Kumasi City Marathon.", people=("Ama Owusu",))
    assert "Kumasi City Marathon" in reason.message


def test_a_match_of_sides_the_story_never_names_asks_for_review():
    story = ("Boca fires coach\nBUENOS AIRES — Boca Juniors fired its coach on Wednesday, three days after "
             "a home defeat to River Plate.")
    [reason] = reasons_of("Fans cheer during a match between Huracán and Independiente in Buenos Aires.", story)
    assert reason.code == CAPTION_EVENT_UNMENTIONED and "Huracán or Independiente" in reason.message
    assert reasons_of("Fans cheer during the match between Boca Juniors and River Plate.", story) == []
    assert reasons_of("Fans cheer during the fourth Test against India in Melbourne.", story) == []  # a country
    assert reasons_of("File photo: fans cheer during a match between Huracán and Independiente.", story) == []


COOLING = ("Phoenix keeps cooling centers open overnight\nPHOENIX (AP) — The City Council approved $3 million on "
           "Wednesday to keep cooling centers open around the clock after a record number of heat deaths. "
           "Temperatures are forecast to top 105 degrees by the weekend.")
SNOWFALL = ("Storm buries Madrid under heaviest snow in decades\nMADRID — The storm blanketed Madrid with snow on "
            "Saturday. Temperatures were forecast to plunge below minus 10 degrees Celsius.")


@pytest.mark.parametrize("caption, story, kind", [
    ("A firefighter battles a brush fire near Cave Creek, Arizona.", COOLING, "a fire"),
    ("Voters line up outside a polling station in Phoenix.", COOLING, "an election"),
    ("Tourists shelter from the sun near the Puerta del Sol as temperatures top 40C.", SNOWFALL, "a heatwave"),
    ("Residents wade through floodwater in the Adum district.", FIRE, "a flood"),
    ("Soldiers patrol a street in Kumasi after a shootout between rival gangs.", FIRE, "a shooting"),
    ("A snowplow clears a road near Flagstaff after an overnight snowstorm.", COOLING, "snow"),
    ("Minibus taxis block a road in Phoenix during a drivers' strike.", COOLING, "a strike"),
    ("Workers at a tyre plant shout slogans during a strike to demand higher wages.", FIRE, "a strike"),
    ("Football fans celebrate in downtown Phoenix after the national team's win.", COOLING, "a match"),
])
def test_a_caption_showing_a_kind_of_event_the_story_has_no_word_of_asks_for_review(caption, story, kind):
    [reason] = reasons_of(caption, story)
    assert reason.code == CAPTION_EVENT_UNMENTIONED and reason.severity == Severity.review
    assert f"shows {kind} (" in reason.message and "which the story never mentions" in reason.message


@pytest.mark.parametrize("caption, story", [
    ("Smoke rises over the market as traders try to save their stock.", FIRE),  # the story's own fire
    ("Traders protest outside the Kumasi Metropolitan Assembly.", FIRE),  # protests follow many stories
    ("A man rests in the shade of a bus stop in downtown Phoenix.", COOLING),  # no kind of event shown
    ("Cars buried in snow in the Chamberi district.", SNOWFALL),
    ("Firefighters hose down a fire truck at the Kumasi fire station.", COOLING),  # a fire station is no fire
    ("Residents warm themselves by a fire outside damaged homes in Madrid.", SNOWFALL),  # a fire people tend
    ("Families cook over a fire at a shelter for those who fled the cold.", SNOWFALL),
    ("A pensioner warms her hands at a fire outside her flat in Madrid.", SNOWFALL),
    ("Shepherds warm themselves at a fire beside their flock.", SNOWFALL),
    ("A man cools off in a fountain as temperatures top 40C.", COOLING),  # the story's heat
    # a storm story may show its floods and its snow without naming them
    ("Residents wade through floodwater in Legazpi.", "Typhoon slams into Philippines\nThe typhoon hit Albay."),
    ("Snow-covered cars in Leeds.", "Storm Arwen batters Britain\nThe storm brought down trees."),
    ("Police tape at the scene of the shooting.", "Two killed in Kumasi\nTwo men were killed on Monday."),
    ("A guard stands at the gate, where gunmen attacked.", "Mine raided\nArmed men raided the mine."),
    ("File photo: voters queue at a polling station in Kumasi in 2020.", FIRE),  # an old photo
    # a strike under a story of pay or jobs is its own; an air strike or a striker is no workers' strike
    ("Striking workers block the road to the mine.", "Miner's profit falls\nCosts rose on wage increases."),
    ("Teachers walk a picket line outside a school.", "Schools close\nThe union rejected the offer."),
    ("Smoke rises during an air strike on the city.", COOLING),
    ("Striker Tom Bell celebrates his goal in Phoenix.", COOLING),
    # a story of a club, a venue or a season may show its matches
    ("Football fans queue outside the stadium.", "Club sold\nThe club's new owners promised a new stadium."),
    # snow on the ground is a season's scenery, not news
    ("Snow covers the town green in Westford, Vt., the eve of Town Meeting Day.", FIRE),
])
def test_a_caption_showing_the_story_s_event_or_what_comes_with_it_is_not_flagged(caption, story):
    assert reasons_of(caption, story) == []


def test_a_kind_of_event_is_not_read_in_a_photo_of_a_person_the_story_names():
    assert reasons_of("Trader Kofi Mensah votes at a polling station in Kumasi.", FIRE, ("Kofi Mensah",)) == []
