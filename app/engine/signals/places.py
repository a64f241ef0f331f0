"""Places: a caption that puts the photo somewhere the story never goes.

The story is read permissively (every place, state, country, continent and
nationality it names); the caption strictly (a country or continent, or a city or
region introduced by a locative word or qualified as "Fort Myers, Florida"), so a
surname or a word that happens to be a town elsewhere does not raise a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from app.engine.caption_anatomy import split_caption
from app.engine.gazetteer import (
    Place,
    Token,
    fold,
    gazetteer,
    tokenize,
)
from app.engine.reasons import make_reason
from app.engine.signals.dates import date_reasons, story_looks_back
from app.engine.signals.place_mentions import Mention, as_us_state, find_mentions, us_state_at
from app.engine.signals.places_distance import CAPTION_TOWN_FAR, Spot, distant_town_reasons
from app.engine.signals.places_wording import MAX_LISTED, country_names, describe_caption, describe_story, join
from app.engine.signals.base import CheckContext, Findings, Signal
from app.schema import Reason
from app.settings import Severity

CAPTION_PLACE_CONFLICT = "caption_place_conflict"

LOCATIVES = frozenset(
    "in at near outside inside above from over across around off into through throughout "
    "toward towards along beside between below beneath under beyond within of".split()
)
_LOCATIVE_WINDOW = 3  # "in central Stockholm", "on the outskirts of Cairns"
_VENUE_WORDS = 6  # "at the Teatro Municipal of Lima, Peru"
_ALWAYS_LOCATED = ("country", "continent", "area")
# Words between a locative and its country: "in the north of", "in southern Turkey and northern Syria".
_SCENE_FILLERS = frozenset(
    "the north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern".split()
)
# A name that starts with a town and ends in one of these is somewhere in that town:
# "Toronto Pearson International Airport", "Des Moines Public Schools", "Leeds General Infirmary".
_LOCAL_HEADS = frozenset(
    "airport station stadium arena hospital infirmary port harbour harbor terminal bridge zoo "
    "cathedral council police schools courthouse".split()
)
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

    @property
    def located(self) -> bool:
        return bool(self.names)


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
    # name (Sheffield's Hillsborough): it asks for review, never decides a mismatch.
    specific: bool = True


def analyse_article_places(article_text: str) -> ArticlePlaces:
    tokens = tokenize(article_text)
    mentions = _article_mentions(article_text, tokens)
    # An ambiguous town in a story that names one of its countries is that country's town:
    # "Athens" in a story about Greece is not also Athens, Georgia.
    explicit = {c for m in mentions if m.place.kind in ("country", "demonym") for c in m.place.countries}
    countries: set[str] = set()
    continents: set[str] = set()
    areas: set[str] = set()
    for m in mentions:
        if m.place.kind in ("continent", "area"):
            areas |= m.place.countries
            continents |= m.place.continents if m.place.kind == "continent" else set()
        else:
            countries |= (m.place.countries & explicit) or m.place.countries
    named = dict((m.text, m.place.kind) for m in reversed(mentions))
    names = tuple(reversed(named))
    core = _core_countries([m.place for m in mentions if m.place.kind not in ("continent", "area")])
    headline_end = article_text.find("\n") if "\n" in article_text else len(article_text)
    lede_end = _lede_end(article_text, headline_end)
    # The headline and first sentence say what the story is about: their places are its scene.
    scenes = [m for m in mentions if _is_scene(m, tokens) or tokens[m.first].start < lede_end]
    scene_countries = frozenset(c for m in scenes for c in (m.place.countries & countries or m.place.countries))
    scene_names = tuple(dict.fromkeys(m.text for m in scenes if m.place.kind in ("city", "region")))
    # A town of several countries is the story's country's town: "Halifax" beside "Dartmouth".
    towns = {m.text: _spots(m.place, (m.place.countries & explicit) or (m.place.countries & core)
                            or m.place.countries)
             for m in mentions if m.place.kind in ("city", "region")}
    # A state or province of the story's one country ("DAYTON, Ohio") says where its towns are;
    # only a town without a point to measure from makes the story too wide to measure.
    local = _opens_on_a_town(tokens, mentions, lede_end) and len(core) <= 1 and not any(
        m.place.kind in ("continent", "area") for m in mentions) and all(
        towns[m.text] for m in mentions if m.place.kind == "city")
    opening = bool(mentions) and tokens[mentions[0].first].start < lede_end
    anchored = opening or len(mentions) > 1
    opening_towns = tuple(dict.fromkeys(
        m.text for m in mentions if m.place.kind in ("city", "region") and tokens[m.first].start < lede_end))
    return ArticlePlaces(
        names, tuple(named[n] for n in names), frozenset(countries), core,
        frozenset(continents), frozenset(areas), frozenset(t.key for t in tokens),
        scene_countries, scene_names, tuple(towns.items()), local, anchored, opening_towns,
    )


def _lede_end(text: str, headline_end: int) -> int:
    """Where the story's headline and first sentence end."""
    sentence_end = _SENTENCE_END.search(text, headline_end + 1)
    return sentence_end.end() if sentence_end else len(text)


