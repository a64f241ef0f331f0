"""Where a caption puts its photo: a country or continent, or a city or region introduced by a
locative word ("in central Stockholm") or qualified as "Fort Myers, Florida", read strictly so
that a surname or a word that happens to be a town elsewhere places nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.engine.gazetteer import BLOCS, Place, gazetteer
from app.engine.place_tokens import Token, name_key, tokenize
from app.engine.signals.place_mentions import (
    COMPASS, SAINTS, Mention, a_relative_s_place, comes_from, comma_after, name_end, names_its_people,
    opens_sentence_as_word,
)
from app.engine.signals.town_mentions import (
    abbreviated_region_at, as_town_in_region, as_us_state, small_towns_in_state, town_points,
    towns_in_shortened_provinces, towns_in_us_states, us_state_at, without_overlaps,
)
from app.engine.signals.people_found import TITLE_WORDS
from app.engine.signals.places_distance import Spot
from app.engine.signals.places_locality import LOCATIVES, from_a_viewpoint, spots_in
from app.engine.signals.places_story import LOCAL_HEADS, mentions_with_local_bodies
from app.engine.small_towns import small_towns

_LOCATIVE_WINDOW = 3  # "in central Stockholm", "on the outskirts of Cairns"
_VENUE_WORDS = 6  # "at the Teatro Municipal of Lima, Peru"
_ALWAYS_LOCATED = ("country", "continent", "area")
_DISTRICT_WORDS = 3  # the name of a district between a town and its state: "Idukki district"
# A caption at "Kozhikode Medical College" is in Kozhikode. Stories are not read so: "Boston
# University researchers" do not make a science story local to Boston.
# "the Berlin Marathon", "the Cannes Film Festival", "the Monaco Grand Prix": an event named
# after its town takes place there, and a caption "during" it is set there.
_EVENT_HEADS = frozenset("marathon olympics games festival carnival prix".split())
_CAPTION_LOCAL_HEADS = LOCAL_HEADS | _EVENT_HEADS | {"college", "university"}
# A caption's "on" is where its scene is ("on Bali", "on Ho Chi Minh City's metro line"); a
# story's is as often a target ("sanctions on Moscow").
# "after a tornado struck Rolling Fork, Miss.": what strikes a town leaves the scene there.
_STRUCK = frozenset("struck hit ravaged battered lashed pummeled pummelled devastated flooded swamped".split())
_CAPTION_LOCATIVES = LOCATIVES | {"on"} | _STRUCK

# Words after a name that make it a part of a town: a station ("Waterloo station") or a
# district ("the Almagro neighbourhood" of Buenos Aires, not Almagro in Spain).
_PARTS_OF_A_TOWN = {
    "station": "station", "stations": "station", "neighbourhood": "district",
    "neighborhood": "district", "suburb": "district", "quarter": "district", "barrio": "district",
}
# An administrative area is often named after a town, and shares the name with towns elsewhere
# that the gazetteer knows better; it places the photo only where the caption's state or
# country says ("in Kullu district, Himachal Pradesh").
_ADMIN_AREAS = frozenset(
    "district subdistrict regency prefecture municipality governorate taluk tehsil county division".split())
_WORSHIP = frozenset("church chapel basilica parish monastery convent shrine".split())
_LOCAL_OFFICE = frozenset("city mayor mayoral council councillor councillors councilor councilors".split())


@dataclass(frozen=True)
class CaptionPlace:
    name: str  # "Stockholm, Sweden"
    kind: str
    parts: tuple[str, ...]  # ("Stockholm", "Sweden")
    countries: frozenset[str]
    continents: frozenset[str]
    spots: tuple[Spot, ...] = ()  # where a town may be, in its likely countries
    # A country, region or city of 100,000+, or a town qualified by its country or state. A
    # small town alone may be a district of the story's own city that shares a foreign town's
    # name (Sheffield's Hillsborough): it asks for review, never decides a mismatch (and under
    # a story about one city, a town abroad of under a million is no finding at all).
    specific: bool = True
    # "outside Waterloo station" (London's): a station is as often named after a faraway town or
    # battle as after the town it is in, so it places the photo only in the story's country
    # ("Howrah station" under a Mumbai story is still in Howrah, 1,650 km away). "In the Mount
    # Pleasant neighbourhood" is a district of the story's own city, never the town it is
    # named after: it places the photo nowhere else.
    names_a_part: str = ""  # "station", "district", "dedication" (a saint's church) or ""
    state: Place | None = None  # the state or province that qualifies a town: "Wis." in "Gays Mills, Wis."


def caption_places(caption: str) -> list[CaptionPlace]:
    """Where a caption puts its photo: countries, continents, cities or regions in context."""
    tokens = tokenize(caption)
    mentions = [m for m in mentions_with_local_bodies(caption, tokens, _CAPTION_LOCAL_HEADS) if not m.embedded]
    mentions = sorted(mentions + towns_in_us_states(caption, tokens, mentions), key=lambda m: m.first)
    mentions = without_overlaps(mentions, towns_in_shortened_provinces(caption, tokens, mentions))
    found: list[CaptionPlace] = []
    i = 0
    while i < len(mentions):
        m = as_town_in_region(caption, tokens, as_us_state(caption, tokens, mentions[i]))
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        qualifier = _qualifier(caption, tokens, m, nxt) or _state_past_a_district(caption, tokens, m, mentions[i + 1:])
        # The qualifier may itself read as a place ("Pa." as a town of Burkina Faso): skip it.
        i += 1
        while qualifier is not None and i < len(mentions) and mentions[i].first < qualifier.end:
            i += 1
        if m.place.kind == "demonym" or m.place.name in BLOCS:
            continue  # "Afghan delegates", "EU rules" may be anywhere
        if qualifier is None and _small_place_in_title_case(tokens, m):
            continue
        if qualifier is None and not (_in_context(tokens, m) or _names_where_a_venue_is(caption, tokens, m)
                                      or _holds_local_office(tokens, m) or _opens_an_event(tokens, m)
                                      or _owns_a_named_spot(tokens, m)):
            continue
        place = _caption_place(m, qualifier)
        found.append(replace(place, names_a_part=_part_named(tokens, m, qualifier)))
    return _towns_of_the_caption_s_country(_as_qualified(found))


def _as_qualified(found: list[CaptionPlace]) -> list[CaptionPlace]:
    """ "near Frederick Regional Airport in Frederick, Okla.": a town the caption also writes with
    its state is that town, not the namesake the gazetteer reads alone (Frederick, Maryland)."""
    qualified = {p.parts[0] for p in found if len(p.parts) > 1 and p.state is not None}
    return [p for p in found if len(p.parts) > 1 or p.parts[0] not in qualified]


def _towns_of_the_caption_s_country(found: list[CaptionPlace]) -> list[CaptionPlace]:
    """ "Patan, in India's Gujarat state": a town of several countries is the one in the country
    or state the caption names beside it, not Nepal's Patan."""
    named = frozenset(c for p in found if p.kind in ("country", "region") and len(p.countries) == 1
                      for c in p.countries)
    return [replace(p, countries=p.countries & named)
            if p.kind == "city" and len(p.countries) > 1 and p.countries & named else p for p in found]


