"""Places: a caption that puts the photo somewhere the story never goes.

The story is read permissively (every place, state, country, continent and
nationality it names); the caption strictly (a country or continent, or a city or
region introduced by a locative word or qualified as "Fort Myers, Florida"), so a
surname or a word that happens to be a town elsewhere does not raise a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.gazetteer import (
    FUNCTION_WORDS,
    Gazetteer,
    Place,
    Token,
    fold,
    gazetteer,
    tokenize,
)
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.schema import Reason
from app.settings import Severity

CAPTION_PLACE_CONFLICT = "caption_place_conflict"

LOCATIVES = frozenset(
    "in at near outside inside above from over across around off into through throughout "
    "toward towards along beside between below beneath under beyond within of".split()
)
_LOCATIVE_WINDOW = 3  # "in central Stockholm", "on the outskirts of Cairns"
_ALWAYS_LOCATED = ("country", "continent", "area")
_MAX_LISTED = 3


@dataclass(frozen=True)
class Mention:
    place: Place
    text: str
    first: int  # token index
    end: int  # token index, exclusive
    embedded: bool  # part of a longer capitalised name ("Andrés Molina", "Washington Post")
    after_name: bool = False  # right after a capitalised word, even one opening a sentence
    possessive: bool = False  # "Spain's": names whose something, not where the photo is


def _match_at(tokens: list[Token], i: int, gz: Gazetteer) -> tuple[Place, int] | None:
    tok = tokens[i]
    if not tok.cap:
        return None
    if tok.text.replace(".", "").isupper() and tok.text.replace(".", "") in gz.abbreviations:
        return gz.abbreviations[tok.text.replace(".", "")], i + 1
    end = i + 1
    while end < len(tokens) and end - i < gz.max_tokens and tokens[end].joins_prev:
        end += 1
    for stop in range(end, i, -1):
        place = gz.lookup(tuple(t.key for t in tokens[i:stop]))
        if place is not None and tokens[stop - 1].cap:
            return place, stop
    return None


def _is_name_word(tok: Token) -> bool:
    return tok.cap and not tok.titled and tok.key not in FUNCTION_WORDS


def find_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    """Longest gazetteer matches over capitalised tokens of `text`, left to right."""
    gz, found, i = gazetteer(), [], 0
    while i < len(tokens):
        hit = _match_at(tokens, i, gz)
        if hit is None:
            i += 1
            continue
        place, end = hit
        prev = tokens[i - 1] if i and tokens[i].joins_prev else None
        nxt = tokens[end] if end < len(tokens) and tokens[end].joins_prev else None
        raw = text[tokens[i].start : tokens[end - 1].end]
        span = re.sub(r"['’]s$", "", raw)
        next_to_place = bool(found) and found[-1].end == i and not found[-1].embedded
        after_name = prev is not None and _is_name_word(prev) and not next_to_place
        before = after_name and prev is not None and not prev.initial
        after = nxt is not None and span == raw and _is_name_word(nxt)
        embedded = place.kind in ("city", "region", "country") and (before or after)
        if tokens[i].text.replace(".", "").isupper():  # "US Capitol", "UK Parliament"
            embedded = before
        found.append(Mention(place, span, i, end, embedded, after_name, span != raw))
        i = end
    return found


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
    return ArticlePlaces(
        names, tuple(named[n] for n in names), frozenset(countries), core,
        frozenset(continents), frozenset(areas), frozenset(t.key for t in tokens),
    )


def _article_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    mentions = find_mentions(text, tokens)
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
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        qualifier = _qualifier(caption, tokens, m, nxt)
        i += 2 if qualifier is not None and qualifier in mentions else 1
        if m.place.kind == "demonym":
            continue  # "Afghan delegates" may be anywhere
        if qualifier is None and not _in_context(tokens, m):
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
    code = tokens[m.end].text.replace(".", "")
    state = gazetteer().us_state_codes.get(code) if code.isupper() else None
    if state is not None and m.place.kind in ("city", "region"):
        return Mention(state, tokens[m.end].text, m.end, m.end + 1, False)
    return None


def _in_context(tokens: list[Token], m: Mention) -> bool:
    before = tokens[max(0, m.first - _LOCATIVE_WINDOW) : m.first]
    if any(t.key in LOCATIVES for t in before):
        return True
    return m.place.kind in _ALWAYS_LOCATED and not m.possessive


def _caption_place(m: Mention, qualifier: Mention | None) -> CaptionPlace:
    if qualifier is None:
        return CaptionPlace(m.text, m.place.kind, (m.text,), m.place.countries, m.place.continents)
    narrowed = (m.place.all_countries & qualifier.place.countries) or qualifier.place.countries
    continents = frozenset(gazetteer().continent_of.get(c, "") for c in narrowed) - {""}
    name = f"{m.text}, {qualifier.text}"
    parts = (m.text, qualifier.text)
    return CaptionPlace(name, m.place.kind, parts, frozenset(narrowed), continents)


def agrees(place: CaptionPlace, article: ArticlePlaces) -> bool:
    named = any(all(w in article.words for w in _words(part)) for part in place.parts)
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
    if not found or any(agrees(p, places) for p in found):
        return []
    countries = frozenset().union(*(p.countries for p in found))
    severity = Severity.mismatch if len(countries) == 1 else Severity.review
    message = (
        f"The caption places the photo in {_describe_caption(found, countries)}, "
        f"but the story is about {_describe_story(places)}."
    )
    return [make_reason(
        CAPTION_PLACE_CONFLICT, severity, message,
        caption_places=[p.name for p in found],
        article_places=list(places.names),
        caption_countries=sorted(countries),
        article_countries=sorted(places.core_countries),
        article_continents=sorted(places.continents),
    )]


def _country_names(codes: frozenset[str]) -> list[str]:
    names = gazetteer().country_names
    return sorted(_with_article(names.get(c, c)) for c in codes)


def _with_article(country: str) -> str:
    plural = country.endswith(("Republic", "Islands", "Netherlands", "Philippines"))
    return f"the {country}" if plural or country.startswith("United ") else country


def _describe_caption(found: list[CaptionPlace], countries: frozenset[str]) -> str:
    # "the US Capitol in Washington, DC": Washington says more than US
    places = [q for q in found if q.kind != "country"]
    specific = [
        p for p in found
        if p.kind != "country" or not any(p.countries >= q.countries for q in places)
    ]
    text = " and ".join(p.name for p in specific or found)
    missing = [n for n in _country_names(countries) if fold(n) not in fold(text)]
    if missing and len(countries) <= _MAX_LISTED:
        text += f" ({' or '.join(missing)})"
    return text


def _describe_story(places: ArticlePlaces) -> str:
    """ "Spain (Seville, Córdoba)", "Japan (Tokyo) and North America"."""
    named = list(zip(places.names, places.kinds))
    local = [n for n, kind in named if kind in ("city", "region")][:_MAX_LISTED]
    wide = [n for n, kind in named if kind in ("continent", "area")][:_MAX_LISTED]
    countries = _country_names(places.core_countries)
    if not countries or len(countries) > _MAX_LISTED:
        return _join((local + wide or list(places.names))[:_MAX_LISTED])
    text = _join(countries) + (f" ({', '.join(local)})" if local else "")
    return f"{text} and {_join(wide)}" if wide else text


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def story_places(ctx: CheckContext) -> ArticlePlaces:
    return ctx.memo("story_places", lambda: analyse_article_places(ctx.prepared.full_text))


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    places = story_places(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *place_reasons(figure.caption, places))
    return findings


SIGNAL = Signal(name="places", codes=(CAPTION_PLACE_CONFLICT,), needs=frozenset(), run=_run)
