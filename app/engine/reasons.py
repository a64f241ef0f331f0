"""Reason codes the checker itself emits, and the one constructor of a reason.

Each signal declares its own codes in its module (see app/engine/signals/registry.py for
the full list). Codes are never renamed, only added.
"""

from __future__ import annotations

from typing import Any

from app.schema import Reason
from app.settings import Severity

IMAGE_UNREADABLE = "image_unreadable"
# A figure has an image but the image checks that need CLIP did not run (no weights installed).
IMAGE_NOT_CHECKED = "image_not_checked"
CHECKER_CODES = (IMAGE_UNREADABLE, IMAGE_NOT_CHECKED)


def make_reason(code: str, severity: Severity, message: str, **evidence: Any) -> Reason:
    return Reason(code=code, severity=severity, message=message, evidence=evidence)


def noted(reason: Reason, why: str, **evidence: Any) -> Reason:
    """A finding only noted (info), its message saying why; one already noted stays as it is."""
    if reason.severity == Severity.info:
        return reason
    return reason.model_copy(update={"severity": Severity.info, "message": f"{reason.message} {why}",
                                     "evidence": {**reason.evidence, **evidence}})
