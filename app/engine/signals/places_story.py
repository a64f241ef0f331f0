"""Where a story happens: every place, state, country, continent and nationality it names,
read permissively, with the places of its events (its scene) told from places it names only
as actors, and whether it is a local story about one town (`places_locality.py`). Computed
once per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.engine.gazetteer import BLOCS, Place, gazetteer
from app.engine.place_tokens import Token, fold, name_key, tokenize
from app.engine.text import CAPITALS
from app.engine.signals.base import CheckContext
from app.engine.signals.place_mentions import (
    COMPASS, DIRECTIONS, TOWN_FACILITIES, Mention, a_person_s_country, a_person_s_home, area_in_a_name, comes_from,
    family_names, find_mentions, name_end, opens_sentence_as_word,
)
from app.engine.signals.town_mentions import towns_in_shortened_provinces, us_states_after_towns, without_overlaps
from app.engine.signals.people_found import known_name, name_parts
from app.engine.signals.place_rankings import in_a_comparison
from app.engine.signals.places_distance import Spot
from app.engine.signals.places_locality import (
    LOCATIVES, after_locative, headline_country_alone, headline_region, locality,
)

# A name that starts with a town and ends in one of these is somewhere in that town:
# "Toronto Pearson International Airport", "Des Moines Public Schools", "Leeds General Infirmary".
LOCAL_HEADS = TOWN_FACILITIES | frozenset(
    "infirmary zoo cathedral council police schools court hall clinic".split()
)
_COURT_RANKS = frozenset("superior supreme high district circuit federal".split())
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_NAME_JOINERS = frozenset("of for the on".split())
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@dataclass(frozen=True)
class ArticlePlaces:
    """Where a story locates itself, computed once per article."""

    names: tuple[str, ...]  # places as the story writes them, first mention order
    kinds: tuple[str, ...]  # the kind of each name (city, region, country, continent...)
    countries: frozenset[str]  # every candidate country of every place named
    core_countries: frozenset[str]  # the countries the story is most plausibly about
    continents: frozenset[str]  # continents the story names explicitly
    area_countries: frozenset[str]  # members of named continents and world regions
    words: frozenset[str]  # folded words of the story, to find a caption's place by name
    # Countries where the story's events happen: its towns and regions, and countries it puts
    # something "in". A country named only as an actor ("US envoy", "the US accused") is not.
    scene_countries: frozenset[str] = frozenset()
    scene_names: tuple[str, ...] = ()
    towns: tuple[tuple[str, tuple[Spot, ...]], ...] = ()  # towns and cities named, with their points
    # Its headline or opening sentence names a town and no country, and it names no wider area
    # or second country: a local story, measured by the distance of a caption's town.
    local: bool = False
    # It names places in its headline or first sentence, or more than once. A story that names
    # one country in passing ("weaker demand from China") may happen in a country it never
    # names: a caption elsewhere then asks for review, it decides nothing.
    anchored: bool = True
    opening_towns: tuple[str, ...] = ()  # towns and regions its headline or first sentence names
    acronyms: frozenset[str] = frozenset()  # organisations it names by initials: "IMF", "WHO", "UN"
    regional: bool = False  # its headline names a state or province: its towns may lie far apart
    # Countries its opening names with a compass word ("in southern Turkey", "central Philippines"):
    # it happens in one part of them.
    country_parts: frozenset[str] = frozenset()
    # Regions it calls a state or province ("Australia's Victoria state", "the state of
    # Victoria"), though a city shares the name.
    written_states: frozenset[str] = frozenset()
    national: bool = False  # its headline names a country and none of its towns or regions
    name_words: frozenset[str] = frozenset()  # parts of its capitalised words: a person's surname is found here
    pairs: frozenset[tuple[str, str]] = frozenset()  # folded words it writes side by side
    capitals: frozenset[tuple[str, ...]] = frozenset()  # its countries' capitals, when it says "the capital"
    placed_in: frozenset[str] = frozenset()  # places it puts something "in", "at", "near", "of" …

    @property
    def located(self) -> bool:
        return bool(self.names)

    def names_place(self, name: str) -> bool:
        """The story writes this place name, its words side by side ("Halls Gap"): "Mexico" and
        "city" apart do not name Mexico City."""
        tokens = tokenize(name)
        if tuple(t.key for t in tokens) in self.capitals:
            return True  # "office workers in the capital" of a Mexico story name Mexico City
        return (all(t.key in self.words for t in tokens)
                and all((a.key, b.key) in self.pairs for a, b in zip(tokens, tokens[1:])))

    def names_person(self, name: str) -> bool:
        """The story names this person, by `known_name`'s rule."""
        return known_name(name, self.name_words, self.words)


def story_places(ctx: CheckContext) -> ArticlePlaces:
    """The story's places, read once per check (the place, date, role and evidence code use them)."""
    return ctx.memo("story_places", lambda: analyse_article_places(ctx.prepared.full_text))


