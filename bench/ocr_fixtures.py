"""Photos with text rendered on them, and photos without any, for the OCR benchmarks and tests.

Text is drawn at a known cap height (the height of a capital letter, in pixels of the final
image), in several fonts, angles and contrasts, on photo-like backgrounds: synthetic scenes,
windows of the sample photos, sky gradients and textures that look a little like writing
(bricks, fences, foliage). Text-free photos use the same backgrounds without the text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bench.archive_data import scene

REPO = Path(__file__).resolve().parents[1]
# The cat and the coffee cup have no text in them (the astronaut's name tag and the rocket's
# markings do, so they are not used as text-free photos).
TEXT_FREE_SAMPLES = [REPO / "samples" / "images" / n for n in ("cat-chelsea.jpg", "coffee-cup.jpg")]
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSerif-Regular.ttf", "LiberationSans-Regular.ttf",
              "DejaVuSansMono.ttf", "LiberationSansNarrow-Regular.ttf", "DejaVuSerif-Bold.ttf")
PILLOW_DEFAULT = "pillow-default"
SIZES = ((800, 600), (1024, 683), (1280, 853), (640, 480), (1600, 1067))
BACKGROUNDS = ("scene", "photo", "sky", "bricks", "foliage")
WORDS = ("strike fuel hike marathon welcome protest justice water police market station festival "
         "election vote freedom jobs peace bread teachers nurses union march rally workers stop "
         "rights homes health future climate action now open closed exit transport farmers").split()
PLACES = "Lagos Nairobi Tokyo Berlin Kampala Accra Madrid Lisbon Manila Lima Dhaka Cairo".split()
YEARS = ("2019", "2021", "2024")


@dataclass
class TextFixture:
    image: Image.Image
    words: list[str]
    cap_height: int
    font: str
    angle: float
    contrast: str  # high (a placard), medium or low (text straight on the photo)
    background: str
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)  # one per line drawn


def fonts() -> list[str]:
    """The font files this machine has, else Pillow's own font."""
    found = [str(d / f) for f in FONT_FILES for d in FONT_DIRS if (d / f).is_file()]
    return found or [PILLOW_DEFAULT]


@lru_cache(maxsize=256)
def font_at(name: str, size: int) -> ImageFont.FreeTypeFont:
    if name == PILLOW_DEFAULT:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(name, size)


def font_for_cap_height(name: str, cap_height: int) -> ImageFont.FreeTypeFont:
    probe = font_at(name, 100).getbbox("H")
    return font_at(name, max(6, round(cap_height * 100 / (probe[3] - probe[1]))))


