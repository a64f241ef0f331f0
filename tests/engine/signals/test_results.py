"""Results: a caption that gives the match to the side the story says lost."""

from datetime import date

import pytest

from app.engine.signals.registry import SIGNALS
from app.engine.signals.results import CAPTION_RESULT_OTHER, result_reasons, story_result
from app.settings import Severity

FINAL = story_result(["Argentina beat Colombia to win Copa America after chaotic delay",
                      "MIAMI GARDENS, Fla. (AP) — Lautaro Martinez scored in the 112th minute on Sunday night."])
PUBLISHED = date(2024, 7, 15)


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_RESULT_OTHER in signal.codes for signal in SIGNALS)


def test_the_story_s_result_is_read_from_its_headline_or_first_sentence():
    assert (FINAL.winner, FINAL.loser) == ("argentina", "colombia")
    body = story_result(["Late drama in Limerick", "Munster edged Leinster 24-17 at Thomond Park on Saturday.",
                         "Ulster beat Leinster last week."])  # only the first sentence leads
    assert (body.winner, body.loser) == ("munster", "leinster")
    assert story_result(["Copa America final delayed", "Fans broke through the gates on Sunday.",
                         "Argentina beat Colombia."]) is None  # a later sentence does not lead
    comeback = story_result(["Ekdahl strikes late as Manchester City come from behind to beat Brighton", ""])
    assert (comeback.winner, comeback.loser) == ("manchester city", "brighton")
    gave = story_result(["Late header", "Nils Ekdahl's header gave Manchester City a 2-1 comeback win over Brighton."])
    assert (gave.winner, gave.loser) == ("manchester city", "brighton")


@pytest.mark.parametrize("caption", [
    "Colombia's Jhon Cordoba celebrates after scoring the winning goal in extra time of the final.",
    "Colombia players celebrate their victory over Argentina in the Copa America final.",
    "Colombia beat Argentina in the Copa America final in Miami Gardens, Fla.",
    "Colombia's Jhon Cordoba celebrates after heading the late winner against Argentina.",
])
def test_a_caption_giving_the_match_to_the_story_s_loser_asks_for_review(caption):
    [reason] = result_reasons(caption, FINAL, PUBLISHED)
    assert reason.code == CAPTION_RESULT_OTHER and reason.severity == Severity.review
    assert "Colombia" in reason.message and "Argentina beat Colombia" in reason.message


@pytest.mark.parametrize("caption", [
    "Argentina's Lautaro Martinez celebrates after scoring the winning goal.",  # the story's winner
    "Colombia's James Rodriguez reacts after the final whistle.",  # no result said
    "Colombia's James Rodriguez congratulates the winner of the shootout.",  # no scoring verb
    "Brazil beat Uruguay in the quarterfinal in Las Vegas.",  # another match
    "File photo: Colombia's Radamel Falcao celebrates the winning goal against Argentina in 2019.",
    "Colombia's Radamel Falcao scores the winning goal against Argentina, July 2019.",  # an earlier year
])
def test_the_story_s_winner_another_match_or_an_old_photo_is_not_flagged(caption):
    assert result_reasons(caption, FINAL, PUBLISHED) == []
