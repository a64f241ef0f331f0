"""Which adapter reads a payload: chosen by name, or told from the payload's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.errors import InputError
from app.payloads import arc, article, wordpress
from app.schema import ArticleIn

Adapter = Callable[[dict[str, Any]], ArticleIn]
Detector = Callable[[dict[str, Any]], bool]

FORMATS: dict[str, tuple[Detector, Adapter]] = {
    "article": (article.looks_like, article.to_article),
    "wordpress": (wordpress.looks_like, wordpress.to_article),
    "arc": (arc.looks_like, arc.to_article),
}
EXPECTED = (
    "expected one of: an article (headline, body, figures[]: see docs/contracts.md); a WordPress REST "
    "API post (title.rendered, content.rendered, date); an Arc XP ANS story (type \"story\", "
    "headlines.basic, content_elements). Name it with {\"captioncheck\": {\"format\": \"article|wordpress|arc\"}}"
)


class UnknownPayloadShape(InputError):
    """The payload is none of the shapes we read; the message lists what is expected."""


def detect_format(data: object) -> str | None:
    """The name of the first format whose shape `data` has, or None."""
    if not isinstance(data, dict):
        return None
    return next((name for name, (looks_like, _) in FORMATS.items() if looks_like(data)), None)


def to_article(data: object, format_name: str | None = None) -> tuple[str, ArticleIn]:
    """(format name, article) for a decoded JSON payload; InputError when it cannot be read."""
    if format_name is not None and format_name not in FORMATS:
        raise InputError(f"unknown format {format_name!r}; use article, wordpress or arc", field="format")
    if not isinstance(data, dict):
        raise UnknownPayloadShape(f"the payload is a JSON {type(data).__name__}, not an object; {EXPECTED}")
    name = format_name or detect_format(data)
    if name is None:
        keys = ", ".join(sorted(data)[:8]) or "none"
        raise UnknownPayloadShape(f"could not tell the payload's shape (top-level keys: {keys}); {EXPECTED}")
    return name, FORMATS[name][1](data)