def _part_named(tokens: list[Token], m: Mention, qualifier: Mention | None) -> str:
    """ "outside Waterloo station", "the Almagro neighbourhood": the part of a town the place
    names, unless the caption qualifies it."""
    if qualifier is not None or m.end >= len(tokens) or not tokens[m.end].joins_prev:
        return ""
    if tokens[m.first].key in SAINTS and tokens[m.end].key in _WORSHIP:
        return "dedication"  # "near the Santo Domingo church": a saint's church, not the Dominican capital
    # "in Karo regency" is Indonesia's, not the town of Kāro in India; "Denver District Court" is in Denver
    if m.place.kind == "city" and tokens[m.end].key in _ADMIN_AREAS and name_end(tokens, m.end + 1) == m.end + 1:
        return "district"
    return _PARTS_OF_A_TOWN.get(tokens[m.end].key, "")


def _small_place_in_title_case(tokens: list[Token], m: Mention) -> bool:
    """A one-word town under 100,000, without its country or state, in a Title Case caption (a
    related story's headline reused as a caption): its capital says nothing, and "…Crewmember
    in Bar Bathroom" is no trip to Bar, Montenegro."""
    return tokens[m.first].titled and m.end - m.first == 1 and not m.place.prominent


def _qualifier(
    caption: str, tokens: list[Token], m: Mention, nxt: Mention | None
) -> Mention | None:
    """The ", Sweden" of "Stockholm, Sweden" (or ", DC" of "Washington, DC"), or the region a town
    is "in": "near Levanger in Trøndelag"."""
    if _in_its_region(tokens, m, nxt):
        return nxt
    if not comma_after(caption, tokens, m.end - 1):
        return None
    if nxt is not None and nxt.first == m.end and nxt.place.kind in ("country", "region"):
        return nxt
    if m.place.kind not in ("city", "region"):
        return None
    return us_state_at(caption, tokens, m.end) or abbreviated_region_at(caption, tokens, m.end, m.place.all_countries)


