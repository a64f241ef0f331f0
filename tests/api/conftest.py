"""A live service (real uvicorn, lifespan running) with a CLIP the tests control."""

from __future__ import annotations

import io

import pytest

from app.api.app import create_app
from app.engine.encoders.base import EncoderProvider
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.live_server import live_server

CONCEPTS = {"rocket": (200, 30, 30), "astronaut": (30, 30, 200), "kitten": (30, 200, 30), "crowd": (200, 200, 30)}
SPACE = {
    "headline": "Space agency launches rocket carrying astronaut crew to the station",
    "published": "2024-03-04",
    "body": (
        "The space agency launched a rocket from its coastal launch site on Monday, carrying a crew "
        "of three to the orbiting station. The astronaut commanding the mission said the crew would "
        "run experiments for six months. A crowd watched from the beach as the rocket climbed."
    ),
}
ROCKET_CAPTION = "The rocket lifts off from the launch site on Monday."
ASTRONAUT_CAPTION = "The astronaut commanding the mission waves before boarding."


def png(clip: ControlledClip, concept: str) -> bytes:
    buf = io.BytesIO()
    clip.image(concept).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def clip() -> ControlledClip:
    return ControlledClip(CONCEPTS)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models")


@pytest.fixture
def service_url(settings, text_encoder, clip):
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        yield url
