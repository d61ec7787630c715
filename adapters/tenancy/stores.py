"""A tenant's store read and written as a whole, on SQLite or PostgreSQL, for export and import.

A snapshot is one consistent read (a REPEATABLE READ transaction on PostgreSQL, one read
transaction on SQLite), streaming events and documents a batch at a time. A target writes a
whole tenant in one transaction, with the positions (notification ids) it is given, into a
store that holds no events yet.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg_pool import ConnectionPool

from adapters import chain
from adapters.composition import Platform
from adapters.mail import DDL as MAIL_DDL
from adapters.sessions import DDL as SESSIONS_DDL
from adapters.sessions import EPOCH_NOW
from adapters.store import sqlite_path
from adapters.tenancy.archive import MAIL_TABLES, DocumentRecord, Event
from domain.errors import InvalidInputError
from tenants.model import Tenant

# A moved session carries no credential epoch: only sessions of their user's epoch now are taken
# (one a reset ended stays ended), and they arrive as epoch 0 in a store that has no epochs yet.
SESSION_COLUMNS = ("token_hash", "kind", "username", "csrf", "created_at", "expires_at", "revoked_at")
BATCH = 1000  # events a write sends at once


class Snapshot:
    """One consistent read of a tenant's store."""

    def count(self) -> int:
        raise NotImplementedError

    def events(self) -> Iterator[Event]:
        raise NotImplementedError

    def documents(self) -> Iterator[DocumentRecord]:
        raise NotImplementedError

    def sessions(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def mail(self, table: str) -> Iterator[dict[str, Any]]:
        """The rows of one of the tenant's mail tables (none if it was never made)."""
        raise NotImplementedError


@contextmanager
def snapshot(platform: Platform, tenant: Tenant) -> Iterator[Snapshot]:
    if platform.settings.database_url is None:
        conn = sqlite3.connect(sqlite_path(platform.settings, tenant.slug), timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN")  # one read snapshot for the whole export (WAL)
            yield _SqliteSnapshot(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    pool = platform.services.pool_for(tenant.database)
    with pool.connection() as pg, pg.transaction():
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield _PgSnapshot(pg, tenant.schema)


class _SqliteSnapshot(Snapshot):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def count(self) -> int:
        row = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM stored_events) + (SELECT COUNT(*) FROM documents)"
        ).fetchone()
        return int(row[0])

    def events(self) -> Iterator[Event]:
        rows = self.conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        )
        for position, originator, version, topic, state in rows:
            yield Event(int(position), UUID(originator), int(version), topic, bytes(state))

    def documents(self) -> Iterator[DocumentRecord]:
        for sha256, content_type, content in self.conn.execute(
            "SELECT sha256, content_type, content FROM documents ORDER BY sha256"
        ):
            yield DocumentRecord(sha256, content_type, bytes(content))

    def sessions(self) -> Iterator[dict[str, Any]]:
        found = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'web_sessions'"
        )
        if found.fetchone() is None:
            return
        epochs = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'web_credential_epochs'"
        ).fetchone()
        live = f" WHERE epoch = {EPOCH_NOW.format(user='web_sessions.username')}" if epochs else ""
        for row in self.conn.execute(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM web_sessions{live} ORDER BY token_hash"
        ):
            yield dict(zip(SESSION_COLUMNS, row, strict=True))

    def mail(self, table: str) -> Iterator[dict[str, Any]]:
        columns = MAIL_TABLES[table]
        found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        if found.fetchone():
            for row in self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}"):
                yield dict(zip(columns, row, strict=True))


