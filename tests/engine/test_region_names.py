"""English names of provinces the ISO list writes in their own language, and the gazetteer's use of them."""

import pytest

from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import name_key
from app.engine.region_names import english_names
from app.engine.signals.places import place_reasons
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places_region import CAPTION_REGION_ELSEWHERE


@pytest.mark.parametrize("name, country, english", [
    ("Sumatera Utara", "ID", ["North Sumatra"]),
    ("Jawa Timur", "ID", ["East Java"]),
    ("Papua Barat Daya", "ID", ["Southwest Papua"]),
    ("Nusa Tenggara Timur", "ID", ["East Nusa Tenggara"]),
    ("Kepulauan Riau", "ID", ["Riau Islands"]),
    ("Nusa Tenggara", "ID", []),  # one name, not the south-east of "Nusa"
    ("Jeollabuk-do", "KR", ["North Jeolla"]),
    ("Gyeongsangnam-do", "KR", ["South Gyeongsang"]),
    ("Gyeonggi-do", "KR", ["Gyeonggi"]),
    ("Busan-gwangyeoksi", "KR", []),  # a metropolitan city: the city's own name
    ("Bavaria", "DE", []),
])
def test_english_names_follow_each_language_s_naming_rule(name, country, english):
    assert english_names(name, country) == english


@pytest.mark.parametrize("name, country", [
    ("North Sumatra", "ID"), ("East Java", "ID"), ("North Jeolla", "KR"), ("Bicol", "PH"), ("Calabarzon", "PH"),
    # GeoNames' English names, where ISO writes "Bayern", "Sicilia", "Gansu Sheng", "Xizang Zizhiqu"
    ("Bavaria", "DE"), ("Thuringia", "DE"), ("Sicily", "IT"), ("Lombardy", "IT"), ("Catalonia", "ES"),
    ("Gansu", "CN"), ("Tibet", "CN"), ("Inner Mongolia", "CN"), ("Masovian", "PL"),
    # known before only as a town abroad: a Calgary district, a Florida town, an Illinois village
    ("Tuscany", "IT"), ("Navarre", "ES"), ("South Holland", "NL"),
])
def test_the_gazetteer_knows_provinces_by_the_names_news_writes(name, country):
    place = gazetteer().lookup(name_key(name))
    assert place is not None and place.kind == "region" and place.countries == {country}


def test_a_province_a_town_abroad_shares_its_name_with_is_the_province():
    places = analyse_article_places("Wine harvest shrinks in Italy\nROME (Reuters) — Italy's grape harvest fell "
                                    "12% this year after a hot, dry summer, the farmers' group Coldiretti said.")
    assert place_reasons("Workers pick grapes at a vineyard in Tuscany.", places) == []


def test_a_province_lies_within_the_island_the_iso_list_puts_it_in():
    assert gazetteer().lies_within("North Sumatra", "Sumatra")
    assert not gazetteer().lies_within("East Java", "Sumatra")


def test_a_province_inside_the_story_s_region_is_not_elsewhere_and_one_outside_it_is():
    story = ("Quake shakes Sumatra\nJAKARTA — A strong earthquake struck off western Sumatra on Tuesday, "
             "damaging homes in Padang, officials in Sumatra said.")
    places = analyse_article_places(story)
    assert not any(r.code == CAPTION_REGION_ELSEWHERE
                   for r in place_reasons("Villagers flee in Karo, North Sumatra.", places))
    [elsewhere] = place_reasons("Residents clear rubble in Malang, East Java.", places)
    assert elsewhere.code == CAPTION_REGION_ELSEWHERE and "East Java" in elsewhere.message


@pytest.mark.parametrize("name", ["Capital Region", "Central District", "Western Region"])
def test_a_division_called_by_generic_words_is_no_place(name):
    # Denmark's, Israel's and Uganda's divisions by those names: text mostly means otherwise.
    assert gazetteer().lookup(name_key(name)) is None


@pytest.mark.parametrize("name", ["Central Region", "Northern Region", "Western Province", "Central Province",
                                  "North West", "Southern Region"])
def test_a_division_named_by_compass_words_that_many_countries_use_is_no_place(name):
    # The ISO list gives these to Malawi, Sri Lanka or South Africa alone; Ghana's, Uganda's,
    # Zambia's and Rwanda's divisions go by them in the news as well.
    assert gazetteer().lookup(name_key(name)) is None


@pytest.mark.parametrize("name, country", [("Northern Territory", "AU"), ("Eastern Cape", "ZA"), ("Upper East", "GH")])
def test_a_division_with_a_word_of_its_own_beside_the_compass_stays(name, country):
    assert gazetteer().lookup(name_key(name)).countries == {country}


def test_ghana_s_central_region_is_not_read_as_malawi_s():
    story = ("Galamsey: thousands march in Accra\nACCRA, Ghana — Thousands marched through Accra on Thursday "
             "against illegal gold mining, which has turned the country's rivers brown.")
    caption = "A section of the Pra River near Twifo Praso, in the Central Region, turned brown by illegal mining."
    assert place_reasons(caption, analyse_article_places(story)) == []


def test_a_province_known_by_its_english_name_is_elsewhere_from_the_story_s_province():
    story = ("Floods hit Sichuan\nBEIJING (Reuters) — Floods in China's southwestern Sichuan province "
             "killed 12 people on Tuesday, state media said, as rivers burst their banks near Chengdu.")
    places = analyse_article_places(story)
    [elsewhere] = place_reasons("Rescuers wade through a flooded street in Lhasa, Tibet.", places)
    assert elsewhere.code in (CAPTION_REGION_ELSEWHERE, "caption_town_far") and "Tibet" in elsewhere.message
