"""Whether a story is about one place: the towns its headline and first sentence open on,
the countries and states that only say where those towns are ("RECIFE, Brazil", "Kenya's
capital"), and each town's points, which `places_distance` measures captions from.
"""

from __future__ import annotations

from itertools import combinations

from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import Token, fold, name_key
from app.engine.signals.place_mentions import DIRECTIONS, TOWN_FACILITIES, Mention
from app.engine.signals.place_rankings import in_a_comparison
from app.engine.signals.places_distance import LOCAL_SPREAD_KM, Spot, nearest_km
from app.engine.signals.town_mentions import town_points
from app.engine.small_towns import small_towns

LOCATIVES = frozenset(
    "in at near outside inside above from over across around off into through throughout "
    "toward towards along beside between below beneath under beyond within of".split()
)
# "The Pittsburgh skyline at dusk, seen from Mount Washington": where the camera stood, which
# the gazetteer may read as a namesake far away, not the scene the photo shows.
_SEEN = frozenset("seen viewed photographed pictured".split())


def from_a_viewpoint(tokens: list[Token], first: int) -> bool:
    """The words from `first` on follow "seen from" (or "viewed from" …)."""
    return first >= 2 and tokens[first - 1].key == "from" and tokens[first - 2].key in _SEEN


# The locatives that set a headline's scene.
_SCENE_LOCATIVES = frozenset("in at near outside inside across around through throughout".split())
# Words between a locative and its country: "in the north of", "in southern Turkey and northern Syria".
# "in central Lima", "in northern Syria", "in Metro Manila", "in Greater Manchester"
_SCENE_FILLERS = frozenset({"the", "central", "metro", "greater", *DIRECTIONS, *(f"{d}ern" for d in DIRECTIONS)})
_NEARBY_TOWNS = 3  # fewer towns say too little about how far a story reaches
# "Kenya's capital", "Nigeria's largest city": words that make a country's name an epithet of
# one of its towns, read up to `_EPITHET_WORDS` words on.
_TOWN_WORDS = frozenset({"capital", "city"})
_EPITHET_WORDS = 3


def locality(tokens: list[Token], mentions: list[Mention], in_opening: list[Mention], home: frozenset[str],
             explicit: frozenset[str], headline_end: int) -> tuple[bool, dict[str, tuple[Spot, ...]]]:
    """Whether the story is about one place, and its towns with their points."""
    in_opening = _without_foreign_actors(_without_parts_of_towns(tokens, in_opening))
    home = frozenset(c for c in home if any(c in m.place.countries for m in in_opening))
    seats = seats_of_government(tokens, mentions)
    mentions = [m for m in mentions if m.text not in seats]
    towns = _story_towns(mentions, explicit, home)
    if _is_local(tokens, mentions, in_opening, home, towns):
        return True, towns
    headline_town = _headline_town(tokens, in_opening, headline_end)
    if headline_town is not None:
        # The headline's town, where the first sentence puts the news, is the story's home:
        # "Hanoi opens Vietnam's first metro line" is local though it names Vietnam and China.
        home = headline_town.place.countries
        at_home = _story_towns(mentions, explicit, home)
        if (all(at_home[m.text] for m in in_opening if m.place.kind == "city" and m.place.countries & home)
                and _later_places_near_home(tokens, mentions, in_opening, home)):
            return True, at_home
    return (not in_opening and _only_nearby_towns(mentions, towns)), towns


# "In the crowded neighborhood of Kasulo": a part of the story's town, whatever town abroad
# the gazetteer knows by its name (Kasulo, Tanzania under a KOLWEZI, Congo dateline).
_PARTS = frozenset("neighbourhood neighborhood suburb township quarter borough".split())


def _without_parts_of_towns(tokens: list[Token], in_opening: list[Mention]) -> list[Mention]:
    return [m for m in in_opening if not (m.first >= 2 and tokens[m.first - 1].key == "of"
                                          and tokens[m.first - 2].key in _PARTS)]


