"""Shared fixtures: the real sentence model (loaded once), the dev cases, a PostgreSQL server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from app.engine.encoders.entities import BUNDLED_NER, load_entity_recognizer
from app.engine.encoders.text import load_text_encoder
from app.settings import Settings
from tests.postgres_server import PostgresServer, PostgresUnavailable, throwaway_postgres

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"
LOCAL_DEV_SET = REPO / "tests" / "data" / "dev.jsonl"


def dev_cases() -> list[dict]:
    """The labelled dev cases (shared/eval, else the copy kept in tests/data)."""
    path = DEV_SET if DEV_SET.exists() else LOCAL_DEV_SET
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def text_encoder():
    return load_text_encoder(Settings())


@pytest.fixture(scope="session")
def caption_only_checker(text_encoder):
    """A checker with the real sentence model and no CLIP weights, as on a machine without
    them: it reads captions against stories only."""
    from app.engine.checker import Checker
    from app.engine.encoders.base import EncoderProvider, ModelUnavailable

    def no_clip():
        raise ModelUnavailable("no CLIP weights in caption-only tests")

    return Checker(Settings(), EncoderProvider(lambda: text_encoder, no_clip))


@pytest.fixture(scope="session")
def recognizer():
    """The bundled spaCy pipeline, loaded once for the session."""
    return load_entity_recognizer(BUNDLED_NER)


# An existing server the tests may create databases on; else one is started for the session.
POSTGRES_URL_ENV = "CAPTIONCHECK_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session. Skipped when none can be started, except under CI,
    where every PostgreSQL variant must run: there it is a failure."""
    external = os.environ.get(POSTGRES_URL_ENV)
    if external:
        yield PostgresServer(external)
        return
    with ExitStack() as stack:
        try:
            started = stack.enter_context(throwaway_postgres())
        except PostgresUnavailable as exc:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true but no PostgreSQL server could be started: {exc}", pytrace=False)
            pytest.skip(f"no PostgreSQL server could be started ({exc}); install postgresql "
                        f"(scripts/ensure-postgres.sh) or set {POSTGRES_URL_ENV}")
        yield started


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(url)
