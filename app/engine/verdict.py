"""From reasons to verdicts: a figure takes its most severe reason, the article follows the policy."""

from __future__ import annotations

from collections.abc import Iterable

from app.schema import ArticleVerdict, FigureVerdict, Reason
from app.settings import Settings, Severity

_FIGURE_VERDICT: dict[Severity, FigureVerdict] = {
    Severity.info: "consistent",
    Severity.review: "review",
    Severity.mismatch: "mismatch",
}


def apply_overrides(reasons: list[Reason], settings: Settings) -> list[Reason]:
    """Per-code severities from the policy, most severe first."""
    adjusted = [
        r.model_copy(update={"severity": settings.severity_overrides[r.code]})
        if r.code in settings.severity_overrides
        else r
        for r in reasons
    ]
    return sorted(adjusted, key=lambda r: -r.severity.rank)


def worst(reasons: Iterable[Reason]) -> Severity:
    return max((r.severity for r in reasons), key=lambda s: s.rank, default=Severity.info)


def figure_verdict(reasons: list[Reason]) -> FigureVerdict:
    return _FIGURE_VERDICT[worst(reasons)]


def article_verdict(all_reasons: Iterable[Reason], settings: Settings) -> ArticleVerdict:
    severity = worst(all_reasons)
    if severity.rank >= settings.block_at.rank and severity != Severity.info:
        return "block"
    if severity.rank >= settings.review_at.rank and severity != Severity.info:
        return "review"
    return "pass"
