"""The signal interface: what a signal declares it needs, what it is handed, what it returns.

A signal is one module in this package that ends with ``SIGNAL = Signal(...)`` and is listed
once in ``registry.py``. The checker builds one ``CheckContext`` per article, runs every
registered signal whose needs are met, and merges their findings into the report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from app.schema import Reason
from app.settings import Settings, Severity

if TYPE_CHECKING:
    from app.engine.article import PreparedArticle
    from app.engine.earlier_uses import EarlierUses
    from app.engine.encoders.base import EncoderProvider
    from app.engine.images import LoadedImage

T = TypeVar("T")


class Need(str, Enum):
    """What a signal cannot run without. The checker skips a signal whose needs are not met."""

    TEXT = "text"  # the sentence model (always available: it ships in a package)
    IMAGES = "images"  # at least one figure has a decoded image
    CLIP = "clip"  # the image-text model; optional when no weights are installed
    ARCHIVE = "archive"  # an archive of earlier uses was handed to the check


@dataclass(frozen=True)
class Settlement:
    """A decision over other signals' findings for one figure: the severity of the findings
    with `governs` codes (information stays information), except that a mismatch among the
    `decisive` codes stands. When the decision flags and no governed finding explains it,
    `fallback` is the reason shown."""

    severity: Severity
    governs: frozenset[str]
    decisive: frozenset[str] = frozenset()
    fallback: Reason | None = None
    doubted: frozenset[str] = frozenset()  # decisive codes whose mismatch drops to review here
    standing: frozenset[str] = frozenset()  # codes read, not guessed: the decision may only raise them

    def apply(self, reasons: list[Reason]) -> list[Reason]:
        settled = [self._settle(r) for r in reasons]
        explained = any(r.code in self.governs and r.severity != Severity.info for r in settled)
        if self.fallback is not None and not explained:
            settled.append(self._fallback_beside(settled))
        return settled

    def _fallback_beside(self, settled: list[Reason]) -> Reason:
        """The decision's own finding rests on meaning alone: it asks for review, and decides a
        mismatch only beside another flagged finding (an office of another country, another
        storm). To the sentence model, local detail the story never names (a pub on the flooded
        street) reads as far from the story as another story's caption."""
        corroborated = any(r.severity != Severity.info for r in settled)
        if corroborated or self.fallback.severity != Severity.mismatch:
            return self.fallback
        return self.fallback.model_copy(update={"severity": Severity.review})

    def _settle(self, reason: Reason) -> Reason:
        if reason.code not in self.governs or reason.severity == Severity.info:
            return reason
        if reason.code in self.standing and reason.severity.rank >= self.severity.rank:
            return reason
        if reason.code in self.decisive and reason.severity == Severity.mismatch:
            if reason.code in self.doubted:
                return reason.model_copy(update={"severity": Severity.review})
            return reason
        return reason.model_copy(update={"severity": self.severity})


@dataclass
class Findings:
    """What one signal says: reasons and named scores, per figure index."""

    reasons: dict[int, list[Reason]] = field(default_factory=dict)
    scores: dict[int, dict[str, float]] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)  # role -> model name, e.g. {"clip": "ViT-B-32"}
    settlements: dict[int, Settlement] = field(default_factory=dict)

    def add(self, index: int, *reasons: Reason) -> None:
        self.reasons.setdefault(index, []).extend(reasons)

    def score(self, index: int, name: str, value: float) -> None:
        self.scores.setdefault(index, {})[name] = value

    def settle(self, index: int, settlement: Settlement) -> None:
        self.settlements[index] = settlement


@dataclass
class CheckContext:
    """Everything a signal may read about one article. Built once per check, shared by all signals."""

    prepared: PreparedArticle
    images: Mapping[int, LoadedImage]
    settings: Settings
    models: EncoderProvider
    archive: EarlierUses | None
    today: date
    _memo: dict[str, Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)  # memo builders call memo

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """Work shared by several signals of this check (sentence vectors, frames), done once."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build()
            return self._memo[key]

    @property
    def figure_count(self) -> int:
        return len(self.prepared.article.figures)


@dataclass(frozen=True)
class Signal:
    """One signal: a name, the reason codes it may emit, what it needs, and its run function."""

    name: str
    codes: tuple[str, ...]
    needs: frozenset[Need]
    run: Callable[[CheckContext], Findings]
    # Score names this signal fills in FigureReport.scores.
    scores: tuple[str, ...] = ()
