"""The text evidence about one caption, as numbers the calibrated decision reads.

Every feature comes from the same code the signals use (sentence similarity against the
story and the foil bank, the caption's entities, the story's places, the caption's dates),
so what the decision was fitted on is what it sees at run time.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from app.engine.caption_anatomy import scene_of, split_caption
from app.engine.encoders.entities import Entity
from app.engine.foils import foil_captions
from app.engine.signals.base import CheckContext
from app.engine.signals.caption_article import caption_fits, text_vectors
from app.engine.signals.dates import date_reasons, story_past
from app.engine.signals.people_found import caption_entities, known_name
from app.engine.signals.people import (
    TITLE_WORDS, holds_office, introduced_by_role, introduced_by_title, office_country,
)
from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import name_key
from app.engine.small_towns import small_towns
from app.engine.signals.places import ArticlePlaces, caption_place_findings, story_places
from app.engine.signals.places_locality import LOCATIVES
from app.engine.signals.places_local import near_a_story_town
from app.engine.text import CONTENT_WORD, content_stems, fold, stem, stop_words
from app.settings import Severity

_CODE = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
_LOCATABLE = frozenset({"GPE", "LOC", "NORP", "FAC"})
# Words that set a caption's photo at a spot: wider than a headline's scene words
# (places_locality), since a photo is taken "on" a square or "along" a street.
_SPOT_LOCATIVES = frozenset("in at on near outside inside along across around through".split())
_IN = frozenset({"in", "near"})
_GUESSED_FOR_PLACES = frozenset({"PERSON", "ORG"})
# Words that make a name a street, venue or quarter, whatever label the recogniser gave it
# ("walks along Avenida Paulista" came back as a person).
_SPOT_WORDS = frozenset(
    "street road avenue avenida rua calle via lane drive boulevard highway interstate route motorway freeway "
    "expressway crescent terrace square plaza "
    "praça piazza platz market bazaar station terminal camp district neighbourhood neighborhood estate "
    "township park bridge".split())
_AFTER_A_TOWN = re.compile(r"\b[A-Z][\w'’.-]*,\s+$")  # "Crested Butte, " before a state
_AGE_AFTER = re.compile(r",\s+\d{1,3},")  # "Maria Lopez, 54, …"
_PLACE_WORDS = frozenset({"GPE", "LOC", "FAC"})
_SMALL_WORD_NEXT = re.compile(r"\s+[a-z]")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
# "a game against the Norfolk Tides", "scores against Buriram United": a side played; what a
# protest is against is another matter.
_AGAINST = re.compile(r"\b(?:games?|match(?:es)?|action|play(?:s|ed|ing)?|win|won|victory|defeat|loss|lost|final"
                      r"|derby|fixture|clash|tie|bout|innings|test|goals?|scor(?:e|es|ed|ing))\s+(?:\w+\s+){0,2}?"
                      r"(?:against|versus|vs\.?|v\.?)\s+(?:the\s+)?$", re.IGNORECASE)
_NAMED_AS = re.compile(r"\bthe\s+[a-z]+\s+of\s+$")  # "near the village of Skala", "at the port of Lampedusa"
_OWNER = re.compile(r"((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)['’]s\s+(?:the\s+)?$")  # "Tacloban's "
_NOT_APPLICABLE = float("nan")  # the decision gives such a feature no weight either way
# How alike a caption and its neighbours are (the other sibling features measure fit to the story).
RESEMBLANCE_TO_NEIGHBOURS = ("sibling_similarity_max", "sibling_similarity_mean", "sibling_word_overlap")
_SIBLING_FEATURES = ("sibling_gap", "gap_to_best_sibling", *RESEMBLANCE_TO_NEIGHBOURS)

FEATURES = (
    "similarity", "z_vs_foils", "top3_similarity", "centroid_similarity", "sibling_gap",
    "rare_word_overlap", "capitalised_found", "entities_found", "entities_missing",
    "people_missing", "places_missing", "place_conflict", "date_conflict", "file_photo",
    "headline_similarity", "entity_share", "sibling_similarity_max",
    "sibling_similarity_mean", "gap_to_best_sibling", "sibling_word_overlap", "titled_missing",
)


@dataclass(frozen=True)
class CaptionEvidence:
    values: dict[str, float]
    missing_entities: tuple[str, ...]  # names and places of the caption the story never uses
    closest_sentence: str
    credit_only: bool  # nothing but a credit line: no scene to hold against the story

    def vector(self, features: tuple[str, ...]) -> np.ndarray:
        return np.array([self.values[f] for f in features], dtype=np.float64)


def evidence_for_all(ctx: CheckContext) -> list[CaptionEvidence]:
    return ctx.memo("caption_evidence", lambda: _build_all(ctx))


def _build_all(ctx: CheckContext) -> list[CaptionEvidence]:
    prepared = ctx.prepared
    fits = caption_fits(ctx)
    story_words = _story_words(prepared.full_text)
    story_stems = frozenset(stem(w) for w in story_words)
    places = story_places(ctx)
    story_names = places.name_words
    entities = caption_entities(ctx)
    best = [f.similarity for f in fits]
    unit_vectors, caption_vectors = text_vectors(ctx)
    scenes = prepared.scene_captions
    past = story_past(ctx)
    place_findings = caption_place_findings(ctx)
    out: list[CaptionEvidence] = []
    for index, figure in enumerate(prepared.article.figures):
        parts = split_caption(figure.caption)
        scene = scene_of(figure.caption)  # as its entities were read
        fit = fits[index]
        named = [e for e in (_placed(_aged(e, scene), scene) for e in entities[index])
                 if e.label in _NAMED and not _bystander(e, scene, story_words, story_names, story_stems)]
        missing = [e for e in named
                   if not _entity_in_story(e, story_words, story_names) and not _in_story_countries(e, places)
                   and not _the_story_s_spot(e, scene, places) and not _origin(e, scene) and not _opponent(e, scene)
                   and not _a_common_word_opening(e, scene)]
        conflicts = place_findings[index]
        dated = date_reasons(figure.caption, prepared.published, ctx.settings.date_tolerance_days, past=past)
        values = {
            "similarity": fit.similarity,
            "z_vs_foils": fit.z,
            "top3_similarity": fit.top3,
            "centroid_similarity": fit.centroid,
            "rare_word_overlap": _rare_word_overlap(scene, story_stems),
            "capitalised_found": _capitalised_found(scene, story_words),
            "entities_found": float(len(named) - len(missing)),
            "entities_missing": float(len(missing)),
            "people_missing": float(sum(e.label == "PERSON" for e in missing)),
            "titled_missing": _titled_from_elsewhere(missing, scene, places),
            "places_missing": float(sum(e.label in _PLACE_LABELS for e in missing)),
            "place_conflict": _strength(conflicts),
            "date_conflict": 1.0 if any(r.severity != Severity.info for r in dated) else 0.0,
            "file_photo": float(parts.file_photo),
            "headline_similarity": float(caption_vectors[index] @ unit_vectors[0]),
            "entity_share": (len(named) - len(missing)) / len(named) if named else 0.5,
            **_sibling_values(index, caption_vectors, best, scenes),
        }
        out.append(CaptionEvidence(values, tuple(dict.fromkeys(e.text for e in missing)), fit.closest,
                                   credit_only=not parts.scene))
    return out


def _titled_from_elsewhere(missing: list[Entity], scene: str, places: ArticlePlaces) -> float:
    """1 when the caption gives a title of public life to someone the story never names, unless
    the title is of a country the story names: two ministers at the meeting the story reports
    ("Egyptian Foreign Minister Badr Abdelatty" under a story that names Egypt) are its
    delegates, and a second unknown official is no more evidence than the first."""
    for e in missing:
        if e.label != "PERSON" or not introduced_by_title(scene, e.start):
            continue
        country = office_country(scene, e.text)
        if country is None or not country.countries & places.countries:
            return 1.0
    return 0.0


def _sibling_values(
    index: int, caption_vectors: np.ndarray, best: list[float], scenes: list[str]
) -> dict[str, float]:
    """How this caption sits among the article's other captions.

    A photo that came from another story tends to be unlike its neighbours and less tied to
    the story than the best of them. A lone caption has no neighbours: its values are "not
    applicable", which the decision reads as no evidence either way.
    """
    others = [j for j in range(len(scenes)) if j != index]
    if not others:
        return dict.fromkeys(_SIBLING_FEATURES, _NOT_APPLICABLE)
    similarities = caption_vectors[others] @ caption_vectors[index]
    own = content_stems(scenes[index])
    neighbours = set().union(*(content_stems(scenes[j]) for j in others))
    return {
        "sibling_gap": best[index] - float(np.median([best[j] for j in others])),
        "sibling_similarity_max": float(similarities.max()),
        "sibling_similarity_mean": float(similarities.mean()),
        "gap_to_best_sibling": best[index] - max(best[j] for j in others),
        "sibling_word_overlap": len(own & neighbours) / len(own) if own else 0.0,
    }


def _placed(entity: Entity, scene: str) -> Entity:
    """The small pipeline now and then takes a town after "in" for a person or an organisation
    ("a polling station in Kandy", "his shop in Cesena"), or a state after its town for one
    ("Crested Butte, CO."): a known place right after a locative or a town's comma is a place."""
    if entity.label not in ("PERSON", "ORG"):
        return entity
    before = scene[: entity.start]
    last = before.split()[-1:]
    after_locative = bool(last) and last[0].lower() in LOCATIVES
    if not (after_locative or _AFTER_A_TOWN.search(before)) or _locate(entity.text) is None:
        return entity
    return replace(entity, label="GPE")


