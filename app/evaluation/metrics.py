"""Binary-classification metrics over suspicion scores (higher = more likely falsified)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Confusion:
    threshold: float
    precision: float
    recall: float
    f1: float
    accuracy: float
    flagged: int


def roc_auc(labels: np.ndarray, suspicion: np.ndarray) -> float | None:
    """None when only one class is present (the AUC is undefined)."""
    if labels.min() == labels.max():
        return None
    # Imported here: every `captioncheck` command imports this module, and scikit-learn (with
    # pandas and pyarrow) would add a second and ~60 MB to `serve` before its first request.
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, suspicion))


def confusion_at(labels: np.ndarray, flagged: np.ndarray, threshold: float = float("nan")) -> Confusion:
    tp = int(np.sum(flagged & labels))
    fp = int(np.sum(flagged & ~labels))
    fn = int(np.sum(~flagged & labels))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float(np.mean(flagged == labels)) if len(labels) else 0.0
    return Confusion(threshold, precision, recall, f1, accuracy, int(flagged.sum()))


def threshold_table(labels: np.ndarray, score: np.ndarray, thresholds: np.ndarray) -> list[Confusion]:
    """Flag when score < threshold (score: higher = more consistent, e.g. a percentile)."""
    return [confusion_at(labels, score < t, float(t)) for t in thresholds]


def best_threshold(table: list[Confusion], beta: float = 1.0) -> Confusion:
    """The row with the best F-beta (beta > 1 favours recall); ties go to the lower threshold."""
    def f_beta(row: Confusion) -> float:
        p, r = row.precision, row.recall
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0

    return max(table, key=lambda row: (round(f_beta(row), 9), -row.threshold))


def lowest_cut_within(negative_scores: np.ndarray, budget: float) -> float | None:
    """The lowest cut-off (flag from it up) that flags at most `budget` of these negatives;
    None when the budget allows them all."""
    ranked = np.sort(negative_scores)[::-1]
    allowed = int(np.floor(budget * len(ranked)))
    return float(np.nextafter(ranked[allowed], np.inf)) if allowed < len(ranked) else None


def recall_within(labels: np.ndarray, suspicion: np.ndarray, budget: float) -> float | None:
    """Recall at the lowest cut-off that flags at most `budget` of the negatives, chosen on these
    very labels: how well the ranking separates, not what the configured cut-off achieves."""
    if labels.all() or not labels.any():
        return None
    cut = lowest_cut_within(suspicion[~labels], budget)
    return round(float((suspicion[labels] >= (-np.inf if cut is None else cut)).mean()), 4)
