"""English names of states and provinces that ISO 3166-2 (pycountry) writes in their own language.

News in English writes "North Sumatra", "East Java" and "North Jeolla"; the ISO list has
"Sumatera Utara", "Jawa Timur" and "Jeollabuk-do". Indonesian names put the compass word after
the island; Korean names join "buk" (north) or "nam" (south) to the region's name before "-do"
(province) or another suffix. No library this project uses carries the English names, so
these two languages' naming rules give them.
"""

from __future__ import annotations

import re

_INDONESIAN_COMPASS = {
    "utara": "North", "selatan": "South", "barat": "West", "timur": "East", "tengah": "Central",
    "tenggara": "Southeast", "barat daya": "Southwest",
}
_INDONESIAN_ISLANDS = {"Sumatera": "Sumatra", "Jawa": "Java"}
_ISLANDS_WORD = "Kepulauan "  # "Kepulauan Riau": the Riau Islands
_NOT_AN_ISLAND = "Nusa"  # "Nusa Tenggara" is one name: the south-eastern islands
# Provinces ("-do") only: a metropolitan city's or Jeju's own name is its city's.
_KOREAN = re.compile(r"^(?P<base>[A-Z][a-z]+?)(?P<side>buk|nam)?-do$")
_KOREAN_SIDE = {"buk": "North", "nam": "South"}


def english_names(name: str, country: str) -> list[str]:
    """The English names of one first-level division, or none where its own name is English."""
    if country == "ID":
        return _indonesian(name)
    if country == "KR":
        return _korean(name)
    return []


def _indonesian(name: str) -> list[str]:
    if name.startswith(_ISLANDS_WORD):
        return [f"{name.removeprefix(_ISLANDS_WORD)} Islands"]
    for compass in sorted(_INDONESIAN_COMPASS, key=len, reverse=True):
        if name.lower().endswith(" " + compass):
            island = name[: -len(compass) - 1]
            if island == _NOT_AN_ISLAND:
                return []
            return [f"{_INDONESIAN_COMPASS[compass]} {_INDONESIAN_ISLANDS.get(island, island)}"]
    english = _INDONESIAN_ISLANDS.get(name)
    return [english] if english else []


def _korean(name: str) -> list[str]:
    match = _KOREAN.match(name)
    if match is None:
        return []
    side = _KOREAN_SIDE.get(match["side"] or "")
    return [f"{side} {match['base']}" if side else match["base"]]
