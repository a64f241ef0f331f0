"""WebhookLog: what each pre-publish webhook asked and was answered, and every callback attempt.

Rows live in the reports' database (same engine as the ReportStore), shared by every
service process on it. Work owed on an event (a check in progress or accepted, a
callback to deliver) is held under a lease that its log renews while it lives; work
whose lease ran out (the process died or stopped) is free for any log to adopt. Only
plain types cross this boundary; database failures raise StorageError.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
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
    work: dict[str, Any] | None = None  # an accepted check's stored request, until it is decided


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


LEASE_S = 30.0  # a holder renews well within this; a dead one's work is free this long after
_CHUNK = 500  # ids per IN (...) list


class WebhookLog:
    def __init__(self, store: ReportStore, *, lease_s: float = LEASE_S) -> None:
        self._engine = store.engine  # one engine, one connection pool
        self.owner = uuid.uuid4().hex
        self.lease_s = lease_s
        self._held: set[str] = set()
        self._lock = threading.Lock()

    def claim(self, webhook_id: str, payload_sha256: str, *, callback_url: str | None = None,
              stale_after_s: float | None = None) -> Claim:
        """Take `webhook_id` for a new check, or return the event already recorded under it.

        A failed event, or a pending one nobody holds any more (its process died, or it
        is older than `stale_after_s` when given), is taken over unless the payload differs.
        """
        now = _now()
        fresh = WebhookEventRow(webhook_id=webhook_id, payload_sha256=payload_sha256, received_at=now,
                                status="pending", callback_url=callback_url,
                                callback_status="pending" if callback_url else None,
                                owner=self.owner, lease_until=self._lease_end(now))
        try:
            with db_errors(f"record webhook {webhook_id!r}"), self._write() as session:
                row = session.get(WebhookEventRow, webhook_id, with_for_update=True)
                if row is None:
                    session.add(fresh)
                    claim = Claim(_event(fresh), new=True)
                elif row.payload_sha256 == payload_sha256 and _takeover(row, now, stale_after_s):
                    _reset(row, now, callback_url, self.owner, self._lease_end(now))
                    claim = Claim(_event(row), new=True)
                else:
                    return Claim(_event(row), new=False)
            self._hold([webhook_id])
            return claim
        except StorageError as err:
            if not isinstance(err.__cause__, IntegrityError):
                raise
        # Another process inserted the same id between our read and our insert.
        existing = self.get(webhook_id)
        if existing is None:
            raise StorageError(f"could not record webhook {webhook_id!r}: it vanished while being claimed")
        return Claim(existing, new=False)

    def keep_work(self, webhook_id: str, work: dict[str, Any]) -> None:
        """Store what the accepted check of a claimed event needs to run again (committed)."""
        query = (update(WebhookEventRow)
                 .where(WebhookEventRow.webhook_id == webhook_id, WebhookEventRow.status == "pending")
                 .values(work=work))
        with db_errors(f"record the request of webhook {webhook_id!r}"), self._write() as session:
            if session.execute(query).rowcount != 1:
                raise StorageError(f"could not record the request of webhook {webhook_id!r}: it is not pending")

    def get(self, webhook_id: str) -> WebhookEvent | None:
        with db_errors(f"read webhook {webhook_id!r}"), Session(self._engine) as session:
            row = session.get(WebhookEventRow, webhook_id)
            return _event(row) if row is not None else None

    def finish(self, webhook_id: str, *, status: str, response_status: int, response: dict[str, Any],
               decision: str | None = None, check_id: str | None = None,
               keep_lease: bool = False) -> WebhookEvent | None:
        """Record the answer (committed when this returns); the stored request is dropped.

        `keep_lease`: the caller goes on to deliver the event's callback, if it has one."""
        with db_errors(f"record the answer to webhook {webhook_id!r}"), self._write() as session:
            row = session.get(WebhookEventRow, webhook_id, with_for_update=True)
            if row is None:
                self._let_go_of([webhook_id])
                return None
            row.status, row.response_status, row.response = status, response_status, response
            row.decision, row.check_id, row.work = decision, check_id, None
            keep = keep_lease and row.callback_url is not None and row.callback_status == "pending"
            if not keep:
                row.lease_until = None
            event = _event(row)
        if not keep:
            self._let_go_of([webhook_id])
        return event

    def release(self, webhook_id: str) -> None:
        """Forget a pending claim whose check could not run, so the same id may be sent again."""
        query = delete(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id,
                                              WebhookEventRow.status == "pending")
        with db_errors(f"release webhook {webhook_id!r}"), self._write() as session:
            session.execute(query)
        self._let_go_of([webhook_id])

    def record_delivery(self, webhook_id: str, callback_url: str, attempt: int, *,
                        status_code: int | None, error: str | None) -> None:
        row = WebhookDeliveryRow(webhook_id=webhook_id, callback_url=callback_url, attempt=attempt,
                                 status_code=status_code, error=error, at=datetime.now(timezone.utc))
        with db_errors(f"record a callback of webhook {webhook_id!r}"), self._write() as session:
            session.add(row)

    def set_callback_status(self, webhook_id: str, status: str) -> None:
        values: dict[str, Any] = {"callback_status": status}
        if status != "pending":
            values["lease_until"] = None  # nothing more is owed on the event
        query = update(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id).values(**values)
        with db_errors(f"record the callback of webhook {webhook_id!r}"), self._write() as session:
            session.execute(query)
        if status != "pending":
            self._let_go_of([webhook_id])

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

    def adopt(self, limit: int = 100) -> list[WebhookEvent]:
        """Take over owed work that no live log holds: accepted checks not yet decided, and
        callbacks not yet delivered. The events are now held by this log."""
        now = _now()
        owed = select(WebhookEventRow.webhook_id).where(_owed(), _free(now)).limit(limit)
        # Re-checked row by row at the update: two logs adopting at once never share an event.
        query = (update(WebhookEventRow)
                 .where(WebhookEventRow.webhook_id.in_(owed), _owed(), _free(now))
                 .values(owner=self.owner, lease_until=self._lease_end(now))
                 .returning(*WebhookEventRow.__table__.c))
        with db_errors("take over owed webhook work"), self._write() as session:
            events = [_event(row) for row in session.execute(query)]
        self._hold(event.webhook_id for event in events)
        return events

    def renew(self) -> int:
        """Extend the lease of every event this log holds; returns how many it still holds."""
        held = self._held_now()
        until = self._lease_end(_now())
        with db_errors("renew webhook leases"), self._write() as session:
            for start in range(0, len(held), _CHUNK):
                session.execute(update(WebhookEventRow)
                                .where(WebhookEventRow.webhook_id.in_(held[start:start + _CHUNK]),
                                       WebhookEventRow.owner == self.owner)
                                .values(lease_until=until))
        return len(held)

    def let_go(self) -> None:
        """Give up every lease this log holds (at shutdown): the work is free to adopt at once."""
        held = self._held_now()
        with db_errors("give up webhook leases"), self._write() as session:
            for start in range(0, len(held), _CHUNK):
                session.execute(update(WebhookEventRow)
                                .where(WebhookEventRow.webhook_id.in_(held[start:start + _CHUNK]),
                                       WebhookEventRow.owner == self.owner)
                                .values(lease_until=None))
        self._let_go_of(held)

    def _lease_end(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.lease_s)

    def _hold(self, webhook_ids: Iterable[str]) -> None:
        with self._lock:
            self._held.update(webhook_ids)

    def _let_go_of(self, webhook_ids: Iterable[str]) -> None:
        with self._lock:
            self._held.difference_update(webhook_ids)

    def _held_now(self) -> list[str]:
        with self._lock:
            return sorted(self._held)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self._engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(WebhookEventRow.lease_until.is_(None), WebhookEventRow.lease_until < now)


