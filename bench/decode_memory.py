"""Peak memory of `captioncheck serve` while it decodes many large photos (issue #15 item 5).

    .venv/bin/python bench/decode_memory.py [--figures 16] [--megapixels 40] [--clients 1]

Each request is one multipart article whose figures are flat JPEGs of the given size (a
single colour each: a few hundred KB uploaded, the whole frame when decoded). The
service runs in a child process on loopback, without CLIP weights and without OCR, so
what its memory does is the decoding and what is kept of each photo; decoding runs in
the service process itself (CAPTIONCHECK_DECODE_WORKERS=0). Prints the answers' status
codes, and the service's peak resident memory (VmHWM, with any child processes) before
and after the requests. Budget settings (CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_*) pass
through from the environment.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ARTICLE, start_service, temp_dir  # noqa: E402

OFFLINE = {"CAPTIONCHECK_CLIP_PRETRAINED": "/nonexistent/no-clip-weights.pt", "CAPTIONCHECK_OCR_ENABLED": "false",
           "CAPTIONCHECK_DECODE_WORKERS": "0", "CAPTIONCHECK_ARCHIVE_LOOKUP": "false",
           "CAPTIONCHECK_PHOTO_METADATA_ENABLED": "false", "CAPTIONCHECK_RATE_LIMIT_PER_MIN": "0"}


def flat_jpeg(megapixels: float, shade: int) -> bytes:
    """A one-colour JPEG of about `megapixels` at 4:3 (distinct per shade, so no cache matches)."""
    width = int(math.sqrt(megapixels * 1e6 * 4 / 3))
    out = io.BytesIO()
    Image.new("RGB", (width, width * 3 // 4), (shade % 256, 90, 160)).save(out, "JPEG", quality=90)
    return out.getvalue()


def upload(images: list[bytes]) -> dict:
    figures = [{"caption": f"A plain blue wall, photo {i + 1}."} for i in range(len(images))]
    files = {f"figure-{i}": (f"figure-{i}.jpg", data, "image/jpeg") for i, data in enumerate(images)}
    return {"data": {"article": json.dumps({**ARTICLE, "figures": figures})}, "files": files}


def peak_rss_mb(pid: int) -> float:
    """VmHWM of the process and its children, in MB."""
    total = 0
    for process in [pid, *_children(pid)]:
        status = Path(f"/proc/{process}/status")
        if status.exists():
            line = next((ln for ln in status.read_text().splitlines() if ln.startswith("VmHWM:")), "VmHWM: 0 kB")
            total += int(line.split()[1])
    return total / 1024


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in found.read_text().split()] if found.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=16)
    parser.add_argument("--megapixels", type=float, default=40.0)
    parser.add_argument("--clients", type=int, default=1, help="requests sent at once")
    args = parser.parse_args()

    requests = [[flat_jpeg(args.megapixels, 7 * (c * args.figures + i)) for i in range(args.figures)]
                for c in range(args.clients)]
    uploaded = sum(len(b) for r in requests for b in r)
    service = start_service(OFFLINE, temp_dir() / "data")
    try:
        service.wait_ready()
        warm = httpx.post(f"{service.base}/v1/checks", timeout=300, **upload([flat_jpeg(1, 1)]))
        before = peak_rss_mb(service.proc.pid)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            answers = list(pool.map(
                lambda images: httpx.post(f"{service.base}/v1/checks", timeout=600, **upload(images)), requests))
        elapsed = time.perf_counter() - start
        after = peak_rss_mb(service.proc.pid)
    finally:
        service.stop()
    print(f"{args.clients} request(s) at once x {args.figures} flat JPEGs of {args.megapixels:g} MP "
          f"({uploaded / 1e6:.1f} MB uploaded); warm-up answered {warm.status_code}")
    print(f"answers: {dict(Counter(a.status_code for a in answers))} in {elapsed:.1f} s")
    for answer in answers:
        if answer.status_code != 201:
            print(f"  {answer.status_code}: {answer.json().get('detail', '')[:160]}")
    print(f"service peak RSS: {before:.0f} MB before the requests, {after:.0f} MB after "
          f"(+{after - before:.0f} MB)")


if __name__ == "__main__":
    main()