def _in_its_region(tokens: list[Token], m: Mention, nxt: Mention | None) -> bool:
    return (nxt is not None and m.place.kind == "city" and nxt.place.kind == "region" and nxt.first == m.end + 1
            and tokens[m.end].key == "in" and len(nxt.place.countries) == 1)


def _state_past_a_district(caption: str, tokens: list[Token], m: Mention, later: list[Mention]) -> Mention | None:
    """ "Thodupuzha, Idukki district, Kerala": the state or country after a district between the
    town and it, which the gazetteer may not know or may read as a town elsewhere."""
    if m.place.kind != "city" or not comma_after(caption, tokens, m.end - 1):
        return None
    area = _admin_area_word(tokens, m.end)
    after = next((x for x in later if area is not None and x.first == area + 1), None)
    if after is None or after.place.kind not in ("country", "region") or not comma_after(caption, tokens, area):
        return None
    return after


def _admin_area_word(tokens: list[Token], start: int) -> int | None:
    """The index of "district" in "Idukki district" (a name of up to `_DISTRICT_WORDS` capitalised
    words from `start`, then the kind of area), or None."""
    end = start
    while (end < len(tokens) and end - start < _DISTRICT_WORDS and tokens[end].cap
           and tokens[end].key not in _ADMIN_AREAS and (end == start or tokens[end].joins_prev)):
        end += 1
    found = start < end < len(tokens) and tokens[end].key in _ADMIN_AREAS and tokens[end].joins_prev
    return end if found else None


def _in_context(tokens: list[Token], m: Mention) -> bool:
    """After a locative ("in central Stockholm"), or a country or continent anywhere, but for
    where people come from ("Nuns from South Korea wait for Mass" in Ulaanbaatar, "Tourists
    from the Netherlands"), or where their relatives are ("calls his family in Port Vila")."""
    if (comes_from(tokens, m) or names_its_people(tokens, m) or a_relative_s_place(tokens, m)
            or _across_a_border(tokens, m) or from_a_viewpoint(tokens, m.first) or _against(tokens, m)):
        return False
    first = m.first
    while first > 0 and tokens[first - 1].key in COMPASS:  # "in Geeta Colony, east Delhi"
        first -= 1
    before = tokens[max(0, first - _LOCATIVE_WINDOW) : first]
    if any(t.key in _CAPTION_LOCATIVES for t in before):
        return True
    return m.place.kind in _ALWAYS_LOCATED and not m.possessive


def _against(tokens: list[Token], m: Mention) -> bool:
    """ "Pelé in action against England", "a protest against France's pension law": the side
    played or opposed, not where the photo is."""
    return m.first > 0 and tokens[m.first - 1].key in ("against", "versus", "vs", "v")


