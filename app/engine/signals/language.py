"""Language: a caption written in another language than its story.

A newsroom writes a story's captions in the story's language. A caption in another one
("Corona-Lockerungen: Das ist ab Mittwoch wieder erlaubt" under an English story) came with a
photo from another desk's story, or was never written for this one. The story's language is
read from its opening; the caption's from its own small words, names left out (they are
capitalised): a caption that uses at most one stop word of the story's language and at least
three of another's asks for review. Not governed by the caption decision, whose sentence
model reads English only: it stands at review.
"""

from __future__ import annotations

import re

from app.engine.caption_anatomy import split_caption
from app.engine.encoders.languages import language_identifier, language_name, languages_with_stop_words, stop_words
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.schema import Reason
from app.settings import Severity

CAPTION_LANGUAGE_OTHER = "caption_language_other"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FEWEST_WORDS = 4  # lower-case words; fewer say too little about their language
_OWN_AT_MOST = 1  # stop words of the story's language a caption in another may still use ("in")
_OTHER_AT_LEAST = 3
_LEAD = 2_000  # characters of the story read for its language


def prose_words(caption: str) -> list[str]:
    """The caption's lower-case words, credits left out: its prose without the names in it."""
    return [word.lower() for word in _WORD.findall(split_caption(caption).scene) if not word[0].isupper()]


def caption_language(words: list[str], story_language: str) -> tuple[str, list[str]] | None:
    """The other language the words are written in, with its stop words among them; None when
    they may be in the story's language."""
    own = stop_words(story_language)
    if len(words) < _FEWEST_WORDS or not own or sum(word in own for word in words) > _OWN_AT_MOST:
        return None
    best, found = None, []
    for code in languages_with_stop_words():
        hits = [word for word in dict.fromkeys(words) if word in stop_words(code)]
        if code != story_language and len(hits) > len(found):
            best, found = code, hits
    if best is None or len(found) < _OTHER_AT_LEAST:
        return None
    return best, found


def other_language_reasons(caption: str, story_language: str | None) -> list[Reason]:
    if story_language is None:
        return []
    found = caption_language(prose_words(caption), story_language)
    if found is None:
        return []
    code, words = found
    quoted = ", ".join(f"“{word}”" for word in words[:4])
    message = (f"The caption is written in {language_name(code)} ({quoted}), but the story is in "
               f"{language_name(story_language)}; check that the caption belongs to this story.")
    return [make_reason(CAPTION_LANGUAGE_OTHER, Severity.review, message, caption_language=code,
                        story_language=story_language, caption_words=words)]


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    article = ctx.prepared.article
    lead = f"{article.headline}\n{ctx.prepared.body_text}"[:_LEAD]
    story_language = language_identifier(ctx.models).language_of(lead)
    for index, figure in enumerate(article.figures):
        findings.add(index, *other_language_reasons(figure.caption, story_language))
    return findings


SIGNAL = Signal(name="language", codes=(CAPTION_LANGUAGE_OTHER,), needs=frozenset(), run=_run)
