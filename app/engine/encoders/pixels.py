"""CLIP's image preprocessing split in two: the PIL half (resize, centre crop) runs in the decode
workers, which import no torch; the tensor half (to float, normalise) runs on a whole batch at
once, on the encoder's device.

The split reproduces open_clip's transform exactly (same PIL calls, same float operations), so
embeddings are bit-identical to `preprocess(image)` one image at a time (tests/pipeline checks
it). A transform this module does not recognise gives no spec, and the encoder then runs its own
`preprocess` on the decoded image, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    import torch

# torchvision's InterpolationMode values that PIL implements, as PIL resampling filters.
_PIL_FILTERS = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,
    "box": Image.Resampling.BOX,
    "hamming": Image.Resampling.HAMMING,
    "lanczos": Image.Resampling.LANCZOS,
}


@dataclass(frozen=True)
class PixelSpec:
    """Resize the shorter side to `short_side`, crop the centre `crop` (height, width), normalise."""

    short_side: int
    resample: int  # a PIL resampling filter
    crop: tuple[int, int]
    mean: tuple[float, float, float]
    std: tuple[float, float, float]


def pixel_spec(preprocess: Any) -> PixelSpec | None:
    """The spec of an open_clip eval transform (Resize(int), CenterCrop, to RGB, ToTensor,
    Normalize); None for anything else."""
    from torchvision import transforms as T

    steps = list(getattr(preprocess, "transforms", []))
    names = [type(step).__name__ for step in steps]
    if names != ["Resize", "CenterCrop", "MaybeConvertMode", "MaybeToTensor", "Normalize"] and names != [
        "Resize", "CenterCrop", "function", "ToTensor", "Normalize"
    ]:
        return None
    resize, crop, convert, _, normalize = steps
    size = resize.size if isinstance(resize.size, int) else (resize.size[0] if len(resize.size) == 1 else None)
    resample = _PIL_FILTERS.get(getattr(resize.interpolation, "value", ""))
    crop_hw = tuple(int(v) for v in (crop.size if not isinstance(crop.size, int) else (crop.size, crop.size)))
    if size is None or resize.max_size is not None or resample is None or len(crop_hw) != 2:
        return None
    if crop_hw[0] > size or crop_hw[1] > size or not _to_rgb(convert) or not isinstance(normalize, T.Normalize):
        return None  # a crop larger than the resized image pads it: not reproduced here
    mean, std = tuple(float(v) for v in normalize.mean), tuple(float(v) for v in normalize.std)
    if len(mean) != 3 or len(std) != 3:
        return None
    return PixelSpec(int(size), int(resample), (crop_hw[0], crop_hw[1]), mean, std)  # type: ignore[arg-type]


def _to_rgb(step: Any) -> bool:
    return getattr(step, "mode", None) == "RGB" or getattr(step, "__name__", "") == "_convert_to_rgb"


def resize_and_crop(image: Image.Image, spec: PixelSpec) -> np.ndarray:
    """The PIL half: uint8 (height, width, 3), as torchvision's Resize and CenterCrop make it."""
    width, height = image.size
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = spec.short_side, int(spec.short_side * long / short)
    new_w, new_h = (new_short, new_long) if width <= height else (new_long, new_short)
    if (new_h, new_w) != (height, width):
        image = image.resize((new_w, new_h), spec.resample)
    crop_h, crop_w = spec.crop
    top, left = int(round((new_h - crop_h) / 2.0)), int(round((new_w - crop_w) / 2.0))
    cropped = image.crop((left, top, left + crop_w, top + crop_h))
    return np.asarray(cropped.convert("RGB") if cropped.mode != "RGB" else cropped, dtype=np.uint8)


def normalised_batch(pixels: list[np.ndarray] | np.ndarray, spec: PixelSpec, device: str = "cpu",
                     *, pin: bool = False) -> torch.Tensor:
    """The tensor half, for a whole batch: (n, 3, h, w) float32 on `device`, as ToTensor and
    Normalize make each image. With `pin`, the uint8 batch is copied from pinned memory without
    blocking (the next batch is prepared while the model runs)."""
    import torch

    stacked = torch.from_numpy(np.ascontiguousarray(np.stack(list(pixels)) if isinstance(pixels, list) else pixels))
    if pin and device.startswith("cuda"):
        stacked = stacked.pin_memory()
    batch = stacked.to(device, non_blocking=pin).permute(0, 3, 1, 2).contiguous()
    return normalise(batch, spec)


def normalise(batch: torch.Tensor, spec: PixelSpec) -> torch.Tensor:
    """uint8 (n, 3, h, w) -> float32, divided by 255, then (x - mean) / std per channel."""
    import torch

    floats = batch.to(dtype=torch.float32).div(255)
    mean = torch.as_tensor(spec.mean, dtype=floats.dtype, device=floats.device).view(-1, 1, 1)
    std = torch.as_tensor(spec.std, dtype=floats.dtype, device=floats.device).view(-1, 1, 1)
    return floats.sub_(mean).div_(std)
