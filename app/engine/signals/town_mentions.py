"""Towns by the state or province written after them: the US states newsrooms write as postal
codes or in AP style ("Hershey, Pa.", "Sparta, WI", "W.Va."), Canadian and Australian provinces
shortened ("La Ronge, Sask.", "Bendigo, Vic."), and towns too small for the gazetteer that the
small-town list has in the region or country named after them ("Lismore, Australia")."""

from __future__ import annotations

import heapq
import re
from dataclasses import replace
from functools import lru_cache

from app.engine.calendar_words import CALENDAR_WORDS, SHORT_WEEKDAYS
from app.engine.gazetteer import Place, gazetteer, region_abbreviated
from app.engine.place_tokens import Token, name_key
from app.engine.signals.place_mentions import Mention, comma_after
from app.engine.small_towns import small_towns

_TOWN_WORDS = 3  # "Sioux Center, Iowa", "Bowling Green, Ky."
_STATE_CODE = re.compile(r"[A-Z][A-Za-z]{0,4}\.?(?:[A-Z][a-z]?\.)*")  # "PA", "Pa.", "N.C.", "W.Va."
_POSTAL_CODE_AND_FULL_STOP = re.compile(r"[A-Z]{2}\.")
_ABBREVIATED_REGION = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z][a-z]{1,4}\.")  # "B.C.", "P.E.I.", "Ont.", "Sask."


def us_state_at(caption: str, tokens: list[Token], i: int) -> Mention | None:
    """The US state written at token i as a postal code ("PA") or in AP style ("Pa.", "W.Va.")."""
    written = _STATE_CODE.match(caption, tokens[i].start)
    text = written.group(0) if written else ""
    if _POSTAL_CODE_AND_FULL_STOP.fullmatch(text):
        text = text[:-1]  # "Washington, DC.": postal codes take no dot, so it ends the sentence
    code = text.replace(".", "")
    state = gazetteer().us_state_codes.get(code) if code.isupper() or text.endswith(".") else None
    if written is None or state is None:
        return None
    return _written_at(state, text, tokens, i)


def abbreviated_region_at(caption: str, tokens: list[Token], i: int, countries: frozenset[str]) -> Mention | None:
    """The state or province of one of `countries` written at token i as newsrooms shorten it
    ("Rimouski, Que.", "Kelowna, B.C.", "Bendigo, Vic."), not a town of its letters ("Man.",
    Manitoba, is no town in Côte d'Ivoire)."""
    written = _ABBREVIATED_REGION.match(caption, tokens[i].start)
    region = region_abbreviated(written.group(0), countries) if written else None
    if region is None:
        return None
    return _written_at(region, written.group(0), tokens, i)


def _written_at(place: Place, text: str, tokens: list[Token], i: int) -> Mention:
    """`place` as written from token i: the mention spans the tokens that `text` covers."""
    end = i
    while end < len(tokens) and tokens[end].start < tokens[i].start + len(text):
        end += 1
    return Mention(place, text, i, end, False)


def as_us_state(caption: str, tokens: list[Token], m: Mention) -> Mention:
    """", Pa." after a town the gazetteer does not know ("Hershey, Pa.") is Pennsylvania, not
    the town of Pa in Burkina Faso."""
    if not comma_after(caption, tokens, m.first - 1):
        return m
    state = us_state_at(caption, tokens, m.first)
    if state is None or state.end < m.end:
        return m
    first = _town_start(tokens, m.first - 1)  # the town's own capitalised words name the place in messages
    if not tokens[first].cap:
        return state
    named = caption[tokens[first].start : tokens[m.first].start + len(state.text)]  # the state is written there
    town = caption[tokens[first].start : tokens[m.first - 1].end]
    return Mention(state.place, named, first, state.end, False, town=town)


def as_town_in_region(caption: str, tokens: list[Token], m: Mention) -> Mention:
    """ "Chibougamau, Quebec", "Lismore, Australia": a town too small for the gazetteer, then a
    state, province or country by name, is a town there when the small-town list has it in that
    country. ("Monday, Ontario Premier Doug Ford" is no town: the region must end the place.)"""
    if (m.town or m.place.kind not in ("region", "country") or not comma_after(caption, tokens, m.first - 1)
            or (m.end < len(tokens) and tokens[m.end].cap and tokens[m.end].joins_prev)):
        return m
    last = m.first - 1
    for first in range(_town_start(tokens, last), last + 1):  # the longest name the list has
        town = caption[tokens[first].start : tokens[last].end]
        if tokens[first].cap and small_towns().points_in(name_key(town), m.place.countries):
            named = caption[tokens[first].start : tokens[m.end - 1].end]
            return Mention(m.place, named, first, m.end, False, town=town)
    return m


