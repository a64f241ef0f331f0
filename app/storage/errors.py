"""The one exception type the storage layer raises for database trouble."""

from __future__ import annotations

from app.errors import CaptioncheckError


class StorageError(CaptioncheckError):
    """The database could not be reached or refused an operation; the message says which."""

    exit_code = 3
