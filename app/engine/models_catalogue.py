"""The model catalogue (models/catalogue.json) and where downloaded weights live (models/cache/)."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.settings import REPO_ROOT

CATALOGUE_FILE = "catalogue.json"
BUNDLED_MODELS_DIR = REPO_ROOT / "models"
HF_WEIGHTS_NAME = "open_clip_pytorch_model.bin"
HF_SAFE_WEIGHTS_NAME = "open_clip_model.safetensors"
HF_CONFIG_NAME = "open_clip_config.json"


@dataclass(frozen=True)
class CatalogueEntry:
    architecture: str
    pretrained: str
    licence: str
    notes: str
    calibration: str
    licence_source: str = ""
    source: dict = field(default_factory=dict)
    size_mb: int | None = None

    @property
    def name(self) -> str:
        return f"{self.architecture}/{self.pretrained}"


def cache_dir(models_dir: Path) -> Path:
    """Where open_clip / huggingface_hub put downloaded weights (git-ignored)."""
    return Path(models_dir) / "cache"


def catalogue_path(models_dir: Path) -> Path:
    """models_dir's own catalogue, else the one shipped with the code."""
    own = Path(models_dir) / CATALOGUE_FILE
    return own if own.is_file() else BUNDLED_MODELS_DIR / CATALOGUE_FILE


def load_catalogue(models_dir: Path) -> list[CatalogueEntry]:
    data = json.loads(catalogue_path(models_dir).read_text("utf-8"))
    known = set(CatalogueEntry.__dataclass_fields__)
    return [CatalogueEntry(**{k: v for k, v in item.items() if k in known}) for item in data["models"]]


def hub_weights(architecture: str, tag: str) -> tuple[str, list[str]] | None:
    """(HF repo id, weight file names open_clip tries, in order) for a tag hosted on the HF hub."""
    import open_clip

    hf_hub = open_clip.get_pretrained_cfg(architecture, tag).get("hf_hub", "")
    if not hf_hub:
        return None
    repo_id, filename = os.path.split(hf_hub)
    filename = filename or HF_WEIGHTS_NAME
    return repo_id, [*_safetensors_alternatives(filename), filename]


def _safetensors_alternatives(filename: str) -> list[str]:
    # Mirrors open_clip.pretrained: safetensors is fetched in preference to a pickle.
    if filename == HF_WEIGHTS_NAME:
        return [HF_SAFE_WEIGHTS_NAME]
    if filename.endswith((".bin", ".pth")):
        return [filename[:-4] + ".safetensors"]
    return []


def cached_weights(architecture: str, tag: str, cache: Path) -> Path | None:
    """The cached weight file for an open_clip (architecture, tag), or None if not downloaded."""
    import open_clip

    cfg = open_clip.get_pretrained_cfg(architecture, tag)
    hub = hub_weights(architecture, tag)
    if hub is not None:
        repo_id, filenames = hub
        return next((p for f in filenames if (p := hf_cached_file(repo_id, f, cache))), None)
    url = cfg.get("url", "")
    target = Path(cache) / os.path.basename(url) if url else None
    return target if target is not None and target.is_file() else None


def hf_cached_file(repo_id: str, filename: str, cache: Path) -> Path | None:
    """A file of an HF repo in huggingface_hub's cache layout (models--org--repo/snapshots/...)."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, filename, cache_dir=str(cache))
    return Path(found) if isinstance(found, str) else None


def download_host(architecture: str, tag: str) -> str:
    """The host a download of this tag would contact."""
    import open_clip

    cfg = open_clip.get_pretrained_cfg(architecture, tag)
    if cfg.get("hf_hub") or not cfg.get("url"):
        return hf_host()
    return urlsplit(cfg["url"]).hostname or hf_host()


def hf_host() -> str:
    from huggingface_hub import constants

    return urlsplit(constants.ENDPOINT).hostname or "huggingface.co"


def host_reachable(host: str, timeout_s: float = 3.0) -> bool:
    """A quick TCP connect, so an offline server fails in seconds instead of retrying for a minute."""
    try:
        with socket.create_connection((host, 443), timeout=timeout_s):
            return True
    except OSError:
        return False