def _across_a_border(tokens: list[Token], m: Mention) -> bool:
    """ "close to the border with the Republic of Ireland": the neighbour across it, not where
    the photo is."""
    before = [t.key for t in tokens[max(0, m.first - 3) : m.first]]
    while before and before[-1] == "the":
        before.pop()
    return before[-2:] in (["border", "with"], ["borders", "with"])


def _holds_local_office(tokens: list[Token], m: Mention) -> bool:
    """ "Cork city councillors", "Salvador mayoral candidate": a town's own officials, there.
    A small town's name opening the caption may be a word ("Green councillor Aino Lehtonen"),
    unless it is a possessive ("Ashford's councillors")."""
    nxt = tokens[m.end] if m.end < len(tokens) else None
    return (m.place.kind in ("city", "region") and nxt is not None and not nxt.cap and nxt.joins_prev
            and nxt.key in _LOCAL_OFFICE and not opens_sentence_as_word(m, tokens))


def _owns_a_named_spot(tokens: list[Token], m: Mention) -> bool:
    """ "Protesters fill Madrid's Puerta del Sol", "along Havana's Malecón": a city's square,
    street or district by its name is in the city; not its officials ("Kyiv's Mayor Vitali
    Klitschko") nor its ways ("Madrid's rents")."""
    nxt = tokens[m.end] if m.end < len(tokens) else None
    return (m.possessive and m.place.kind in ("city", "region") and nxt is not None and nxt.cap and nxt.joins_prev
            and nxt.key not in TITLE_WORDS)


def _opens_an_event(tokens: list[Token], m: Mention) -> bool:
    """ "during the Berlin Marathon": the town opens the name of an event held there."""
    end = name_end(tokens, m.end)
    return end > m.end and m.place.kind in ("city", "region") and tokens[end - 1].key in _EVENT_HEADS


def _names_where_a_venue_is(caption: str, tokens: list[Token], m: Mention) -> bool:
    """ "at the National Hospital, Abuja": a town after the name of a place the caption is at."""
    j = m.first - 1
    if not comma_after(caption, tokens, j) or not tokens[j].cap:
        return False
    while j >= 0 and m.first - j <= _VENUE_WORDS and (tokens[j].cap or tokens[j].key in ("the", "of")):
        j -= 1
    return j >= 0 and tokens[j].key in LOCATIVES and tokens[j + 1].joins_prev


def _caption_place(m: Mention, qualifier: Mention | None) -> CaptionPlace:
    if m.town:  # "Hershey, Pa.": a town the gazetteer does not know, in a state it does
        spots = town_points(m.town, m.place)
        state = m.place if m.place.kind == "region" else None
        return CaptionPlace(m.text, "city", (m.town, m.text[len(m.town) + 2:]), m.place.countries,
                            m.place.continents, spots, state=state)
    if qualifier is None:
        return CaptionPlace(m.text, m.place.kind, (m.text,), m.place.countries, m.place.continents,
                            spots_in(m.place, m.place.countries), m.place.prominent)
    narrowed = (m.place.all_countries & qualifier.place.countries) or qualifier.place.countries
    continents = gazetteer().continents_of(narrowed)
    name = f"{m.text}, {qualifier.text}"
    parts = (m.text, qualifier.text)
    spots = spots_in(m.place, frozenset(narrowed))
    if not spots and not m.place.countries & narrowed:
        # "Santiago, Nuevo León": a town the gazetteer reads only abroad is found among small
        # towns ("Victoria, Australia" is the state, which has no point).
        spots = small_towns().points_in(name_key(m.text), frozenset(narrowed))
    state = qualifier.place if qualifier.place.kind == "region" else None
    if state is not None:
        spots = gazetteer().spots_in_state(spots, state) or small_towns_in_state(m.text, state)
    return CaptionPlace(name, m.place.kind, parts, frozenset(narrowed), continents, spots, state=state)
