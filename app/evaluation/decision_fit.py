"""Fitting the caption decision: evidence from labelled articles, a logistic regression, cut-offs.

Cut-offs are chosen on out-of-fold probabilities (articles grouped, so a swapped copy of an
article never helps predict its original), for a target share of genuine captions flagged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from app.engine.article import prepare_article
from app.engine.decision import DecisionModel, OperatingPoint
from app.engine.encoders.base import EncoderProvider
from app.engine.evidence import FEATURES, evidence_for_all
from app.engine.signals.base import CheckContext
from app.errors import InputError
from app.evaluation.datasets import LabelledArticle
from app.evaluation.metrics import lowest_cut_within
from app.settings import Settings

_FOLDS = 5
# Other random splits of the articles into folds, to show the spread of one split's figures: on
# a few hundred captions, one split can show a feature gaining 0.03 recall that twenty splits do
# not bear out (docs/accuracy.md, fifteenth session).
_REPEATS = 20
# The false-flag budgets a newsroom can pick from (CAPTIONCHECK_CAPTION_FALSE_FLAGS).
OPERATING_BUDGETS = (0.01, 0.02, 0.03, 0.04, 0.05, 0.08, 0.10)
# Stronger than sklearn's default: with one source of articles held out, C=0.1 transferred
# best (ROC-AUC 0.93 against 0.91 at C=1 on the postlight pages, fitted on the rest).
_REGULARISATION = 0.1


@dataclass
class TrainingSet:
    x: np.ndarray
    y: np.ndarray
    groups: list[str]
    sources: dict[str, int]  # data set name -> captions used


def excluded_ids(review_file: Path | None) -> set[str]:
    """Swapped articles a person judged could run with the story ("plausible", "skip")."""
    if review_file is None:
        return set()
    try:
        judgements = json.loads(review_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the review file: {exc}", source=str(review_file)) from exc
    return {key for key, value in judgements.items() if value.get("judgement") != "wrong"}


def collect(
    named_sets: Sequence[tuple[str, list[LabelledArticle]]],
    settings: Settings,
    models: EncoderProvider,
    skip_ids: set[str],
    advance: Callable[[int], None] = lambda n: None,
) -> TrainingSet:
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[str] = []
    sources: dict[str, int] = {}
    for name, articles in named_sets:
        for item in articles:
            advance(1)
            article_id = item.article.id or item.article.headline
            if article_id in skip_ids:
                continue
            ctx = CheckContext(prepare_article(item.article, settings), {}, settings, models, None, date.today())
            for evidence, flag in zip(evidence_for_all(ctx), item.expected_flags):
                if evidence.credit_only:  # never judged at run time, so no part of the fit or its cut-offs
                    continue
                rows.append(list(evidence.vector(FEATURES)))
                labels.append(int(flag))
                groups.append(f"{name}:{article_id.removesuffix(':swap')}")
                sources[name] = sources.get(name, 0) + 1
    return TrainingSet(np.asarray(rows), np.asarray(labels), groups, sources)


def fit_decision(data: TrainingSet, review_false_flags: float, mismatch_false_flags: float,
                 provenance: dict, features: tuple[str, ...] = FEATURES) -> DecisionModel:
    if len(set(data.y.tolist())) < 2:
        raise InputError("the training data needs both genuine captions and captions to flag")
    out_of_fold = _out_of_fold(data)
    review_at = _cut_for(out_of_fold, data.y, review_false_flags)
    mismatch_at = max(_cut_for(out_of_fold, data.y, mismatch_false_flags), review_at)
    keep = _sign_consistent(data.x, data.y)
    mean, scale, coef, intercept = _fit(data.x[:, keep], data.y)
    false_flags, recall = _rates(out_of_fold, data.y, review_at)
    provenance = {
        **provenance,
        "left_out_against_their_direction": [f for i, f in enumerate(features) if i not in keep],
        "captions": int(len(data.y)),
        "to_flag": int(data.y.sum()),
        "sources": data.sources,
        "cross_validated": {
            "folds": _FOLDS,
            "false_flags": round(false_flags, 4),
            "recall": round(recall, 4),
        },
        "cross_validated_repeated": _repeated(data, review_false_flags),
    }
    return DecisionModel(tuple(features[i] for i in keep), mean, scale, coef, intercept, round(review_at, 4),
                         round(mismatch_at, 4), provenance, _operating_points(out_of_fold, data.y))


def _operating_points(out_of_fold: np.ndarray, y: np.ndarray) -> tuple[OperatingPoint, ...]:
    """The review cut-off for each false-flag budget, with what cross-validation measured there."""
    points = []
    for budget in OPERATING_BUDGETS:
        cut = _cut_for(out_of_fold, y, budget)
        false_flags, recall = _rates(out_of_fold, y, cut)
        points.append(OperatingPoint(budget, round(cut, 4), round(false_flags, 4), round(recall, 4)))
    return tuple(points)


def _rates(out_of_fold: np.ndarray, y: np.ndarray, cut: float) -> tuple[float, float]:
    """The share of genuine captions flagged at `cut`, and the share of captions to flag."""
    flagged = out_of_fold >= cut
    return float(flagged[y == 0].mean()), float(flagged[y == 1].mean())


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    mean = np.nanmean(x, axis=0)
    filled = np.where(np.isnan(x), mean, x)  # "not applicable" sits at the mean, as at run time
    scale = np.where(filled.std(axis=0) > 1e-9, filled.std(axis=0), 1.0)
    model = LogisticRegression(C=_REGULARISATION, class_weight="balanced", max_iter=2000)
    model.fit((filled - mean) / scale, y)
    return mean, scale, model.coef_[0], float(model.intercept_[0])


def _repeated(data: TrainingSet, false_flags: float) -> dict[str, float]:
    """Recall and false flags at the review budget, averaged over `_REPEATS` random splits."""
    recalls, flags = [], []
    for seed in range(_REPEATS):
        out_of_fold = _out_of_fold(data, seed)
        false_flagged, recall = _rates(out_of_fold, data.y, _cut_for(out_of_fold, data.y, false_flags))
        recalls.append(recall)
        flags.append(false_flagged)
    return {"splits": _REPEATS, "recall_mean": round(float(np.mean(recalls)), 4),
            "recall_sd": round(float(np.std(recalls)), 4), "false_flags_mean": round(float(np.mean(flags)), 4)}


def _out_of_fold(data: TrainingSet, seed: int | None = None) -> np.ndarray:
    """Each caption's probability from a model fitted without its article. `seed`: a random
    split of the articles into folds instead of the one by size."""
    probabilities = np.zeros(len(data.y))
    folds = GroupKFold(n_splits=min(_FOLDS, len(set(data.groups))), shuffle=seed is not None, random_state=seed)
    for train, held in folds.split(data.x, data.y, data.groups):
        keep = _sign_consistent(data.x[train], data.y[train])  # chosen inside the fold, as a whole fit would
        mean, scale, coef, intercept = _fit(data.x[train][:, keep], data.y[train])
        held_x = data.x[held][:, keep]
        held_x = np.where(np.isnan(held_x), mean, held_x)
        logits = ((held_x - mean) / scale) @ coef + intercept
        probabilities[held] = 1.0 / (1.0 + np.exp(-logits))
    return probabilities


def _sign_consistent(x: np.ndarray, y: np.ndarray) -> list[int]:
    """The features whose weight points the way the feature alone does.

    Correlated features can take weights against their own meaning (a caption that fits the
    story better than its neighbours counted as *more* suspicious); such a model holds on the
    data it was fitted on and misfires elsewhere. The most contrary feature is left out and the
    model refitted until none is.
    """
    directions = _directions(x, y)
    keep = list(range(x.shape[1]))
    while True:
        _, _, coef, _ = _fit(x[:, keep], y)
        against = [(abs(w), column) for w, column in zip(coef, keep) if w * directions[column] < 0]
        if not against:
            return keep
        keep.remove(max(against)[1])


def _directions(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """+1 where higher values go with captions to flag, -1 the other way, 0 when it cannot tell."""
    signs = []
    for column in x.T:
        known = ~np.isnan(column)
        labels, values = y[known], column[known]
        if len(set(labels.tolist())) < 2 or np.ptp(values) == 0:
            signs.append(0.0)
            continue
        signs.append(float(np.sign(roc_auc_score(labels, values) - 0.5)))
    return np.array(signs)


def _cut_for(probabilities: np.ndarray, y: np.ndarray, false_flags: float) -> float:
    """The lowest cut-off that flags at most this share of genuine captions."""
    cut = lowest_cut_within(probabilities[y == 0], false_flags)
    return 0.5 if cut is None else cut
