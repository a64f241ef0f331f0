"""Small JPEG thumbnails of checked images (the originals are never stored)."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

JPEG_QUALITY = 80
_MIME_BY_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
)


def make_thumbnail(image: Image.Image, max_px: int) -> bytes:
    """JPEG bytes of `image` with its longest side at most `max_px`; never upscaled."""
    if max_px < 1:
        raise ValueError(f"max_px must be positive, got {max_px}")
    # A new image (never the caller's), upright: phone photos carry rotation in EXIF.
    picture = ImageOps.exif_transpose(image)
    picture = _to_rgb(picture)
    # keeps aspect, only shrinks; reducing_gap pre-shrinks cheaply before the Lanczos pass
    picture.thumbnail((max_px, max_px), Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def sniff_mime(data: bytes) -> str:
    """The MIME type of thumbnail bytes, from their magic number."""
    for magic, mime in _MIME_BY_MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
