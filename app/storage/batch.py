"""Many checks (reports with their thumbnails) and the audit pages they answer, written in one
transaction with bulk inserts: what an audit's storage stage writes per batch, instead of one
transaction per report and another per page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from app.storage.audits import AuditPage
from app.storage.engine import write_connection
from app.storage.errors import db_errors
from app.storage.rows import check_row
from app.storage.store import _delete_checks
from app.storage.tables import Check

_CHUNK = 500


@dataclass(frozen=True)
class CheckToSave:
    report: Mapping[str, Any]  # Report.model_dump(mode="json")
    source: str
    thumbnails: Mapping[int, bytes]


@dataclass(frozen=True)
class PageUpdate:
    """An audit page's outcome (AuditStore.save_page's arguments)."""

    position: int
    status: str
    record: dict[str, Any]
    check_id: str | None


def check_rows(checks: Sequence[CheckToSave]) -> list[Check | ValueError]:
    """The rows to insert, or why a report cannot be stored (ReportStore.save's ValueError), per check;
    built before the transaction so that one malformed report does not fail the batch."""
    rows: list[Check | ValueError] = []
    for check in checks:
        try:
            rows.append(check_row(check.report, check.source, check.thumbnails))
        except ValueError as exc:
            rows.append(exc)
    return rows


def write_batch(engine: Engine, rows: Sequence[Check], *, run_id: str | None = None,
                pages: Sequence[PageUpdate] = ()) -> None:
    """Insert `rows` (replacing checks with the same ids) and update the run's `pages`, in one
    transaction: a page is marked done exactly when its report is stored."""
    if not rows and not pages:
        return
    with db_errors("save a batch of checks"), write_connection(engine) as conn, Session(bind=conn) as session:
        ids = [row.id for row in rows]
        for start in range(0, len(ids), _CHUNK):
            _delete_checks(session, Check.id.in_(ids[start : start + _CHUNK]))
        session.add_all(rows)
        if pages:
            if run_id is None:
                raise ValueError("page updates need the audit run's id")
            session.execute(update(AuditPage), [
                {"run_id": run_id, "position": page.position, "status": page.status, "record": page.record,
                 "check_id": page.check_id} for page in pages
            ])
        session.flush()
