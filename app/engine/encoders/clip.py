"""CLIP image/text encoder on open_clip, and the loader that turns settings into one (or a clear error)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from app.engine import models_catalogue as catalogue
from app.engine.encoders.clip_build import create_from_checkpoint
from app.engine.encoders.device import resolve_device
from app.engine.encoders.pixels import PixelSpec, normalised_batch, pixel_spec
from app.errors import ModelUnavailable

__all__ = ["ClipEncoder", "load_clip_encoder", "resolve_device", "how_to_provide_weights"]

log = logging.getLogger(__name__)
HF_HUB_PREFIX = "hf-hub:"
CHECKPOINT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")


class ClipEncoder:
    """An open_clip model behind the ImageTextEncoder interface: rows are L2-normalised float32."""

    def __init__(
        self,
        model: Any,
        preprocess: Callable[[Image.Image], Any],
        tokenizer: Callable[[list[str]], Any],
        *,
        name: str,
        device: str,
        batch_size: int = 32,
    ) -> None:
        self.model = model.eval()
        self.preprocess = preprocess
        self.tokenizer = tokenizer
        self.name = name
        self.device = device
        self.batch_size = max(1, int(batch_size))
        self.logit_scale = float(model.logit_scale.exp().item())
        self.dim = int(getattr(model.visual, "output_dim", 0)) or None
        self.precision = "fp16" if device.startswith("cuda") else "fp32"

    def encode_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        import torch

        def prepare(batch: Sequence[Image.Image]) -> Any:
            return torch.stack([self.preprocess(image) for image in batch])

        return self._encode(images, prepare, self.model.encode_image)

    @property
    def pixel_spec(self) -> PixelSpec | None:
        """`preprocess` as a resize-and-crop spec, when it is one that app.engine.encoders.pixels
        splits exactly (decode workers then do the PIL half); None otherwise."""
        if not hasattr(self, "_pixel_spec"):
            self._pixel_spec = pixel_spec(self.preprocess)
        return self._pixel_spec

    def encode_pixels(self, pixels: Any) -> np.ndarray:
        """Rows for images already preprocessed into a (n, 3, h, w) tensor (the pipeline's batches)."""
        return self._encode(pixels, lambda batch: batch, self.model.encode_image)

    def encode_pixel_arrays(self, arrays: Sequence[np.ndarray]) -> np.ndarray:
        """Rows for images resized and cropped by `pixel_spec` (uint8 (h, w, 3) each): the same
        rows as encode_images of the images they were made from."""
        spec = self.pixel_spec
        if spec is None:
            raise ValueError("this encoder's preprocessing cannot be split; use encode_images")
        if not arrays:
            return np.zeros((0, self.dim or 0), dtype=np.float32)
        return self.encode_pixels(normalised_batch(list(arrays), spec, self.device, pin=True))

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        forward = _trimmed_text_forward(self.model) or self.model.encode_text
        return self._encode(texts, lambda batch: self.tokenizer(list(batch)), forward)

    def _encode(self, items: Sequence[Any], prepare: Callable, forward: Callable) -> np.ndarray:
        import torch
        import torch.nn.functional as F

        rows = []
        for start in range(0, len(items), self.batch_size):
            batch = prepare(items[start : start + self.batch_size]).to(self.device)
            with torch.inference_mode(), self._autocast():
                features = forward(batch)
            rows.append(F.normalize(features.float(), dim=-1).cpu().numpy())
        if not rows:
            return np.zeros((0, self.dim or 0), dtype=np.float32)
        return np.concatenate(rows).astype(np.float32, copy=False)

    def _autocast(self) -> contextlib.AbstractContextManager:
        import torch

        if self.device.startswith("cuda") and self.precision == "fp16":
            return torch.autocast(device_type="cuda", dtype=torch.float16)
        return contextlib.nullcontext()


def _trimmed_text_forward(model: Any) -> Callable | None:
    """encode_text over only as many positions as the longest caption in the batch needs.

    Captions are ~20 tokens but open_clip pads to 77. The text tower is causal and pools
    at the end-of-text token, so positions after it never affect the result: dropping
    them gives the same embedding for about a quarter of the compute. Used only for
    models built that way (open_clip.CLIP with a causal mask and argmax/eos pooling).
    """
    import torch
    from open_clip.model import CLIP
    from open_clip.transformer import text_global_pool

    pool = getattr(model, "text_pool_type", None)
    if type(model) is not CLIP or getattr(model, "attn_mask", None) is None or pool not in ("argmax", "eos"):
        return None

    def forward(tokens: Any) -> Any:
        length = int((tokens != 0).sum(dim=1).max().item()) if tokens.numel() else 1
        tokens = tokens[:, : max(length, 1)]
        cast_dtype = model.transformer.get_cast_dtype()
        x = model.token_embedding(tokens).to(cast_dtype) + model.positional_embedding[: tokens.shape[1]].to(cast_dtype)
        x = model.transformer(x, attn_mask=model.attn_mask[: tokens.shape[1], : tokens.shape[1]])
        x = text_global_pool(model.ln_final(x), tokens, pool, eos_token_id=getattr(model, "text_eos_id", None))
        projection = model.text_projection
        if projection is None:
            return x
        return projection(x) if isinstance(projection, torch.nn.Linear) else x @ projection

    return forward


@dataclass
class _Plan:
    """How to ask open_clip for the configured model."""

    model_name: str
    pretrained: str | None
    display: str
    offline: bool = False
    kwargs: dict[str, Any] = field(default_factory=dict)


def how_to_provide_weights() -> str:
    return (
        "To provide the weights, either (1) on a machine with internet run `captioncheck models download` "
        "with the same CAPTIONCHECK_CLIP_MODEL / CAPTIONCHECK_CLIP_PRETRAINED; it stores them under "
        "models/cache/ - copy that folder into this server's models directory (CAPTIONCHECK_MODELS_DIR); "
        "or (2) set CAPTIONCHECK_CLIP_PRETRAINED=/path/to/open_clip_model.safetensors (or .bin/.pt), "
        "a checkpoint file for this architecture."
    )


def _unavailable(what: str, detail: str | None = None) -> ModelUnavailable:
    cause = f" ({_short(detail)})" if detail else ""
    return ModelUnavailable(f"{what}{cause}. {how_to_provide_weights()}")


def _short(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def load_clip_encoder(settings: Any) -> ClipEncoder:
    """Build the configured CLIP encoder; any failure to get weights raises ModelUnavailable."""
    import open_clip

    device = _checked_device(settings.device)
    cache = catalogue.cache_dir(settings.models_dir)
    plan = _plan(settings.clip_model.strip(), settings.clip_pretrained.strip(), cache)
    try:
        with _quiet_open_clip(), _hf_offline(plan.offline):
            model, preprocess = _create(plan, device, str(cache))
            tokenizer = open_clip.get_tokenizer(plan.model_name, cache_dir=str(cache))
    except MemoryError as exc:  # torch.OutOfMemoryError subclasses RuntimeError, not MemoryError
        raise _no_memory(plan.display, device, exc) from None
    except Exception as exc:  # open_clip/HF raise many types; all mean "no usable weights"
        if "out of memory" in str(exc).lower():
            raise _no_memory(plan.display, device, exc) from None
        raise _unavailable(f"Could not load CLIP model {plan.display}", f"{type(exc).__name__}: {exc}") from None
    precision = _precision(getattr(settings, "clip_precision", "auto"), device)
    if precision == "int8":
        model = _quantize_int8(model)
    encoder = ClipEncoder(
        model, preprocess, tokenizer, name=plan.display, device=device, batch_size=settings.batch_size
    )
    encoder.precision = precision
    return encoder


def _create(plan: _Plan, device: str, cache: str) -> tuple[Any, Any]:
    """The model and its preprocessing. Weights already on this machine are assigned to a model
    built without random initialisation (clip_build: faster, one copy of the weights in
    memory); weights still to download, or a model that way does not cover, the usual way."""
    import open_clip

    local = plan.offline or (plan.pretrained is not None and Path(plan.pretrained).is_file())
    if local:
        try:
            return create_from_checkpoint(plan.model_name, plan.pretrained, device, cache, **plan.kwargs)
        except Exception as exc:  # noqa: BLE001  the usual way says what is wrong, if anything is
            log.debug("building %s without random init did not work (%s); building it the usual way",
                      plan.display, _short(str(exc)))
    model, _, preprocess = open_clip.create_model_and_transforms(
        plan.model_name, pretrained=plan.pretrained, device=device, cache_dir=cache, require_pretrained=True,
        **plan.kwargs,
    )
    return model, preprocess


def _precision(requested: str, device: str) -> str:
    """auto: half precision on a GPU, fp32 on a CPU; int8 runs on the CPU only."""
    if requested == "auto":
        return "fp16" if device.startswith("cuda") else "fp32"
    if requested == "int8" and device != "cpu":
        raise ModelUnavailable(f"CAPTIONCHECK_CLIP_PRECISION=int8 runs on the CPU only (device is {device}).")
    if requested == "fp16" and not device.startswith("cuda"):
        raise ModelUnavailable(f"CAPTIONCHECK_CLIP_PRECISION=fp16 needs a CUDA GPU (device is {device}).")
    return requested


def _quantize_int8(model: Any) -> Any:
    """Dynamic int8 quantisation of the image tower's Linear layers (its MLPs, most of the
    compute). The text tower stays fp32: trimmed captions are cheap, and open_clip reads
    its weights' dtype. Measured with bench/quantization.py; torch marks this API
    deprecated, it works on the pinned torch.
    """
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.visual = torch.ao.quantization.quantize_dynamic(model.visual, {torch.nn.Linear}, dtype=torch.qint8)
    return model


def _no_memory(display: str, device: str, exc: BaseException) -> ModelUnavailable:
    return ModelUnavailable(
        f"Not enough memory to load CLIP model {display} on {device} ({_short(str(exc), 120)}). "
        "Choose a smaller model (`captioncheck models list`) or another CAPTIONCHECK_DEVICE."
    )


def download_clip_weights(clip_model: str, pretrained: str, cache: Path) -> list[Path]:
    """Fetch the weights (and hub config) for a model into `cache` the way open_clip would; return the files."""
    from open_clip import download_pretrained, get_pretrained_cfg
    from open_clip.pretrained import download_pretrained_from_hf

    plan = _plan(clip_model.strip(), pretrained.strip(), cache)
    if plan.pretrained is not None and Path(plan.pretrained).is_file():
        return [Path(plan.pretrained)]  # a local checkpoint: nothing to download
    try:
        if plan.pretrained is None:
            repo_id = plan.model_name[len(HF_HUB_PREFIX) :]
            files = [
                download_pretrained_from_hf(repo_id, filename=catalogue.HF_CONFIG_NAME, cache_dir=str(cache)),
                download_pretrained_from_hf(repo_id, cache_dir=str(cache)),
            ]
        else:
            cfg = get_pretrained_cfg(plan.model_name, plan.pretrained)
            with _hf_offline(plan.offline):
                files = [download_pretrained(cfg, cache_dir=str(cache))]
    except Exception as exc:  # network, HTTP and hub errors alike
        raise _unavailable(f"Could not download CLIP weights for {plan.display}", f"{type(exc).__name__}: {exc}") from None
    return [Path(f) for f in files]


def _checked_device(requested: str) -> str:
    import torch

    device = resolve_device(requested or "auto")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailable(f"CAPTIONCHECK_DEVICE={requested} but no CUDA GPU is available; use auto or cpu.")
    mps = getattr(torch.backends, "mps", None)
    if device == "mps" and not (mps is not None and mps.is_available()):
        raise ModelUnavailable(f"CAPTIONCHECK_DEVICE={requested} but MPS is not available; use auto or cpu.")
    return device


def _plan(clip_model: str, pretrained: str, cache: Path) -> _Plan:
    if clip_model.startswith(HF_HUB_PREFIX) or pretrained.startswith(HF_HUB_PREFIX):
        hub_id = clip_model if clip_model.startswith(HF_HUB_PREFIX) else pretrained
        return _hub_plan(hub_id, cache)
    arch = _architecture(clip_model)
    if looks_like_checkpoint_path(pretrained):
        path = Path(pretrained).expanduser()
        if not path.is_file():
            raise _unavailable(f"CLIP checkpoint file not found: {path}")
        return _Plan(arch, str(path), f"{arch}/{path.name}")
    return _tag_plan(arch, pretrained, cache)


def _architecture(clip_model: str) -> str:
    """A built-in open_clip name, or the stem of a custom config JSON registered with open_clip."""
    import open_clip

    if clip_model.endswith(".json") or Path(clip_model).is_file():
        path = Path(clip_model).expanduser()
        if not path.is_file():
            raise ModelUnavailable(f"CLIP model config file not found: {path}")
        try:
            open_clip.add_model_config(path)
        except (OSError, ValueError) as exc:
            raise ModelUnavailable(f"Cannot read CLIP model config {path}: {_short(str(exc))}") from None
        if path.stem not in open_clip.list_models():
            raise ModelUnavailable(
                f"{path} is not an open_clip model config (needs embed_dim, vision_cfg and text_cfg)."
            )
        return path.stem
    arch = clip_model.replace("/", "-")
    if arch not in open_clip.list_models():
        raise ModelUnavailable(
            f"Unknown CLIP architecture '{clip_model}'. Run `captioncheck models list` (or `--all`) "
            "for valid names, or set CAPTIONCHECK_CLIP_MODEL to an open_clip model config JSON."
        )
    return arch


def looks_like_checkpoint_path(pretrained: str) -> bool:
    return "/" in pretrained or "\\" in pretrained or pretrained.lower().endswith(CHECKPOINT_SUFFIXES)


def _tag_plan(arch: str, tag: str, cache: Path) -> _Plan:
    import open_clip

    display = f"{arch}/{tag}"
    cfg = open_clip.get_pretrained_cfg(arch, tag)
    if not cfg:
        known = ", ".join(open_clip.list_pretrained_tags_by_model(arch)) or "none"
        raise _unavailable(
            f"'{tag}' is neither a pretrained tag of {arch} (known: {known}; see `captioncheck models list`) "
            "nor an existing checkpoint file"
        )
    # The tag records whether its weights were trained with QuickGELU; open_clip only warns on a mismatch.
    kwargs = {"force_quick_gelu": True} if cfg.get("quick_gelu") else {}
    if catalogue.cached_weights(arch, tag, cache) is not None:
        return _Plan(arch, tag, display, offline=True, kwargs=kwargs)
    host = catalogue.download_host(arch, tag)
    if not catalogue.host_reachable(host):
        raise _unavailable(f"CLIP weights for {display} are not in {cache} and {host} cannot be reached")
    return _Plan(arch, tag, display, kwargs=kwargs)


def _hub_plan(hub_id: str, cache: Path) -> _Plan:
    repo_id = hub_id[len(HF_HUB_PREFIX) :]
    if catalogue.hf_cached_file(repo_id, catalogue.HF_CONFIG_NAME, cache) is not None:
        return _Plan(hub_id, None, hub_id, offline=True)
    host = catalogue.hf_host()
    if not catalogue.host_reachable(host):
        raise _unavailable(f"CLIP model {hub_id} is not in {cache} and {host} cannot be reached")
    return _Plan(hub_id, None, hub_id)


_OFFLINE_LOCK = threading.Lock()


@contextlib.contextmanager
def _hf_offline(enabled: bool) -> Iterator[None]:
    """Serve hub files from the cache only: no update checks, no retries against an unreachable hub."""
    if not enabled:
        yield
        return
    from huggingface_hub import constants

    with _OFFLINE_LOCK:
        previous, constants.HF_HUB_OFFLINE = constants.HF_HUB_OFFLINE, True
        try:
            yield
        finally:
            constants.HF_HUB_OFFLINE = previous


class _DropOpenClipRecords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "open_clip" not in record.pathname


@contextlib.contextmanager
def _quiet_open_clip() -> Iterator[None]:
    """open_clip logs to the root logger before raising; our ModelUnavailable says it better."""
    root = logging.getLogger()
    quiet = _DropOpenClipRecords()
    root.addFilter(quiet)
    try:
        yield
    finally:
        root.removeFilter(quiet)
