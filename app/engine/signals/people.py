"""People: names in a caption that the story never mentions.

Names come from the spaCy pipeline (PERSON entities of the caption's scene, credits split
off first, so photographers are not subjects). A name is known when its surname, or any
other telling word of it, appears in the story. Bystanders, workers and athletes are named
in genuine captions every day, so an unknown name alone is information; an office holder
(President, Rep., minister...) the story never mentions asks for review.
"""

from __future__ import annotations

from app.engine.caption_anatomy import scene_of
from app.engine.encoders.entities import Entity, EntityRecognizer, entity_recognizer
from app.engine.gazetteer import FUNCTION_WORDS, gazetteer, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.schema import Reason
from app.settings import Severity

CAPTION_PERSON_UNKNOWN = "caption_person_unknown"
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
    "spokesperson deputy premier councillor councilor mp saint st speaker envoy".split()
)
# Offices that make a person an actor of some story: an unknown one asks for review.
OFFICE_WORDS = frozenset(
    "president vice prime minister secretary chancellor senator sen rep representative "
    "congressman congresswoman governor gov mayor king queen prince princess pope premier "
    "ambassador envoy speaker mp leader general".split()
)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)
_TITLE_WINDOW = 4  # "US Rep.", "Speaker of the House", "Prime Minister of Japan"


def caption_people(captions: list[str], recognizer: EntityRecognizer) -> list[list[Entity]]:
    """The people each caption's scene names (credits left out), recognised in one batch."""
    found = recognizer.entities([scene_of(c) for c in captions])
    return [[e for e in entities if e.label == "PERSON" and _is_name(e.text)] for entities in found]


def _is_name(text: str) -> bool:
    """A person entity that is a single known place ("Lyon") is the small model's mistake."""
    words = [t for t in tokenize(text) if t.key not in FUNCTION_WORDS]
    if not words:
        return False
    if len(words) == 1 and gazetteer().lookup((words[0].key,)) is not None:
        return False
    return any(t.cap for t in words)


def person_reasons(caption: str, article_text: str, people: list[Entity]) -> list[Reason]:
    story_words = {t.key for t in tokenize(article_text)}
    names = _unique([p.text for p in people if not _known(p.text, story_words)])
    if not names:
        return []
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    message = f"The caption names {who}, but the story never mentions {'them' if len(names) > 1 else 'this name'}."
    scene = scene_of(caption)
    titled = [name for name in names if holds_office(scene, name)]
    severity = Severity.review if titled else Severity.info
    return [make_reason(CAPTION_PERSON_UNKNOWN, severity, message, names=names, titled=titled)]


def holds_office(text: str, name: str) -> bool:
    """The words just before the name give them an office ("US Rep. Ilhan Omar")."""
    at = text.find(name)
    before = [w.strip(".,()").lower() for w in text[: max(at, 0)].split()[-_TITLE_WINDOW:]]
    return at >= 0 and any(w in OFFICE_WORDS for w in before)


def _known(name: str, story_words: set[str]) -> bool:
    telling = [t.key for t in tokenize(name) if len(t.key) > 2 and t.key not in PARTICLES]
    return any(word in story_words for word in telling)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def shared_names(caption: str, article_text: str) -> list[str]:
    """Proper names (places, people, organisations) that both the caption and the story use.

    A word counts when the story capitalises it mid-sentence, so "Lava" opening a
    caption does not match "lava" in the story, while "Marrakech" does.
    """
    proper = {
        t.key for t in tokenize(article_text)
        if t.cap and not (t.initial or t.titled) and _distinctive(t.key)
    }
    shared: list[str] = []
    for tok in tokenize(scene_of(caption)):
        if tok.cap and tok.key in proper and _distinctive(tok.key) and tok.text not in shared:
            shared.append(tok.text)
    return shared


def _distinctive(key: str) -> bool:
    return len(key) > 2 and not (key in FUNCTION_WORDS or key in CALENDAR_WORDS or key in TITLE_WORDS)


def caption_people_all(ctx: CheckContext) -> list[list[Entity]]:
    """Every caption's people, recognised in one batch per check (other signals read them too)."""
    def build() -> list[list[Entity]]:
        recognizer = entity_recognizer(ctx.models, ctx.settings)
        return caption_people([f.caption for f in ctx.prepared.article.figures], recognizer)

    return ctx.memo("caption_people", build)


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    story = ctx.prepared.full_text
    for index, (figure, people) in enumerate(zip(ctx.prepared.article.figures, caption_people_all(ctx))):
        findings.add(index, *person_reasons(figure.caption, story, people))
    return findings


SIGNAL = Signal(name="people", codes=(CAPTION_PERSON_UNKNOWN,), needs=frozenset(), run=_run)
