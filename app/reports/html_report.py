"""Audit records as one HTML file that opens in any browser: thumbnails, captions, badges, reasons."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from jinja2 import Environment

from app.reports.evidence import (
    HOW_TO_ADD_WEIGHTS,
    IMAGE_CHECKS_OFF,
    image_checks_off,
    jpeg_bytes,
    open_rgb,
    photo_metadata,
    text_overlay,
    words_read,
)
from app.reports.html_template import TEMPLATE

THUMB_PX = 200
_LABELS = {
    "consistent": "✓ consistent", "review": "! review", "mismatch": "✕ mismatch",
    "pass": "✓ pass", "block": "✕ block", "error": "error", "skipped": "skipped", "no_article": "no article",
}
_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_html(
    records: Sequence[Mapping[str, Any]],
    thumbnails: Mapping[int, Mapping[int, bytes]] | None = None,
    *,
    summary: Mapping[str, int] | None = None,
    run_id: str | None = None,
    title: str = "Captioncheck audit",
) -> str:
    """`records` as JSON (PageRecord.to_json()); `thumbnails[record position][figure index]` JPEG bytes."""
    thumbnails = thumbnails or {}
    pages = [_page(record, thumbnails.get(i, {})) for i, record in enumerate(records)]
    return _ENV.from_string(TEMPLATE).render(
        title=title,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        run_id=run_id,
        summary=[(key.replace("_", " "), value) for key, value in (summary or {}).items()],
        pages=pages,
        no_clip=_no_clip_banner(records),
    )


def _no_clip_banner(records: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The banner's text when some page's photos were not compared with their captions."""
    off = [found for record in records if (found := image_checks_off(record.get("report") or {}))]
    if not off:
        return None
    why = next((found.why for found in off if found.why), None)
    return {"title": IMAGE_CHECKS_OFF, "how": HOW_TO_ADD_WEIGHTS, "why": why, "pages": len(off)}


def _page(record: Mapping[str, Any], thumbs: Mapping[int, bytes]) -> dict[str, Any]:
    report = record.get("report") or {}
    article = report.get("article") or {}
    figures = report.get("figures") or []
    url = str(record.get("url") or "")
    badge = report.get("verdict") or record.get("status") or "error"
    return {
        "url": url,
        "href": url if url.startswith(("http://", "https://")) else None,
        "title": article.get("headline") or url,
        "published": article.get("published"),
        "final_url": record.get("final_url"),
        "badge": badge,
        "badge_label": _LABELS.get(badge, badge),
        "error": record.get("error"),
        "notes": record.get("notes") or [],
        "figure_count": len(figures),
        "flagged": sum(1 for f in figures if f.get("verdict") != "consistent"),
        "figures": [_figure(f, record, thumbs) for f in figures],
    }


def _figure(figure: Mapping[str, Any], record: Mapping[str, Any], thumbs: Mapping[int, bytes]) -> dict[str, Any]:
    index = figure.get("index", 0)
    extracted = record.get("figures") or []
    found = extracted[index] if index < len(extracted) else {}
    error = next((e.get("error") for e in record.get("image_errors") or [] if e.get("index") == index), None)
    thumbnail, boxed = _thumbnail(thumbs[index], figure) if index in thumbs else (None, False)
    return {
        "number": index + 1,
        "caption": figure.get("caption"),
        "credit": found.get("credit"),
        "alt": found.get("alt") or "",
        "image": found.get("image"),
        "image_error": error,
        "thumbnail": thumbnail,
        "no_image": "image could not be read" if error else "no image",
        "verdict": figure.get("verdict"),
        "verdict_label": _LABELS.get(figure.get("verdict", ""), figure.get("verdict")),
        "reasons": figure.get("reasons") or [],
        "metadata": photo_metadata(figure),
        "words": words_read(figure),
        "boxed": boxed,
    }


def _thumbnail(data: bytes, figure: Mapping[str, Any]) -> tuple[str | None, bool]:
    """A small JPEG of `data` as a data: URI, with the text read in it boxed, and whether boxes
    were drawn; (None, False) when the bytes are not an image."""
    picture = open_rgb(data)
    if picture is None:
        return None, False
    picture.thumbnail((THUMB_PX, THUMB_PX))
    boxed = text_overlay(picture, figure)
    encoded = jpeg_bytes(boxed if boxed is not None else picture)
    return "data:image/jpeg;base64," + base64.b64encode(encoded).decode("ascii"), boxed is not None
