"""RapidOCR against Tesseract on the same rendered photos: word recall, words read on photos
without text, milliseconds per photo. The numbers behind the choice of the default engine.

    .venv/bin/python -m bench.ocr_compare [--per-cell N] [--text-free N]

Tesseract runs only where Debian's tesseract-ocr is installed.
"""

from __future__ import annotations

import argparse
import statistics

from app.errors import ModelUnavailable
from app.engine.ocr.reading import build_reader
from app.settings import Settings
from bench.ocr import TARGET_HEIGHT, measure_text, measure_text_free
from bench.ocr_fixtures import text_fixtures, text_free_photo

ENGINES = ("rapidocr", "tesseract")


def row(engine: str, heights: tuple[int, ...], per_cell: int, text_free: int, min_confidence: float) -> str:
    try:
        reader = build_reader(engine)
    except ModelUnavailable as exc:
        return f"{engine:<10} not available: {exc}"
    reader.read(text_free_photo(0)[0])
    text = measure_text(reader, text_fixtures(heights, per_cell), min_confidence)
    free = measure_text_free(reader, text_free, min_confidence)
    cells = []
    for height in heights:
        hits, sure, total = text["groups"][f"height {height}"]
        cells.append(f"{hits / total:.3f}/{sure / total:.3f}")
    hits, sure, total = text["groups"][f"all >= {TARGET_HEIGHT} px"]
    return (f"{engine:<10} {'  '.join(cells)}  >={TARGET_HEIGHT}px {hits / total:.3f}/{sure / total:.3f}"
            f"  text-free empty {free['empty'] / free['count']:.1%}/{free['sure_empty'] / free['count']:.1%}"
            f"  ms p50 text {statistics.median(text['ms']):.0f} text-free {statistics.median(free['ms']):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-cell", type=int, default=1)
    parser.add_argument("--text-free", type=int, default=40)
    parser.add_argument("--heights", default="16,24,48")
    args = parser.parse_args()
    heights = tuple(int(h) for h in args.heights.split(","))
    min_confidence = Settings().ocr_min_confidence
    print(f"recall per cap height ({', '.join(map(str, heights))} px) as all/at >= {min_confidence:g} confidence;"
          " text-free photos with no word read, all/at that confidence")
    for engine in ENGINES:
        print(row(engine, heights, args.per_cell, args.text_free, min_confidence), flush=True)


if __name__ == "__main__":
    main()
