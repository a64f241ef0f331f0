"""Shared fixtures: the real sentence model (loaded once) and the dev cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.engine.encoders.text import load_text_encoder
from app.settings import Settings

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
