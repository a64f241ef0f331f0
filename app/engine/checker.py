"""The engine's entry point: an article in, a report out."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from app.archive.model import EarlierUses
from app.archive.signal import reuse_reasons
from app.engine.article import PreparedArticle, prepare_article
from app.engine.encoders.base import EncoderProvider
from app.engine.foils import foil_captions
from app.engine.images import LoadedImage, load_image
from app.engine.signals.caption_article import (
    ArticleTextProfile,
    caption_fit,
    off_topic_reasons,
    shared_topic_words,
)
from app.engine.signals.dates import date_reasons
from app.engine.signals.people import person_reasons, shared_names
from app.engine.signals.places import analyse_article_places, place_reasons
from app.engine.thresholds import load_text_thresholds
from app.engine.verdict import apply_overrides, article_verdict, figure_verdict
from app.engine.visual import VisualChecks, VisualResult
from app.schema import ArticleIn, ArticleRef, FigureReport, ImageInfo, ModelsUsed, Reason, Report, Scores
from app.settings import Settings

ImageLoader = Callable[[str, str], LoadedImage]  # (source, field) -> image


class Checker:
    """Runs every signal over an article. Thread-safe; encoders load on first need."""

    def __init__(self, settings: Settings, encoders: EncoderProvider) -> None:
        self.settings = settings
        self.encoders = encoders
        self._foil_text_vectors: np.ndarray | None = None
        self._visual: VisualChecks | None = None

    def check(
        self,
        article: ArticleIn,
        *,
        base_dir: Path | None = None,
        images: dict[int, LoadedImage] | None = None,
        image_loader: ImageLoader | None = None,
        archive: EarlierUses | None = None,
    ) -> Report:
        """The article's report; with `archive`, photos that ran in earlier articles are flagged too."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        prepared = prepare_article(article, self.settings)
        loaded = self._load_images(article, images or {}, base_dir, image_loader)
        timings["images"] = _ms_since(started)

        mark = time.perf_counter()
        text_reasons, fits = self._text_signals(prepared)
        timings["text"] = _ms_since(mark)

        mark = time.perf_counter()
        visual = self._visual_checks().run(prepared, loaded) if loaded else VisualResult.empty()
        timings["clip"] = _ms_since(mark)

        reused: dict[int, list[Reason]] = {}
        if archive is not None and loaded:
            mark = time.perf_counter()
            tolerance = self.settings.date_tolerance_days
            reused = reuse_reasons(prepared, loaded, archive, self.encoders.text(), tolerance)
            timings["archive"] = _ms_since(mark)

        figures = [
            self._figure_report(i, prepared, loaded.get(i), fits[i], [*text_reasons[i], *reused.get(i, [])], visual)
            for i in range(len(article.figures))
        ]
        timings["total"] = _ms_since(started)
        return self._report(prepared, figures, visual, timings)

    def _load_images(
        self,
        article: ArticleIn,
        given: dict[int, LoadedImage],
        base_dir: Path | None,
        loader: ImageLoader | None,
    ) -> dict[int, LoadedImage]:
        def default_loader(source: str, field: str) -> LoadedImage:
            return load_image(source, base_dir, self.settings, field)

        load = loader or default_loader
        loaded = dict(given)
        for index, figure in enumerate(article.figures):
            if index not in loaded and figure.image:
                loaded[index] = load(figure.image, f"figures[{index}].image")
        return loaded

    def _text_signals(self, prepared: PreparedArticle) -> tuple[list[list[Reason]], list[float]]:
        encoder = self.encoders.text()
        thresholds = load_text_thresholds(self.settings.models_dir, encoder.name)
        vectors = encoder.encode([*prepared.units, *prepared.scene_captions])
        unit_vectors, caption_vectors = vectors[: len(prepared.units)], vectors[len(prepared.units):]
        profile = ArticleTextProfile.build(prepared.units, unit_vectors, self._foil_vectors())
        places = analyse_article_places(prepared.full_text)
        reasons: list[list[Reason]] = []
        similarities: list[float] = []
        for figure, vector in zip(prepared.article.figures, caption_vectors):
            fit = caption_fit(vector, profile)
            similarities.append(round(fit.similarity, 4))
            reasons.append([
                *off_topic_reasons(fit, thresholds, _shared_terms(figure.caption, prepared.full_text)),
                *place_reasons(figure.caption, places),
                *person_reasons(figure.caption, prepared.full_text),
                *date_reasons(figure.caption, prepared.published, self.settings.date_tolerance_days),
            ])
        return reasons, similarities

    def _foil_vectors(self) -> np.ndarray:
        if self._foil_text_vectors is None:
            self._foil_text_vectors = self.encoders.text().encode(list(foil_captions()))
        return self._foil_text_vectors

    def _visual_checks(self) -> VisualChecks:
        if self._visual is None:
            self._visual = VisualChecks(self.encoders.clip(), self.settings.models_dir)
        return self._visual

    def _figure_report(
        self,
        index: int,
        prepared: PreparedArticle,
        image: LoadedImage | None,
        caption_article: float,
        text_reasons: list[Reason],
        visual: VisualResult,
    ) -> FigureReport:
        reasons = apply_overrides([*text_reasons, *visual.reasons.get(index, [])], self.settings)
        info = None
        if image is not None:
            info = ImageInfo(source=_short_source(image.source), sha256=image.sha256,
                             width=image.width, height=image.height)
        return FigureReport(
            index=index,
            caption=prepared.article.figures[index].caption,
            image=info,
            verdict=figure_verdict(reasons),
            scores=Scores(
                image_caption=visual.image_caption.get(index),
                caption_article=caption_article,
                image_article=visual.image_article.get(index),
            ),
            reasons=reasons,
        )

    def _report(
        self,
        prepared: PreparedArticle,
        figures: list[FigureReport],
        visual: VisualResult,
        timings: dict[str, float],
    ) -> Report:
        article = prepared.article
        published = article.published.isoformat() if article.published else None
        return Report(
            id=uuid.uuid4().hex,
            created_at=datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            article=ArticleRef(id=article.id, headline=article.headline, published=published, url=article.url),
            verdict=article_verdict((r for f in figures for r in f.reasons), self.settings),
            figures=figures,
            models=ModelsUsed(clip=visual.model, text=self.encoders.text().name),
            timings_ms=timings,
        )


def _shared_terms(caption: str, article_text: str) -> list[str]:
    return [*shared_names(caption, article_text), *shared_topic_words(caption, article_text)]


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _short_source(source: str) -> str:
    if source.startswith("data:"):
        return source.split(",", 1)[0] + ",..."
    return source
