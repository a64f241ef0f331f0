"""`image_reused`: an earlier use judged against the new caption (place, date, event, file photo)."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from app.engine.earlier_uses import ArchiveMatch, EarlierUse
from app.engine.signals.reuse import reuse_reasons
from app.engine.article import prepare_article
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.schema import ArticleIn, FigureIn
from app.settings import Settings
from tests.archive.conftest import article, loaded
from tests.controlled import ControlledClip

RALLY_2019 = EarlierUse(
    article_key="k-2019", article_url="https://news.example/2019/03/08/house-vote", image_url=None,
    headline="House passes voting bill",
    caption="Demonstrators rally on the East Steps of the US Capitol in Washington, DC.",
    credit="Staff photographer", published=date(2019, 3, 8), source="audit",
)
DOHA = ("Afghan government and Taliban negotiators open peace talks in Doha. Delegates from Kabul met "
        "Taliban envoys at a hotel in Qatar's capital on Saturday, with mediators from Qatar present.")
WASHINGTON = ("Supporters of the voting bill rallied outside the US Capitol in Washington on Tuesday as the "
              "Senate began its debate. Organisers said thousands attended.")


class FakeArchive:
    def __init__(self, *uses: EarlierUse, kind: str = "near") -> None:
        self.matches = [ArchiveMatch(use, kind, 3 if kind == "near" else 0, 0.93) for use in uses]

    def earlier_uses(self, image, article):  # noqa: ANN001, ANN201
        return list(self.matches)


def judge(text_encoder, caption: str, body: str, published: str | None, *uses: EarlierUse, kind: str = "near"):
    prepared = prepare_article(article("Headline of the new story", caption, body=body, published=published),
                               Settings())
    image = loaded(Image.new("RGB", (8, 8)))
    reasons = reuse_reasons(prepared, {0: image}, FakeArchive(*(uses or (RALLY_2019,)), kind=kind), text_encoder,
                            tolerance_days=180, today=date(2021, 9, 12))
    [reason] = reasons[0]
    assert reason.code == "image_reused"
    return reason


def test_the_seed_case_is_a_mismatch_with_the_earlier_use_as_evidence(text_encoder):
    caption = "Members of the Afghan government delegation arrive for the talks at a hotel in Doha, Qatar."
    reason = judge(text_encoder, caption, DOHA, "2021-09-12")
    assert reason.severity == "mismatch"
    assert reason.evidence["conflicts"] == ["date", "event", "place"]
    assert reason.message.startswith(
        "A copy of this photo (resized, recompressed or cropped) ran on 8 March 2019 under "
        "'House passes voting bill' (https://news.example/2019/03/08/house-vote), captioned "
        "'Demonstrators rally on the East Steps of the US Capitol in Washington, DC'.")
    assert "Doha, Qatar" in reason.message and "Washington" in reason.message
    assert "It ran 2.5 years before this story" in reason.message
    evidence = reason.evidence
    assert evidence["earlier_url"] == RALLY_2019.article_url
    assert evidence["earlier_published"] == "2019-03-08"
    assert evidence["earlier_caption"] == RALLY_2019.caption
    assert evidence["earlier_headline"] == "House passes voting bill"
    assert evidence["match"] == "near" and evidence["distance"] == 3 and evidence["similarity"] == 0.93


def test_a_place_the_new_story_never_mentions_conflicts_even_when_the_caption_names_none(text_encoder):
    reason = judge(text_encoder, "Delegates wave to supporters as the talks open.", DOHA, "2019-03-20")
    assert reason.severity == "mismatch"
    assert "place" in reason.evidence["conflicts"] and "date" not in reason.evidence["conflicts"]
    assert "which this story never mentions" in reason.message


def test_age_alone_asks_for_review(text_encoder):
    caption = "Supporters wave flags at a rally outside the US Capitol in Washington, DC."
    reason = judge(text_encoder, caption, WASHINGTON, "2021-06-01")
    assert reason.severity == "review"
    assert reason.evidence["conflicts"] == ["date"]
    assert "does not say it is a file or archive photo" in reason.message


def test_an_undated_draft_is_judged_as_published_today(text_encoder):
    caption = "Supporters wave flags at a rally outside the US Capitol in Washington, DC."
    reason = judge(text_encoder, caption, WASHINGTON, None)
    assert reason.evidence["conflicts"] == ["date"]


def test_a_caption_about_another_event_is_a_mismatch(text_encoder):
    cat = EarlierUse("k-cat", "https://news.example/cats", None, "Cat show draws record crowds",
                     "A cat naps in a shop window.", None, date(2021, 8, 1), "audit")
    reason = judge(text_encoder, "Firefighters battle a blaze at a warehouse.", "Fire crews fought a warehouse "
                   "fire through the night, the fire service said.", "2021-08-10", cat)
    assert reason.severity == "mismatch"
    assert reason.evidence["conflicts"] == ["event"]
    assert "different event" in reason.message


def test_a_file_photo_is_information(text_encoder):
    caption = "Demonstrators rally on the steps of the US Capitol in Washington in 2019 (file photo)."
    reason = judge(text_encoder, caption, DOHA, "2021-09-12")
    assert reason.severity == "info"
    assert reason.evidence["conflicts"] == []
    assert "This caption says it is a file or archive photo." in reason.message
    assert "ran on 8 March 2019" in reason.message


def test_a_file_photo_placed_somewhere_else_is_still_a_mismatch(text_encoder):
    caption = "Taliban delegates arrive at the talks in Doha, Qatar (file photo)."
    reason = judge(text_encoder, caption, DOHA, "2021-09-12")
    assert reason.severity == "mismatch" and reason.evidence["conflicts"] == ["place"]


def test_the_same_event_is_information(text_encoder):
    caption = "Supporters wave flags at a rally outside the US Capitol in Washington, DC."
    reason = judge(text_encoder, caption, WASHINGTON, "2019-03-09", kind="exact")
    assert reason.severity == "info"
    assert reason.evidence["conflicts"] == [] and reason.evidence["match"] == "exact"
    assert reason.message.startswith("This photo ran on 8 March 2019")
    assert "agrees with this caption" in reason.message


def test_a_caption_that_dates_the_photo_to_its_time_presents_nothing_as_new(text_encoder):
    caption = "Supporters rally outside the US Capitol in Washington on March 8, 2019."
    reason = judge(text_encoder, caption, WASHINGTON, "2021-06-01")
    assert reason.severity == "info"


def test_several_earlier_uses_are_counted_and_the_conflicting_one_is_shown(text_encoder):
    same_day = EarlierUse("k-2", "https://news.example/2021/09/12/doha-arrivals", None, "Talks open in Doha",
                          "Delegates arrive for the talks at a hotel in Doha, Qatar.", None, date(2021, 9, 12), "audit")
    caption = "Members of the Afghan government delegation arrive for the talks at a hotel in Doha, Qatar."
    reason = judge(text_encoder, caption, DOHA, "2021-09-13", RALLY_2019, same_day)
    assert reason.severity == "mismatch" and reason.evidence["earlier_url"] == RALLY_2019.article_url
    assert reason.evidence["earlier_uses"] == 2
    assert [u["url"] for u in reason.evidence["other_uses"]] == [same_day.article_url]
    assert "It ran 1 other time before too" in reason.message


CONCEPTS = {"rally": (200, 30, 30)}


@pytest.fixture
def checker(text_encoder) -> Checker:
    clip = ControlledClip(CONCEPTS)
    return Checker(Settings(), EncoderProvider(lambda: text_encoder, lambda: clip))


def test_the_checker_adds_the_reason_only_when_given_an_archive(checker):
    red = loaded(Image.new("RGB", (48, 32), CONCEPTS["rally"]))
    story = ArticleIn(headline="Afghan peace talks open in Doha", body=DOHA, published="2021-09-12",
                      figures=[FigureIn(caption="Delegates arrive for the rally talks at a hotel in Doha, Qatar.")])
    without = checker.check(story, images={0: red})
    assert "image_reused" not in [r.code for r in without.figures[0].reasons]
    flagged = checker.check(story, images={0: red}, archive=FakeArchive(RALLY_2019))
    reasons = {r.code: r for r in flagged.figures[0].reasons}
    assert reasons["image_reused"].severity == "mismatch"
    assert flagged.figures[0].verdict == "mismatch" and flagged.verdict == "block"
    assert "reuse" in flagged.timings_ms


def test_an_earlier_use_from_an_untrusted_site_asks_for_review_at_most(text_encoder):
    from dataclasses import replace

    caption = "Members of the Afghan government delegation arrive for the talks at a hotel in Doha, Qatar."
    planted = replace(RALLY_2019, source="audit:untrusted")
    reason = judge(text_encoder, caption, DOHA, "2021-09-12", planted)
    assert reason.severity == "review" and reason.evidence["earlier_source"] == "audit:untrusted"
    assert reason.evidence["conflicts"] == ["date", "event", "place"]  # still shown, just not blocking
    assert "not listed as trusted" in reason.message
    # A trusted earlier use beside it still blocks, whichever is older.
    both = judge(text_encoder, caption, DOHA, "2021-09-12", planted, replace(RALLY_2019, article_key="k2"))
    assert both.severity == "mismatch" and both.evidence["earlier_source"] == "audit"
