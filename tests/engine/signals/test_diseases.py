"""Diseases: a caption about one epidemic under a story about another."""

import pytest

from app.engine.signals.diseases import CAPTION_DISEASE_OTHER, diseases_in, other_disease_reasons
from app.engine.signals.registry import SIGNALS
from app.settings import Severity

CHOLERA = ("Cholera deaths pass 500 in Zambia\nLUSAKA — Zambia's cholera outbreak has killed more than 500 "
           "people since October, the health ministry said on Tuesday, as clinics in Lusaka ran short of beds.")
DENGUE = ("Dengue wards overflow in Dhaka\nDHAKA — Hospitals in Dhaka turned patients away as dengue cases "
          "rose. Unlike COVID-19, dengue is spread by mosquitoes, doctors said.")


def reasons_of(caption: str, story: str):
    return other_disease_reasons(caption, story, story[:400])


def test_the_signal_is_registered_with_its_code():
    assert any(CAPTION_DISEASE_OTHER in signal.codes for signal in SIGNALS)


@pytest.mark.parametrize("text, names", [
    ("A nurse treats a coronavirus patient", ["COVID-19"]),
    ("Children queue for measles and polio vaccines", ["measles", "polio"]),
    ("A bird flu outbreak at a farm", ["influenza"]),
    ("Patients at an Ebola treatment centre", ["Ebola"]),
    # words that are also other words or places are read only in the forms that cannot be them
    ("The ministry's aid aids recovery in Marburg; the plague of potholes", []),
    ("AIDS activists march; Lassa fever patients are isolated", ["Lassa fever", "HIV"]),
])
def test_diseases_are_read_by_their_names_in_news_text(text, names):
    assert sorted(diseases_in(text)) == sorted(names)


def test_another_disease_than_the_story_s_asks_for_review_and_names_both():
    [reason] = reasons_of("A health worker gives polio drops to a child in Lusaka. (AP Photo/Jane Doe)", CHOLERA)
    assert reason.code == CAPTION_DISEASE_OTHER and reason.severity == Severity.review
    assert "polio" in reason.message and "cholera" in reason.message
    assert reason.evidence["caption_diseases"] == ["polio"] and reason.evidence["story_diseases"] == ["cholera"]


@pytest.mark.parametrize("caption, story", [
    ("Patients rest under nets at a cholera treatment centre in Lusaka.", CHOLERA),  # the story's own
    ("A doctor checks a patient at a COVID-19 ward in 2020.", DENGUE),  # the story mentions it
    ("Health workers spray insecticide in a Dhaka slum.", DENGUE),  # no disease named
    ("A nurse gives a measles vaccine in Lusaka.", "Clinics strike in Zambia\nNurses walked out on Monday."),
])
def test_the_story_s_disease_one_it_mentions_or_a_story_about_none_is_not_flagged(caption, story):
    assert reasons_of(caption, story) == []


def test_a_disease_named_only_in_the_credit_is_no_scene():
    assert reasons_of("Clinics in Lusaka. Photo: Zika Mwale / AFP", CHOLERA) == []


def test_the_occasion_of_a_portrait_is_not_its_subject():
    caption = "Health Commissioner Ada Obi, pictured during a briefing on the COVID-19 response in 2020."
    assert reasons_of(caption, CHOLERA) == []
    assert reasons_of("Nurses at a briefing on the COVID-19 response in Lusaka.", CHOLERA) != []
