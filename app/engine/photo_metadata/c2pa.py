"""C2PA content credentials, validated by c2pa-python (the C2PA project's own Rust SDK).

Only files that carry a JUMBF box are handed to it. Validation never touches the
network: remote manifests and OCSP are off. Trust comes from the PEM file of
CAPTIONCHECK_C2PA_TRUST_ANCHORS, added to the SDK's own anchors.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.engine.photo_metadata.model import Collected, Provenance, ProvenanceState, clean_text

MAX_ANCHORS_BYTES = 4 * 1024 * 1024
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_STATES: dict[str, ProvenanceState] = {"trusted": "trusted", "valid": "valid", "invalid": "invalid"}


def has_content_credentials(data: bytes) -> bool:
    """A JUMBF box labelled c2pa: cheap enough to ask of every image."""
    return b"jumb" in data and b"c2pa" in data


def read_c2pa(data: bytes, image_format: str | None, anchors: Path | None, into: Collected) -> Provenance | None:
    mime = _MIME.get(image_format or "")
    if mime is None or not has_content_credentials(data):
        return None
    pem = _anchors(anchors, into)
    try:
        import c2pa
    except ImportError as exc:  # the native library failed to load
        into.problems.append(f"C2PA manifest not checked: c2pa-python unavailable ({exc})")
        return None
    try:
        context = c2pa.Context.from_dict(_sdk_settings(pem))
        reader = c2pa.Reader.try_create(mime, io.BytesIO(data), None, context)
        if reader is None:
            return None
        with reader:
            store = json.loads(reader.json())
    except (c2pa.C2paError, ValueError, TypeError, OSError) as exc:
        into.problems.append(f"C2PA manifest unreadable ({clean_text(str(exc), 160)})")
        return Provenance("invalid", None, None, None, failures=("manifest.unreadable",))
    return provenance_of(store)


def _sdk_settings(pem: str | None) -> dict[str, Any]:
    settings: dict[str, Any] = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
    if pem:
        settings["trust"] = {"user_anchors": pem}
    return settings


def provenance_of(store: dict[str, Any]) -> Provenance:
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "") or {}
    signature = active.get("signature_info") or {}
    return Provenance(
        state=_STATES.get(str(store.get("validation_state", "")).lower(), "invalid"),  # the SDK's verdict
        signer=_signer(signature),
        signed_at=clean_text(str(signature.get("time") or ""), 40) or None,
        generator=_generator(active),
        failures=_failure_codes(store),
        source_types=_source_types(manifests.values()),
    )


def _failure_codes(store: dict[str, Any]) -> tuple[str, ...]:
    results = (store.get("validation_results") or {}).get("activeManifest") or {}
    listed = results.get("failure") or store.get("validation_status") or []
    codes = [clean_text(str(item.get("code", "")), 80) for item in listed if isinstance(item, dict)]
    return tuple(dict.fromkeys(c for c in codes if c))[:10]


def _signer(info: dict[str, Any]) -> str | None:
    name = clean_text(str(info.get("common_name") or ""), 120)
    issuer = clean_text(str(info.get("issuer") or ""), 120)
    if name and issuer and issuer != name:
        return f"{name} ({issuer})"
    return name or issuer or None


def _generator(manifest: dict[str, Any]) -> str | None:
    infos = manifest.get("claim_generator_info")
    if isinstance(infos, list) and infos and isinstance(infos[0], dict):
        text = " ".join(str(infos[0].get(k) or "") for k in ("name", "version"))
        return clean_text(text, 120) or None
    return clean_text(str(manifest.get("claim_generator") or ""), 120) or None


def _source_types(manifests: Any) -> tuple[str, ...]:
    found: list[str] = []
    for manifest in manifests:
        for assertion in (manifest or {}).get("assertions") or []:
            if not str(assertion.get("label", "")).startswith("c2pa.actions"):
                continue
            for action in ((assertion.get("data") or {}).get("actions") or [])[:50]:
                kind = action.get("digitalSourceType") if isinstance(action, dict) else None
                if isinstance(kind, str) and kind:
                    found.append(clean_text(kind, 200))
    return tuple(dict.fromkeys(found))[:10]


def _anchors(path: Path | None, into: Collected) -> str | None:
    if path is None:
        return None
    try:
        stat = path.stat()
        return _read_anchors(path, stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError) as exc:
        into.problems.append(f"C2PA trust anchors not read from {path} ({exc}); signers are unconfirmed")
        return None


@lru_cache(maxsize=4)
def _read_anchors(path: Path, _mtime_ns: int, size: int) -> str:
    if size > MAX_ANCHORS_BYTES:
        raise ValueError(f"over {MAX_ANCHORS_BYTES:,} bytes")
    text = path.read_text("ascii")
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ValueError("no PEM certificate in it")
    return text
