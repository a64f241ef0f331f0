"""Offices of states and cities: a city's governor governs the province around it."""

from app.engine.signals.office_titles import CAPTION_OFFICE_ELSEWHERE
from app.engine.signals.offices_local import city_office_elsewhere, county_office_elsewhere
from app.engine.signals.places_story import analyse_article_places

IZMIR_FIRE = ("Forest fire reaches Izmir suburbs\nIZMIR, Turkey (AP) — A forest fire driven by strong winds reached "
              "the Karşıyaka and Bayraklı districts of Izmir on Monday, forcing hundreds of families from their "
              "homes, Izmir Governor Yavuz Selim Köşger said.")
SULAYMANIYAH_BRIDGE = ("New bridge opens in Sulaymaniyah\nA new bridge over the Tanjero river opened in Sulaymaniyah "
                       "on Sunday, linking the city to the road to Baghdad and Istanbul-bound freight routes, "
                       "officials said.")
BUFFALO_STORM = ("Lake-effect snow buries Buffalo\nBUFFALO (AP) — Up to six feet of lake-effect snow buried "
                 "Buffalo and its suburbs on Saturday, and the county executive banned driving.")
CAMPINAS_FLOOD = ("Floods hit Campinas\nCAMPINAS, Brazil (Reuters) — Heavy rain flooded streets in Campinas on "
                  "Tuesday, and hundreds of families left their homes, the city's civil defence said.")


def _office(caption: str, story: str, name: str):
    return city_office_elsewhere(caption, name, analyse_article_places(story))


def test_a_city_s_governor_far_from_a_local_story_in_another_province_asks_for_review():
    caption = "Ankara Governor Vasip Şahin visits families evacuated from the fire."
    [reason] = _office(caption, IZMIR_FIRE, "Vasip Şahin")
    assert reason.code == CAPTION_OFFICE_ELSEWHERE
    assert "office of Ankara, about 520 km from Izmir" in reason.message
    # the story's own province's governor
    assert _office("Izmir Governor Mehmet Öz visits families evacuated from the fire.", IZMIR_FIRE, "Mehmet Öz") == []


def test_a_city_s_governor_shown_in_a_town_of_another_province_asks_for_review():
    caption = "Basra Governor Asaad al-Eidani cuts the ribbon on the bridge in Sulaymaniyah on Sunday."
    [reason] = _office(caption, SULAYMANIYAH_BRIDGE, "Asaad al-Eidani")
    assert "office of Basra, in Sulaymaniyah" in reason.message


def test_a_governor_of_a_state_named_like_a_city_governs_the_story_s_towns():
    caption = "New York Gov. Mary Collins tours a snowbound street on Sunday."
    assert _office(caption, BUFFALO_STORM, "Mary Collins") == []
    caption = "São Paulo Governor Rui Andrade visits flooded homes in Campinas on Wednesday."
    assert _office(caption, CAMPINAS_FLOOD, "Rui Andrade") == []


SENTENCING = ("Former township officer gets 5 years\nCOLUMBUS, Ohio (AP) — A former township fiscal officer was "
              "sentenced on Thursday. Franklin County Common Pleas Judge Carolyn Mertz ordered him to repay $480,000.")


def test_an_office_of_another_county_than_the_story_s_asks_for_review():
    places = analyse_article_places(SENTENCING)
    caption = "Cuyahoga County Prosecutor Michael Dorsey speaks with reporters after the sentencing."
    [reason] = county_office_elsewhere(caption, "Michael Dorsey", places)
    assert reason.code == CAPTION_OFFICE_ELSEWHERE
    assert "Cuyahoga County" in reason.message and "Franklin County" in reason.message


def test_an_office_of_the_story_s_county_or_under_a_story_of_no_county_is_not_read():
    caption = "Franklin County Prosecutor Michael Dorsey speaks with reporters after the sentencing."
    assert county_office_elsewhere(caption, "Michael Dorsey", analyse_article_places(SENTENCING)) == []
    other = "Cuyahoga County Prosecutor Michael Dorsey speaks with reporters."
    no_county = analyse_article_places(SENTENCING.replace("Franklin County ", ""))
    assert county_office_elsewhere(other, "Michael Dorsey", no_county) == []
    # a county's name with no office after it is where someone is from, not what they hold
    assert county_office_elsewhere("Cuyahoga County resident Michael Dorsey.", "Michael Dorsey",
                                   analyse_article_places(SENTENCING)) == []
