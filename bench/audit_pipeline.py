"""Audit throughput (images/s) against the bare image tower's images/s, same model, same
machine, distinct images, measured in one run.

    .venv/bin/python bench/audit_pipeline.py [--pages 24] [--photos 4] [--rounds 3] [--ocr off|on]

Served pages: `--pages` generated news pages on a loopback HTTP server, each with `--photos`
distinct JPEGs and its own headline, body and captions (no caption repeats, so no cache does
work the baseline redoes). The audit is `captioncheck audit`'s code path (plan, runner,
stores) with ViT-B-32 and random weights, warmed up on other pages first. The baseline is
`model.encode_image` alone over the same photos, already decoded and preprocessed, in
batches of `--batch`: what the encoder could do if nothing else ran. Each round measures the
baseline, then audits new pages with new photos (so no cached embedding answers); the result
is the median of the rounds' ratios, since the machine's other load moves both. Random weights
cost exactly the compute of trained ones; never a measure of accuracy.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import os
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import jpeg_variants, random_vit_b32_checkpoint, temp_dir  # noqa: E402

SUBJECTS = ["rocket launch", "harbour strike", "flood defences", "city marathon", "museum opening",
            "wheat harvest", "bridge repair", "orchestra tour", "wildfire season", "chess final",
            "election count", "solar farm", "rail timetable", "coral survey", "film festival",
            "school meals", "river cleanup", "airport queues", "cycling race", "book prize",
            "heat wave", "space telescope", "fishing quotas", "trade talks"]
PLACES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Perth", "Accra", "Bergen"]
SCENES = ["crowds gather near", "workers inspect", "officials visit", "residents walk past",
          "a photographer captures", "volunteers set up", "children watch", "a drone films"]


def page_html(number: int, photos: list[str]) -> str:
    subject, place = SUBJECTS[number % len(SUBJECTS)], PLACES[number % len(PLACES)]
    figures = "".join(
        f'<figure><img src="{src}" width="640" height="427" alt="">'
        f"<figcaption>{SCENES[(number + i) % len(SCENES)].capitalize()} the {subject} in {place} "
        f"on day {number + 1}, frame {i + 1}. <span class=\"credit\">Bench Photo {number}-{i}</span>"
        f"</figcaption></figure>"
        for i, src in enumerate(photos)
    )
    body = "".join(
        f"<p>Paragraph {k + 1} of story {number}: the {subject} in {place} drew attention from "
        f"local officials, who said the {subject} would continue for {k + 2} more weeks.</p>"
        for k in range(5)
    )
    headline = f"The {subject} in {place}: what happened on day {number + 1}"
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{headline}</title>"
            f'<meta property="article:published_time" content="2024-03-{number % 28 + 1:02d}T09:00:00Z">'
            f"</head><body><main><article><h1>{headline}</h1>"
            f'<time datetime="2024-03-{number % 28 + 1:02d}T09:00:00Z">March 2024</time>'
            f"{body}{figures}</article></main></body></html>")


def build_site(pages: int, photos: int, images: list[bytes], first: int = 0) -> dict[str, tuple[str, bytes]]:
    """Paths -> (content type, body): pages `first`.. of `photos` figures each, page p holding
    images p * photos .. (p + 1) * photos - 1 (image n at /img/n.jpg), so no two pages share one."""
    served: dict[str, tuple[str, bytes]] = {}
    for page in range(pages):
        names = []
        for i in range(photos):
            n = (first + page) * photos + i
            served[f"/img/{n}.jpg"] = ("image/jpeg", images[n])
            names.append(f"/img/{n}.jpg")
        served[f"/news/{first + page}.html"] = ("text/html; charset=utf-8",
                                                page_html(first + page, names).encode())
    return served


@contextmanager
def serve(site: dict[str, tuple[str, bytes]]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            kind, body = site.get(self.path, ("text/plain", b"not found"))
            self.send_response(200 if self.path in site else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_urls(base: str, site: dict[str, tuple[str, bytes]]) -> list[str]:
    return [base + path for path in site if path.startswith("/news/")]


class Audit:
    """The audit command's parts, built once: stores, checker with the embedding cache, settings."""

    def __init__(self, checkpoint: Path, work: Path, **overrides: object) -> None:
        from app.engine.checker import Checker
        from app.engine.encoders.cached import cached_provider
        from app.settings import Settings
        from app.storage import AuditStore, EmbeddingStore, ReportStore

        from app.pipeline.pool import DecodePool

        self.settings = Settings(clip_model="ViT-B-32", clip_pretrained=str(checkpoint), data_dir=work, **overrides)
        self.pool = DecodePool(self.settings.decode_workers)  # one for all runs, as a long audit has one
        url = self.settings.resolved_database_url()
        self.audits, self.reports = AuditStore(url), ReportStore(url)
        self.checker = Checker(self.settings, cached_provider(self.settings, EmbeddingStore(self.audits.engine)))
        self.stages: dict[str, object] = {}

    def run(self, urls: list[str]) -> tuple[float, float, list]:
        """Seconds to audit `urls`, CPU seconds it took (all processes), and the page records."""
        from app.audit.fetch import Fetcher, FetchOptions
        from app.audit.runner import AuditRunner
        from app.audit.session import plan_audit, run_plan

        async def go() -> list:
            async with Fetcher(FetchOptions()) as fetcher:
                plan = await plan_audit(urls, fetcher, self.audits, max_pages=len(urls))
                runner = AuditRunner(self.settings, self.checker, fetcher, reports=self.reports, pool=self.pool)
                records = await run_plan(plan, runner, self.audits)
                self.stages = runner.progress.done
                self.high_water = {name: queue.high_water for name, queue in runner.queues.items()}
                self.busy = {name: thread.busy_s for name, thread in runner.threads.items()}
                return records

        start, cpu = time.perf_counter(), cpu_seconds()
        records = asyncio.run(go())
        return time.perf_counter() - start, cpu_seconds() - cpu, records


