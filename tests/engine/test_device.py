"""Device choices that change what a process loads: Triton stays out of a CPU process."""

from __future__ import annotations

import subprocess
import sys

from app.engine.encoders.device import leave_out_gpu_compiler

_PROBE = """
import sys
from app.engine.encoders.device import leave_out_gpu_compiler
left_out = leave_out_gpu_compiler({device!r})
import open_clip, torch, torch._dynamo  # open_clip imports torchvision.ops, which imports torch._dynamo
from torch.utils._triton import has_triton_package
model = open_clip.create_model("ViT-B-32", pretrained=None)
with torch.inference_mode():
    model.encode_text(torch.zeros(1, 77, dtype=torch.long))
print(left_out, sys.modules.get("triton") is not None, has_triton_package())
"""


def _probe(device: str) -> str:
    result = subprocess.run([sys.executable, "-c", _PROBE.format(device=device)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_cpu_process_runs_open_clip_and_torch_dynamo_without_triton():
    left_out, loaded, found = _probe("cpu")
    assert (left_out, loaded, found) == ("True", "False", "False")


def test_a_gpu_process_keeps_triton():
    left_out, _loaded, _found = _probe("cuda")
    assert left_out == "False"


def test_nothing_is_left_out_once_torch_dynamo_is_loaded():
    import torch._dynamo  # noqa: F401  (this test process may already hold it)

    assert leave_out_gpu_compiler("cpu") is False
    assert sys.modules.get("triton", "absent") is not None
