"""The engine's entry point: an article in, a report out, by running every registered signal."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from app.engine.article import PreparedArticle, prepare_article
from app.engine.earlier_uses import EarlierUses
from app.engine.encoders.base import EncoderProvider
from app.engine.images import LoadedImage, load_local_image
from app.engine.reasons import IMAGE_NOT_CHECKED, make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.registry import SIGNALS
from app.engine.verdict import apply_overrides, article_verdict, figure_verdict
from app.schema import ArticleIn, ArticleRef, FigureReport, ImageInfo, ModelsUsed, Reason, Report, Scores
from app.settings import Settings, Severity

ImageLoader = Callable[[str, str], LoadedImage]  # (source, field) -> image


class Checker:
    """Runs the registered signals over an article. Thread-safe; models load on first need."""

    def __init__(self, settings: Settings, encoders: EncoderProvider,
                 signals: tuple[Signal, ...] = SIGNALS) -> None:
        self.settings = settings
        self.encoders = encoders
        self.signals = signals

    def check(
        self,
        article: ArticleIn,
        *,
        base_dir: Path | None = None,
        images: dict[int, LoadedImage] | None = None,
        image_loader: ImageLoader | None = None,
        archive: EarlierUses | None = None,
        today: date | None = None,
    ) -> Report:
        """The article's report; with `archive`, photos that ran in earlier articles are flagged too."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        prepared = prepare_article(article, self.settings)
        loaded = self._load_images(article, images or {}, base_dir, image_loader)
        timings["images"] = _ms_since(started)
        ctx = CheckContext(prepared, loaded, self.settings, self.encoders, archive, today or date.today())
        merged = Findings()
        skipped_for_clip = False
        for signal in self.signals:
            missing = self._missing_needs(signal, ctx)
            if missing:
                skipped_for_clip |= missing == {Need.CLIP}
                continue
            mark = time.perf_counter()
            _merge(merged, signal.run(ctx))
            timings[signal.name] = _ms_since(mark)
        if skipped_for_clip:
            for index in loaded:
                merged.add(index, self._not_checked())
        figures = [self._figure_report(i, prepared, loaded.get(i), merged) for i in range(len(article.figures))]
        timings["total"] = _ms_since(started)
        return self._report(prepared, figures, merged, timings)

    def _missing_needs(self, signal: Signal, ctx: CheckContext) -> set[Need]:
        missing: set[Need] = set()
        if Need.IMAGES in signal.needs and not ctx.images:
            return {Need.IMAGES}
        if Need.ARCHIVE in signal.needs and ctx.archive is None:
            missing.add(Need.ARCHIVE)
        if Need.CLIP in signal.needs and not missing and not self._clip_ready():
            missing.add(Need.CLIP)
        return missing

    def _clip_ready(self) -> bool:
        """False when no CLIP weights can be had, unless the policy says image checks are required."""
        if self.settings.require_clip:
            self.encoders.clip()  # raises ModelUnavailable with instructions
            return True
        return self.encoders.clip_or_none() is not None

    def _not_checked(self) -> Reason:
        return make_reason(
            IMAGE_NOT_CHECKED,
            Severity.info,
            "Image-caption checks are off: no CLIP weights are installed "
            "(see `captioncheck models download`). Text, place, date and archive checks ran.",
            why=self.encoders.clip_error,
        )

    def _load_images(
        self,
        article: ArticleIn,
        given: dict[int, LoadedImage],
        base_dir: Path | None,
        loader: ImageLoader | None,
    ) -> dict[int, LoadedImage]:
        def default_loader(source: str, field: str) -> LoadedImage:
            return load_local_image(source, base_dir, self.settings, field)

        load = loader or default_loader
        loaded = dict(given)
        for index, figure in enumerate(article.figures):
            if index not in loaded and figure.image:
                loaded[index] = load(figure.image, f"figures[{index}].image")
        return loaded

    def _figure_report(
        self, index: int, prepared: PreparedArticle, image: LoadedImage | None, merged: Findings
    ) -> FigureReport:
        reasons = merged.reasons.get(index, [])
        if index in merged.settlements:
            reasons = merged.settlements[index].apply(reasons)
        reasons = apply_overrides(reasons, self.settings)
        info = None
        if image is not None:
            info = ImageInfo(source=_short_source(image.source), sha256=image.sha256,
                             width=image.width, height=image.height)
        return FigureReport(
            index=index,
            caption=prepared.article.figures[index].caption,
            image=info,
            verdict=figure_verdict(reasons),
            scores=Scores(**merged.scores.get(index, {})),
            reasons=reasons,
        )

    def _report(
        self, prepared: PreparedArticle, figures: list[FigureReport], merged: Findings, timings: dict[str, float]
    ) -> Report:
        article = prepared.article
        published = article.published.isoformat() if article.published else None
        return Report(
            id=uuid.uuid4().hex,
            created_at=datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            article=ArticleRef(id=article.id, headline=article.headline, published=published, url=article.url),
            verdict=article_verdict((r for f in figures for r in f.reasons), self.settings),
            figures=figures,
            models=ModelsUsed(clip=merged.models.get("clip"), text=self.encoders.text().name),
            timings_ms=timings,
        )


def _merge(into: Findings, found: Findings) -> None:
    for index, reasons in found.reasons.items():
        into.add(index, *reasons)
    for index, scores in found.scores.items():
        into.scores.setdefault(index, {}).update(scores)
    into.models.update(found.models)
    into.settlements.update(found.settlements)


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _short_source(source: str) -> str:
    if source.startswith("data:"):
        return source.split(",", 1)[0] + ",..."
    return source
