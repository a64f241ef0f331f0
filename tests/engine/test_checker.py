"""The engine end to end: real sentence model, CLIP replaced by an encoder the test controls."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace

import pytest

from app.engine.checker import Checker
from app.engine.decision import load_decision, write_decision
from app.engine.encoders.base import EncoderProvider
from app.errors import InputError
from app.schema import ArticleIn
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.fixtures.space import ASTRONAUT_CAPTION, ROCKET_CAPTION, SPACE, png, space_clip

@pytest.fixture
def clip() -> ControlledClip:
    return space_clip()


@pytest.fixture
def checker(text_encoder, clip, tmp_path):
    settings = Settings(models_dir=tmp_path / "models", data_dir=tmp_path)
    return Checker(settings, EncoderProvider(lambda: text_encoder, lambda: clip))


def _article(clip: ControlledClip, tmp_path, pairs: list[tuple[str, str]]) -> ArticleIn:
    figures = []
    for n, (concept, caption) in enumerate(pairs):
        path = tmp_path / f"img{n}.png"
        path.write_bytes(png(clip, concept))
        figures.append({"image": path.name, "caption": caption})
    return ArticleIn.model_validate({**SPACE, "figures": figures})


def _codes(report, index):
    return [r.code for r in report.figures[index].reasons]


def test_matching_photos_and_captions_pass(checker, clip, tmp_path):
    article = _article(clip, tmp_path, [("rocket", ROCKET_CAPTION), ("astronaut", ASTRONAUT_CAPTION)])
    report = checker.check(article, base_dir=tmp_path)
    assert report.verdict == "pass", [f.reasons for f in report.figures]
    assert [f.verdict for f in report.figures] == ["consistent", "consistent"]
    assert report.figures[0].scores.image_caption > 0.9
    assert report.figures[0].image.width == 48 and len(report.figures[0].image.sha256) == 64
    assert report.models.clip == clip.name


def test_swapped_captions_are_flagged_on_both_figures(checker, clip, tmp_path):
    article = _article(clip, tmp_path, [("rocket", ASTRONAUT_CAPTION), ("astronaut", ROCKET_CAPTION)])
    report = checker.check(article, base_dir=tmp_path)
    assert report.verdict == "block"
    for index, other in ((0, 1), (1, 0)):
        swap = next(r for r in report.figures[index].reasons if r.code == "caption_swapped")
        assert swap.evidence["better_caption_index"] == other
        assert f"figure {other + 1}" in swap.message


def test_caption_that_does_not_describe_the_photo_is_a_mismatch(checker, clip, tmp_path):
    article = _article(clip, tmp_path, [("kitten", ROCKET_CAPTION)])
    report = checker.check(article, base_dir=tmp_path)
    assert "image_caption_mismatch" in _codes(report, 0)
    assert report.figures[0].verdict == "mismatch"
    assert report.figures[0].scores.image_caption < 0.5


def test_article_without_images_never_loads_clip(text_encoder, tmp_path):
    def no_clip():
        raise AssertionError("CLIP must not load for caption-only articles")

    checker = Checker(Settings(models_dir=tmp_path), EncoderProvider(lambda: text_encoder, no_clip))
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]})
    report = checker.check(article)
    assert report.models.clip is None
    assert report.figures[0].image is None
    assert report.figures[0].scores.image_caption is None
    assert report.figures[0].scores.caption_article > 0.3


def test_seed_case_capitol_rally_under_doha_talks_is_blocked(checker):
    article = ArticleIn.model_validate({
        "headline": "Afghan government and Taliban negotiators resume peace talks in Doha",
        "published": "2020-09-14",
        "body": (
            "Negotiators for the Afghan government and the Taliban met in Doha, Qatar, on Monday for "
            "a second day of talks aimed at ending decades of war. Qatari officials hosted the "
            "sessions. Delegates discussed a ceasefire and the release of prisoners, while fighting "
            "continued in several Afghan provinces."
        ),
        "figures": [
            {"image": None, "caption": "Afghan delegates arrive for the talks at a hotel in Doha, Qatar."},
            {"image": None, "caption": "Supporters of the president rally outside the US Capitol in Washington."},
        ],
    })
    report = checker.check(article)
    assert report.verdict == "block"
    assert report.figures[0].verdict == "consistent", report.figures[0].reasons
    assert report.figures[1].verdict == "mismatch"
    place = next(r for r in report.figures[1].reasons if r.code == "caption_place_conflict")
    assert "Washington" in place.message and "Doha" in place.message


DOHA_TALKS = {
    "headline": "Afghan government and Taliban negotiators resume peace talks in Doha",
    "published": "2020-09-14",
    "body": ("Negotiators for the Afghan government and the Taliban met in Doha, Qatar, on Monday for "
             "a second day of talks aimed at ending decades of war. Delegates discussed a ceasefire."),
}
DOHA_CAPTION = {"image": None, "caption": "Afghan delegates arrive for the talks at a hotel in Doha, Qatar."}


def _checker_with_mismatch_at(mismatch_at: float, text_encoder, clip, tmp_path) -> Checker:
    """A checker whose decision calls a mismatch from `mismatch_at` (never below its review cut-off)."""
    models = tmp_path / "models"
    bundled = load_decision(models, text_encoder.name)
    write_decision(models, text_encoder.name, replace(bundled, mismatch_at=mismatch_at))
    return Checker(Settings(models_dir=models, data_dir=tmp_path), EncoderProvider(lambda: text_encoder, lambda: clip))


def _check_doha(checker: Checker, caption: str):
    return checker.check(ArticleIn.model_validate({**DOHA_TALKS, "figures": [DOHA_CAPTION,
                                                                             {"image": None, "caption": caption}]}))


def test_meaning_alone_asks_for_review_and_a_named_conflict_blocks(text_encoder, clip, tmp_path):
    checker = _checker_with_mismatch_at(0.8, text_encoder, clip, tmp_path)
    report = _check_doha(checker, "A pastry chef pipes cream onto eclairs at a bakery.")
    off = report.figures[1]
    assert off.scores.caption_mismatch_probability >= 0.8  # the decision alone would call it a mismatch
    assert [(r.code, r.severity) for r in off.reasons] == [("caption_off_topic", "review")]
    assert "seems to describe something the story is not about" in off.reasons[0].message
    assert report.verdict == "review"
    report = _check_doha(checker, "Supporters of the president rally outside the US Capitol in Washington.")
    assert report.figures[1].verdict == "mismatch" and report.verdict == "block"


def test_meaning_alone_is_only_noted_for_a_caption_set_next_to_the_story_s_town(checker):
    report = _check_doha(checker, "A pastry chef pipes cream onto eclairs at a bakery.")
    assert report.figures[1].verdict == "review", report.figures[1].reasons
    report = _check_doha(checker, "A pastry chef pipes cream onto eclairs at a bakery in Al Wakrah.")
    [noted] = [r for r in report.figures[1].reasons if r.code == "caption_off_topic"]
    assert noted.severity == "info" and report.figures[1].verdict == "consistent"
    assert "Al Wakrah" in noted.message and "Doha" in noted.message and "km" in noted.message


def test_a_place_next_to_the_story_s_town_does_not_outweigh_meaning_past_the_mismatch_bar(
        text_encoder, clip, tmp_path):
    # Every caption the decision flags is past the mismatch bar.
    checker = _checker_with_mismatch_at(0.0, text_encoder, clip, tmp_path)
    off = _check_doha(checker, "A pastry chef pipes cream onto eclairs at a bakery in Al Wakrah.").figures[1]
    [reason] = [r for r in off.reasons if r.code == "caption_off_topic"]
    assert reason.severity == "review" and off.verdict == "review"
    assert "seems to describe something the story is not about" in reason.message
    assert "local detail" not in reason.message


def test_a_far_town_and_a_foreign_office_stand_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Riot police deployed after night of unrest in Grenoble",
        "published": "2025-06-02",
        "body": ("Grenoble saw a second night of unrest on Sunday after a teenager was injured during a police "
                 "chase. Cars were set alight and shops were looted near the city centre. The mayor called "
                 "for calm and said extra officers had been sent to the neighbourhood."),
        "figures": [
            {"image": None, "caption": "Burnt-out cars near the city centre on Monday morning."},
            {"image": None, "caption": "Riot police stand guard after a night of unrest in Marseille."},
            {"image": None, "caption": "Brazilian President Jair Bolsonaro calls for calm after the unrest."},
        ],
    })
    report = checker.check(article)
    assert report.figures[0].verdict == "consistent", report.figures[0].reasons
    town = next(r for r in report.figures[1].reasons if r.code == "caption_town_far")
    assert town.severity == "review" and "Marseille" in town.message and "Grenoble" in town.message
    office = next(r for r in report.figures[2].reasons if r.code == "caption_office_elsewhere")
    assert office.severity == "review" and "Brazil" in office.message
    assert "caption_person_unknown" not in _codes(report, 2)  # the name is reported once, with its office
    assert report.figures[1].verdict != "consistent" and report.figures[2].verdict != "consistent"
    assert report.verdict in ("review", "block")


def _second_stands_at_review(checker, article: ArticleIn, code: str):
    """Checks a two-figure article whose first caption is the story's own: the second carries
    `code` at review, not the first, and is not consistent."""
    report = checker.check(article)
    assert code not in _codes(report, 0)
    reason = next(r for r in report.figures[1].reasons if r.code == code)
    assert reason.severity == "review" and report.figures[1].verdict != "consistent"
    return reason


def test_another_storm_of_the_same_kind_stands_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Typhoon Hagibis floods towns north of Tokyo",
        "published": "2019-10-13",
        "body": ("Typhoon Hagibis made landfall on Saturday evening, and rivers burst their banks in towns "
                 "north of Tokyo. Rescuers used helicopters to lift residents from rooftops. The government "
                 "said tens of thousands of troops had joined the search."),
        "figures": [
            {"image": None, "caption": "Rescuers lift a resident from a rooftop after Typhoon Hagibis."},
            {"image": None, "caption": "Residents wade through a flooded street after Typhoon Haiyan."},
        ],
    })
    event = _second_stands_at_review(checker, article, "caption_event_other")
    assert "Typhoon Haiyan" in event.message and "Typhoon Hagibis" in event.message


def _quake(headline: str, second_caption: str) -> ArticleIn:
    return ArticleIn.model_validate({
        "headline": headline,
        "published": "2025-04-14",
        "body": ("ANTAKYA — A magnitude 6.8 earthquake struck the hills above Antakya on Saturday, flattening "
                 "village houses. Rescuers said on Sunday that the toll would rise."),
        "figures": [
            {"image": None, "caption": "Rescuers search a flattened house above Antakya on Sunday."},
            {"image": None, "caption": second_caption},
        ],
    })


def test_the_aftermath_dated_before_the_event_stands_at_review_whatever_the_decision(checker):
    article = _quake("Quake kills dozens in the hills above Antakya",
                     "Villagers search the rubble of their homes near Antakya, April 8, 2025.")
    reason = _second_stands_at_review(checker, article, "caption_date_before_event")
    assert "8 April 2025" in reason.message


def test_a_story_that_looks_back_may_run_photos_from_before_its_days(checker):
    article = _quake("A year after the quake, Antakya rebuilds",
                     "Villagers search the rubble of their homes near Antakya, April 8, 2025.")
    report = checker.check(article)
    assert "caption_date_before_event" not in _codes(report, 1)


def test_another_epidemic_stands_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Cholera deaths pass 500 in Zambia as clinics run short of beds",
        "published": "2024-01-16",
        "body": ("Zambia's cholera outbreak has killed more than 500 people since October, the health "
                 "ministry said on Tuesday. Clinics in Lusaka set up tents for patients and health workers "
                 "handed out chlorine to households."),
        "figures": [
            {"image": None, "caption": "Health workers hand out chlorine to households in Lusaka."},
            {"image": None, "caption": "A health worker gives a child polio drops during a vaccination drive in Lusaka."},
        ],
    })
    disease = _second_stands_at_review(checker, article, "caption_disease_other")
    assert "polio" in disease.message and "cholera" in disease.message


def test_a_caption_in_another_language_stands_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Flooded river closes the old town of Passau",
        "published": "2024-06-04",
        "body": ("The Danube burst its banks in Passau on Monday, and the old town was closed to traffic. "
                 "Firefighters pumped water from cellars while residents piled sandbags along the quay."),
        "figures": [
            {"image": None, "caption": "Firefighters pump water from a cellar in the old town of Passau."},
            {"image": None, "caption": "Feuerwehrleute pumpen Wasser aus einem Keller in der Altstadt, die seit Montag gesperrt ist."},
        ],
    })
    language = _second_stands_at_review(checker, article, "caption_language_other")
    assert "German" in language.message and "English" in language.message


def test_the_story_s_coach_given_to_another_name_stands_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Fiji overpower Samoa in Suva",
        "published": "2024-07-13",
        "body": ("Fiji beat Samoa 38-12 in Suva on Saturday to open their Pacific Nations Cup campaign. "
                 "Fiji head coach Tevita Koroi praised his side's defence after the match."),
        "figures": [
            {"image": None, "caption": "Fiji head coach Tevita Koroi watches from the stands."},
            {"image": None, "caption": "Fiji head coach Ilaisa Vuniwai watches from the coaches' box."},
        ],
    })
    role = _second_stands_at_review(checker, article, "caption_role_other")
    assert "Ilaisa Vuniwai" in role.message and "Tevita Koroi" in role.message


def test_missing_image_file_names_the_field(checker, tmp_path):
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": "nope.jpg", "caption": "x"}]})
    with pytest.raises(InputError) as err:
        checker.check(article, base_dir=tmp_path)
    assert err.value.field == "figures[0].image" and "not found" in str(err.value)


def test_decompression_bomb_is_refused_before_decoding(checker, tmp_path):
    # A PNG whose header claims 100,000 x 100,000 pixels; decoding it would need ~30 GB.
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data))
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    (tmp_path / "bomb.png").write_bytes(bomb)
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": "bomb.png", "caption": "x"}]})
    with pytest.raises(InputError) as err:
        checker.check(article, base_dir=tmp_path)
    assert "pixels" in str(err.value) and err.value.field == "figures[0].image"


def test_data_uri_images_are_accepted(checker, clip):
    import base64

    uri = "data:image/png;base64," + base64.b64encode(png(clip, "rocket")).decode()
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": uri, "caption": ROCKET_CAPTION}]})
    report = checker.check(article)
    assert report.figures[0].verdict == "consistent"
    assert report.figures[0].image.source == "data:image/png;base64,..."


def test_not_an_image_is_an_input_error(checker, tmp_path):
    (tmp_path / "notes.jpg").write_text("this is text, not a JPEG")
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": "notes.jpg", "caption": "x"}]})
    with pytest.raises(InputError, match="not a readable image"):
        checker.check(article, base_dir=tmp_path)


def test_html_body_is_reduced_to_text(checker):
    html = "<p>" + SPACE["body"].replace(". ", ".</p><p>") + "</p><script>var x = 'rally';</script>"
    article = ArticleIn.model_validate({**SPACE, "body": html, "figures": [{"image": None, "caption": ROCKET_CAPTION}]})
    assert checker.check(article).verdict == "pass"


def test_too_many_figures_is_refused(text_encoder, clip, tmp_path):
    checker = Checker(Settings(models_dir=tmp_path, max_figures=2), EncoderProvider(lambda: text_encoder, lambda: clip))
    article = ArticleIn.model_validate({**SPACE, "figures": [{"image": None, "caption": "c"}] * 3})
    with pytest.raises(InputError, match="CAPTIONCHECK_MAX_FIGURES"):
        checker.check(article)


def test_a_swap_replaces_the_plain_mismatch_reason(checker, clip, tmp_path):
    article = _article(clip, tmp_path, [("rocket", ASTRONAUT_CAPTION), ("astronaut", ROCKET_CAPTION)])
    report = checker.check(article, base_dir=tmp_path)
    assert [_codes(report, i) for i in (0, 1)] == [["caption_swapped"], ["caption_swapped"]]


def test_an_old_dated_photo_of_the_story_s_own_event_stands_at_review_whatever_the_decision(checker):
    article = ArticleIn.model_validate({
        "headline": "Egypt opens Grand Egyptian Museum after two decades of delay",
        "published": "2025-11-02",
        "body": ("Egypt opened the Grand Egyptian Museum in Giza on Saturday with a ceremony attended by "
                 "heads of state. The museum houses the full collection of Tutankhamun's tomb."),
        "figures": [
            {"image": None, "caption": "Guests arrive for the opening ceremony at the Grand Egyptian Museum."},
            {"image": None, "caption": "Guests arrive for the opening ceremony at the Grand Egyptian Museum "
                                       "in Giza on Nov. 1, 2021."},
        ],
    })
    date = _second_stands_at_review(checker, article, "caption_date_conflict")
    assert "Nov. 1, 2021" in date.message and "file" in date.message


def test_a_photo_of_a_past_event_the_story_recalls_is_not_flagged(checker):
    article = ArticleIn.model_validate({
        "headline": "Ouse bursts its banks in York as city braces for second peak",
        "published": "2025-01-08",
        "body": ("Riverside pubs in York were under water on Tuesday as the River Ouse rose four metres. "
                 "The river is expected to peak short of the 5.4-metre record set in November 2000."),
        "figures": [{"image": None, "caption": "Skeldergate during the record flood of November 2000."}],
    })
    [figure] = checker.check(article).figures
    assert figure.verdict == "consistent", figure.reasons
    [date] = [r for r in figure.reasons if r.code == "caption_date_conflict"]
    assert date.severity == "info" and "the story recalls" in date.message


def test_each_caption_s_places_are_read_once_per_check(checker, monkeypatch):
    """The decision's evidence and the places signal share one reading per caption."""
    from app.engine.signals import places

    read: list[str] = []
    real = places.place_reasons
    monkeypatch.setattr(places, "place_reasons", lambda caption, story: read.append(caption) or real(caption, story))
    captions = ["Delegates arrive for the talks at a hotel in Doha, Qatar.",
                "Supporters rally outside the US Capitol in Washington."]
    article = ArticleIn.model_validate({
        "headline": "Peace talks resume in Doha", "published": "2020-09-14",
        "body": "Negotiators met in Doha, Qatar, on Monday for a second day of talks.",
        "figures": [{"image": None, "caption": c} for c in captions]})
    report = checker.check(article)
    assert sorted(read) == sorted(captions)
    assert "caption_place_conflict" in _codes(report, 1) and "caption_place_conflict" not in _codes(report, 0)


