"""Shared pieces of the benchmarks: a randomly initialised ViT-B-32 and test images.

Random weights cost exactly the compute of trained ones, so they measure speed and
never accuracy.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
SAMPLE_IMAGES = sorted((REPO / "samples" / "images").glob("*.jpg"))


def random_vit_b32_checkpoint(directory: Path) -> Path:
    """Save a randomly initialised ViT-B-32 state dict, loadable as a local checkpoint file."""
    import open_clip
    import torch

    path = directory / "vit-b-32-random.pt"
    if not path.exists():
        torch.manual_seed(0)
        model = open_clip.create_model("ViT-B-32", pretrained=None)
        torch.save(model.state_dict(), path)
    return path


def jpeg_variants(count: int) -> list[bytes]:
    """Distinct JPEGs derived from the sample photos (each one decoded, as a request would be)."""
    out = []
    for n in range(count):
        base = Image.open(SAMPLE_IMAGES[n % len(SAMPLE_IMAGES)]).convert("RGB")
        draw = ImageDraw.Draw(base)
        draw.rectangle((n, n, n + 20, n + 20), fill=(n * 7 % 255, 80, 160))
        buf = io.BytesIO()
        base.save(buf, "JPEG", quality=88)
        out.append(buf.getvalue())
    return out


def start_service(env_extra: dict[str, str], port: int, data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "CAPTIONCHECK_DATA_DIR": str(data_dir), **env_extra}
    exe = Path(sys.executable).parent / "captioncheck"
    return subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(base: str, proc: subprocess.Popen, timeout_s: float = 300) -> float:
    """Seconds until /readyz answers 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if proc.poll() is not None:
            raise RuntimeError(f"service exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError("service did not become ready")


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="captioncheck-bench-"))
