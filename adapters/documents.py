"""Documents kept in the tenant's own store, written in the same transaction as the events.

The application's recorder is extended so that `save(..., documents=[...])` inserts each
document's content (content-addressed: the same file twice is kept once) in the transaction
that inserts the events naming it. A refused or conflicting action therefore leaves no file
behind, and every web process on every machine serves every document: nothing lives on a web
process's disk. SQLite keeps them in the tenant's file, PostgreSQL in the tenant's schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg import Connection, Cursor, Pipeline
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

from adapters import chain
from domain.documents import Document, is_sha256
from projections.base import ProjectionDatabase

TABLE = "documents"
COLUMNS = "sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, size BIGINT NOT NULL"


class InTransaction(Protocol):
    """Work done in a save's own transaction, on its connection, in pipeline mode."""

    def prepare(self, conn: Connection[Any]) -> None:
        """Queue statements that go out with the insert (one round trip for both)."""

    def prepared_failed(self, conn: Connection[Any]) -> None:
        """One of them failed, the insert did not: undo them (queued, before the commit)."""

    def apply(self, conn: Connection[Any], pipeline: Pipeline, ids: Sequence[int]) -> None:
        """The inserted events' positions are known; the commit follows."""


class PostgresDocumentsRecorder(PostgresApplicationRecorder):
    """The library's recorder, also keeping the documents given to `save()`."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.append(
            SQL(f"CREATE TABLE IF NOT EXISTS {{0}}.{TABLE} ({COLUMNS}, content BYTEA NOT NULL)").format(
                Identifier(self.datastore.schema)
            )
        )
        self.sql_create_statements.append(
            SQL(
                f"CREATE TABLE IF NOT EXISTS {{0}}.{chain.TABLE} (position BIGINT PRIMARY KEY,"
                " hash BYTEA NOT NULL)"
            ).format(Identifier(self.datastore.schema))
        )
        # Each event's link, computed by PostgreSQL in the insert's own transaction (the events
        # table is locked by the insert, so the last link read is the one before): no round trip.
        self._insert_link: Composed = SQL(
            f"INSERT INTO {{0}}.{chain.TABLE} (position, hash)"
            f" SELECT e.notification_id, sha256(COALESCE((SELECT c.hash FROM {{0}}.{chain.TABLE} c"
            " ORDER BY c.position DESC LIMIT 1), %s) || %s)"
            " FROM {0}.{1} e WHERE e.originator_id = %s AND e.originator_version = %s"
        ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name.split(".")[-1]))
        self._insert_document: Composed = SQL(
            f"INSERT INTO {{0}}.{TABLE} (sha256, content_type, size, content) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (sha256) DO NOTHING"
        ).format(Identifier(self.datastore.schema))

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        """Name the tenant's schema in the notification, so the projection worker wakes for
        this tenant alone rather than asking every tenant whether it is behind."""
        curs.execute(
            SQL("NOTIFY {0}, {1}").format(Identifier(self.channel_name), Literal(self.datastore.schema))
        )

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        for document in _documents(kwargs):
            curs.execute(self._insert_document, _row(document))
        super()._insert_events(curs, stored_events, **kwargs)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """The library's insert (its RETURNING read on `curs` after the sync), then each event's
        chain link on a cursor of its own, sent in the same pipeline and transaction."""
        super()._insert_stored_events(curs, stored_events, **kwargs)
        with curs.connection.cursor() as links:
            for event in stored_events:
                # Never prepared: after a conflict the pipeline skips what follows the insert,
                # a PREPARE among it, and psycopg would then use a statement that does not exist.
                links.execute(self._insert_link, (chain.GENESIS, chain.canonical(
                    event.originator_id, event.originator_version, event.topic, event.state),
                    event.originator_id, event.originator_version), prepare=False)  # fmt: skip

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """The library's insert; given `in_transaction` (an `InTransaction`), its work is done in
        the same transaction before the commit (the inline read models: one commit for a step,
        not two, and their locks sent with the insert)."""
        in_transaction: InTransaction | None = kwargs.pop("in_transaction", None)
        if in_transaction is None or not stored_events:
            return super().insert_events(stored_events, **kwargs)
        return self._insert_then(stored_events, in_transaction, **kwargs)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _insert_then(
        self, stored_events: Sequence[StoredEvent], in_transaction: InTransaction, **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's `insert_events` (pipelined, the same statements), then the callback."""
        failed: Exception | None = None
        ids: Sequence[int] | None = None
        with self.datastore.get_connection() as conn, conn.pipeline() as pipeline, conn.transaction():
            with conn.cursor() as curs:
                self._insert_events(curs, stored_events, **kwargs)
            with conn.cursor() as curs:
                try:
                    self._insert_stored_events(curs, stored_events, **kwargs)
                    in_transaction.prepare(conn)
                    try:
                        pipeline.sync()  # a conflict is an IntegrityError here, as in the library
                    except Exception:
                        if not (curs.statusmessage or "").startswith("INSERT"):
                            raise  # the insert failed (what follows it was not run)
                        in_transaction.prepared_failed(conn)
                    ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                except Exception as error:  # raised once the cursor is closed, as the library does
                    failed = error
            if failed is not None:
                # Raised inside the transaction, so that it rolls back and the pipeline's own
                # complaint on leaving ("pipeline aborted") cannot take the conflict's place.
                raise failed
            if ids:
                in_transaction.apply(conn, pipeline, ids)
        return ids


