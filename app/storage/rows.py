"""Report dict -> table rows, with the checks that keep bad input out of the database."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from app.storage.tables import Check, FigureImage
from app.storage.thumbnails import sniff_mime

MAX_SOURCE_CHARS = 32


def check_row(
    report: Mapping[str, Any], source: str, thumbnails: Mapping[int, bytes]
) -> Check:
    """The `checks` row (with its `figure_images`) for `report`; ValueError if malformed."""
    report = _json_copy(report)
    if not isinstance(source, str) or not 0 < len(source) <= MAX_SOURCE_CHARS:
        raise ValueError(f"source must be a non-empty string of at most {MAX_SOURCE_CHARS} characters")
    article = report.get("article")
    figures = report.get("figures", [])
    if not isinstance(article, dict) or not isinstance(figures, list):
        raise ValueError("report needs an 'article' object and a 'figures' list")
    if not all(isinstance(fig, dict) for fig in figures):
        raise ValueError("report 'figures' must be a list of objects")
    images = [_image_row(i, fig, thumbnails) for i, fig in enumerate(figures) if fig.get("image")]
    stray = sorted(set(thumbnails) - {image.figure_index for image in images})
    if stray:
        raise ValueError(f"thumbnails given for figures without an image: {stray}")
    return Check(
        id=_text(report, "id", 128),
        created_at=parse_timestamp(report.get("created_at")),
        verdict=_text(report, "verdict", 16),
        headline=_text(article, "headline"),
        article_url=article.get("url"),
        article_id=_optional_id(article.get("id")),
        source=source,
        figure_count=len(figures),
        flagged_count=sum(1 for fig in figures if fig.get("verdict", "consistent") != "consistent"),
        report=report,
        images=images,
    )


def parse_timestamp(value: object) -> datetime:
    """An ISO 8601 string as an aware datetime (naive ones are taken as UTC)."""
    if not isinstance(value, str):
        raise ValueError("report 'created_at' must be an ISO 8601 string")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"report 'created_at' {value!r} is not ISO 8601") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _image_row(position: int, figure: dict[str, Any], thumbnails: Mapping[int, bytes]) -> FigureImage:
    index = figure.get("index", position)
    image = figure["image"]
    if not isinstance(image, dict) or not isinstance(index, int):
        raise ValueError(f"figure {position}: 'image' must be an object and 'index' an integer")
    try:
        sha256, width, height = str(image["sha256"]), int(image["width"]), int(image["height"])
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"figure {index}: image needs sha256, width and height") from None
    thumb = thumbnails.get(index)
    return FigureImage(
        figure_index=index,
        sha256=sha256,
        width=width,
        height=height,
        thumbnail=thumb,
        thumbnail_mime=sniff_mime(thumb) if thumb is not None else None,
    )


def _json_copy(report: Mapping[str, Any]) -> dict[str, Any]:
    try:
        copy = json.loads(json.dumps(report))
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"report is not plain JSON ({err}); pass Report.model_dump(mode='json')"
        ) from None
    if not isinstance(copy, dict):
        raise ValueError("report must be a JSON object")
    return copy


def _text(obj: Mapping[str, Any], key: str, max_chars: int | None = None) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"report field {key!r} must be a non-empty string")
    if max_chars is not None and len(value) > max_chars:
        raise ValueError(f"report field {key!r} is longer than {max_chars} characters")
    return value


def _optional_id(value: object) -> str | None:
    return None if value is None else str(value)[:255]
