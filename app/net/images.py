"""Figure images from wherever an article points: http(s) URLs (address-checked), data: URIs, files."""

from __future__ import annotations

from pathlib import Path

from app.engine.images import LoadedImage, decode_image, read_local_image_bytes
from app.net.safe_fetch import fetch_image_bytes
from app.settings import Settings


def read_image_bytes(source: str, base_dir: Path | None, settings: Settings, field: str) -> bytes:
    if source.startswith(("http://", "https://")):
        return fetch_image_bytes(source, settings, field)
    return read_local_image_bytes(source, base_dir, settings, field)


def load_image(source: str, base_dir: Path | None, settings: Settings, field: str) -> LoadedImage:
    return decode_image(read_image_bytes(source, base_dir, settings, field), source, settings, field)
