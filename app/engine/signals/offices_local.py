"""Offices of states, counties and cities: a governor, premier, county prosecutor or mayor the
story never mentions, of a state, county or city it never names, while it happens in another
("Alabama Gov. Kay Ivey" under a Mississippi story; "Cuyahoga County Prosecutor" under a story
of a Franklin County court; "Busan Mayor Lee Jae-sung" under a Seoul flood story)."""

from __future__ import annotations

import re
from dataclasses import replace

from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import FUNCTION_WORDS, name_key, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.office_titles import (
    CAPTION_OFFICE_ELSEWHERE, OFFICE_WORDS, any_of, long_title, office_words,
)
from app.engine.signals.place_mentions import Mention, find_mentions
from app.engine.signals.places import ArticlePlaces
from app.engine.signals.places_distance import far_from_a_local_story, governs_elsewhere
from app.engine.signals.places_region import story_states_beside
from app.engine.signals.places_wording import join
from app.schema import Reason
from app.settings import Severity

CITY_OFFICES = frozenset("mayor mayoral city council councillor councilor alderman".split())
# A state's officials go by more titles than a country's politicians ("Punjab Relief
# Commissioner", "Bavaria's police chief"); a state before them is theirs.
_STATE_OFFICES = OFFICE_WORDS | frozenset("commissioner chief".split())
# Before a city's name a governor holds the province around it ("Basra Governor", "Ankara
# Governor"), or a state that shares the city's name ("New York Gov."), which may hold the
# story's towns: only a province other than theirs is elsewhere.
_GOVERNORS = frozenset("governor gov".split())


def state_office_elsewhere(scene: str, name: str, places: ArticlePlaces) -> list[Reason]:
    state = office_state(scene, name, places.core_countries)
    states = story_states_beside(state, places) if state is not None else []
    if not states:
        return []
    message = (f"The caption names {name}, who holds an office of {state.name}; the story happens in "
               f"{join(states)} and never mentions {name} or {state.name}.")
    return [make_reason(CAPTION_OFFICE_ELSEWHERE, Severity.review, message, names=[name],
                        office_states=[state.name], article_places=states)]


# "Cuyahoga County Prosecutor", "Harris County Sheriff", "Maricopa County Superior Court Judge".
_COUNTY_OFFICES = frozenset("prosecutor sheriff judge attorney commissioner executive clerk coroner assessor".split())
_COUNTY_TITLE = re.compile(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+County\s+((?:[A-Z][\w'’.-]*\s+){1,4})$")


def county_office_elsewhere(scene: str, name: str, places: ArticlePlaces) -> list[Reason]:
    """ "Cuyahoga County Prosecutor Michael Dorsey" under a story that names Franklin County and
    never Cuyahoga: an office of another county than the ones the story names."""
    title = _COUNTY_TITLE.search(scene[:scene.find(name)])
    if title is None or not {word.casefold().strip(".") for word in title.group(2).split()} & _COUNTY_OFFICES:
        return []
    county = title.group(1)
    if any(word in places.words for word in name_key(county)):
        return []
    counties = sorted({first for first, second in places.pairs if second == "county" and first not in FUNCTION_WORDS})
    if not counties:
        return []
    message = (f"The caption names {name}, who holds an office of {county} County; the story names "
               f"{join([c.title() + ' County' for c in counties])} and never mentions {name} or {county} County.")
    return [make_reason(CAPTION_OFFICE_ELSEWHERE, Severity.review, message, names=[name],
                        office_places=[f"{county} County"])]


def city_office_elsewhere(scene: str, name: str, places: ArticlePlaces) -> list[Reason]:
    """ "Busan Mayor Lee Jae-sung inspects flood damage near Gangnam Station in southern Seoul"
    under a Seoul flood story that never names Busan: a city's official, unknown to the story,
    shown in a place the story names, or of a city far from a local story's ("Auckland Mayor");
    a city's governor so, when the province is another than that of the place or towns."""
    words = office_words(scene, name, OFFICE_WORDS)
    city = _office_city(words, places)
    if city is None:
        return []
    after = scene[scene.find(name) + len(name):]
    shown = [m.text for m in find_mentions(after, tokenize(after)) if places.names_place(m.text)]
    mayor = any_of(words, CITY_OFFICES)
    if not (mayor or governs_elsewhere(city.text, city.place, places, shown[0] if shown else None)):
        return []
    where = f"in {shown[0]}" if shown else far_from_a_local_story(city.text, places)
    if not where:
        return []
    message = (f"The caption names {name}, who holds an office of {city.text}, {where}; the story "
               f"never mentions {name} or {city.text}.")
    return [make_reason(CAPTION_OFFICE_ELSEWHERE, Severity.review, message, names=[name],
                        office_places=[city.text], article_places=list(places.scene_names))]


def _office_city(words: list[str], places: ArticlePlaces) -> Mention | None:
    """The city before a mayor's or governor's title, when the story never names it."""
    if not (any_of(words, CITY_OFFICES) or any_of(words, _GOVERNORS)):
        return None
    window = " ".join(words)
    cities = [m for m in find_mentions(window, tokenize(window)) if _a_city(m.text, m.place)]
    return cities[-1] if cities and not places.names_place(cities[-1].text) else None


def _a_city(text: str, place: Place) -> bool:
    """A city, or a region named after the city it is ("Kyiv", "Tallinn", "Berlin"): before a
    mayor it is the city's office."""
    return place.kind == "city" or (place.kind == "region" and bool(gazetteer().points_known_as(name_key(text))))


def office_state(text: str, name: str, home: frozenset[str] = frozenset()) -> Place | None:
    """The state or province of the office the caption gives a person: "Alabama Gov.", "New
    South Wales Premier", "Oklahoma Secretary of Energy and Environment". Before an office word a
    state known also by a city's name is the state, but for a city's own offices. A state of
    two countries' name is the one in `home`, the story's country, when one is ("Punjab Relief
    Commissioner" under a Sindh story is Pakistan's Punjab)."""
    for words in (office_words(text, name, _STATE_OFFICES), long_title(text, name)):
        if any_of(words, CITY_OFFICES):  # "New York Mayor": the city's office
            return None
        window = " ".join(words)
        found = find_mentions(window, tokenize(window)) if window else []
        states = [_in_one_country(m.place, home) for m in found if m.place.kind == "region"]
        states = [state for state in states if len(state.countries) == 1]
        if states:
            return states[-1]
    return None


def _in_one_country(place: Place, home: frozenset[str]) -> Place:
    at_home = place.countries & home
    return replace(place, countries=at_home) if len(place.countries) > 1 and len(at_home) == 1 else place
