"""Collecting the decision's training rows from labelled articles (real sentence model and spaCy)."""

from __future__ import annotations

from app.engine.encoders.base import EncoderProvider
from app.evaluation.datasets import LabelledArticle
from app.evaluation.decision_fit import collect
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