def _owed() -> ColumnElement[bool]:
    accepted = and_(WebhookEventRow.status == "pending", WebhookEventRow.work.is_not(None))
    undelivered = and_(WebhookEventRow.status != "pending", WebhookEventRow.callback_status == "pending")
    return or_(accepted, undelivered)


def _takeover(row: WebhookEventRow, now: datetime, stale_after_s: float | None) -> bool:
    if row.status == "failed":
        return True
    if row.status != "pending":
        return False
    lease_over = row.lease_until is None or row.lease_until < now
    too_old = stale_after_s is not None and row.received_at < now - timedelta(seconds=stale_after_s)
    return lease_over or too_old


def _reset(row: WebhookEventRow, now: datetime, callback_url: str | None, owner: str,
           lease_until: datetime) -> None:
    row.received_at, row.status, row.callback_url = now, "pending", callback_url
    row.decision = row.check_id = row.response_status = row.response = row.work = None
    row.callback_status = "pending" if callback_url else None
    row.owner, row.lease_until = owner, lease_until


def _event(row: Any) -> WebhookEvent:
    """The event of a WebhookEventRow (or of a result row with the same columns)."""
    return WebhookEvent(
        webhook_id=row.webhook_id, payload_sha256=row.payload_sha256,
        received_at=row.received_at.isoformat(), status=row.status, decision=row.decision,
        check_id=row.check_id, response_status=row.response_status,
        response=dict(row.response) if row.response is not None else None,
        callback_url=row.callback_url, callback_status=row.callback_status,
        work=dict(row.work) if row.work is not None else None,
    )

