"""Archive memory: recall of planted reuses, false matches, and lookup time against a brute-force scan.

    .venv/bin/python bench/archive_recall.py [--windows 24] [--scenes 240] [--kinds 3] [--filler 20000]

Originals, indexed through the archive's own recorder into a SQLite archive: the sample
photos, windows of them (overlapping each other by at most a quarter) and synthetic scenes
of three types. Planted reuses: edited copies of originals (JPEG q40, half size, 5 % and
10 % crops, brightness +-20 %, colour shifts, black and white, and crop + resize +
recompression together), `--kinds` per original. Non-copies: windows held out of the index
and fresh scenes of the same types.
A copy counts as found when its original is among the matches; any other match is false.

Timing, same run: the index lookup (content hash, band probes, Hamming check, thumbnail
check) against a brute-force scan of every stored hash (read from the database, or already
in memory as a numpy array), at the archive's size and again after adding `--filler`
random images (uniform random hashes: buckets fill evenly, the index's best case).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.archive_data import SAMPLES, png_bytes, sample_windows, scene, variants  # noqa: E402


def loaded(image: Image.Image, name: str):  # noqa: ANN201
    from app.engine.images import LoadedImage

    return LoadedImage(name, hashlib.sha256(png_bytes(image)).hexdigest(), image.width, image.height, image)


def build(args: argparse.Namespace, workdir: Path):  # noqa: ANN201
    from app.archive.lookup import ArchiveLookup
    from app.archive.recorder import ArchiveRecorder
    from app.archive.store import ArchiveStore
    from app.schema import ArticleIn, FigureIn
    from app.settings import Settings
    from app.storage import ReportStore

    settings = Settings(data_dir=workdir)
    reports = ReportStore(settings.resolved_database_url())
    store = ArchiveStore(reports.engine)
    windows = sample_windows(args.windows)
    held_out = windows[2::3]
    photos = [Image.open(path).convert("RGB") for path in SAMPLES]
    indexed = photos + [w for i, w in enumerate(windows) if i % 3 != 2] + [scene(s) for s in range(args.scenes)]
    recorder = ArchiveRecorder(store)
    ids: dict[str, int] = {}
    items = [loaded(image, f"original-{n}") for n, image in enumerate(indexed)]
    started = time.perf_counter()
    for n, item in enumerate(items):
        article = ArticleIn(url=f"https://bench.example/{n}", headline=f"Story {n}", body="Text.",
                            published="2019-03-08", figures=[FigureIn(image=item.source, caption=f"Photo {n}.")])
        recorder.record(article, {0: item}, source="bench")
        ids[item.sha256] = store.exact(item.sha256) or -1
    index_ms = (time.perf_counter() - started) * 1000 / len(indexed)
    return reports, store, ArchiveLookup(store, settings), indexed, held_out, [ids[i.sha256] for i in items], index_ms


def queries(indexed: list[Image.Image], held_out: list[Image.Image], args: argparse.Namespace):  # noqa: ANN201
    rng = random.Random(7)
    edits = variants(rng)
    kinds = list(edits)
    copies = []
    for n, original in enumerate(indexed):
        for k in range(args.kinds):
            kind = kinds[(n * args.kinds + k) % len(kinds)]
            copies.append((kind, n, edits[kind](original)))
    others = held_out + [scene(s) for s in range(100_000, 100_000 + args.fresh)]
    return copies, others


def measure(lookup, original_ids, copies, others) -> dict:  # noqa: ANN001
    found_by_kind: dict[str, list[bool]] = {}
    false, times = 0, []
    for kind, n, image in copies:
        query = loaded(image, "q")
        started = time.perf_counter()
        found = lookup.matches(query)
        times.append((time.perf_counter() - started) * 1000)
        found_by_kind.setdefault(kind, []).append(original_ids[n] in found)
        false += sum(1 for image_id in found if image_id != original_ids[n])
    false_other = 0
    for image in others:
        query = loaded(image, "q")
        started = time.perf_counter()
        false_other += len(lookup.matches(query))
        times.append((time.perf_counter() - started) * 1000)
    return {"by_kind": found_by_kind, "false_on_copies": false, "false_on_others": false_other, "times": times}


def brute_force_ms(store, lookup, probes: list[Image.Image]) -> tuple[float, float, float]:  # noqa: ANN001
    """Per query: the index lookup, a scan reading every hash from the database, a numpy scan in memory."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.archive.fingerprint import fingerprint
    from app.storage.archive_tables import ArchiveHash

    def read_all() -> tuple[np.ndarray, np.ndarray]:
        with Session(store.engine) as session:
            rows = session.execute(select(ArchiveHash.image_id, ArchiveHash.value)).all()
        return np.array([r[0] for r in rows]), np.array([r[1] for r in rows], dtype=np.int64).view(np.uint64)

    def scan(image_ids: np.ndarray, values: np.ndarray, query: int) -> set[int]:
        distance = np.bitwise_count(values ^ np.uint64(query))
        return set(image_ids[distance <= lookup.max_distance].tolist())

    hashes = [fingerprint(image, views=False).phash for image in probes]
    timings = {"index": 0.0, "db_scan": 0.0, "memory_scan": 0.0}
    started = time.perf_counter()
    for value in hashes:
        store.near(value, band_radius=1, max_distance=lookup.max_distance)
    timings["index"] = time.perf_counter() - started
    started = time.perf_counter()
    for value in hashes:
        scan(*read_all(), value)
    timings["db_scan"] = time.perf_counter() - started
    image_ids, values = read_all()
    started = time.perf_counter()
    for value in hashes:
        scan(image_ids, values, value)
    timings["memory_scan"] = time.perf_counter() - started
    n = max(1, len(hashes))
    return tuple(timings[k] * 1000 / n for k in ("index", "db_scan", "memory_scan"))  # type: ignore[return-value]


