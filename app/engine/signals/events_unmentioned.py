"""Events the story never mentions: a caption set at a named event the story has no word of.

"Runners pass along Uhuru Highway during the Nairobi International Marathon" under a story
about a market fire in Nairobi: the place fits, and a sentence model sees a busy Nairobi
street, but the photo is of another day's news. A caption that puts its scene at a named event
("during", "at", "in", or watching it) of a kind that names an occasion (a marathon, a grand
prix, a festival, a show, a cup match) asks for review when the story never uses the event's
kind or any of its own words, and so does a match of sides the story never names, and a kind
of event (an election, a fire, a flood, snow, a heatwave, a shooting, an earthquake:
event_kinds.py) the story has no word of. Not read: photos of people the story names (portraits
are taken at events every day), file photos and photos of an earlier year, and captions written
in Title Case (a related story's headline). Summits, conferences and award nights are left
out for the same reason as portraits: the story's people are photographed there.
Not governed by the caption decision: none of its labelled data has such a pair, so this
conflict stands at review on its own, like the town and role checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.engine.caption_anatomy import CaptionParts, split_caption
from app.engine.event_kinds import kinds_shown, mentions
from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import name_key, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import names_an_earlier_year
from app.engine.signals.people_found import caption_people_all
from app.engine.signals.places import ArticlePlaces, story_places
from app.engine.text import CAPITALS, fold, stop_words
from app.schema import Reason
from app.settings import Severity

CAPTION_EVENT_UNMENTIONED = "caption_event_unmentioned"

# The last words of an occasion's name. Those that are also everyday words ("open", "show",
# "race") count as mentioned when the story uses the word at all.
_HEADS = ("Marathon", "Half Marathon", "Grand Prix", "Regatta", "Carnival", "Festival", "Olympics",
          "Paralympics", "Expo", "Parade", "Tournament", "Championships?", "Triathlon", "Biennale",
          "Fashion Week", "Open", "Race", "Cup", "Games", "Show", "Fair", "Derby", "Rally", "Classic")
_WORD = rf"(?:[{CAPITALS}][\w'’.&-]*|\d[\w-]*)"
_EVENT = re.compile(
    rf"(?P<name>(?:{_WORD}\s+(?:(?:of|de|and|&)\s+)?){{1,5}}(?P<head>{'|'.join(_HEADS)}))(?![\w'’-])")
# Where the caption's scene is the event: "during the ...", "compete in the ...", "watch ...".
_AT = frozenset("during at in before after ahead for from watch watches watching compete competes "
                "competing cheer cheers".split())
_BEFORE_WORDS = 3
# A match and its sides: "a match between Huracán and Independiente", "a match against River
# Plate", "the Cyclones' win over Iowa", "Hearts of Oak beat Asante Kotoko".
_SIDE = rf"[{CAPITALS}][\w'’.&-]*(?:\s+(?:of\s+)?[{CAPITALS}][\w'’.&-]*){{0,3}}"
_FIXTURE = re.compile(
    rf"\b(?:match|game|final|derby|clash)\s+(?:between\s+({_SIDE})\s+and\s+({_SIDE})|against\s+({_SIDE}))"
    rf"|({_SIDE})['’]s?\s+(?:win|victory)\s+over\s+({_SIDE})|({_SIDE})\s+beat\s+({_SIDE})")
# Words of many events' names, which say nothing of which event it is.
_GENERIC = frozenset("the annual international national world street city grand".split())


@dataclass(frozen=True)
class StoryWords:
    words: frozenset[str]  # folded
    capitalised: frozenset[str]  # folded, of the words the story writes with a capital
    text: str = ""


def story_words(text: str) -> StoryWords:
    words = re.findall(r"\w+", text)
    return StoryWords(frozenset(fold(w) for w in words), frozenset(fold(w) for w in words if w[0].isupper()), text)


def unmentioned_event_reasons(caption: str, story: StoryWords, places: ArticlePlaces,
                              people: list[str], published: date | None) -> list[Reason]:
    """`people`: the people the caption names."""
    parts = split_caption(caption)
    if not may_show_other_news(parts, places, people, published):
        return []
    for match in _EVENT.finditer(parts.scene):
        name = _own_name(match.group("name"))
        if _the_scene(parts.scene, match.start()) and not _mentioned(name, match.group("head"), story):
            message = (f"The caption puts the photo at the {name}, which the story never mentions; "
                       f"check that the photo belongs to the story.")
            return [make_reason(CAPTION_EVENT_UNMENTIONED, Severity.review, message, caption_event=name)]
    return _unmentioned_fixture(parts.scene, story) or _unmentioned_kind(parts.scene, story)


def may_show_other_news(parts: CaptionParts, places: ArticlePlaces, people: list[str],
                        published: date | None) -> bool:
    """Whether a caption may be read for another day's news. Not file photos or photos of an
    earlier year, not captions in Title Case (a related story's headline), and not photos of a
    person the story names (portraits are taken at other events every day)."""
    if parts.file_photo or names_an_earlier_year(parts.scene, published) or _in_title_case(parts.scene):
        return False
    return not any(places.names_person(person) for person in people)


def _unmentioned_fixture(scene: str, story: StoryWords) -> list[Reason]:
    """ "a Liga Profesional match between Huracán and Independiente" under a story about Boca
    Juniors: a match of sides the story never names. Countries and towns as sides ("the fourth
    Test against India") are left out: a story names them for many reasons."""
    match = _FIXTURE.search(scene)
    if match is None:
        return []
    sides = [side.rstrip(".") for side in match.groups() if side]
    teams = [side for side in sides if _own_words(side)]
    if not teams or any(w in story.capitalised for side in teams for w in _own_words(side)):
        return []
    message = (f"The caption shows “{match.group(0).rstrip('.')}”, and the story never mentions "
               f"{' or '.join(teams)}; check that the photo belongs to the story.")
    return [make_reason(CAPTION_EVENT_UNMENTIONED, Severity.review, message, caption_event=" v ".join(sides))]


def _unmentioned_kind(scene: str, story: StoryWords) -> list[Reason]:
    """ "A firefighter battles a brush fire near Cave Creek" under a story about cooling centres
    in Phoenix: a kind of event (event_kinds.py) the story has no word of, nor of what comes
    with it."""
    for kind, words in kinds_shown(scene):
        if not mentions(story.text, kind):
            message = (f"The caption shows {kind.name} (“{words}”), which the story never mentions; "
                       f"check that the photo belongs to the story.")
            return [make_reason(CAPTION_EVENT_UNMENTIONED, Severity.review, message, caption_event=kind.name)]
    return []


def _own_name(name: str) -> str:
    """Without an opening "The" or whose it is: "Pakistan's Asia Cup" is the Asia Cup."""
    return re.sub(r"^(?:The\s+)?(?:.*['’]s\s+)?", "", name)


def _the_scene(text: str, start: int) -> bool:
    before = [fold(w) for w in re.findall(r"[\w'’]+", text[:start])][-_BEFORE_WORDS:]
    return any(word in _AT for word in before)


def _mentioned(name: str, head: str, story: StoryWords) -> bool:
    """The story uses the event's kind ("marathon", "championship", "fashion" of "Fashion
    Week"), or writes with a capital one of the event's own words that is neither a place nor
    a word of many events ("Nehru" of the "Nehru Trophy Boat Race")."""
    kinds = {fold(w) for w in head.split()} - _GENERIC - {"week", "half"}
    if any(k in story.words or k.rstrip("s") in story.words or f"{k}s" in story.words for k in kinds):
        return True
    own = _own_words(name[: len(name) - len(head)])
    return any(w in story.capitalised for w in own if not w.isdigit())


def _own_words(text: str) -> list[str]:
    """An event's or a side's words that name it: not a town or country ("India"), nor a word
    of many names."""
    words = [fold(w) for w in re.findall(r"\w+", text)]
    return [w for w in words if w not in _GENERIC and w not in stop_words() and not _a_place(w)]


def _a_place(word: str) -> bool:
    return gazetteer().lookup(name_key(word)) is not None


def _in_title_case(text: str) -> bool:
    tokens = tokenize(text)
    return bool(tokens) and tokens[0].titled


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    story = story_words(ctx.prepared.full_text)
    places = story_places(ctx)
    people = caption_people_all(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        names = [person.text for person in people[index]]
        findings.add(index, *unmentioned_event_reasons(figure.caption, story, places, names,
                                                       ctx.prepared.published))
    return findings


SIGNAL = Signal(name="events_unmentioned", codes=(CAPTION_EVENT_UNMENTIONED,), needs=frozenset(), run=_run)
