"""The project's image pipeline against a torch DataLoader pipeline with the same number of
workers, the same model and the same photos, measured in one run: images/s through CLIP's
image tower (ViT-B-32, random weights; fp16 on a GPU).

    python bench/gpu_pipeline.py [--images 4096] [--workers N] [--batch 256] [--decode cpu|gpu|both]
    python bench/gpu_pipeline.py --tiny      # smoke test on the CPU: a tiny model and 64 photos

Needs only torch, torchvision, open_clip and this repository's engine and pipeline code (no
database, no web service, no sentence model), so that it runs on a bare GPU server.

- project, decode cpu: the decode pool (app.pipeline.pool) decodes each JPEG and makes CLIP's
  resize and crop in its workers (uint8), the encode stage (app.pipeline.audit_stages.EncodeStage)
  batches them, normalises the next batch on the GPU from pinned memory while one runs, and
  runs the model (app.engine.encoders.clip.ClipEncoder.encode_pixels);
- project, decode gpu: JPEGs decoded, resized and normalised on the GPU (app.pipeline.gpu);
- baseline: torch.utils.data.DataLoader, `--workers` processes each running open_clip's
  preprocess on PIL images, pinned memory, the same model call.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import jpeg_variants, random_vit_b32_checkpoint, temp_dir, write_tiny_clip  # noqa: E402


class Photos:
    """The DataLoader's dataset: photo i decoded and preprocessed the way open_clip does it."""

    def __init__(self, photos: list[bytes], preprocess: Any) -> None:
        self.photos, self.preprocess = photos, preprocess

    def __len__(self) -> int:
        return len(self.photos)

    def __getitem__(self, index: int) -> Any:
        from PIL import Image

        return self.preprocess(Image.open(io.BytesIO(self.photos[index])).convert("RGB"))


def dataloader_rate(encoder: Any, photos: list[bytes], workers: int, batch: int) -> float:
    import torch
    from torch.utils.data import DataLoader

    cuda = encoder.device.startswith("cuda")
    loader = DataLoader(Photos(photos, encoder.preprocess), batch_size=batch, num_workers=workers,
                        pin_memory=cuda, persistent_workers=workers > 0, prefetch_factor=4 if workers else None)

    def one_pass() -> int:
        count = 0
        for pixels in loader:
            encoder.encode_pixels(pixels.to(encoder.device, non_blocking=cuda))
            count += len(pixels)
        if cuda:
            torch.cuda.synchronize()
        return count

    one_pass()  # warm-up: workers started, kernels chosen
    start = time.perf_counter()
    count = one_pass()
    return count / (time.perf_counter() - start)


def project_rate(encoder: Any, photos: list[bytes], workers: int, batch: int) -> float:
    """The decode pool and the encode stage, as the audit runs them (without fetching and checks)."""
    from app.engine.encoders.base import EncoderProvider
    from app.pipeline.audit_stages import EncodeStage
    from app.pipeline.decode import DecodeOptions
    from app.pipeline.pool import DecodePool
    from app.pipeline.stages import StageProgress, StageQueue, StageThread
    from app.settings import Settings

    settings = Settings(photo_metadata_enabled=False)
    stage = EncodeStage(EncoderProvider(lambda: None, lambda: encoder), batch, images_of=lambda work: work)
    stage.provider.clip()
    options = DecodeOptions(settings, pixels=stage.spec)

    async def one_pass(pool: DecodePool) -> int:
        decoded: StageQueue[list] = StageQueue(4 * batch)
        encoded: StageQueue[list] = StageQueue(4 * batch)
        threads = [StageThread("prepare"), StageThread("model")]
        progress = StageProgress(("encoded",))
        todo = iter(enumerate(photos))

        async def decoder() -> None:
            for index, data in todo:
                image = await pool.decode_async(data, f"photo-{index}", "image", options)
                if isinstance(image, str):
                    raise RuntimeError(image)
                await decoded.put([image])

        async def decoding() -> None:
            await asyncio.gather(*(decoder() for _ in range(2 * max(1, workers))))
            await decoded.close()

        async def sink() -> int:
            count = 0
            while isinstance(work := await encoded.get(), list):
                stage.release(work)
                count += 1
            return count

        tasks = [asyncio.create_task(decoding()), asyncio.create_task(stage.run(decoded, encoded, *threads, progress))]
        count = await sink()
        await asyncio.gather(*tasks)
        for thread in threads:
            thread.close()
        if encoder.device.startswith("cuda"):
            import torch

            torch.cuda.synchronize()
        return count

    with DecodePool(workers) as pool:
        pool.start()
        asyncio.run(one_pass(pool))  # warm-up
        start = time.perf_counter()
        count = asyncio.run(one_pass(pool))
    return count / (time.perf_counter() - start)


