"""Who a caption shows: the entities and people its scene names, as the spaCy pipeline finds
them, once per check.

Read once per check (`caption_people_all`) by the people signal, and by the place check,
which lets a portrait of someone the story names be taken anywhere. `known_name` is the one
rule for whether the story names a person, for these checks and the decision's evidence.
"""

from __future__ import annotations

import re

from app.engine.caption_anatomy import scene_of
from app.engine.encoders.entities import Entity, EntityRecognizer, entity_recognizer
from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import FUNCTION_WORDS, name_key, tokenize
from app.engine.signals.base import CheckContext
from app.engine.signals.place_mentions import SAINTS
from app.engine.text import fold

PARTICLES = frozenset(
    "de del della der den di da das do dos du van von bin ibn bint al el la le ter ten y abu"
    .split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady king queen prince princess pope "
    "president vice prime minister secretary chancellor senator sen rep representative "
    "congressman congresswoman governor gov mayor judge justice chief chef coach captain capt "
    "general gen colonel col lieutenant lt sergeant sgt major admiral commander officer "
    "inspector detective father rev reverend bishop archbishop cardinal imam rabbi sheikh emir "
    "sultan ambassador director chairman chairwoman chair ceo founder spokesman spokeswoman "
    "spokesperson deputy premier councillor councilor mp saint st speaker envoy "
    "det supt insp cst const cpl pte cmdr brig maj adm".split()  # police and military ranks, abbreviated
)
_NAME_SUFFIXES = frozenset({"jr", "snr", "jnr", "iii"})
_NAME_PART = re.compile(r"[a-z]{2,}")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")


def caption_people(captions: list[str], recognizer: EntityRecognizer) -> list[list[Entity]]:
    """The people each caption's scene names (credits left out), recognised in one batch."""
    scenes = [scene_of(c) for c in captions]
    return [people_among(scene, found) for scene, found in zip(scenes, recognizer.entities(scenes))]


def people_among(scene: str, entities: list[Entity]) -> list[Entity]:
    """The scene's people: not those it only shows in effigy ("the statue of General Baquedano")."""
    return [e for e in entities if e.label == "PERSON" and _is_name(e.text) and not depicted(scene, e.start)
            and not _names_a_thing(scene, e) and not _a_place_after_a_locative(scene, e)]


# "the People's Court in Hai Phong": a name the gazetteer knows as a whole, right after a word
# that says where, is the place the small model took for a person.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|from)\s+$", re.IGNORECASE)


def _a_place_after_a_locative(scene: str, entity: Entity) -> bool:
    return (_LOCATIVE_BEFORE.search(scene[:entity.start]) is not None
            and gazetteer().lookup(name_key(entity.text)) is not None)


# "the Mackintosh building", "the Trump administration": after "the" and before a word in small
# letters, a name says what a thing is called or whose it is; nobody by that name is shown.
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_SMALL_WORD_AFTER = re.compile(r"\s+[a-z]{3,}\b")


def _names_a_thing(scene: str, entity: Entity) -> bool:
    return bool(_THE_BEFORE.search(scene[:entity.start]) and _SMALL_WORD_AFTER.match(scene, entity.end))


# "a statue of General Baquedano", "a mural depicting Diego Maradona", "posters of President
# X": the person is shown in effigy, not in the scene, and holds no part in its story.
_DEPICTED = re.compile(
    r"\b(?:statue|portrait|mural|poster|bust|monument|effigy|effigies|painting|picture|photo|photograph"
    r"|image|banner|billboard|cut-?out|placard|memorial)s?\s+(?:of|to|depicting|showing|bearing)\b"
    r"[^.,;:!?()]{0,40}$", re.IGNORECASE)


def depicted(text: str, start: int) -> bool:
    return _DEPICTED.search(text[:start]) is not None


