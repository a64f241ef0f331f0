"""Tests of the web form (app.web): plain HTTP against a live server, and a real browser."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.api.app import create_app
from app.engine.encoders.base import EncoderProvider
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.live_server import live_server

CONCEPTS = {"rocket": (200, 30, 30), "astronaut": (30, 30, 200)}
HEADLINE = "Space agency launches rocket carrying astronaut crew to the station"
PUBLISHED = "2024-03-04"
BODY = (
    "The space agency launched a rocket from its coastal launch site on Monday, carrying a crew "
    "of three to the orbiting station. The astronaut commanding the mission said the crew would "
    "run experiments for six months. The rocket's first stage landed back on a platform at sea."
)
ROCKET_CAPTION = "The rocket lifts off from the launch site on Monday."
ASTRONAUT_CAPTION = "The astronaut commanding the mission waves before boarding."


def png(clip: ControlledClip, concept: str) -> bytes:
    buf = io.BytesIO()
    clip.image(concept).save(buf, "PNG")
    return buf.getvalue()


@contextmanager
def web_service(data_dir: Path, text_encoder: object, clip: ControlledClip, **overrides: object) -> Iterator[str]:
    """A live service (real uvicorn, lifespan running) with the controlled CLIP; yields its URL."""
    settings = Settings(data_dir=data_dir, models_dir=data_dir / "models", **overrides)
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        yield url
