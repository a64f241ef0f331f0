"""What `captioncheck archive index` did with each page, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field

INDEXED, KNOWN = "indexed", "known"


@dataclass(frozen=True)
class PageOutcome:
    url: str
    status: str  # indexed | known (archived before) | no_article | skipped (robots.txt) | error
    images: int = 0
    error: str | None = None
    image_errors: int = 0


@dataclass
class IndexSummary:
    outcomes: list[PageOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def images(self) -> int:
        return sum(o.images for o in self.outcomes)

    @property
    def image_errors(self) -> int:
        return sum(o.image_errors for o in self.outcomes)
