"""Tests of the web form (app.web): plain HTTP against a live server, and a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.engine.encoders.base import EncoderProvider
from app.server import create_app
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.fixtures.space import (  # noqa: F401  (re-exported for the web tests)
    ASTRONAUT_CAPTION,
    BODY,
    CONCEPTS,
    HEADLINE,
    PUBLISHED,
    ROCKET_CAPTION,
    png,
)
from tests.live_server import live_server

@contextmanager
def web_service(data_dir: Path, text_encoder: object, clip: ControlledClip, **overrides: object) -> Iterator[str]:
    """A live service (real uvicorn, lifespan running) with the controlled CLIP; yields its URL."""
    settings = Settings(data_dir=data_dir, models_dir=data_dir / "models", **overrides)
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        yield url
