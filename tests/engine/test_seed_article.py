"""The mission's own example: the real Doha-talks article and its three real captions, through
the whole engine with the real sentence model and spaCy pipeline (no CLIP: captions only)."""

from __future__ import annotations

import json

import pytest

from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.schema import ArticleIn
from app.settings import Settings
from tests.conftest import REPO

SEED = REPO.parent / "shared" / "eval" / "seed.json"
LOCAL_SEED = REPO / "samples" / "seed-doha-talks.json"


def _no_clip():
    raise AssertionError("caption-only article")


@pytest.fixture(scope="module")
def report(text_encoder):
    if not SEED.exists():
        pytest.skip("shared/eval/seed.json is not on this machine")
    article = ArticleIn.model_validate(json.loads(SEED.read_text("utf-8")))
    return Checker(Settings(), EncoderProvider(lambda: text_encoder, _no_clip)).check(article)


def test_rally_caption_is_a_mismatch_that_names_washington_and_the_story_places(report):
    rally = report.figures[0]
    assert rally.verdict == "mismatch"
    place = next(r for r in rally.reasons if r.code == "caption_place_conflict")
    assert place.severity == "mismatch"
    assert "Washington" in place.message and "Doha" in place.message and "Kabul" in place.message
    assert "2019" in place.message and "January 2021" in place.message
    assert rally.scores.caption_mismatch_probability is not None


def test_the_article_is_blocked_and_the_genuine_captions_pass(report):
    assert report.verdict == "block"
    assert [f.verdict for f in report.figures[1:]] == ["consistent", "consistent"]
