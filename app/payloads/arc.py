"""An Arc XP ANS story (type "story") as an article.

Body: the text, header, list and quote elements of content_elements, in order.
Figures: promo_items.basic when it is an image, then every image element
(galleries included), each once. Credit: credits.by[].name. An IFX event
envelope ({"key": "story:...", "body": <story>}) is unwrapped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.errors import InputError
from app.inputs import parse_article
from app.payloads.html import block_text, inline_text
from app.schema import ArticleIn

SOURCE = "arc story"
_TEXT_TYPES = frozenset({"text", "header", "paragraph"})
_DATE_KEYS = ("display_date", "first_publish_date", "publish_date")


def looks_like(data: dict[str, Any]) -> bool:
    data = unwrap(data)
    has_parts = isinstance(data.get("headlines"), dict) or isinstance(data.get("content_elements"), list)
    return data.get("type") == "story" or (has_parts and "headline" not in data)


def unwrap(data: dict[str, Any]) -> dict[str, Any]:
    """The ANS story inside an IFX event ({"key": "story:update", "body": {...}}), else `data`."""
    if isinstance(data.get("key"), str) and data["key"].startswith("story:") and isinstance(data.get("body"), dict):
        return data["body"]
    return data


def to_article(story: dict[str, Any]) -> ArticleIn:
    story = unwrap(story)
    headline = inline_text(_dict(story.get("headlines")).get("basic"))
    if not headline:
        raise InputError("headlines.basic is missing or empty", source=SOURCE, field="headlines.basic")
    elements = _list(story.get("content_elements"))
    body = "\n".join(part for part in (block_text(t) for t in _texts(elements)) if part)
    if not body:
        raise InputError("content_elements hold no text element", source=SOURCE, field="content_elements")
    article = {
        "id": story.get("_id"),
        "url": story.get("canonical_url") or story.get("website_url") or None,
        "headline": headline,
        "body": body,
        "published": next((story[k] for k in _DATE_KEYS if story.get(k)), None),
        "figures": _figures(story, elements),
    }
    return parse_article(article, source=SOURCE)


def _texts(elements: list[Any]) -> Iterator[str]:
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if not isinstance(kind, str):
            continue
        if kind in _TEXT_TYPES and isinstance(element.get("content"), str):
            yield element["content"]
        elif kind in ("list", "quote", "blockquote"):
            yield from _texts(_list(element.get("items")) + _list(element.get("content_elements")))


def _figures(story: dict[str, Any], elements: list[Any]) -> list[dict[str, Any]]:
    promo = _dict(_dict(story.get("promo_items")).get("basic"))
    candidates = [promo, *_images(elements)] if promo.get("type") == "image" else list(_images(elements))
    figures: list[dict[str, Any]] = []
    seen: set[str] = set()
    for image in candidates:
        key = str(image.get("_id") or image.get("url") or id(image))
        figure = _figure(image)
        if figure is not None and key not in seen:
            seen.add(key)
            figures.append(figure)
    return figures


def _images(elements: list[Any]) -> Iterator[dict[str, Any]]:
    for element in elements:
        if not isinstance(element, dict):
            continue
        if element.get("type") == "image":
            yield element
        elif element.get("type") == "gallery":
            yield from _images(_list(element.get("content_elements")))


def _figure(image: dict[str, Any]) -> dict[str, Any] | None:
    caption = inline_text(image.get("caption")) or inline_text(image.get("subtitle"))
    if not caption:
        return None
    names = [inline_text(by.get("name")) for by in _list(_dict(image.get("credits")).get("by"))
             if isinstance(by, dict)]
    return {
        "image": image.get("url") or None,
        "caption": caption,
        "alt": image.get("alt_text") or None,
        "credit": ", ".join(n for n in names if n) or None,
    }


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
