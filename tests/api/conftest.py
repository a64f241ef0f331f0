"""A live service (real uvicorn, lifespan running) with a CLIP the tests control."""

from __future__ import annotations

import pytest

from app.engine.encoders.base import EncoderProvider
from app.server import create_app
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.fixtures.space import space_clip
from tests.live_server import live_server

@pytest.fixture
def clip() -> ControlledClip:
    return space_clip()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models")


@pytest.fixture
def service_url(settings, text_encoder, clip):
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        yield url

