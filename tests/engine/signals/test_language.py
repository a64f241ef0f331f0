"""Language: a caption written in another language than its story."""

import pytest

from app.engine.signals.language import CAPTION_LANGUAGE_OTHER, caption_language, other_language_reasons, prose_words
from app.engine.signals.registry import SIGNALS
from app.settings import Severity


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_LANGUAGE_OTHER in signal.codes for signal in SIGNALS)


def test_a_caption_s_prose_leaves_out_names_and_credits():
    words = prose_words("Angela Merkel speaks to reporters in Berlin. Photo: John Smith/AFP")
    assert words == ["speaks", "to", "reporters", "in"]


@pytest.mark.parametrize("caption, story, code", [
    ("Des manifestants devant l'Assemblée nationale à Paris, le 12 mars.", "en", "fr"),
    ("Manifestantes marchan por la avenida principal de la ciudad durante la protesta.", "en", "es"),
    ("Polizisten stehen vor dem Bahnhof, nachdem der Zug entgleist ist.", "en", "de"),
    ("Police officers stand outside the station after the train derailed on its way to the city.", "de", "en"),
])
def test_a_caption_in_another_language_is_read_from_its_small_words(caption, story, code):
    found = caption_language(prose_words(caption), story)
    assert found is not None and found[0] == code


@pytest.mark.parametrize("caption", [
    # names of another language do not make an English caption foreign
    "Cyclists ride past the Rijksmuseum along the Stadhouderskade in Amsterdam.",
    "Vendors sell tamales outside the Mercado de la Merced in Mexico City.",
    "Pilgrims walk along the Camino de Santiago near Sarria.",
    # too few words of its own to tell
    "Rue de Rivoli, Paris.",
    "Kevin Schmidt, Bürgermeister.",
])
def test_an_english_caption_under_an_english_story_is_left_alone(caption):
    assert other_language_reasons(caption, "en") == []


def test_the_reason_names_both_languages_and_the_words_that_tell():
    [reason] = other_language_reasons("Des manifestants devant l'Assemblée nationale à Paris, le 12 mars.", "en")
    assert reason.code == CAPTION_LANGUAGE_OTHER and reason.severity == Severity.review
    assert "French" in reason.message and "English" in reason.message and "“devant”" in reason.message
    assert reason.evidence["caption_language"] == "fr" and reason.evidence["story_language"] == "en"


def test_a_story_whose_language_is_unsure_checks_nothing():
    assert other_language_reasons("Des manifestants devant l'Assemblée nationale à Paris.", None) == []


def test_a_story_in_a_language_spacy_keeps_no_stop_words_for_checks_nothing():
    assert other_language_reasons("Des manifestants devant l'Assemblée nationale à Paris.", "sw") == []
