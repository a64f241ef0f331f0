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


def limit_cpu_threads(threads: int | None) -> None:
    """Torch's intra-op threads on CPU. Several threads per small batch oversubscribe a busy
    machine (a check's dozen sentences ran 9x slower with 2 threads than with 1 while other
    work shared the 2 cores), so a service with concurrent checks may want 1."""
    if threads is None:
        return
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def leave_out_gpu_compiler(device: str) -> bool:
    """On a CPU, keep Triton (a GPU kernel compiler) out of this process; True when it was.

    The CUDA build of torch ships Triton and imports it with torch._dynamo, which torchvision
    and transformers import (through open_clip and the sentence model): 76 MB resident and
    0.15 s here, of no use without a GPU. torch without Triton is what its CPU build is, and
    torch checks for it by import, so an import that fails is the whole change."""
    import sys

    if device != "cpu" or "triton" in sys.modules or "torch._dynamo" in sys.modules:
        return False
    sys.modules["triton"] = None  # type: ignore[assignment]  # `import triton` raises ImportError
    return True