def _is_name(text: str) -> bool:
    """A person entity that is a single known place ("Lyon") or only a title is the small
    model's mistake."""
    words = [t for t in tokenize(text) if t.key not in FUNCTION_WORDS]
    if not words or all(t.key in TITLE_WORDS for t in words):  # "Det" of "Det. Sgt. Mike Mavity"
        return False
    if words[0].key in SAINTS:  # "the old church of Sant Romà": a dedication, nobody shown
        return False
    if len(words) == 1 and gazetteer().lookup((words[0].key,)) is not None:
        return False
    return any(t.cap for t in words)


def known_name(name: str, story_names: frozenset[str], story_words: frozenset[str]) -> bool:
    """A person is named by the story when it writes their family name with a capital, any
    word after the first: "Mark Zuckerberg" is not found in a story that will "mark" an
    anniversary, nor "Kay Ivey" in one that names another Kay, while "George Floyd Square" is
    the story's George Floyd. A "name" all of whose words the story writes is its own phrase
    misread ("Attends Every Single Show"). `story_names`: `name_parts` of the story;
    `story_words`: its folded words."""
    parts = [w for w in _NAME_PART.findall(fold(name)) if w not in _NAME_SUFFIXES]
    family = [w for w in parts[1:] if w not in PARTICLES] or parts
    return bool(parts) and (any(p in story_names for p in family) or all(p in story_words for p in parts))


def name_parts(text: str) -> frozenset[str]:
    """The parts of a text's words written with a capital, folded: "O'Rourke" gives "rourke",
    "al-Aiban" "aiban" (and "al"), "Xi" "xi"."""
    return frozenset(part for token in _TOKEN.findall(text) if not token.islower()
                     for part in _NAME_PART.findall(fold(token)))


def caption_entities(ctx: CheckContext) -> list[list[Entity]]:
    """Entities of every caption's scene (credits split off), recognised in one batch per check."""
    def build() -> list[list[Entity]]:
        scenes = [scene_of(f.caption) for f in ctx.prepared.article.figures]
        return entity_recognizer(ctx.models, ctx.settings).entities(scenes)

    return ctx.memo("caption_entities", build)


def caption_people_all(ctx: CheckContext) -> list[list[Entity]]:
    """Every caption's people, from the one batch of entities per check (other signals read them too)."""
    def build() -> list[list[Entity]]:
        return [people_among(scene_of(f.caption), found)
                for f, found in zip(ctx.prepared.article.figures, caption_entities(ctx))]

    return ctx.memo("caption_people", build)


# "Calder Therapeutics chief executive Mark Feldstein at the company's offices in Cambridge":
# a person, then where, and nothing they do: a portrait. The words before the name are their
# title ("chief executive", "the company's"), not what someone does to them ("Police escort").
# "Conor Breslin in action during the match", "in their Škoda Fabia on the stage": an event.
_POSED_AFTER = re.compile(r"(?:,[^,.;]{1,60},)?\s+(?:at|in|outside|inside)\s+(?!action\b)(?:the\b|an?\b|[A-Z])")
_AN_EVENT = re.compile(r"\b(?:during|in action)\b")
_TITLE_REACH = 6
_OF_A_TITLE = frozenset({"chief", "executive", "former", "the", "of", "and"})
_PERSON_OR_ORG = frozenset({"PERSON", "ORG"})


def posed_portraits(scene: str, entities: list[Entity]) -> list[Entity]:
    """The people a caption shows posed, as in a portrait: opening it, then only where. The
    small pipeline often reads such a name as an organisation ("Giovanni Castellucci at a
    hearing"), so a name of two or more words either way counts."""
    if _AN_EVENT.search(scene):
        return []
    return [e for e in entities if e.label in _PERSON_OR_ORG and len(e.text.split()) >= 2
            and _POSED_AFTER.match(scene, e.end) and _only_a_title(scene[:e.start])]


def _only_a_title(text: str) -> bool:
    words = text.split()
    return len(words) <= _TITLE_REACH and all(_of_a_title(w) for w in words)


def _of_a_title(word: str) -> bool:
    return word[:1].isupper() or word.endswith(("'s", "’s")) or fold(word.strip(".,")) in TITLE_WORDS | _OF_A_TITLE
