"""`alur tenant export` and `import`: a tenant's whole store as one file, and back into any store.

Export reads one consistent snapshot of the tenant's store (a REPEATABLE READ transaction on
PostgreSQL, one read transaction on SQLite) and streams it into the file (adapters/
tenant_archive.py): events exactly as stored, the SOP versions adopted, the documents.

Import reads the file twice. The first pass checks every record and the manifest and writes
nothing, so a damaged file is refused naming its first bad record with nothing changed. The
second pass writes every event and document in one transaction, checking the same digests
again (a file changed in between rolls the transaction back). Events keep their notification
ids: the order, and the positions the read models track, are the exporter's. The tenant is then
registered and its read models rebuilt from zero.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import Notification
from psycopg import Connection, sql
from psycopg_pool import ConnectionPool

from adapters.platform import Platform
from adapters.sessions import DDL as SESSIONS_DDL
from adapters.store import sqlite_path
from adapters.tenant_archive import (
    ADOPTED_TOPICS,
    ArchiveError,
    ArchiveWriter,
    DocumentRecord,
    Event,
    read_archive,
)
from domain.calendar import OfficeHours
from domain.errors import InvalidInputError, NotFoundError
from tenants.model import MAIN_DATABASE, Tenant

Progress = Callable[[int, int], None]  # (done, total)
SESSION_COLUMNS = ("token_hash", "kind", "username", "csrf", "created_at", "expires_at", "revoked_at")
BATCH = 1000


def tenant_header(tenant: Tenant) -> dict[str, Any]:
    hours = tenant.office_hours
    return {
        "slug": tenant.slug,
        "name": tenant.name,
        "region": tenant.region,
        "timezone": tenant.timezone,
        "office_hours": f"{hours.start:%H:%M}-{hours.end:%H:%M}",
        "variant_id": tenant.variant_id,
        "variant_version": tenant.variant_version,
    }


# -- export ------------------------------------------------------------------------------------


def export_tenant(
    platform: Platform, slug: str, path: Path, *, sessions: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    """Write the tenant's store to `path` (gzip'd JSON lines); returns the manifest.

    The file appears under its name only once complete: a failed export leaves none behind.
    `sessions`: also the signed-in sessions (token hashes), for a move; a file for the archive
    does not need them.
    """
    tenant = platform.tenant(slug)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as out:
            manifest = write_export(platform, tenant, out, sessions=sessions, progress=progress)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def write_export(
    platform: Platform, tenant: Tenant, out: IO[bytes], *, sessions: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Stream the tenant's store into `out`; returns the manifest."""
    service = platform.services.for_tenant(tenant)  # its tables exist from here on
    writer = ArchiveWriter(out)
    backend = "postgresql" if platform.settings.database_url else "sqlite"
    now = datetime.now(UTC).isoformat()
    writer.header(tenant_header(tenant), {"backend": backend, "database": tenant.database}, now)
    with _snapshot(platform, tenant) as snapshot:
        total, done = snapshot.count(), 0
        adopted: list[Event] = []
        for event in snapshot.events():
            writer.event(
                event.position, event.originator_id, event.originator_version, event.topic, event.state
            )
            if event.topic in ADOPTED_TOPICS:
                adopted.append(event)
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, total)
        for event in adopted:
            stored = Notification(id=event.position, originator_id=event.originator_id,
                                  originator_version=event.originator_version, topic=event.topic,
                                  state=event.state)  # fmt: skip
            version: Any = service.mapper.to_domain_event(stored)
            writer.sop_version(
                event.position, version.variant_id, version.variant_version, version.fingerprint
            )
        for document in snapshot.documents():
            writer.document(document.sha256, document.content_type, document.content)
            done += 1
            if progress is not None:
                progress(done, total)
        if sessions:
            for row in snapshot.sessions():
                writer.session(row)
    manifest = writer.close()
    if progress is not None:
        progress(total, total)
    return manifest


def manifest_of(platform: Platform, tenant: Tenant, *, sessions: bool = False) -> dict[str, Any]:
    """The manifest an export of the tenant's store would have, writing nothing anywhere."""
    with open(os.devnull, "wb") as nowhere:
        return write_export(platform, tenant, nowhere, sessions=sessions)


