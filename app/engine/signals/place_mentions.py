"""Place names in text: the longest gazetteer match over capitalised words. Towns the gazetteer
does not know, read by the state or province written after them, are in town_mentions.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.gazetteer import Gazetteer, Place, gazetteer
from app.engine.place_tokens import FUNCTION_WORDS, Token, name_key, tokenize
from app.engine.small_towns import small_towns

_ACRONYM_LETTERS = 3  # capitals this short are initials; datelines write towns longer ("ROME")
# "Terreiro do Paço", "Praça da Sé", "Schloss von Berg": a town after one of these and a name
# is the end of a longer name. English "of" is left out: "the port of Hamburg" is in Hamburg.
_NAME_PARTICLES = frozenset("do da das dos de del della di du des van von der den".split())
# "South Brisbane", "West Philadelphia": a part of the city, not a name that contains it.
_POINTS = ("north", "south", "east", "west")
COMPASS = frozenset(_POINTS) | {f"{point}ern" for point in _POINTS} | {"central"}
# "Metro Manila", "Greater Bangkok": a city with its suburbs, not a name that holds a city's.
_METRO_AREA = frozenset({"metro", "greater"})
DIRECTIONS = _POINTS + tuple(f"{a}{b}" for a in _POINTS[:2] for b in _POINTS[2:])  # "northeast"
# "Oxford Street", "Lion Street", "Oxford Row": a town's name that opens a street's is the street, even in a
# Title Case line where capitals say nothing else.
_STREET_HEADS = frozenset(
    "street st road rd avenue ave lane boulevard blvd drive highway square terrace crescent alley "
    "row way place close mews parade walk quay parkway".split())
# "the Sydney CBD", "Nairobi CBD": the city's central business district, not a longer name.
_CITY_CENTRE = frozenset({"cbd"})
SAINTS = frozenset("san santa santo sant sao são saint st sainte ste sankt".split())
# "Ondo State", "Hubei Province": what a region is, written as part of its name.
_REGION_HEADS = frozenset("state province region oblast prefecture governorate".split())
# "The church of San Pablo", "the National University of San Marcos" (in Lima)
_DEDICATED = frozenset("church chapel basilica cathedral parish monastery convent abbey shrine "
                       "university college school hospital".split())
# "the goddess Durga", "the rapper Drake": a lowercase word for what someone is, then their name.
_BEINGS = frozenset("god goddess deity saint prophet guru singer rapper actor actress poet".split())


@dataclass(frozen=True)
class Mention:
    place: Place
    text: str
    first: int  # token index
    end: int  # token index, exclusive
    embedded: bool  # part of a longer capitalised name ("Andrés Molina", "Washington Post")
    after_name: bool = False  # right after a capitalised word, even one opening a sentence
    possessive: bool = False  # "Spain's": names whose something, not where the photo is
    town: str = ""  # "Hershey" of "Hershey, Pa.": a US state written after its town


def name_end(tokens: list[Token], end: int) -> int:
    """Where the capitalised name going on from `end` stops ("Toronto Pearson International
    Airport", "Berlin Marathon")."""
    while end < len(tokens) and tokens[end].cap and tokens[end].joins_prev:
        end += 1
    return end


def opens_sentence_as_word(m: Mention, tokens: list[Token]) -> bool:
    """ "Most residents ...", "Green councillor ...": a small place named like a common word,
    alone, opening a sentence or a Title Case line. A possessive ("Ashford's") is a name, and so
    is a dateline in capitals ("LEGAZPI, Philippines")."""
    single = m.end - m.first == 1 and not m.possessive
    opening = tokens[m.first].initial or tokens[m.first].titled
    dateline = tokens[m.first].text.isupper() and len(tokens[m.first].text) > 2
    return single and not m.place.prominent and opening and not dateline


def _match_at(tokens: list[Token], i: int, gz: Gazetteer) -> tuple[Place, int] | None:
    tok = tokens[i]
    if not tok.cap:
        return None
    letters = tok.text.replace(".", "")
    if letters.isupper() and letters in gz.abbreviations:
        return gz.abbreviations[letters], i + 1
    end = i + 1
    while end < len(tokens) and end - i < gz.max_tokens and tokens[end].joins_prev:
        end += 1
    # "ITO", "BKC": an acronym, not Itō; but a dateline's "SAN DIEGO", "NEW YORK", "LOS ANGELES"
    # opens a name written in capitals throughout.
    acronym = letters.isupper() and len(letters) <= _ACRONYM_LETTERS
    for stop in range(end, i + 1 if acronym else i, -1):
        if acronym and not all(t.text.replace(".", "").isupper() for t in tokens[i:stop]):
            continue
        place = gz.lookup(tuple(t.key for t in tokens[i:stop]))
        if place is not None and tokens[stop - 1].cap:
            return place, stop
    return None


def _is_name_word(tok: Token) -> bool:
    return tok.cap and not tok.titled and tok.key not in FUNCTION_WORDS


def _beside(tokens: list[Token], j: int, step: int, gz: Gazetteer) -> Token:
    """The word next to a place; across "&" when that word is no place itself, since it then
    joins a company's name ("Pratt & Whitney"), not a list of places ("Kenya & Uganda")."""
    if tokens[j].text != "&" or not 0 <= j + step < len(tokens):
        return tokens[j]
    other = tokens[j + step]
    joined = other.joins_prev if step > 0 else tokens[j].joins_prev
    return other if joined and gz.lookup((other.key,)) is None else tokens[j]


def find_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    """Longest gazetteer matches over capitalised tokens of `text`, left to right."""
    gz, found, i = gazetteer(), [], 0
    while i < len(tokens):
        hit = _match_at(tokens, i, gz)
        if hit is None:
            i += 1
            continue
        place, end = hit
        end += _called_a_city(tokens, place, i, end)
        prev = _beside(tokens, i - 1, -1, gz) if i and tokens[i].joins_prev else None
        nxt = _beside(tokens, end, 1, gz) if end < len(tokens) and tokens[end].joins_prev else None
        raw = text[tokens[i].start : tokens[end - 1].end]
        span = re.sub(r"['’]s$", "", raw)
        next_to_place = bool(found) and found[-1].end == i and not found[-1].embedded
        after_name = (prev is not None and _is_name_word(prev) and not next_to_place
                      and prev.key not in _METRO_AREA)
        before = after_name and prev is not None and not prev.initial and prev.key not in COMPASS
        after = (nxt is not None and span == raw and (_is_name_word(nxt) or _opens_a_street(tokens, end))
                 and not _called_a_region(tokens, place, end) and nxt.key not in _CITY_CENTRE)
        embedded = place.kind in ("city", "region", "country") and (
            before or after or _ends_a_name(tokens, i) or opens_a_longer_name(tokens, end)
            or _names_an_institution(tokens, place, i, end) or _dedication(tokens, i)
            or _a_feature_after_the(tokens, place, i) or _named_being(tokens, i) or _names_a_river(tokens, end))
        if tokens[i].text.replace(".", "").isupper():  # "US Capitol", "UK Parliament"
            embedded = before
        embedded = embedded or _names_a_currency(tokens, end)
        found.append(Mention(place, span, i, end, embedded, after_name, span != raw))
        i = end
    return found


_CURRENCIES = frozenset({"dollar", "dollars"})


def _names_a_currency(tokens: list[Token], end: int) -> bool:
    """ "U.S. dollar banknotes", "Hong Kong dollars": the place names a money, not where the
    photo is."""
    return end < len(tokens) and tokens[end].joins_prev and tokens[end].key in _CURRENCIES


def _called_a_city(tokens: list[Token], place: Place, i: int, end: int) -> bool:
    """ "in Surigao City", "in Tagum City": a town the gazetteer knows, written with "City" as
    its own name says. Only after "in" or "near": "Manchester City" and "Leicester City" are
    most often football clubs, which a caption does not say the photo is "in"."""
    if place.kind != "city" or i == 0 or tokens[i - 1].key not in _IN_A_TOWN or end >= len(tokens):
        return False
    city = tokens[end]
    follows = end + 1 < len(tokens) and tokens[end + 1].joins_prev and _is_name_word(tokens[end + 1])
    return city.text == "City" and city.joins_prev and not follows


_IN_A_TOWN = frozenset({"in", "near"})


def _opens_a_street(tokens: list[Token], end: int) -> bool:
    """ "Oxford Street", "Cesar Chavez Street": the capitalised name going on from the town is
    a street's, whatever names come between. In a Title Case line, "In" or "On" ends it ("In
    Minneapolis On Lake Street")."""
    for token in tokens[end:name_end(tokens, end)]:
        if token.key in _STREET_HEADS:
            return True
        if token.key in FUNCTION_WORDS:
            return False
    return False


def _a_feature_after_the(tokens: list[Token], place: Place, i: int) -> bool:
    """ "downpours in the Andes tore through", "hikers in the Dolomites": a town of under
    100,000 after a lowercase "the" is most often a range, river or area named like it (Andes,
    a town of Colombia); so is a city's nickname ("smoke over the Acropolis", a name Little
    Rock goes by). A city of note keeps its reading ("the Lima metro")."""
    return (place.kind == "city" and (not place.prominent or place.nickname) and i > 0
            and tokens[i - 1].text == "the" and tokens[i].joins_prev and not _a_facility_at(tokens, i))


# Places a town has, named after it ("Bremerton station"); `places_story.LOCAL_HEADS` adds its bodies.
TOWN_FACILITIES = frozenset(
    "terminal station airport port harbour harbor bridge stadium arena hospital courthouse prison jail "
    "library museum".split())
# "the Bainbridge Island terminal", "the Bremerton ferry": a town's name before a facility of
# the town, not a range or river of that name.
_FACILITIES = TOWN_FACILITIES | frozenset(
    "ferry pier dock docks wharf marina campus market mall plant factory refinery".split())


def _a_facility_at(tokens: list[Token], i: int) -> bool:
    end = name_end(tokens, i + 1)
    return end < len(tokens) and tokens[end].key in _FACILITIES and not tokens[end].cap


def _names_a_river(tokens: list[Token], end: int) -> bool:
    """ "the Manning river", "the Macleay and Manning rivers", "the Niger river": a river named
    like a town or country, written with "river" in small letters."""
    if end + 2 < len(tokens) and tokens[end].key == "and" and tokens[end + 1].cap:
        return tokens[end + 2].key == "rivers" and not tokens[end + 2].cap
    return end < len(tokens) and tokens[end].key in _RIVERS and not tokens[end].cap


_RIVERS = frozenset({"river", "rivers", "creek"})


def _named_being(tokens: list[Token], i: int) -> bool:
    """ "an idol of the goddess Durga": the name of a god, saint or performer, not the town
    that shares it (Durg, in India)."""
    return i > 0 and not tokens[i - 1].cap and tokens[i - 1].key in _BEINGS and tokens[i].joins_prev


def _called_a_region(tokens: list[Token], place: Place, end: int) -> bool:
    """ "Idanre, Ondo State", "Wuhan, Hubei Province": the region, named with what it is. Not a
    US state: "Ohio State", "Michigan State" are universities and their teams."""
    head = tokens[end]
    closes = end + 1 >= len(tokens) or not (tokens[end + 1].joins_prev and _is_name_word(tokens[end + 1]))
    return place.kind == "region" and head.key in _REGION_HEADS and closes and "US" not in place.countries


def _ends_a_name(tokens: list[Token], i: int) -> bool:
    """ "Terreiro do Paço": a capitalised name, a particle, then the town's name."""
    return (i >= 2 and tokens[i - 1].key in _NAME_PARTICLES and not tokens[i - 1].cap
            and tokens[i - 1].joins_prev and tokens[i].joins_prev and _is_name_word(tokens[i - 2]))


def opens_a_longer_name(tokens: list[Token], end: int) -> bool:
    """ "Carmo de Minas", "Villa del Parque": a town, a particle, then a capitalised name is a
    longer name the gazetteer does not know, not the town."""
    return (end + 1 < len(tokens) and tokens[end].key in _NAME_PARTICLES and not tokens[end].cap
            and tokens[end].joins_prev and tokens[end + 1].cap and tokens[end + 1].joins_prev)


def _dedication(tokens: list[Token], i: int) -> bool:
    """ "The church of San Pablo": a saint a church, school or hospital is dedicated to, not a
    town named after one."""
    return (i >= 2 and tokens[i].key in SAINTS and tokens[i - 1].key == "of" and tokens[i].joins_prev
            and tokens[i - 1].joins_prev and tokens[i - 2].key in _DEDICATED)


def _names_an_institution(tokens: list[Token], place: Place, i: int, end: int) -> bool:
    """ "University of Chile", "Bank of Ireland": a small town named like a common noun, then
    "of" and a name, is an institution's name."""
    return (end - i == 1 and place.kind == "city" and not place.prominent and end + 1 < len(tokens)
            and tokens[end].key == "of" and tokens[end].joins_prev and tokens[end + 1].cap)


def comma_after(text: str, tokens: list[Token], i: int) -> bool:
    """Token i is followed by a comma and a space, then another token: "Stockholm, Sweden"."""
    return 0 <= i < len(tokens) - 1 and text[tokens[i].end : tokens[i + 1].start] == ", "


# "Woodburn, south of Lismore", "a village near Grójec", "10 km outside Kharkiv": the caption
# says where its place lies by another place.
_RELATIVE = re.compile(
    rf"\b(?:(?:{'|'.join(DIRECTIONS)})(?:\s+of)?|near|outside)"
    r"\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})")


def lies_by_one_of(caption: str, names: frozenset[str]) -> bool:
    """The caption places its scene by a town all of whose words are among `names` (folded):
    "Woodburn, south of Lismore" under a story that writes "Lismore". "Outside Parliament
    House" is by no town."""
    for match in _RELATIVE.finditer(caption):
        key = name_key(match.group(1))
        town = gazetteer().lookup(key) is not None or bool(small_towns().get(key))
        if town and all(t.key in names for t in tokenize(match.group(1))):
            return True
    return False


def comes_from(tokens: list[Token], m: Mention) -> bool:
    """ "Nuns from South Korea", "Tourists from the Netherlands", "an accountant from North
    York": where people come from."""
    first = m.first - 1 if m.first and tokens[m.first - 1].key in COMPASS else m.first
    before = [t.key for t in tokens[max(0, first - 2):first]]
    return tokens[first].joins_prev and (before[-1:] == ["from"] or before == ["from", "the"])


def a_person_s_home(tokens: list[Token], m: Mention) -> bool:
    """ "said Pedro Alves, a visitor from Porto": where a person the story quotes comes from,
    set off after their name; and "thousands of spectators, many from Mexico City": where some
    of a crowd come from. Not where the story happens."""
    first = m.first
    if not comes_from(tokens, m) or first < 2:
        return False
    if tokens[first - 2].key in _SOME_OF_THEM and not tokens[first - 2].joins_prev:
        return True
    return (first >= 3 and tokens[first - 3].key in ("a", "an")
            and not tokens[first - 3].joins_prev and not tokens[first - 2].cap)


_SOME_OF_THEM = frozenset({"many", "some", "most", "several", "others"})


def a_person_s_country(tokens: list[Token], m: Mention, places_at: frozenset[int],
                       family_names: frozenset[str]) -> bool:
    """ "Kenya's Kiprotich", "Brian Kiprotich of Kenya": a country that says whose a person is,
    not where the story happens ("Britain's Treasury", "Chile's Cerro Alto mine" are its own).
    `places_at`: the tokens where the text's places start; `family_names`: the text's, by
    `family_names`."""
    if m.place.kind != "country":
        return False
    # "Kenya's Kiprotich", as headlines write a person; with a first name the next two words may
    # be a place's ("Chile's Cerro Alto mine"), so only the family name alone is read.
    nxt = tokens[m.end] if m.end < len(tokens) else None
    if m.possessive and nxt is not None and nxt.joins_prev and nxt.key in family_names and m.end not in places_at:
        return True
    # "Brian Kiprotich of Kenya": a first name and a family name before it, not "Central Bank of Kenya"
    named = m.first >= 3 and all(tokens[i].cap and tokens[i].key not in _BODIES for i in (m.first - 3, m.first - 2))
    return (named and tokens[m.first - 1].key == "of" and tokens[m.first - 2].joins_prev
            and m.first - 2 not in places_at and m.first - 3 not in places_at)


def family_names(tokens: list[Token]) -> frozenset[str]:
    """The words a text writes after a capitalised first word, as a family name after a first
    name ("Brian Kiprotich"), folded; not after a body's word ("Central Bank"), "The" or a
    possessive ("Britain's Labour government")."""
    return frozenset(word.key for first, word in zip(tokens, tokens[1:])
                     if first.cap and word.cap and word.joins_prev and not first.text.isupper()
                     and not first.text.endswith(("'s", "’s")) and first.key not in _BODIES
                     and first.key not in FUNCTION_WORDS and word.key not in _BODIES)


# Words of a body's name that take "of" and a country: "the Central Bank of Kenya", "Republic of Korea".
_BODIES = frozenset(
    "bank republic university ministry government kingdom state states union council commission court church "
    "people president minister embassy parliament assembly federation league association institute museum "
    "college school city chamber board party army navy".split())


# "A member of the Marshall Islands delegation", "Brazil fans": a country's people, anywhere.
_ITS_PEOPLE = frozenset(
    "delegation delegations delegate delegates team squad fans supporters players athletes embassy "
    "consulate pavilion contingent negotiators diplomats troops soldiers forces navy army".split())


def names_its_people(tokens: list[Token], m: Mention) -> bool:
    """A country's name before its delegation, team, fans or troops says whose they are, not
    where the photo is: "A member of the Marshall Islands delegation wipes her eyes" at COP28."""
    nxt = tokens[m.end] if m.end < len(tokens) else None
    return (m.place.kind == "country" and nxt is not None and nxt.joins_prev and not nxt.cap
            and nxt.key in _ITS_PEOPLE)


_KIN = frozenset("family families relatives parents mother father wife husband son sons daughter daughters "
                 "children brother brothers sister sisters grandparents grandmother grandfather "
                 "fiancee fiance partner friends loved".split())
_THEIR = frozenset("his her their my our your".split())
_GOES_TO = frozenset("visit visits visited visiting join joins joined joining reunite reunites reunited".split())


def a_relative_s_place(tokens: list[Token], m: Mention) -> bool:
    """ "calls his family in Port Vila", "sends money to her parents in Manila": where a person's
    relatives are, far from the camera, unless the person goes to them ("visits his family in")."""
    first = m.first
    if first < 3 or tokens[first - 1].key != "in" or not tokens[first - 1].joins_prev:
        return False
    kin = first - 2
    if tokens[kin].key == "ones" and tokens[kin - 1].key == "loved":
        kin -= 1
    if tokens[kin].key not in _KIN or kin < 1 or tokens[kin - 1].key not in _THEIR:
        return False
    return not any(t.key in _GOES_TO for t in tokens[:kin])


def area_in_a_name(m: Mention, tokens: list[Token]) -> bool:
    """A continent or world region inside another name ("the future Portal Américas station") or
    as a town's epithet ("the Caribbean port of Cartagena", "the Mediterranean island of Crete"):
    the town is where the story goes, not the region."""
    if m.place.kind not in ("continent", "area"):
        return False
    if m.after_name and m.first and tokens[m.first - 1].key not in COMPASS:  # "Central Europe" is Europe
        return True
    after = tokens[m.end:m.end + _EPITHET_NOUNS + 2]
    for i, token in enumerate(after[:_EPITHET_NOUNS + 1]):
        if token.cap or not token.joins_prev:
            return False
        if token.key == "of":
            return i > 0 and i + 1 < len(after) and after[i + 1].cap and after[i + 1].joins_prev
    return False


_EPITHET_NOUNS = 2  # "port", "island", "coastal city"