def background(kind: str, size: tuple[int, int], rng: random.Random) -> Image.Image:
    width, height = size
    if kind == "scene":
        return scene(rng.randrange(10_000)).resize(size, Image.Resampling.BICUBIC)
    if kind == "photo":
        photo = Image.open(rng.choice(TEXT_FREE_SAMPLES)).convert("RGB")
        w, h = photo.size
        cw, ch = int(w * rng.uniform(0.6, 1)), int(h * rng.uniform(0.6, 1))
        x, y = rng.randrange(w - cw + 1), rng.randrange(h - ch + 1)
        return photo.crop((x, y, x + cw, y + ch)).resize(size, Image.Resampling.BICUBIC)
    noise = np.random.default_rng(rng.randrange(10_000))
    if kind == "sky":
        top, bottom = np.array(_colour(rng)), np.array(_colour(rng))
        ramp = np.linspace(0, 1, height)[:, None, None]
        pixels = top * (1 - ramp) + bottom * ramp + noise.normal(0, 8, (height, width, 3))
        return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if kind == "bricks":
        return _bricks(size, rng, noise)
    leaves = noise.normal(0, 1, (height // 8 + 1, width // 8 + 1, 3))
    pixels = np.kron(leaves, np.ones((8, 8, 1)))[:height, :width] * 30 + np.array([60, 110, 50])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(4))


def _bricks(size: tuple[int, int], rng: random.Random, noise: np.random.Generator) -> Image.Image:
    image = Image.new("RGB", size, (150, 70, 50))
    draw = ImageDraw.Draw(image)
    brick_w, brick_h = rng.randint(40, 90), rng.randint(16, 30)
    for row, y in enumerate(range(0, size[1], brick_h)):
        draw.line([(0, y), (size[0], y)], fill=(200, 190, 180), width=3)
        for x in range((row % 2) * brick_w // 2, size[0], brick_w):
            draw.line([(x, y), (x, y + brick_h)], fill=(200, 190, 180), width=3)
    pixels = np.asarray(image, dtype=np.float64) + noise.normal(0, 10, (size[1], size[0], 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def _luminance(rgb: tuple[float, ...]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def phrase(rng: random.Random) -> list[str]:
    words = rng.sample(WORDS, rng.randint(1, 3))
    words.insert(rng.randrange(len(words) + 1), rng.choice(PLACES))
    if rng.random() < 0.3:
        words.append(rng.choice(YEARS))
    upper = rng.random() < 0.6
    return [w.upper() if upper else w.capitalize() for w in words]


def text_fixture(seed: int, cap_height: int, font: str, angle: float, contrast: str,
                 kind: str | None = None) -> TextFixture:
    rng = random.Random(seed)
    kind = kind or BACKGROUNDS[seed % len(BACKGROUNDS)]
    size = SIZES[seed % len(SIZES)]
    image = background(kind, size, rng)
    face = font_for_cap_height(font, cap_height)
    fixture = TextFixture(image, [], cap_height, font, angle, contrast, kind)
    top = rng.randint(10, max(11, size[1] // 4))
    for _ in range(rng.randint(1, 2)):
        words = phrase(rng)
        while face.getlength(" ".join(words)) > size[0] * 0.85 and len(words) > 1:
            words.pop()
        box = _draw_line(image, " ".join(words), face, angle, contrast, top, rng)
        if box is None:
            break
        fixture.words += words
        fixture.boxes.append(box)
        top = box[3] + cap_height
    return fixture


def _draw_line(image: Image.Image, text: str, face: ImageFont.FreeTypeFont, angle: float,
               contrast: str, top: int, rng: random.Random) -> tuple[int, int, int, int] | None:
    left, upper, right, lower = face.getbbox(text)
    pad = max(4, (lower - upper) // 3)
    layer = Image.new("RGBA", (right - left + 2 * pad, lower - upper + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x = rng.randint(5, max(6, image.width - layer.width - 5))
    region = image.crop((x, top, x + layer.width, top + layer.height))
    under = tuple(np.asarray(region).reshape(-1, 3).mean(axis=0)) if region.size[1] > 0 else (128, 128, 128)
    if contrast == "high":
        panel = (245, 240, 225) if rng.random() < 0.5 else (30, 30, 40)
        draw.rectangle([0, 0, layer.width, layer.height], fill=(*panel, 255))
        ink = (20, 20, 20) if _luminance(panel) > 128 else (250, 250, 250)
    else:
        step = 110 if contrast == "medium" else 60
        level = _luminance(under) + (step if _luminance(under) < 128 else -step)
        ink = tuple(int(np.clip(level, 0, 255)) for _ in range(3))
    draw.text((pad - left, pad - upper), text, font=face, fill=(*ink, 255))
    turned = layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    if top + turned.height > image.height or x + turned.width > image.width:
        return None
    image.paste(turned, (x, top), turned)
    return x, top, x + turned.width, top + turned.height


def text_free_photo(seed: int) -> tuple[Image.Image, str]:
    rng = random.Random(10_000 + seed)
    kind = BACKGROUNDS[seed % len(BACKGROUNDS)]
    return background(kind, SIZES[seed % len(SIZES)], rng), kind


def text_fixtures(cap_heights: tuple[int, ...], per_cell: int = 1) -> list[TextFixture]:
    """Every combination of cap height, font, angle and contrast, `per_cell` fixtures each."""
    fixtures: list[TextFixture] = []
    seed = 0
    for height in cap_heights:
        for font in fonts():
            for angle in (0.0, -6.0, 12.0):
                for contrast in ("high", "medium", "low"):
                    for _ in range(per_cell):
                        fixtures.append(text_fixture(seed, height, font, angle, contrast))
                        seed += 1
    return fixtures
