"""Audit runs and the status of each of their pages, so an interrupted audit can resume.

The tables live on the same `Base` as the reports, so `upgrade()` creates them in any
database, old ones included. Only plain types cross this boundary.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Engine, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.storage.engine import make_engine, write_connection
from app.storage.errors import db_errors
from app.storage.migrations import upgrade
from app.storage.tables import Base, UTCDateTime

PENDING = "pending"


class AuditRun(Base):
    __tablename__ = "audit_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    targets_digest: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    targets: Mapped[list[str]] = mapped_column(JSON, nullable=False)


class AuditPage(Base):
    __tablename__ = "audit_pages"

    run_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("audit_runs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="page")  # page | target (unreadable sitemap or file)
    hints: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PENDING)
    check_id: Mapped[str | None] = mapped_column(String(128))
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)


@dataclass(frozen=True)
class StoredPage:
    position: int
    url: str
    kind: str
    hints: dict[str, Any]
    status: str
    record: dict[str, Any] | None


@dataclass(frozen=True)
class RunInfo:
    id: str
    created_at: str
    finished: bool
    targets: list[str]


class AuditStore:
    """Audit runs in the database at an SQLAlchemy URL (the service's, by default)."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        with db_errors("prepare the database"):
            upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def start_run(self, targets: Sequence[str], digest: str, pages: Sequence[tuple[str, str, dict]]) -> str:
        """A new run over `pages` ((url, kind, hints) in order); returns its id."""
        run_id = uuid.uuid4().hex
        with db_errors("start an audit run"), self._write() as session:
            session.add(AuditRun(id=run_id, created_at=_now(), targets_digest=digest, targets=list(targets)))
            session.flush()
            session.add_all(
                AuditPage(run_id=run_id, position=i, url=url, kind=kind, hints=dict(hints))
                for i, (url, kind, hints) in enumerate(pages)
            )
        return run_id

    def save_page(self, run_id: str, position: int, status: str, record: dict, check_id: str | None) -> None:
        query = (
            update(AuditPage)
            .where(AuditPage.run_id == run_id, AuditPage.position == position)
            .values(status=status, record=record, check_id=check_id)
        )
        with db_errors("record an audited page"), self._write() as session:
            session.execute(query)

    def finish(self, run_id: str) -> None:
        with db_errors("finish an audit run"), self._write() as session:
            session.execute(update(AuditRun).where(AuditRun.id == run_id).values(finished_at=_now()))

    def latest_unfinished(self, digest: str) -> str | None:
        query = (
            select(AuditRun.id)
            .where(AuditRun.targets_digest == digest, AuditRun.finished_at.is_(None))
            .order_by(AuditRun.created_at.desc())
            .limit(1)
        )
        with db_errors("look up audit runs"), Session(self.engine) as session:
            return session.scalar(query)

    def run(self, run_id: str) -> RunInfo | None:
        with db_errors("read an audit run"), Session(self.engine) as session:
            row = session.get(AuditRun, run_id)
            if row is None:
                return None
            return RunInfo(row.id, row.created_at.isoformat(), row.finished_at is not None, list(row.targets))

    def pages(self, run_id: str) -> list[StoredPage]:
        query = select(AuditPage).where(AuditPage.run_id == run_id).order_by(AuditPage.position)
        with db_errors("read audited pages"), Session(self.engine) as session:
            return [
                StoredPage(p.position, p.url, p.kind, dict(p.hints or {}), p.status, p.record)
                for p in session.scalars(query)
            ]

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self.engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()


def _now() -> datetime:
    return datetime.now(timezone.utc)

