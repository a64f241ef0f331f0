"""The decision's evidence about each caption, with the real sentence model and spaCy pipeline."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from app.engine.article import prepare_article
from app.engine.checker import Checker
from app.engine.decision import DecisionModel, OperatingPoint, load_decision, write_decision
from app.engine.encoders.base import EncoderProvider
from app.engine.evidence import FEATURES, evidence_for_all
from app.engine.signals.base import CheckContext
from app.schema import ArticleIn
from app.settings import Settings

STORY = {
    "headline": "Floods cut off villages in Sindh as the Indus bursts its banks",
    "body": ("Rescue teams in Sindh province used boats to reach villages cut off by flood water on Monday. "
             "The Indus burst its banks after a week of monsoon rain, officials in Karachi said. "
             "Families waited on rooftops for food and clean water as the water kept rising."),
    "published": "2026-08-20",
}
ON_TOPIC = [
    "Rescue workers use a boat to reach families stranded by flood water in Sindh.",
    "Villagers wait on a rooftop for food as the Indus flood water rises.",
]
FOREIGN = "Fans cheer as the home side lifts the league trophy at the stadium."


def provider(text_encoder) -> EncoderProvider:
    def no_clip():
        raise AssertionError("captions only")

    return EncoderProvider(lambda: text_encoder, no_clip)


def evidence(text_encoder, captions: list[str]):
    return evidence_for(text_encoder, STORY, captions)


def evidence_for(text_encoder, story: dict, captions: list[str]):
    article = ArticleIn.model_validate({**story, "figures": [{"caption": c} for c in captions]})
    settings = Settings()
    ctx = CheckContext(prepare_article(article, settings), {}, settings, provider(text_encoder), None,
                       date(2026, 8, 21))
    return evidence_for_all(ctx)


def test_a_caption_from_another_story_stands_apart_from_its_neighbours(text_encoder):
    on_a, on_b, foreign = evidence(text_encoder, [*ON_TOPIC, FOREIGN])
    assert set(on_a.values) == set(FEATURES)
    assert foreign.values["sibling_similarity_mean"] < min(on_a.values["sibling_similarity_mean"],
                                                          on_b.values["sibling_similarity_mean"])
    assert foreign.values["gap_to_best_sibling"] < 0 < max(on_a.values["gap_to_best_sibling"],
                                                           on_b.values["gap_to_best_sibling"])
    assert foreign.values["sibling_word_overlap"] < on_b.values["sibling_word_overlap"]
    assert foreign.values["headline_similarity"] < on_a.values["headline_similarity"]


def test_a_lone_caption_has_no_sibling_evidence(text_encoder):
    (alone,) = evidence(text_encoder, [ON_TOPIC[0]])
    for name in ("sibling_gap", "sibling_similarity_max", "sibling_similarity_mean",
                 "gap_to_best_sibling", "sibling_word_overlap"):
        assert math.isnan(alone.values[name])
    assert not any(math.isnan(v) for k, v in alone.values.items() if "sibling" not in k)


@pytest.mark.parametrize("credit", ["(Photo: Ann Smith, Sindh Daily Sports)", "Ann Smith/Karachi Times/TNS via Getty Images"])
def test_a_caption_that_is_only_a_credit_is_not_judged_against_the_story(text_encoder, credit):
    article = ArticleIn.model_validate({**STORY, "figures": [{"caption": c} for c in [ON_TOPIC[0], credit]]})
    report = Checker(Settings(), provider(text_encoder)).check(article)
    credit_only = report.figures[1]
    assert credit_only.verdict == "consistent"
    assert credit_only.scores.caption_mismatch_probability is None
    assert report.figures[0].scores.caption_mismatch_probability is not None


def test_a_town_in_a_country_the_story_is_about_is_not_a_foreign_name(text_encoder):
    article = {
        "headline": "German election: Social Democrats narrowly ahead of the conservatives",
        "body": "Germany's Social Democrats won the most votes in the federal election on Sunday. "
                "Turnout across Germany was high, and coalition talks are expected to take weeks.",
        "published": "2021-09-27",
    }
    at_home, abroad = evidence_for(text_encoder, article, [
        "Voters queue outside a polling station in Munich.",
        "Voters queue outside a polling station in Lyon.",
    ])
    assert "Munich" not in at_home.missing_entities
    assert "Lyon" in abroad.missing_entities
    assert at_home.values["entity_share"] > abroad.values["entity_share"]


def test_a_town_the_recogniser_took_for_a_person_is_still_a_town_of_the_story_s_country(text_encoder):
    article = {
        "headline": "Sri Lanka's ruling alliance heads for a landslide",
        "body": "Sri Lanka's ruling alliance was heading for a two-thirds majority in parliament on "
                "Friday, early results showed, after a peaceful vote across the island.",
        "published": "2024-11-15",
    }
    [ev] = evidence_for(text_encoder, article, ["A monk casts his vote at a polling station in Kandy."])
    assert "Kandy" not in ev.missing_entities and ev.values["people_missing"] == 0


def test_a_town_the_recogniser_took_for_an_organisation_is_still_a_town_of_the_story_s_country(text_encoder):
    article = {
        "headline": "Floods hit northern Italy as rivers burst their banks",
        "body": "FAENZA, Italy — Floodwaters swept through towns across Emilia-Romagna on Wednesday, "
                "and residents of Faenza were evacuated by boat.",
        "published": "2023-05-18",
    }
    [ev] = evidence_for(text_encoder, article,
                        ["A shopkeeper clears mud from his bakery in Cesena, where the river burst its banks."])
    assert "Cesena" not in ev.missing_entities and ev.values["places_missing"] == 0


def test_a_capitalised_first_word_before_a_small_letter_one_is_no_place(text_encoder):
    article = {
        "headline": "Train drivers strike across Portugal",
        "body": "LISBON — Train drivers walked out across Portugal on Monday, cancelling most services "
                "into Lisbon and Porto during the morning rush, the rail operator said.",
        "published": "2024-03-11",
    }
    metro, street, named = evidence_for(text_encoder, article, [
        "Metro passengers wait on the platform at rush hour.",
        "Street vendor Juana Mamani sells coffee to commuters.",
        "Passengers wait on the platform at the station in Urubamba.",
    ])
    assert "Metro" not in metro.missing_entities and metro.values["places_missing"] == 0
    assert "Street" not in street.missing_entities and street.values["places_missing"] == 0
    assert "Urubamba" in named.missing_entities  # a place the recogniser reads anywhere else still counts


def test_the_side_played_is_no_name_the_story_lacks(text_encoder):
    article = {
        "headline": "Charlotte council backs ballpark upgrade for the Knights",
        "body": "CHARLOTTE, N.C. — The city council approved a $20 million upgrade of Truist Field on Monday, "
                "home of the Charlotte Knights, with a larger clubhouse and new lights.",
        "published": "2024-03-12",
    }
    game, protest = evidence_for(text_encoder, article, [
        "A groundskeeper rakes the infield before a game against the Norfolk Tides.",
        "Protesters rally against the Mountain Valley Pipeline outside the ballpark.",
    ])
    assert "the Norfolk Tides" not in game.missing_entities and game.values["entities_missing"] == 0
    assert "the Mountain Valley Pipeline" in protest.missing_entities  # opposed, not played


def test_a_state_after_its_town_is_a_place_whatever_the_recogniser_called_it(text_encoder):
    article = {
        "headline": "Colorado ski resorts open early after heavy October snow",
        "body": "DENVER — Several Colorado ski resorts opened their lifts weeks ahead of schedule on "
                "Saturday after storms dropped more than two feet of snow across the Rocky Mountains.",
        "published": "2019-10-26",
    }
    [ev] = evidence_for(text_encoder, article, ["Sam Shaheen on the Line Outline, Crested Butte, CO."])
    assert "CO" not in ev.missing_entities


@pytest.fixture
def flat_decision(tmp_path):
    """A decision that gives every caption p = 0.6, with cut-offs 0.9 (1 % budget) and 0.5 (10 %);
    the folder it is written to is the models folder to check with."""
    logit = float(np.log(0.6 / 0.4))
    points = (OperatingPoint(0.01, 0.9, 0.01, 0.2), OperatingPoint(0.10, 0.5, 0.1, 0.7))
    flat = DecisionModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)),
                         logit, 0.9, 0.95, {"fitted": "test"}, points)
    write_decision(tmp_path, "all-MiniLM-L6-v2", flat)
    yield tmp_path
    load_decision.cache_clear()


def check_first(text_encoder, models_dir, budget: float, caption: str):
    settings = Settings(models_dir=models_dir, caption_false_flags=budget)
    article = ArticleIn.model_validate({**STORY, "figures": [{"caption": caption}]})
    return Checker(settings, provider(text_encoder)).check(article).figures[0]


def test_the_false_flag_budget_setting_moves_the_review_cut_off(text_encoder, flat_decision):
    assert check_first(text_encoder, flat_decision, 0.01, ON_TOPIC[0]).verdict == "consistent"
    assert check_first(text_encoder, flat_decision, 0.10, ON_TOPIC[0]).verdict == "review"


def test_a_place_conflict_the_decision_doubts_asks_for_review_instead_of_a_mismatch(text_encoder, flat_decision):
    def place_severity(budget: float) -> str:
        figure = check_first(text_encoder, flat_decision, budget, "Rescuers carry a boat in Lima, Peru.")
        return next(r.severity for r in figure.reasons if r.code == "caption_place_conflict")

    assert place_severity(0.01) == "review"  # below the 1 % cut-off the decision finds the caption fits
    assert place_severity(0.10) == "mismatch"  # the decision asks for review too: the conflict decides


def test_a_role_the_recogniser_took_into_the_name_is_read_as_the_role_when_the_story_uses_the_word(text_encoder):
    story = {"headline": "Drought hits prairie harvest", "published": "2026-08-20",
             "body": "Farmers across the prairies expect the worst harvest in decades after a dry summer."}
    farmer, stranger = evidence_for(text_encoder, story, [
        "Farmer Dale Wiebe checks a handful of dry soil on his land.",
        "Dale Wiebe checks a handful of dry soil on his land.",
    ])
    assert farmer.values["entities_missing"] == 0 and farmer.missing_entities == ()
    assert "Dale Wiebe" in stranger.missing_entities


def test_a_bystander_the_caption_introduces_is_no_evidence_but_an_unknown_minister_is(text_encoder):
    bystander, bare, minister = evidence(text_encoder, [
        "Villager Amina Bibi waits on a rooftop for food as the flood water rises.",
        "Amina Bibi waits on a rooftop for food as the flood water rises.",
        "Prime Minister Amina Bibi waits on a rooftop for food as the flood water rises.",
    ])
    assert "Amina Bibi" not in bystander.missing_entities
    assert bystander.values["entities_missing"] == 0
    for named in (bare, minister):
        assert "Amina Bibi" in named.missing_entities
        assert named.values["entities_missing"] == 1
    assert minister.values["people_missing"] == 1


def test_a_titled_person_the_story_never_mentions_is_counted_apart_from_a_plain_name(text_encoder):
    chief, courtesy, bare = evidence(text_encoder, [
        "Facebook CEO Mark Zuckerberg speaks at a conference about flood relief.",
        "Mr. Mark Zuckerberg speaks at a conference about flood relief.",
        "Mark Zuckerberg speaks at a conference about flood relief.",
    ])
    assert chief.values["titled_missing"] == 1
    assert courtesy.values["titled_missing"] == 0 and bare.values["titled_missing"] == 0
    assert bare.values["people_missing"] == 1


def test_officials_of_a_country_the_story_names_count_once_and_as_no_stranger(text_encoder):
    story = {**STORY, "body": STORY["body"] + " Pakistan asked Iran and Afghanistan for help."}
    visitors, foreign, home = evidence_for(text_encoder, story, [
        "Iranian Foreign Minister Ali Rezaei greets Afghan Foreign Minister Karim Zadran in Karachi.",
        "French Foreign Minister Paul Martin and German Foreign Minister Karl Vogel arrive in Karachi.",
        "Pakistani Foreign Minister Ali Rezaei speaks to reporters in Karachi.",
    ])
    assert visitors.values["titled_missing"] == 0 and home.values["titled_missing"] == 0
    assert foreign.values["titled_missing"] == 1  # two strangers, one piece of evidence
    assert foreign.values["people_missing"] == 2


def test_a_person_is_found_in_the_story_by_the_surname_it_writes_not_by_a_common_word(text_encoder):
    story = {**STORY, "body": STORY["body"] + " The floods mark the worst monsoon in a decade, said Nisar Khuhro."}
    stranger, named = evidence_for(text_encoder, story, [
        "Facebook CEO Mark Zuckerberg speaks at a conference about flood relief.",
        "Provincial minister Ali Khuhro visits a relief camp near the flood water.",
    ])
    assert "Mark Zuckerberg" in stranger.missing_entities
    assert stranger.values["people_missing"] == 1
    assert "Ali Khuhro" not in named.missing_entities


def test_an_everyday_title_of_local_life_is_not_a_title_of_public_life(text_encoder):
    councillor, director = evidence(text_encoder, [
        "Green councillor Aino Lehtonen speaks during the debate on flood relief.",
        "Director Mark Zuckerberg answers questions after the screening about flood relief.",
    ])
    assert councillor.values["people_missing"] == 1 and director.values["people_missing"] == 1
    assert councillor.values["titled_missing"] == 0 and director.values["titled_missing"] == 0


def test_abbreviated_countries_and_states_are_found_in_the_story_or_its_countries(text_encoder):
    story = {
        "headline": "US storm season: Hurricane Beryl makes landfall in Texas",
        "body": "The hurricane hit the US Gulf coast on Monday, and officials in Houston said "
                "a million homes had lost power.",
        "published": "2024-07-09",
    }
    (caption,) = evidence_for(text_encoder, story, [
        "Workers from Raleigh, N.C., repair U.S. power lines near Houston on Monday.",
    ])
    assert caption.missing_entities == ()


def test_the_story_uses_a_word_in_another_form(text_encoder):
    # "villager"/"villages", "waits"/"waited", "rooftop"/"rooftops", "rises"/"rising"
    (caption,) = evidence(text_encoder, ["A villager waits on a rooftop as the water rises."])
    assert caption.values["rare_word_overlap"] == pytest.approx(1.0)


def test_word_overlap_is_the_same_in_every_process():
    """A set's order follows the process's hash seed; the evidence, and so the verdict, must not."""
    script = (
        "from app.engine.evidence import _rare_word_overlap\n"
        "from app.engine.text import stem\n"
        "s = 'Younger students cheer for test-takers in front of a high school in Jongno-gu, Seoul, "
        "Thursday morning amid quiet streets'\n"
        "story = frozenset(stem(w) for w in 'students test school morning streets cheer'.split())\n"
        "print(repr(_rare_word_overlap(s, story)))\n"
    )
    root = Path(__file__).resolve().parents[2]
    values = {subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(1, 6)}
    assert len(values) == 1 and float(values.pop()) > 0


NAIROBI = {
    "headline": "Floods kill 13 in Nairobi as rivers burst their banks",
    "body": ("NAIROBI, Kenya — Floods killed at least 13 people in Nairobi after a night of heavy rain, "
             "police said on Tuesday. Families living along the rivers were moved to schools."),
    "published": "2024-04-24",
}


def test_a_spot_no_gazetteer_lists_where_the_caption_is_set_is_no_evidence(text_encoder):
    market, abroad, named = evidence_for(text_encoder, NAIROBI, [
        "Volunteers hand out food at Gikomba Market.",  # a venue of the story's city GeoNames lacks
        "Volunteers hand out food at a market in Lyon.",  # a town the gazetteer places abroad
        "Traders from Gikomba Market count their losses.",  # not where the photo is set: still a name
    ])
    assert "Gikomba Market" not in market.missing_entities
    assert "Lyon" in abroad.missing_entities
    assert "Gikomba Market" in named.missing_entities


def test_an_unlisted_spot_the_recogniser_took_for_an_organisation_is_no_evidence_either(text_encoder):
    [ev] = evidence_for(text_encoder, NAIROBI, ["Residents wade through floodwater in Mathare North."])
    assert "Mathare North" not in ev.missing_entities


def test_a_part_or_a_neighbour_of_the_story_s_town_is_the_story_s_own_detail(text_encoder):
    story = {
        "headline": "Typhoon leaves thousands homeless in Tacloban",
        "body": ("TACLOBAN, Philippines — A typhoon tore roofs off thousands of homes in Tacloban on "
                 "Sunday, and families sheltered in schools as the rain went on."),
        "published": "2024-12-26",
    }
    district, abroad = evidence_for(text_encoder, story, [
        "A boy wades past a damaged chapel in Tacloban's San Jose district.",  # San Jose, by itself, is abroad
        "A boy wades past a damaged chapel in San Jose, California.",
    ])
    assert "San Jose" not in district.missing_entities
    assert "California" in abroad.missing_entities


def test_a_village_near_the_story_s_town_is_no_evidence(text_encoder):
    story = {
        "headline": "Wildfire forces evacuations north of Athens",
        "body": ("ATHENS, Greece — A wildfire spread through pine forests north of Athens on Sunday, and "
                 "firefighters battled the flames through the night."),
        "published": "2024-08-12",
    }
    [ev] = evidence_for(text_encoder, story, ["A volunteer carries a goat away from the flames in Dionysos."])
    assert "Dionysos" not in ev.missing_entities


def test_a_street_is_a_spot_whatever_the_recogniser_calls_it(text_encoder):
    story = {
        "headline": "São Paulo metro workers strike",
        "body": ("SÃO PAULO — Metro and rail workers walked out on Tuesday, and millions of commuters "
                 "in São Paulo looked for other ways to get to work."),
        "published": "2023-10-03",
    }
    # the recogniser calls this street an organisation, and "along" sets no organisation anywhere
    [ev] = evidence_for(text_encoder, story, ["Shoppers walk along Rua Augusta during the strike."])
    assert "Rua Augusta" not in ev.missing_entities


def test_a_numbered_road_described_after_its_locative_is_a_spot(text_encoder):
    story = {
        "headline": "Millions of Texans still without power as deep freeze grips state",
        "body": ("AUSTIN, Texas — More than 4 million Texans remained without power on Tuesday as record "
                 "cold gripped the state for a third day."),
        "published": "2021-02-16",
    }
    [ev] = evidence_for(text_encoder, story, ["Cars crawl along an iced-over Interstate 35."])
    assert "Interstate 35" not in ev.missing_entities


def test_a_name_before_a_spot_word_names_a_spot_even_where_a_village_shares_it(text_encoder):
    story = {
        "headline": "Downpour floods Seoul subway",
        "body": ("SEOUL — Record rain flooded roads and subway stations across Seoul on Monday night, and "
                 "several lines were closed on Tuesday."),
        "published": "2022-08-09",
    }
    station, town = evidence_for(text_encoder, story, [
        "Workers clear mud from a subway entrance at Isu station.",  # Isu is also a village abroad
        "Workers clear mud from a road at Isu.",
    ])
    assert "Isu" not in station.missing_entities
    assert "Isu" in town.missing_entities


def test_whoever_a_caption_gives_an_age_is_a_person(text_encoder):
    # the small pipeline reads "Nurse Juliana Prado" as a place; an age makes her a bystander
    [ev] = evidence_for(text_encoder, NAIROBI, ["Nurse Juliana Prado, 34, wades through the water."])
    assert not any("Prado" in name for name in ev.missing_entities)


def test_where_someone_comes_from_is_no_name_of_another_story_s_scene(text_encoder):
    origin, scene = evidence_for(text_encoder, NAIROBI, [
        "A volunteer from Lyon hands out food to families.",
        "A volunteer hands out food to families in Lyon.",
    ])
    assert "Lyon" not in origin.missing_entities
    assert "Lyon" in scene.missing_entities


def test_a_spot_named_as_the_village_or_the_port_of_is_set_where_the_caption_says(text_encoder):
    [ev] = evidence_for(text_encoder, NAIROBI, ["Families wait for aid near the village of Kambi Moto Ndogo."])
    assert "Kambi Moto Ndogo" not in ev.missing_entities
