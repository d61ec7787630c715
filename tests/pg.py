"""A real PostgreSQL server for the tests: the machine's own, or a throwaway cluster.

Order: ALUR_TEST_DATABASE_URL if set; else the server on 127.0.0.1:5432; else a cluster started
from the installed server binaries in a temporary folder. If none can be had the tests fail
(never skip): CI must prove the PostgreSQL store works.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

TEST_DATABASE = "alur_test"


class NoPostgres(RuntimeError):
    pass


def _reachable(dsn: str) -> bool:
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary folder; stopped and removed at the end of the run."""

    def __init__(self) -> None:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not candidates:
            raise NoPostgres("no PostgreSQL server binaries found under /usr/lib/postgresql")
        self.bin = Path(candidates[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="alur-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres")

    def start(self) -> str:
        run = [*self.as_user]
        subprocess.run(
            [*run, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1",
                "-l",
                str(self.root / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def server_url() -> tuple[str, ThrowawayCluster | None]:
    """A reachable server's maintenance DSN, starting a throwaway cluster if need be."""
    explicit = os.environ.get("ALUR_TEST_DATABASE_URL")
    if explicit:
        if not _reachable(explicit):
            raise NoPostgres(f"ALUR_TEST_DATABASE_URL={explicit} is not reachable")
        return explicit, None
    local = "postgresql://postgres@127.0.0.1:5432/postgres"
    if _reachable(local):
        return local, None
    cluster = ThrowawayCluster()
    try:
        return cluster.start(), cluster
    except (subprocess.CalledProcessError, OSError) as exc:
        cluster.stop()
        raise NoPostgres(f"could not start a throwaway PostgreSQL cluster: {exc}") from exc


def test_database_url(maintenance_url: str) -> str:
    """Create (once) and return the DSN of the database the tests use."""
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        # Several pytest-xdist workers start at once on a fresh server: one creates, the others
        # wait on the lock and then find it (CREATE DATABASE cannot run inside a transaction).
        conn.execute("SELECT pg_advisory_lock(hashtext('alur-test-database'))")
        try:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEST_DATABASE,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEST_DATABASE)))
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('alur-test-database'))")
    params = psycopg.conninfo.conninfo_to_dict(maintenance_url)
    params["dbname"] = TEST_DATABASE
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def drop_schema(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@contextmanager
def scratch_database(database_url: str) -> Iterator[str]:
    """A new empty database on the same server, dropped afterwards (for whole-platform tests)."""
    name = f"alur_scratch_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # A commit need not wait for the disk: a test's data outlives no server crash, and a
        # tenant's tables are a hundred commits of DDL (0.46 ms each, not 1.1 ms). A process of
        # ours killed mid-write loses nothing committed all the same.
        conn.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name)))
    params = psycopg.conninfo.conninfo_to_dict(database_url)
    params["dbname"] = name
    try:
        yield psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
