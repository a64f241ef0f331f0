"""RapidOCR (PP-OCR models in ONNX, run by onnxruntime), pinned to the models inside its wheel.

Every model path is given explicitly, so RapidOCR never resolves a download address, and
nothing that would fetch a font (its result visualiser) is ever called. The detector runs
on a reduced copy of the photo (cheap, and it is the whole cost of a photo without text);
recognition runs only on the regions it found, cropped from a copy of up to RECOGNITION_SIDE
pixels, so small text keeps its detail.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from app.engine.ocr.base import Word, box_from_points, original_size, shrink
from app.errors import ModelUnavailable

DETECTION_SIDE = 480  # longest side the text detector sees (bench/ocr.py: best recall >= 24 px)
RECOGNITION_SIDE = 1600  # longest side of the copy that text regions are cropped from
MIN_SIDE = 24  # smaller images hold no readable text
# Lines read with less confidence are dropped: on photos without text they are the only
# "words" read (stray strokes, single letters), and real text scores above it (bench/ocr.py).
READ_FLOOR = 0.75
DETECTOR = "PP-OCRv6_det_small.onnx"
RECOGNISER = "PP-OCRv6_rec_small.onnx"
CLASSIFIER = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


def bundled_models_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def _engine_params(models: Path, detection_side: int, threads: int | None = None) -> dict[str, Any]:
    # threads: onnxruntime's per-model thread pools (unset: one thread per core, its default). A
    # decode worker reads one photo at a time on its own core, beside one worker per core.
    pools = {"EngineConfig.onnxruntime.intra_op_num_threads": threads,
             "EngineConfig.onnxruntime.inter_op_num_threads": 1} if threads else {}
    return pools | {
        "Global.log_level": "error",
        "Global.text_score": READ_FLOOR,
        "Global.model_root_dir": str(models),
        "Global.use_cls": False,  # upside-down text is rare in news photos; saves a model run
        "Global.max_side_len": RECOGNITION_SIDE,
        "Det.model_path": str(models / DETECTOR),
        "Det.limit_type": "max",
        "Det.limit_side_len": detection_side,
        "Rec.model_path": str(models / RECOGNISER),
        "Cls.model_path": str(models / CLASSIFIER),
    }


class RapidTextReader:
    """Thread-safe: one model run at a time (the engine keeps per-call state)."""

    name = "rapidocr"

    def __init__(self, detection_side: int = DETECTION_SIDE, models: Path | None = None,
                 threads: int | None = None) -> None:
        from rapidocr import RapidOCR

        folder = models or bundled_models_dir()
        missing = [f for f in (DETECTOR, RECOGNISER) if not (folder / f).is_file()]
        if missing:
            raise ModelUnavailable(
                f"RapidOCR models not found in {folder} ({', '.join(missing)}); "
                "reinstall the rapidocr package (scripts/bootstrap.sh) or set CAPTIONCHECK_OCR_ENABLED=false"
            )
        self._engine = RapidOCR(params=_engine_params(folder, detection_side, threads))
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> list[Word]:
        if min(image.size) < MIN_SIDE:
            return []
        scaled, scale = shrink(image.convert("RGB"), RECOGNITION_SIDE)
        bgr = np.ascontiguousarray(np.asarray(scaled)[:, :, ::-1])
        with self._lock:
            result = self._engine(bgr, return_word_box=True)
        if getattr(result, "txts", None) is None or getattr(result, "boxes", None) is None:
            return []
        return _words(result, scale, original_size(image))


def _words(result: Any, scale: float, size: tuple[int, int]) -> list[Word]:
    words: list[Word] = []
    per_line = result.word_results if len(result.word_results or ()) == len(result.txts) else None
    for line, (text, score, points) in enumerate(zip(result.txts, result.scores, result.boxes)):
        found = per_line[line] if per_line else ()
        if found:
            words += [
                Word(str(t), box_from_points(b, scale, size), float(s), line)
                for t, s, b in found if str(t).strip()
            ]
        else:  # no word boxes for this line: its words share the line's box
            box = box_from_points(points, scale, size)
            words += [Word(t, box, float(score), line) for t in str(text).split()]
    return words
