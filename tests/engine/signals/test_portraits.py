"""Portraits from the past: the story's own person shown years earlier, somewhere else."""

from datetime import date

import pytest

from app.engine.checker import Checker
from app.engine.encoders.entities import Entity
from app.engine.signals.dates import CAPTION_DATE_CONFLICT
from app.engine.signals.places import CAPTION_TOWN_FAR
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.portraits import story_person_in_the_past
from app.schema import ArticleIn

TRIAL = {
    "headline": "Trial opens in Genoa over Morandi bridge collapse that killed 43",
    "published": "2022-07-07",
    "body": ("The trial of 59 people accused over the collapse of the Morandi motorway bridge in Genoa "
             "opened on Thursday in the city's Palace of Justice. The defendants include Giovanni "
             "Castellucci, the former chief executive of the motorway operator, and officials of the "
             "infrastructure ministry. Relatives of the victims gathered outside the court."),
}


@pytest.fixture(scope="module")
def checker(caption_only_checker) -> Checker:
    return caption_only_checker


def _figure(checker: Checker, caption: str):
    article = ArticleIn.model_validate({**TRIAL, "figures": [
        {"image": None, "caption": "Relatives of the victims gather outside the Palace of Justice in Genoa."},
        {"image": None, "caption": caption}]})
    return checker.check(article).figures[1]


def test_a_past_portrait_of_the_story_s_person_is_noted_where_it_was_taken(checker):
    figure = _figure(checker, "Giovanni Castellucci, pictured at an event in Rome in 2017.")
    [far] = [r for r in figure.reasons if r.code == CAPTION_TOWN_FAR]
    assert far.severity == "info" and far.evidence["portrait_of"] == "Giovanni Castellucci"
    assert "Rome" in far.message and "earlier time" in far.message
    assert figure.verdict == "consistent"


def test_a_portrait_dated_months_before_the_story_is_noted_too(checker):
    figure = _figure(checker, "Giovanni Castellucci at a hearing in Rome on March 3, 2022.")
    [far] = [r for r in figure.reasons if r.code == CAPTION_TOWN_FAR]
    assert far.severity == "info" and far.evidence["portrait_of"] == "Giovanni Castellucci"


@pytest.mark.parametrize("caption", [
    "Giovanni Castellucci at a hearing in Rome on May 3.",  # the day without its year, months before
    "Giovanni Castellucci on the steps of the court in Rome, 2017.",  # the year after a comma, as desks date
])
def test_a_portrait_dated_by_a_day_without_its_year_or_a_year_after_a_comma_is_noted(checker, caption):
    [far] = [r for r in _figure(checker, caption).reasons if r.code == CAPTION_TOWN_FAR]
    assert far.severity == "info" and far.evidence["portrait_of"] == "Giovanni Castellucci"


@pytest.mark.parametrize("caption", [
    "Giovanni Castellucci at an event in Rome on June 28, 2022.",  # days before: the story's time
    "Giovanni Castellucci at an event in Rome on July 1.",  # so without its year
    "Giovanni Castellucci at an event in Rome.",  # not said to be years old
    "Protesters at an event in Rome in 2017.",  # nobody the story names
    "Marco Bellini, pictured at an event in Rome in 2017.",  # someone else
])
def test_other_captions_set_far_away_still_ask_for_review(checker, caption):
    [far] = [r for r in _figure(checker, caption).reasons if r.code == CAPTION_TOWN_FAR]
    assert far.severity == "review" and "portrait_of" not in far.evidence


def test_a_posed_portrait_of_the_story_s_person_has_its_old_date_noted_not_flagged(checker):
    figure = _figure(checker, "Former chief executive Giovanni Castellucci at a hearing in Genoa on March 3, 2021.")
    [dated] = [r for r in figure.reasons if r.code == CAPTION_DATE_CONFLICT]
    assert dated.severity == "info" and "Giovanni Castellucci" in dated.message
    # someone doing something to them, or another person, is the story's time or not
    for caption in ("Police escort Giovanni Castellucci in Genoa on March 3, 2021.",
                    "Marco Bellini at a hearing in Genoa on March 3, 2021."):
        [dated] = [r for r in _figure(checker, caption).reasons if r.code == CAPTION_DATE_CONFLICT]
        assert dated.severity != "info"


def test_a_name_the_small_pipeline_reads_as_an_organisation_still_counts():
    scene = "Giovanni Castellucci, pictured at an event in Rome in 2017."
    story = analyse_article_places("Bridge trial opens\nGiovanni Castellucci, the former head of Autostrade, "
                                   "went on trial in Genoa over the bridge collapse in Okinawa Prefecture.")
    as_org = [Entity("Giovanni Castellucci", "ORG", 0, 20)]
    assert story_person_in_the_past(scene, as_org, story, date(2022, 7, 7)) == "Giovanni Castellucci"
    assert story_person_in_the_past(scene, [Entity("Autostrade", "ORG", 0, 10)], story,
                                    date(2022, 7, 7)) is None  # one word: an organisation, not a name
    assert story_person_in_the_past(scene, as_org, story, date(2018, 7, 7)) is None  # a year before only
    naha = "Residents clear debris from a road in Naha, Okinawa Prefecture, on September 30, 2018."
    prefecture = [Entity("Okinawa Prefecture", "ORG", 43, 61)]
    assert story_person_in_the_past(naha, prefecture, story, date(2024, 9, 1)) is None


JOB_CUTS = {
    "headline": "Aerolux to cut 2,500 jobs as jet demand slumps",
    "published": "2020-09-04",
    "body": ("SAO JOSE DOS CAMPOS, Brazil — Planemaker Aerolux will cut 2,500 jobs at its plants in Brazil, "
             "it said on Thursday, as airlines cancel orders. The company's shares fell 4% in Sao Paulo."),
}


@pytest.mark.parametrize("caption, archive", [
    ("An Aerolux jet on display at the Farnborough Airshow in Britain in 2018. File photo", True),
    ("An Aerolux jet on display at the Farnborough Airshow in Britain.", False),  # not said to be old
    ("A rival's jet on display at the Farnborough Airshow in Britain in 2018.", False),  # not the story's
])
def test_an_archive_photo_of_what_the_headline_is_about_is_noted_where_it_was_taken(checker, caption, archive):
    article = ArticleIn.model_validate({**JOB_CUTS, "figures": [{"image": None, "caption": caption}]})
    [place] = [r for r in checker.check(article).figures[0].reasons if r.code == "caption_place_conflict"]
    assert (place.severity == "info") == archive
    assert place.evidence.get("archive_photo_of") == ("Aerolux" if archive else None)
