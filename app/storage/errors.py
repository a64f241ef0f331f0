"""The one exception type the storage layer raises for database trouble."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.errors import CaptioncheckError


class StorageError(CaptioncheckError):
    """The database could not be reached or refused an operation; the message says which."""

    exit_code = 3


@contextmanager
def db_errors(action: str) -> Iterator[None]:
    """Database failures inside the block become StorageError("could not <action>: ...")."""
    try:
        yield
    except SQLAlchemyError as err:
        # DBAPIError's own str() embeds the SQL and its parameters; the driver's message is enough.
        detail = str(err.orig) if isinstance(err, DBAPIError) else str(err)
        raise StorageError(f"could not {action}: {detail.strip() or type(err).__name__}") from err
