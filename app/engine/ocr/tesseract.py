"""Tesseract (Debian's tesseract-ocr) through its command line: the alternative engine.

It needs no Python package, only the `tesseract` program and its English data
(`apt-get install tesseract-ocr`). Page segmentation 11 (sparse text) suits photos,
where text is scattered rather than laid out as a page.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

from PIL import Image

from app.engine.ocr.base import Word, original_size, shrink
from app.errors import ModelUnavailable

RECOGNITION_SIDE = 1600
MIN_SIDE = 24
TIMEOUT_S = 30.0


class TesseractTextReader:
    name = "tesseract"

    def __init__(self, program: str = "tesseract") -> None:
        found = shutil.which(program)
        if found is None:
            raise ModelUnavailable(
                "the tesseract program is not installed (apt-get install tesseract-ocr); "
                "set CAPTIONCHECK_OCR_ENGINE=rapidocr or CAPTIONCHECK_OCR_ENABLED=false"
            )
        self._program = found

    def read(self, image: Image.Image) -> list[Word]:
        if min(image.size) < MIN_SIDE:
            return []
        scaled, scale = shrink(image.convert("RGB"), RECOGNITION_SIDE)
        png = io.BytesIO()
        scaled.save(png, "PNG")
        done = subprocess.run(
            [self._program, "stdin", "stdout", "--psm", "11", "-l", "eng", "tsv"],
            input=png.getvalue(), capture_output=True, timeout=TIMEOUT_S, check=True,
        )
        return _words(done.stdout.decode("utf-8", "replace"), scale, original_size(image))


def _words(tsv: str, scale: float, size: tuple[int, int]) -> list[Word]:
    words: list[Word] = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row["conf"]) < 0:
            continue
        line = lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), len(lines))
        left, top = int(row["left"]) / scale, int(row["top"]) / scale
        right, bottom = left + int(row["width"]) / scale, top + int(row["height"]) / scale
        box = (max(0, int(left)), max(0, int(top)), min(size[0], round(right)), min(size[1], round(bottom)))
        words.append(Word(text, box, float(row["conf"]) / 100, line))
    return words
