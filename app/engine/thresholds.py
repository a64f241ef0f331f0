"""Per-model thresholds for the text signals, read from models/calibration/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.engine.models_catalogue import BUNDLED_MODELS_DIR
DEFAULT_TEXT_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class TextThresholds:
    off_topic_z: float
    loose_z: float


def text_calibration_path(models_dir: Path, text_model: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(text_model).name)
    return models_dir / "calibration" / f"text__{safe}.json"


@lru_cache(maxsize=8)
def load_text_thresholds(models_dir: Path, text_model: str) -> TextThresholds:
    """This model's thresholds, or the bundled model's when it has none of its own."""
    candidates = [
        text_calibration_path(folder, name)
        for name in (text_model, DEFAULT_TEXT_MODEL)
        for folder in (models_dir, BUNDLED_MODELS_DIR)
    ]
    path = next(p for p in candidates if p.is_file())
    data = json.loads(path.read_text("utf-8"))
    return TextThresholds(off_topic_z=float(data["off_topic_z"]), loose_z=float(data["loose_z"]))
