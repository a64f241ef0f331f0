"""The people signal with the real spaCy pipeline: who a caption names, and whether the story does."""

import pytest

from app.engine.signals.people import CAPTION_PERSON_UNKNOWN, caption_people, person_reasons
from app.settings import Severity

CAR_RECALL = (
    "Car maker recalls 400,000 vehicles over brake fault\nJapanese car maker Takara Motors "
    "said on Wednesday it would recall vehicles in North America. Takara shares fell in Tokyo."
)
TRAM = (
    "City council approves new tram line\nLyon's city council voted on Wednesday to build a "
    "new tram line. Mayor Claire Dumont said the line would take cars off the road."
)


@pytest.fixture
def reasons_for(recognizer):
    def run(caption: str, story: str):
        return person_reasons(caption, story, caption_people([caption], recognizer)[0])
    return run


@pytest.fixture
def names(recognizer):
    def run(caption: str) -> list[str]:
        return [e.text for e in caption_people([caption], recognizer)[0]]
    return run


def test_unknown_office_holder_asks_for_review(reasons_for):
    caption = "Italian Prime Minister Paolo Rinaldi speaks to reporters in Rome."
    reasons = reasons_for(caption, CAR_RECALL)
    assert [(r.code, r.severity) for r in reasons] == [(CAPTION_PERSON_UNKNOWN, Severity.review)]
    assert reasons[0].evidence == {"names": ["Paolo Rinaldi"], "titled": ["Paolo Rinaldi"]}
    assert reasons[0].message == "The caption names Paolo Rinaldi, but the story never mentions this name."


def test_unknown_bystander_is_information_not_a_flag(reasons_for):
    reasons = reasons_for("Paolo Rinaldi prepares pasta at his restaurant in Naples.", CAR_RECALL)
    assert [(r.code, r.severity) for r in reasons] == [(CAPTION_PERSON_UNKNOWN, Severity.info)]
    assert reasons[0].evidence["titled"] == []


def test_person_known_by_surname_accent_and_case_insensitive(reasons_for):
    assert reasons_for("Mayor Claire Dumont presents the plan in Lyon.", TRAM) == []
    story = "Talks resume\nThe negotiator, Andrés Molina, said talks would go on."
    assert reasons_for("Andres Molina arrives for the talks.", story) == []


def test_several_unknown_names_are_listed_together(reasons_for):
    reasons = reasons_for("Anna Berg and Jonas Lind attend the opening in Stockholm.", TRAM)
    assert reasons[0].evidence["names"] == ["Anna Berg", "Jonas Lind"]
    assert reasons[0].message.endswith("but the story never mentions them.")


def test_photographers_in_credits_are_not_subjects(names):
    assert names("Snow falls on the park. Photograph: Jane Doe/Reuters") == []
    assert names("Firefighters at the scene. (AP Photo/Noah Berger, File)") == []
    assert names("Protesters outside the court. Credit...Doug Mills/The New York Times") == []


def test_places_are_not_people(names):
    assert names("A tram crosses the Rhône in central Lyon.") == []
    assert names("Crowds gather in New York on Monday, February 5.") == []