def _without_foreign_actors(in_opening: list[Mention]) -> list[Mention]:
    """ "KYIV, Ukraine — A Russian drone slammed into an apartment block": another country's
    nationality beside the opening's towns is an actor's, not a wider scene, when the opening
    names the towns' country too (else "Otta" in a Norwegian story may be Nigeria's). The towns'
    own ("CAIRO — Egyptian authorities raised fuel prices") may make the story national."""
    towns = frozenset(c for m in in_opening if m.place.kind == "city" or (m.place.kind == "region" and m.place.spots)
                      for c in m.place.countries)
    countries = [m.place.countries for m in in_opening if m.place.kind in ("country", "demonym")]
    if not any(named & towns for named in countries):
        return in_opening
    return [m for m in in_opening if not (m.place.kind == "demonym" and not m.place.countries & towns)]


# Who sits in a capital: "the central government in Madrid said", "the regime in Tehran". Its
# officials or authorities may be the scene's ("officials in Kathmandu said counting went on").
_SEATED = frozenset("government governments ministry ministries regime leadership".split())


def seats_of_government(tokens: list[Token], mentions: list[Mention]) -> frozenset[str]:
    """A country's capital the story names only as where a government sits: an actor (Madrid
    under a wildfire in Extremadura), no town of the story to measure a caption's from."""
    capitals = set(gazetteer().capitals.values())
    seats, elsewhere = set(), set()
    for m in mentions:
        if m.place.kind in ("city", "region") and name_key(m.text) in capitals:
            (seats if _after_a_government(tokens, m.first) else elsewhere).add(m.text)
    return frozenset(seats - elsewhere)


def _after_a_government(tokens: list[Token], first: int) -> bool:
    return (first >= 2 and tokens[first - 1].key == "in" and tokens[first - 2].key in _SEATED
            and tokens[first].joins_prev and tokens[first - 1].joins_prev)


def _story_towns(mentions: list[Mention], explicit: frozenset[str],
                 home: frozenset[str]) -> dict[str, tuple[Spot, ...]]:
    return {m.text: _town_spots(m, explicit, home) for m in mentions if m.place.kind in ("city", "region")}


def _is_local(tokens: list[Token], mentions: list[Mention], in_opening: list[Mention],
              home: frozenset[str], towns: dict[str, tuple[Spot, ...]]) -> bool:
    """A story about one place: it opens on a town of one country and names no wider area. A
    state or province of that country ("DAYTON, Ohio") says where its towns are; only an
    opening town without a point to measure from makes the story too wide to measure. A story
    whose other places all lie outside its opening's country opened on something else ("Lassa
    fever" is no trip to Lhasa)."""
    return (_opens_on_a_town(tokens, in_opening) and len(home) <= 1
            and not any(m.place.kind in ("continent", "area") for m in mentions)
            and all(towns[m.text] for m in in_opening if m.place.kind == "city")
            and _later_places_near_home(tokens, mentions, in_opening, home))


def _names_a_facility(tokens: list[Token], m: Mention) -> bool:
    """ "Santa Lucia railway station", "the Rialto Bridge": a part of the story's town by its
    name, not a town abroad that shares it."""
    return any(t.key in TOWN_FACILITIES for t in tokens[m.end:m.end + 2] if t.joins_prev)


def headline_region(tokens: list[Token], in_opening: list[Mention], headline_end: int) -> bool:
    """ "Alberta teachers walk out as province-wide strike shuts schools", "Frost scorches
    coffee farms in Minas Gerais": a state or province the headline names for itself, not to
    say where its town is ("Dayton, Ohio"), is the story's reach, and its towns lie hundreds of
    kilometres apart. The first sentence names one to say where its town is ("the capital of
    Rio Grande do Sul"). A city that is a region of its own ("Bristol", "Berlin") has a point,
    and is a town here."""
    return any(m.place.kind == "region" and not m.place.spots and tokens[m.first].start < headline_end
               for m in _unqualifying(tokens, in_opening))


