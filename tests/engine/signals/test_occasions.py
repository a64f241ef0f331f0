"""Occasions the story never mentions: "as …", "after …", "ahead of …" told in other words."""

import pytest

from app.engine.checker import Checker
from app.engine.signals.occasions import (
    CAPTION_OCCASION_UNMENTIONED, names_a_story_actor, occasion_reason, unmentioned_occasion,
)
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.registry import SIGNALS
from app.engine.text import content_stems
from app.schema import ArticleIn
from app.settings import Severity

DROUGHT = {
    "headline": "Cape Town tightens water limits as dams fall to a fifth of capacity",
    "published": "2024-02-13",
    "body": ("CAPE TOWN, South Africa — Cape Town cut the daily water allowance to 50 litres a person on "
             "Tuesday as the dams that supply the city fell to 21 percent of capacity after a third dry "
             "winter. Mayor Geordin Hill-Lewis said households that ignored the limits would be fined, and "
             "that the city was drilling boreholes to tap groundwater. Residents have queued at natural "
             "springs to fill containers since the drought deepened in January."),
}
STEMS = content_stems(f"{DROUGHT['headline']}\n{DROUGHT['body']}")


@pytest.fixture(scope="module")
def checker(caption_only_checker) -> Checker:
    return caption_only_checker


def _reasons(checker: Checker, caption: str):
    article = ArticleIn.model_validate({**DROUGHT, "figures": [
        {"image": None, "caption": "Residents fill containers at a spring in Newlands, Cape Town."},
        {"image": None, "caption": caption}]})
    return [r for r in checker.check(article).figures[1].reasons if r.code == CAPTION_OCCASION_UNMENTIONED]


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_OCCASION_UNMENTIONED in signal.codes for signal in SIGNALS)


@pytest.mark.parametrize("caption, told", [
    ("Fans celebrate in a Cape Town pub after the Stormers won the rugby final.", "the Stormers won the rugby final"),
    ("Commuters queue at a taxi rank in Cape Town as fuel prices rise again.", "fuel prices rise again"),
    ("Hawkers set up stalls on Greenmarket Square ahead of the holiday shopping season.",
     "the holiday shopping season"),
])
def test_an_occasion_the_story_says_nothing_of_asks_for_review(checker, caption, told):
    [reason] = _reasons(checker, caption)
    assert reason.severity == Severity.review
    assert reason.evidence["caption_occasion"] == told
    assert f"{told}”, and the story says nothing of that" in reason.message


@pytest.mark.parametrize("caption", [
    "Children play in a dry fountain in the city centre as the drought drags on.",  # the story's words
    "A woman carries buckets home in Khayelitsha as reservoirs shrink.",  # other words, the same sense
    "Mayor Geordin Hill-Lewis speaks during a news conference on Tuesday.",  # any occasion's words
    "Hill-Lewis waves after the council voted on a new parking scheme.",  # the story's person
    "FILE - Tourists crowd Clifton beach during the summer holidays in 2017.",  # a file photo
    "A resident known as Oom Piet fills bottles at a spring.",  # "as" of a name, not a time
])
def test_occasions_the_story_tells_or_does_not_need_to_tell_are_left_alone(checker, caption):
    assert _reasons(checker, caption) == []


def test_an_occasion_needs_two_everyday_words_none_of_them_the_story_s():
    found = unmentioned_occasion("Drivers wait at a petrol station as Eskom rations electricity in Soweto.", STEMS)
    assert found is not None and found.written == "as Eskom rations electricity in Soweto"
    assert unmentioned_occasion("Drivers wait as the dams fall further.", STEMS) is None  # "dams"
    assert unmentioned_occasion("Drivers wait during the Cape Town Cycle Tour.", STEMS) is None  # names
    assert unmentioned_occasion("Birds such as flamingos gather at a vlei.", STEMS) is None
    # words of where are not the occasion's: the story's "near" says nothing of a protest
    found = unmentioned_occasion("Farmers block a road during a protest over grain imports near Paarl.", STEMS | {"near"})
    assert found is not None and found.told.startswith("a protest over grain imports")


def test_closeness_decides_between_another_occasion_and_the_story_s_in_other_words():
    found = unmentioned_occasion("Shoppers as retailers report slow sales.", STEMS)
    assert occasion_reason(found, closeness=0.05)
    assert occasion_reason(found, closeness=0.35) == []


def test_a_story_actor_is_found_where_the_recogniser_misses_one():
    story = f"{DROUGHT['headline']}\n{DROUGHT['body']}"
    places = analyse_article_places(story)
    assert names_a_story_actor("Hill-Lewis speaks to reporters after the vote.", places, story)
    # "Residents" opens a sentence of the story, and "Newlands" is a place: neither is an actor.
    assert not names_a_story_actor("Residents queue in Newlands after the vote.", places, story)
