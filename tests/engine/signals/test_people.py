import pytest

from app.engine.signals.people import CAPTION_PERSON_UNKNOWN
from app.engine.signals.people import name_runs, person_reasons, unknown_names
from app.settings import Severity

CAR_RECALL = (
    "Car maker recalls 400,000 vehicles over brake fault\nJapanese car maker Takara Motors "
    "said on Wednesday it would recall vehicles in North America. Takara shares fell in Tokyo."
)
TRAM = (
    "City council approves new tram line\nLyon's city council voted on Wednesday to build a "
    "new tram line. Mayor Claire Dumont said the line would take cars off the road."
)


def runs(caption: str) -> list[str]:
    return [" ".join(t.text for t in run) for run in name_runs(caption)]


def test_unknown_titled_person_is_flagged_for_review():
    caption = "Chef Paolo Rinaldi prepares pasta at his restaurant in Naples."
    reasons = person_reasons(caption, CAR_RECALL)
    assert len(reasons) == 1
    reason = reasons[0]
    assert reason.code == CAPTION_PERSON_UNKNOWN
    assert reason.severity == Severity.review
    assert reason.message == "The caption names Paolo Rinaldi, but the story never mentions this name."
    assert reason.evidence == {"names": ["Paolo Rinaldi"], "titled": ["Paolo Rinaldi"]}


def test_unknown_untitled_person_is_information_not_a_flag():
    reasons = person_reasons("Paolo Rinaldi prepares pasta at his restaurant in Naples.", CAR_RECALL)
    assert [(r.code, r.severity) for r in reasons] == [(CAPTION_PERSON_UNKNOWN, Severity.info)]
    assert reasons[0].evidence["titled"] == []


def test_person_known_by_surname_or_other_telling_word():
    assert person_reasons("Mayor Claire Dumont presents the plan in Lyon.", TRAM) == []
    assert person_reasons("Claire Dumont, the mayor, at city hall.", TRAM) == []
    assert unknown_names("Deputy Mayor Anne Dumont speaks.", TRAM) == []
    assert unknown_names("A Takara Motors sign at the headquarters.", CAR_RECALL) == []


def test_known_check_is_accent_and_case_insensitive():
    story = "Talks resume\nThe negotiator, Andrés Molina, said talks would go on."
    assert unknown_names("Andres MOLINA arrives for the talks.", story) == []


def test_several_unknown_names_are_listed_together():
    reasons = person_reasons("Anna Berg and Jonas Lind attend the opening.", TRAM)
    assert reasons[0].evidence["names"] == ["Anna Berg", "Jonas Lind"]
    assert reasons[0].message.endswith("but the story never mentions them.")


def test_single_capitalised_words_are_not_names():
    assert unknown_names("A tram crosses the Rhône in central Lyon.", TRAM) == []
    assert unknown_names("Dumont waves to the crowd.", "Unrelated story about rain.") == []


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("Ludwig van Beethoven's piano on display.", ["Ludwig van Beethoven"]),
        ("A file image of Abu Bakr al-Baghdadi.", ["Abu Bakr al-Baghdadi"]),
        ("Jean-Luc Picard greets fans.", ["Jean-Luc Picard"]),
        ("President Joe Biden waves.", ["Joe Biden"]),
    ],
)
def test_particles_hyphens_and_titles(caption, expected):
    assert unknown_names(caption, "A story about the weather.") == expected


def test_places_dates_landmarks_and_credits_are_not_names():
    story = "A story about the weather."
    assert unknown_names("Crowds gather in New York on Monday, February 5.", story) == []
    assert unknown_names("Bronzes from Benin City go on show.", story) == []
    assert unknown_names("Fans tour Goodison Park and the Bramley-Moore Dock.", story) == []
    assert unknown_names("Snow in the park. Photo: Jane Doe/Reuters", story) == []
    assert unknown_names("Japanese Prime Minister visits.", story) == []


def test_sentence_opening_common_word_is_not_part_of_the_name():
    story = "Lisbon welcomes visitors\nThe old town was crowded with tourists, said Ana Sousa."
    assert runs("Tourists Ana Sousa and friends.")[0] == "Tourists Ana Sousa"
    assert unknown_names("Tourists Ana Sousa and friends.", story) == []
    # "tourists" is a common word of the story, so it is no part of the unknown name
    assert unknown_names("Tourists Rui Costa and friends.", story) == ["Rui Costa"]
    # a common word opening the caption cannot make a name known either
    assert unknown_names("Tourists Rui Costa and friends.", story + " Tourists came.") == [
        "Rui Costa"
    ]


def test_titles_split_an_organisation_from_a_person():
    assert unknown_names("Takara Motors President Kenji Sato bows.", CAR_RECALL) == ["Kenji Sato"]


def test_place_words_inside_names():
    story = "Ajax sign midfielder\nThe England midfielder signed in Amsterdam."
    assert unknown_names("Jordan Henderson poses with his new shirt.", story) == [
        "Jordan Henderson"
    ]
    assert unknown_names("Downtown Toronto at dusk.", "A story about North America.") == []
    assert unknown_names("Huis ten Bosch palace at dawn.", "A story about the Netherlands.") == []
