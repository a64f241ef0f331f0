"""Running a labelled data set through the engine and summarising how it did."""

from __future__ import annotations

from collections.abc import Callable
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from app.engine.calibration import Calibration
from app.engine.checker import Checker
from app.engine.encoders.base import ImageTextEncoder
from app.engine.foils import foil_captions
from app.net.images import load_image
from app.engine.caption_anatomy import scene_of
from app.evaluation.datasets import LabelledArticle, Pair
from app.evaluation.metrics import best_threshold, confusion_at, recall_within, roc_auc, threshold_table
from app.settings import Settings

Advance = Callable[[int], None]
THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.05), 2)
_BUDGETS = (0.02, 0.05)  # false-flag shares at which the decision's ranking is also reported


@dataclass
class Summary:
    dataset: str
    kind: str
    items: int
    positives: int
    roc_auc: float | None
    at_current: dict
    best_f1: dict
    best_f2: dict
    table: list[dict]
    by_kind: dict[str, dict] = field(default_factory=dict)
    model: str | None = None
    # Labelled articles: the share of genuine captions flagged, the share of captions to flag
    # that were, and the time per article (text checks only when the set has no images).
    false_flags: float | None = None
    recall: float | None = None
    ms_per_article_p50: float | None = None
    recall_within: dict[str, float | None] = field(default_factory=dict)  # budget -> recall
    # Captions called a mismatch, which blocks the article in the CMS: of the genuine ones (the
    # costliest error) and of those to flag.
    blocked_genuine: float | None = None
    blocked_flags: float | None = None
    # The same two shares for captions alone in their article and for those with neighbours.
    # real_news.py swaps one caption per article copy, so half of its lone captions are to flag
    # against a seventh of the others: a figure that moves only for lone captions says so.
    by_neighbours: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def pair_scores(pairs: list[Pair], clip: ImageTextEncoder, settings: Settings, advance: Advance) -> np.ndarray:
    """Each pair's percentile among the foil captions (1.0: the caption fits best)."""
    foils = clip.encode_texts(list(foil_captions()))
    scores: list[float] = []
    for start in range(0, len(pairs), settings.batch_size):
        chunk = pairs[start : start + settings.batch_size]
        images = [load_image(str(p.image), None, settings, f"line {start + i + 1}: image").image
                  for i, p in enumerate(chunk)]
        image_vectors = clip.encode_images(images)
        text_vectors = clip.encode_texts([scene_of(p.caption) for p in chunk])
        for image, text in zip(image_vectors, text_vectors):
            scores.append(float(np.mean(foils @ image < float(image @ text))))
        advance(len(chunk))
    return np.array(scores)


def summarise_pairs(name: str, pairs: list[Pair], scores: np.ndarray, calibration: Calibration) -> Summary:
    labels = np.array([p.falsified for p in pairs])
    table = threshold_table(labels, scores, THRESHOLDS)
    current = confusion_at(labels, scores < calibration.image_caption_min_percentile,
                           calibration.image_caption_min_percentile)
    return Summary(name, "pairs", len(pairs), int(labels.sum()), roc_auc(labels, 1 - scores),
                   asdict(current), asdict(best_threshold(table)), asdict(best_threshold(table, beta=2.0)),
                   [asdict(row) for row in table], model=calibration.model)


def evaluate_articles(name: str, articles: list[LabelledArticle], checker: Checker,
                      base_dir: Path, advance: Advance) -> Summary:
    labels, flagged, blocked, suspicion, kinds, times, alone = [], [], [], [], [], [], []
    for item in articles:
        started = time.perf_counter()
        report = checker.check(
            item.article, image_loader=lambda source, field: load_image(source, base_dir, checker.settings, field))
        times.append((time.perf_counter() - started) * 1000)
        for expected, kind, figure in zip(item.expected_flags, item.kinds, report.figures):
            labels.append(expected)
            flagged.append(figure.verdict != "consistent")
            blocked.append(figure.verdict == "mismatch")
            probability = figure.scores.caption_mismatch_probability
            suspicion.append(probability if probability is not None else 0.0)
            kinds.append(kind or ("consistent" if not expected else "unlabelled"))
            alone.append(len(report.figures) == 1)
        advance(1)
    y, pred, block = np.array(labels, dtype=bool), np.array(flagged, dtype=bool), np.array(blocked, dtype=bool)
    current = confusion_at(y, pred)
    return Summary(name, "articles", len(y), int(y.sum()), roc_auc(y, np.array(suspicion)),
                   asdict(current), asdict(current), asdict(current), [],
                   by_kind=_by_kind(kinds, pred), model=checker.encoders.text().name,
                   false_flags=_share(pred[~y]), recall=_share(pred[y]),
                   ms_per_article_p50=round(float(np.median(times)), 1) if times else None,
                   recall_within={f"{b:.0%}": recall_within(y, np.array(suspicion), b) for b in _BUDGETS},
                   blocked_genuine=_share(block[~y]), blocked_flags=_share(block[y]),
                   by_neighbours=_by_neighbours(y, pred, np.array(alone, dtype=bool)))


def _share(values: np.ndarray) -> float | None:
    return round(float(values.mean()), 4) if len(values) else None


def _by_neighbours(y: np.ndarray, flagged: np.ndarray, alone: np.ndarray) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, mask in (("alone", alone), ("with neighbours", ~alone)):
        genuine, to_flag = mask & ~y, mask & y
        out[name] = {"genuine": int(genuine.sum()), "false_flags": int(flagged[genuine].sum()),
                     "to_flag": int(to_flag.sum()), "flagged": int(flagged[to_flag].sum())}
    return out


def _by_kind(kinds: list[str], flagged: np.ndarray) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for kind in sorted(set(kinds)):
        mask = np.array([k == kind for k in kinds])
        out[kind] = {"figures": int(mask.sum()), "flagged": int(flagged[mask].sum())}
    return out

