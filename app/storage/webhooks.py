"""WebhookLog: what each pre-publish webhook asked and was answered, and every callback attempt.

Rows live in the reports' database (same engine as the ReportStore). Only plain
types cross this boundary; database failures raise StorageError.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.storage.engine import write_connection
from app.storage.errors import StorageError, db_errors
from app.storage.store import ReportStore
from app.storage.webhook_tables import WebhookDeliveryRow, WebhookEventRow


@dataclass(frozen=True)
class WebhookEvent:
    webhook_id: str
    payload_sha256: str
    received_at: str
    status: str  # pending | done | failed
    decision: str | None
    check_id: str | None
    response_status: int | None
    response: dict[str, Any] | None
    callback_url: str | None
    callback_status: str | None  # pending | delivered | failed


@dataclass(frozen=True)
class Delivery:
    webhook_id: str
    callback_url: str
    attempt: int
    status_code: int | None
    error: str | None
    at: str


@dataclass(frozen=True)
class Claim:
    """`new`: the caller now owns the event and must `finish` or `release` it."""

    event: WebhookEvent
    new: bool


class WebhookLog:
    def __init__(self, store: ReportStore) -> None:
        self._engine = store.engine  # one engine, one connection pool

    def claim(self, webhook_id: str, payload_sha256: str, *, callback_url: str | None = None,
              stale_after_s: float = 900) -> Claim:
        """Take `webhook_id` for a new check, or return the event already recorded under it.

        A failed event, or one pending for longer than `stale_after_s` (its process
        died), is taken over unless the payload differs.
        """
        now = datetime.now(timezone.utc)
        fresh = WebhookEventRow(webhook_id=webhook_id, payload_sha256=payload_sha256, received_at=now,
                                status="pending", callback_url=callback_url,
                                callback_status="pending" if callback_url else None)
        try:
            with db_errors(f"record webhook {webhook_id!r}"), self._write() as session:
                row = session.get(WebhookEventRow, webhook_id, with_for_update=True)
                if row is None:
                    session.add(fresh)
                    return Claim(_event(fresh), new=True)
                if row.payload_sha256 == payload_sha256 and _takeover(row, now, stale_after_s):
                    _reset(row, now, callback_url)
                    return Claim(_event(row), new=True)
                return Claim(_event(row), new=False)
        except StorageError as err:
            if not isinstance(err.__cause__, IntegrityError):
                raise
        # Another process inserted the same id between our read and our insert.
        existing = self.get(webhook_id)
        if existing is None:
            raise StorageError(f"could not record webhook {webhook_id!r}: it vanished while being claimed")
        return Claim(existing, new=False)

    def get(self, webhook_id: str) -> WebhookEvent | None:
        with db_errors(f"read webhook {webhook_id!r}"), Session(self._engine) as session:
            row = session.get(WebhookEventRow, webhook_id)
            return _event(row) if row is not None else None

    def finish(self, webhook_id: str, *, status: str, response_status: int, response: dict[str, Any],
               decision: str | None = None, check_id: str | None = None) -> None:
        """Record the answer; committed when this returns."""
        values = {"status": status, "response_status": response_status, "response": response,
                  "decision": decision, "check_id": check_id}
        with db_errors(f"record the answer to webhook {webhook_id!r}"), self._write() as session:
            session.execute(update(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id)
                            .values(**values))

    def release(self, webhook_id: str) -> None:
        """Forget a pending claim whose check could not run, so the same id may be sent again."""
        query = delete(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id,
                                              WebhookEventRow.status == "pending")
        with db_errors(f"release webhook {webhook_id!r}"), self._write() as session:
            session.execute(query)

    def record_delivery(self, webhook_id: str, callback_url: str, attempt: int, *,
                        status_code: int | None, error: str | None) -> None:
        row = WebhookDeliveryRow(webhook_id=webhook_id, callback_url=callback_url, attempt=attempt,
                                 status_code=status_code, error=error, at=datetime.now(timezone.utc))
        with db_errors(f"record a callback of webhook {webhook_id!r}"), self._write() as session:
            session.add(row)

    def set_callback_status(self, webhook_id: str, status: str) -> None:
        query = (update(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id)
                 .values(callback_status=status))
        with db_errors(f"record the callback of webhook {webhook_id!r}"), self._write() as session:
            session.execute(query)

    def deliveries(self, webhook_id: str) -> list[Delivery]:
        query = (select(WebhookDeliveryRow).where(WebhookDeliveryRow.webhook_id == webhook_id)
                 .order_by(WebhookDeliveryRow.id))
        with db_errors(f"read the callbacks of webhook {webhook_id!r}"), Session(self._engine) as session:
            return [Delivery(r.webhook_id, r.callback_url, r.attempt, r.status_code, r.error, r.at.isoformat())
                    for r in session.scalars(query)]

    def attempts(self, webhook_id: str) -> int:
        query = select(func.max(WebhookDeliveryRow.attempt)).where(WebhookDeliveryRow.webhook_id == webhook_id)
        with db_errors(f"read the callbacks of webhook {webhook_id!r}"), Session(self._engine) as session:
            return session.scalar(query) or 0

    def undelivered(self) -> list[WebhookEvent]:
        """Decided events whose callback is still owed (e.g. the service stopped mid-retry)."""
        query = select(WebhookEventRow).where(WebhookEventRow.status != "pending",
                                              WebhookEventRow.callback_status == "pending")
        with db_errors("read owed callbacks"), Session(self._engine) as session:
            return [_event(row) for row in session.scalars(query)]

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self._engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()


def _takeover(row: WebhookEventRow, now: datetime, stale_after_s: float) -> bool:
    if row.status == "failed":
        return True
    return row.status == "pending" and row.received_at < now - timedelta(seconds=stale_after_s)


def _reset(row: WebhookEventRow, now: datetime, callback_url: str | None) -> None:
    row.received_at, row.status, row.callback_url = now, "pending", callback_url
    row.decision = row.check_id = row.response_status = row.response = None
    row.callback_status = "pending" if callback_url else None


def _event(row: WebhookEventRow) -> WebhookEvent:
    return WebhookEvent(
        webhook_id=row.webhook_id, payload_sha256=row.payload_sha256,
        received_at=row.received_at.isoformat(), status=row.status, decision=row.decision,
        check_id=row.check_id, response_status=row.response_status,
        response=dict(row.response) if row.response is not None else None,
        callback_url=row.callback_url, callback_status=row.callback_status,
    )

