"""Text read from a decoded figure (a working copy smaller than the photo) is boxed in the
original photo's pixels, as reports and overlays expect."""

from __future__ import annotations

import io

from PIL import ImageDraw

from app.engine.images import WORKING_SIDE, decode_image
from app.settings import Settings
from bench.ocr_fixtures import font_for_cap_height, fonts
from tests.engine.ocr.test_rapid import iou, placard


def test_boxes_from_a_working_copy_are_in_the_original_pixels(rapid):
    photo = placard("NAIROBI", (3600, 2400), 130, (2200, 1600))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92)
    loaded = decode_image(out.getvalue(), "upload:0", Settings(), "figures[0].image")
    assert max(loaded.image.size) == WORKING_SIDE
    [word] = [w for w in rapid.read(loaded.image) if w.text.upper() == "NAIROBI"]
    drawn = ImageDraw.Draw(photo).textbbox((2200, 1600), "NAIROBI", font=font_for_cap_height(fonts()[0], 130))
    assert iou(word.box, drawn) > 0.5, (word.box, drawn)
