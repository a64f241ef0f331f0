"""Images for measuring the archive: photos derived from the samples, synthetic scenes, edited copies.

Originals must be distinct photos, or a "false match" would be a fair one: windows cut from
one sample photo overlap each other by at most MAX_IOU, and synthetic scenes of one type
(street crowd, landscape, portrait) share their layout but not their content, as two
photographers' pictures of the same kind of scene do.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples" / "images").glob("*.jpg"))
MAX_IOU = 0.25
Box = tuple[int, int, int, int]


def sample_windows(per_photo: int, seed: int = 0) -> list[Image.Image]:
    """Up to `per_photo` windows (30-55 % of each side) of every sample photo, enlarged to photo size."""
    rng = random.Random(seed)
    windows: list[Image.Image] = []
    for path in SAMPLES:
        photo = Image.open(path).convert("RGB")
        boxes: list[Box] = []
        for _ in range(per_photo * 200):
            box = _random_box(photo.size, rng)
            if all(_iou(box, other) <= MAX_IOU for other in boxes):
                boxes.append(box)
            if len(boxes) == per_photo:
                break
        windows += [photo.crop(box).resize(_enlarged(box)) for box in boxes]
    return windows


def scene(seed: int) -> Image.Image:
    """A synthetic photo: one of three scene types, its content drawn from `seed`."""
    rng = random.Random(seed)
    kind = (_crowd, _landscape, _portrait)[seed % 3]
    image = kind(rng, Image.new("RGB", (480, 320)))
    noise = np.random.default_rng(seed).normal(0, 6, (320, 480, 3))
    pixels = np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(0.7))


def variants(rng: random.Random) -> dict[str, Callable[[Image.Image], Image.Image]]:
    """Edited copies, by kind: each a function of the original."""
    return {
        "jpeg_q40": lambda im: jpeg(im, 40),
        "resized_50": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS),
        "cropped_5": lambda im: crop(im, 0.05, rng),
        "cropped_10": lambda im: crop(im, 0.10, rng),
        "brighter_20": lambda im: ImageEnhance.Brightness(im).enhance(1.2),
        "darker_20": lambda im: ImageEnhance.Brightness(im).enhance(0.8),
        "colour_shift": lambda im: colour_shift(im, rng),
        "greyscale": lambda im: im.convert("L").convert("RGB"),
        "combined": lambda im: jpeg(crop(im, rng.uniform(0.03, 0.10), rng).resize(
            (im.width * 2 // 3, im.height * 2 // 3)), 50),
    }


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def crop(image: Image.Image, fraction: float, rng: random.Random) -> Image.Image:
    """Up to `fraction` of each side cut away, split at random between the two edges."""
    width, height = image.size
    cut_x, cut_y = width * rng.uniform(fraction / 2, fraction), height * rng.uniform(fraction / 2, fraction)
    left, top = cut_x * rng.random(), cut_y * rng.random()
    return image.crop((round(left), round(top), round(width - (cut_x - left)), round(height - (cut_y - top))))


def colour_shift(image: Image.Image, rng: random.Random) -> Image.Image:
    gains = np.array([rng.uniform(0.85, 1.15) for _ in range(3)])
    pixels = np.asarray(image, dtype=np.float64) * gains + rng.uniform(-15, 15)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _random_box(size: tuple[int, int], rng: random.Random) -> Box:
    width, height = size
    w, h = int(width * rng.uniform(0.3, 0.55)), int(height * rng.uniform(0.3, 0.55))
    x, y = rng.randint(0, width - w), rng.randint(0, height - h)
    return x, y, x + w, y + h


def _enlarged(box: Box) -> tuple[int, int]:
    w, h = box[2] - box[0], box[3] - box[1]
    scale = 480 / max(w, h)
    return round(w * scale), round(h * scale)


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    area = lambda r: (r[2] - r[0]) * (r[3] - r[1])  # noqa: E731
    return inter / (area(a) + area(b) - inter)


def _colour(rng: random.Random, low: int = 0, high: int = 255) -> tuple[int, int, int]:
    return tuple(rng.randint(low, high) for _ in range(3))  # type: ignore[return-value]


def _sky(draw: ImageDraw.ImageDraw, rng: random.Random, height: int) -> None:
    top, bottom = _colour(rng, 60, 200), _colour(rng, 150, 255)
    for y in range(height):
        t = y / max(1, height)
        draw.line([(0, y), (480, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))


def _crowd(rng: random.Random, image: Image.Image) -> Image.Image:
    draw, horizon = ImageDraw.Draw(image), rng.randint(130, 220)
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, 480, 320], fill=_colour(rng, 30, 140))
    x = 0
    while x < 480:  # buildings
        w, h = rng.randint(20, 90), rng.randint(20, int(horizon * 0.8))
        draw.rectangle([x, horizon - h, x + w, horizon], fill=_colour(rng, 60, 200))
        x += w + rng.randint(0, 40)
    for _ in range(rng.randint(40, 140)):  # people
        cx, cy, r = rng.randint(0, 480), rng.randint(horizon, 320), rng.randint(4, 14)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(rng))
    return image


def _landscape(rng: random.Random, image: Image.Image) -> Image.Image:
    draw, horizon = ImageDraw.Draw(image), rng.randint(120, 200)
    _sky(draw, rng, 320)
    for layer in range(rng.randint(2, 4)):  # mountain ridges, nearer ones darker and lower
        base = horizon + layer * 25
        ridge = [(x, base - rng.randint(0, 90)) for x in range(0, 481, rng.randint(30, 80))]
        points = [(0, 320), *ridge, (480, 320)]
        draw.polygon(points, fill=_colour(rng, 20, 160))
    sun = rng.randint(30, 450), rng.randint(20, 100)
    draw.ellipse([sun[0] - 18, sun[1] - 18, sun[0] + 18, sun[1] + 18], fill=_colour(rng, 200, 255))
    return image


def _portrait(rng: random.Random, image: Image.Image) -> Image.Image:
    """A head-and-shoulders portrait: pose, proportions and framing vary as between two sitters."""
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 480, 320], fill=_colour(rng, 40, 220))
    for _ in range(rng.randint(3, 8)):  # background shapes
        x, y = rng.randint(0, 480), rng.randint(0, 320)
        draw.rectangle([x, y, x + rng.randint(20, 160), y + rng.randint(20, 160)], fill=_colour(rng))
    cx, top = rng.randint(120, 360), rng.randint(30, 110)
    half_w, height = rng.randint(35, 70), rng.randint(100, 170)
    chin = top + height
    shoulders = rng.randint(80, 160)
    draw.polygon([(cx - shoulders, 320), (cx - shoulders // 2, chin - 10), (cx + shoulders // 2, chin - 10),
                  (cx + shoulders, 320)], fill=_colour(rng, 0, 200))  # shoulders
    draw.ellipse([cx - half_w, top, cx + half_w, chin], fill=_colour(rng, 120, 240))  # head
    draw.chord([cx - half_w - 4, top - 10, cx + half_w + 4, top + height // 2], 180, 360,
               fill=_colour(rng, 0, 120))  # hair
    eye_y, gap = top + height * rng.uniform(0.4, 0.5), half_w * rng.uniform(0.3, 0.5)
    for dx in (-gap, gap):
        draw.ellipse([cx + dx - 6, eye_y - 4, cx + dx + 6, eye_y + 4], fill=_colour(rng, 0, 80))  # eyes
    mouth = top + height * rng.uniform(0.68, 0.8)
    draw.arc([cx - half_w // 2, mouth - 12, cx + half_w // 2, mouth + 12], 20, 160, fill=_colour(rng, 0, 120), width=4)
    return image
