"""`captioncheck serve`: the HTTP API, the web form and the webhook, under uvicorn."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from app.http.access import KEYS_ENV, AccessPolicy, ConfigError, is_loopback
from app.http.passwords import parse_users
from app.settings import Settings, get_settings


def serve(
    host: str = typer.Option(None, help="Address to bind (default CAPTIONCHECK_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default CAPTIONCHECK_PORT, 8000)."),
) -> None:
    """Run the service. Models load before the port opens, so a missing model fails fast (exit 3).

    With no CAPTIONCHECK_API_KEYS the service binds loopback only (anything else: exit 2)."""
    import uvicorn

    from app.engine.encoders.base import EncoderProvider
    from app.engine.encoders.device import leave_out_gpu_compiler, resolve_device
    from app.pipeline.pool import DecodePool
    from app.server import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    err = Console(stderr=True)
    _check_access(settings, host, err)
    err.print(f"Loading models ({settings.clip_model}/{settings.clip_pretrained} and the sentence model)...")
    leave_out_gpu_compiler(resolve_device(settings.device))
    provider = EncoderProvider.from_settings(settings)
    provider.text()
    if settings.require_clip:
        provider.clip()  # ModelUnavailable here becomes exit 3 with instructions (see app.cli.main)
    elif provider.clip_or_none() is None:
        err.print("[bold yellow]Image–caption checks are off:[/] no CLIP weights "
                  f"({provider.clip_error}). Text, place, date, metadata, photo-text and archive checks "
                  "run; add weights with `captioncheck models download`, or set "
                  "CAPTIONCHECK_REQUIRE_CLIP=true to refuse to start without them.")
    err.print(f"Captioncheck on http://{_url_host(host)}:{port}/  (API: /v1/checks, docs: /docs)")
    _log_to_stderr()
    # One decode pool for every request: uploads are decoded, hashed and thumbnailed over all cores.
    # The app starts its workers once it is ready (not to slow the start) and stops them at shutdown.
    decoder = DecodePool(settings.decode_workers) if settings.decode_workers != 0 else None
    # proxy_headers off: the client address is the peer's; trusted proxies are handled by the app.
    uvicorn.run(create_app(settings, encoders=provider, decoder=decoder), host=host, port=port,
                log_level="info", access_log=False, proxy_headers=False)


def _check_access(settings: Settings, host: str, err: Console) -> None:
    """Refuse a non-loopback bind without API keys; say what is open to whom."""
    try:
        users = parse_users(settings.web_users)
        policy = AccessPolicy.from_settings(settings, frozenset(users))
    except ConfigError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2) from None
    if _open_to_others(host, guarded=bool(policy.api_keys)):
        err.print(f"[bold red]error[/] refusing to serve on {host} with no API keys: anyone who could reach it "
                  f"could run checks and read reports. Set {KEYS_ENV} (comma-separated keys of 16+ characters, "
                  "e.g. from: python -c \"import secrets; print(secrets.token_urlsafe(32))\"), or bind 127.0.0.1.")
        raise typer.Exit(2)
    if not policy.api_keys:
        err.print(f"Open on loopback only: no {KEYS_ENV} set, so the API and the web form answer requests "
                  "from this machine only.")
    if _open_to_others(host, guarded=policy.web_protected):
        err.print("[yellow]note[/] no CAPTIONCHECK_WEB_USERS or CAPTIONCHECK_TRUSTED_USER_HEADER: the web form "
                  "answers this machine only.")
    if users and not settings.session_secret:
        err.print("[yellow]note[/] CAPTIONCHECK_SESSION_SECRET is not set: sign-ins end when the service restarts.")


def _open_to_others(host: str, *, guarded: bool) -> bool:
    """Bound to an address other machines reach, with nothing guarding the way in."""
    return not guarded and not is_loopback(host)


def _log_to_stderr() -> None:
    """Request lines (JSON, one per request) and the service's own messages, on stderr."""
    access = logging.getLogger("captioncheck.access")
    if not access.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False
    service = logging.getLogger("captioncheck")
    if not service.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        service.addHandler(handler)
        service.setLevel(logging.INFO)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
