"""Reading a text's language: Lingua for a story's opening, spaCy's stop-word lists for captions."""

import pytest

from app.engine.encoders.base import EncoderProvider
from app.engine.encoders.languages import (
    LinguaIdentifier,
    language_identifier,
    language_name,
    languages_with_stop_words,
    stop_words,
)


@pytest.fixture(scope="module")
def identifier():
    return LinguaIdentifier()


@pytest.mark.parametrize("text, code", [
    ("The city council voted on Tuesday to close the old bridge to cars after engineers found cracks "
     "in two of its piers. Repairs are expected to take a year.", "en"),
    ("Le conseil municipal a voté mardi la fermeture du vieux pont aux voitures, après que des "
     "ingénieurs ont découvert des fissures dans deux de ses piliers.", "fr"),
    ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für Autos zu sperren, nachdem "
     "Ingenieure Risse in zwei Pfeilern gefunden hatten.", "de"),
])
def test_a_story_s_opening_is_read_in_its_language(identifier, text, code):
    assert identifier.language_of(text) == code


def test_the_identifier_is_loaded_once_per_process():
    models = EncoderProvider(lambda: None, lambda: None)
    assert language_identifier(models) is language_identifier(models)


def test_stop_words_come_from_spacy_s_list_for_each_language():
    assert {"the", "of", "in"} <= stop_words("en")
    assert {"et", "aux", "des"} <= stop_words("fr")
    assert {"oder", "eine", "ist"} <= stop_words("de")
    assert stop_words("zz") == frozenset()


def test_only_languages_both_libraries_know_are_candidates():
    codes = languages_with_stop_words()
    assert {"en", "fr", "de", "es", "pt", "it"} <= set(codes)
    assert all(stop_words(code) for code in codes)


def test_languages_are_named_for_editors():
    assert language_name("de") == "German"
    assert language_name("pt") == "Portuguese"
    assert language_name("zz") == "zz"