def _opens_on_a_town(tokens: list[Token], mentions: list[Mention], lede_end: int) -> bool:
    """The headline and first sentence (which end at `lede_end`) name a town or city and no
    country or nationality."""
    opening = [m.place.kind for m in mentions if tokens[m.first].start < lede_end]
    return any(kind in ("city", "region") for kind in opening) and not any(
        kind in ("country", "demonym") for kind in opening)


def _spots(place: Place, countries: frozenset[str]) -> tuple[Spot, ...]:
    return tuple((lat, lon) for country, lat, lon in place.spots if country in countries)


def _is_scene(m: Mention, tokens: list[Token]) -> bool:
    """A town or region the story names is somewhere it goes; a country only when it is the
    place of something ("in Afghanistan", "the invasion of Afghanistan")."""
    if m.place.kind in ("city", "region"):
        return not m.possessive
    return m.place.kind == "country" and not m.possessive and _after_locative(tokens, m.first)


def _after_locative(tokens: list[Token], first: int) -> bool:
    """ "in Syria", "in northern Syria", "in southern Turkey and northern Syria"."""
    j, listed = first - 1, False
    while j >= 0 and first - j <= 6:
        key = tokens[j].key
        if key in LOCATIVES:
            return True
        joined = tokens[j + 1].joins_prev  # no comma or full stop in between
        if not joined or not (key in _SCENE_FILLERS or key == "and" or (listed and tokens[j].cap)):
            return False
        listed = listed or key == "and"
        j -= 1
    return False


def _article_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    mentions = [replace(m, embedded=False) if _names_a_local_body(m, tokens) else m
                for m in find_mentions(text, tokens)]
    # A town name the story uses inside a longer name, and never after "in", "at"..., is a
    # surname ("Hillary Clinton ... Clinton said"), not a place.
    located = {fold(m.text) for m in mentions if m.first and tokens[m.first - 1].key in LOCATIVES}
    surnames = {fold(m.text) for m in mentions if m.embedded or m.after_name} - located
    inside = {
        fold(m.text) for m in mentions if not (tokens[m.first].initial or tokens[m.first].titled)
    }
    return [
        m for m in mentions
        if not m.embedded
        and not (m.place.kind == "city" and fold(m.text) in surnames)
        and not (_opens_sentence_as_word(m, tokens) and fold(m.text) not in inside)
    ]


def _names_a_local_body(m: Mention, tokens: list[Token]) -> bool:
    """A town opening a longer name of a place or public body in it ("Toronto Pearson
    International Airport"): the story goes there, though the town is part of a name."""
    if not m.embedded or m.after_name or m.place.kind not in ("city", "region"):
        return False
    end = m.end
    while end < len(tokens) and tokens[end].cap and tokens[end].joins_prev:
        end += 1
    return tokens[end - 1].key in _LOCAL_HEADS


def _opens_sentence_as_word(m: Mention, tokens: list[Token]) -> bool:
    """ "Most residents ...", "Best known for ...": small places named like common words."""
    single = m.end - m.first == 1 and not m.possessive
    opening = tokens[m.first].initial or tokens[m.first].titled
    return single and not m.place.prominent and opening


def _core_countries(places: list[Place]) -> frozenset[str]:
    """Unambiguous places first; an ambiguous one adds what agrees with them, else its likeliest."""
    core = {c for p in places if len(p.countries) == 1 for c in p.countries}
    for p in places:
        if len(p.countries) > 1:
            core |= (p.countries & core) or ({p.primary} if p.primary else p.countries)
    return frozenset(core)


