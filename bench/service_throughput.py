"""Service throughput under concurrent clients, against a plain open_clip loop, same run.

    .venv/bin/python bench/service_throughput.py [--clients 10] [--figures 4] [--rounds 2]

Each client posts multipart articles with N photos (distinct JPEGs made from the
samples). The baseline is the loop a user would write with open_clip for the same
model and images: decode, preprocess, batch, encode images and captions. ViT-B-32
with random weights (same compute as trained ones). Prints images/s and the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import jpeg_variants, random_vit_b32_checkpoint, start_service, temp_dir, wait_ready  # noqa: E402
from tests.live_server import free_port  # noqa: E402

CAPTIONS = [
    "A rocket lifts off from its launch pad at dusk.",
    "An astronaut in a white suit poses for a portrait.",
    "A cup of coffee on a wooden table in a cafe.",
    "A cat sits on a chair and looks at the camera.",
]
ARTICLE = {
    "headline": "Launch day brings crowds to the coast",
    "published": "2024-03-04",
    "body": "Thousands of visitors watched a rocket launch on Monday. Cafes near the beach were full "
            "and the space agency showed astronaut portraits in its visitor centre.",
}


def plain_open_clip_loop(checkpoint: Path, requests: list[list[bytes]]) -> float:
    """images/s of a user's own loop: one batch per article, images and captions encoded."""
    import open_clip
    import torch
    from PIL import Image

    model, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=str(checkpoint))
    tokenizer = open_clip.get_tokenizer("ViT-B-32")
    model.eval()

    def one(images: list[bytes]) -> None:
        batch = torch.stack([preprocess(Image.open(io.BytesIO(b)).convert("RGB")) for b in images])
        with torch.inference_mode():
            model.encode_image(batch)
            model.encode_text(tokenizer(CAPTIONS[: len(images)]))

    one(requests[0])  # warm-up
    start = time.perf_counter()
    for images in requests:
        one(images)
    return sum(len(r) for r in requests) / (time.perf_counter() - start)


def service_rate(base: str, requests: list[list[bytes]], clients: int) -> tuple[float, list[int]]:
    def post(images: list[bytes]) -> int:
        figures = [{"caption": CAPTIONS[i % len(CAPTIONS)]} for i in range(len(images))]
        files = {f"figure-{i}": (f"{i}.jpg", b, "image/jpeg") for i, b in enumerate(images)}
        response = httpx.post(f"{base}/v1/checks", data={"article": json.dumps({**ARTICLE, "figures": figures})},
                              files=files, timeout=600)
        return response.status_code

    post(requests[0])  # warm-up: first request pays for lazy work (foil embeddings)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(post, requests))
    return sum(len(r) for r in requests) / (time.perf_counter() - start), statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--figures", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="requests per client")
    args = parser.parse_args()

    work = temp_dir()
    checkpoint = random_vit_b32_checkpoint(work)
    images = jpeg_variants(args.clients * args.rounds * args.figures)
    requests = [images[i : i + args.figures] for i in range(0, len(images), args.figures)]

    baseline = plain_open_clip_loop(checkpoint, requests)
    port = free_port()
    proc = start_service({"CAPTIONCHECK_CLIP_MODEL": "ViT-B-32", "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint)},
                         port, work / "data")
    try:
        ready_s = wait_ready(f"http://127.0.0.1:{port}", proc)
        rate, statuses = service_rate(f"http://127.0.0.1:{port}", requests, args.clients)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ok = statuses.count(201)
    print(f"requests: {len(requests)} x {args.figures} images, {args.clients} concurrent clients; "
          f"{ok}/{len(statuses)} answered 201")
    print(f"plain open_clip loop (ViT-B-32, random weights): {baseline:.2f} images/s")
    print(f"service (full check: CLIP + sentence model + storage): {rate:.2f} images/s")
    print(f"ratio service/plain loop: {rate / baseline:.2f}   (service ready after {ready_s:.1f} s)")


if __name__ == "__main__":
    main()
