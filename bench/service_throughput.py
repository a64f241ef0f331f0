"""Service throughput under concurrent clients, against a plain open_clip loop, same run.

    .venv/bin/python bench/service_throughput.py [--clients 10] [--figures 4] [--rounds 2]

Each client posts multipart articles with N photos: every photo, caption, headline and
story distinct, so no cache of the service can answer for a request (the first, untimed
request warms up the models with its own photos and captions, which are not reused). The
baseline is the loop a user would write with open_clip for the same model, images and
captions: decode, preprocess, batch, encode images and captions. ViT-B-32 with random
weights (same compute as trained ones; never a measure of accuracy). Prints images/s and
the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (  # noqa: E402
    article_upload,
    distinct_captions,
    jpeg_variants,
    plain_open_clip_rate,
    random_vit_b32_checkpoint,
    start_service,
    temp_dir,
)

Request = tuple[list[bytes], list[str], int]  # photos, their captions, the article's number


def service_rate(base: str, warm_up: Request, requests: list[Request], clients: int) -> tuple[float, list[int]]:
    def post(request: Request) -> int:
        return httpx.post(f"{base}/v1/checks", timeout=600, **article_upload(*request)).status_code

    post(warm_up)  # first request pays for lazy work (foil embeddings); its photos and captions are its own
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(post, requests))
    return sum(len(r[0]) for r in requests) / (time.perf_counter() - start), statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--figures", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="requests per client")
    args = parser.parse_args()

    work = temp_dir()
    checkpoint = random_vit_b32_checkpoint(work)
    count = args.clients * args.rounds * args.figures
    images, captions = jpeg_variants(count + args.figures), distinct_captions(count + args.figures)
    requests = [(images[i : i + args.figures], captions[i : i + args.figures], i // args.figures)
                for i in range(0, len(images), args.figures)]
    warm_up, requests = requests[-1], requests[:-1]  # the last photos (untimed) are never posted again
    timed_images, timed_captions = images[:count], captions[:count]

    # one batch per article, the same photos and captions the service gets
    baseline = plain_open_clip_rate(checkpoint, timed_images, args.figures, timed_captions)
    service = start_service({"CAPTIONCHECK_CLIP_MODEL": "ViT-B-32", "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint)},
                            work / "data")
    try:
        ready_s = service.wait_ready()
        rate, statuses = service_rate(service.base, warm_up, requests, args.clients)
    finally:
        service.stop()
    ok = statuses.count(201)
    print(f"requests: {len(requests)} x {args.figures} images, {args.clients} concurrent clients; "
          f"{ok}/{len(statuses)} answered 201; every photo and caption distinct")
    print(f"plain open_clip loop (ViT-B-32, random weights): {baseline:.2f} images/s")
    print(f"service (full check: CLIP + sentence model + storage): {rate:.2f} images/s")
    print(f"ratio service/plain loop: {rate / baseline:.2f}   (service ready after {ready_s:.1f} s)")


if __name__ == "__main__":
    main()
