"""Audit records as one HTML file that opens in any browser: thumbnails, captions, badges, reasons."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from jinja2 import Environment
from PIL import Image, UnidentifiedImageError

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
    )


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
    thumbnail = _data_uri(thumbs[index]) if index in thumbs else None
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
    }


def _data_uri(data: bytes) -> str | None:
    """A small JPEG of `data` as a data: URI; None when the bytes are not an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    picture.thumbnail((THUMB_PX, THUMB_PX))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=75, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