def analyse_article_places(article_text: str) -> ArticlePlaces:
    tokens = tokenize(article_text)
    # "Kejetia market, one of the largest in West Africa" is in Kumasi, not West Africa.
    mentions = _without_homes(tokens, [m for m in _article_mentions(article_text, tokens)
                                       if not in_a_comparison(m, tokens) and not area_in_a_name(m, tokens)])
    # An ambiguous town in a story that names one of its countries is that country's town:
    # "Athens" in a story about Greece is not also Athens, Georgia.
    explicit = {c for m in mentions if m.place.kind in ("country", "demonym") for c in m.place.countries}
    countries: set[str] = set()
    continents: set[str] = set()
    areas: set[str] = set()
    for m in mentions:
        if m.place.name in BLOCS:
            continue  # below: a bloc is where the story happens only when it opens on no country
        if m.place.kind in ("continent", "area"):
            areas |= m.place.countries
            continents |= m.place.continents if m.place.kind == "continent" else set()
        else:
            countries |= (m.place.countries & explicit) or m.place.countries
    named = dict((m.text, m.place.kind) for m in reversed(mentions))
    names = tuple(reversed(named))
    headline_end = article_text.find("\n") if "\n" in article_text else len(article_text)
    lede_end = _lede_end(article_text, headline_end)
    # Mentions run left to right, so those of the headline and first sentence come first.
    # "Kenya's Kiprotich wins Frankfurt Marathon": a runner's country is not where the story opens.
    places_at, people = frozenset(m.first for m in mentions), family_names(tokens)
    in_opening = _without_foreign_namesakes([m for m in mentions if tokens[m.first].start < lede_end
                                             and not a_person_s_country(tokens, m, places_at, people)])
    # The headline and first sentence say what the story is about: their places are its scene.
    in_headline = sum(tokens[m.first].start < headline_end for m in in_opening)
    scenes = _opening_scenes(in_opening, in_headline) + [m for m in mentions[len(in_opening):] if _is_scene(m, tokens)]
    scene_countries = frozenset(c for m in scenes for c in (m.place.countries & countries or m.place.countries))
    scene_names = tuple(dict.fromkeys(m.text for m in scenes if m.place.kind in ("city", "region")))
    areas |= _bloc_members(mentions, scenes)
    home = _core_countries([m.place for m in in_opening if m.place.kind not in ("continent", "area")])
    core = _core_countries([m.place for m in mentions if m.place.kind not in ("continent", "area")
                            and not _small_town_abroad(m.place, frozenset(explicit), home)])
    local, towns = locality(tokens, mentions, in_opening, home, frozenset(explicit), headline_end)
    anchored = bool(in_opening) or len(mentions) > 1
    opening_towns = tuple(dict.fromkeys(m.text for m in in_opening if m.place.kind in ("city", "region")))
    written_states = _written_states(tokens, mentions)
    # "Quezon province" is no point: not Quezon City, nor the towns called Quezon.
    towns = {name: () if name in written_states else spots for name, spots in towns.items()}
    return ArticlePlaces(
        names, tuple(named[n] for n in names), frozenset(countries), core,
        frozenset(continents), frozenset(areas), frozenset(t.key for t in tokens),
        scene_countries, scene_names, tuple(towns.items()), local, anchored, opening_towns,
        acronyms_in(tokens, mentions) | initials_of_names(tokens),
        regional=headline_region(tokens, in_opening, headline_end),
        country_parts=_country_parts(tokens, in_opening),
        written_states=written_states,
        national=headline_country_alone(tokens, in_opening, headline_end),
        name_words=name_parts(article_text),
        pairs=frozenset((a.key, b.key) for a, b in zip(tokens, tokens[1:]) if b.joins_prev),
        capitals=_capitals_said(tokens, scene_countries),
        placed_in=frozenset(m.text for m in mentions if after_locative(tokens, m.first)),
    )


_STATE_WORDS = frozenset({"state", "province", "region"})
_ITS_TOWNS = frozenset({"town", "city", "village", "county", "towns", "cities", "villages", "counties"})


def _country_parts(tokens: list[Token], in_opening: list[Mention]) -> frozenset[str]:
    """ "quakes in southern Turkey", "typhoon in the central Philippines": a country its opening
    puts a compass word before, as in "south-eastern" or "southeastern"; or one of its regions
    ("wildfires in Chile's central Valparaíso region")."""
    def compass(token: Token) -> bool:
        return token.key in COMPASS or token.key.removesuffix("ern") in DIRECTIONS

    return frozenset(c for m in in_opening if m.place.kind in ("country", "region") and m.first > 0
                     and compass(tokens[m.first - 1]) and tokens[m.first].joins_prev for c in m.place.countries)


