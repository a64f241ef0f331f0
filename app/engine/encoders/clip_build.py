"""Building an open_clip model from a local checkpoint without first building a random one.

open_clip constructs the model with randomly initialised weights, then copies the checkpoint
over them: seconds of random numbers, and two copies of the weights in memory at the peak
(memory the allocator then keeps). Here the model is constructed on PyTorch's meta device
(shapes only, no memory, no initialisation) and the checkpoint's tensors are assigned to it
as open_clip loads them (its conversions included); the one buffer a checkpoint does not hold,
the text tower's causal mask, is rebuilt as open_clip builds it. Anything else left unset
means this model is not one this covers: the caller builds it the usual way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_CLASSES_LOCK = threading.Lock()  # the load_state_dict patch below is per class, so one build at a time


class NotCovered(Exception):
    """This model cannot be built this way; build it the usual way."""


def create_from_checkpoint(model_name: str, pretrained: str | None, device: str, cache_dir: str,
                           **kwargs: Any) -> tuple[Any, Any]:
    """(model on `device`, preprocess) as open_clip.create_model_and_transforms makes them with
    require_pretrained=True; NotCovered when this model cannot be built without its random init."""
    import open_clip
    import torch

    with _CLASSES_LOCK, _assigning_loads(), torch.device("meta"):
        model, _, preprocess = open_clip.create_model_and_transforms(
            model_name, pretrained=pretrained, device="meta", cache_dir=cache_dir, require_pretrained=True, **kwargs)
    _rebuild_masks(model)
    left = [name for name, tensor in [*model.named_parameters(), *model.named_buffers()] if tensor.is_meta]
    if left:
        raise NotCovered(f"not in the checkpoint: {', '.join(left[:5])}")
    return model.to(device), preprocess


@contextmanager
def _assigning_loads() -> Iterator[None]:
    """open_clip's model classes load a state dict by taking its tensors (assign=True), which is
    the only way to fill a model that lives on the meta device."""
    import torch
    from open_clip import model as clip_models

    classes = [getattr(clip_models, name) for name in ("CLIP", "CustomTextCLIP") if hasattr(clip_models, name)]
    try:
        from open_clip.coca_model import CoCa

        classes.append(CoCa)
    except ImportError:
        pass

    def load_state_dict(self: Any, state_dict: Any, strict: bool = True, assign: bool = False) -> Any:
        return torch.nn.Module.load_state_dict(self, state_dict, strict=strict, assign=True)

    saved = {cls: cls.__dict__.get("load_state_dict") for cls in classes}
    for cls in classes:
        cls.load_state_dict = load_state_dict
    try:
        yield
    finally:
        for cls, original in saved.items():
            if original is None:
                del cls.load_state_dict
            else:
                cls.load_state_dict = original


def _rebuild_masks(model: Any) -> None:
    """The causal attention masks (non-persistent buffers), as open_clip builds them."""
    import torch

    for module in model.modules():
        mask = module._buffers.get("attn_mask")
        if mask is None or not mask.is_meta or mask.dim() != 2 or mask.shape[0] != mask.shape[1]:
            continue
        size = mask.shape[0]
        module._buffers["attn_mask"] = torch.empty(size, size, device="cpu").fill_(float("-inf")).triu_(1)
