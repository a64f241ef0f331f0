"""Engine construction: SQLite set up for a multi-threaded server, PostgreSQL as is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from app.storage.errors import StorageError

BUSY_TIMEOUT_S = 30
# Execution option read by the SQLite "begin" hook: take the write lock up front.
_IMMEDIATE = "captioncheck_begin_immediate"


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created if missing."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StorageError(f"invalid database URL {url!r}: {err}") from err
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(parsed, pool_pre_ping=True)
    except (ModuleNotFoundError, NoSuchModuleError) as err:
        hint = " (install psycopg: pip install 'psycopg[binary]')" if "postgres" in url else ""
        raise StorageError(f"no database driver for {parsed.drivername!r}{hint}: {err}") from err


def _sqlite_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {
        "pool_pre_ping": True,
        "connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    }
    if url.database in (None, "", ":memory:"):
        # One shared connection, else every pooled connection sees its own empty database.
        kwargs["poolclass"] = StaticPool
    else:
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StorageError(f"cannot create the database folder {folder}: {err}") from err
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _on_sqlite_begin); pysqlite's own
    # transaction handling would defer it and cannot do BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with
    # SQLITE_BUSY when another writer got in first (the busy timeout does not
    # apply to that upgrade), so writers take the lock at BEGIN and queue instead.
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a write transaction, committed on success."""
    with engine.connect() as conn:
        conn.execution_options(**{_IMMEDIATE: True})
        with conn.begin():
            yield conn