def _written_states(tokens: list[Token], mentions: list[Mention]) -> frozenset[str]:
    """Regions the story writes as states or provinces, not as the city that shares the name:
    "Quezon province", "the state of Victoria", "the southern Oklahoma town of Ada"."""
    found = set()
    for m in mentions:
        after = tokens[m.end].key if m.end < len(tokens) and tokens[m.end].joins_prev else ""
        before = [t.key for t in tokens[max(0, m.first - 2):m.first]]
        called = after in _STATE_WORDS or (before[-1:] == ["of"] and before[0] in _STATE_WORDS)
        # "southern Oklahoma", "the Oklahoma town of Ada": a part of the state, a town in it
        its_town = after in _ITS_TOWNS and not tokens[m.end].cap  # not "Portland City Council"
        called = called or before[-1:] in ([f"{d}ern"] for d in DIRECTIONS) or its_town
        if m.place.kind == "region" and called:
            found.add(m.text)
    return frozenset(found)


def initials_of_names(tokens: list[Token]) -> frozenset[str]:
    """What a story's long names are called by their initials: "World Health Organization" is
    "WHO", "Office for the Coordination of Humanitarian Affairs" is "OCHA"."""
    found, run, pending = set(), [], 0
    for token in [*tokens, None]:
        joined = token is not None and token.joins_prev and bool(run)
        if _starts_or_continues(token) and (joined or not run):
            run.append(token.text[0])
            pending = 0
        elif token is not None and joined and token.key in _NAME_JOINERS and pending < 2:
            pending += 1
        else:
            if len(run) >= 2:
                found.add("".join(run).upper())
            run, pending = ([token.text[0]] if _starts_or_continues(token) else []), 0
    return frozenset(found)


def _starts_or_continues(token: Token | None) -> bool:
    """A capitalised word of a name: not "The" opening a sentence, not initials themselves."""
    return token is not None and token.cap and not token.text.isupper() and token.key not in _NAME_JOINERS


def acronyms_in(tokens: list[Token], mentions: list[Mention]) -> frozenset[str]:
    """Initials that are not places ("IMF", "U.N.", "WHO", but not "US" or a dateline's "ROME")."""
    placed = {i for m in mentions for i in range(m.first, m.end)}
    found = set()
    for i, token in enumerate(tokens):
        letters = token.text.removesuffix("'s").removesuffix("’s").replace(".", "")
        if i not in placed and _ACRONYM.fullmatch(letters) and gazetteer().lookup(name_key(letters)) is None:
            found.add(letters)
    return frozenset(found)


def _bloc_members(mentions: list[Mention], scenes: list[Mention]) -> set[str]:
    """ "The European Union's AI Act entered into force": a story about a bloc may show any
    member. "Polish farmers protest against European Union rules" happens in Poland."""
    if any(m.place.kind not in ("continent", "area") for m in scenes):
        return set()
    return {c for m in mentions if m.place.name in BLOCS for c in m.place.countries}


def _lede_end(text: str, headline_end: int) -> int:
    """Where the story's headline and first sentence end; the full stop of a dateline's
    abbreviation ("THUNDER BAY, Ont. (The Canadian Press) —") ends neither."""
    dateline = _DATELINE.match(text, headline_end + 1)
    sentence_end = _SENTENCE_END.search(text, dateline.end() if dateline else headline_end + 1)
    return sentence_end.end() if sentence_end else len(text)


# "ACCRA, Ghana (AP) —", "LONDON (Reuters) -", and as Xinhua and Antara write it, "LUMAJANG,
# Indonesia, Feb. 10 --" (whose "Feb." ends no sentence).
_DATELINE = re.compile(rf"\s*[{CAPITALS}][{CAPITALS} .'’-]{{2,}},[^\n—–]{{0,60}}?(?:—|–|\s--?\s)")


def _opening_scenes(in_opening: list[Mention], in_headline: int) -> list[Mention]:
    """The opening's places, less a people's adjective of its first sentence once that opening
    names a country outright: "floods in Bangladesh ... rain in the hills across the Indian
    border" happen in Bangladesh, and "KYIV, Ukraine — Russian missiles struck" in Ukraine. The
    headline's own ("Afghan peace talks resume in Doha") says whom the story is about."""
    named = {c for m in in_opening if m.place.kind == "country" and not m.possessive for c in m.place.countries}
    return [m for i, m in enumerate(in_opening)
            if i < in_headline or m.place.kind != "demonym" or not named or m.place.countries & named]


def _is_scene(m: Mention, tokens: list[Token]) -> bool:
    """A town or region the story names is somewhere it goes; a country only when it is the
    place of something ("in Afghanistan", "the invasion of Afghanistan")."""
    if m.place.kind in ("city", "region"):
        return not m.possessive
    return m.place.kind == "country" and not m.possessive and after_locative(tokens, m.first)


