"""Caption-article fit, decided once per caption by the calibrated model.

Raw sentence similarity depends on how generic the story's wording is, so the caption is
also judged against the bank of foil captions (how far above an unrelated caption's
similarity to *this* article it sits). That, the caption's names and places against the
story's, and the place and date findings go into one logistic regression
(app/engine/decision.py). Its severity settles the text findings of the other signals
(places, people, dates): they explain, the decision decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from app.engine.caption_anatomy import scene_of
from app.engine.decision import DecisionModel, load_decision
from app.engine.foils import foil_captions
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Settlement, Signal
from app.engine.signals.places import story_places
from app.engine.signals.places_local import LocalDetail, local_detail
from app.schema import Reason
from app.settings import Severity

if TYPE_CHECKING:
    from app.engine.evidence import CaptionEvidence

CAPTION_OFF_TOPIC = "caption_off_topic"
# The findings whose severity the decision sets; a mismatch of the decisive ones (a caption set
# in another country, or dated after publication) stands whatever the probability.
GOVERNED_CODES = frozenset({
    CAPTION_OFF_TOPIC, "caption_place_conflict", "caption_person_unknown", "caption_date_conflict",
})
DECISIVE_CODES = frozenset({"caption_place_conflict", "caption_date_conflict"})
# When the decision finds that the caption fits the story, a place conflict (which rests on how
# a name was read: "Spotify's headquarters in Stockholm" under a story about Spotify) asks for
# review instead of deciding a mismatch.
DOUBTED_WHEN_FITTING = frozenset({"caption_place_conflict"})
# A date is read, not guessed: a photo dated years before the story, not called a file photo,
# asks at least for review however well the caption fits. A caption that fits is the risk: it
# presents an old photo of the same kind of event as this one.
STANDING_CODES = frozenset({"caption_date_conflict"})
_TOP = 3
_MAX_QUOTE = 140
_TELLING_PUSH = 0.25  # log-odds a feature must add to be named as evidence


@dataclass(frozen=True)
class ArticleTextProfile:
    """Article sentences embedded once, with the foil baseline for this article."""

    units: list[str]
    unit_vectors: np.ndarray
    foil_mean: float
    foil_std: float
    centroid: np.ndarray  # the story's sentences averaged: what it is about overall

    @classmethod
    def build(cls, units: list[str], unit_vectors: np.ndarray, foil_vectors: np.ndarray):
        foil_best = (foil_vectors @ unit_vectors.T).max(axis=1)
        centroid = unit_vectors.mean(axis=0)
        centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
        return cls(units, unit_vectors, float(foil_best.mean()), float(max(foil_best.std(), 1e-6)), centroid)


@dataclass(frozen=True)
class CaptionFit:
    similarity: float  # to the closest sentence (or the headline)
    z: float  # that similarity against the foil captions', in standard deviations
    closest: str
    top3: float  # mean similarity to the three closest sentences
    centroid: float  # similarity to the story as a whole


def caption_fit(caption_vector: np.ndarray, profile: ArticleTextProfile) -> CaptionFit:
    sims = profile.unit_vectors @ caption_vector
    best = int(np.argmax(sims))
    similarity = float(sims[best])
    return CaptionFit(
        similarity,
        (similarity - profile.foil_mean) / profile.foil_std,
        profile.units[best],
        float(np.sort(sims)[::-1][:_TOP].mean()),
        float(profile.centroid @ caption_vector),
    )


def caption_fits(ctx: CheckContext) -> list[CaptionFit]:
    """Each caption's fit to the story, computed once per check (other signals read it too)."""
    return ctx.memo("caption_fits", lambda: _caption_fits(ctx))


def text_vectors(ctx: CheckContext) -> tuple[np.ndarray, np.ndarray]:
    """The story's units (headline first) and the captions' scenes, embedded in one batch."""
    def build() -> tuple[np.ndarray, np.ndarray]:
        prepared = ctx.prepared
        vectors = ctx.models.text().encode([*prepared.units, *prepared.scene_captions])
        return vectors[: len(prepared.units)], vectors[len(prepared.units):]

    return ctx.memo("text_vectors", build)


def _caption_fits(ctx: CheckContext) -> list[CaptionFit]:
    encoder = ctx.models.text()
    prepared = ctx.prepared
    unit_vectors, caption_vectors = text_vectors(ctx)
    foils = ctx.models.shared(f"foils:{encoder.name}", lambda: encoder.encode(list(foil_captions())))
    profile = ArticleTextProfile.build(prepared.units, unit_vectors, foils)
    return [caption_fit(vector, profile) for vector in caption_vectors]


