"""The CLIP signals of an article: image-caption fit, swapped captions, image-article fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.engine.article import PreparedArticle
from app.engine.calibration import Calibration, load_calibration
from app.engine.encoders.base import ImageTextEncoder
from app.engine.foils import foil_captions
from app.engine.images import LoadedImage
from app.engine.reasons import IMAGE_CAPTION_MISMATCH
from app.engine.signals.image_caption import (
    find_swaps,
    image_article_reasons,
    image_caption_reasons,
    percentile_among_foils,
    swap_reason,
)
from app.schema import Reason


@dataclass
class VisualResult:
    model: str | None
    image_caption: dict[int, float] = field(default_factory=dict)
    image_article: dict[int, float] = field(default_factory=dict)
    reasons: dict[int, list[Reason]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "VisualResult":
        return cls(model=None)


class VisualChecks:
    def __init__(
        self,
        encoder: ImageTextEncoder,
        models_dir: Path,
        calibration: Calibration | None = None,
    ) -> None:
        self.encoder = encoder
        self.calibration = calibration or load_calibration(models_dir, encoder.name)
        self._foils = encoder.encode_texts(list(foil_captions()))

    def run(self, prepared: PreparedArticle, images: dict[int, LoadedImage]) -> VisualResult:
        indexes = sorted(images)
        image_vectors = _encode_images(self.encoder, [images[i] for i in indexes])
        texts = [prepared.scene_captions[i] for i in indexes] + [prepared.headline_and_lead]
        text_vectors = self.encoder.encode_texts(texts)
        caption_vectors, article_vector = text_vectors[:-1], text_vectors[-1]
        result = VisualResult(model=self.encoder.name)
        for row, index in enumerate(indexes):
            self._score_figure(result, index, image_vectors[row], caption_vectors[row], article_vector)
        self._flag_swaps(result, indexes, image_vectors @ caption_vectors.T, prepared)
        return result

    def _score_figure(
        self,
        result: VisualResult,
        index: int,
        image: np.ndarray,
        caption: np.ndarray,
        article: np.ndarray,
    ) -> None:
        cal = self.calibration
        caption_pct = percentile_among_foils(image, caption, self._foils)
        article_pct = percentile_among_foils(image, article, self._foils)
        result.image_caption[index] = round(caption_pct, 4)
        result.image_article[index] = round(article_pct, 4)
        result.reasons[index] = [
            *image_caption_reasons(caption_pct, cal.image_caption_min_percentile,
                                   cal.image_caption_review_percentile),
            *image_article_reasons(article_pct, cal.image_article_min_percentile),
        ]

    def _flag_swaps(
        self,
        result: VisualResult,
        indexes: list[int],
        similarity: np.ndarray,
        prepared: PreparedArticle,
    ) -> None:
        for swap in find_swaps(similarity, self.calibration.swap_min_gain):
            figure, better = indexes[swap.figure], indexes[swap.better_caption]
            caption = prepared.article.figures[better].caption
            # The swap explains the poor fit; one reason says it better than two.
            kept = [r for r in result.reasons[figure] if r.code != IMAGE_CAPTION_MISMATCH]
            result.reasons[figure] = [swap_reason(figure, better, caption, swap.gain), *kept]


def _encode_images(encoder: ImageTextEncoder, loaded: list[LoadedImage]) -> np.ndarray:
    # An encoder that can reuse earlier work keys it on the file's hash (the audit's embedding cache).
    by_hash = getattr(encoder, "encode_loaded_images", None)
    if by_hash is not None:
        return by_hash(loaded)
    return encoder.encode_images([item.image for item in loaded])
