"""Which torch device to run on."""

from __future__ import annotations


def resolve_device(name: str) -> str:
    """'auto' picks cuda, then mps, then cpu; anything else is used as given."""
    if name != "auto":
        return name
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"
