"""The tenant's store as the projections see it: SQLite file or PostgreSQL schema.

Read models live beside the tenant's events (same SQLite file, same PostgreSQL schema), so a
tenant's read models never share a table with another's, and the events a batch reads and the
rows it writes are in one database. On PostgreSQL the transaction borrows the process's shared
pool and sets `search_path` for itself only (`SET LOCAL`), so the connection bound holds.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg_pool import ConnectionPool

from adapters.turns import checkpoint, outside
from projections.base import RawEvent, Row

SQLITE_EVENTS = "stored_events"  # the library's table name in each tenant's file
PG_EVENTS = "alur_events"  # `{application name}_events` in each tenant's schema


class SqliteTx:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(statement, tuple(params))

    def execute_many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(statement, [tuple(row) for row in params])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        checkpoint()  # a request of a busy tenant yields here to a lighter one's (adapters/turns.py)
        with outside():
            cursor = self.conn.execute(statement, tuple(params))
            names = [column[0] for column in cursor.description or ()]
            found = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in found]


class SqliteProjectionDB:
    """Projections in the tenant's SQLite file; writers serialise on `BEGIN IMMEDIATE`."""

    dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            self._local.conn = conn
            with self._opened_lock:
                self._opened.append(conn)
        return conn

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[SqliteTx]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield SqliteTx(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def read_events(self, tx: Any, after: int, limit: int) -> list[RawEvent]:
        rows = tx.query(
            f"SELECT rowid AS id, originator_id, originator_version, topic, state FROM {SQLITE_EVENTS}"
            " WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (after, limit),
        )
        return [_raw(row) for row in rows]

    def read_originator(self, tx: Any, originator_id: UUID) -> list[RawEvent]:
        rows = tx.query(
            f"SELECT rowid AS id, originator_id, originator_version, topic, state FROM {SQLITE_EVENTS}"
            " WHERE originator_id = ? ORDER BY originator_version",
            (originator_id.hex,),
        )
        return [_raw(row) for row in rows]

    def head(self, tx: Any) -> int:
        return int(tx.query(f"SELECT COALESCE(MAX(rowid), 0) AS head FROM {SQLITE_EVENTS}")[0]["head"])

    def close(self) -> None:
        with self._opened_lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._local = threading.local()


FEW_ROWS = 16


class PostgresTx:
    dialect = "postgres"

    def __init__(self, conn: Connection[Any], schema: str | None = None) -> None:
        self.conn = conn
        self.schema = schema  # given: table names are qualified with it (no search_path set)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_pg(statement, self.schema), tuple(params))

    def execute_many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_pg(statement, self.schema), [tuple(row) for row in params])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A few rows: one multi-row INSERT (one round trip); many: COPY, far cheaper per row."""
        if len(rows) <= FEW_ROWS:
            one = f"({', '.join('?' for _ in columns)})"
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(one for _ in rows)}"
            self.conn.execute(_pg(statement, self.schema), [value for row in rows for value in row])
            return
        target = sql.Identifier(self.schema, table) if self.schema else sql.Identifier(table)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            target, sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        checkpoint()
        with outside():
            found = self.conn.execute(_pg(statement, self.schema), tuple(params)).fetchall()
        return [dict(row) for row in found]


SAVEPOINT = "alur_read_models"


class PipelinedTx(PostgresTx):
    """A transaction in pipeline mode: a statement goes out with the next sync, unless its answer
    is read; COPY is not allowed there, so rows go in by multi-row INSERTs."""

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        for start in range(0, len(rows), FEW_ROWS):
            super().insert_rows(table, columns, rows[start : start + FEW_ROWS])

    def query_later(self, statement: str, params: Sequence[Any] = ()) -> Callable[[], list[Row]]:
        """Send the query with the next sync; the rows once asked for (after that sync)."""
        cursor = self.conn.execute(_pg(statement, self.schema), tuple(params))
        return lambda: [dict(row) for row in cursor.fetchall()]


TENANT_TABLES = re.compile(
    r"\b(rm_[a-z_]+|web_[a-z_]+|mail_[a-z_]+|projection_tracking|documents|alur_events|alur_chain"
    r"|alur_chain_heads)\b"
)


@lru_cache(maxsize=8192)
def _pg(statement: str, schema: str | None = None) -> str:
    """`?` placeholders to psycopg's `%s` (the SQL of the read models never has `%` or `?`),
    and with a schema, the tenant's tables qualified with it."""
    converted = statement.replace("?", "%s")
    if schema is None:
        return converted
    return TENANT_TABLES.sub(lambda found: f'"{schema}".{found.group(1)}', converted)


class PostgresProjectionDB:
    """Projections in the tenant's schema, on the process's shared pool."""

    dialect = "postgres"

    def __init__(self, pool: ConnectionPool[Any], schema: str) -> None:
        self.pool = pool
        self.schema = schema

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[PostgresTx]:
        """A write: one transaction, the schema on its search path; a projector batch's rows go
        in by COPY. A read: each query on its own (autocommit) with the tenant's tables named in
        full, so a page's read is one round trip a query."""
        if not write:
            with self.pool.connection() as conn:
                yield PostgresTx(conn, self.schema)
            return
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(self.schema)))
            yield PostgresTx(conn)

    def savepoint(self, conn: Connection[Any]) -> PipelinedTx:
        """Write the read models in a transaction the caller holds open on `conn` (a save's, in
        pipeline mode), from a savepoint: `undo` takes back this part alone, the caller's work
        stays. Nothing is sent until the caller's pipeline syncs."""
        conn.execute(f"SAVEPOINT {SAVEPOINT}")
        conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(self.schema)))
        return PipelinedTx(conn)

    def release(self, conn: Connection[Any]) -> None:
        conn.execute(f"RELEASE SAVEPOINT {SAVEPOINT}")

    def undo(self, conn: Connection[Any]) -> None:
        """Back to the savepoint (queued: it runs before the caller's commit)."""
        conn.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
        conn.execute(f"RELEASE SAVEPOINT {SAVEPOINT}")

    def read_events(self, tx: Any, after: int, limit: int) -> list[RawEvent]:
        rows = tx.query(
            "SELECT notification_id AS id, originator_id, originator_version, topic, state"
            f" FROM {PG_EVENTS} WHERE notification_id > ? ORDER BY notification_id LIMIT ?",
            (after, limit),
        )
        return [_raw(row) for row in rows]

    def read_originator(self, tx: Any, originator_id: UUID) -> list[RawEvent]:
        rows = tx.query(
            "SELECT notification_id AS id, originator_id, originator_version, topic, state"
            f" FROM {PG_EVENTS} WHERE originator_id = ? ORDER BY originator_version",
            (originator_id,),
        )
        return [_raw(row) for row in rows]

    def head(self, tx: Any) -> int:
        return int(tx.query(f"SELECT COALESCE(MAX(notification_id), 0) AS head FROM {PG_EVENTS}")[0]["head"])

    def close(self) -> None:
        """The pool belongs to the process."""


def _raw(row: Row) -> RawEvent:
    originator = row["originator_id"]
    return RawEvent(
        id=int(row["id"]),
        originator_id=originator if isinstance(originator, UUID) else UUID(str(originator)),
        originator_version=int(row["originator_version"]),
        topic=row["topic"],
        state=bytes(row["state"]),
    )
