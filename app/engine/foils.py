"""The bank of foil captions: generic news-photo captions used as alternatives."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def foil_captions() -> tuple[str, ...]:
    text = resources.files("app.engine").joinpath("data/foil_captions.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))
