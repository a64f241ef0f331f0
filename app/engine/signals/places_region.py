"""States and provinces inside one country: a caption set in a state the story never names,
while the story happens in another state of that country.

"Floodwater surrounds homes in Katherine in the Northern Territory" under a flood in New South
Wales: the town is too small for the gazetteer's coordinates, but the state says where the
photo is. A country-level check sees one country; the town check needs points. Read only when
the story puts its events in one or two states of the caption's country (in its opening, or
"in" them) and never names the caption's state: a national story that walks through several
states may show any of them. A state that shares its name with a city ("New York", "Quebec",
"São Paulo") may be that city, and is left to the town check, on either side, unless it follows
the caption's town ("a clinic in Vancouver, Washington") or the story calls it a state
("Australia's Victoria state"). A story whose headline names only its country ("Prabowo claims
victory in Indonesia's presidential election") is national, whatever provinces its body names.
A state a person comes from ("Ram Prakash, from Darbhanga district in Bihar") is not where the
photo is, and neither is a state whose town lies near one the story names ("Camden, New Jersey"
under a Philadelphia story).

The town checks ask here whether a caption's town lies in a state or province the story names
(`in_a_province_the_story_names`, `seat_of_a_story_state`): such a town is the story's own.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import name_key, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.places_distance import (
    FAR_KM, Spot, a_capital, country_at, division_named_near, in_another_division, local_story_spots, nearest_km,
    town_names,
)
from app.engine.signals.places_wording import join
from app.engine.small_towns import small_towns
from app.engine.subdivisions import geonames_divisions
from app.schema import Reason
from app.settings import Severity

if TYPE_CHECKING:
    from app.engine.signals.places_caption import CaptionPlace
    from app.engine.signals.places_story import ArticlePlaces

# Not governed by the caption decision: its data hold one such caption, too few to weigh, so
# this conflict stands at review on its own, as the town check does.
CAPTION_REGION_ELSEWHERE = "caption_region_elsewhere"
_MAX_STORY_REGIONS = 2
_ORIGIN_WORDS = 4  # "from Darbhanga district in Bihar"


def other_region_reasons(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    for place in found:
        for part in place.parts:
            said = _said_as_a_region(caption, place, part)
            region = state_alone(part) or _state_of_its_town(place, part) or said
            if region is None or _an_origin(caption, part):
                continue
            written = story_states_beside(region, places) or (
                local_story_state_beside(region, places) if _after_a_town(caption, part) else [])
            if written and not _near_the_story(place, places):
                named = part if name_key(part) == name_key(region.name) else region.name  # "W.Va.": West Virginia
                shown = f"{part} region" if said is region else place.name
                message = (f"The caption places the photo in {shown}; the story happens in {join(written)} "
                           f"and never names {named}.")
                return [make_reason(CAPTION_REGION_ELSEWHERE, Severity.review, message,
                                    caption_places=[place.name], article_places=written)]
    return []


def town_in_another_state_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    """ "MLAs applaud … in Regina" under a story of British Columbia's legislature: a city named
    alone, unambiguous and no capital of its country, in another state or province than every
    town of the story in that country (GeoNames' divisions), under a story that happens in one
    or two states of it and never names the city."""
    for place in found:
        if place.kind != "city" or len(place.parts) != 1 or len(place.countries) != 1 or not place.spots:
            continue
        (country,) = place.countries
        if a_capital(place.name, place.countries) or _near_the_story(place, places):
            continue
        story = _states_it_happens_in(places, country)
        if not story:
            continue
        towns = [spots for _, spots in places.towns if spots and any(country_at(spot) == country for spot in spots)]
        if towns and all(in_another_division(place.spots, list(spots)) for spots in towns):
            towns_named, states = join(town_names(places, place.countries)), join(list(story.values()))
            message = (f"The caption places the photo in {place.name}, in another state or province than "
                       f"{towns_named}; the story happens in {states}.")
            return [make_reason(CAPTION_REGION_ELSEWHERE, Severity.review, message,
                                caption_places=[place.name], article_places=list(story.values()))]
    return []


def story_states_beside(region: Place, places: ArticlePlaces) -> list[str]:
    """The states the story happens in, as it writes them, when `region` is another state of
    their country that the story never names; else none."""
    (country,) = region.countries
    story = _states_it_happens_in(places, country)
    if not story or region.name in story or all(word in places.words for word in name_key(region.name)):
        return []
    if any(gazetteer().lies_within(region.name, state) for state in story):
        return []  # North Sumatra under a story in Sumatra
    return list(story.values())


def _states_it_happens_in(places: ArticlePlaces, country: str) -> dict[str, str]:
    """The one or two states of `country` a story that is not national happens in (named among its
    scenes), by gazetteer name and as it writes them; none for a story of more states."""
    story, named = _story_states(places, country)
    if places.national or country not in places.core_countries or not story or named > _MAX_STORY_REGIONS:
        return {}
    return story if set(story.values()) & set(places.scene_names) else {}


def _after_a_town(caption: str, part: str) -> bool:
    """ "near Lithgow in New South Wales", "Lithgow, New South Wales": the caption sets a town in
    the state, where a state alone may say where a company sits ("its headquarters in California")."""
    return re.search(rf"[A-Z][\w'’-]*(?:,|\s+in)\s+(?:the\s+)?{re.escape(part)}\b", caption) is not None


def local_story_state_beside(region: Place, places: ArticlePlaces) -> list[str]:
    """ "PERTH, Australia (AAP) —" names no state: the state of a local story's towns, as GeoNames
    divides them ("Western Australia"), when `region` is another first-level division of their
    country ("New South Wales") that the story never names; else none. Read only for a town the
    caption sets in `region` (`_after_a_town`)."""
    (country,) = region.countries
    if country not in geonames_divisions().get(region.name, ()) or country not in places.core_countries:
        return []
    if all(word in places.words for word in name_key(region.name)):
        return []
    states = {division_named_near(spot) for spot in local_story_spots(places)}
    if not states or None in states or any(state[0] != country for state in states):
        return []
    names = sorted(state[1] for state in states)
    return [] if region.name in names else names


def state_alone(name: str) -> Place | None:
    """A state or province of one country that no town shares its name with."""
    place = gazetteer().lookup(name_key(name))
    if place is None or place.kind != "region" or len(place.countries) != 1 or place.spots:
        return None
    return place


def _state_of_its_town(place: CaptionPlace, part: str) -> Place | None:
    """ "Washington" in "Vancouver, Washington", "Wis." in "Gays Mills, Wis.": the state of the
    town before it."""
    if place.kind != "city" or len(place.parts) != 2 or part != place.parts[1] or len(place.countries) != 1:
        return None
    (country,) = place.countries
    name = place.state.name if place.state else gazetteer().region_in(name_key(part), country)
    return Place(name, "region", place.countries, place.countries, place.continents) if name else None


# "in Izmail, Odesa region": a region named after its city, written as the region.
_REGION_WORDS = re.compile(r"\s+(?:region|oblast|province|prefecture|governorate)\b", re.IGNORECASE)


def _said_as_a_region(caption: str, place: CaptionPlace, part: str) -> Place | None:
    """ "Odesa region", "Atyrau region": a city's name the caption writes as its region, which
    the gazetteer knows only as the city."""
    at = caption.find(part)
    if place.kind != "city" or len(place.countries) != 1 or at < 0 or not _REGION_WORDS.match(caption, at + len(part)):
        return None
    return Place(part, "region", place.countries, place.countries, place.continents)


def _near_the_story(place: CaptionPlace, places: ArticlePlaces) -> bool:
    """Near a story town that has one point: Miami's "Edgewater" is also Chicago's, and a
    rally in Waukesha, Wisconsin is not near a Miami story."""
    spots = _town_points(place)
    return bool(spots) and any(len(points) == 1 and nearest_km(spots, points) <= FAR_KM
                               for _, points in places.towns)


def _town_points(place: CaptionPlace) -> tuple[Spot, ...]:
    """Where the caption's town may be; a town too small for the gazetteer ("Camden, New
    Jersey") is looked up among the small towns of its country, only when a state would flag."""
    if place.spots or len(place.parts) < 2:
        return place.spots
    return tuple((lat, lon) for country, lat, lon in small_towns().get(name_key(place.parts[0]))
                 if country in place.countries)


def _an_origin(caption: str, part: str) -> bool:
    at = caption.find(part)
    return at >= 0 and "from" in [t.key for t in tokenize(caption[:at])][-_ORIGIN_WORDS:]


def _story_states(places: ArticlePlaces, country: str) -> tuple[dict[str, str], int]:
    """The states of `country` the story names, by gazetteer name and as the story writes them,
    and how many states of that country it names in all, those that are also cities included."""
    states: dict[str, str] = {}
    named: set[str] = set()
    for name, kind in zip(places.names, places.kinds):
        place = gazetteer().lookup(name_key(name)) if kind == "region" else None
        if place is None or country not in place.countries:
            continue
        named.add(place.name)
        if state_alone(name) is not None or name in places.written_states:
            states.setdefault(place.name, name)
    # "COCKERMOUTH, England" over Cumbria and Lancashire: a state that holds two others the story
    # names is the area they lie in, not a third state (Sylhet over its Sunamganj district is
    # still where a Sylhet story happens); a nation of many divisions (England, Scotland, Wales)
    # is so over one ("COCKERMOUTH, England" over Cumbria alone).
    wider = {state for state in named
             if sum(gazetteer().lies_within(other, state) for other in named - {state}) >= _held_to_be_wider(state)}
    for state in wider:
        states.pop(state, None)
    if any(name in places.written_states for name in states.values()):
        # "Myanmar's Bago region", and "the road between Yangon and Mandalay": a story that
        # calls its state one names the others it does not call so as cities.
        named = {state for state, name in states.items() if name in places.written_states or state_alone(name)}
    return states, len(named - wider)


_NATION_DIVISIONS = 20  # a state holding this many divisions is a nation of its country


@lru_cache(maxsize=1)
def _divisions_held() -> Counter[str]:
    return Counter(parent for parents in gazetteer().parents.values() for parent in parents)


def _held_to_be_wider(state: str) -> int:
    """How many of the story's states a state must hold to be the area they lie in."""
    return 1 if _divisions_held()[state] >= _NATION_DIVISIONS else 2


def in_a_province_the_story_names(town: CaptionPlace, places: ArticlePlaces) -> bool:
    """ "Aparri, Cagayan province" under a Manila story of a typhoon that knocked out power "to
    much of Cagayan province": the caption puts its town in the story's province. So does
    "Dauphin, Man." under a Winnipeg story of peas "grown in Manitoba", the province in full."""
    return (any(places.names_place(part) and _a_region(part) for part in town.parts[1:])
            or (town.state is not None and places.names_place(town.state.name))
            or _in_a_region_the_story_names(town, places))


def _in_a_region_the_story_names(town: CaptionPlace, places: ArticlePlaces) -> bool:
    """ "a campaign rally in San Felipe" under a Caracas story of rallies "in Yaracuy state": the
    town lies, by GeoNames' division names, in a state or province the story names on its own
    (not after a town, as "MADISON, Wis."). Not a nation of its country: Bodmin is in England
    as much as a Cumbria story's towns are."""
    regions = {name_key(name) for name, spots in places.towns if not spots and _a_region(name)}
    return bool(regions) and any(country in places.countries and name_key(name) in regions
                                 and _divisions_held()[name] < _NATION_DIVISIONS for country, name in _divisions(town))


# Where a state or province governs itself: "the state Capitol in Albany", "the legislature in Victoria".
_STATE_SEAT = re.compile(r"\b(?:Capitol|[Ss]tatehouse|State House|[Ll]egislature|Legislative (?:Building|Assembly))\b")


def seat_of_a_story_state(caption: str, town: CaptionPlace, places: ArticlePlaces) -> bool:
    """ "The New York State Capitol in Albany" under a story of "New York lawmakers" passing a
    budget: the seat of a state or province the story names, whatever town it is about."""
    return bool(_STATE_SEAT.search(caption)) and any(places.names_place(name) for _, name in _divisions(town))


def _divisions(town: CaptionPlace) -> set[tuple[str, str]]:
    """The country and first-level division, by GeoNames' name, of each of a town's points."""
    return {division for division in map(division_named_near, town.spots) if division is not None}


def _a_region(name: str) -> bool:
    place = gazetteer().lookup(name_key(name))
    return place is not None and place.kind == "region"
