"""The labelled dev cases, caption-only, through the whole engine with the real sentence model.

Run with -s to see the figures: recall on `flag` captions, false flags on `consistent` ones.
"""

from __future__ import annotations

import pytest

from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.schema import ArticleIn
from app.settings import Settings
from tests.conftest import dev_cases


def _no_clip():
    raise AssertionError("dev cases are caption-only")


@pytest.fixture(scope="module")
def outcomes(text_encoder):
    checker = Checker(Settings(), EncoderProvider(lambda: text_encoder, _no_clip))
    rows = []
    for case in dev_cases():
        report = checker.check(ArticleIn.model_validate(case))
        for figure, result in zip(case["figures"], report.figures):
            rows.append((case["id"], figure, result))
    return rows


def test_dev_set_recall_and_false_flags(outcomes):
    flags = [(cid, f, r) for cid, f, r in outcomes if f["expected"] == "flag"]
    clean = [(cid, f, r) for cid, f, r in outcomes if f["expected"] == "consistent"]
    caught = [r for _, _, r in flags if r.verdict != "consistent"]
    false_flags = [(cid, f["caption"], r.reasons) for cid, f, r in clean if r.verdict != "consistent"]
    recall = len(caught) / len(flags)
    false_rate = len(false_flags) / len(clean)
    print(f"\ndev.jsonl: recall on flag captions {len(caught)}/{len(flags)} = {recall:.1%}; "
          f"false flags on consistent captions {len(false_flags)}/{len(clean)} = {false_rate:.1%}")
    assert recall >= 0.9
    assert false_rate <= 0.05, false_flags


def test_each_flag_kind_gets_its_reason(outcomes):
    expected_code = {"off_topic": "caption_off_topic", "place": "caption_place_conflict",
                     "date": "caption_date_conflict"}
    for cid, figure, result in outcomes:
        kind = figure.get("kind")
        if kind in expected_code:
            codes = [r.code for r in result.reasons]
            assert expected_code[kind] in codes, (cid, figure["caption"], codes)
