"""A corpus of corrupt, truncated and hostile image files, built in memory.

Each entry: (name, bytes, words the refusal must contain). Every one must be answered
4xx, quickly, without the worker crashing or decoding a bomb.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming 10 gigapixels, over a few bytes of zeros that would expand to them."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 65_536, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def png_bad_crc() -> bytes:
    good = bytearray(_real("PNG"))
    good[29] ^= 0xFF  # inside the IHDR CRC
    return bytes(good)


def jpeg_huge_dimensions() -> bytes:
    data = bytearray(_real("JPEG"))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 65_000, 65_000)  # height, width
    return bytes(data)


def gif_huge_screen() -> bytes:
    data = bytearray(_real("GIF"))
    data[6:10] = struct.pack("<HH", 65_535, 65_535)
    return bytes(data)


def webp_huge_canvas() -> bytes:
    vp8x = bytes([0, 0, 0, 0]) + (16_383).to_bytes(3, "little") + (16_383).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _real(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(buffer, fmt)
    return buffer.getvalue()


_PIXELS = ("pixels", "CAPTIONCHECK_MAX_IMAGE_PIXELS")


def corpus() -> list[tuple[str, bytes, tuple[str, ...]]]:
    jpeg, png = _real("JPEG", (256, 256)), _real("PNG", (256, 256))
    return [
        ("png-header-bomb", png_header_bomb(), _PIXELS),
        ("png-header-50-megapixels", png_header_bomb(10_000, 5_000), ("10000x5000", *_PIXELS)),
        ("jpeg-huge-dimensions", jpeg_huge_dimensions(), _PIXELS),
        ("gif-huge-screen", gif_huge_screen(), _PIXELS),
        ("webp-huge-canvas", webp_huge_canvas(), _PIXELS),
        ("wrong-magic", b"\x00" + png[1:], ("not a readable image",)),
        ("truncated-jpeg", jpeg[: len(jpeg) // 2], ("not a readable image",)),
        ("truncated-png", png[: len(png) * 2 // 3], ("not a readable image",)),
        ("png-signature-only", png[:8], ("not a readable image",)),
        ("png-bad-crc", png_bad_crc(), ("not a readable image",)),
        ("jpeg-magic-then-garbage", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, ("not a readable image",)),
        ("svg-named-png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="9e9" '
                          b'height="9e9"><script>alert(1)</script></svg>', ("SVG",)),
        ("html-named-png", b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>", ("HTML",)),
        ("tiff", _real("TIFF"), ("TIFF", "JPEG, PNG, WebP or GIF")),
        ("bmp", _real("BMP"), ("BMP",)),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", ("PDF",)),
        ("empty", b"", ("not a readable image",)),
    ]
