"""Portraits from the past: a caption that shows a person the story names at an earlier time.

"Giovanni Castellucci, pictured at an event in Rome in 2017" under the Genoa bridge trial he
is a defendant in: the photo is an archive portrait of the story's own person, so where it was
taken says nothing about where the story happens. Its place findings are noted, not flagged.
The caption must name the person and say the photo is older than the story: years old
(`shows_the_past`), or dated more than a month before it, with its year or without ("Kakamega
Governor Fernandes Barasa at a press briefing in Nairobi in January 2025" under his county's
June nurses' strike). A swapped caption of another story rarely does both. Its date is still
weighed by the date check.
So is an archive photo of what the headline is about by a name of its own, such as a company
("An Embraer E195-E2 jet on display at the Farnborough Airshow in Britain in 2018" under
"Embraer to cut 2,500 jobs"): business stories run such file photos every day.
"""

from __future__ import annotations

import re
from datetime import date

from app.engine.caption_anatomy import scene_of
from app.engine.encoders.entities import Entity
from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import fold, name_key
from app.engine.reasons import noted
from app.engine.signals.base import CheckContext
from app.engine.signals.dates import days_without_year, find_scene_dates, shows_the_past
from app.engine.signals.people_found import caption_entities
from app.engine.signals.places_story import ArticlePlaces
from app.engine.text import stop_words
from app.schema import Reason
from app.settings import Severity

_PORTRAIT_DAYS = 30  # dated a month before the story: an earlier event, not the story's scene
_CAPITALISED = re.compile(r"\b[A-Z][\w&-]+")
_WORD = re.compile(r"\w+")


def story_person_in_the_past(scene: str, entities: list[Entity], places: ArticlePlaces,
                             published: date | None) -> str | None:
    """The person the story names whom the caption shows before the story (`_earlier`), if any. The
    small pipeline often reads a name opening a caption as an organisation ("Giovanni
    Castellucci, pictured ..."): a name of two or more capitalised words counts too."""
    if published is None or not _earlier(scene, published):
        return None
    return next((e.text for e in entities if _a_name(e) and places.names_person(e.text)), None)


def story_subject_in_the_past(scene: str, subject_words: frozenset[str], published: date | None) -> str | None:
    """What the story's headline is about, by a name of its own, in an archive photo: "An
    Embraer E195-E2 jet on display at the Farnborough Airshow in Britain in 2018" under
    "Embraer to cut 2,500 jobs". The small pipeline seldom knows a company's name, so a
    capitalised word of the headline counts that the story never writes in small letters and
    that is no place. `subject_words`: `headline_names`."""
    if published is None or not _earlier(scene, published):
        return None
    words = _CAPITALISED.findall(scene)[1:]  # the first word has its capital for opening the caption
    return next((w for w in words if fold(w) in subject_words and not gazetteer().lookup(name_key(w))), None)


def headline_names(headline: str, body: str) -> frozenset[str]:
    """The headline's words written with a capital, folded, that the body never writes in small
    letters: "Embraer" of "Embraer to cut 2,500 jobs", not "Cut" of a headline in Title Case."""
    small = {fold(w) for w in _WORD.findall(body) if w.islower()}
    return frozenset(fold(w) for w in _CAPITALISED.findall(headline)) - small - stop_words()


def _earlier(scene: str, published: date) -> bool:
    """Years before the story, or a day more than a month before it, with its year or without
    ("during a break in the Republican presidential primary debate on Aug. 6 in Cleveland")."""
    days = [when for _, when in find_scene_dates(scene)] + days_without_year(scene, published)
    return shows_the_past(scene, published) or any((published - when).days > _PORTRAIT_DAYS for when in days)


def _a_name(entity: Entity) -> bool:
    """A person, or an organisation of capitalised words none of which is a place ("Okinawa
    Prefecture" is no one)."""
    if entity.label == "PERSON":
        return True
    words = entity.text.split()
    return (entity.label == "ORG" and len(words) >= 2 and all(w[:1].isupper() for w in words)
            and not any(gazetteer().lookup(name_key(w)) for w in words))


def as_portrait(reason: Reason, person: str) -> Reason:
    return noted(reason, f"It shows {person}, whom the story names, at an earlier time: a portrait.",
                 portrait_of=person)


def as_archive_photo(reason: Reason, subject: str) -> Reason:
    return noted(reason, f"It shows {subject}, which the story is about, at an earlier time: an archive photo.",
                 archive_photo_of=subject)


def portraits_noted(ctx: CheckContext, findings: list[list[Reason]], places: ArticlePlaces) -> list[list[Reason]]:
    """Each caption's place findings, noted only where the caption is a past portrait of the
    story's own person. The entities are read only when some caption has a finding to weigh."""
    if not any(r.severity != Severity.info for found in findings for r in found):
        return findings
    out: list[list[Reason]] = []
    subject = headline_names(ctx.prepared.article.headline, ctx.prepared.body_text)
    for figure, found, shown in zip(ctx.prepared.article.figures, findings, caption_entities(ctx)):
        scene = scene_of(figure.caption)  # as its entities were read
        person = story_person_in_the_past(scene, shown, places, ctx.prepared.published) if found else None
        thing = story_subject_in_the_past(scene, subject, ctx.prepared.published) if found and not person else None
        if person:
            found = [as_portrait(r, person) for r in found]
        elif thing:
            found = [as_archive_photo(r, thing) for r in found]
        out.append(found)
    return out
