"""Engine throughput (image-caption pairs/s) against a plain open_clip loop, same run,
and the machine's physical limit for the model.

    .venv/bin/python bench/engine_throughput.py [--pairs 64] [--int8]

Baseline: the loop a user would write with open_clip for the same model and images
(decode, preprocess, batch, encode images and captions). Engine: the whole check
of 4-figure articles (CLIP signals, the sentence model, verdicts). The limit is the
measured matmul FLOP/s of this machine divided by the model's FLOPs per pair.
Every image has its own caption (and every article its own story) in both the engine and
the baseline, so the engine's remembered text embeddings answer for nothing.
ViT-B-32 with random weights: same compute as trained weights; never for accuracy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (  # noqa: E402
    ARTICLE,
    distinct_captions,
    jpeg_variants,
    plain_open_clip_rate,
    random_vit_b32_checkpoint,
    temp_dir,
)

BASELINE_BATCH = 32
GFLOPS_PER_IMAGE = 8.8  # open_clip's profile of ViT-B-32 at 224 px


def engine(checkpoint: Path, images: list[bytes], captions: list[str], precision: str) -> float:
    from app.engine.checker import Checker
    from app.engine.encoders.base import EncoderProvider
    from app.engine.images import decode_image
    from app.schema import ArticleIn
    from app.settings import Settings

    settings = Settings(clip_model="ViT-B-32", clip_pretrained=str(checkpoint), clip_precision=precision)
    checker = Checker(settings, EncoderProvider.from_settings(settings))

    def check(chunk: list[bytes], texts: list[str], number: int) -> None:
        article = ArticleIn.model_validate({
            **ARTICLE, "headline": f"{ARTICLE['headline']} ({number})",
            "body": f"{ARTICLE['body']} Report number {number}.", "figures": [{"caption": c} for c in texts]})
        loaded = {i: decode_image(b, f"upload:{i}", settings, "image") for i, b in enumerate(chunk)}
        checker.check(article, images=loaded)

    check(images[:4], distinct_captions(4, start=len(captions)), -1)  # warm-up (models, foils): own captions
    start = time.perf_counter()
    for i in range(0, len(images), 4):
        check(images[i : i + 4], captions[i : i + 4], i // 4)
    return len(images) / (time.perf_counter() - start)


def matmul_flops(size: int = 1024, repeats: int = 20) -> float:
    import torch

    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * size**3 * repeats / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--int8", action="store_true", help="also measure the int8 CPU path")
    args = parser.parse_args()
    import torch

    checkpoint = random_vit_b32_checkpoint(temp_dir())
    images, captions = jpeg_variants(args.pairs), distinct_captions(args.pairs)
    baseline = plain_open_clip_rate(checkpoint, images, BASELINE_BATCH, captions)
    fp32 = engine(checkpoint, images, captions, "fp32")
    flops = matmul_flops()
    print(f"machine: {torch.get_num_threads()} torch threads; matmul {flops / 1e9:.1f} GFLOP/s")
    print(f"physical limit: {flops / 1e9 / GFLOPS_PER_IMAGE:.1f} images/s "
          f"(image tower alone, {GFLOPS_PER_IMAGE} GFLOPs each)")
    print(f"plain open_clip loop (batch {BASELINE_BATCH}, image + caption): {baseline:.2f} pairs/s")
    print(f"engine, fp32 (4-figure articles, full check): {fp32:.2f} pairs/s  ratio {fp32 / baseline:.2f}")
    if args.int8:
        int8 = engine(checkpoint, images, captions, "int8")
        print(f"engine, int8 CPU path: {int8:.2f} pairs/s  ratio {int8 / baseline:.2f} "
              f"({int8 / fp32:.2f}x fp32)")


if __name__ == "__main__":
    main()
