"""From a report to the CMS's answer: allow, review or block, with each figure's reasons."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from app.schema import Report
from app.settings import Settings

Decision = Literal["allow", "review", "block"]


def decide(verdict: str, settings: Settings) -> Decision:
    """block_at/review_at already shaped the verdict; review may be answered otherwise."""
    if verdict == "block":
        return "block"
    if verdict == "review":
        return settings.webhook_review_decision
    return "allow"


def answer(report: Report, settings: Settings, *, webhook_id: str, base_url: str) -> dict[str, Any]:
    """The 200 body (and the callback's `result`) for a finished check."""
    return {
        "decision": decide(report.verdict, settings),
        "verdict": report.verdict,
        "check_id": report.id,
        "report_url": f"{base_url.rstrip('/')}/v1/checks/{report.id}",
        "webhook_id": webhook_id,
        "figures": [
            {
                "index": figure.index,
                "caption": figure.caption,
                "verdict": figure.verdict,
                "reasons": [
                    {"code": r.code, "severity": r.severity.value, "message": r.message}
                    for r in figure.reasons
                ],
            }
            for figure in report.figures
        ],
    }


def accepted(webhook_id: str, base_url: str, check_id: str | None = None) -> dict[str, Any]:
    """The 202 body of an async request."""
    return {
        "status": "accepted",
        "webhook_id": webhook_id,
        "check_id": check_id,
        "status_url": f"{base_url.rstrip('/')}/v1/hooks/prepublish/{quote(webhook_id, safe='')}",
    }