def _a_common_word_opening(entity: Entity, scene: str) -> bool:
    """ "Street vendor Juana Mamani sells corn", "Metro passengers wait on the platform": the small
    pipeline now and then takes a caption's capitalised first word before a small-letter one for
    a place, which no gazetteer knows."""
    return (entity.label in _PLACE_WORDS and entity.start == 0 and " " not in entity.text
            and bool(_SMALL_WORD_NEXT.match(scene[entity.end:])) and _locate(entity.text) is None)


def _aged(entity: Entity, scene: str) -> Entity:
    """ "Nurse Juliana Prado, 34, walks …": the small pipeline now and then takes a person with
    a word before the name for a place, but nothing but a person is given an age."""
    if entity.label == "DATE" or not _AGE_AFTER.match(scene[entity.end:]):
        return entity
    return replace(entity, label="PERSON")


def _in_story_countries(entity: Entity, places: ArticlePlaces) -> bool:
    """A place the story never names but that lies in a country it is about ("Munich" under a
    German election) is not foreign to it."""
    if entity.label not in _LOCATABLE or not places.located:
        return False
    place = _locate(entity.text)
    return place is not None and bool(place.countries & (places.countries | places.area_countries))


def _the_story_s_spot(entity: Entity, scene: str, places: ArticlePlaces) -> bool:
    """A place of the story's own town that the story never names: genuine captions name such
    spots every day, and the decision should not read them as another story's names. A part
    of a town the story names ("in Tacloban's San Jose district"), a village or suburb within
    `LOCAL_DETAIL_KM` of one, or a spot no gazetteer lists where the caption is set."""
    if not places.located:
        return False
    nearby = entity.label in _LOCATABLE and near_a_story_town(entity.text, places) is not None
    return _part_of_a_story_place(entity, scene, places) or nearby or _unlisted_spot(entity, scene)


