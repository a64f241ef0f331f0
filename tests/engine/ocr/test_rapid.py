"""RapidOCR on photos made here: text rendered over photo-like backgrounds, photos without
text, and bad input. Real models, real reads."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from app.engine.ocr.base import TextReader
from app.engine.ocr.rapid import RapidTextReader, bundled_models_dir
from app.errors import ModelUnavailable
from app.settings import Settings
from bench.ocr_fixtures import BACKGROUNDS, background, font_for_cap_height, fonts, text_fixture, text_free_photo

SURE = Settings().ocr_min_confidence


def read_text(reader: TextReader, image: Image.Image) -> list[str]:
    return [w.text.upper() for w in reader.read(image) if w.confidence >= SURE]


def placard(text: str, size: tuple[int, int], cap_height: int, at: tuple[int, int], kind: str = "scene") -> Image.Image:
    image = background(kind, size, random.Random(7))
    face = font_for_cap_height(fonts()[0], cap_height)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox(at, text, font=face)
    draw.rectangle([left - 12, top - 12, right + 12, bottom + 12], fill=(245, 240, 225))
    draw.text(at, text, font=face, fill=(20, 20, 20))
    return image


def test_reads_a_placard_word_for_word(rapid):
    image = placard("LAGOS SAYS NO TO FUEL HIKE", (1024, 683), 40, (80, 200))
    assert read_text(rapid, image) == ["LAGOS", "SAYS", "NO", "TO", "FUEL", "HIKE"]


def test_word_boxes_are_in_the_original_image_pixels(rapid):
    # 2400 px wide: the engine works on a reduced copy; the boxes must come back full size.
    image = placard("NAIROBI", (2400, 1600), 90, (1500, 1100))
    words = [w for w in rapid.read(image) if w.text.upper() == "NAIROBI"]
    assert len(words) == 1
    drawn = ImageDraw.Draw(image).textbbox((1500, 1100), "NAIROBI", font=font_for_cap_height(fonts()[0], 90))
    box = words[0].box
    assert iou(box, drawn) > 0.5, (box, drawn)  # the detector's box has a margin round the ink
    assert abs((box[0] + box[2]) - (drawn[0] + drawn[2])) / 2 < 30
    assert abs((box[1] + box[3]) - (drawn[1] + drawn[3])) / 2 < 30


def iou(a, b) -> float:
    inter = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])
    return inter / (area - inter)


@pytest.mark.parametrize("angle", [0.0, -6.0, 12.0])
@pytest.mark.parametrize("font", fonts()[:3])
def test_reads_text_at_angles_and_in_several_fonts(rapid, angle, font):
    fixture = text_fixture(seed=3, cap_height=32, font=font, angle=angle, contrast="high", kind="photo")
    read = read_text(rapid, fixture.image)
    found = sum(1 for word in fixture.words if word.upper() in read)
    assert found >= len(fixture.words) - 1, (fixture.words, read)


@pytest.mark.parametrize("seed", range(10))
def test_photos_without_text_give_no_words(rapid, seed):
    image, kind = text_free_photo(seed)
    assert read_text(rapid, image) == [], kind


def test_tiny_images_give_no_words(rapid):
    assert rapid.read(Image.new("RGB", (12, 12), "white")) == []
    assert rapid.read(Image.new("RGB", (2000, 10), "white")) == []


def test_huge_text_free_image_is_shrunk_and_gives_no_words(rapid):
    image = background("sky", (6000, 4000), random.Random(1))
    assert read_text(rapid, image) == []


def test_text_barely_darker_than_its_background_gives_no_words(rapid):
    image = Image.new("RGB", (800, 600), (128, 128, 128))
    ImageDraw.Draw(image).text((60, 250), "TOKYO 2019", font=font_for_cap_height(fonts()[0], 48), fill=(131, 131, 131))
    assert read_text(rapid, image) == []


def test_rotated_and_greyscale_photos_are_read_without_error(rapid):
    image, _ = text_free_photo(2)
    assert read_text(rapid, image.rotate(90, expand=True)) == []
    assert read_text(rapid, image.convert("L")) == []


def test_models_come_from_the_wheel_and_nothing_is_downloaded(monkeypatch):
    from rapidocr.utils import download_file

    def refuse(*args, **kwargs):
        raise AssertionError("RapidOCR tried to download a file")

    monkeypatch.setattr(download_file.DownloadFile, "run", refuse)
    reader = RapidTextReader()
    image = placard("BERLIN", (800, 600), 48, (100, 100), kind=BACKGROUNDS[2])
    assert read_text(reader, image) == ["BERLIN"]
    assert all(str(bundled_models_dir()) in p for p in _model_paths(reader))


def _model_paths(reader: RapidTextReader) -> list[str]:
    cfg = reader._engine.cfg
    return [str(cfg.Det.model_path), str(cfg.Rec.model_path)]


def test_a_folder_without_the_models_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailable, match="RapidOCR models not found"):
        RapidTextReader(models=tmp_path)
