"""Image-caption fit and swapped captions, from CLIP similarities.

Raw CLIP cosine is not comparable across images, so a caption is ranked among
alternatives for the same image: the foil bank of generic news captions. The
score is the share of foils the caption beats (1.0: fits better than all).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from app.engine.reasons import CAPTION_SWAPPED, IMAGE_CAPTION_MISMATCH, IMAGE_OFF_TOPIC, make_reason
from app.schema import Reason
from app.settings import Severity


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
