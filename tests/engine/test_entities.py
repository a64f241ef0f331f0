"""The spaCy entity recogniser behind the caption checks: the bundled pipeline, a folder, and
the common nouns a sentence's capital makes look like names."""

import pytest

from app.engine.encoders.entities import bundled_pipeline_path, load_entity_recognizer
from app.errors import ModelUnavailable


def labelled(recognizer, text: str) -> list[tuple[str, str]]:
    [found] = recognizer.entities([text])
    return [(e.text, e.label) for e in found]


def test_the_bundled_pipeline_finds_people_and_places_with_their_offsets(recognizer):
    text = "Hillary Clinton speaks at a rally in Washington."
    [found] = recognizer.entities([text])
    assert ("Hillary Clinton", "PERSON") in [(e.text, e.label) for e in found]
    assert all(text[e.start:e.end] == e.text for e in found)


@pytest.mark.parametrize("caption", [
    "Commuters ride a train along the elevated tracks.",
    "Pedestrians cross a street in the rain. Queues form outside a bank.",
])
def test_a_common_noun_opening_a_sentence_is_not_a_name(recognizer, caption):
    assert [label for _, label in labelled(recognizer, caption) if label in ("ORG", "NORP", "PERSON")] == []


def test_a_name_opening_a_sentence_is_still_a_name(recognizer):
    assert ("Kenya", "GPE") in labelled(recognizer, "Kenya is getting ready to welcome the US president.")
    assert any(label == "PERSON" for _, label in labelled(recognizer, "Mark Zuckerberg speaks in Menlo Park."))


def test_a_pipeline_folder_can_be_named_instead_of_a_package():
    recognizer = load_entity_recognizer(str(bundled_pipeline_path()))
    assert ("Kenya", "GPE") in labelled(recognizer, "Kenya is getting ready to welcome the US president.")


def test_a_pipeline_that_cannot_be_loaded_says_how_to_fix_it(tmp_path):
    with pytest.raises(ModelUnavailable) as caught:
        load_entity_recognizer(str(tmp_path / "no-such-pipeline"))
    assert "CAPTIONCHECK_NER_MODEL" in str(caught.value)
