"""What an OCR engine gives back, and the interface every engine implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from PIL import Image

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


def shrink(image: Image.Image, max_side: int) -> tuple[Image.Image, float]:
    """The image with its longest side at most `max_side`, and the factor it was scaled by."""
    longest = max(image.size)
    if longest <= max_side:
        return image, 1.0
    scale = max_side / longest
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR), scale


def box_from_points(points: Any, scale: float, size: tuple[int, int]) -> Box:
    """The upright box around a quadrilateral, scaled back to the original image and clipped to it."""
    xs = [float(p[0]) / scale for p in points]
    ys = [float(p[1]) / scale for p in points]
    width, height = size
    return (
        max(0, int(min(xs))), max(0, int(min(ys))),
        min(width, round(max(xs))), min(height, round(max(ys))),
    )
