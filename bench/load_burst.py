"""A bounded burst above capacity against `captioncheck serve` on loopback: does it shed load cleanly?

    .venv/bin/python bench/load_burst.py [--requests 400] [--concurrency 64] [--max-pending 8]

Starts the service (tiny open_clip checkpoint, real sentence model; caption-only
articles, so the text model does the work), fires `--requests` POST /v1/checks from
`--concurrency` connections at once, and prints the 2xx / 503 / other counts,
throughput, latencies and the server's resident memory before and after (peak).
The queue bound is CAPTIONCHECK_MAX_PENDING_CHECKS (`--max-pending`); the rate limit is off.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import Service, start_service, write_tiny_clip  # noqa: E402

BODY = ("Negotiators met in Doha on Saturday to open talks on the country's future. The delegations "
        "agreed on an agenda after a day of speeches at the hotel where the talks are held.")


def _article(n: int) -> dict:
    return {"headline": f"Talks open in Doha, day {n}", "body": BODY, "published": "2020-09-13",
            "figures": [{"caption": f"Delegates arrive for the opening session in Doha ({n})."},
                        {"caption": "Supporters wave flags at a rally outside the US Capitol."}]}


def _start(folder: Path, max_pending: int) -> Service:
    config, checkpoint = write_tiny_clip(folder / "clip")
    env = {"CAPTIONCHECK_MODELS_DIR": str(folder), "CAPTIONCHECK_CLIP_MODEL": str(config),
           "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
           "CAPTIONCHECK_MAX_PENDING_CHECKS": str(max_pending), "CAPTIONCHECK_RATE_LIMIT_PER_MIN": "0"}
    service = start_service(env, folder / "data")
    service.wait_ready(timeout_s=180)
    return service


def _memory_mib(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


async def _burst(url: str, count: int, concurrency: int) -> tuple[Counter, dict[str, list[float]], float]:
    statuses: Counter = Counter()
    latencies: dict[str, list[float]] = {"2xx": [], "503": [], "other": []}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        gate = asyncio.Semaphore(concurrency)

        async def one(n: int) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    status = (await client.post("/v1/checks", json=_article(n))).status_code
                except httpx.HTTPError:
                    status = 0
                kind = "2xx" if 200 <= status < 300 else "503" if status == 503 else "other"
                statuses[kind] += 1
                latencies[kind].append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        return statuses, latencies, time.perf_counter() - started


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--max-pending", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        service = _start(Path(tmp), args.max_pending)
        try:
            url = service.base
            asyncio.run(_burst(url, 4, 4))  # warm-up
            before = _memory_mib(service.proc.pid)
            statuses, latencies, wall = asyncio.run(_burst(url, args.requests, args.concurrency))
            after = _memory_mib(service.proc.pid)
            alive = httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        finally:
            service.stop()
    total = sum(statuses.values())
    print(f"burst: {args.requests} requests, {args.concurrency} at once, queue bound {args.max_pending}")
    print(f"answers: 2xx {statuses['2xx']}, 503 {statuses['503']}, other {statuses['other']} "
          f"in {wall:.1f} s ({total / wall:.1f} answers/s, {statuses['2xx'] / wall:.1f} checks/s held)")
    for kind in ("2xx", "503"):
        mean = statistics.mean(latencies[kind]) * 1000 if latencies[kind] else 0.0
        print(f"latency {kind}: mean {mean:.0f} ms, p50 {_ms(latencies[kind], 0.5)} ms, "
              f"p95 {_ms(latencies[kind], 0.95)} ms")
    print(f"server memory: {before['VmRSS']:.0f} MiB before, {after['VmRSS']:.0f} MiB after, "
          f"peak {after['VmHWM']:.0f} MiB; healthy afterwards: {alive}")


if __name__ == "__main__":
    main()
