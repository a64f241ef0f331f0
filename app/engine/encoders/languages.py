"""Which language a text is written in: Lingua's detector, and spaCy's stop-word lists.

A story's language is read by Lingua from its opening (long text, where the detector is sure).
A caption is too short for any detector: the names in it (Theewaterskloof, Landungsbrücken)
pull the guess towards other languages. Its language is read from the small words it is made
of instead, the stop words spaCy keeps for each language.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

_SURE = 0.8  # Lingua's confidence for a story's opening; below it the language is left unknown


@runtime_checkable
class LanguageIdentifier(Protocol):
    def language_of(self, text: str) -> str | None:
        """The ISO 639-1 code of the text's language ("fr"), or None when unsure."""


class LinguaIdentifier:
    def __init__(self) -> None:
        from lingua import LanguageDetectorBuilder

        # Low accuracy mode keeps the models small (about 100 MB for all 75 languages); it is
        # reliable on a paragraph, which is all it is asked to read here.
        self._detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def language_of(self, text: str) -> str | None:
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value < _SURE:
            return None
        return values[0].language.iso_code_639_1.name.lower()


def language_identifier(models) -> LanguageIdentifier:
    """Loaded once per process and shared by every check."""
    return models.shared("languages:lingua", LinguaIdentifier)


def language_name(code: str) -> str:
    """"de" -> "German"."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.title()
    except ValueError:
        return code


@cache
def stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words for a language, lower-cased; empty when spaCy has no list for it."""
    import spacy.lang

    path = Path(spacy.lang.__path__[0]) / code / "stop_words.py"
    if not path.is_file():
        return frozenset()
    # The list's own file, not the language package: importing spacy.lang.fr builds its
    # tokenizer exceptions, seconds of work for a list of words.
    spec = importlib.util.spec_from_file_location(f"_captioncheck_stop_words_{code}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(word.lower() for word in module.STOP_WORDS)


@cache
def languages_with_stop_words() -> tuple[str, ...]:
    """The languages both Lingua can name and spaCy keeps stop words for."""
    from lingua import Language

    codes = sorted(language.iso_code_639_1.name.lower() for language in Language.all())
    return tuple(code for code in codes if stop_words(code))
