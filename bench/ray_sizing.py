"""Per-stage rates of the Ray engine's stages on this machine, one core each, and the sizing they
give for 10 million photos: a calculation from these rates, not a measured run of that size.

    .venv/bin/python bench/ray_sizing.py [--pages 16] [--photos 4] [--ocr on|off]

The stage functions are the ones `--engine ray` runs (app.audit.ray_stages, app.audit.ray_actors),
called here in-process on one thread each, without Ray's scheduling: decode_pages (decode,
metadata, hashes, thumbnail, CLIP's pixels, the text in the photo), PageChecker's encode (CLIP
over a batch of pages' photos), its checks (every signal, with the photo rows already encoded)
and its storage (one transaction per batch). ViT-B-32 with random weights: the compute of
trained weights, never a measure of accuracy. Pages are generated, each with its own captions.
GPU figures are not measured here: the projection quotes issue 16's author (an H200).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import distinct_captions, jpeg_variants, random_vit_b32_checkpoint, temp_dir  # noqa: E402

PHOTOS_TOTAL = 10_000_000
# Issue 16's author, one H200 with 16 cores (not measured here): the bare fp16 image tower.
H200_TOWER_IMAGES_S = 21_000


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def pages_of(images: list[bytes], photos: int, start: int) -> list[Any]:
    """PageWork rows as the fetchers hand them on: the extracted article and its photos' bytes."""
    from app.audit.model import ExtractedPage, FoundFigure
    from app.audit.ray_stages import PageWork
    from app.audit.records import CHECKED, PageRecord
    from app.audit.targets import PageTarget

    rows = []
    for number in range(len(images) // photos):
        captions = distinct_captions(photos, start=start + number * photos)
        sources = [f"https://news.example/img/{start + number}-{i}.jpg" for i in range(photos)]
        page = ExtractedPage(
            url=f"https://news.example/story/{start + number}", headline=f"Story {start + number}: a day on the coast",
            body=" ".join(f"Paragraph {k} of story {start + number}: {captions[k % photos]}" for k in range(6)),
            published="2024-03-04", figures=[FoundFigure(image=s, caption=c) for s, c in zip(sources, captions)])
        work = PageWork(PageTarget(page.url, {}), PageRecord(page.url, CHECKED), page)
        work.image_bytes = {i: (sources[i], images[number * photos + i]) for i in range(photos)}
        rows.append((start + number, work))
    return rows


def measure(args: argparse.Namespace) -> dict[str, float]:
    import torch

    from app.audit.ray_actors import PageChecker
    from app.audit.ray_engine import clip_pixel_spec
    from app.audit.ray_stages import DecodePlan, decode_pages, pack, unpack
    from app.settings import Settings

    torch.set_num_threads(1)
    work = temp_dir()
    settings = Settings(clip_model="ViT-B-32", clip_pretrained=str(random_vit_b32_checkpoint(work)), data_dir=work,
                        models_dir=work / "models", ocr_enabled=args.ocr == "on", device="cpu")
    count = args.pages * args.photos
    images = jpeg_variants(2 * count)
    plan = DecodePlan(settings, spec=clip_pixel_spec(settings), lookups=True)
    checker = PageChecker(settings, run_id=None)
    rates: dict[str, float] = {}
    for rnd, start in (("warm-up", count), ("timed", 0)):  # models, foils, OCR engine: loaded untimed
        batch = pack(pages_of(images[start:start + count], args.photos, start))
        rows: list = []
        decode_s = timed(lambda: rows.extend(unpack(decode_pages(batch, plan))))
        works = [w for _, w in rows]
        encode_s = timed(lambda: checker.encode_batch(works))
        check_s = timed(lambda: [checker.check_page(w) for w in works])
        store_s = timed(lambda: checker.store_batch(rows))
        if rnd == "timed":
            rates = {"decode images/s": count / decode_s, "encode (photos and captions) images/s": count / encode_s,
                     "check pages/s": args.pages / check_s, "store pages/s": args.pages / store_s}
            assert all(w.record.report for w in works), "every generated page must be checked"
    return rates


def node_rate(rates: dict[str, float], photos_per_page: int, cores: int) -> tuple[float, int, str]:
    """Photos/s of one GPU node, the checking actors that get it, and the stage that bounds it.
    One core runs the fetchers and the driver; each checking actor takes a core (they share the
    GPU: CAPTIONCHECK_RAY_ENCODERS_PER_GPU) and checks then stores its pages; the decode tasks
    take the other cores."""
    actor_pages_s = 1 / (1 / rates["check pages/s"] + 1 / rates["store pages/s"])
    best = (0.0, 0, "")
    for actors in range(1, cores - 1):
        stages = {"decode": (cores - 1 - actors) * rates["decode images/s"],
                  "check and store": actors * actor_pages_s * photos_per_page,
                  "GPU tower": float(H200_TOWER_IMAGES_S)}
        bound = min(stages, key=stages.__getitem__)
        best = max(best, (stages[bound], actors, bound))
    return best


def sizing(rates: dict[str, float], photos_per_page: int, cores: int) -> list[str]:
    """Hours for PHOTOS_TOTAL photos: the stages run at once, so the slowest sets the pace."""
    rate, actors, bound = node_rate(rates, photos_per_page, cores)
    lines = [f"  per {cores}-core GPU node: {rate:,.1f} photos/s with {actors} checking actors and "
             f"{cores - 1 - actors} cores decoding (bound: {bound})"]
    for nodes in (1, 4, 16, 64):
        lines.append(f"  {nodes:>2} node(s): {PHOTOS_TOTAL / (rate * nodes) / 3600:,.1f} h for {PHOTOS_TOTAL:,} photos")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--photos", type=int, default=4, help="photos per page")
    parser.add_argument("--ocr", choices=["on", "off"], default="on", help="read the text in photos (default on)")
    parser.add_argument("--node-cores", type=int, default=16, help="CPU cores of a GPU node in the projection")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"one thread per stage; ViT-B-32 random weights on the CPU; OCR {args.ocr}")
    rates = measure(args)
    for name, value in rates.items():
        print(f"measured {name}: {value:.2f}")
    print(f"calculated, not measured: {PHOTOS_TOTAL:,} photos at {args.photos} per page; decode, check and "
          f"store at the rates above (this machine's cores, models on the CPU); the GPU's image tower at "
          f"{H200_TOWER_IMAGES_S:,} images/s (issue 16's author, one H200, fp16):")
    print("\n".join(sizing(rates, args.photos, args.node_cores)))


if __name__ == "__main__":
    main()
