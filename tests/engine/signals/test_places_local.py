"""Local detail: a caption set in a village or suburb near a town the story names."""

import pytest

from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places import CAPTION_TOWN_FAR, place_reasons
from app.engine.signals.places_local import LOCAL_DETAIL_KM, local_detail
from app.settings import Severity

FIRE_STORY = ("Wildfire reaches the outskirts of Athens\nATHENS — A wildfire burned homes on the northern "
              "edge of Athens on Tuesday, and thousands of residents were told to leave.")


def test_a_village_near_the_story_s_town_that_the_story_never_names_is_local_detail():
    near = local_detail("Volunteer Giorgos Markou carries a goat away from the flames in Dionysos.",
                        analyse_article_places(FIRE_STORY))
    assert near is not None and near.place == "Dionysos" and near.story_town.casefold() == "athens"
    assert 0 < near.km <= LOCAL_DETAIL_KM


@pytest.mark.parametrize("scene, story", [
    ("A helicopter drops water near Athens.", FIRE_STORY),  # a place the story names is no evidence
    ("Firefighters rest in Thessaloniki.", FIRE_STORY),  # 300 km away
    ("A goat is carried away from the flames.", FIRE_STORY),  # no place
    ("A goat is carried away from the flames in Dionysos.",  # a story that names no town
     "Greece battles wildfires\nGreece asked for European help on Tuesday as wildfires spread."),
])
def test_named_far_missing_or_unmeasurable_places_are_not_local_detail(scene, story):
    assert local_detail(scene, analyse_article_places(story)) is None


def test_the_town_after_a_suburb_too_small_to_know_is_read_for_local_detail():
    story = ("Load shedding hits Soweto's small businesses\nSmall businesses in Soweto say they are losing "
             "half their income as rolling blackouts stretch to ten hours a day.")
    near = local_detail("Traffic lights are out at an intersection in Braamfontein, Johannesburg, on Friday.",
                        analyse_article_places(story))
    assert near is not None and near.place == "Johannesburg" and near.story_town == "Soweto"
    assert local_detail("Traffic lights are out in Braamfontein, Cape Town, on Friday.",
                        analyse_article_places(story)) is None  # 1,260 km away


def test_a_district_after_the_is_read_for_local_detail():
    story = ("Calgary council approves tax hike amid oil slump\nCALGARY — Calgary city council approved a "
             "4.7 per cent property tax increase on Tuesday.")
    near = local_detail("Traffic moves along 17th Avenue S.W. in the Beltline district.", analyse_article_places(story))
    assert near is not None and near.place == "Beltline" and near.story_town.casefold() == "calgary"


def test_a_village_far_from_a_local_story_s_town_asks_for_review_and_says_how_far():
    [reason] = place_reasons("Smoke hangs over the harbour in Parga on Tuesday.", analyse_article_places(FIRE_STORY))
    assert reason.code == CAPTION_TOWN_FAR and reason.severity == Severity.review
    assert "Parga" in reason.message and "km from Athens" in reason.message
    assert 250 < reason.evidence["distance_km"] < 400


@pytest.mark.parametrize("scene, story", [
    ("Firefighters rest in Dionysos.", FIRE_STORY),  # 20 km away: the story's own detail
    ("Firefighters rest in Parga, near Athens.", FIRE_STORY),  # it names a known place: read as that
    ("Firefighters rest in September.", FIRE_STORY),  # a month, not a village
    ("Smoke hangs over the harbour in Parga.",  # a story that is not about one town
     "Greece battles wildfires\nGreece asked for European help on Tuesday as wildfires spread."),
])
def test_near_known_unplaced_or_unmeasurable_villages_are_no_far_town(scene, story):
    assert not [r for r in place_reasons(scene, analyse_article_places(story)) if r.code == CAPTION_TOWN_FAR]


def test_a_town_s_name_with_a_particle_is_read_whole_not_as_a_namesake_of_its_first_word():
    story = ("Oaxaca's mezcal makers feel the pinch\nOAXACA, Mexico — Agave prices have fallen by half "
             "in Oaxaca, where small distilleries say they can no longer cover their costs.")
    scene = "A horse pulls a stone wheel to crush agave at a distillery near Tlacolula de Matamoros."
    near = local_detail(scene, analyse_article_places(story))
    assert near is not None and near.place == "Tlacolula de Matamoros" and near.km <= LOCAL_DETAIL_KM
    assert place_reasons(scene, analyse_article_places(story)) == []  # not Veracruz's Tlacolula, 470 km away