class _Snapshot:
    """One consistent read of a tenant's store."""

    def count(self) -> int:
        raise NotImplementedError

    def events(self) -> Iterator[Event]:
        raise NotImplementedError

    def documents(self) -> Iterator[DocumentRecord]:
        raise NotImplementedError

    def sessions(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError


@contextmanager
def _snapshot(platform: Platform, tenant: Tenant) -> Iterator[_Snapshot]:
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


class _SqliteSnapshot(_Snapshot):
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
        for row in self.conn.execute(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM web_sessions ORDER BY token_hash"
        ):
            yield dict(zip(SESSION_COLUMNS, row, strict=True))


class _PgSnapshot(_Snapshot):
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
        statement = sql.SQL("SELECT {} FROM {}.web_sessions ORDER BY token_hash").format(
            sql.SQL(", ").join(map(sql.Identifier, SESSION_COLUMNS)), self.schema
        )
        for row in self.conn.execute(statement):
            yield {column: row[column] for column in SESSION_COLUMNS}

    def _stream(self, statement: sql.Composed, size: int) -> Iterator[Any]:
        """A server-side cursor: rows arrive `size` at a time, never the whole table."""
        with self.conn.cursor(name=f"alur_export_{os.getpid()}") as cursor:
            cursor.itersize = size
            cursor.execute(statement)
            yield from cursor


# -- import ------------------------------------------------------------------------------------


def check_archive(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Read the whole file, checking every record; returns its header (ArchiveError if bad)."""
    header: dict[str, Any] = {}
    for record in read_archive(path, progress):
        if isinstance(record, dict) and record.get("kind") == "header":
            header = record
    _tenant_fields(header)
    return header


def import_tenant(
    platform: Platform,
    path: Path,
    *,
    slug: str | None = None,
    database: str = MAIN_DATABASE,
    register: bool = True,
    progress: Progress | None = None,
    rebuild_progress: Progress | None = None,
) -> Tenant:
    """Restore the tenant of `path` (as `slug` if given) into `database`; returns it.

    Refused, changing nothing: a damaged file (ArchiveError naming the record), a slug the
    registry has already (`register`: a move keeps the registry's own record), or a target
    store that holds events already.
    """
    header = check_archive(path, progress)
    tenant = _tenant_fields(header, slug, database)
    if register:
        try:
            platform.registry.get(tenant.slug)
        except NotFoundError:
            pass
        else:
            raise InvalidInputError(
                f"tenant {tenant.slug!r} sudah ada; impor dengan --as SLUG lain",
                f"tenant {tenant.slug!r} already exists; import it --as another SLUG",
                field="slug",
            )
    _check_database(platform, database)
    target = _target(platform, tenant)
    existed = target.exists()
    try:
        platform.services.for_tenant(tenant)  # the library's tables, in a new schema or file
        with target.transaction() as writer:
            for record in read_archive(path, progress):  # checked again as written
                if isinstance(record, Event):
                    writer.event(record)
                elif isinstance(record, DocumentRecord):
                    writer.document(record)
                elif record.get("kind") == "session":
                    writer.session(record["row"])
        if register:
            platform.registry.restore(
                tenant.slug, name=tenant.name, variant_id=tenant.variant_id,
                variant_version=tenant.variant_version, timezone=tenant.timezone, region=tenant.region,
                office_hours=header["tenant"]["office_hours"], database=database, actor="import",
            )  # fmt: skip
            platform.directory.refresh()
    except BaseException as error:
        if not existed and not isinstance(error, TargetNotEmptyError):  # else: another's, not ours
            platform.services.forget(tenant)
            target.discard()
        raise
    platform.services.projector(tenant).rebuild(progress=rebuild_progress)
    return tenant


def _tenant_fields(header: dict[str, Any], slug: str | None = None, database: str = MAIN_DATABASE) -> Tenant:
    try:
        fields = header["tenant"]
        return Tenant(
            slug=slug or fields["slug"],
            name=fields["name"],
            region=fields["region"],
            timezone=fields["timezone"],
            variant_id=fields["variant_id"],
            variant_version=int(fields["variant_version"]),
            office_hours=OfficeHours.parse(fields["office_hours"]),
            database=database,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ArchiveError(
            1, f"kepala berkas tidak lengkap ({error})", f"incomplete header ({error})"
        ) from None


def _check_database(platform: Platform, database: str) -> None:
    known = platform.settings.database_urls()
    if database != MAIN_DATABASE and database not in known:
        raise InvalidInputError(
            f"basis data {database!r} tidak ada di ALUR_DATABASES",
            f"no database {database!r} in ALUR_DATABASES",
            field="database",
        )


class TargetNotEmptyError(InvalidInputError):
    """The store an import would write holds events already (an earlier copy, another tenant)."""


class _Writer:
    def event(self, event: Event) -> None:
        raise NotImplementedError

    def document(self, document: DocumentRecord) -> None:
        raise NotImplementedError

    def session(self, row: dict[str, Any]) -> None:
        raise NotImplementedError


def _not_empty(tenant: Tenant) -> TargetNotEmptyError:
    return TargetNotEmptyError(
        f"penyimpanan tenant {tenant.slug!r} di basis data {tenant.database!r} sudah berisi peristiwa",
        f"the store of tenant {tenant.slug!r} in database {tenant.database!r} holds events already",
        field="slug",
    )


def _target(platform: Platform, tenant: Tenant) -> _SqliteTarget | _PgTarget:
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
    def transaction(self) -> Iterator[_Writer]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone():
                    raise _not_empty(self.tenant)
                for statement in SESSIONS_DDL:
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


class _SqliteWriter(_Writer):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: list[tuple[Any, ...]] = []

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
    def transaction(self) -> Iterator[_Writer]:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(sql.SQL("LOCK TABLE {}.alur_events IN EXCLUSIVE MODE").format(self.schema))
            if conn.execute(sql.SQL("SELECT 1 FROM {}.alur_events LIMIT 1").format(self.schema)).fetchone():
                raise _not_empty(self.tenant)
            for statement in SESSIONS_DDL:
                conn.execute(statement.replace("EXISTS web_", f'EXISTS "{self.tenant.schema}".web_'))
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


class _PgWriter(_Writer):
    def __init__(self, conn: Connection[Any], schema: sql.Identifier) -> None:
        self.conn = conn
        self.schema = schema
        self.rows: list[tuple[Any, ...]] = []

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


def with_database(tenant: Tenant, database: str) -> Tenant:
    """The tenant as it will be once moved: the same, in another database."""
    return replace(tenant, database=database)
