"""Image-caption fit, image-article fit and swapped captions, from CLIP similarities.

Raw CLIP cosine is not comparable across images, so a caption is ranked among
alternatives for the same image: the foil bank of generic news captions. The
score is the share of foils the caption beats (1.0: fits better than all).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.calibration import Calibration, load_calibration
from app.engine.encoders.base import ImageTextEncoder
from app.engine.foils import foil_captions
from app.engine.images import LoadedImage
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.schema import Reason
from app.settings import Severity

IMAGE_CAPTION_MISMATCH = "image_caption_mismatch"
CAPTION_SWAPPED = "caption_swapped"
IMAGE_OFF_TOPIC = "image_off_topic"


def percentile_among_foils(image_vector: np.ndarray, text_vector: np.ndarray, foils: np.ndarray) -> float:
    """Share of foil captions that fit the image less well than the given text."""
    own = float(image_vector @ text_vector)
    return float(np.mean(foils @ image_vector < own))


def image_caption_reasons(percentile: float, min_pct: float, review_pct: float) -> list[Reason]:
    evidence = {"percentile_vs_foils": round(percentile, 3)}
    beaten_by = f"{1 - percentile:.0%}"
    if percentile < min_pct:
        return [make_reason(
            IMAGE_CAPTION_MISMATCH,
            Severity.mismatch,
            f"The photo does not look like what the caption describes: {beaten_by} of a bank of "
            "unrelated news captions fit it better.",
            **evidence,
        )]
    if percentile < review_pct:
        return [make_reason(
            IMAGE_CAPTION_MISMATCH,
            Severity.review,
            f"The photo fits its caption only weakly ({beaten_by} of a bank of unrelated news "
            "captions fit it better); check the caption.",
            **evidence,
        )]
    return []


@dataclass(frozen=True)
class Swap:
    figure: int  # index into the figures with images
    better_caption: int
    gain: float


def find_swaps(similarity: np.ndarray, min_gain: float) -> list[Swap]:
    """Figures whose captions fit other figures' images better, by optimal assignment.

    similarity[i, j] is image i against caption j. Each cycle of the best
    assignment that differs from the identity is kept if its mean gain over the
    captions as given reaches min_gain.
    """
    n = similarity.shape[0]
    if n < 2:
        return []
    from scipy.optimize import linear_sum_assignment  # here: scipy.optimize takes 0.3 s to import

    rows, cols = linear_sum_assignment(-similarity)
    assigned = dict(zip(rows.tolist(), cols.tolist()))
    swaps: list[Swap] = []
    seen: set[int] = set()
    for start in range(n):
        if start in seen or assigned[start] == start:
            continue
        cycle = _cycle(assigned, start)
        seen.update(cycle)
        gain = float(np.mean([similarity[i, assigned[i]] - similarity[i, i] for i in cycle]))
        if gain >= min_gain:
            swaps.extend(Swap(i, assigned[i], gain) for i in cycle)
    return swaps


def _cycle(assigned: dict[int, int], start: int) -> list[int]:
    cycle = [start]
    node = assigned[start]
    while node != start:
        cycle.append(node)
        node = assigned[node]
    return cycle


def swap_reason(figure_index: int, better_index: int, better_caption: str, gain: float) -> Reason:
    return make_reason(
        CAPTION_SWAPPED,
        Severity.mismatch,
        f"This photo matches the caption of figure {better_index + 1} better than its own; "
        "the captions may have been swapped.",
        better_caption_index=better_index,
        better_caption=better_caption,
        gain=round(gain, 4),
    )


def image_article_reasons(percentile: float, min_pct: float) -> list[Reason]:
    if percentile >= min_pct:
        return []
    return [make_reason(
        IMAGE_OFF_TOPIC,
        Severity.review,
        "The photo does not look related to the headline and lead of the story.",
        percentile_vs_foils=round(percentile, 3),
    )]


@dataclass(frozen=True)
class _ClipState:
    """Per-process state of one CLIP model: its calibration and the foil captions embedded once."""

    calibration: Calibration
    foils: np.ndarray


def _state(ctx: CheckContext, encoder: ImageTextEncoder) -> _ClipState:
    def build() -> _ClipState:
        calibration = load_calibration(ctx.settings.models_dir, encoder.name)
        return _ClipState(calibration, encoder.encode_texts(list(foil_captions())))

    return ctx.models.shared(f"clip-state:{encoder.name}", build)


def _run(ctx: CheckContext) -> Findings:
    encoder = ctx.models.clip()
    state = _state(ctx, encoder)
    indexes = sorted(ctx.images)
    image_vectors = _encode_images(encoder, [ctx.images[i] for i in indexes])
    texts = [ctx.prepared.scene_captions[i] for i in indexes] + [ctx.prepared.headline_and_lead]
    text_vectors = encoder.encode_texts(texts)
    caption_vectors, article_vector = text_vectors[:-1], text_vectors[-1]
    findings = Findings(models={"clip": encoder.name})
    cal = state.calibration
    for row, index in enumerate(indexes):
        caption_pct = percentile_among_foils(image_vectors[row], caption_vectors[row], state.foils)
        article_pct = percentile_among_foils(image_vectors[row], article_vector, state.foils)
        findings.score(index, "image_caption", round(caption_pct, 4))
        findings.score(index, "image_article", round(article_pct, 4))
        findings.add(index, *image_caption_reasons(caption_pct, cal.image_caption_min_percentile,
                                                   cal.image_caption_review_percentile))
        findings.add(index, *image_article_reasons(article_pct, cal.image_article_min_percentile))
    _flag_swaps(findings, indexes, image_vectors @ caption_vectors.T, ctx, cal.swap_min_gain)
    return findings


def _flag_swaps(findings: Findings, indexes: list[int], similarity: np.ndarray, ctx: CheckContext,
                min_gain: float) -> None:
    for swap in find_swaps(similarity, min_gain):
        figure, better = indexes[swap.figure], indexes[swap.better_caption]
        caption = ctx.prepared.article.figures[better].caption
        # The swap explains the poor fit; one reason says it better than two.
        kept = [r for r in findings.reasons.get(figure, []) if r.code != IMAGE_CAPTION_MISMATCH]
        findings.reasons[figure] = [swap_reason(figure, better, caption, swap.gain), *kept]


def _encode_images(encoder: ImageTextEncoder, loaded: list[LoadedImage]) -> np.ndarray:
    # An encoder that can reuse earlier work keys it on the file's hash (the audit's embedding cache).
    by_hash = getattr(encoder, "encode_loaded_images", None)
    if by_hash is not None:
        return by_hash(loaded)
    return encoder.encode_images([item.image for item in loaded])


SIGNAL = Signal(
    name="image_caption",
    codes=(IMAGE_CAPTION_MISMATCH, CAPTION_SWAPPED, IMAGE_OFF_TOPIC),
    needs=frozenset({Need.IMAGES, Need.CLIP}),
    run=_run,
    scores=("image_caption", "image_article"),
)