def gpu_decode_rate(encoder: Any, photos: list[bytes], batch: int) -> float:
    """JPEGs decoded on the GPU, the next batch's files read while the model runs."""
    import torch

    from app.pipeline.gpu import gpu_pixels

    spec = encoder.pixel_spec

    def one_pass() -> int:
        count = 0
        for start in range(0, len(photos), batch):
            encoder.encode_pixels(gpu_pixels(photos[start : start + batch], spec, encoder.device))
            count += len(photos[start : start + batch])
        if encoder.device.startswith("cuda"):
            torch.cuda.synchronize()
        return count

    one_pass()
    start = time.perf_counter()
    count = one_pass()
    return count / (time.perf_counter() - start)


def load_encoder(tiny: bool, batch: int) -> Any:
    from app.engine.encoders.clip import load_clip_encoder
    from app.settings import Settings

    work = temp_dir()
    if tiny:
        config, checkpoint = write_tiny_clip(work / "tiny")
        model = str(config)
    else:
        model, checkpoint = "ViT-B-32", random_vit_b32_checkpoint(work)
    return load_clip_encoder(Settings(clip_model=model, clip_pretrained=str(checkpoint), batch_size=batch,
                                      models_dir=work / "models"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=4096, help="distinct JPEGs (derived from samples/images)")
    parser.add_argument("--workers", type=int, default=None, help="decode workers (default: cores - 2)")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--decode", choices=["cpu", "gpu", "both"], default="both",
                        help="the project's decoding: worker processes, the GPU, or both measured")
    parser.add_argument("--tiny", action="store_true", help="smoke test: tiny model, 64 photos, 2 workers, CPU")
    args = parser.parse_args()
    import torch

    if args.tiny:
        args.images, args.batch, args.workers = 64, 16, 2
    workers = args.workers if args.workers is not None else max(1, (os.cpu_count() or 2) - 2)
    encoder = load_encoder(args.tiny, args.batch)
    photos = jpeg_variants(args.images)
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    print(f"device {encoder.device} ({gpu}), precision {encoder.precision}, {workers} workers, batch {args.batch}, "
          f"{len(photos)} distinct JPEGs, {os.cpu_count()} cores, {threading.active_count()} threads")
    baseline = dataloader_rate(encoder, photos, workers, args.batch)
    print(f"DataLoader ({workers} workers, open_clip preprocess, pinned memory): {baseline:.1f} images/s")
    if args.decode in ("cpu", "both"):
        rate = project_rate(encoder, photos, workers, args.batch)
        print(f"project pipeline, decode pool ({workers} workers): {rate:.1f} images/s, "
              f"ratio {rate / baseline:.2f} (target >= 0.8)")
    if args.decode in ("gpu", "both"):
        rate = gpu_decode_rate(encoder, photos, args.batch)
        where = "GPU (nvJPEG)" if encoder.device.startswith("cuda") else "CPU (no GPU here: the code path only)"
        print(f"project pipeline, decoded on the {where}: {rate:.1f} images/s, ratio {rate / baseline:.2f} "
              "(stretch: 3000 images/s on an H200)")


if __name__ == "__main__":
    main()
