"""How well and how fast photos' text is read: word recall on rendered text, words "read" on
photos without text, and milliseconds per photo. Not a test: numbers to report.

    .venv/bin/python -m bench.ocr [--engine rapidocr|tesseract] [--per-cell N] [--text-free N]

Recall counts a rendered word as read when the engine returns the same word (letters and
digits, any case) for that photo; at the engine's own floor and at the confidence the
image_text signal requires (ocr_min_confidence).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from app.engine.ocr.base import TextReader, Word
from app.engine.ocr.reading import build_reader
from app.settings import Settings
from bench.ocr_fixtures import TextFixture, text_fixtures, text_free_photo

CAP_HEIGHTS = (16, 24, 32, 48, 72)
TARGET_HEIGHT = 24


@dataclass
class Timed:
    words: list[Word]
    ms: float


def timed_read(reader: TextReader, fixture_image) -> Timed:
    start = time.perf_counter()
    words = reader.read(fixture_image)
    return Timed(words, (time.perf_counter() - start) * 1000)


def normal(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def recalled(expected: list[str], words: list[Word], min_confidence: float) -> int:
    read = Counter(normal(w.text) for w in words if w.confidence >= min_confidence)
    hits = 0
    for word in expected:
        if read[normal(word)] > 0:
            read[normal(word)] -= 1
            hits += 1
    return hits


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def measure_text(reader: TextReader, fixtures: list[TextFixture], min_confidence: float) -> dict:
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # group -> [hits, hits>=conf, words]
    ms: list[float] = []
    for fixture in fixtures:
        result = timed_read(reader, fixture.image)
        ms.append(result.ms)
        hits = recalled(fixture.words, result.words, 0.0)
        sure = recalled(fixture.words, result.words, min_confidence)
        groups = [f"height {fixture.cap_height}", f"contrast {fixture.contrast}", f"angle {fixture.angle:g}",
                  f"font {fixture.font.rsplit('/', 1)[-1]}", f"background {fixture.background}"]
        if fixture.cap_height >= TARGET_HEIGHT:
            groups.append(f"all >= {TARGET_HEIGHT} px")
        for group in groups:
            tally = by[group]
            tally[0] += hits
            tally[1] += sure
            tally[2] += len(fixture.words)
    return {"groups": dict(by), "ms": ms}


def measure_text_free(reader: TextReader, count: int, min_confidence: float) -> dict:
    empty = sure_empty = 0
    ms: list[float] = []
    stray: Counter[str] = Counter()
    for seed in range(count):
        image, _ = text_free_photo(seed)
        result = timed_read(reader, image)
        ms.append(result.ms)
        empty += not result.words
        sure = [w for w in result.words if w.confidence >= min_confidence]
        sure_empty += not sure
        stray.update(w.text for w in sure)
    return {"count": count, "empty": empty, "sure_empty": sure_empty, "ms": ms, "stray": stray}


def report(engine: str, text: dict, free: dict, min_confidence: float) -> None:
    print(f"engine: {engine}")
    print(f"{'group':<40} {'recall':>7} {'recall@' + format(min_confidence, 'g'):>11} {'words':>6}")
    for group, (hits, sure, total) in sorted(text["groups"].items()):
        print(f"{group:<40} {hits / total:7.3f} {sure / total:11.3f} {total:6d}")
    print(f"text-free photos with no words read: {free['empty']}/{free['count']} "
          f"({free['empty'] / free['count']:.1%}); none at >= {min_confidence:g}: "
          f"{free['sure_empty']}/{free['count']} ({free['sure_empty'] / free['count']:.1%})")
    if free["stray"]:
        print("  words read on text-free photos:", ", ".join(f"{w} x{n}" for w, n in free["stray"].most_common(10)))
    for name, ms in (("with text", text["ms"]), ("text-free", free["ms"])):
        print(f"ms per photo, {name}: p50 {statistics.median(ms):.0f}, p90 {percentile(ms, 0.9):.0f} (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="rapidocr", choices=("rapidocr", "tesseract"))
    parser.add_argument("--per-cell", type=int, default=1, help="photos per height/font/angle/contrast")
    parser.add_argument("--text-free", type=int, default=60, help="photos without text")
    parser.add_argument("--heights", default=",".join(map(str, CAP_HEIGHTS)))
    args = parser.parse_args()
    min_confidence = Settings().ocr_min_confidence
    reader = build_reader(args.engine)
    reader.read(text_free_photo(0)[0])  # load the models before timing
    heights = tuple(int(h) for h in args.heights.split(","))
    text = measure_text(reader, text_fixtures(heights, args.per_cell), min_confidence)
    free = measure_text_free(reader, args.text_free, min_confidence)
    report(args.engine, text, free, min_confidence)


if __name__ == "__main__":
    main()