class SqliteDocumentsRecorder(SQLiteApplicationRecorder):
    """The same on SQLite, in the tenant's file."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {TABLE} ({COLUMNS}, content BLOB NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {chain.TABLE} (position INTEGER PRIMARY KEY, hash BLOB NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for document in _documents(kwargs):
            c.execute(
                f"INSERT OR IGNORE INTO {TABLE} (sha256, content_type, size, content) VALUES (?, ?, ?, ?)",
                _row(document),
            )
        ids = super()._insert_events(c, stored_events, **kwargs)
        # Each event's chain link, in the insert's transaction (SQLite holds the write lock).
        c.execute(f"SELECT hash FROM {chain.TABLE} ORDER BY position DESC LIMIT 1")
        last = c.fetchone()
        previous = bytes(last[0]) if last else chain.GENESIS
        for position, event in zip(ids or (), stored_events, strict=True):
            previous = chain.link(previous, chain.canonical(event.originator_id, event.originator_version,
                                                            event.topic, event.state))  # fmt: skip
            c.execute(f"INSERT INTO {chain.TABLE} (position, hash) VALUES (?, ?)", (position, previous))
        return ids


def _documents(kwargs: dict[str, Any]) -> Sequence[Document]:
    documents = kwargs.get("documents") or ()
    assert all(isinstance(d, Document) for d in documents)
    return documents


def _row(document: Document) -> tuple[str, str, int, bytes]:
    return (document.sha256, document.content_type, document.size, document.content)


class DocumentStore:
    """Reads a tenant's documents back (the `DocumentReader` port of the queries).

    Files uploaded before documents moved into the database are still read from the data
    folder's `files/`, where earlier releases wrote them.
    """

    def __init__(self, db: ProjectionDatabase, legacy_folder: Path | None = None) -> None:
        self._db = db
        self._legacy = legacy_folder

    def content(self, sha256: str) -> bytes | None:
        if not is_sha256(sha256):
            return None
        with self._db.transaction(write=False) as tx:
            rows = tx.query(f"SELECT content FROM {TABLE} WHERE sha256 = ?", (sha256,))
        if rows:
            return bytes(rows[0]["content"])
        legacy = self._legacy / sha256 if self._legacy else None
        return legacy.read_bytes() if legacy is not None and legacy.is_file() else None
