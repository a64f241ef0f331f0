"""Schema versioning: numbered steps applied in order at start-up.

`MIGRATIONS[n]` upgrades a database from version n-1 to n. To change the schema,
change the models in tables.py, then add the next step (e.g. an ALTER TABLE) here:
a fresh database gets the models' current schema at once; an old one runs the
steps it has not run yet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from app.storage.engine import write_connection
from app.storage.errors import StorageError
from app.storage.tables import Base, Check, SchemaVersion
from app.storage.webhook_tables import WebhookEventRow

Migration = Callable[[Connection], None]

# PostgreSQL advisory lock key, so that two processes starting at once do not
# both create tables or run the same step.
_PG_LOCK_KEY = 0x43617074


def _initial(conn: Connection) -> None:
    Base.metadata.create_all(conn)


def _webhook_work_and_leases(conn: Connection) -> None:
    """2: webhook events keep an accepted check's draft and who holds it, so it survives a crash."""
    table = WebhookEventRow.__table__
    if not inspect(conn).has_table(table.name):
        return  # made whole by create_all after the steps
    present = {column["name"] for column in inspect(conn).get_columns(table.name)}
    quote = conn.dialect.identifier_preparer.quote
    for name in ("work", "owner", "lease_until"):
        if name not in present:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(name)} {kind}"))
    for index in table.indexes:
        index.create(conn, checkfirst=True)


MIGRATIONS: dict[int, Migration] = {1: _initial, 2: _webhook_work_and_leases}


def target_version(migrations: Mapping[int, Migration]) -> int:
    versions = sorted(migrations)
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n without gaps, got {versions}")
    return versions[-1] if versions else 0


def upgrade(engine: Engine, migrations: Mapping[int, Migration] = MIGRATIONS) -> int:
    """Bring the schema to the latest version; returns that version."""
    target = target_version(migrations)
    with write_connection(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        inspector = inspect(conn)
        fresh = not inspector.has_table(Check.__tablename__)
        current = _read_version(conn) if inspector.has_table(SchemaVersion.__tablename__) else 0
        if current > target:
            raise StorageError(
                f"the database is at schema version {current}, newer than this "
                f"Captioncheck supports ({target}); upgrade Captioncheck"
            )
        if fresh:
            Base.metadata.create_all(conn)
        else:
            for version in range(current + 1, target + 1):
                migrations[version](conn)
            Base.metadata.create_all(conn)  # tables added since; existing ones untouched
        _write_version(conn, target)
    return target


def read_version(engine: Engine) -> int:
    with engine.connect() as conn:
        if not inspect(conn).has_table(SchemaVersion.__tablename__):
            return 0
        return _read_version(conn)


def _read_version(conn: Connection) -> int:
    return conn.execute(select(func.max(SchemaVersion.version))).scalar() or 0


def _write_version(conn: Connection, version: int) -> None:
    conn.execute(delete(SchemaVersion))
    conn.execute(insert(SchemaVersion).values(version=version))
