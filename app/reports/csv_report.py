"""Audit records as CSV: one row per figure (one per page without figures), for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

COLUMNS = (
    "url", "status", "headline", "published", "article_verdict", "figure", "caption", "credit", "image",
    "figure_verdict", "reason_codes", "reasons", "image_caption", "caption_article", "image_article",
    "image_error", "error",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """`records` are page records as JSON (PageRecord.to_json())."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        for row in _rows(record):
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    report = record.get("report") or {}
    article = report.get("article") or {}
    page = {
        "url": record.get("url"), "status": record.get("status"), "headline": article.get("headline"),
        "published": article.get("published"), "article_verdict": report.get("verdict"),
        "error": record.get("error"),
    }
    figures = report.get("figures") or []
    if not figures:
        return [page]
    extracted = record.get("figures") or []
    image_errors = {e.get("index"): e.get("error") for e in record.get("image_errors") or []}
    rows = []
    for figure in figures:
        index = figure.get("index", 0)
        found = extracted[index] if index < len(extracted) else {}
        reasons = figure.get("reasons") or []
        scores = figure.get("scores") or {}
        rows.append({
            **page,
            "figure": index + 1,
            "caption": figure.get("caption"),
            "credit": found.get("credit"),
            "image": found.get("image") or (figure.get("image") or {}).get("source"),
            "figure_verdict": figure.get("verdict"),
            "reason_codes": ";".join(r.get("code", "") for r in reasons),
            "reasons": " | ".join(r.get("message", "") for r in reasons),
            "image_caption": scores.get("image_caption"),
            "caption_article": scores.get("caption_article"),
            "image_article": scores.get("image_article"),
            "image_error": image_errors.get(index),
        })
    return rows


def _cell(value: Any) -> Any:
    # Captions come from the web: a cell a spreadsheet would run as a formula is quoted.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value
