"""`captioncheck serve`: the HTTP API, the web form and the webhook, under uvicorn."""

from __future__ import annotations

import ipaddress

import typer
from rich.console import Console

from app.settings import get_settings


def serve(
    host: str = typer.Option(None, help="Address to bind (default CAPTIONCHECK_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default CAPTIONCHECK_PORT, 8000)."),
) -> None:
    """Run the service. Models load before the port opens, so a missing model fails fast (exit 3)."""
    import uvicorn

    from app.api.app import create_app
    from app.engine.encoders.base import EncoderProvider

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    err = Console(stderr=True)
    if not _is_loopback(host) and not settings.api_keys:
        err.print(f"[yellow]warning[/] serving on {host} with no CAPTIONCHECK_API_KEYS: anyone who can "
                  "reach this address can run checks and read reports.")
    err.print(f"Loading models ({settings.clip_model}/{settings.clip_pretrained} and the sentence model)...")
    provider = EncoderProvider.from_settings(settings)
    provider.text()
    provider.clip()  # ModelUnavailable here becomes exit 3 with instructions (see app.cli.main)
    err.print(f"Captioncheck on http://{_url_host(host)}:{port}/  (API: /v1/checks, docs: /docs)")
    uvicorn.run(create_app(settings, encoders=provider), host=host, port=port, log_level="info")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
