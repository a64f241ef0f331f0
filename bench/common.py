"""Shared pieces of the benchmarks (and of the tests, which may import them; this module
imports nothing from tests/): CLIP checkpoints, test images, the plain open_clip loop the
benchmarks compare against, multipart article uploads, and `captioncheck serve` on loopback.

Random weights cost exactly the compute of trained ones, so they measure speed and
never accuracy.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
SAMPLE_IMAGES = sorted((REPO / "samples" / "images").glob("*.jpg"))
CAPTIONS = [
    "A rocket lifts off from its launch pad at dusk.",
    "An astronaut in a white suit poses for a portrait.",
    "A cup of coffee on a wooden table in a cafe.",
    "A cat sits on a chair and looks at the camera.",
]
ARTICLE = {
    "headline": "Launch day brings crowds to the coast",
    "published": "2024-03-04",
    "body": "Thousands of visitors watched a rocket launch on Monday. Cafes near the beach were full "
            "and the space agency showed astronaut portraits in its visitor centre.",
}
# Words that make every benchmark caption its own text, so no cache of caption embeddings can
# answer for a request (what a newsroom's stream of new articles looks like).
_PLACES = ("Lagos", "Doha", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Perth", "Tunis", "Riga", "Cusco")
_WHEN = ("at dawn", "on Monday", "after the storm", "before the vote", "in the rain", "at noon", "late at night")
TINY_NAME = "tiny-clip"
TINY_CONFIG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": 32, "layers": 1, "width": 64, "head_width": 32, "patch_size": 8},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 1},
}


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


def write_tiny_clip(directory: Path, seed: int = 0) -> tuple[Path, Path]:
    """Write tiny-clip.json (open_clip model config) and tiny.pt (its state_dict); return both paths."""
    import open_clip
    import torch

    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / f"{TINY_NAME}.json"
    config_path.write_text(json.dumps(TINY_CONFIG), "utf-8")
    open_clip.add_model_config(config_path)
    torch.manual_seed(seed)
    model = open_clip.create_model(TINY_NAME, pretrained=None)
    checkpoint_path = directory / "tiny.pt"
    torch.save(model.state_dict(), checkpoint_path)
    return config_path, checkpoint_path


def jpeg_variants(count: int) -> list[bytes]:
    """Distinct JPEGs derived from the sample photos (each one decoded, as a request would be)."""
    out = []
    for n in range(count):
        base = Image.open(SAMPLE_IMAGES[n % len(SAMPLE_IMAGES)]).convert("RGB")
        draw = ImageDraw.Draw(base)
        # A square at a place of its own inside the photo (one drawn past the edge left
        # variants identical): distinct for tens of thousands of variants per sample.
        k = n // len(SAMPLE_IMAGES)
        x, y = k % (base.width - 20), (k // (base.width - 20)) % (base.height - 20)
        draw.rectangle((x, y, x + 20, y + 20), fill=(n * 7 % 255, 80, 160))
        buf = io.BytesIO()
        base.save(buf, "JPEG", quality=88)
        out.append(buf.getvalue())
    return out


def distinct_captions(count: int, start: int = 0) -> list[str]:
    """`count` captions, each different from every other (and from those of any other `start`)."""
    return [f"{CAPTIONS[n % len(CAPTIONS)].rstrip('.')} in {_PLACES[n % len(_PLACES)]} "
            f"{_WHEN[n % len(_WHEN)]}, picture {n + 1}." for n in range(start, start + count)]


def plain_open_clip_rate(checkpoint: Path, images: list[bytes], batch: int, captions: list[str]) -> float:
    """images/s of the loop a user would write with open_clip: decode, preprocess, and encode
    `batch` images and their captions at a time (ViT-B-32). The first batch warms up, untimed
    (it is encoded again, timed, with the rest)."""
    import open_clip
    import torch

    model, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=str(checkpoint))
    tokenizer = open_clip.get_tokenizer("ViT-B-32")
    model.eval()

    def run(chunk: list[bytes], texts: list[str]) -> None:
        pixels = torch.stack([preprocess(Image.open(io.BytesIO(b)).convert("RGB")) for b in chunk])
        with torch.inference_mode():
            model.encode_image(pixels)
            model.encode_text(tokenizer(texts))

    run(images[:batch], captions[:batch])
    start = time.perf_counter()
    for i in range(0, len(images), batch):
        run(images[i : i + batch], captions[i : i + batch])
    return len(images) / (time.perf_counter() - start)


def multipart_article(article: dict[str, Any], images: list[bytes], mime: str = "image/png") -> dict[str, Any]:
    """httpx keyword arguments posting `article` to /v1/checks as multipart, image i as part figure-i."""
    extension = mime.rpartition("/")[2]
    files = {f"figure-{i}": (f"figure-{i}.{extension}", data, mime) for i, data in enumerate(images)}
    return {"data": {"article": json.dumps(article)}, "files": files}


def article_upload(images: list[bytes], captions: list[str], number: int) -> dict[str, Any]:
    """Article `number` (its own headline and story) posted with these JPEGs and captions."""
    figures = [{"caption": caption} for caption in captions]
    article = {**ARTICLE, "headline": f"{ARTICLE['headline']} ({number})",
               "body": f"{ARTICLE['body']} Report number {number} from {_PLACES[number % len(_PLACES)]}.",
               "figures": figures}
    return multipart_article(article, images, "image/jpeg")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Service:
    """`captioncheck serve` in a child process; its stderr (one log line per request) goes to a file,
    never a pipe, so a long run cannot fill a pipe and stall the server."""

    proc: subprocess.Popen
    base: str
    log: Path

    def wait_ready(self, timeout_s: float = 300) -> float:
        """Seconds until /readyz answers 200."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout_s:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited: {self.log.read_text('utf-8', 'replace')[-4000:]}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return time.perf_counter() - start
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError("service did not become ready")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def start_service(env_extra: dict[str, str], data_dir: Path) -> Service:
    """Start `captioncheck serve` on a free loopback port, its database in `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CAPTIONCHECK_DATA_DIR": str(data_dir), **env_extra}
    exe = Path(sys.executable).parent / "captioncheck"
    port, log = free_port(), data_dir / "serve.log"
    with log.open("w", encoding="utf-8") as stderr:
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    return Service(proc, f"http://127.0.0.1:{port}", log)


def temp_dir() -> Path:
    """A scratch folder removed when the benchmark exits: each holds a 578 MB random ViT-B-32
    checkpoint, and runs that left theirs behind filled the disk."""
    folder = Path(tempfile.mkdtemp(prefix="captioncheck-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