def _part_of_a_story_place(entity: Entity, scene: str, places: ArticlePlaces) -> bool:
    """ "Tacloban's San Jose district": after a town the story names, with its possessive (not a
    country's: "Pakistan's Asia Cup match" is no part of Pakistan's flood)."""
    owner = _OWNER.search(scene[: entity.start])
    if owner is None:
        return False
    towns = {fold(name) for name, _ in places.towns}
    words = owner.group(1).split()
    return any(fold(" ".join(words[i:])) in towns for i in range(len(words)))


def _origin(entity: Entity, scene: str) -> bool:
    """ "A volunteer from Barcelona": where someone comes from, not where the photo is, and no
    sign of another story's scene. Like the story's own spots, it counts with the names found:
    counting it neither way raised the probes' false flags."""
    return entity.label in _LOCATABLE and bool(_FROM.search(scene[: entity.start]))


def _opponent(entity: Entity, scene: str) -> bool:
    """ "rakes the infield before a game against the Norfolk Tides": the side played, which a
    story of the home side need not name. It counts with the names found, as an origin does;
    what protesters rally against is no side played."""
    return entity.label != "PERSON" and bool(_AGAINST.search(scene[: entity.start]))


def _unlisted_spot(entity: Entity, scene: str) -> bool:
    """A place no gazetteer lists, where the caption sets its scene ("in Kibera", "at a clinic
    in Farchana camp", "at Giant Center"). GeoNames lists towns of 500 people and more, not the
    neighbourhoods, camps, streets and venues that genuine captions name every day; another
    story's caption is told by the towns it names, which the gazetteer does know."""
    before = [w.lower() for w in _NAMED_AS.sub("", scene[: entity.start]).split()[-2:]]
    if before[-1:] == ["the"]:
        before.pop()
    locative = before[-1] if before else ""
    # "Isu station", "Gikomba market": a name before a spot word names the spot, even where a
    # village somewhere shares it.
    spot_after = bool(_SPOT_WORDS.intersection(CONTENT_WORD.findall(fold(scene[entity.end:]))[:1]))
    if entity.label in _LOCATABLE or spot_after or _SPOT_WORDS & {fold(w) for w in entity.text.split()}:
        set_there = locative in _SPOT_LOCATIVES or _described_after_a_locative(scene[: entity.start])
    else:  # the small pipeline's guess for a name it has never seen: nobody is "in" a person
        set_there = (entity.label in _GUESSED_FOR_PLACES and locative in _IN
                     and not scene[entity.end:].startswith(("'s", "’s")))
    listed_town = not spot_after and bool(small_towns().get(name_key(entity.text)))
    return set_there and _locate(entity.text) is None and not listed_town


