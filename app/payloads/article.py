"""The article JSON of DESIGN.md, as is."""

from __future__ import annotations

from typing import Any

from app.inputs import parse_article
from app.schema import ArticleIn


def looks_like(data: dict[str, Any]) -> bool:
    return isinstance(data.get("headline"), str) and "body" in data


def to_article(data: dict[str, Any]) -> ArticleIn:
    return parse_article({k: v for k, v in data.items() if k != "callback_url"}, source="article")