def cpu_seconds() -> float:
    """CPU time of this process and every process under it (the decode workers, which the fork
    server started), waited-for children included: what the work cost, whatever else ran."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), sum(int(v) for v in fields[11:15]))
    mine, total, frontier = {os.getpid()}, 0, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        total += stats.get(parent, (0, 0))[1]
        children = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in mine]
        mine.update(children)
        frontier += children
    return total / tick


def bare_tower_rate(checkpoint: Path, images: list[bytes], batch: int) -> tuple[float, float]:
    """images/s of model.encode_image alone over already preprocessed pixels, and CPU seconds per
    image; the first batch untimed."""
    import open_clip
    import torch
    from PIL import Image

    model, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=str(checkpoint))
    model.eval()
    pixels = torch.stack([preprocess(Image.open(io.BytesIO(b)).convert("RGB")) for b in images])
    with torch.inference_mode():
        model.encode_image(pixels[:batch])
        start, cpu = time.perf_counter(), cpu_seconds()
        for i in range(0, len(pixels), batch):
            model.encode_image(pixels[i : i + batch])
    return len(pixels) / (time.perf_counter() - start), (cpu_seconds() - cpu) / len(pixels)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--photos", type=int, default=4, help="distinct photos per page")
    parser.add_argument("--batch", type=int, default=32, help="batch of the bare tower baseline")
    parser.add_argument("--rounds", type=int, default=3, help="tower-then-audit rounds, each on new photos")
    parser.add_argument("--ocr", choices=["on", "off"], default="off",
                        help="read the text in photos (CAPTIONCHECK_OCR_ENABLED); off by default here: the "
                        "target compares the CLIP pipeline with the CLIP tower, and OCR is a second image model")
    parser.add_argument("--warm-pages", type=int, default=8, help="pages audited untimed before the rounds")
    parser.add_argument("--workers", type=int, default=None, help="decode workers (default: one per core)")
    args = parser.parse_args()
    import torch

    work = temp_dir()
    checkpoint = random_vit_b32_checkpoint(work)
    count, warm_pages = args.pages * args.photos, args.warm_pages
    images = jpeg_variants(count * args.rounds + warm_pages * args.photos)
    # The embedding cache is keyed by the file's SHA-256: a photo served twice would be a cache
    # answer the bare tower never gets.
    if len({hashlib.sha256(image).digest() for image in images}) != len(images):
        raise SystemExit("photos repeat: the benchmark would not be fair")  # not an assert: -O drops those
    print(f"machine: {os.cpu_count()} cores, {torch.get_num_threads()} torch threads, load {load_average()}")
    audit = Audit(checkpoint, work, ocr_enabled=args.ocr == "on", decode_workers=args.workers)
    rounds = []
    try:
        warm = build_site(warm_pages, args.photos, images, first=args.pages * args.rounds)
        with serve(warm) as base:
            audit.run(page_urls(base, warm))  # models, foils, worker processes: untimed
        for number in range(args.rounds):
            first = number * args.pages
            chunk = images[first * args.photos : (first + args.pages) * args.photos]
            tower, tower_cpu = bare_tower_rate(checkpoint, chunk, args.batch)
            with serve(build_site(args.pages, args.photos, images, first=first)) as base:
                site_pages = [f"{base}/news/{first + page}.html" for page in range(args.pages)]
                elapsed, cpu, records = audit.run(site_pages)
            checked = _images_checked(records)
            rounds.append((checked / elapsed / tower, tower_cpu / (cpu / checked), records))
            print(f"round {number + 1}: bare tower {tower:.2f} images/s ({tower_cpu:.3f} CPU s each), audit "
                  f"{checked / elapsed:.2f} images/s ({cpu / checked:.3f} CPU s each, {checked} images in "
                  f"{elapsed:.1f} s): ratio {rounds[-1][0]:.2f}, CPU ratio {rounds[-1][1]:.2f}; load {load_average()}")
            print("  stages busy: " + ", ".join(f"{k} {v:.1f} s" for k, v in audit.busy.items())
                  + "; queue high water: " + ", ".join(f"{k} {v}" for k, v in audit.high_water.items()))
    finally:
        audit.pool.close()
    print(f"audit (OCR {args.ocr}, {audit.pool.workers} decode workers), median of {args.rounds} rounds: "
          f"ratio audit / bare tower {statistics.median(r[0] for r in rounds):.2f} (target >= 0.8); CPU seconds "
          f"per image, tower / audit: {statistics.median(r[1] for r in rounds):.2f} (what the ratio is on "
          "otherwise idle cores)")
    _print_check_times(rounds[-1][2])


def _images_checked(records: list) -> int:
    return sum(1 for r in records for f in (r.report or {}).get("figures", []) if f.get("image"))


def _print_check_times(records: list) -> None:
    timings: dict[str, float] = {}
    for record in records:
        for name, ms in ((record.report or {}).get("timings_ms") or {}).items():
            timings[name] = timings.get(name, 0.0) + ms
    print("check time by signal, last round (s): " + ", ".join(f"{k} {v / 1000:.1f}" for k, v in timings.items()))


if __name__ == "__main__":
    main()
