"""Occasions the story never mentions: a caption that says what was happening when its photo was
taken, in words the story never uses and in a sense no sentence of it comes near.

"Shoppers on Briggate in Leeds city centre as retailers report a slow start to the Christmas
trading period" under a story about a care-home manager jailed in Leeds: the town fits, and a
sentence model sees a Leeds street, but the caption's own account of the moment ("as …",
"during …", "after …", "ahead of …", "where …", "demanding …") is another day's news. Read only
where the occasion is told in at least two everyday words (not names: a story calls a place or
a body by many names), none of which the story uses in any form, and where the sentence model
finds it unlike every sentence of the story. Words of any occasion ("a news conference", "a
rally", "on Sunday") say nothing of which one it is and are not counted. Not read, as for named
events (events_unmentioned.py): file photos, photos of an earlier year, captions in Title Case,
and photos of people the story names. Not governed by the caption decision: its labelled data
has too few such captions, so this stands at review on its own, like the event checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from app.engine.caption_anatomy import split_caption
from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import name_key
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.caption_article import text_vectors
from app.engine.signals.events_unmentioned import may_show_other_news
from app.engine.signals.people_found import caption_people_all
from app.engine.signals.places import ArticlePlaces, story_places
from app.engine.signals.places_locality import LOCATIVES
from app.engine.text import CAPITALS, content_stems, fold, stem, stop_words
from app.schema import Reason
from app.settings import Severity

CAPTION_OCCASION_UNMENTIONED = "caption_occasion_unmentioned"

_MARKER = re.compile(
    r"(?<![\w'’-])(?P<marker>as|during|ahead of|after|amid|following|where|demanding|in a dispute over"
    r"|in protest (?:at|over|against)|to protest(?: against| over)?|protest(?:s|ing)? (?:against|over))\s+"
    r"(?P<occasion>[^;()—]+)")
# "as" that is no time or cause: "such as", "known as", "dressed as", "as part of".
_NOT_A_TIME = re.compile(r"(?:such|well|known|dressed|same|so|serves?|served|serving|identified|described|"
                         r"listed|seen|regarded|named|used|act|acts|acting)\s+$", re.IGNORECASE)
_NOT_AN_OCCASION = re.compile(r"^(?:part|a result|well|seen|much|many|long|soon|far|a whole)\b", re.IGNORECASE)
_EVERYDAY_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{2,}")
# Words of any occasion, and of when: they say nothing of which occasion it is.
_ANY_OCCASION = frozenset(
    "event events rally ceremony conference news press briefing meeting meetings visit speech address "
    "interview hearing session campaign appearance summit tour launch forum gala dinner reception photo "
    "day days week weeks month months year years morning afternoon evening night weekend today yesterday "
    "time times".split())
_MIN_WORDS = 2
_CAPITALISED_INSIDE = re.compile(rf"(?<=[\w,;:'’]\s)[{CAPITALS}][\w'’-]*")
_NAME_RUN = re.compile(rf"[{CAPITALS}][\w'’.-]*(?:\s+[{CAPITALS}][\w'’.-]*)*")
# Sentence-model cosine below which an occasion is unlike a sentence: all-MiniLM-L6-v2 puts
# unrelated sentences near 0 and paraphrases of one event above 0.5.
_UNLIKE = 0.2


@dataclass(frozen=True)
class Occasion:
    written: str  # as the caption writes it, marker included: "as retailers report a slow start"
    told: str  # what happens: "retailers report a slow start to the Christmas trading period"


def unmentioned_occasion(scene: str, story_stems: set[str]) -> Occasion | None:
    """The first occasion the caption gives its photo in at least two everyday words, none of
    which the story uses (`story_stems`: the stems of the story's content words)."""
    for match in _MARKER.finditer(scene):
        told = match.group("occasion").strip().rstrip(".,")
        if match.group("marker").lower() == "as" and _not_an_occasion(scene[: match.start()], told):
            continue
        words = _telling_words(told)
        if len(words) >= _MIN_WORDS and not any(stem(w) in story_stems for w in words):
            return Occasion(f"{match.group('marker')} {told}", told)
    return None


def occasion_reason(occasion: Occasion, closeness: float) -> list[Reason]:
    """`closeness`: the sentence model's cosine between the occasion and the story's nearest
    sentence (headline included)."""
    if closeness >= _UNLIKE:
        return []
    message = (f"The caption sets the photo “{occasion.written}”, and the story says nothing of that; "
               f"check that the photo belongs to the story.")
    return [make_reason(CAPTION_OCCASION_UNMENTIONED, Severity.review, message,
                        caption_occasion=occasion.told, closeness=round(closeness, 3))]


def _not_an_occasion(before: str, told: str) -> bool:
    return bool(_NOT_A_TIME.search(before) or _NOT_AN_OCCASION.match(told))


def names_a_story_actor(scene: str, places: ArticlePlaces, story_text: str) -> bool:
    """The caption names someone the story names, whom the recogniser may have missed ("Lula
    speaks to supporters after …" opens its sentence): a capitalised name that is no place and
    that the story writes with a capital inside a sentence (not only at its start, as "Shoppers"
    may open one)."""
    inside = {fold(w) for w in _CAPITALISED_INSIDE.findall(story_text)}
    for run in _NAME_RUN.findall(scene):
        words = [w for w in run.split() if fold(w) not in stop_words()]
        name = " ".join(words)
        if not any(fold(w) in inside for w in words) or gazetteer().lookup(name_key(name)):
            continue
        if places.names_person(name):
            return True
    return False


def _telling_words(text: str) -> list[str]:
    """Its everyday words but for function words, words of where ("near Warsaw") and of any occasion."""
    return [w for w in _EVERYDAY_WORD.findall(text)
            if w not in stop_words() and w not in LOCATIVES and w not in _ANY_OCCASION]


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    prepared = ctx.prepared
    places = story_places(ctx)
    people = caption_people_all(ctx)
    story_stems = content_stems(prepared.full_text)
    found: dict[int, Occasion] = {}
    for index, figure in enumerate(prepared.article.figures):
        parts = split_caption(figure.caption)
        names = [person.text for person in people[index]]
        if not may_show_other_news(parts, places, names, prepared.published) or names_a_story_actor(
                parts.scene, places, prepared.full_text):
            continue
        occasion = unmentioned_occasion(parts.scene, story_stems)
        if occasion is not None:
            found[index] = occasion
    if not found:
        return findings
    unit_vectors, _ = text_vectors(ctx)
    vectors = ctx.models.text().encode([occasion.told for occasion in found.values()])
    for (index, occasion), vector in zip(found.items(), vectors):
        closeness = float(np.max(unit_vectors @ vector))
        findings.add(index, *occasion_reason(occasion, closeness))
    return findings


SIGNAL = Signal(name="occasions", codes=(CAPTION_OCCASION_UNMENTIONED,), needs=frozenset({Need.TEXT}), run=_run)