def _described_after_a_locative(before: str) -> bool:
    """ "along an iced-over Interstate 35": a locative, then an article and words in small
    letters that describe the spot."""
    words = before.split()[-4:]
    for i, word in enumerate(words):
        rest = words[i + 1:]
        if word.lower() in _SPOT_LOCATIVES and rest and rest[0].lower() in ("a", "an", "the") and all(
                w[:1].islower() for w in rest):
            return True
    return False


def _locate(name: str) -> Place | None:
    """A place by its name, or by the abbreviation newsrooms write: "U.S.", "UK", "N.C.", "Pa."."""
    gz = gazetteer()
    code = name.replace(".", "")
    if "." in name or code.isupper():
        written = gz.abbreviations.get(code) or gz.us_state_codes.get(code)
        if written is not None:
            return written
    return gz.lookup(name_key(name))


def _story_words(text: str) -> frozenset[str]:
    """The story's words of three letters or more, and its capital-letter codes ("US", "U.S.",
    "EU") folded the same way, so a caption's "U.S." is found in a story that writes "US"."""
    codes = {fold(code.replace(".", "")) for code in _CODE.findall(text)}
    return frozenset(CONTENT_WORD.findall(fold(text))) | codes


def _bystander(entity: Entity, scene: str, story_words: frozenset[str], story_names: frozenset[str],
               story_stems: frozenset[str]) -> bool:
    """A person the story never mentions whom the caption introduces by an everyday role: a
    resident, a worker, an athlete. Real captions name such people every day, so they are no
    evidence either way; an unknown president, or a bare famous name, still is."""
    return (entity.label == "PERSON" and not _entity_in_story(entity, story_words, story_names)
            and not holds_office(scene, entity.text)
            and (introduced_by_role(scene, entity.start, entity.end)
                 or _opens_with_story_word(entity, scene, story_stems)))


def _opens_with_story_word(entity: Entity, scene: str, story_stems: frozenset[str]) -> bool:
    """"Farmer Dale Wiebe checks the soil" under a story about farmers: the recogniser took the
    caption's first word into the name, but the story uses it as a common word, so it is the
    person's role. Office words never count here ("President" opens a titled name)."""
    first, _, rest = entity.text.partition(" ")
    if scene[: entity.start].strip() or not rest:
        return False
    word = fold(first)
    return word not in TITLE_WORDS and stem(word) in story_stems and word not in stop_words()


def _entity_in_story(entity: Entity, story_words: frozenset[str], story_names: frozenset[str]) -> bool:
    """A person as `known_name` finds one (by the surname the story writes with a capital);
    anything else by any of its words."""
    if entity.label == "PERSON":
        return known_name(entity.text, story_names, story_words)
    words = [w for w in CONTENT_WORD.findall(fold(entity.text)) if w not in stop_words()]
    if not words:  # "US", "U.S.", "EU": read as the letters the story would write
        words = [fold(entity.text.replace(".", ""))]
    return any(w in story_words for w in words)


def _strength(reasons) -> float:
    if any(r.severity == Severity.mismatch for r in reasons):
        return 1.0
    return 0.5 if any(r.severity == Severity.review for r in reasons) else 0.0


def _rare_word_overlap(scene: str, story_stems: frozenset[str]) -> float:
    """Share of the caption's content words, weighted by rarity in news captions, the story uses
    in some form ("villager" and "villages", "cheering" and "cheered" share a stem)."""
    stems = content_stems(scene)
    # fsum: a set's order changes from one process to the next, and the sum must not.
    total = math.fsum(_rarity(w) for w in stems)
    if not total:
        return 0.0
    return math.fsum(_rarity(w) for w in stems if w in story_stems) / total


def _capitalised_found(scene: str, story_words: frozenset[str]) -> float:
    """Share of the caption's capitalised words (after its first) that the story uses; 0.5 if none."""
    words = [fold(w) for w in _CAPITALISED.findall(scene)[1:]]
    words = [w for w in words if len(w) > 2 and w not in stop_words()]
    return sum(w in story_words for w in words) / len(words) if words else 0.5


def _rarity(word: str) -> float:
    counts, total = _foil_word_counts()
    return math.log((total + 1) / (counts.get(word, 0) + 1))


@lru_cache(maxsize=1)
def _foil_word_counts() -> tuple[Counter[str], int]:
    foils = foil_captions()
    return Counter(w for f in foils for w in {stem(w) for w in CONTENT_WORD.findall(fold(f))}), len(foils)
