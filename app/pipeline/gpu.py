"""JPEG decoding and CLIP's resize, crop and normalisation on the GPU (nvJPEG through
torchvision), for pipelines whose only image work is the encoder's (bench/gpu_pipeline.py).

Not bit-identical to the CPU path: the GPU resizes with its own antialiased bicubic filter,
so rows differ from PIL-resized ones in the last digits. The audit decodes on the CPU anyway
(it needs the photo for hashes, thumbnails, metadata and OCR) and sends the GPU its workers'
uint8 pixels; this path serves a pipeline that needs nothing but the embedding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.engine.encoders.pixels import PixelSpec, normalise

if TYPE_CHECKING:
    import torch

_JPEG = b"\xff\xd8\xff"


def is_jpeg(data: bytes) -> bool:
    return data.startswith(_JPEG)


def gpu_pixels(jpegs: Sequence[bytes], spec: PixelSpec, device: str) -> torch.Tensor:
    """(n, 3, h, w) float32 on `device`: each JPEG decoded there (upright, RGB), its shorter side
    resized to spec.short_side, centre-cropped and normalised. ValueError for a file that is not a
    JPEG; RuntimeError from the decoder for one it cannot read (the caller decodes that on the CPU)."""
    import torch
    from torchvision.io import ImageReadMode, decode_jpeg

    if not all(is_jpeg(data) for data in jpegs):
        raise ValueError("only JPEG files are decoded on the GPU")
    encoded = [torch.frombuffer(bytearray(data), dtype=torch.uint8) for data in jpegs]
    decoded = decode_jpeg(encoded, mode=ImageReadMode.RGB, device=device, apply_exif_orientation=True)
    return normalise(torch.stack([_resize_and_crop(image, spec) for image in decoded]), spec)


def _resize_and_crop(image: torch.Tensor, spec: PixelSpec) -> torch.Tensor:
    """uint8 (3, h, w) -> uint8 (3, crop_h, crop_w), the sizes torchvision's Resize and CenterCrop use."""
    from torchvision.transforms.v2 import InterpolationMode
    from torchvision.transforms.v2 import functional as F

    height, width = image.shape[-2:]
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = spec.short_side, int(spec.short_side * long / short)
    size = [new_long, new_short] if width <= height else [new_short, new_long]
    resized = F.resize(image, size, interpolation=InterpolationMode.BICUBIC, antialias=True)
    return F.center_crop(resized, list(spec.crop))
