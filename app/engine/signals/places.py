"""Places: a caption that puts the photo somewhere the story never goes.

The story is read permissively (every place, state, country, continent and nationality it
names: `places_story.py`); the caption strictly (a country or continent, or a city or region
introduced by a locative word or qualified as "Fort Myers, Florida"), so a surname or a word
that happens to be a town elsewhere does not raise a conflict.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason, noted
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import StoryPast, date_reasons, shows_the_past, story_past, years_written
from app.engine.signals.dates_messages import noted_as_the_past
from app.engine.signals.place_mentions import lies_by_one_of
from app.engine.signals.places_caption import CaptionPlace, caption_places
from app.engine.signals.places_distance import (
    CAPTION_TOWN_FAR,
    distant_town_reasons,
    may_be_a_district_abroad,
    names_a_metro,
    names_a_story_town,
    namesake_near_story,
    near_a_story_town,
)
from app.engine.signals.places_region import (
    CAPTION_REGION_ELSEWHERE, in_a_province_the_story_names, other_region_reasons, seat_of_a_story_state,
    town_in_another_state_reasons,
)
from app.engine.signals.places_seat import body_the_story_names
from app.engine.signals.places_local import far_small_town_reasons
from app.engine.signals.places_spread import close_towns_reasons, part_of_country_reasons
from app.engine.signals.places_story import ArticlePlaces, story_places
from app.engine.signals.places_wording import (
    MAX_LISTED, country_names, describe_caption, describe_story, distinct_names, join,
)
from app.engine.signals.portraits import portraits_noted
from app.schema import Reason
from app.settings import Severity

CAPTION_PLACE_CONFLICT = "caption_place_conflict"

_BORDER_KM = 50.0  # commuting distance: Kehl from Strasbourg, not Rotterdam from Antwerp


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
             and not may_be_a_district_abroad(p, places) and not _whose_person(caption, p, places)]
    reasons = _found_reasons(caption, found, places)
    if any(r.severity != Severity.info for r in reasons):
        # Read only when the photo would be flagged: the small towns load once, in seconds.
        near = [p for p in found if namesake_near_story(p, places)]
        if near:
            return _found_reasons(caption, [p for p in found if p not in near], places)
    return reasons


_PERSON_AFTER = r"['’]s\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\b"


def _whose_person(caption: str, place: CaptionPlace, places: ArticlePlaces) -> bool:
    """ "Melbourne City's James Delaney scores … in Brisbane": a town's side or body before a
    person the story names says whose the person is, not where the photo is. Read only where
    the caption names the town once."""
    if caption.count(place.name) != 1:
        return False
    match = re.search(re.escape(place.name) + _PERSON_AFTER, caption)
    return match is not None and places.names_person(match.group(1))


def _found_reasons(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    if not found:
        return []
    if _by_a_story_landmark(caption, found, places):
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


def _by_a_story_landmark(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> bool:
    """ "Lake Mead near Boulder City, Nev." under an Arizona story that writes "Lake Mead": the
    photo is at a place of the story, of two words or more, and the town after "near" only says
    where that place lies."""
    for place in found:
        before = re.search(rf"((?:[A-Z][\w'’-]+\s+)+[A-Z][\w'’-]+)\s+near\s+{re.escape(place.parts[0])}", caption)
        if before and places.names_place(before.group(1)):
            return True
    return False


def _elsewhere_in_country(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> list[Reason]:
    found = [p for p in found if not in_a_province_the_story_names(p, places)
             and not seat_of_a_story_state(caption, p, places)]
    return (distant_town_reasons(found, places) or part_of_country_reasons(found, places)
            or other_region_reasons(caption, found, places) or town_in_another_state_reasons(found, places)
            or close_towns_reasons(found, places))


def _seat_of(body: str, found: list[CaptionPlace], countries: frozenset[str], places: ArticlePlaces) -> Reason:
    """Institutions are photographed where they sit ("IMF spokeswoman Julie Kozack during a
    briefing in Washington" under a story about Argentina's talks with the IMF): noted only."""
    shown = f"the {body}" if body.isupper() else body  # "the IMF", "Intel"
    message = (
        f"The caption places the photo in {describe_caption(found, countries)}, and the story is about "
        f"{describe_story(places)}; the caption shows {shown}, which the story names, likely where it sits."
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


def caption_place_findings(ctx: CheckContext) -> list[list[Reason]]:
    """Each caption's place findings, read once per check for the decision's evidence and this signal."""
    def build() -> list[list[Reason]]:
        places, published = story_places(ctx), ctx.prepared.published
        present = without_recalled_towns(places, ctx.prepared.units, published)
        parts = [split_caption(f.caption) for f in ctx.prepared.article.figures]
        # A chart's places are of its data: "Coffee futures on ICE in New York" under a Huila story.
        found = [[] if part.graphic else found_now(part.scene or figure.caption, places, present, published)
                 for part, figure in zip(parts, ctx.prepared.article.figures)]
        return portraits_noted(ctx, found, places)

    return ctx.memo("caption_place_findings", build)


_RECALLED_YEARS = 2  # a sentence of a year this long before publication, or longer, recalls the past


def without_recalled_towns(places: ArticlePlaces, units: list[str], published: date | None) -> ArticlePlaces:
    """The story's towns less those it names only in sentences of earlier years ("In 2003, a
    quake flattened the city of Bam"): where it happened then, not where the story happens, so
    Bam does not make Zahedan near a quake story in Khoy. Its headline's and first sentence's
    towns stay."""
    if published is None:
        return places
    body = units[2:]
    recalled = {name for name, _ in places.towns
                if name not in places.opening_towns and _only_in_the_past(name, body, published)}
    return replace(places, towns=tuple(t for t in places.towns if t[0] not in recalled)) if recalled else places


def found_now(scene: str, places: ArticlePlaces, present: ArticlePlaces, published: date | None) -> list[Reason]:
    """The caption's place findings, measured from the story's present towns where it names no
    town the story recalls and writes no earlier year: a photo may show what the story recalls
    ("the company's plant in Greenville, S.C." under a story that says it was founded there in 2017)."""
    found = place_reasons(scene, places)
    if found or present is places or _an_earlier_year(scene, published):
        return found
    recalled = {name for name, _ in places.towns} - {name for name, _ in present.towns}
    if any(re.search(rf"\b{re.escape(name)}\b", scene, re.IGNORECASE) for name in recalled):
        return found
    return place_reasons(scene, present)


def _only_in_the_past(name: str, sentences: list[str], published: date) -> bool:
    said = [s for s in sentences if re.search(rf"\b{re.escape(name)}\b", s)]
    return bool(said) and all(_years_back(s, published) for s in said)


def _years_back(sentence: str, published: date) -> bool:
    years = years_written(sentence)
    return bool(years) and max(years) <= published.year - _RECALLED_YEARS


def _an_earlier_year(scene: str, published: date | None) -> bool:
    """The caption writes a year before publication: its photo may show what the story recalls."""
    return published is not None and any(year < published.year for year in years_written(scene))


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
    dates = date_reasons(caption, published, tolerance_days, past=past)
    if any(r.evidence.get("recalled") for r in dates):
        found = [_at_a_recalled_event(r) for r in found]
    dated = [r for r in dates if r.severity != Severity.info]
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


def _at_a_recalled_event(reason: Reason) -> Reason:
    """ "Bleached coral on a reef off Cairns during the mass bleaching event in March 2020" under
    a Townsville story that recalls it: an earlier event of the story's country may have
    happened in another of its towns. Another country is still a conflict."""
    if reason.code not in (CAPTION_TOWN_FAR, CAPTION_REGION_ELSEWHERE):
        return reason
    return noted(reason, "The caption shows an earlier event the story recalls, which may have happened there.")


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