class _PgSnapshot(Snapshot):
    def __init__(self, conn: Connection[Any], schema: str) -> None:
        self.conn = conn
        self.schema = sql.Identifier(schema)
        self.name = schema

    def count(self) -> int:
        statement = sql.SQL(
            "SELECT (SELECT COUNT(*) FROM {0}.alur_events) + (SELECT COUNT(*) FROM {0}.documents) AS n"
        ).format(self.schema)
        return int(self.conn.execute(statement).fetchone()["n"])  # type: ignore[index]

    def events(self) -> Iterator[Event]:
        statement = sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {}.alur_events ORDER BY notification_id"
        ).format(self.schema)
        for row in self._stream(statement, 1000):
            originator = row["originator_id"]
            originator = originator if isinstance(originator, UUID) else UUID(str(originator))
            yield Event(int(row["notification_id"]), originator, int(row["originator_version"]), row["topic"],
                        bytes(row["state"]))  # fmt: skip

    def documents(self) -> Iterator[DocumentRecord]:
        statement = sql.SQL("SELECT sha256, content_type, content FROM {}.documents ORDER BY sha256")
        for row in self._stream(statement.format(self.schema), 8):  # documents may be megabytes each
            yield DocumentRecord(row["sha256"], row["content_type"], bytes(row["content"]))

    def sessions(self) -> Iterator[dict[str, Any]]:
        found = self.conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL AS found", (f'"{self.name}".web_sessions',)
        )
        if not found.fetchone()["found"]:  # type: ignore[index]
            return
        epochs = self.conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL AS found", (f'"{self.name}".web_credential_epochs',)
        ).fetchone()["found"]  # type: ignore[index]
        live = sql.SQL(
            " WHERE s.epoch = COALESCE((SELECT e.epoch FROM {}.web_credential_epochs e"
            " WHERE e.username = s.username), 0)"
        ).format(self.schema) if epochs else sql.SQL("")  # fmt: skip
        statement = sql.SQL("SELECT {} FROM {}.web_sessions s{} ORDER BY token_hash").format(
            sql.SQL(", ").join(map(sql.Identifier, SESSION_COLUMNS)), self.schema, live
        )
        for row in self.conn.execute(statement):
            yield {column: row[column] for column in SESSION_COLUMNS}

    def mail(self, table: str) -> Iterator[dict[str, Any]]:
        columns = MAIL_TABLES[table]
        found = self.conn.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (f'"{self.name}".{table}',))
        if not found.fetchone()["found"]:  # type: ignore[index]
            return
        statement = sql.SQL("SELECT {} FROM {}.{} ORDER BY {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), self.schema, sql.Identifier(table),
            sql.Identifier(columns[0]),
        )
        for row in self.conn.execute(statement):
            yield {column: row[column] for column in columns}

    def _stream(self, statement: sql.Composed, size: int) -> Iterator[Any]:
        """A server-side cursor: rows arrive `size` at a time, never the whole table."""
        with self.conn.cursor(name=f"alur_export_{os.getpid()}") as cursor:
            cursor.itersize = size
            cursor.execute(statement)
            yield from cursor


class TargetNotEmptyError(InvalidInputError):
    """The store an import would write holds events already (an earlier copy, another tenant)."""


class Writer:
    def event(self, event: Event) -> None:
        raise NotImplementedError

    def document(self, document: DocumentRecord) -> None:
        raise NotImplementedError

    def session(self, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def mail(self, table: str, row: dict[str, Any]) -> None:
        raise NotImplementedError


def _not_empty(tenant: Tenant) -> TargetNotEmptyError:
    return TargetNotEmptyError(
        f"penyimpanan tenant {tenant.slug!r} di basis data {tenant.database!r} sudah berisi peristiwa",
        f"the store of tenant {tenant.slug!r} in database {tenant.database!r} holds events already",
        field="slug",
    )


def target(platform: Platform, tenant: Tenant) -> _SqliteTarget | _PgTarget:
    if platform.settings.database_url is None:
        return _SqliteTarget(sqlite_path(platform.settings, tenant.slug), tenant)
    return _PgTarget(platform.services.pool_for(tenant.database), tenant)


class _SqliteTarget:
    def __init__(self, path: Path, tenant: Tenant) -> None:
        self.path = path
        self.tenant = tenant

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone():
                    raise _not_empty(self.tenant)
                for statement in (*SESSIONS_DDL, *MAIL_DDL):
                    conn.execute(statement)
                writer = _SqliteWriter(conn)
                yield writer
                writer.flush()
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def discard(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class _Links:
    """The hash chain of the events written, computed as they go in (the target is empty, so
    from the first link): the copy's chain is the original's, event for event."""

    def __init__(self) -> None:
        self.previous = chain.GENESIS

    def of(self, events: list[tuple[int, UUID, int, str, bytes]]) -> list[tuple[int, bytes]]:
        links = []
        for position, originator_id, version, topic, state in events:
            self.previous = chain.link(self.previous, chain.canonical(originator_id, version, topic, state))
            links.append((position, self.previous))
        return links


class _SqliteWriter(Writer):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: list[tuple[Any, ...]] = []
        self.links = _Links()

    def event(self, event: Event) -> None:
        self.rows.append(
            (event.position, event.originator_id.hex, event.originator_version, event.topic, event.state)
        )
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?, ?)",
            self.rows,
        )
        links = self.links.of([(p, UUID(hex=o), v, t, bytes(s)) for p, o, v, t, s in self.rows])
        self.conn.executemany(f"INSERT INTO {chain.TABLE} (position, hash) VALUES (?, ?)", links)
        self.rows.clear()

    def document(self, document: DocumentRecord) -> None:
        self.flush()
        self.conn.execute(
            "INSERT INTO documents (sha256, content_type, size, content) VALUES (?, ?, ?, ?)",
            (document.sha256, document.content_type, len(document.content), document.content),
        )

    def session(self, row: dict[str, Any]) -> None:
        self.flush()
        marks = ", ".join("?" for _ in SESSION_COLUMNS)
        self.conn.execute(
            f"INSERT INTO web_sessions ({', '.join(SESSION_COLUMNS)}) VALUES ({marks})",
            tuple(row.get(column) for column in SESSION_COLUMNS),
        )

    def mail(self, table: str, row: dict[str, Any]) -> None:
        self.flush()
        columns = [column for column in MAIL_TABLES[table] if column in row]
        marks = ", ".join("?" for _ in columns)
        self.conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                          tuple(row[column] for column in columns))  # fmt: skip


