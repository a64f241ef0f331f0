"""One record per audited page (or unreadable sitemap): what every output format is made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.schema import rank_of

CHECKED, NO_ARTICLE, SKIPPED, ERROR = "checked", "no_article", "skipped", "error"


@dataclass
class PageRecord:
    url: str
    status: str  # checked | no_article | skipped (robots.txt) | error
    report: dict[str, Any] | None = None
    error: str | None = None
    final_url: str | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)  # as extracted: image, caption, credit, alt
    image_errors: list[dict[str, Any]] = field(default_factory=list)  # index, image, error
    notes: list[str] = field(default_factory=list)
    kind: str = "page"  # or "target": a sitemap or file named as a target that could not be read
    thumbnails: dict[int, bytes] = field(default_factory=dict, repr=False)  # not serialised

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url, "status": self.status, "final_url": self.final_url, "kind": self.kind,
            "report": self.report, "error": self.error, "figures": self.figures,
            "image_errors": self.image_errors, "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRecord:
        keys = ("url", "status", "report", "error", "final_url", "figures", "image_errors", "notes", "kind")
        return cls(**{k: data[k] for k in keys if k in data})

    def flagged_at(self, rank: int) -> int:
        """How many figures have a verdict at or above `rank` (1 review, 2 mismatch)."""
        figures = (self.report or {}).get("figures", [])
        return sum(1 for f in figures if rank_of(f.get("verdict")) >= rank)


@dataclass(frozen=True)
class Summary:
    pages: int
    checked: int
    no_article: int
    skipped: int
    errors: int
    figures: int
    flagged: int
    mismatches: int
    image_errors: int

    @classmethod
    def of(cls, records: list[PageRecord]) -> Summary:
        pages = [r for r in records if r.kind == "page"]
        return cls(
            pages=len(pages),
            checked=sum(r.status == CHECKED for r in pages),
            no_article=sum(r.status == NO_ARTICLE for r in pages),
            skipped=sum(r.status == SKIPPED for r in records),
            errors=sum(r.status == ERROR for r in records),
            figures=sum(len((r.report or {}).get("figures", [])) for r in pages),
            flagged=sum(r.flagged_at(1) for r in pages),
            mismatches=sum(r.flagged_at(2) for r in pages),
            image_errors=sum(len(r.image_errors) for r in pages),
        )

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)
