"""The Tesseract engine: its TSV parsing on output written here, and a real read where Debian's
tesseract-ocr is installed."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw

from app.engine.ocr.tesseract import TesseractTextReader, _words
from bench.ocr_fixtures import font_for_cap_height, fonts

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t50\t40\t300\t30\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t50\t40\t120\t30\t96.5\tTOKYO\n"
    "5\t1\t1\t1\t1\t2\t180\t40\t170\t30\t91.0\tMARATHON\n"
    "5\t1\t2\t1\t1\t1\t400\t300\t20\t20\t12.0\t~\n"
    "5\t1\t2\t1\t1\t2\t430\t300\t20\t20\t-1\t \n"
)


def test_tsv_rows_become_words_with_boxes_in_original_pixels():
    words = _words(TSV, scale=0.5, size=(1600, 1200))
    assert [(w.text, w.line) for w in words] == [("TOKYO", 0), ("MARATHON", 0), ("~", 1)]
    assert words[0].box == (100, 80, 340, 140)
    assert words[0].confidence == pytest.approx(0.965)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Debian's tesseract-ocr is not installed")
def test_reads_dark_text_on_a_plain_light_background():
    # On photo backgrounds Tesseract reads far less (bench/ocr_compare.py); a plain page it reads.
    image = Image.new("RGB", (1024, 683), "white")
    draw = ImageDraw.Draw(image)
    face = font_for_cap_height(fonts()[0], 40)
    draw.text((80, 200), "TOKYO MARATHON 2019", font=face, fill=(20, 20, 20))
    read = [w.text for w in TesseractTextReader().read(image) if w.confidence >= 0.8]
    assert read == ["TOKYO", "MARATHON", "2019"]