def test_a_chart_s_places_and_dates_are_of_its_data_not_where_or_when_a_photo_was_taken(checker):
    chart = "Graphic: Afghan refugees registered in Pakistan and Iran, October 2019 to June 2020. Source: UNHCR"
    figure = _check_doha(checker, chart).figures[1]
    assert not [r for r in figure.reasons if r.code in ("caption_place_conflict", "caption_date_conflict")]
    as_a_photo = _check_doha(checker, chart.removeprefix("Graphic: ")).figures[1]
    assert {r.code for r in as_a_photo.reasons} >= {"caption_place_conflict", "caption_date_conflict"}


def test_a_common_word_opening_a_caption_is_no_named_person_spared_the_event_s_first_day(checker):
    article = ArticleIn.model_validate({
        "headline": "Thousands still without power after ice storm",
        "published": "2025-04-15",
        "body": ("PORTLAND, Ore. (AP) — Thousands of homes remained without power Tuesday, three days after an "
                 "ice storm coated the region. The storm began Saturday with strong east winds, followed by "
                 "freezing rain through Monday."),
        "figures": [{"image": None, "caption": "Freezing rain glazes cars along a street in Portland, Ore., on "
                                               "Thursday, April 10, 2025, as the ice storm moved in."}],
    })
    codes = [r.code for r in checker.check(article).figures[0].reasons]
    assert "caption_date_before_event" in codes