def caption_places(caption: str) -> list[CaptionPlace]:
    """Where a caption puts its photo: countries, continents, cities or regions in context."""
    tokens = tokenize(caption)
    mentions = [m for m in find_mentions(caption, tokens) if not m.embedded]
    found: list[CaptionPlace] = []
    i = 0
    while i < len(mentions):
        m = as_us_state(caption, tokens, mentions[i])
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        qualifier = _qualifier(caption, tokens, m, nxt)
        # The qualifier may itself read as a place ("Pa." as a town of Burkina Faso): skip it.
        i += 2 if qualifier is not None and nxt is not None and nxt.first < qualifier.end else 1
        if m.place.kind == "demonym":
            continue  # "Afghan delegates" may be anywhere
        if qualifier is None and not (_in_context(tokens, m) or _names_where_a_venue_is(caption, tokens, m)):
            continue
        found.append(_caption_place(m, qualifier))
    return found


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
    before = tokens[max(0, m.first - _LOCATIVE_WINDOW) : m.first]
    if any(t.key in LOCATIVES for t in before):
        return True
    return m.place.kind in _ALWAYS_LOCATED and not m.possessive


def _names_where_a_venue_is(caption: str, tokens: list[Token], m: Mention) -> bool:
    """ "at the National Hospital, Abuja": a town after the name of a place the caption is at."""
    j = m.first - 1
    if j < 0 or caption[tokens[j].end : tokens[m.first].start] != ", " or not tokens[j].cap:
        return False
    while j >= 0 and m.first - j <= _VENUE_WORDS and (tokens[j].cap or tokens[j].key in ("the", "of")):
        j -= 1
    return j >= 0 and tokens[j].key in LOCATIVES and tokens[j + 1].joins_prev


def _caption_place(m: Mention, qualifier: Mention | None) -> CaptionPlace:
    if qualifier is None:
        return CaptionPlace(m.text, m.place.kind, (m.text,), m.place.countries, m.place.continents,
                            _spots(m.place, m.place.countries), m.place.prominent)
    narrowed = (m.place.all_countries & qualifier.place.countries) or qualifier.place.countries
    continents = frozenset(gazetteer().continent_of.get(c, "") for c in narrowed) - {""}
    name = f"{m.text}, {qualifier.text}"
    parts = (m.text, qualifier.text)
    return CaptionPlace(name, m.place.kind, parts, frozenset(narrowed), continents, _spots(m.place, frozenset(narrowed)))


def _named_in(place: CaptionPlace, article: ArticlePlaces) -> bool:
    return any(all(w in article.words for w in _words(part)) for part in place.parts)


def agrees(place: CaptionPlace, article: ArticlePlaces) -> bool:
    named = _named_in(place, article)
    return (
        named
        or bool(place.countries & (article.countries | article.area_countries))
        or bool(place.continents & article.continents)
    )


def _words(text: str) -> list[str]:
    return [t.key for t in tokenize(text)]


def place_reasons(caption: str, places: ArticlePlaces) -> list[Reason]:
    if not places.located:
        return []
    found = caption_places(caption)
    if not found:
        return []
    if any(agrees(p, places) for p in found):
        named = any(_named_in(p, places) for p in found)  # then not set far from the story
        return actor_only_reasons(found, places) or ([] if named else distant_town_reasons(found, places))
    countries = frozenset().union(*(p.countries for p in found))
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


def actor_only_reasons(found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    """A caption set in a town of a country the story names only as an actor ("US special
    envoy") while its events happen elsewhere: the photo may be from another story."""
    towns = [p for p in found if p.kind in ("city", "region")]
    if not towns or not places.scene_countries or not places.scene_names:
        return []
    for town in towns:
        named = any(all(w in places.words for w in _words(part)) for part in town.parts[:1])
        if named or town.countries & places.scene_countries or not town.countries & places.countries:
            return []
    countries = frozenset().union(*(t.countries for t in towns))
    message = (
        f"The caption places the photo in {describe_caption(towns, countries)}, but the story "
        f"happens in {join(list(places.scene_names[:MAX_LISTED]))}; "
        f"{join(country_names(countries))} appears in it only as an actor."
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


def frame_reasons(caption: str, places: ArticlePlaces, published: date | None, tolerance_days: int,
                  looks_back: bool = False) -> list[Reason]:
    """Where and when together: a caption set elsewhere *and* at another time than the story
    is two independent conflicts, so the place finding becomes a mismatch naming both."""
    scene = split_caption(caption).scene
    if not scene:  # nothing but a credit: "(Photo: Brett Davis, USA TODAY Sports)" sets no scene
        return []
    found = place_reasons(scene, places)
    dated = [r for r in date_reasons(caption, published, tolerance_days, looks_back=looks_back)
             if r.severity != Severity.info]
    if not found or not dated or published is None:
        return found
    where, when = found[0], dated[0]
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
    looks_back = story_looks_back(ctx.prepared.headline_and_lead)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *frame_reasons(figure.caption, places, published, tolerance, looks_back))
    return findings


SIGNAL = Signal(name="places", codes=(CAPTION_PLACE_CONFLICT, CAPTION_TOWN_FAR), needs=frozenset(), run=_run)
