"""An image-text encoder whose answers the tests control.

Images are solid colours; each colour stands for a concept. A text is about a
concept when it contains that concept's keyword. Both point along the concept's
axis; texts about no concept (the foil bank) point along a shared "generic
photo" axis plus a fixed pseudo-random part, as unrelated captions do with a
real CLIP: a little similar to every photo, much less than the right caption.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from PIL import Image

DIM = 64
GENERIC = 0  # axis shared by every photo and every generic caption


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


class ControlledClip:
    name = "controlled-test-encoder"

    def __init__(self, concepts: dict[str, tuple[int, int, int]]):
        # concept keyword -> solid colour of its test image; axis 1.. per concept
        self.axis = {keyword: i + 1 for i, keyword in enumerate(concepts)}
        self.colour_axis = {colour: self.axis[k] for k, colour in concepts.items()}
        self.images_encoded = 0

    def image(self, keyword: str) -> Image.Image:
        colour = next(c for c, a in self.colour_axis.items() if a == self.axis[keyword])
        return Image.new("RGB", (48, 32), colour)

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        self.images_encoded += len(images)
        rows = []
        for img in images:
            v = np.zeros(DIM)
            v[self.colour_axis[img.getpixel((0, 0))]] = 1.0
            v[GENERIC] = 0.3
            rows.append(_unit(v))
        return np.stack(rows)

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._text(t) for t in texts])

    def _text(self, text: str) -> np.ndarray:
        v = np.zeros(DIM)
        lowered = text.lower()
        hits = [axis for keyword, axis in self.axis.items() if keyword in lowered]
        if hits:
            v[hits] = 1.0
            return _unit(v)
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
        noise = np.random.default_rng(seed).normal(size=DIM) * 0.05
        noise[list(self.axis.values())] = 0.0  # generic captions describe no concept
        v[GENERIC] = 1.0
        return _unit(v + noise)
