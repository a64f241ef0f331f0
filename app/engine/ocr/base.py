"""What an OCR engine gives back, and the interface every engine implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from PIL import Image

from app.engine.images import ORIGINAL_SIZE

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the original image's pixels


@dataclass(frozen=True)
class Word:
    """One word read in a photo."""

    text: str
    box: Box
    confidence: float  # 0..1, as the engine reports it
    line: int  # which text line it was read in; words of one line share it

    def as_evidence(self) -> dict[str, Any]:
        return {"text": self.text, "box": list(self.box), "confidence": round(self.confidence, 3)}


@runtime_checkable
class TextReader(Protocol):
    """An OCR engine: an RGB image in, the words it reads out, in reading order."""

    name: str

    def read(self, image: Image.Image) -> list[Word]: ...


def original_size(image: Image.Image) -> tuple[int, int]:
    """The size of the photo `image` shows: a decoded figure is a smaller working copy
    (app.engine.images) that says in its info how big the original is."""
    size = image.info.get(ORIGINAL_SIZE)
    if isinstance(size, tuple) and len(size) == 2 and all(isinstance(v, int) and v > 0 for v in size):
        return size
    return image.size


def shrink(image: Image.Image, max_side: int) -> tuple[Image.Image, float]:
    """The image with its longest side at most `max_side`, and its scale against the original
    photo (pixels of the result per pixel of the original: boxes divided by it are in the original's)."""
    to_original = image.width / original_size(image)[0]
    longest = max(image.size)
    if longest <= max_side:
        return image, to_original
    scale = max_side / longest
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR), scale * to_original


def box_from_points(points: Any, scale: float, size: tuple[int, int]) -> Box:
    """The upright box around a quadrilateral, scaled back to the original image and clipped to it."""
    xs = [float(p[0]) / scale for p in points]
    ys = [float(p[1]) / scale for p in points]
    width, height = size
    return (
        max(0, int(min(xs))), max(0, int(min(ys))),
        min(width, round(max(xs))), min(height, round(max(ys))),
    )
