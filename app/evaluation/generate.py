"""A generated image-caption pair set from the redistributable sample photos.

Each photo is varied (crop, brightness, a small mark) so no two images are the same
bytes; half the pairs keep the photo's own caption (pristine), half take another
photo's caption (falsified). Useful to run `captioncheck eval` end to end and to
compare models; a real measure of quality needs a real set such as NewsCLIPpings.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance

SUBJECTS = {
    "rocket-launch.jpg": "A rocket lifts off from a launch pad, trailing flame and smoke.",
    "astronaut-portrait.jpg": "An astronaut in a white flight suit poses for an official portrait.",
    "coffee-cup.jpg": "A cup of coffee on a saucer, seen from above on a wooden table.",
    "cat-chelsea.jpg": "A tabby cat looks at the camera.",
}


def generate_pairs(images_dir: Path, out_dir: Path, count: int, seed: int = 0) -> Path:
    """Write count pairs (images + pairs.jsonl) to out_dir; returns the JSONL path."""
    rng = random.Random(seed)
    names = [n for n in SUBJECTS if (images_dir / n).is_file()]
    if len(names) < 2:
        raise FileNotFoundError(f"need at least two of {sorted(SUBJECTS)} in {images_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in range(count):
        name = names[n % len(names)]
        image_path = out_dir / f"pair-{n:05d}.jpg"
        _variant(Image.open(images_dir / name).convert("RGB"), rng).save(image_path, quality=85)
        falsified = n % 2 == 1
        caption_of = rng.choice([x for x in names if x != name]) if falsified else name
        lines.append({"image": image_path.name, "caption": SUBJECTS[caption_of],
                      "label": "falsified" if falsified else "pristine"})
    path = out_dir / "pairs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    return path


def _variant(image: Image.Image, rng: random.Random) -> Image.Image:
    w, h = image.size
    dx, dy = int(w * rng.uniform(0, 0.1)), int(h * rng.uniform(0, 0.1))
    image = image.crop((dx, dy, w - int(w * rng.uniform(0, 0.1)), h - int(h * rng.uniform(0, 0.1))))
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.8, 1.2))
    x, y = rng.randrange(image.width - 8), rng.randrange(image.height - 8)
    ImageDraw.Draw(image).rectangle((x, y, x + 6, y + 6), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image
