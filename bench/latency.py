"""One 4-figure article through the service: latency p50/p95 (warm), re-checking an
unchanged article, cold start and peak memory, each beside its baseline in the same run.

    .venv/bin/python bench/latency.py [--requests 12] [--precision fp32|int8]

Baselines: the plain open_clip loop's time for the same 4 images and captions, and the
bare interpreter's start with torch and open_clip imported. Every timed article has its
own photos, captions and story (no cache answers for it), except the re-check, which
posts one article again on purpose. ViT-B-32, random weights.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
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


Article = tuple[list[bytes], list[str], int]  # photos, captions, number


def post(base: str, article: Article) -> float:
    upload = article_upload(*article)
    start = time.perf_counter()
    response = httpx.post(f"{base}/v1/checks", timeout=300, **upload)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def import_baseline_s() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, open_clip"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--precision", default="fp32", choices=["fp32", "int8"])
    args = parser.parse_args()
    work = temp_dir()
    checkpoint = random_vit_b32_checkpoint(work)
    images, captions = jpeg_variants(4 * (args.requests + 1)), distinct_captions(4 * (args.requests + 1))
    articles = [(images[i : i + 4], captions[i : i + 4], i // 4) for i in range(0, len(images), 4)]
    timed = articles[1:5]
    loop_rate = plain_open_clip_rate(checkpoint, [p for a in timed for p in a[0]], 4, [c for a in timed for c in a[1]])
    imports = import_baseline_s()

    env = {"CAPTIONCHECK_CLIP_MODEL": "ViT-B-32", "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
           "CAPTIONCHECK_CLIP_PRECISION": args.precision}
    started = time.perf_counter()
    service = start_service(env, work / "data")
    base = service.base
    try:
        service.wait_ready()
        cold = time.perf_counter() - started
        post(base, articles[0])  # warm-up
        times = sorted(post(base, article) for article in articles[1:])
        rechecks = sorted(post(base, articles[1]) for _ in range(5))
        rss = peak_rss_mb(service.proc.pid)
    finally:
        service.stop()
    p50, p95 = statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"precision {args.precision}; {len(times)} sequential 4-figure articles, distinct images")
    print(f"latency p50 {p50:.3f} s, p95 {p95:.3f} s  (plain open_clip loop for 4 images + captions: "
          f"{4 / loop_rate:.3f} s; ratio p50/loop {p50 / (4 / loop_rate):.2f})")
    print(f"re-checking an unchanged article: median {statistics.median(rechecks) * 1000:.0f} ms")
    print(f"cold start (process start to /readyz 200): {cold:.1f} s  (importing torch + open_clip alone: "
          f"{imports:.1f} s)")
    print(f"peak RSS of the service: {rss:.0f} MB")


if __name__ == "__main__":
    main()
