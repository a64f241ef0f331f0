"""Per-CLIP-model thresholds for the image signals, read from models/calibration/<arch>__<tag>.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.engine.models_catalogue import BUNDLED_MODELS_DIR

DEFAULT_CLIP_NAME = "ViT-B-32/laion2b_s34b_b79k"
FALLBACK_NOTE = "fallback: no calibration for this model"
_FLOAT_FIELDS = (
    "image_caption_min_percentile",
    "image_caption_review_percentile",
    "swap_min_gain",
    "image_article_min_percentile",
)
# Same numbers as the default model's file; used only if that file is missing too.
_BUILTIN = {
    "image_caption_min_percentile": 0.5,
    "image_caption_review_percentile": 0.8,
    "swap_min_gain": 0.02,
    "image_article_min_percentile": 0.3,
    "provenance": {"source": "prior", "dataset": None, "date": None, "note": "built-in defaults"},
}


@dataclass(frozen=True)
class Calibration:
    model: str
    image_caption_min_percentile: float
    image_caption_review_percentile: float
    swap_min_gain: float
    image_article_min_percentile: float
    provenance: dict[str, Any] = field(default_factory=dict)


def calibration_filename(clip_name: str) -> str:
    """'ViT-B-32/laion2b_s34b_b79k' -> 'ViT-B-32__laion2b_s34b_b79k.json'; odd characters -> '_'."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", clip_name.replace("/", "__")).strip("._")
    return f"{safe or 'model'}.json"


def calibration_path(models_dir: Path, clip_name: str) -> Path | None:
    """The calibration file for a model in models_dir, else in the bundled models/ folder."""
    name = calibration_filename(clip_name)
    for folder in (Path(models_dir), BUNDLED_MODELS_DIR):
        path = folder / "calibration" / name
        if path.is_file():
            return path
    return None


def load_calibration(models_dir: Path, clip_name: str) -> Calibration:
    """This model's thresholds, or the default model's marked as a fallback."""
    path = calibration_path(models_dir, clip_name)
    if path is not None:
        return _from_dict(json.loads(path.read_text("utf-8")), clip_name)
    default = calibration_path(models_dir, DEFAULT_CLIP_NAME)
    data = json.loads(default.read_text("utf-8")) if default is not None else dict(_BUILTIN)
    provenance = {
        **data.get("provenance", {}),
        "source": "fallback",
        "note": f"{FALLBACK_NOTE} (using the {DEFAULT_CLIP_NAME} thresholds)",
    }
    return _from_dict({**data, "provenance": provenance}, clip_name)


def _from_dict(data: dict[str, Any], clip_name: str) -> Calibration:
    return Calibration(
        model=clip_name,
        provenance=dict(data.get("provenance") or {}),
        **{key: float(data[key]) for key in _FLOAT_FIELDS},
    )


def write_calibration(models_dir: Path, clip_name: str, updates: dict[str, float],
                      provenance: dict[str, Any]) -> Path:
    """Store measured thresholds for a model, keeping its other thresholds as they were."""
    current = load_calibration(models_dir, clip_name)
    data: dict[str, Any] = {"model": clip_name}
    data.update({key: getattr(current, key) for key in _FLOAT_FIELDS})
    data.update({key: float(value) for key, value in updates.items() if key in _FLOAT_FIELDS})
    data["provenance"] = provenance
    path = Path(models_dir) / "calibration" / calibration_filename(clip_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return path
