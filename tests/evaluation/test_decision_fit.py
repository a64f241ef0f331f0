"""Collecting the decision's training rows from labelled articles (real sentence model and spaCy)."""

from __future__ import annotations

import numpy as np

from app.engine.encoders.base import EncoderProvider
from app.evaluation.datasets import LabelledArticle
from app.evaluation.decision_fit import TrainingSet, collect, fit_decision
from app.schema import ArticleIn
from app.settings import Settings


def test_a_caption_that_is_only_a_credit_is_no_training_row(text_encoder):
    # It is never judged at run time, so it must not move the fitted weights or cut-offs.
    article = ArticleIn.model_validate({
        "id": "a1", "headline": "Floods cut off villages in Sindh", "published": "2026-08-20",
        "body": "Rescue teams in Sindh used boats to reach villages cut off by flood water on Monday.",
        "figures": [{"caption": "Rescue workers use a boat to reach stranded families in Sindh."},
                    {"caption": "Slide: 1 / of 2 . Caption: Getty Images"},
                    {"caption": "Fans cheer as the home side lifts the league trophy."}],
    })
    labelled = LabelledArticle(article, [False, False, True], [None, None, "off_topic"])
    models = EncoderProvider(lambda: text_encoder, lambda: None)
    data = collect([("set", [labelled])], Settings(), models, skip_ids=set())
    assert data.x.shape[0] == 2
    assert list(data.y) == [0, 1]
    assert data.sources == {"set": 2}


def test_the_fit_reports_recall_over_other_random_splits_of_the_articles():
    rng = np.random.default_rng(11)
    n = 300
    y = (rng.random(n) < 0.25).astype(int)
    x = np.column_stack([rng.normal(y * 1.5, 1.0), rng.normal(0, 1, n)])
    data = TrainingSet(x, y, [f"g{i // 3}" for i in range(n)], {"synthetic": n})
    first = fit_decision(data, 0.05, 0.01, {}, features=("a", "b")).provenance["cross_validated_repeated"]
    again = fit_decision(data, 0.05, 0.01, {}, features=("a", "b")).provenance["cross_validated_repeated"]
    assert first == again  # seeded: a refit on the same data reports the same spread
    assert first["splits"] == 20 and first["false_flags_mean"] <= 0.05
    assert 0.3 < first["recall_mean"] < 1.0
    assert first["recall_sd"] > 0  # the splits differ, and so do their figures
