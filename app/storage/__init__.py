"""Stored reports: `ReportStore` over SQLite (default) or PostgreSQL, plus thumbnails.

Only plain types cross this boundary: report dicts, `Page`/`CheckSummary`
dataclasses, bytes. Database failures raise `StorageError`.
"""

from __future__ import annotations

from app.storage import archive_tables  # noqa: F401  (the image archive's tables join the schema)
from app.storage.audits import AuditStore, RunInfo, StoredPage
from app.storage.embeddings import EmbeddingStore
from app.storage.errors import StorageError
from app.storage.migrations import MIGRATIONS, Migration
from app.storage.store import CheckSummary, Page, ReportStore
from app.storage.thumbnails import make_thumbnail
from app.storage.webhooks import Claim, Delivery, WebhookEvent, WebhookLog

__all__ = [
    "MIGRATIONS",
    "AuditStore",
    "EmbeddingStore",
    "RunInfo",
    "StoredPage",
    "CheckSummary",
    "Migration",
    "Page",
    "ReportStore",
    "StorageError",
    "make_thumbnail",
    "Claim",
    "Delivery",
    "WebhookEvent",
    "WebhookLog",
]