def _town_start(tokens: list[Token], last: int) -> int:
    first = last
    while first > 0 and tokens[first - 1].cap and tokens[first].joins_prev and last + 1 - first < _TOWN_WORDS:
        first -= 1
    return first


def towns_in_us_states(caption: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """ "Gays Mills, Wis.", "Sparta, WI": a town no gazetteer knows, with its state after it,
    where no other place was found."""
    taken = {i for m in mentions for i in range(m.first, m.end)}
    found: list[Mention] = []
    for i in range(1, len(tokens)):
        state = None if i in taken or (found and i < found[-1].end) else us_state_at(caption, tokens, i)
        town = as_us_state(caption, tokens, state) if state is not None else None
        if town is not None and town.town and not taken & set(range(town.first, town.end)):
            found.append(town)
    return found


# Countries whose newsrooms shorten a province after a town in datelines and captions
# ("CRANBERRY PORTAGE, Man.", "La Ronge, Sask.", "Bendigo, Vic."), read for towns the gazetteer
# does not know; US states have their own list (`us_state_at`).
_SHORTENED_PROVINCES = frozenset({"CA", "AU"})
_DATE_WORDS = CALENDAR_WORDS | SHORT_WEEKDAYS


def towns_in_shortened_provinces(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """ "CRANBERRY PORTAGE, Man.": a town no gazetteer knows, then its province shortened, where
    no town was found before the comma. The letters' own reading ("Man", a town of Côte
    d'Ivoire) is replaced."""
    # Where a known town ends: "PORTAGE" of "CRANBERRY PORTAGE" is not it, and "Austin" of
    # "Austin, Man." is a town of Texas and Minnesota the province says it is not.
    towns = {m.end - 1: m for m in mentions if m.place.kind in ("city", "region") and not m.embedded}
    found: list[Mention] = []
    for i in range(1, len(tokens)):
        if not tokens[i - 1].cap or not comma_after(text, tokens, i - 1):
            continue
        if tokens[i].key in _DATE_WORDS or tokens[i - 1].key in _DATE_WORDS:
            continue  # "Sunday, Nov. 10": a date, not Nova Scotia
        region = abbreviated_region_at(text, tokens, i, _SHORTENED_PROVINCES)
        if region is None or not text[tokens[i].start:].startswith(region.text) or "." not in region.text:
            continue
        known = towns.get(i - 1)
        if (known is not None and known.first == _town_start(tokens, i - 1)
                and known.place.all_countries & region.place.countries):
            continue
        first = _town_start(tokens, i - 1)
        town = text[tokens[first].start : tokens[i - 1].end]
        named = text[tokens[first].start : tokens[i].start + len(region.text)]
        found.append(Mention(region.place, named, first, region.end, False, town=town))
    return found


def without_overlaps(mentions: list[Mention], found: list[Mention]) -> list[Mention]:
    """`mentions` without those `found` covers, with `found`, in order."""
    covered = {i for m in found for i in range(m.first, m.end)}
    kept = [m for m in mentions if not covered & set(range(m.first, m.end))]
    return sorted(kept + found, key=lambda m: m.first)


def us_states_after_towns(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """A story's places with the US states written as codes after a town read as states:
    "PUNXSUTAWNEY, Pa." is a small town of Pennsylvania, not Punxsutawney and the town of Pa in
    Burkina Faso; "PITTSBURGH, Pa." is Pittsburgh and Pennsylvania. Towns no gazetteer knows,
    with their state after them ("Gays Mills, Wis."), are added; a name of several places is
    the one in the state or country written after it ("DURHAM, N.C.")."""
    town_ends = {m.end for m in mentions if m.place.kind == "city"}
    at = {m.first: m for m in mentions}
    read: list[Mention] = []
    for m in mentions:
        state = us_state_at(text, tokens, m.first) if comma_after(text, tokens, m.first - 1) else None
        if state is None or state.end < m.end:
            read.append(_the_town_of_its_region(text, tokens, m, at))
        else:
            read.append(state if m.first in town_ends else as_us_state(text, tokens, m))
    return sorted(read + towns_in_us_states(text, tokens, read), key=lambda m: m.first)


def _the_town_of_its_region(text: str, tokens: list[Token], m: Mention, at: dict[int, Mention]) -> Mention:
    """ "DURHAM, N.C.", "ATHENS, Ga.", "DURHAM, England": a name of several places (County
    Durham and Durham, North Carolina) with a state or country written after it is the town
    there. `at`: the story's mentions by their first token."""
    several = m.place.kind in ("city", "region") and (len(m.place.all_countries) > 1 or len(m.place.spots) > 1)
    if not several or not comma_after(text, tokens, m.end - 1):
        return m
    region = us_state_at(text, tokens, m.end) or at.get(m.end)
    if region is None or region.place.kind not in ("country", "region") or len(region.place.countries) != 1:
        return m
    [country] = region.place.countries
    if m.place.countries == region.place.countries:
        return _the_one_in_its_state(m, region.place)
    spots = tuple(spot for spot in gazetteer().points_known_as(name_key(m.text)) if spot[0] == country)
    spots = _of_its_state(m.text, spots, region.place) or spots
    if not spots:
        return m
    only = frozenset({country})
    town = replace(m.place, kind="city", countries=only, all_countries=only, primary=country, spots=spots,
                   continents=gazetteer().continents_of(only) or m.place.continents)
    return replace(m, place=town)


def _the_one_in_its_state(m: Mention, state: Place) -> Mention:
    """ "DULUTH, Minn.": of a country's towns of one name (Duluth, Georgia), the one in the state
    written after it, or the state's small town of the name where the gazetteer has none there."""
    spots = _of_its_state(m.text, m.place.spots, state)
    return replace(m, place=replace(m.place, spots=spots)) if 0 < len(spots) < len(m.place.spots) else m


def _of_its_state(town: str, spots: tuple[tuple[str, float, float], ...],
                  state: Place) -> tuple[tuple[str, float, float], ...]:
    """The points of `town` in the US state written after it; where none of the gazetteer's is
    ("CHATHAM, Mass.": Chicago's Chatham is not the dateline's), the state's small town."""
    return _in_state(spots, state) or tuple(("US", lat, lon) for lat, lon in small_towns_in_state(town, state))


def _in_state(spots: tuple[tuple[str, float, float], ...], state: Place) -> tuple[tuple[str, float, float], ...]:
    """The (country, latitude, longitude) points that lie in a US state."""
    in_state = set(gazetteer().spots_in_state(tuple(spot[1:] for spot in spots), state))
    return tuple(spot for spot in spots if spot[1:] in in_state)


def small_towns_in_state(town: str, state: Place) -> tuple[tuple[float, float], ...]:
    """ "Seminole, Texas": a town the gazetteer knows only in another state (Florida's Seminole)
    is a small town of this one, where the small-town list has one with a city of the state
    among the gazetteer's three nearest (near a border the nearest may lie across it: Hobbs, New
    Mexico, for Seminole); no point where it has none."""
    wanted = gazetteer().us_division(state)
    if wanted is None:
        return ()
    cities = _us_cities()
    return tuple(point for point in small_towns().points_in(name_key(town), frozenset({"US"}))
                 if wanted in {c[1] for c in heapq.nsmallest(_NEAREST, cities, key=lambda c: _squared(c[0], point))})


@lru_cache(maxsize=1)
def _us_cities() -> tuple[tuple[tuple[float, float], str], ...]:
    """The gazetteer's US cities with their state's division, gathered once."""
    return tuple((spot, division) for spot, division in gazetteer().divisions.items() if division.startswith("US."))


_NEAREST = 3


def _squared(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def town_points(town: str, area: Place) -> tuple[tuple[float, float], ...]:
    """Where a town too small for the gazetteer lies, by the state, province or country written
    after it: in a US state only its points there ("Silver City, Miss." has none: the small-town
    list knows the Silver Citys of North Carolina and New Mexico)."""
    if gazetteer().us_division(area) is not None:
        return small_towns_in_state(town, area)
    return small_towns().points_in(name_key(town), area.countries)
