"""Tables of the pre-publish webhook: one row per webhook-id, one per callback attempt.

Declared on the reports' Base, so `upgrade()` creates them in new and old databases
alike (its create_all runs after every migration; migration 2 adds the columns that
came later). No foreign key to `checks`: the purge deletes both by age.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, Index, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.tables import Base, UTCDateTime


class WebhookEventRow(Base):
    __tablename__ = "webhook_events"
    __table_args__ = (
        Index("ix_webhook_events_status", "status"),  # the sweep for owed work reads few rows
        Index("ix_webhook_events_received_at", "received_at"),  # the retention purge
    )

    webhook_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    payload_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # pending | done | failed
    decision: Mapped[str | None] = mapped_column(String(16))
    check_id: Mapped[str | None] = mapped_column(String(128))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    callback_url: Mapped[str | None] = mapped_column(Text)
    callback_status: Mapped[str | None] = mapped_column(String(16))  # pending | delivered | failed
    # What an accepted async check needs to run again after a shutdown or crash (the draft);
    # cleared once the check is decided.
    work: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The WebhookLog (one per service process) working on the event, until when: a holder that
    # stops renewing (it died) lets another process, or the next start, take the work over.
    owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebhookDeliveryRow(Base):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    webhook_id: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    callback_url: Mapped[str] = mapped_column(Text, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


def delete_webhooks_before(conn: Connection, cutoff: datetime) -> int:
    """Delete the events received before `cutoff` (answers, drafts) and their callback records."""
    doomed = select(WebhookEventRow.webhook_id).where(WebhookEventRow.received_at < cutoff)
    conn.execute(delete(WebhookDeliveryRow).where(WebhookDeliveryRow.webhook_id.in_(doomed)))
    return conn.execute(delete(WebhookEventRow).where(WebhookEventRow.received_at < cutoff)).rowcount
