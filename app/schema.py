"""The contracts of DESIGN.md as pydantic models: the input article and the report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from dateutil import parser as isoparser
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.settings import Severity

FigureVerdict = Literal["consistent", "review", "mismatch"]
ArticleVerdict = Literal["pass", "review", "block"]

# How serious each verdict is, on the scale of Severity.rank (0 nothing wrong .. 2 mismatch),
# so that a --fail-on severity compares directly with a figure's verdict.
VERDICT_RANK: dict[str, int] = {
    "consistent": Severity.info.rank, "pass": Severity.info.rank,
    "review": Severity.review.rank,
    "mismatch": Severity.mismatch.rank, "block": Severity.mismatch.rank,
}
_LEVEL_RANK = {**{severity.value: severity.rank for severity in Severity}, **VERDICT_RANK}


def rank_of(level: object, unknown: int = 0) -> int:
    """The rank of a verdict (figure or article) or of a reason's severity; `unknown` for anything else."""
    return _LEVEL_RANK.get(level, unknown) if isinstance(level, str) else unknown


class FigureIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    image: str | None = Field(None, description="local path | http(s) URL | data: URI | null")
    caption: str = Field(..., min_length=1)
    alt: str | None = None
    credit: str | None = None

    @field_validator("caption")
    @classmethod
    def caption_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("caption is empty")
        return value.strip()


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    url: str | None = None
    headline: str = Field(..., min_length=1)
    body: str = Field(..., min_length=1)
    published: date | datetime | None = None
    figures: list[FigureIn] = Field(default_factory=list)

    @field_validator("headline")
    @classmethod
    def headline_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("headline is empty")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def parse_iso_date(cls, value: object) -> object:
        if value is None or isinstance(value, (date, datetime)):
            return value
        if not isinstance(value, str):
            raise ValueError("must be an ISO 8601 date or datetime string")
        if not value.strip():
            return None
        try:
            parsed = isoparser.isoparse(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date or datetime") from None
        return parsed.date() if len(value.strip()) <= 10 else parsed

    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


class Reason(BaseModel):
    code: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = Field(default_factory=dict)


class ImageInfo(BaseModel):
    source: str
    sha256: str
    width: int
    height: int


class Scores(BaseModel):
    image_caption: float | None = None
    caption_article: float | None = None
    image_article: float | None = None
    # The calibrated probability that the caption does not belong with the story (text evidence).
    caption_mismatch_probability: float | None = None


class FigureReport(BaseModel):
    index: int
    caption: str
    image: ImageInfo | None
    verdict: FigureVerdict
    scores: Scores
    reasons: list[Reason]


class ArticleRef(BaseModel):
    id: str | None
    headline: str
    published: str | None
    url: str | None


class ModelsUsed(BaseModel):
    clip: str | None
    text: str


class Report(BaseModel):
    id: str
    created_at: str
    article: ArticleRef
    verdict: ArticleVerdict
    figures: list[FigureReport]
    models: ModelsUsed
    timings_ms: dict[str, float]
