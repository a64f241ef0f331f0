"""One calibrated decision per caption: a logistic regression over the text evidence.

Its coefficients, the data it was fitted on and the date live in
models/calibration/decision__<text model>.json, written by `captioncheck models fit-decision`.
The probability goes into the figure's scores; the two cut-offs turn it into a severity.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.engine.models_catalogue import BUNDLED_MODELS_DIR
from app.errors import ModelUnavailable
from app.settings import Severity

DEFAULT_TEXT_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class OperatingPoint:
    budget: float  # the share of genuine captions allowed a flag
    review_at: float  # the cut-off that kept to it in cross-validation
    false_flags: float  # what cross-validation measured at that cut-off
    recall: float


@dataclass(frozen=True)
class DecisionModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    review_at: float  # probability from which an editor is asked to look
    mismatch_at: float  # probability from which the caption is called a mismatch
    provenance: dict[str, Any] = field(default_factory=dict)
    operating_points: tuple[OperatingPoint, ...] = ()

    def at_false_flags(self, budget: float | None) -> "DecisionModel":
        """The same model with the review cut-off of the largest fitted budget within `budget`
        (the tightest one if none is): a newsroom trades recall for fewer flags here."""
        if budget is None or not self.operating_points:
            return self
        within = [p for p in self.operating_points if p.budget <= budget + 1e-9]
        point = max(within, key=lambda p: p.budget) if within else min(self.operating_points, key=lambda p: p.budget)
        return replace(self, review_at=point.review_at, mismatch_at=max(self.mismatch_at, point.review_at))

    def probability(self, values: np.ndarray) -> float:
        logit = float(self._standardised(values) @ self.coef + self.intercept)
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -40, 40)))

    def severity(self, probability: float) -> Severity:
        if probability >= self.mismatch_at:
            return Severity.mismatch
        return Severity.review if probability >= self.review_at else Severity.info

    def contributions(self, values: np.ndarray) -> dict[str, float]:
        """Each feature's push on the log-odds, for explaining a decision."""
        parts = self._standardised(values) * self.coef
        return dict(zip(self.features, (float(v) for v in parts)))

    def _standardised(self, values: np.ndarray) -> np.ndarray:
        """A feature that does not apply (NaN: a lone caption has no neighbours) sits at the
        training mean, so it pushes neither way."""
        return (np.where(np.isnan(values), self.mean, values) - self.mean) / self.scale

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coef": [float(v) for v in self.coef],
            "intercept": self.intercept,
            "review_at": self.review_at,
            "mismatch_at": self.mismatch_at,
            "provenance": self.provenance,
            "operating_points": [asdict(p) for p in self.operating_points],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DecisionModel":
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            review_at=float(data["review_at"]),
            mismatch_at=float(data["mismatch_at"]),
            provenance=dict(data.get("provenance") or {}),
            operating_points=tuple(OperatingPoint(**p) for p in data.get("operating_points") or ()),
        )


def decision_path(models_dir: Path, text_model: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(text_model).name)
    return Path(models_dir) / "calibration" / f"decision__{safe}.json"


@lru_cache(maxsize=8)
def load_decision(models_dir: Path, text_model: str) -> DecisionModel:
    """This text model's decision, else the bundled model's (fitted on all-MiniLM-L6-v2)."""
    candidates = [
        decision_path(folder, name)
        for name in (text_model, DEFAULT_TEXT_MODEL)
        for folder in (Path(models_dir), BUNDLED_MODELS_DIR)
    ]
    for path in candidates:
        if path.is_file():
            return DecisionModel.from_dict(json.loads(path.read_text("utf-8")))
    raise ModelUnavailable(
        f"No caption decision model in {candidates[0].parent}: run `captioncheck models fit-decision`."
    )


def write_decision(models_dir: Path, text_model: str, model: DecisionModel) -> Path:
    path = decision_path(models_dir, text_model)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_dict(), indent=2) + "\n", "utf-8")
    load_decision.cache_clear()
    return path
