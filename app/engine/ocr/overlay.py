"""The text read in a photo, drawn as boxes on its thumbnail, for editors to check at a glance.

Reports carry the words read in the evidence of image_text reasons
(`evidence["text"]`: text, box in original pixels, confidence); these functions draw them
on a thumbnail of any size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PIL import Image, ImageDraw

from app.schema import FigureReport

BOX_COLOUR = (255, 200, 0)
OUTLINE = (0, 0, 0)
TEXT_CODES = ("image_text_conflict", "image_text_agrees")


def words_in(figure: FigureReport) -> list[Mapping[str, Any]]:
    """The words read in this figure's photo, as its image_text reasons carry them."""
    for reason in figure.reasons:
        if reason.code in TEXT_CODES and isinstance(reason.evidence.get("text"), list):
            return [w for w in reason.evidence["text"] if _valid(w)]
    return []


def _valid(word: Any) -> bool:
    box = word.get("box") if isinstance(word, Mapping) else None
    return isinstance(box, Sequence) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box)


def draw_text_boxes(
    thumbnail: Image.Image, words: Iterable[Mapping[str, Any]], original_size: tuple[int, int]
) -> Image.Image:
    """A copy of `thumbnail` with a box round each word; boxes are given in the pixels of the
    original image (`original_size`, width and height) and scaled to the thumbnail."""
    out = thumbnail.convert("RGB")
    draw = ImageDraw.Draw(out)
    sx, sy = out.width / max(1, original_size[0]), out.height / max(1, original_size[1])
    width = max(1, round(max(out.size) / 160))
    for word in words:
        x0, y0, x1, y1 = (float(v) for v in word["box"])
        box = [x0 * sx - width, y0 * sy - width, x1 * sx + width, y1 * sy + width]
        draw.rectangle(box, outline=OUTLINE, width=width + 2)  # dark edge: visible on light photos
        draw.rectangle(box, outline=BOX_COLOUR, width=width)
    return out


def figure_overlay(thumbnail: Image.Image, figure: FigureReport) -> Image.Image | None:
    """The thumbnail with the figure's text boxes drawn on it; None when no text was reported."""
    words = words_in(figure)
    if not words or figure.image is None:
        return None
    return draw_text_boxes(thumbnail, words, (figure.image.width, figure.image.height))
