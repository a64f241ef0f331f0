"""What the archive holds: counts, publication dates, sources (`captioncheck archive stats`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, Select, distinct, func, select
from sqlalchemy.orm import Session

from app.storage.archive_tables import ArchiveHash, ArchiveImage, ArchivePage, ArchiveUse
from app.storage.errors import db_errors


@dataclass(frozen=True)
class ArchiveStats:
    images: int
    near_matchable: int  # images with enough detail for near-duplicate matching
    with_embedding: int
    hash_rows: int
    uses: int
    articles: int
    pages_read: int
    earliest: str | None
    latest: str | None
    undated_uses: int
    sources: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def archive_stats(engine: Engine) -> ArchiveStats:
    with db_errors("read the image archive"), Session(engine) as session:
        return _read(session)


def _read(session: Session) -> ArchiveStats:
    def count(query: Select[Any]) -> int:
        return int(session.scalar(query) or 0)

    earliest, latest = session.execute(select(func.min(ArchiveUse.published), func.max(ArchiveUse.published))).one()
    sources = session.execute(select(ArchiveUse.source, func.count()).group_by(ArchiveUse.source)).all()
    return ArchiveStats(
        images=count(select(func.count()).select_from(ArchiveImage)),
        near_matchable=count(select(func.count()).where(ArchiveImage.distinctive.is_(True))),
        with_embedding=count(select(func.count()).where(ArchiveImage.embedding.is_not(None))),
        hash_rows=count(select(func.count()).select_from(ArchiveHash)),
        uses=count(select(func.count()).select_from(ArchiveUse)),
        articles=count(select(func.count(distinct(ArchiveUse.article_key)))),
        pages_read=count(select(func.count()).select_from(ArchivePage)),
        earliest=earliest.isoformat() if earliest else None,
        latest=latest.isoformat() if latest else None,
        undated_uses=count(select(func.count()).where(ArchiveUse.published.is_(None))),
        sources={source: int(n) for source, n in sorted(sources)},
    )
