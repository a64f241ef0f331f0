"""Countries' other names and nationalities, as the gazetteer reads them."""

import pytest

from app.engine.country_names import countryinfo_names
from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import name_key
from app.engine.signals.places import CAPTION_TOWN_FAR, place_reasons
from app.engine.signals.places_story import analyse_article_places


@pytest.mark.parametrize("word, country", [("Kazakh", "KZ"), ("Uzbek", "UZ"), ("Tajik", "TJ"), ("Kenyan", "KE")])
def test_a_nationality_is_read_as_one(word, country):
    place = gazetteer().lookup(name_key(word))
    assert place is not None and place.kind == "demonym" and place.countries == {country}


def test_a_land_of_stan_gives_its_people_s_name_and_pakistan_none_too_short():
    named, abbreviations = countryinfo_names({})
    demonyms = {n.name for n in named if n.kind == "demonym"}
    assert {"Kazakh", "Kyrgyz", "Turkmen", "Pakistani"} <= demonyms and "Pak" not in demonyms
    assert abbreviations["UAE"] == "AE"


def test_a_nationality_in_the_headline_is_no_town_of_the_story():
    # "Kazakh" is also one of Petropavl's other names, 600 km from Karaganda
    story = analyse_article_places(
        "Three miners killed in blast at Kazakh coal mine\nKARAGANDA, Kazakhstan (Reuters) — Three miners were "
        "killed in a methane explosion at a coal mine in central Kazakhstan's Karaganda region on Wednesday, near "
        "the town of Shakhtinsk.")
    [far] = place_reasons("Relatives wait outside the mine office in Ust-Kamenogorsk.", story)
    assert far.code == CAPTION_TOWN_FAR and "Karaganda" in far.message