def _article_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    mentions = us_states_after_towns(text, tokens, mentions_with_local_bodies(text, tokens))
    mentions = without_overlaps(mentions, towns_in_shortened_provinces(text, tokens, mentions))
    # A town name the story uses inside a longer name, and never after "in", "at"... or as its
    # dateline ("CHRISTCHURCH — ... the Christchurch Metro final"), is a surname ("Hillary
    # Clinton ... Clinton said"), not a place. A city of 100,000+ opening a longer name is the
    # city's own body ("Sydney Trains said"), no surname: "Sydney's train network" stays.
    located = {fold(m.text) for m in mentions
               if (m.first and tokens[m.first - 1].key in LOCATIVES) or _in_capitals(m, tokens)}
    surnames = {fold(m.text) for m in mentions
                if m.after_name or (m.embedded and not m.place.prominent)} - located
    inside = {
        fold(m.text) for m in mentions if not (tokens[m.first].initial or tokens[m.first].titled)
    }
    return [
        m for m in mentions
        if not m.embedded
        and not (m.place.kind == "city" and fold(m.text) in surnames)
        and not (opens_sentence_as_word(m, tokens) and fold(m.text) not in inside)
    ]


def _in_capitals(m: Mention, tokens: list[Token]) -> bool:
    """ "CHRISTCHURCH —", "PAIPORTA, Spain": a town in capitals is a dateline, not a name."""
    return not m.embedded and all(t.text.isupper() and len(t.text) > 2 for t in tokens[m.first:m.end])


def mentions_with_local_bodies(text: str, tokens: list[Token], heads: frozenset[str] = LOCAL_HEADS) -> list[Mention]:
    """Every place mention, a town that opens the name of a local body in it counted as a place."""
    return [replace(m, embedded=False) if _names_a_local_body(m, tokens, heads) else m
            for m in find_mentions(text, tokens)]


def _names_a_local_body(m: Mention, tokens: list[Token], heads: frozenset[str]) -> bool:
    """A town opening a longer name of a place or public body in it ("Toronto Pearson
    International Airport"): the story goes there, though the town is part of a name."""
    if not m.embedded or m.after_name or m.place.kind not in ("city", "region"):
        return False
    if m.end - m.first == 1 and tokens[m.first].key in _COURT_RANKS:
        return False  # "Superior Court", a court of its rank, not of Superior, Wisconsin
    return tokens[name_end(tokens, m.end) - 1].key in heads


def _without_foreign_namesakes(in_opening: list[Mention]) -> list[Mention]:
    """ "TORONTO — … a fire in a house in Scarborough": a small town shared by several countries,
    none of them the country of the opening's unambiguous places, is a district the gazetteer
    does not know (Scarborough, Toronto), not a trip to Yorkshire."""
    sure = {c for m in in_opening if len(m.place.countries) == 1 for c in m.place.countries}
    return [m for m in in_opening if not (sure and m.place.kind == "city" and not m.place.prominent
                                          and len(m.place.countries) > 1 and not m.place.countries & sure)]


def _capitals_said(tokens: list[Token], countries: frozenset[str]) -> frozenset[tuple[str, ...]]:
    """The capitals of the countries where the story happens, by name, when it writes
    "capital": not of a country it names only as an actor ("US special envoy")."""
    if not any(t.key == "capital" for t in tokens):
        return frozenset()
    return frozenset(gazetteer().capitals[c] for c in countries if c in gazetteer().capitals)


def _without_homes(tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """The story's places without where the people it quotes come from ("a visitor from Porto,
    Portugal", the country that says where that town is included), or a crowd of it comes from
    a continent or world region ("its fame among visitors from East Asia")."""
    kept: list[Mention] = []
    home_end = -1
    for m in mentions:
        from_a_region = m.place.kind in ("continent", "area") and comes_from(tokens, m)
        if from_a_region or a_person_s_home(tokens, m) or (m.first == home_end and not tokens[m.first].joins_prev):
            home_end = m.end
            continue
        kept.append(m)
    return kept


def _small_town_abroad(place: Place, explicit: frozenset[str], home: frozenset[str]) -> bool:
    """ "Eskom's Kendal power station" under a JOHANNESBURG story: a small town the gazetteer
    knows only in a country the story never names (Kendal, England) is more likely a local place
    it does not list than what the story is about."""
    return (place.kind == "city" and not place.prominent and bool(explicit)
            and not place.countries & explicit and bool(home - place.countries))


def _core_countries(places: list[Place]) -> frozenset[str]:
    """Unambiguous places first; an ambiguous one adds what agrees with them, else its likeliest."""
    core = {c for p in places if len(p.countries) == 1 for c in p.countries}
    for p in places:
        if len(p.countries) > 1:
            core |= (p.countries & core) or ({p.primary} if p.primary else p.countries)
    return frozenset(core)