def headline_country_alone(tokens: list[Token], in_opening: list[Mention], headline_end: int) -> bool:
    """ "Prabowo claims victory in Indonesia's presidential election": the story is about the
    country as a whole, whatever provinces its body names; unless its first sentence names one
    region of it, where the news happens ("Mount Semeru, the highest volcano on Indonesia's
    main island of Java, erupted")."""
    kinds = {m.place.kind for m in in_opening if tokens[m.first].start < headline_end}
    regions = {m.place.name for m in in_opening if tokens[m.first].start >= headline_end and m.place.kind == "region"}
    return "country" in kinds and not kinds & {"city", "region"} and len(regions) != 1


def _later_places_near_home(tokens: list[Token], mentions: list[Mention], in_opening: list[Mention],
                            home: frozenset[str]) -> bool:
    """Some place named after the opening is in the opening's country, or fewer than two towns
    or regions abroad are: countries named later are where people go, trade or give from
    ("losing skilled workers to Australia" in an Auckland story, the donors of a vaccination
    drive in Goma), not proof that the opening was misread as it was in "Lassa fever" (Edo,
    Ondo and Bauchi)."""
    opened_on = {fold(m.text) for m in in_opening}
    later = [m.place for m in mentions if fold(m.text) not in opened_on
             and m.place.kind not in ("continent", "area") and not _names_a_facility(tokens, m)]
    if any(place.countries & home for place in later):
        return True
    return len({p.name for p in later if p.kind in ("city", "region")}) < 2


def _headline_town(tokens: list[Token], in_opening: list[Mention], headline_end: int) -> Mention | None:
    """A town the headline is about: the first sentence puts its news in it ("Large parts of
    Chennai remained under water", "began carrying passengers in Hanoi", "in Kenya's
    capital") or the headline does ("rally in central Bangkok"), and the headline names no
    other country. A capital that stands for its government ("Beijing hits back") is not put
    "in" anywhere by the sentence after it; "Mayor of Kyiv" or "from Mariupol" is no scene."""
    headline = [m for m in in_opening if tokens[m.first].start < headline_end]
    # A small town may be a word of the headline ("Lassa fever"): only a city of note counts, or
    # a province known by its city's name and point ("Istanbul", "Tokyo").
    towns = [m for m in headline if (m.place.kind == "city" or m.place.kind == "region" and m.place.spots)
             and m.place.prominent and len(m.place.countries) == 1]
    if not towns:
        return None
    town = towns[0]
    # "Congo" may be either Congo: it is the town's own when one of its readings is.
    foreign = [m for m in headline if m.place.kind in ("country", "demonym", "continent", "area")
               and not m.place.countries & town.place.countries]
    sentence = [m for m in in_opening if tokens[m.first].start > headline_end]
    # "NAIROBI, Kenya (AP) — Floodwaters swept through settlements in Kenya's capital": its epithet.
    epithets = [m for m in sentence if m.place.countries & town.place.countries
                and _an_epithet(m, tokens, frozenset({name_key(town.text)}))]
    in_sentence = [m for m in sentence if fold(m.text) == fold(town.text)] + epithets
    put_there = any(after_locative(tokens, m.first) and not tokens[m.first].text.isupper() for m in in_sentence)
    # "Thai protesters defy emergency decree, rally in central Bangkok": the headline says it.
    put_there = put_there or after_locative(tokens, town.first, _SCENE_LOCATIVES)
    return town if put_there and not foreign else None


def _only_nearby_towns(mentions: list[Mention], towns: dict[str, tuple[Spot, ...]]) -> bool:
    """A story that opens on no place but names several towns of one country, all close to one
    another, and nothing wider: the tram strike told by its stops (Bury, Altrincham, Eccles)."""
    named = {fold(m.text): towns.get(m.text, ()) for m in mentions if m.place.kind in ("city", "region")}
    countries = {c for m in mentions for c in m.place.countries}
    if len(named) < _NEARBY_TOWNS or len(countries) != 1 or not all(named.values()):
        return False
    return all(nearest_km(one, other) <= LOCAL_SPREAD_KM for one, other in combinations(named.values(), 2))


