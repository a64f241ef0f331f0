"""A live service with webhook secrets, a controlled CLIP and a count of engine runs."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from app.engine.encoders.base import EncoderProvider
from app.server import create_app
from app.settings import Settings
from app.webhooks.signatures import sign_headers
from tests.controlled import ControlledClip
from tests.fixtures.space import space_clip
from tests.live_server import live_server

REPO = Path(__file__).resolve().parents[2]
SECRET = "whsec_" + base64.b64encode(b"current-secret-of-32-bytes-long!").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"older-secret-still-accepted-here").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"a-secret-this-service-never-had!").decode()


def key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def new_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def signed(body: bytes, secret: str = SECRET, webhook_id: str | None = None,
           timestamp: int | None = None) -> dict[str, str]:
    headers = sign_headers(key(secret), webhook_id or new_id(), body, timestamp)
    return {**headers, "content-type": "application/json"}


def encode(payload: object, **options: object) -> bytes:
    """The body for `payload`; `options` (images="skip", format=..., callback_url=..., and
    **{"async": True}) go into its signed `captioncheck` object."""
    if options:
        assert isinstance(payload, dict)
        payload = {**payload, "captioncheck": options}
    return json.dumps(payload).encode()


def with_options(body: bytes, **options: object) -> bytes:
    """A JSON body (a sample file's bytes, say) with these options added."""
    return encode(json.loads(body), **options)


@dataclass
class Service:
    url: str
    app: object
    runs: list[str] = field(default_factory=list)

    def post(self, body: bytes, headers: dict[str, str], **params: str) -> httpx.Response:
        return httpx.post(f"{self.url}/v1/hooks/prepublish", content=body, headers=headers,
                          params=params, timeout=120)

    def wait_idle(self, timeout_s: float = 30) -> None:
        runner = self.app.state.webhooks.runner
        deadline = time.monotonic() + timeout_s
        while not runner.idle():
            assert time.monotonic() < deadline, "webhook jobs did not finish"
            time.sleep(0.05)


@contextmanager
def serve(settings: Settings, text_encoder, clip: ControlledClip) -> Iterator[Service]:
    """The service on a loopback port; `runs` lists the article headline of every engine run."""
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        service = Service(url, app)
        check_service = app.state.service
        original = check_service.run

        def counting_run(article, uploads, *, source):
            service.runs.append(article.headline)
            return original(article, uploads, source=source)

        check_service.run = counting_run
        yield service


def make_settings(folder: Path, **overrides: object) -> Settings:
    values = {"data_dir": folder / "data", "models_dir": folder / "models",
              "webhook_secrets": f"{SECRET},{OLD_SECRET}", **overrides}
    return Settings(**values)


@pytest.fixture(scope="module")
def clip() -> ControlledClip:
    return space_clip()


@pytest.fixture(scope="module")
def service(tmp_path_factory, text_encoder, clip) -> Iterator[Service]:
    """Module-wide: tests use fresh webhook ids, so they do not see each other's events."""
    with serve(make_settings(tmp_path_factory.mktemp("hooks")), text_encoder, clip) as running:
        yield running

