"""How close the int8 CPU path stays to fp32, and how much faster it is (same run).

    .venv/bin/python bench/quantization.py [--images 32]

Cosine between fp32 and int8 embeddings of the same images and captions
(ViT-B-32, random weights: re-run with real weights via CAPTIONCHECK_CLIP_* to
check a trained model).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import jpeg_variants, random_vit_b32_checkpoint, temp_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=32)
    args = parser.parse_args()
    from PIL import Image

    from app.engine.encoders.clip import load_clip_encoder
    from app.settings import Settings

    pretrained = os.environ.get("CAPTIONCHECK_CLIP_PRETRAINED") or str(random_vit_b32_checkpoint(temp_dir()))
    model = os.environ.get("CAPTIONCHECK_CLIP_MODEL", "ViT-B-32")
    images = [Image.open(io.BytesIO(b)).convert("RGB") for b in jpeg_variants(args.images)]
    texts = ["A rocket lifts off from its launch pad at dusk.", "A cup of coffee on a wooden table."] * 8
    rows, speed = {}, {}
    for precision in ("fp32", "int8"):
        encoder = load_clip_encoder(Settings(clip_model=model, clip_pretrained=pretrained, clip_precision=precision))
        encoder.encode_images(images[:2])
        start = time.perf_counter()
        rows[precision] = (encoder.encode_images(images), encoder.encode_texts(texts))
        speed[precision] = len(images) / (time.perf_counter() - start)
    image_cos = np.sum(rows["fp32"][0] * rows["int8"][0], axis=1)
    text_cos = np.sum(rows["fp32"][1] * rows["int8"][1], axis=1)
    print(f"model {model} / {Path(pretrained).name}")
    print(f"cosine fp32 vs int8: images min {image_cos.min():.4f} mean {image_cos.mean():.4f}; "
          f"captions min {text_cos.min():.4f}")
    print(f"speed (images + captions): fp32 {speed['fp32']:.2f}/s, int8 {speed['int8']:.2f}/s, "
          f"ratio {speed['int8'] / speed['fp32']:.2f}")


if __name__ == "__main__":
    main()
