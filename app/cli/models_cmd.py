"""`captioncheck models list|download|verify`: what CLIP models exist, fetch weights, prove they load."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import numpy as np
import typer
from PIL import Image
from rich.console import Console
from rich.table import Table
from rich.text import Text

from app.cli.fit_decision_cmd import fit_decision_command
from app.engine import models_catalogue as catalogue
from app.engine.calibration import load_calibration
from app.errors import ModelUnavailable
from app.settings import Settings, get_settings

models_app = typer.Typer(
    help="List, download and verify the CLIP models (weights live in models/cache/).",
    no_args_is_help=True,
)
_out = Console()
_err = Console(stderr=True)


def _fail(message: str, code: int = 3) -> NoReturn:
    _err.print(Text.assemble(("error ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(code)


models_app.command("fit-decision")(fit_decision_command)


@models_app.command("list")
def list_models(
    show_all: bool = typer.Option(False, "--all", help="Also list every architecture/tag open_clip knows."),
) -> None:
    """Catalogued models: licence, whether weights are downloaded, calibration provenance."""
    settings = get_settings()
    cache = catalogue.cache_dir(settings.models_dir)
    table = Table(title="CLIP models", caption="* = configured (CAPTIONCHECK_CLIP_MODEL/_PRETRAINED)")
    for column in ("", "architecture", "pretrained", "licence", "weights", "calibration"):
        table.add_column(column, no_wrap=column != "architecture")
    configured_listed = False
    for entry in catalogue.load_catalogue(settings.models_dir):
        is_configured = (entry.architecture, entry.pretrained) == (settings.clip_model, settings.clip_pretrained)
        configured_listed |= is_configured
        table.add_row(
            "*" if is_configured else "",
            entry.architecture,
            entry.pretrained,
            entry.licence,
            _yes_no(_weights_present(entry.architecture, entry.pretrained, cache)),
            _provenance(settings, entry.name),
        )
    if not configured_listed:
        table.add_row("*", settings.clip_model, settings.clip_pretrained, "?",
                      _yes_no(_weights_present(settings.clip_model, settings.clip_pretrained, cache)), "")
    _out.print(table)
    _out.print(f"Weight cache: {cache}")
    if show_all:
        _print_all_pretrained()


def _weights_present(architecture: str, pretrained: str, cache: Path) -> bool | None:
    """True/False when it can be told without loading; None when unknown (custom configs, hub ids)."""
    from app.engine.encoders.clip import HF_HUB_PREFIX, looks_like_checkpoint_path

    hub_id = next((name for name in (architecture, pretrained) if name.startswith(HF_HUB_PREFIX)), None)
    if hub_id is not None:
        repo_id = hub_id[len(HF_HUB_PREFIX) :]
        return catalogue.hf_cached_file(repo_id, catalogue.HF_CONFIG_NAME, cache) is not None
    if looks_like_checkpoint_path(pretrained):
        return Path(pretrained).expanduser().is_file()
    try:
        return catalogue.cached_weights(architecture, pretrained, cache) is not None
    except Exception:  # an architecture/tag open_clip does not know
        return None


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "?"}[value]


def _provenance(settings: Settings, name: str) -> str:
    provenance = load_calibration(settings.models_dir, name).provenance
    return str(provenance.get("source") or "unknown")


def _print_all_pretrained() -> None:
    import open_clip

    _out.print("\nAll open_clip pretrained weights (architecture pretrained); licences: see each model card:")
    for architecture, tag in open_clip.list_pretrained():
        _out.print(f"  {architecture} {tag}", soft_wrap=True)


@models_app.command()
def download(
    model: str | None = typer.Option(None, "--model", help="open_clip architecture (default: the configured one)."),
    pretrained: str | None = typer.Option(None, "--pretrained", help="Pretrained tag (default: the configured one)."),
) -> None:
    """Download CLIP weights into models/cache/ (run where there is internet, then copy the folder)."""
    from app.engine.encoders.clip import download_clip_weights

    settings = get_settings()
    cache = catalogue.cache_dir(settings.models_dir)
    model = model or settings.clip_model
    pretrained = pretrained or settings.clip_pretrained
    try:
        files = download_clip_weights(model, pretrained, cache)
    except ModelUnavailable as exc:
        _fail(str(exc))
    for path in files:
        size = path.stat().st_size / 1e6 if path.is_file() else 0.0
        _out.print(f"{path} ({size:.0f} MB)", soft_wrap=True)
    _out.print(
        f"Weights for {model} {pretrained} are in {cache}. For an offline server, copy that folder into "
        "its models directory (CAPTIONCHECK_MODELS_DIR), then run `captioncheck models verify` there.",
        soft_wrap=True,
    )


@models_app.command()
def verify() -> None:
    """Load the configured CLIP model and encode one generated image and one text."""
    from app.engine.encoders.clip import load_clip_encoder

    settings = get_settings()
    try:
        encoder = load_clip_encoder(settings)
        image_rows = encoder.encode_images([_test_image()])
        text_rows = encoder.encode_texts(["a red square next to a blue circle"])
    except ModelUnavailable as exc:
        _fail(str(exc))
    except Exception as exc:  # the model loaded but cannot run; say so without a traceback
        _fail(f"CLIP model loaded but failed to encode: {type(exc).__name__}: {exc}")
    problem = _embedding_problem(image_rows, text_rows)
    if problem:
        _fail(f"CLIP model {encoder.name} produced unusable embeddings: {problem}")
    provenance = load_calibration(settings.models_dir, encoder.name).provenance
    _out.print(
        f"CLIP {encoder.name} on {encoder.device}: embedding dim {image_rows.shape[1]}, "
        f"logit scale {encoder.logit_scale:.1f}, test image-text cosine {float(image_rows[0] @ text_rows[0]):+.3f}, "
        f"calibration {provenance.get('source', 'unknown')}",
        soft_wrap=True,
    )
    _out.print("OK")


def _test_image() -> Image.Image:
    image = Image.new("RGB", (96, 64), "white")
    image.paste((200, 30, 30), (8, 8, 40, 40))
    image.paste((30, 30, 200), (56, 24, 88, 56))
    return image


def _embedding_problem(images: np.ndarray, texts: np.ndarray) -> str | None:
    if images.ndim != 2 or texts.ndim != 2 or images.shape[1] != texts.shape[1]:
        return f"shapes {images.shape} and {texts.shape} do not match"
    rows = np.concatenate([images, texts])
    if not np.isfinite(rows).all():
        return "non-finite values"
    if not np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3):
        return "rows are not unit length"
    return None