def _run(ctx: CheckContext) -> Findings:
    # Imported here: the evidence module reads this module's caption_fits.
    from app.engine.evidence import evidence_for_all

    model = load_decision(ctx.settings.models_dir, ctx.models.text().name).at_false_flags(
        ctx.settings.caption_false_flags)
    findings = Findings()
    for index, (fit, evidence) in enumerate(zip(caption_fits(ctx), evidence_for_all(ctx))):
        findings.score(index, "caption_article", round(fit.similarity, 4))
        if evidence.credit_only:
            # Only a credit line: it claims nothing about the scene to hold against the story.
            findings.settle(index, Settlement(Severity.info, GOVERNED_CODES))
            continue
        probability = model.probability(evidence.vector(model.features))
        findings.score(index, "caption_mismatch_probability", round(probability, 4))
        severity = model.severity(probability)
        fallback = None
        if severity != Severity.info:
            fallback = off_topic_reason(severity, probability, evidence, model)
            # A place next to the story's town outweighs doubt, not meaning past the mismatch bar:
            # "Lithuanian soldiers take part in a NATO exercise" near Vilnius is no heating vote.
            near = None if severity == Severity.mismatch else local_detail(
                scene_of(ctx.prepared.article.figures[index].caption), story_places(ctx))
            fallback = _as_local_detail(fallback, near) if near else fallback
        doubted = DOUBTED_WHEN_FITTING if severity == Severity.info else frozenset()
        findings.settle(index, Settlement(severity, GOVERNED_CODES, DECISIVE_CODES, fallback, doubted,
                                          STANDING_CODES))
    return findings


def off_topic_reason(
    severity: Severity, probability: float, evidence: CaptionEvidence, model: DecisionModel
) -> Reason:
    """The decision's own words, used when no place, date or person finding explains it. Alone
    it asks for review (Settlement): a block needs a finding that names what was compared."""
    values = evidence.values
    message = (
        "The caption seems to describe something the story is not about; check that the photo belongs here"
        if severity == Severity.mismatch
        else "The caption is only loosely related to the story; check that the photo belongs here"
    )
    message += f": the closest the story comes is “{_clip(evidence.closest_sentence)}”"
    from app.engine.evidence import RESEMBLANCE_TO_NEIGHBOURS  # here: evidence imports this module

    strongest = _strongest(model, evidence)
    if evidence.missing_entities:
        names = list(evidence.missing_entities[:3])
        message += f", and the caption names {_join(names)}, which the story never mentions"
    if any(name in RESEMBLANCE_TO_NEIGHBOURS for name in strongest):
        message += "; it is also unlike the article's other captions"
    return make_reason(
        CAPTION_OFF_TOPIC,
        severity,
        message + ".",
        probability=round(probability, 3),
        similarity=round(values["similarity"], 4),
        z_vs_foils=round(values["z_vs_foils"], 2),
        closest_sentence=evidence.closest_sentence,
        names_not_in_story=list(evidence.missing_entities),
        strongest_evidence=strongest,
    )


def _as_local_detail(reason: Reason, near: LocalDetail) -> Reason:
    """Meaning alone weighed against a place next to the story's town: the place wins, and the
    finding is only noted."""
    town = near.story_town.title() if near.story_town.isupper() else near.story_town
    message = (f"{reason.message[:-1]}; but it is set in {near.place}, about {max(1, round(near.km))} km from "
               f"{town}, which the story names: likely the story's own local detail.")
    return reason.model_copy(update={"severity": Severity.info, "message": message,
                                     "evidence": {**reason.evidence, "local_detail": near.place}})


def _strongest(model: DecisionModel, evidence: CaptionEvidence) -> list[str]:
    pushes = model.contributions(evidence.vector(model.features))
    ranked = sorted(pushes.items(), key=lambda kv: -kv[1])
    return [name for name, push in ranked if push > _TELLING_PUSH][:3]


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1].rstrip() + "…"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


SIGNAL = Signal(
    name="caption_article",
    codes=(CAPTION_OFF_TOPIC,),
    needs=frozenset({Need.TEXT}),
    run=_run,
    scores=("caption_article", "caption_mismatch_probability"),
)
