"""Countries' other names, nationalities and world areas, from the countryinfo package, for
the gazetteer."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple


class Named(NamedTuple):
    name: str
    kind: str  # "country", "demonym" or "area"
    countries: tuple[str, ...]
    population: int = 0


def countryinfo_names(population: dict[str, int]) -> tuple[list[Named], dict[str, str]]:
    """The names to add, and the countries' capital-letter abbreviations ("UAE") by country."""
    import countryinfo

    named: list[Named] = []
    areas: dict[str, set[str]] = defaultdict(set)
    abbreviations: dict[str, str] = {}
    for c in countryinfo.all_countries():
        info = c.info()
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        codes = {iso, info["ISO"].get("alpha3")}
        for alt in info.get("altSpellings") or []:
            if alt.isupper() and alt.isalpha() and alt not in codes:
                abbreviations[alt] = iso
            elif "," not in alt and not alt.isupper() and len(alt) > 3:
                named.append(Named(alt, "country", (iso,)))
                if alt.startswith("Great "):
                    named.append(Named(alt.removeprefix("Great "), "country", (iso,)))  # "Britain"
        named.append(Named(info["name"], "country", (iso,)))
        # Shared by territories ("Indian": India and the British Indian Ocean Territory): by
        # population the country, not the territory, is the one meant.
        named += [Named(word, "demonym", (iso,), population.get(iso, 0)) for word in _demonyms(info)]
        for level in ("region", "subregion", "intermediateregion"):
            if info.get(level):
                areas[info[level]].add(iso)
    named += [Named(area, "area", tuple(sorted(members))) for area, members in areas.items()]
    return named, abbreviations


def _demonyms(info: dict) -> set[str]:
    """ "Kenyan", "Kenyans"; and for a land of "-stan" its people's name, which countryinfo
    writes otherwise ("Kazakhstani"): "Kazakh", "Uzbek", "Tajik"."""
    demonym = (info.get("demonym") or "").strip()
    people = info["name"].removesuffix("stan").removesuffix("i")
    stan = {people} if people != info["name"] and len(people) > 3 else set()
    return ({demonym, demonym + "s" if demonym[-1:] in ("n", "i") else ""} | stan) - {""}
