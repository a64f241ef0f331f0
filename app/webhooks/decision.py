"""From a report to the CMS's answer: allow, review or block, with each figure's reasons, and
whether the photos could be compared with their captions (CLIP weights present)."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from app.reports.evidence import HOW_TO_ADD_WEIGHTS, IMAGE_CHECKS_OFF, image_checks_off
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


def answer(report: Report, settings: Settings, *, webhook_id: str, base_url: str,
           clip_unavailable: str | None = None) -> dict[str, Any]:
    """The 200 body (and the callback's `result`) for a finished check; `clip_unavailable` says
    why the service runs without CLIP (None when it has it)."""
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
        "image_checks": image_checks(report, clip_unavailable),
    }


def image_checks(report: Report, clip_unavailable: str | None) -> dict[str, Any]:
    """Whether photos are compared with their captions; when not, why and how to add the weights.
    Off when this check left a photo unchecked for want of CLIP, or the service has no CLIP."""
    off = image_checks_off(report.model_dump(mode="json"))
    if off is None and clip_unavailable is None:
        return {"available": True, "message": None, "why": None, "how_to_enable": None}
    why = (off.why if off is not None else None) or clip_unavailable
    return {"available": False, "message": IMAGE_CHECKS_OFF, "why": why,
            "how_to_enable": HOW_TO_ADD_WEIGHTS}


def accepted(webhook_id: str, base_url: str, check_id: str | None = None) -> dict[str, Any]:
    """The 202 body of an async request."""
    return {
        "status": "accepted",
        "webhook_id": webhook_id,
        "check_id": check_id,
        "status_url": f"{base_url.rstrip('/')}/v1/hooks/prepublish/{quote(webhook_id, safe='')}",
    }
