"""`captioncheck serve` start-up: seconds from process start to /readyz 200, and resident memory
once ready, with ViT-B-32 (random weights, from a local checkpoint file), measured in one run
beside the bare interpreter importing torch and open_clip.

    .venv/bin/python bench/serve_startup.py [--starts 3]

Memory: VmRSS and VmHWM (peak) of the service process; its decode workers (and their fork
server) are separate processes, counted apart by PSS (pages they share counted once).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (  # noqa: E402
    CAPTIONS,
    article_upload,
    jpeg_variants,
    random_vit_b32_checkpoint,
    start_service,
    temp_dir,
)


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (the decode workers are the fork server's children)."""
    found, frontier = [], [pid]
    while frontier:
        children = subprocess.run(["pgrep", "-P", str(frontier.pop())], capture_output=True, text=True).stdout.split()
        found += [int(child) for child in children]
        frontier += [int(child) for child in children]
    return found


def pss_mb(pid: int) -> float:
    """Proportional set size: pages shared between processes counted once across them."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def import_baseline_s() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, open_clip"], check=True)
    return time.perf_counter() - start


def first_check(base: str) -> None:
    """One 4-photo article checked through the API (the lazily loaded parts load: OCR, entities)."""
    import httpx

    photos = jpeg_variants(4)
    captions = [f"{text} (photo {i + 1})" for i, text in enumerate(CAPTIONS)]
    response = httpx.post(f"{base}/v1/checks", timeout=300, **article_upload(photos, captions, 1))
    response.raise_for_status()


def one_start(checkpoint: Path, work: Path, n: int) -> tuple[float, float, float, float, float]:
    """(seconds to ready, RSS MB and PSS MB under it once ready, RSS MB and peak once one check ran)."""
    env = {"CAPTIONCHECK_CLIP_MODEL": "ViT-B-32", "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
           "CAPTIONCHECK_REQUIRE_CLIP": "true"}
    service = start_service(env, work / f"start-{n}")
    try:
        ready = service.wait_ready()
        time.sleep(2.0)  # let the decode workers finish starting
        pid = service.proc.pid
        workers = sum(pss_mb(child) for child in descendants(pid))
        rss = status_mb(pid, "VmRSS")
        first_check(service.base)
        return ready, rss, workers, status_mb(pid, "VmRSS"), status_mb(pid, "VmHWM")
    finally:
        service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    work = temp_dir()
    checkpoint = random_vit_b32_checkpoint(work)
    baseline = import_baseline_s()
    runs = [one_start(checkpoint, work, n) for n in range(args.starts)]
    ready, rss, workers, rss_checked, peak = (statistics.median(values) for values in zip(*runs, strict=True))
    print(f"import torch + open_clip alone: {baseline:.1f} s")
    print(f"serve to /readyz 200 (median of {args.starts}): {ready:.1f} s (target <= 10 s); "
          f"each: {', '.join(f'{r[0]:.1f}' for r in runs)}")
    print(f"service process once ready: RSS {rss:.0f} MB (target <= 1500 MB); its decode workers, fork server "
          f"and resource tracker together: {workers:.0f} MB (PSS)")
    print(f"after one 4-photo check (OCR, entities and the decision model loaded): RSS {rss_checked:.0f} MB, "
          f"peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
