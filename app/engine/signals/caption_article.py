"""Caption-article fit: does the caption describe this story at all?

Raw sentence similarity depends on how generic the story's wording is, so the
caption is judged against the bank of foil captions: how far above an unrelated
caption's similarity to *this* article (in standard deviations) does it sit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.reasons import CAPTION_OFF_TOPIC, make_reason
from app.schema import Reason
from app.settings import Severity


@dataclass(frozen=True)
class TextThresholds:
    off_topic_z: float
    loose_z: float


@dataclass(frozen=True)
class ArticleTextProfile:
    """Article sentences embedded once, with the foil baseline for this article."""

    units: list[str]
    unit_vectors: np.ndarray
    foil_mean: float
    foil_std: float

    @classmethod
    def build(cls, units: list[str], unit_vectors: np.ndarray, foil_vectors: np.ndarray):
        foil_best = (foil_vectors @ unit_vectors.T).max(axis=1)
        return cls(units, unit_vectors, float(foil_best.mean()), float(max(foil_best.std(), 1e-6)))


@dataclass(frozen=True)
class CaptionFit:
    similarity: float
    z: float
    closest: str


def caption_fit(caption_vector: np.ndarray, profile: ArticleTextProfile) -> CaptionFit:
    sims = profile.unit_vectors @ caption_vector
    best = int(np.argmax(sims))
    similarity = float(sims[best])
    return CaptionFit(similarity, (similarity - profile.foil_mean) / profile.foil_std, profile.units[best])


def off_topic_reasons(fit: CaptionFit, thresholds: TextThresholds) -> list[Reason]:
    if fit.z >= thresholds.loose_z:
        return []
    evidence = {
        "similarity": round(fit.similarity, 4),
        "z_vs_foils": round(fit.z, 2),
        "closest_sentence": fit.closest,
    }
    if fit.z < thresholds.off_topic_z:
        return [make_reason(
            CAPTION_OFF_TOPIC,
            Severity.mismatch,
            "The caption describes something the story is not about: it is no closer to the "
            "article than an unrelated news caption would be.",
            **evidence,
        )]
    return [make_reason(
        CAPTION_OFF_TOPIC,
        Severity.review,
        "The caption is only loosely related to the story; check that the photo belongs here.",
        **evidence,
    )]
