"""Caption-article fit: does the caption describe this story at all?

Raw sentence similarity depends on how generic the story's wording is, so the
caption is judged against the bank of foil captions: how far above an unrelated
caption's similarity to *this* article (in standard deviations) does it sit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from app.engine.foils import foil_captions
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.people import shared_names
from app.engine.text import fold
from app.engine.thresholds import TextThresholds, load_text_thresholds
from app.schema import Reason
from app.settings import Severity

CAPTION_OFF_TOPIC = "caption_off_topic"


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


def off_topic_reasons(
    fit: CaptionFit, thresholds: TextThresholds, shared_terms: list[str] | None = None
) -> list[Reason]:
    """Below off_topic_z: mismatch; below loose_z: review. Names or topic words the caption
    shares with the story are evidence the two belong together, independent of the sentence
    model, so they lower each finding one step."""
    shared = shared_terms or []
    if fit.z >= thresholds.loose_z or (shared and fit.z >= thresholds.off_topic_z):
        return []
    evidence = {
        "similarity": round(fit.similarity, 4),
        "z_vs_foils": round(fit.z, 2),
        "closest_sentence": fit.closest,
        "shared_terms": shared,
    }
    if fit.z < thresholds.off_topic_z and not shared:
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


_WORD = re.compile(r"[a-z]{4,}")
# A word in this many foil captions says nothing about a particular story ("street", "city").
_GENERIC_DOC_FREQ = 4


def shared_topic_words(caption: str, article_text: str) -> list[str]:
    """Content words of the caption that the story uses too (plural-insensitive)."""
    story = _content_words(article_text)
    shared: list[str] = []
    for word in _content_words(caption):
        if word in story and word not in _generic_words() and word not in shared:
            shared.append(word)
    return shared


def _content_words(text: str) -> list[str]:
    words = (w.removesuffix("s") for w in _WORD.findall(fold(text)))
    return [w for w in words if w not in ENGLISH_STOP_WORDS]


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    counts = Counter(w for foil in foil_captions() for w in set(_content_words(foil)))
    return frozenset(w for w, n in counts.items() if n >= _GENERIC_DOC_FREQ)


def caption_fits(ctx: CheckContext) -> list[CaptionFit]:
    """Each caption's fit to the story, computed once per check (other signals read it too)."""
    return ctx.memo("caption_fits", lambda: _caption_fits(ctx))


def _caption_fits(ctx: CheckContext) -> list[CaptionFit]:
    encoder = ctx.models.text()
    prepared = ctx.prepared
    vectors = encoder.encode([*prepared.units, *prepared.scene_captions])
    unit_vectors, caption_vectors = vectors[: len(prepared.units)], vectors[len(prepared.units):]
    foils = ctx.models.shared(f"foils:{encoder.name}", lambda: encoder.encode(list(foil_captions())))
    profile = ArticleTextProfile.build(prepared.units, unit_vectors, foils)
    return [caption_fit(vector, profile) for vector in caption_vectors]


def _run(ctx: CheckContext) -> Findings:
    thresholds = load_text_thresholds(ctx.settings.models_dir, ctx.models.text().name)
    story = ctx.prepared.full_text
    findings = Findings()
    for index, (figure, fit) in enumerate(zip(ctx.prepared.article.figures, caption_fits(ctx))):
        findings.score(index, "caption_article", round(fit.similarity, 4))
        shared = [*shared_names(figure.caption, story), *shared_topic_words(figure.caption, story)]
        findings.add(index, *off_topic_reasons(fit, thresholds, shared))
    return findings


SIGNAL = Signal(
    name="caption_article",
    codes=(CAPTION_OFF_TOPIC,),
    needs=frozenset({Need.TEXT}),
    run=_run,
    scores=("caption_article",),
)
