"""Decoding photos: a large JPEG is decoded at a reduced DCT scale, everything is kept as a small
working copy that remembers the original's size, and decoded pixels are budgeted per check and
across the checks in flight."""

from __future__ import annotations

import io
import threading
import time

import pytest
from PIL import Image

from app.engine import pixel_budget
from app.engine.images import ORIGINAL_SIZE, WORKING_SIDE, decode_image
from app.engine.ocr.base import original_size, shrink
from app.engine.pixel_budget import DecodeBusy, ImagesTooLarge, check_budget, decoding_now
from app.settings import Settings
from tests.helpers import decoding_held

FIELD = "figures[0].image"


def encoded(size: tuple[int, int], fmt: str = "JPEG", colour=(40, 90, 160), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save)
    return out.getvalue()


def test_a_large_jpeg_is_kept_as_a_working_copy_with_its_original_size():
    loaded = decode_image(encoded((6000, 4000)), "upload:0", Settings(), FIELD)
    assert (loaded.width, loaded.height) == (6000, 4000)  # what the report says
    assert loaded.image.size == (WORKING_SIDE, 1067) and loaded.image.mode == "RGB"
    assert loaded.image.info[ORIGINAL_SIZE] == (6000, 4000) and original_size(loaded.image) == (6000, 4000)
    assert loaded.image.getpixel((800, 500)) == pytest.approx((40, 90, 160), abs=3)


def test_small_images_are_kept_as_they_are():
    loaded = decode_image(encoded((640, 480), "PNG"), "upload:0", Settings(), FIELD)
    assert loaded.image.size == (640, 480) and original_size(loaded.image) == (640, 480)


def test_a_jpeg_is_charged_at_its_reduced_decoding_size_a_png_at_full_size():
    # 6000x4000 (24 MP) is decoded at half scale (3000x2000, 6 MP): two fit in 13 MP, a third does not.
    settings = Settings(max_decoded_megapixels_per_request=13)
    jpeg, png = encoded((6000, 4000)), encoded((3000, 2000), "PNG")
    with check_budget(settings):
        decode_image(jpeg, "a", settings, "figures[0].image")
        decode_image(jpeg, "b", settings, "figures[1].image")
        with pytest.raises(ImagesTooLarge) as caught:
            decode_image(jpeg, "c", settings, "figures[2].image")
    assert caught.value.field == "figures[2].image"
    assert "CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_PER_REQUEST" in caught.value.detail
    with check_budget(Settings(max_decoded_megapixels_per_request=5)), pytest.raises(ImagesTooLarge):
        decode_image(png, "d", Settings(max_decoded_megapixels_per_request=5), FIELD)


def test_without_a_check_counting_only_the_process_budget_applies():
    settings = Settings(max_decoded_megapixels_per_request=1)
    assert decode_image(encoded((3000, 2000), "PNG"), "cli", settings, FIELD).width == 3000


def test_exif_rotation_is_applied_and_the_original_size_turns_with_it():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    loaded = decode_image(encoded((4000, 2000), exif=exif.tobytes()), "phone", Settings(), FIELD)
    assert loaded.image.size == (800, WORKING_SIDE)
    assert original_size(loaded.image) == (2000, 4000)
    assert "exif" not in loaded.image.info  # a thumbnail made from it is not turned twice


def test_ocr_scale_is_against_the_original_photo():
    loaded = decode_image(encoded((4000, 3000)), "big", Settings(), FIELD)
    copy = loaded.image.convert("RGB")  # what an OCR engine does first; the original size stays
    scaled, scale = shrink(copy, 1000)
    assert scaled.size == (1000, 750) and scale == pytest.approx(0.25)
    assert shrink(copy, 4000)[1] == pytest.approx(0.4)


def test_photos_wait_for_room_while_others_are_decoding(monkeypatch):
    settings = Settings(max_decoded_megapixels_in_flight=7)  # room for one 6 MP decode at a time
    with decoding_held(settings, 6_000_000) as release:
        monkeypatch.setattr(pixel_budget, "DECODE_WAIT_S", 0.3)
        started = time.monotonic()
        with pytest.raises(DecodeBusy, match="CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_IN_FLIGHT"):
            decode_image(encoded((6000, 4000)), "waits", settings, FIELD)
        assert time.monotonic() - started >= 0.3
        monkeypatch.setattr(pixel_budget, "DECODE_WAIT_S", 10)
        threading.Timer(0.3, release.set).start()
        assert decode_image(encoded((6000, 4000)), "waits", settings, FIELD).width == 6000  # once there is room
    assert decoding_now(settings) == 0


def test_one_photo_bigger_than_the_in_flight_budget_still_runs_alone():
    settings = Settings(max_decoded_megapixels_in_flight=1)
    assert decode_image(encoded((3000, 2000), "PNG"), "alone", settings, FIELD).width == 3000
    assert decoding_now(settings) == 0


def test_the_decoded_size_is_known_from_the_header():
    from app.engine.images import decoded_pixels

    assert decoded_pixels(encoded((6000, 4000))) == 3000 * 2000  # half-scale DCT
    assert decoded_pixels(encoded((3000, 2000), "PNG")) == 3000 * 2000
    assert decoded_pixels(b"not an image") == 0
