"""ReportStore: stored reports with their image hashes and thumbnails, behind plain types."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, delete, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.settings import Settings, get_settings
from app.storage.cursor import decode_cursor, encode_cursor
from app.storage.engine import make_engine, write_connection
from app.storage.errors import db_errors
from app.storage.migrations import MIGRATIONS, Migration, upgrade
from app.storage.rows import check_row
from app.storage.tables import Check, FigureImage
from app.storage.webhook_tables import delete_webhooks_before

MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class CheckSummary:
    """One line of a listing of stored checks."""

    id: str
    created_at: str
    verdict: str
    headline: str
    url: str | None
    figure_count: int
    flagged_count: int
    source: str


@dataclass(frozen=True)
class Page:
    items: list[CheckSummary]
    next_cursor: str | None


class ReportStore:
    """Stored reports in the database at an SQLAlchemy URL; safe to share between threads.

    The schema is created or migrated on construction. Database failures raise
    StorageError; malformed arguments raise ValueError.
    """

    def __init__(self, url: str, *, migrations: Mapping[int, Migration] = MIGRATIONS) -> None:
        self._engine = make_engine(url)
        try:
            with db_errors("prepare the database"):
                self.schema_version = upgrade(self._engine, migrations)
        except BaseException:
            self._engine.dispose()
            raise
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ReportStore:
        """The store at CAPTIONCHECK_DATABASE_URL, else the SQLite file in the data directory."""
        return cls((settings or get_settings()).resolved_database_url())

    @property
    def engine(self) -> Engine:
        """The connection pool, for the other record keepers of this database (webhooks, audits)."""
        return self._engine

    def __enter__(self) -> ReportStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReportStore({self._engine.url!r})"  # the URL repr hides any password

    def save(
        self,
        report: Mapping[str, Any],
        *,
        source: str,
        thumbnails: Mapping[int, bytes] | None = None,
    ) -> None:
        """Store `report` (a Report.model_dump(mode="json")); replaces one with the same id."""
        row = check_row(report, source, thumbnails or {})
        with db_errors(f"save check {row.id!r}"), self._write() as session:
            _delete_checks(session, Check.id == row.id)
            session.add(row)

    def get(self, check_id: str) -> dict[str, Any] | None:
        """The stored report dict, or None when there is no such check."""
        with db_errors(f"read check {check_id!r}"), self._sessions() as session:
            report = session.scalar(select(Check.report).where(Check.id == check_id))
        return dict(report) if report is not None else None

    def thumbnail(self, check_id: str, index: int) -> tuple[bytes, str] | None:
        """(bytes, MIME type) of a figure's thumbnail, or None when there is none."""
        query = select(FigureImage.thumbnail, FigureImage.thumbnail_mime).where(
            FigureImage.check_id == check_id, FigureImage.figure_index == index
        )
        with db_errors(f"read a thumbnail of check {check_id!r}"), self._sessions() as session:
            row = session.execute(query).first()
        if row is None or row.thumbnail is None:
            return None
        return bytes(row.thumbnail), row.thumbnail_mime or "image/jpeg"

    def thumbnails_by_hash(self, hashes: list[str]) -> dict[str, bytes]:
        """Thumbnails already stored for images with these SHA-256s (re-checks reuse them)."""
        if not hashes:
            return {}
        query = select(FigureImage.sha256, FigureImage.thumbnail).where(
            FigureImage.sha256.in_(set(hashes)), FigureImage.thumbnail.is_not(None)
        )
        with db_errors("read stored thumbnails"), self._sessions() as session:
            return {row.sha256: bytes(row.thumbnail) for row in session.execute(query)}

    def purge(self, older_than_days: int) -> int:
        """Delete checks created more than `older_than_days` ago (0 keeps all); returns how many.

        Webhook events received as long ago go too: their stored answers and drafts name
        the same articles as the reports.
        """
        if older_than_days < 0:
            raise ValueError(f"older_than_days must be 0 or more, got {older_than_days}")
        if older_than_days == 0:
            return 0
        cutoff = datetime.now(timezone.utc) - timedelta(days=older_than_days)
        with db_errors("purge old checks"), self._write() as session:
            delete_webhooks_before(session.connection(), cutoff)
            return _delete_checks(session, Check.created_at < cutoff)

    def ping(self) -> bool:
        """Whether the database answers."""
        try:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        self._engine.dispose()

    def list(self, limit: int = 20, before: str | None = None) -> Page:
        """Newest first; pass a page's `next_cursor` as `before` for the next page."""
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
        query = (
            select(Check.id, Check.created_at, Check.verdict, Check.headline, Check.article_url,
                   Check.figure_count, Check.flagged_count, Check.source)
            .order_by(Check.created_at.desc(), Check.id.desc())
            .limit(limit + 1)
        )
        if before is not None:
            stamp, last_id = decode_cursor(before)
            query = query.where(
                or_(Check.created_at < stamp, and_(Check.created_at == stamp, Check.id < last_id))
            )
        with db_errors("list checks"), self._sessions() as session:
            rows = session.execute(query).all()
        items = [
            CheckSummary(
                id=row.id,
                created_at=row.created_at.isoformat(),
                verdict=row.verdict,
                headline=row.headline,
                url=row.article_url,
                figure_count=row.figure_count,
                flagged_count=row.flagged_count,
                source=row.source,
            )
            for row in rows[:limit]
        ]
        last = rows[limit - 1] if len(rows) > limit else None
        cursor = encode_cursor(last.created_at, last.id) if last is not None else None
        return Page(items=items, next_cursor=cursor)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self._engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()


def _delete_checks(session: Session, condition: ColumnElement[bool]) -> int:
    # Images are deleted explicitly as well as by ON DELETE CASCADE, so a database
    # whose foreign keys are not enforced (SQLite without the pragma) stays clean.
    conn = session.connection()
    doomed = select(Check.id).where(condition)
    conn.execute(delete(FigureImage).where(FigureImage.check_id.in_(doomed)))
    return conn.execute(delete(Check).where(condition)).rowcount