def _town_spots(m: Mention, explicit: frozenset[str], home: frozenset[str]) -> tuple[Spot, ...]:
    """Where a town of the story is, in the country its opening is set in ("Halifax" beside
    "Dartmouth" is in Canada). A later town the gazetteer knows only abroad ("Thane, Sion and
    Kurla" under a MUMBAI dateline: Sion in Israel, Kurla in China) is more likely a local
    place it does not list than a trip abroad: it gives no point and does not widen the story.
    A town of a country the story names, known there by another spelling, is that one:
    "LEGAZPI, Philippines" is the Philippine city (GeoNames: Legaspi), not Madrid's Legazpi."""
    place = m.place
    if m.town:  # "CRANBERRY PORTAGE, Man.": a small town, by the small-town list of its province's country
        return town_points(m.town, place)
    if explicit and not place.countries & explicit:
        # "Keswick" beside Cumbria under a British story is Keswick, Cumbria (5,000 people),
        # which only the small-town list holds, not the Ontario town of that name.
        key = name_key(m.text)
        known = tuple((lat, lon) for country, lat, lon in gazetteer().points_known_as(key) if country in explicit)
        if not known and place.kind == "city" and not place.prominent:  # the small towns load only here
            small = tuple((lat, lon) for country, lat, lon in small_towns().get(key, ()) if country in explicit)
            known = small if len(small) == 1 else ()  # one small town of that name there: several would be a guess
        if known:
            return known
    if home and not place.countries & (explicit | home):
        return ()
    return spots_in(place, (place.countries & explicit) or (place.countries & home) or place.countries)


def _opens_on_a_town(tokens: list[Token], in_opening: list[Mention]) -> bool:
    """The headline and first sentence name a town or city and no country or nationality, but
    for one that only says where a town is ("RECIFE, Brazil")."""
    kinds = [m.place.kind for m in _unqualifying(tokens, in_opening)]
    return any(kind in ("city", "region") for kind in kinds) and not any(
        kind in ("country", "demonym") for kind in kinds)


def _unqualifying(tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """The places named for themselves, not to say where a town of theirs is."""
    towns = frozenset(name_key(m.text) for m in mentions if m.place.kind in ("city", "region"))
    return [m for m, before in zip(mentions, [None, *mentions]) if not _qualifies(m, before, tokens, towns)]


def _qualifies(m: Mention, before: Mention | None, tokens: list[Token], towns: frozenset[tuple[str, ...]]) -> bool:
    """The ", Brazil" or ", Ohio" right after a town, or a country that only names a town's
    standing ("Kenya's capital", "the Vietnamese capital", "India's financial capital", "one of
    Canada's tightest rental markets")."""
    after_a_town = (before is not None and before.end == m.first and not tokens[m.first].joins_prev
                    and before.place.kind in ("city", "region") and m.place.kind in ("country", "region"))
    return after_a_town or _an_epithet(m, tokens, towns) or in_a_comparison(m, tokens, ("country",))


def _an_epithet(m: Mention, tokens: list[Token], towns: frozenset[tuple[str, ...]]) -> bool:
    """A plain "Kenya's capital" is an epithet only beside the capital itself: in a Goma story,
    "rebels threatened Congo's capital" names another city, which it does not write."""
    if m.place.kind not in ("country", "demonym"):
        return False
    after = tokens[m.end:m.end + _EPITHET_WORDS]
    for token in after:
        if token.cap or not token.joins_prev:
            return False
        if token.key in _TOWN_WORDS:
            plain_capital = token.key == "capital" and token is after[0]
            return not plain_capital or any(gazetteer().capitals.get(c) in towns for c in m.place.countries)
    return False


def after_locative(tokens: list[Token], first: int, locatives: frozenset[str] = LOCATIVES) -> bool:
    """ "in Syria", "in northern Syria", "in southern Turkey and northern Syria"."""
    j, listed = first - 1, False
    while j >= 0 and first - j <= 6:
        key = tokens[j].key
        if key in locatives:
            return True
        joined = tokens[j + 1].joins_prev  # no comma or full stop in between
        if not joined or not (key in _SCENE_FILLERS or key == "and" or (listed and tokens[j].cap)):
            return False
        listed = listed or key == "and"
        j -= 1
    return False


def spots_in(place: Place, countries: frozenset[str]) -> tuple[Spot, ...]:
    return tuple((lat, lon) for country, lat, lon in place.spots if country in countries)
