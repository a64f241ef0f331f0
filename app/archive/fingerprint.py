"""Image fingerprints: 64-bit perceptual hashes of a photo and of slightly cropped views of it,
and a small colour thumbnail that verifies a match.

A global pHash (DCT of the 32x32 grey image, bits above the median) ignores recompression,
resizing and brightness or colour shifts, but moves by 15-25 of its 64 bits when a tenth of
the frame is cut away: as far as unrelated photos sit. So an archived photo is hashed whole
and at 95 % and 90 % of its size at nine anchors (corners, edge middles, centre); a copy
cropped by up to 10 % is then within about 10 bits of one of those views
(bench/archive_recall.py measures it), and a small Hamming radius finds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import imagehash
import numpy as np
from PIL import Image

from app.archive.similarity import THUMB_PX, detail

WORK_PX = 256  # hashes are computed on a copy this size: pHash looks at 32x32 anyway
CROP_SCALES = (0.95, 0.9)
ANCHORS = (0.0, 0.5, 1.0)
# Below this much fine detail (high-passed grey levels, std) a photo is a near-flat field
# (sky, a wall, a colour fill) whose hashes are noise: it is matched by content hash only.
MIN_DETAIL = 2.0

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Fingerprint:
    hashes: tuple[int, ...]  # unsigned 64-bit pHashes: the whole frame first, then distinct cropped views
    thumb: bytes  # THUMB_PX x THUMB_PX RGB, row by row (similarity.py)
    distinctive: bool  # enough detail for near-duplicate matching

    @property
    def phash(self) -> int:
        return self.hashes[0]


def fingerprint(image: Image.Image, *, views: bool = True) -> Fingerprint:
    """The image's fingerprint; `views=False` hashes the whole frame only (enough for a query)."""
    small = working_copy(image)
    grey = small.convert("L")
    hashes = [phash64(grey)]
    if views:
        hashes += [phash64(grey.crop(box)) for box in crop_boxes(grey.size)]
    thumb = small.resize((THUMB_PX, THUMB_PX), Image.Resampling.LANCZOS).tobytes()
    return Fingerprint(tuple(dict.fromkeys(hashes)), thumb, detail(thumb) >= MIN_DETAIL)


def fingerprint_of(image: object, *, views: bool = True) -> Fingerprint:
    """The fingerprint of a LoadedImage: the one a decode worker already made when it carries
    one with the views asked for (app.pipeline.decode.DecodedImage), else computed here."""
    made = getattr(image, "fingerprint", None)
    if isinstance(made, Fingerprint) and (not views or getattr(image, "fingerprint_views", False)):
        return made
    return fingerprint(image.image, views=views)  # type: ignore[attr-defined]


def working_copy(image: Image.Image) -> Image.Image:
    """An RGB copy at most WORK_PX on its longer side."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    scale = WORK_PX / max(width, height)
    if scale >= 1:
        return rgb
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return rgb.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def phash64(image: Image.Image) -> int:
    bits = np.asarray(imagehash.phash(image).hash, dtype=bool).ravel()
    return int.from_bytes(np.packbits(bits).tobytes(), "big")


def crop_boxes(size: tuple[int, int]) -> list[Box]:
    """The cropped views: each scale at every pair of anchors (0 left/top, 1 right/bottom)."""
    width, height = size
    boxes: list[Box] = []
    for scale in CROP_SCALES:
        cut_x, cut_y = width * (1 - scale), height * (1 - scale)
        for ax in ANCHORS:
            for ay in ANCHORS:
                left, top = round(cut_x * ax), round(cut_y * ay)
                right, bottom = round(width - cut_x * (1 - ax)), round(height - cut_y * (1 - ay))
                if right - left >= 8 and bottom - top >= 8:
                    boxes.append((left, top, right, bottom))
    return boxes


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()