def add_filler(store, count: int) -> None:  # noqa: ANN001
    """`count` images with 19 uniform random hashes each, written straight into the tables."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from app.archive.index import bands, to_signed
    from app.storage.archive_tables import ArchiveHash, ArchiveImage
    from app.storage.engine import write_connection

    rng = np.random.default_rng(3)
    now = datetime.now(timezone.utc)
    with write_connection(store.engine) as conn:
        start = conn.execute(insert(ArchiveImage).values(
            sha256="filler-0", phash=0, thumb=bytes(1024), distinctive=True, width=1, height=1, first_seen=now,
        )).inserted_primary_key[0]
        conn.execute(insert(ArchiveImage), [
            {"sha256": f"filler-{i}", "phash": 0, "thumb": bytes(1024), "distinctive": True,
             "width": 1, "height": 1, "first_seen": now} for i in range(1, count)])
        rows = []
        for offset, values in enumerate(rng.integers(0, 2**63, size=(count, 19), dtype=np.int64)):
            for view, value in enumerate(values.tolist()):
                unsigned = value * 2 + int(rng.integers(0, 2))
                row = {"image_id": start + offset, "view": view, "value": to_signed(unsigned)}
                row.update({f"band{b}": v for b, v in enumerate(bands(unsigned))})
                rows.append(row)
        conn.execute(insert(ArchiveHash), rows)


def report(result: dict, sizes: list[tuple[str, int, tuple[float, float, float]]], index_ms: float,
           copies: int, others: int) -> None:
    found = [ok for oks in result["by_kind"].values() for ok in oks]
    print(f"planted reuses: {copies}; non-copies: {others}")
    print(f"recall: {sum(found) / len(found):.4f} ({sum(found)}/{len(found)})")
    for kind, oks in sorted(result["by_kind"].items()):
        print(f"  {kind:14s} {sum(oks) / len(oks):.3f} ({sum(oks)}/{len(oks)})")
    print(f"false matches: {result['false_on_copies']} on copies, {result['false_on_others']} on non-copies")
    times = sorted(result["times"])
    print(f"lookup (hash + bands + Hamming + thumbnail check): median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(0.95 * len(times))]:.2f} ms; indexing {index_ms:.1f} ms per image")
    for label, rows, (index, db_scan, memory_scan) in sizes:
        print(f"candidate search, {label} ({rows:,} hash rows): index {index:.2f} ms, "
              f"scan from the database {db_scan:.2f} ms ({db_scan / index:.1f}x), "
              f"scan of an in-memory array {memory_scan:.2f} ms ({memory_scan / index:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--windows", type=int, default=24, help="windows per sample photo (two thirds indexed)")
    parser.add_argument("--scenes", type=int, default=240, help="synthetic scenes indexed")
    parser.add_argument("--fresh", type=int, default=200, help="fresh synthetic scenes queried as non-copies")
    parser.add_argument("--kinds", type=int, default=3, help="edited copies queried per original")
    parser.add_argument("--filler", type=int, default=20_000, help="random images added for the scaling timing")
    args = parser.parse_args()
    from sqlalchemy import func, select

    from app.storage.archive_tables import ArchiveHash

    with tempfile.TemporaryDirectory() as tmp:
        reports, store, lookup, indexed, held_out, ids, index_ms = build(args, Path(tmp))
        derived = len(indexed) - args.scenes
        print(f"archive: {len(indexed)} originals ({derived} sample photos and windows of them, {args.scenes} scenes)")
        copies, others = queries(indexed, held_out, args)
        result = measure(lookup, ids, copies, others)
        probes = [image for _, _, image in copies[:200]]

        def rows() -> int:
            with store.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(ArchiveHash)).scalar() or 0)

        sizes = [(f"{len(indexed)} images", rows(), brute_force_ms(store, lookup, probes))]
        if args.filler:
            add_filler(store, args.filler)
            sizes.append((f"{len(indexed) + args.filler:,} images", rows(), brute_force_ms(store, lookup, probes)))
        report(result, sizes, index_ms, len(copies), len(others))
        reports.close()


if __name__ == "__main__":
    main()