class _PgTarget:
    def __init__(self, pool: ConnectionPool[Any], tenant: Tenant) -> None:
        self.pool = pool
        self.tenant = tenant
        self.schema = sql.Identifier(tenant.schema)

    def exists(self) -> bool:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.tenant.schema,)
            ).fetchone()
        return row is not None

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(sql.SQL("LOCK TABLE {}.alur_events IN EXCLUSIVE MODE").format(self.schema))
            if conn.execute(sql.SQL("SELECT 1 FROM {}.alur_events LIMIT 1").format(self.schema)).fetchone():
                raise _not_empty(self.tenant)
            for statement in SESSIONS_DDL:
                conn.execute(statement.replace("EXISTS web_", f'EXISTS "{self.tenant.schema}".web_'))
            for statement in MAIL_DDL:  # the tables in the tenant's schema, an index's name bare
                conn.execute(re.sub(r"(TABLE IF NOT EXISTS|ON) (mail_\w+)", rf'\1 "{self.tenant.schema}".\2',
                                    statement))  # fmt: skip
            writer = _PgWriter(conn, self.schema)
            yield writer
            writer.flush()
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({0}, 'notification_id'), MAX(notification_id))"
                    " FROM {1}.alur_events HAVING MAX(notification_id) IS NOT NULL"
                ).format(sql.Literal(f'"{self.tenant.schema}".alur_events'), self.schema)
            )
            conn.execute(sql.SQL("NOTIFY alur_events, {}").format(sql.Literal(self.tenant.schema)))

    def discard(self) -> None:
        with self.pool.connection() as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(self.schema))


class _PgWriter(Writer):
    def __init__(self, conn: Connection[Any], schema: sql.Identifier) -> None:
        self.conn = conn
        self.schema = schema
        self.rows: list[tuple[Any, ...]] = []
        self.links = _Links()

    def event(self, event: Event) -> None:
        self.rows.append(
            (event.originator_id, event.originator_version, event.topic, event.state, event.position)
        )
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        statement = sql.SQL(
            "COPY {}.alur_events (originator_id, originator_version, topic, state, notification_id)"
            " FROM STDIN"
        ).format(self.schema)
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row)
        links = self.links.of([(p, o, v, t, bytes(s)) for o, v, t, s, p in self.rows])
        statement = sql.SQL(f"COPY {{}}.{chain.TABLE} (position, hash) FROM STDIN").format(self.schema)
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            for link in links:
                copy.write_row(link)
        self.rows.clear()

    def document(self, document: DocumentRecord) -> None:
        self.flush()
        self.conn.execute(
            sql.SQL(
                "INSERT INTO {}.documents (sha256, content_type, size, content) VALUES (%s, %s, %s, %s)"
            ).format(self.schema),
            (document.sha256, document.content_type, len(document.content), document.content),
        )

    def session(self, row: dict[str, Any]) -> None:
        self.flush()
        statement = sql.SQL("INSERT INTO {}.web_sessions ({}) VALUES ({})").format(
            self.schema,
            sql.SQL(", ").join(map(sql.Identifier, SESSION_COLUMNS)),
            sql.SQL(", ").join(sql.Placeholder() * len(SESSION_COLUMNS)),
        )
        self.conn.execute(statement, tuple(row.get(column) for column in SESSION_COLUMNS))

    def mail(self, table: str, row: dict[str, Any]) -> None:
        self.flush()
        columns = [column for column in MAIL_TABLES[table] if column in row]
        statement = sql.SQL("INSERT INTO {}.{} ({}) VALUES ({})").format(
            self.schema, sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        self.conn.execute(statement, tuple(row[column] for column in columns))
