"""Towns of stories that are not about one place, read by how far apart they lie.

A story of one part of a country ("quakes in southern Turkey") names towns there within
`PART_SPREAD_KM` of each other: a caption town of that country farther than `FAR_KM` beyond
them is elsewhere (İzmir, 740 km from the quake zone's towns).

A story the local check cannot measure, because its opening names a country or its people, or
opens on towns far apart, may still name towns of one country within `PART_SPREAD_KM` of each
other: "Kochi Water Metro opens Fort Kochi route" names Kochi and Vypin; a Quebec university
final names Quebec City and the teams' Laval and Montreal. A caption city of that country more
than `CLOSE_FAR_KM` beyond all of them is another story's (Kolkata, 1,900 km from Kochi;
Calgary, 3,000 km from Quebec City). A story that names its country's capital may be a
national one told from the government's seat, and a photo in the capital may show that
government: neither is read, nor a story whose headline names its country alone ("Brazil
votes in city elections": in Recife and elsewhere).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from app.engine.signals.places_distance import (
    FAR_KM, Spot, a_capital, country_at, far_town_reason, may_be_a_district, near_each_other, nearest_km,
    local_story_spots, the_government,
)
from app.schema import Reason

if TYPE_CHECKING:
    from app.engine.signals.places_caption import CaptionPlace
    from app.engine.signals.places_story import ArticlePlaces

PART_SPREAD_KM = 600.0  # towns farther apart make a story of more than one part of its country
CLOSE_FAR_KM = 400.0  # beyond the story's towns: farther than their spread plus a day's drive


def part_of_country_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    """A caption town farther than `FAR_KM` beyond the towns of a story of one part of its country.
    The story's towns abroad (Seoul, a battery maker's home, under a plant "in eastern Hungary")
    are not measured."""
    if places.local or not places.country_parts:
        return []
    towns = _story_towns_in(places.country_parts, places)
    spread = _spread(towns)
    if not towns or spread > PART_SPREAD_KM:
        return []
    story = tuple(spot for spots in towns for spot in spots)
    for town in found:
        if not town.spots or not town.countries & places.country_parts or may_be_a_district(town, places):
            continue
        distance = nearest_km(town.spots, story)
        if distance > spread + FAR_KM:
            return [far_town_reason(town.name, distance, len(town.spots) > 1, places, countries=town.countries)]
    return []


def close_towns_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    """A caption city more than `CLOSE_FAR_KM` beyond every town of its country that a story
    names, when those towns lie within `PART_SPREAD_KM` of each other and the local check
    measured nothing."""
    if places.national or local_story_spots(places):
        return []
    for town in found:
        if town.kind != "city" or not town.spots or may_be_a_district(town, places):
            continue
        if a_capital(town.parts[0], town.countries) or any(a_capital(name, town.countries) for name, _ in places.towns):
            continue
        towns = _story_towns_in(town.countries, places)
        spread = _spread(towns)
        if not towns or spread > PART_SPREAD_KM:
            continue
        distance = nearest_km(town.spots, tuple(spot for spots in towns for spot in spots))
        if distance > spread + CLOSE_FAR_KM:
            return [far_town_reason(town.name, distance, len(town.spots) > 1, places, countries=town.countries)]
    return []


def _story_towns_in(countries: frozenset[str], places: ArticlePlaces) -> list[tuple[Spot, ...]]:
    """The points of the story's towns in `countries`, each the one near another town of the story
    where a name has several; not the capital named only as the government."""
    return near_each_other([spots for name, spots in places.towns if spots and not the_government(name, places)
                            and any(country_at(spot) in countries for spot in spots)])


def _spread(towns: list[tuple[Spot, ...]]) -> float:
    return max((nearest_km(one, other) for one, other in combinations(towns, 2)), default=0.0)
