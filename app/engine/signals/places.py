"""Places: a caption that puts the photo somewhere the story never goes.

The story is read permissively (every place, state, country, continent and nationality it
names: `places_story.py`); the caption strictly (a country or continent, or a city or region
introduced by a locative word or qualified as "Fort Myers, Florida"), so a surname or a word
that happens to be a town elsewhere does not raise a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.engine.caption_anatomy import split_caption
from app.engine.gazetteer import BLOCS, Place, gazetteer
from app.engine.place_tokens import Token, name_key, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import (
    StoryPast, date_reasons, noted_as_the_past, shows_the_past, story_past,
)
from app.engine.signals.place_mentions import (
    COMPASS,
    Mention,
    as_town_in_region,
    as_us_state,
    comes_from,
    lies_by_one_of,
    name_end,
    names_its_people,
    opens_sentence_as_word,
    towns_in_us_states,
    us_state_at,
)
from app.engine.signals.places_distance import (
    CAPTION_TOWN_FAR,
    Spot,
    distant_town_reasons,
    may_be_a_district_abroad,
    names_a_metro,
    part_of_country_reasons,
    names_a_story_town,
    namesake_near_story,
    near_a_story_town,
)
from app.engine.signals.places_region import CAPTION_REGION_ELSEWHERE, other_region_reasons
from app.engine.signals.places_seat import body_the_story_names
from app.engine.signals.places_local import far_small_town_reasons
from app.engine.signals.places_locality import LOCATIVES, spots_in
from app.engine.signals.places_story import (
    LOCAL_HEADS,
    ArticlePlaces,
    analyse_article_places,
    mentions_with_local_bodies,
)
from app.engine.signals.places_wording import (
    MAX_LISTED, country_names, describe_caption, describe_story, distinct_names, join,
)
from app.engine.signals.portraits import portraits_noted
from app.engine.small_towns import small_towns
from app.schema import Reason
from app.settings import Severity

CAPTION_PLACE_CONFLICT = "caption_place_conflict"

_LOCATIVE_WINDOW = 3  # "in central Stockholm", "on the outskirts of Cairns"
_VENUE_WORDS = 6  # "at the Teatro Municipal of Lima, Peru"
_ALWAYS_LOCATED = ("country", "continent", "area")
# A caption at "Kozhikode Medical College" is in Kozhikode. Stories are not read so: "Boston
# University researchers" do not make a science story local to Boston.
# "the Berlin Marathon", "the Cannes Film Festival", "the Monaco Grand Prix": an event named
# after its town takes place there, and a caption "during" it is set there.
_EVENT_HEADS = frozenset("marathon olympics games festival carnival prix".split())
_CAPTION_LOCAL_HEADS = LOCAL_HEADS | _EVENT_HEADS | {"college", "university"}
# A caption's "on" is where its scene is ("on Bali", "on Ho Chi Minh City's metro line"); a
# story's is as often a target ("sanctions on Moscow").
_CAPTION_LOCATIVES = LOCATIVES | {"on"}
_BORDER_KM = 50.0  # commuting distance: Kehl from Strasbourg, not Rotterdam from Antwerp
# Words after a name that make it a part of a town: a station ("Waterloo station") or a
# district ("the Almagro neighbourhood" of Buenos Aires, not Almagro in Spain).
_PARTS_OF_A_TOWN = {
    "station": "station", "stations": "station", "neighbourhood": "district",
    "neighborhood": "district", "suburb": "district", "quarter": "district", "barrio": "district",
}
_SAINTS = frozenset("san santo santa sao são st saint sainte".split())
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
    found: list[CaptionPlace] = []
    i = 0
    while i < len(mentions):
        m = as_town_in_region(caption, tokens, as_us_state(caption, tokens, mentions[i]))
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        qualifier = _qualifier(caption, tokens, m, nxt)
        # The qualifier may itself read as a place ("Pa." as a town of Burkina Faso): skip it.
        i += 2 if qualifier is not None and nxt is not None and nxt.first < qualifier.end else 1
        if m.place.kind == "demonym" or m.place.name in BLOCS:
            continue  # "Afghan delegates", "EU rules" may be anywhere
        if qualifier is None and _small_place_in_title_case(tokens, m):
            continue
        if qualifier is None and not (_in_context(tokens, m) or _names_where_a_venue_is(caption, tokens, m)
                                      or _holds_local_office(tokens, m) or _opens_an_event(tokens, m)):
            continue
        place = _caption_place(m, qualifier)
        found.append(replace(place, names_a_part=_part_named(tokens, m, qualifier)))
    return found


def _part_named(tokens: list[Token], m: Mention, qualifier: Mention | None) -> str:
    """ "outside Waterloo station", "the Almagro neighbourhood": the part of a town the place
    names, unless the caption qualifies it."""
    if qualifier is not None or m.end >= len(tokens) or not tokens[m.end].joins_prev:
        return ""
    if tokens[m.first].key in _SAINTS and tokens[m.end].key in _WORSHIP:
        return "dedication"  # "near the Santo Domingo church": a saint's church, not the Dominican capital
    return _PARTS_OF_A_TOWN.get(tokens[m.end].key, "")


def _small_place_in_title_case(tokens: list[Token], m: Mention) -> bool:
    """A one-word town under 100,000, without its country or state, in a Title Case caption (a
    related story's headline reused as a caption): its capital says nothing, and "…Crewmember
    in Bar Bathroom" is no trip to Bar, Montenegro."""
    return tokens[m.first].titled and m.end - m.first == 1 and not m.place.prominent


def _qualifier(
    caption: str, tokens: list[Token], m: Mention, nxt: Mention | None
) -> Mention | None:
    """The ", Sweden" of "Stockholm, Sweden" (or ", DC" of "Washington, DC")."""
    if m.end >= len(tokens) or caption[tokens[m.end - 1].end : tokens[m.end].start] != ", ":
        return None
    if nxt is not None and nxt.first == m.end and nxt.place.kind in ("country", "region"):
        return nxt
    if m.place.kind not in ("city", "region"):
        return None
    return us_state_at(caption, tokens, m.end)


def _in_context(tokens: list[Token], m: Mention) -> bool:
    """After a locative ("in central Stockholm"), or a country or continent anywhere, but for
    where people come from ("Nuns from South Korea wait for Mass" in Ulaanbaatar, "Tourists
    from the Netherlands")."""
    if comes_from(tokens, m) or names_its_people(tokens, m):
        return False
    first = m.first
    while first > 0 and tokens[first - 1].key in COMPASS:  # "in Geeta Colony, east Delhi"
        first -= 1
    before = tokens[max(0, first - _LOCATIVE_WINDOW) : first]
    if any(t.key in _CAPTION_LOCATIVES for t in before):
        return True
    return m.place.kind in _ALWAYS_LOCATED and not m.possessive


def _holds_local_office(tokens: list[Token], m: Mention) -> bool:
    """ "Cork city councillors", "Salvador mayoral candidate": a town's own officials, there.
    A small town's name opening the caption may be a word ("Green councillor Aino Lehtonen"),
    unless it is a possessive ("Ashford's councillors")."""
    nxt = tokens[m.end] if m.end < len(tokens) else None
    return (m.place.kind in ("city", "region") and nxt is not None and not nxt.cap and nxt.joins_prev
            and nxt.key in _LOCAL_OFFICE and not opens_sentence_as_word(m, tokens))


def _opens_an_event(tokens: list[Token], m: Mention) -> bool:
    """ "during the Berlin Marathon": the town opens the name of an event held there."""
    end = name_end(tokens, m.end)
    return end > m.end and m.place.kind in ("city", "region") and tokens[end - 1].key in _EVENT_HEADS


def _names_where_a_venue_is(caption: str, tokens: list[Token], m: Mention) -> bool:
    """ "at the National Hospital, Abuja": a town after the name of a place the caption is at."""
    j = m.first - 1
    if j < 0 or caption[tokens[j].end : tokens[m.first].start] != ", " or not tokens[j].cap:
        return False
    while j >= 0 and m.first - j <= _VENUE_WORDS and (tokens[j].cap or tokens[j].key in ("the", "of")):
        j -= 1
    return j >= 0 and tokens[j].key in LOCATIVES and tokens[j + 1].joins_prev


def _caption_place(m: Mention, qualifier: Mention | None) -> CaptionPlace:
    if m.town:  # "Hershey, Pa.": a town the gazetteer does not know, in a state it does
        spots = small_towns().points_in(name_key(m.town), m.place.countries)
        return CaptionPlace(m.text, "city", (m.town, m.text[len(m.town) + 2:]), m.place.countries,
                            m.place.continents, spots, state=m.place)
    if qualifier is None:
        return CaptionPlace(m.text, m.place.kind, (m.text,), m.place.countries, m.place.continents,
                            spots_in(m.place, m.place.countries), m.place.prominent)
    narrowed = (m.place.all_countries & qualifier.place.countries) or qualifier.place.countries
    continents = frozenset(gazetteer().continent_of.get(c, "") for c in narrowed) - {""}
    name = f"{m.text}, {qualifier.text}"
    parts = (m.text, qualifier.text)
    spots = spots_in(m.place, frozenset(narrowed))
    if not spots and not m.place.countries & narrowed:
        # "Santiago, Nuevo León": a town the gazetteer reads only abroad is found among small
        # towns ("Victoria, Australia" is the state, which has no point).
        spots = small_towns().points_in(name_key(m.text), frozenset(narrowed))
    state = qualifier.place if qualifier.place.kind == "region" else None
    return CaptionPlace(name, m.place.kind, parts, frozenset(narrowed), continents, spots, state=state)


def agrees(place: CaptionPlace, article: ArticlePlaces) -> bool:
    return (
        any(article.names_place(part) for part in place.parts)
        or bool(place.countries & (article.countries | article.area_countries))
        or bool(place.continents & article.continents)
        or _across_a_border(place, article)
    )


def _across_a_border(place: CaptionPlace, article: ArticlePlaces) -> bool:
    """ "Shoppers cross the Rhine bridge in Kehl" under a story about Strasbourg: a town abroad
    within commuting distance of a town the story names is its neighbourhood, not another
    story's. Ports and cities that compete across a border (Rotterdam, 80 km from Antwerp) are
    farther than that."""
    return bool(place.spots) and near_a_story_town(place.spots, article, _BORDER_KM)


def place_reasons(caption: str, places: ArticlePlaces) -> list[Reason]:
    """Where the caption's scene (its words without the credit) puts the photo, against the story."""
    if not places.located:
        return []
    located = caption_places(caption)
    if not located:
        return far_small_town_reasons(caption, places)
    found = [p for p in located if (not p.names_a_part or (p.names_a_part == "station" and agrees(p, places)
                                                            and not names_a_metro(caption)))
             and not may_be_a_district_abroad(p, places)]
    reasons = _found_reasons(caption, found, places)
    if any(r.severity != Severity.info for r in reasons):
        # Read only when the photo would be flagged: the small towns load once, in seconds.
        near = [p for p in found if namesake_near_story(p, places)]
        if near:
            return _found_reasons(caption, [p for p in found if p not in near], places)
    return reasons


def _found_reasons(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    if not found:
        return []
    countries = frozenset().union(*(p.countries for p in found))
    # "Woodburn, south of Lismore": set by a place the story names, whatever else shares its name.
    if any(agrees(p, places) for p in found) or lies_by_one_of(caption, places.name_words):
        named = names_a_story_town(found, places)
        reasons = actor_only_reasons(found, places) or ([] if named else _elsewhere_in_country(caption, found, places))
        body = body_the_story_names(caption, found, places) if reasons else None
        return [_seat_of(body, found, countries, places)] if body else reasons
    body = body_the_story_names(caption, found, places)
    if body is not None:
        return [_seat_of(body, found, countries, places)]
    decisive = len(countries) == 1 and any(p.specific for p in found) and places.anchored
    severity = Severity.mismatch if decisive else Severity.review
    message = (
        f"The caption places the photo in {describe_caption(found, countries)}, "
        f"but the story is about {describe_story(places)}."
    )
    return [make_reason(
        CAPTION_PLACE_CONFLICT, severity, message,
        caption_places=[p.name for p in found],
        article_places=list(places.names),
        caption_countries=sorted(countries),
        article_countries=sorted(places.core_countries),
        article_continents=sorted(places.continents),
    )]


def _elsewhere_in_country(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    return (distant_town_reasons(found, places) or part_of_country_reasons(found, places)
            or other_region_reasons(caption, found, places))


def _seat_of(body: str, found: list[CaptionPlace], countries: frozenset[str], places: ArticlePlaces) -> Reason:
    """Institutions are photographed where they sit ("IMF spokeswoman Julie Kozack during a
    briefing in Washington" under a story about Argentina's talks with the IMF): noted only."""
    message = (
        f"The caption places the photo in {describe_caption(found, countries)}, and the story is about "
        f"{describe_story(places)}; the caption shows the {body}, which the story names, likely where it sits."
    )
    return make_reason(
        CAPTION_PLACE_CONFLICT, Severity.info, message,
        caption_places=[p.name for p in found],
        article_places=list(places.names),
        caption_countries=sorted(countries),
        seat_of=body,
    )


def actor_only_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    """A caption set in a town of a country the story names only as an actor ("US special
    envoy") while its events happen elsewhere: the photo may be from another story."""
    towns = [p for p in found if p.kind in ("city", "region")]
    if not towns or not places.scene_countries or not places.scene_names:
        return []
    for town in towns:
        named = places.names_place(town.parts[0])
        if named or town.countries & places.scene_countries or not town.countries & places.countries:
            return []
    countries = frozenset().union(*(t.countries for t in towns))
    actors = country_names(countries & places.countries)  # "Santiago" may be Chile's or not
    message = (
        f"The caption places the photo in {describe_caption(towns, countries)}, but the story "
        f"happens in {join(distinct_names(list(places.scene_names))[:MAX_LISTED])}; "
        f"{join(actors)} {'appears' if len(actors) == 1 else 'appear'} in it only as an actor."
    )
    return [make_reason(
        CAPTION_PLACE_CONFLICT, Severity.review, message,
        caption_places=[t.name for t in towns],
        article_places=list(places.scene_names),
        caption_countries=sorted(countries),
        article_countries=sorted(places.scene_countries),
        article_continents=sorted(places.continents),
        actor_only=True,
    )]


def story_places(ctx: CheckContext) -> ArticlePlaces:
    return ctx.memo("story_places", lambda: analyse_article_places(ctx.prepared.full_text))


def caption_place_findings(ctx: CheckContext) -> list[list[Reason]]:
    """Each caption's place findings, read once per check for the decision's evidence and this signal."""
    def build() -> list[list[Reason]]:
        places = story_places(ctx)
        found = [place_reasons(split_caption(f.caption).scene or f.caption, places) for f in ctx.prepared.article.figures]
        return portraits_noted(ctx, found, places)

    return ctx.memo("caption_place_findings", build)


def frame_reasons(caption: str, places: ArticlePlaces, published: date | None, tolerance_days: int,
                  past: StoryPast = StoryPast(), found: list[Reason] | None = None) -> list[Reason]:
    """Where and when together: a caption set elsewhere *and* at another time than the story
    is two independent conflicts, so the place finding becomes a mismatch naming both.
    `found` is the caption's place findings when already read (`caption_place_findings`)."""
    scene = split_caption(caption).scene
    if not scene:  # nothing but a credit: "(Photo: Brett Davis, USA TODAY Sports)" sets no scene
        return []
    found = place_reasons(scene, places) if found is None else found
    if past.looks_back is not None and published is not None and shows_the_past(scene, published):
        return [noted_as_the_past(r) for r in found]
    dated = [r for r in date_reasons(caption, published, tolerance_days, past=past)
             if r.severity != Severity.info]
    flagged = [r for r in found if r.severity != Severity.info]
    if not flagged or not dated or published is None:
        return found
    where, when = flagged[0], dated[0]
    story_where = join(list(places.scene_names[:MAX_LISTED])) if places.scene_names else describe_story(places)
    caption_where = join(where.evidence["caption_places"])
    caption_when = date.fromisoformat(when.evidence["caption_date"])
    message = (
        f"The caption places the photo in {caption_where} on {_day(caption_when)}; "
        f"the story happens in {story_where} in {published:%B %Y}."
    )
    evidence = {**where.evidence, "caption_date": caption_when.isoformat(), "published": published.isoformat()}
    return [make_reason(CAPTION_PLACE_CONFLICT, Severity.mismatch, message, **evidence)]


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    places = story_places(ctx)
    published, tolerance = ctx.prepared.published, ctx.settings.date_tolerance_days
    past = story_past(ctx)
    read = caption_place_findings(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *frame_reasons(figure.caption, places, published, tolerance, past, read[index]))
    return findings


SIGNAL = Signal(name="places", codes=(CAPTION_PLACE_CONFLICT, CAPTION_TOWN_FAR, CAPTION_REGION_ELSEWHERE), needs=frozenset(), run=_run)
