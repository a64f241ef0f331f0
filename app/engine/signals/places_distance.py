"""Towns inside one country: a caption set in a town far from every town a local story names.

A country-level check cannot see a Marseille photo under a story about Lyon's trams. Real
captions of national stories put their people in other towns every day, so this reads only
stories about one place: their headline or opening sentence names a town and no country,
they name no wider area and one country at most, and the towns of that opening lie within
`LOCAL_SPREAD_KM` of each other (a state or province of that country only says where the
towns are, as in "DAYTON, Ohio"; one the headline names for itself widens what is far to
`REGION_FAR_KM`, but only inside the state or province of the story's towns: a Bengaluru
photo under a Kerala story is in another state). So are stories whose headline city is where
their first sentence puts the news, and stories told by several nearby towns
(places_locality.py). Towns named later ("the weather bureau in Brisbane") are more points to
measure from. A caption town farther than `FAR_KM` from every town the story names asks for
review: a district or suburb of the story's town is near it. The caller leaves out captions
that name a town or region of the story (`names_a_story_town`). A town read abroad that
shares its name with a town near the story's is that one (`namesake_near_story`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import name_key
from app.engine.reasons import make_reason
from app.engine.signals.places_wording import as_a_reader_writes, join
from app.engine.small_towns import small_towns
from app.engine.subdivisions import division_table
from app.schema import Reason
from app.settings import Severity

if TYPE_CHECKING:
    from app.engine.signals.places_caption import CaptionPlace
    from app.engine.signals.places_story import ArticlePlaces

# Not governed by the caption decision: it was fitted on data without such stories, so this
# measured conflict stands at review on its own.
CAPTION_TOWN_FAR = "caption_town_far"
LOCAL_SPREAD_KM = 100.0
FAR_KM = 150.0
REGION_FAR_KM = 800.0  # a story across a state or province: Calgary is 280 km from Edmonton
# A city abroad this large, or a capital, is itself where a photo is; a smaller one named bare
# under a city's own story may be one of its districts: Palermo in Buenos Aires, Kurla in Mumbai.
_DISTRICT_NAMESAKE_MAX = 1_000_000
_CITY_OF_DISTRICTS = 200_000  # people of a story's town whose districts captions name
_DISTRICT_NAMESAKE_KM = 1000.0  # nearer, it is the town itself: Freiburg from Strasbourg, Rotterdam from Antwerp
_DIVISION_NEAR_KM = 30.0  # a small town is in its nearest city's state or province, if so near
_EARTH_RADIUS_KM = 6371.0
# A metro's stations are in its city, whatever town they are named after: "A Line 4-Yellow
# train pulls into Paulista station" in São Paulo, not in Paulista, 2,100 km away.
_METRO = re.compile(r"\b(?i:metro|subway|underground|tube|light rail)\b|\bLine (?:\d+|[A-Z])\b")

Spot = tuple[float, float]


def km_between(a: Spot, b: Spot) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def local_story_spots(places: ArticlePlaces) -> list[Spot]:
    """The points of a story about one place; empty when the story is wider or cannot be placed."""
    if not places.local or not places.towns:
        return []
    # A town name with several points in the country ("Des Moines", Iowa and Washington) is one
    # of them: towns are near each other when some of their points are, and a caption must be
    # far from every point.
    towns = {name: spots for name, spots in places.towns if spots}
    opening = [towns[name] for name in places.opening_towns if name in towns]
    if places.opening_towns and not opening:
        # It opens on a province, which has no point ("Drought grips Saskatchewan"): the towns it
        # names later may be where its actors sit ("Ottawa promised aid"), not its scene.
        return []
    if any(nearest_km(one, other) > LOCAL_SPREAD_KM for one, other in combinations(opening, 2)):
        return []
    # "PHOENIX (AP) — A former finance director for ... Glendale": Arizona's Glendale, not California's.
    opening = near_each_other(opening)
    around = tuple(spot for spots in opening for spot in spots)
    return [spot for spots in towns.values() for spot in _the_ones_nearby(spots, around)]


def _the_ones_nearby(spots: tuple[Spot, ...], around: tuple[Spot, ...]) -> tuple[Spot, ...]:
    """A town the story names that has several points in the country is the one near the town
    it opens on, when one is: a Monterrey story's "Guadalupe" is its suburb, not the Guadalupe
    in Zacatecas, 240 km from Zapopan, which would make Zapopan seem close."""
    if len(spots) < 2 or not around:
        return spots
    near = tuple(spot for spot in spots if nearest_km((spot,), around) <= LOCAL_SPREAD_KM)
    return near or spots


def near_each_other(towns: list[tuple[Spot, ...]]) -> list[tuple[Spot, ...]]:
    """Each town with several points, as the one near another town of the story where one is:
    a Bicol typhoon's "Naga" is Camarines Sur's, not the Naga in Cebu, 400 km south."""
    return [_the_ones_nearby(spots, tuple(s for other in towns if other is not spots for s in other))
            for spots in towns]


def nearest_story_town(spots: tuple[Spot, ...], places: ArticlePlaces) -> tuple[float, str] | None:
    """How far the nearest town the story names lies from a place, and which town; None when
    the story names no town with a point."""
    found = [(nearest_km(spots, points), name) for name, points in places.towns if points]
    return min(found) if found else None


def nearest_km(one: tuple[Spot, ...], other: tuple[Spot, ...]) -> float:
    """How close two places with several possible points come."""
    return min(km_between(a, b) for a in one for b in other)


def near_a_story_town(spots: tuple[Spot, ...], article: ArticlePlaces, km: float) -> bool:
    nearest = nearest_story_town(spots, article)
    return nearest is not None and nearest[0] <= km


def namesake_near_story(place: CaptionPlace, article: ArticlePlaces) -> bool:
    """ "A flattened cornfield near Tama" under an Iowa derecho is Tama, Iowa (3,000 people),
    80 km from Cedar Rapids, not Tama, Tokyo: a town named alone, read as a town abroad, that
    shares its name with a village or town of the story's country near one the story names
    is that one; so is a city known by that name too ("Lalitpur", Nepal's Patan, under a
    Kathmandu story, not Lalitpur in India). A town of the story's own country keeps its
    reading: Denver is not one of the small Denvers near a Texas story."""
    if len(place.parts) != 1 or place.kind != "city" or place.countries & article.countries:
        return False
    if not any(points for _, points in article.towns):
        return False
    key = name_key(place.name)
    namesakes = small_towns().get(key, ()) + gazetteer().points_known_as(key)
    return any(near_a_story_town(((lat, lon),), article, FAR_KM)
               for country, lat, lon in namesakes if country in article.countries)


def distant_town_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    story = local_story_spots(places)
    if not story:
        return []
    regions = story_region_divisions(places)
    # A town of another country the story names ("ESA's operations centre in Darmstadt,
    # Germany" under a Cape Canaveral launch) is not measured from the story's towns.
    home = {division.split(".")[0] for division in map(division_near, story) if division}
    for town in found:
        if not town.spots or not town.countries & places.countries or may_be_a_district(town, places):
            continue
        if home and not town.countries & home:
            continue
        if regions and any(division_near(spot) in regions for spot in town.spots):
            continue
        distance = min(km_between(spot, point) for spot in town.spots for point in story)
        elsewhere = places.regional and in_another_division(town.spots, story)
        if distance > (REGION_FAR_KM if places.regional and not elsewhere else FAR_KM):
            return [far_town_reason(town.name, distance, len(town.spots) > 1, places, elsewhere, town.countries)]
    return []


def the_government(name: str, places: ArticlePlaces) -> bool:
    """The capital of the country a story happens in part of, named after its opening and
    nowhere as a place of something ("in parts of Metro Manila"): the government ("The state
    asked Brasília to send helicopters"), not a town of the events."""
    return a_capital(name, places.country_parts) and name not in places.opening_towns and name not in places.placed_in


def a_capital(name: str, countries: frozenset[str]) -> bool:
    """The name is the capital of one of `countries`."""
    return name_key(name) in {gazetteer().capitals.get(country) for country in countries}


def far_town_reason(name: str, distance: float, shared: bool, places: ArticlePlaces,
                    elsewhere: bool = False, countries: frozenset[str] = frozenset()) -> Reason:
    """`shared`: several towns of the country have the name, and the nearest is this far.
    `countries`: the caption town's; the story's towns abroad (Moscow, whose drones struck
    Kyiv) are not where it happens, and are not listed beside Kyiv when some town is at home."""
    story_towns = town_names(places, countries) or town_names(places)
    how_far = "at least" if shared else "about"
    state = ", and in another state or province" if elsewhere else ""
    message = (f"The caption places the photo in {name}, {how_far} {_rounded(distance)} km from "
               f"{join(story_towns)}, where the story happens{state}.")
    town = name.split(",")[0].casefold()
    if any(town == story_town.casefold() for story_town in story_towns):
        message += f" The story's {as_a_reader_writes(name.split(',')[0])} is another town of that name."
    return make_reason(CAPTION_TOWN_FAR, Severity.review, message, caption_places=[name],
                       article_places=story_towns, distance_km=round(distance))


def far_from_a_local_story(name: str, places: ArticlePlaces) -> str:
    """ "about 750 km from Christchurch": where a town lies from a local story's towns, when
    farther than `FAR_KM`; "" when it is nearer, or cannot be placed."""
    story, town = local_story_spots(places), gazetteer().lookup(name_key(name))
    spots = tuple((lat, lon) for country, lat, lon in town.spots if country in places.countries) if town else ()
    if not story or not spots or (distance := nearest_km(spots, tuple(story))) <= FAR_KM:
        return ""
    return f"about {_rounded(distance)} km from {join(town_names(places))}"


def names_a_story_town(found: list[CaptionPlace], places: ArticlePlaces) -> bool:
    """The caption names a town or region the story names, so it is set there, not far away.
    A country it adds ("in Hamburg, Germany") says nothing of where in that country, nor a
    state or province it adds to a town ("Thunder Bay, Ont." under a Sudbury story)."""
    return any(places.names_place(part) and not _a_country(part)
               for place in found for part in _where_it_is_set(place, places))


def _where_it_is_set(place: CaptionPlace, places: ArticlePlaces) -> tuple[str, ...]:
    """The town alone, when a state qualifies it, unless the story has a town of the state's
    name ("Don Valley, Sheffield"); nothing, when that state puts it far from a local story's
    towns ("Glendale, Calif." under a story of Arizona's Glendale)."""
    if place.state is None:
        return place.parts
    story = local_story_spots(places)
    elsewhere = bool(story and place.spots) and nearest_km(place.spots, tuple(story)) > FAR_KM
    town_state = tuple(part for part in place.parts[1:] if any(part == name and spots for name, spots in places.towns))
    return town_state if elsewhere else place.parts[:1] + town_state


def _a_country(name: str) -> bool:
    place = gazetteer().lookup(name_key(name))
    return place is not None and place.kind in ("country", "demonym", "continent", "area")


def story_region_divisions(places: ArticlePlaces) -> frozenset[str]:
    """The states and provinces the story names, as GeoNames divides them: "Plaza Huincul" lies
    in the "Neuquén province" of a story datelined in Buenos Aires, 1,000 km away, where the
    fossils were dug. A province's division is that of its namesake city in its country, as
    for the provinces named after their capitals (Neuquén, Mendoza); a US state's its own."""
    divisions: set[str] = set()
    for name, points in places.towns:
        region = gazetteer().lookup(name_key(name)) if not points else None
        if region is not None and region.kind == "region":
            divisions |= _divisions_of(name, region)
    return frozenset(divisions)


def _divisions_of(name: str, place: Place) -> frozenset[str]:
    """A US state's own division, or that of the city of the name in the place's country."""
    gz = gazetteer()
    division = gz.us_division(place)
    if division is not None:
        return frozenset({division})
    namesakes = (spot for spot in gz.points_known_as(name_key(name)) if spot[0] in place.countries)
    return frozenset(d for d in (gz.division_at(spot[1:]) for spot in namesakes) if d is not None)


def governs_elsewhere(name: str, place: Place, places: ArticlePlaces, shown: str | None) -> bool:
    """A governor of `name` ("Basra Governor", "Ankara Governor") governs another province
    than the story's town the caption shows them in, or than every town of a local story
    ("New York Gov." governs Buffalo)."""
    story = next((spots for town, spots in places.towns if town == shown), ()) if shown else local_story_spots(places)
    theirs, ours = _divisions_of(name, place), {division_near(spot) for spot in story}
    return bool(theirs) and bool(ours) and None not in ours and not theirs & ours


def country_at(spot: Spot) -> str:
    return (division_near(spot) or "").split(".")[0]


def division_near(spot: Spot) -> str | None:
    """The state or province of a town's point: its own, or for a town too small for the
    gazetteer that of the nearest city within `_DIVISION_NEAR_KM` (Plaza Huincul's neighbour
    Cutral Có is in Neuquén)."""
    return gazetteer().division_at(spot) or _nearest_division(spot)


@lru_cache(maxsize=4096)
def _nearest_division(spot: Spot) -> str | None:
    points, codes = _division_points()
    nearest = _nearest_within(points, spot, _DIVISION_NEAR_KM)
    return codes[nearest] if nearest is not None else None


@lru_cache(maxsize=4096)
def division_named_near(spot: Spot) -> tuple[str, str] | None:
    """The country and first-level division, by GeoNames' English name, of the town nearest a
    point within `_DIVISION_NEAR_KM` ("Western Australia" for Perth)."""
    points, divisions = division_table()
    nearest = _nearest_within(points, spot, _DIVISION_NEAR_KM)
    return divisions[nearest] if nearest is not None else None


@lru_cache(maxsize=1)
def _division_points() -> tuple[np.ndarray, tuple[str, ...]]:
    divisions = gazetteer().divisions
    return np.radians(np.array(list(divisions), dtype=np.float64)), tuple(divisions.values())


def _nearest_within(points: np.ndarray, spot: Spot, km: float) -> int | None:
    """Which of `points` (in radians) is nearest a spot, if within `km`."""
    lat, lon = np.radians(spot)
    # Equirectangular distance picks the nearest; the great circle then checks it.
    dx = (points[:, 1] - lon) * np.cos((points[:, 0] + lat) / 2)
    nearest = int(np.argmin(dx ** 2 + (points[:, 0] - lat) ** 2))
    other = tuple(float(v) for v in np.degrees(points[nearest]))
    return nearest if km_between(spot, other) <= km else None


def in_another_division(spots: tuple[Spot, ...], story: list[Spot]) -> bool:
    """Every point of the caption's town lies in another state or province than every town of
    the story, as GeoNames divides them; unknown for a town either side lacks a division of."""
    gz = gazetteer()
    theirs = {gz.division_at(spot) for spot in spots}
    ours = {gz.division_at(spot) for spot in story}
    return None not in theirs | ours and bool(theirs) and bool(ours) and not theirs & ours


def names_a_metro(caption: str) -> bool:
    return bool(_METRO.search(caption))


def may_be_a_district_abroad(place: CaptionPlace, places: ArticlePlaces) -> bool:
    """A town abroad named alone under a local story, below a million people, no capital and
    far from the story's city: big cities have districts named after faraway towns (Buenos
    Aires' Palermo, Mumbai's Kurla and Sion), which the gazetteer does not know, and the
    caption then says nothing of another country. A conflict here would block a genuine
    caption of the story's own city."""
    story = local_story_spots(places)
    if len(place.parts) != 1 or place.countries & places.countries or not story:
        return False
    town = gazetteer().lookup(name_key(place.parts[0]))
    if town is None or town.kind not in ("city", "region") or not town.spots:
        return False  # a province named alone ("Bavaria") is where it is
    far = nearest_km(tuple(spot[1:] for spot in town.spots), tuple(story)) > _DISTRICT_NAMESAKE_KM
    return far and town.population < _DISTRICT_NAMESAKE_MAX and not a_capital(town.name, town.countries)


def may_be_a_district(town: CaptionPlace, places: ArticlePlaces) -> bool:
    """A small town of one word named alone may be a district of the story's own city that
    shares a distant town's name (Delhi's Dwarka, 900 km from Dwarka in Gujarat). Longer
    names ("Hervey Bay") are seldom shared so, and a story of small towns only (Gisborne, with
    37,000 people) has no districts a caption would name: "near Invercargill" is Invercargill."""
    return not town.specific and len(town.parts[0].split()) == 1 and any(
        (found := gazetteer().lookup(name_key(name))) is not None and found.population >= _CITY_OF_DISTRICTS
        for name in places.opening_towns or [name for name, _ in places.towns])


def town_names(places: ArticlePlaces, countries: frozenset[str] = frozenset()) -> list[str]:
    """The story's towns as a reader knows them: once each, a dateline's "DAYTON" as "Dayton",
    and without the state that only says where they are; in `countries` when given."""
    names: dict[str, str] = {}
    seen: dict[tuple[Spot, ...], str] = {}  # "Sudbury" and "Greater Sudbury": one city, listed once
    for name, spots in places.towns:
        if not spots or the_government(name, places) or seen.setdefault(spots, name.casefold()) != name.casefold():
            continue
        if countries and not any(country_at(spot) in countries for spot in spots):
            continue
        if name.casefold() not in names or names[name.casefold()].isupper():
            names[name.casefold()] = name
    # "LA SERENA, Chile" gives "SERENA" beside the body's "La Serena"
    # "CRANBERRY PORTAGE, Man." is the town "Cranberry Portage"
    return [as_a_reader_writes(name.split(",")[0]) for key, name in names.items()
            if not (name.isupper() and any(key != other and other.endswith(" " + key) for other in names))]


def _rounded(distance: float) -> int:
    return int(round(distance, -1)) if distance < 1000 else int(round(distance, -2))
