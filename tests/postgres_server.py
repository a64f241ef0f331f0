"""A throw-away PostgreSQL server for the tests: a fresh cluster in a temp dir, loopback only.

Debian's server binaries (/usr/lib/postgresql/<version>/bin; scripts/ensure-postgres.sh
installs them) run as an unprivileged user when the tests run as root, since the server
refuses to run as root. The cluster trusts local connections and skips fsync: it holds
nothing but test data and is deleted when the session ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.live_server import free_port

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SERVER_USER = "nobody"  # who runs the server when the tests run as root
START_TRIES = 3


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started; the message says why."""


@dataclass(frozen=True)
class PostgresServer:
    """A server the tests may create and drop databases on (`url` is its admin database)."""

    url: str

    def create_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        name = f"captioncheck_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()


def server_bin_dir() -> Path | None:
    """The newest installed server's bin folder, or None when no server is installed."""
    found = [path for path in Path("/").glob(BIN_GLOB.lstrip("/")) if (path / "initdb").exists()]
    if not found:
        return None
    return max(found, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)


@contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """Start a new cluster on a free loopback port; stop it and delete it when the block ends."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            f"no PostgreSQL server in {BIN_GLOB} (run scripts/ensure-postgres.sh, or apt-get install postgresql)"
        )
    root = Path(tempfile.mkdtemp(prefix="captioncheck-pg-"))
    runner = _Runner(bin_dir, root)
    try:
        runner.initdb()
        yield PostgresServer(runner.start())
    finally:
        runner.stop()
        shutil.rmtree(root, ignore_errors=True)


class _Runner:
    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir, self.root = bin_dir, root
        self.data, self.log = root / "data", root / "server.log"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(root, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", SERVER_USER, "--"]
        self.started = False

    def initdb(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")

    def start(self) -> str:
        failure = ""
        for _ in range(START_TRIES):  # a free port may be taken before the server binds it
            port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {self.root} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                          "-o", options, "start")
            except PostgresUnavailable as exc:
                failure = str(exc)
                continue
            self.started = True
            return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        raise PostgresUnavailable(failure)

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _run(self, program: str, *args: str) -> None:
        command = [*self.prefix, str(self.bin_dir / program), *args]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120,
                              check=False)
        if done.returncode != 0:
            server_log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(
                f"{program} failed ({done.returncode}): {done.stderr.strip()[-2000:]} {server_log}".strip()
            )
