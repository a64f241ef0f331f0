"""Services with the security settings a test asks for, and requests that seem to come from elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from app.engine.encoders.base import EncoderProvider
from app.server import create_app
from app.settings import Settings
from tests.fixtures.space import ROCKET_CAPTION, SPACE
from tests.live_server import live_server

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "second-key-abcdef0123456789"
ARTICLE = {**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]}


def build(folder: Path, text_encoder: object, clip: object, **overrides: object) -> FastAPI:
    settings = Settings(data_dir=folder / "data", models_dir=folder / "models", **overrides)
    return create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))


@contextmanager
def running(folder: Path, text_encoder: object, clip: object, **overrides: object) -> Iterator[tuple[str, FastAPI]]:
    """A live service on loopback; yields its URL and the app."""
    app = build(folder, text_encoder, clip, **overrides)
    with live_server(app) as url:
        yield url, app


def from_elsewhere(app: FastAPI, method: str, path: str, client: str = "203.0.113.9",
                   **kwargs: object) -> httpx.Response:
    """A request as if from another machine (no lifespan: for answers given before any route runs)."""
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(client, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://captioncheck.example") as http:
            return await http.request(method, path, **kwargs)

    return asyncio.run(call())


def bearer(key: str = KEY) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}
