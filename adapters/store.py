"""Event stores per tenant: one SQLite file per tenant, or one PostgreSQL schema per tenant.

SQLite table names are fixed, so two tenants in one file would share a table: hence a file per
tenant. In PostgreSQL every tenant gets its own schema; the library names the tables after the
application (`alur_events`) and qualifies them with the schema.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from eventsourcing.persistence import Environment, InfrastructureFactory, Notification, PersistenceError
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from adapters.audit_bundle import chain_existing
from adapters.config import Settings
from adapters.holidays_id import PackageHolidays, indonesian_calendar
from adapters.logging import log
from adapters.pgshared import SharedPoolFactory, open_shared_pool
from adapters.projection_db import PipelinedTx, PostgresProjectionDB, SqliteProjectionDB
from domain.errors import AlurError, NotFoundError
from domain.service import Clock, EnvType, RequestService, utc_now
from projections.base import RawEvent
from projections.engine import Projector
from tenants.model import MAIN_DATABASE, Tenant
from tenants.registry import TenantRegistry


def sqlite_path(settings: Settings, slug: str) -> Path:
    return settings.data_dir / "tenants" / f"{slug}.sqlite3"


def tenant_env(settings: Settings, tenant: Tenant) -> EnvType:
    """The eventsourcing environment of one tenant's application."""
    if settings.database_url is None:
        path = sqlite_path(settings, tenant.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "10",
            "APPLICATION_RECORDER_TOPIC": "adapters.documents:SqliteDocumentsRecorder",
            "TRANSCODER_TOPIC": "adapters.codec:CompactTranscoder",  # format v1; older states still read
            "MAPPER_TOPIC": "adapters.codec:ShortTopicMapper",  # topics name no module; old ones resolve
        }
    return {
        **platform_env(settings),
        "POSTGRES_SCHEMA": tenant.schema,
        "APPLICATION_RECORDER_TOPIC": "adapters.documents:PostgresDocumentsRecorder",
    }


def ensure_schema(pool: ConnectionPool[Any], schema: str) -> None:
    with pool.connection() as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


class OnSharedPool:
    """Mixin for an Application whose PostgreSQL datastore borrows the process's shared pool."""

    _shared_pool: ConnectionPool[Any] | None = None

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        if self._shared_pool is None:
            return super().construct_factory(env)  # type: ignore[misc, no-any-return]
        return SharedPoolFactory(env, self._shared_pool)


FROZEN = "alur_tenant_frozen"  # what the freeze trigger of a moving tenant's events table raises


class TenantFrozenError(AlurError):
    """The tenant is being moved to another database: nothing was done, try again shortly (503)."""

    code = "overloaded"

    def __init__(self, retry_after: int = 5) -> None:
        super().__init__(
            "tenant sedang dipindahkan; tidak ada yang diubah, coba lagi sebentar lagi",
            "the tenant is being moved; nothing was done, try again shortly",
        )
        self.retry_after = retry_after


class TenantService(OnSharedPool, RequestService):
    """A tenant's application service; in inline mode it updates the read models after a save.

    While the registry says the tenant is frozen (being moved), a save is refused before it
    reaches the database; the freeze trigger on its events table refuses the saves of a process
    that has not heard yet. Either way it is TenantFrozenError, nothing half-done.
    """

    name = "alur"

    def __init__(self, env: EnvType, *, pool: ConnectionPool[Any] | None, **kwargs: Any) -> None:
        self._shared_pool = pool
        self.after_save: Callable[[], object] | None = None
        # PostgreSQL, inline: the read models written in the save's own transaction
        self.joined: tuple[Projector, PostgresProjectionDB] | None = None
        self.is_frozen: Callable[[], bool] | None = None
        super().__init__(env, **kwargs)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.is_frozen is not None and self.is_frozen():
            raise TenantFrozenError()
        joined = JoinedProjection(*self.joined, _pending(objs)) if self.joined is not None else None
        if joined is not None:
            kwargs["in_transaction"] = joined
        try:
            recordings = super().save(*objs, **kwargs)
        except PersistenceError as error:
            if FROZEN in f"{error} {error.__cause__}":
                raise TenantFrozenError() from None
            raise
        if self.after_save is not None and recordings and not (joined is not None and joined.done):
            try:
                self.after_save()
            except Exception:  # the events are stored; the worker or the next save catches up
                log.exception("projections_catch_up_failed", tenant=self.tenant)
        return recordings


class JoinedProjection:
    """The read models of a save written in its own transaction (`Projector.apply_saved`) from a
    savepoint: their locks go out with the insert, their rows with one more round trip, and the
    commit is the save's. If they cannot be written there (not caught up, or a projection
    fails), nothing of them stays, the events commit all the same, and `done` stays False so
    `catch_up` runs after the commit as it always did (and records a failure where it did)."""

    def __init__(self, projector: Projector, db: PostgresProjectionDB, events: list[Any]) -> None:
        self.projector = projector
        self.db = db
        self.events = events
        self.done = False
        self._tx: PipelinedTx | None = None
        self._positions: Callable[[], dict[str, int]] | None = None

    def prepare(self, conn: psycopg.Connection[Any]) -> None:
        if not self.projector.ready:
            return
        self._tx = self.db.savepoint(conn)
        self._positions = self.projector.lock_saved(self._tx)

    def prepared_failed(self, conn: psycopg.Connection[Any]) -> None:
        if self._tx is not None:
            self.db.undo(conn)
            self._tx = None

    def apply(self, conn: psycopg.Connection[Any], pipeline: psycopg.Pipeline, ids: Sequence[int]) -> None:
        if self._tx is None or self._positions is None:
            return
        try:
            saved = list(zip(ids, self.events, strict=True))
            self.done = self.projector.apply_saved(self._tx, saved, self._positions())
            self.db.release(conn)
            pipeline.sync()  # a read model's error comes back here, inside the savepoint
        except Exception:  # undone to the savepoint; catch_up after the commit tries again
            self.done = False
            with contextlib.suppress(Exception):  # an error seen before the sync: end its segment
                pipeline.sync()
            self.db.undo(conn)


def _pending(objs: Sequence[Any]) -> list[Any]:
    """The events a save will store, in its order: each aggregate's pending events, or the event."""
    events: list[Any] = []
    for obj in objs:
        if obj is not None:
            pending = getattr(obj, "pending_events", None)
            events.extend(pending if pending is not None else [obj])
    return events


class PlatformRegistry(OnSharedPool, TenantRegistry):
    """The tenant registry, in `platform.sqlite3` or schema `alur_platform`."""

    name = "platform"

    def __init__(self, env: EnvType, *, pool: ConnectionPool[Any] | None, clock: Clock) -> None:
        self._shared_pool = pool
        super().__init__(env, clock)


PLATFORM_SCHEMA = "alur_platform"


def platform_env(settings: Settings) -> EnvType:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(settings.data_dir / "platform.sqlite3"),
            "SQLITE_LOCK_TIMEOUT": "10",
            "TRANSCODER_TOPIC": "adapters.codec:CompactTranscoder",
            "MAPPER_TOPIC": "adapters.codec:ShortTopicMapper",
        }
    params = conninfo_to_dict(settings.database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(params.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(params.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(params.get("port") or "5432"),
        "POSTGRES_USER": str(params.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(params.get("password") or ""),
        "POSTGRES_SCHEMA": PLATFORM_SCHEMA,
        "TRANSCODER_TOPIC": "adapters.codec:CompactTranscoder",  # tenants' too (tenant_env)
        "MAPPER_TOPIC": "adapters.codec:ShortTopicMapper",
    }


def behind_pooler(settings: Settings, database: str = "main") -> bool:
    """Whether a database's pool goes through a transaction pooler (PgBouncer): said by its LISTEN
    DSN (ALUR_LISTEN_DATABASE_URL, ALUR_LISTEN_DATABASES) naming another DSN, PostgreSQL itself.
    The pool then never prepares statements (deploy/README.md)."""
    url = settings.database_urls().get(database)
    listen = settings.listen_urls().get(database)
    return url is not None and listen is not None and listen != url


class Services:
    """One live application per tenant, on one bounded PostgreSQL pool per database (or SQLite).

    A tenant's application uses the pool of the database the registry names for it (`main`,
    ALUR_DATABASE_URL, or one of ALUR_DATABASES); a database's pool opens when a tenant there is
    first used. Applications are kept per (tenant, database): once a tenant moves, the next use
    opens it in its new database. Keep this object for the life of the process: closing it
    closes every application and pool.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock = utc_now,
        pool_size: int = 10,
        application_name: str | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._services: dict[tuple[str, str], TenantService] = {}
        self._projectors: dict[tuple[str, str], Projector] = {}
        # (slug, database) -> refuse its saves? Frozen, or moved away from that database since.
        self.is_frozen: Callable[[str, str], bool] | None = None
        self._application_name = application_name or f"alur-{os.getpid()}"
        self._lock = threading.Lock()
        self._registry: TenantRegistry | None = None
        self.pool_size = pool_size
        self.pool = (
            open_shared_pool(
                settings.database_url,
                pool_size,
                application_name or f"alur-{os.getpid()}",
                prepare=not behind_pooler(settings),
            )
            if settings.database_url
            else None
        )
        self._pools: dict[str, ConnectionPool[Any]] = {MAIN_DATABASE: self.pool} if self.pool else {}

    def pool_for(self, database: str) -> ConnectionPool[Any]:
        """The process's pool for the named database, opened on first use."""
        with self._lock:
            return self._pool_for(database)

    def _pool_for(self, database: str) -> ConnectionPool[Any]:
        pool = self._pools.get(database)
        if pool is None:
            url = self.settings.database_urls().get(database)
            if url is None:
                raise NotFoundError(
                    f"basis data {database!r} tidak ada di ALUR_DATABASES",
                    f"no database {database!r} in ALUR_DATABASES",
                    field="database",
                )
            prepare = not behind_pooler(self.settings, database)
            pool = open_shared_pool(url, self.pool_size, self._application_name, prepare=prepare)
            self._pools[database] = pool
        return pool

    def for_tenant(self, tenant: Tenant) -> RequestService:
        with self._lock:
            return self._service(tenant)

    def _service(self, tenant: Tenant) -> TenantService:
        key = (tenant.slug, tenant.database)
        service = self._services.get(key)
        if service is None:
            self._forget(tenant.slug)  # the copy in the database it left, if any
            pool = self._pool_for(tenant.database) if self.pool is not None else None
            if pool is not None:
                _created(lambda: ensure_schema(pool, tenant.schema))
            service = _created(
                lambda: TenantService(
                    tenant_env(self.settings, tenant),
                    pool=pool,
                    tenant=tenant.slug,
                    calendar=indonesian_calendar(tenant.timezone, tenant.office_hours),
                    clock=self.clock,
                )
            )
            service.holiday_source = PackageHolidays()
            if self.is_frozen is not None:
                is_frozen, slug, database = self.is_frozen, tenant.slug, tenant.database
                service.is_frozen = lambda: is_frozen(slug, database)
            self._services[key] = service
            self._chained(tenant, service)
            if self.settings.projections == "inline":
                projector = self._projector(tenant, service)
                service.after_save = projector.catch_up
                if isinstance(projector.db, PostgresProjectionDB):
                    service.joined = (projector, projector.db)
            elif self.settings.inline_projections:
                # Worker mode: the writer still projects what the next role's inbox and the
                # request page read (visible as soon as the step is answered, on the command's
                # own connection); the worker catches up the rest. Both lock the tracking rows
                # of what they apply, so each event is applied once, whoever gets there first.
                service.after_save = partial(
                    self._projector(tenant, service).catch_up, self.settings.inline_projections
                )
        return service

    def _chained(self, tenant: Tenant, service: RequestService) -> None:
        """Put events stored before the hash chain existed (or copied in without their links)
        into it, once, and note it in the tenant's history (adapters/chain.py)."""
        chained, head = chain_existing(self._projector(tenant, service).db)
        if chained and head is not None:
            service.record_chaining(chained, head.hex())
            log.info("audit_chain_extended", tenant=tenant.slug, chained=chained)

    def projector(self, tenant: Tenant) -> Projector:
        """The tenant's read models (inbox, requests, audit, SLA), in the tenant's own store."""
        with self._lock:
            return self._projector(tenant, self._service(tenant))

    def _projector(self, tenant: Tenant, service: RequestService) -> Projector:
        key = (tenant.slug, tenant.database)
        projector = self._projectors.get(key)
        if projector is None:
            db: SqliteProjectionDB | PostgresProjectionDB
            if self.pool is None:
                db = SqliteProjectionDB(sqlite_path(self.settings, tenant.slug))
            else:
                db = PostgresProjectionDB(self._pool_for(tenant.database), tenant.schema)
            projector = Projector(db, _decoder(service), service.calendar)
            self._projectors[key] = projector
        return projector

    def forget(self, tenant: Tenant) -> None:
        """Close the tenant's application and read models here (before its store is removed)."""
        with self._lock:
            self._forget(tenant.slug)

    def _forget(self, slug: str) -> None:
        for key in [key for key in self._projectors if key[0] == slug]:
            self._projectors.pop(key).db.close()
        for key in [key for key in self._services if key[0] == slug]:
            self._services.pop(key).close()

    def registry(self) -> TenantRegistry:
        """The platform's tenant registry (one per process)."""
        with self._lock:
            if self._registry is None:
                if self.pool is not None:
                    _created(lambda: ensure_schema(self.pool, PLATFORM_SCHEMA))  # type: ignore[arg-type]
                self._registry = _created(
                    lambda: PlatformRegistry(platform_env(self.settings), pool=self.pool, clock=self.clock)
                )
            return self._registry

    def close(self) -> None:
        with self._lock:
            if self._registry is not None:
                self._registry.close()
                self._registry = None
            for projector in self._projectors.values():
                projector.db.close()
            self._projectors.clear()
            for service in self._services.values():
                service.close()
            self._services.clear()
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()


T = TypeVar("T")


def _created(construct: Callable[[], T], attempts: int = 5) -> T:
    """Construct an application, again if another process was creating the same tables.

    PostgreSQL refuses concurrent `CREATE … IF NOT EXISTS` on one schema ("tuple concurrently
    updated") when two processes open a new tenant at once; the statements are idempotent, so
    trying again once the other has committed is safe.
    """
    for attempt in range(attempts):
        try:
            return construct()
        except (PersistenceError, psycopg.errors.UniqueViolation) as error:
            if attempt == attempts - 1 or not _is_ddl_race(error):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _is_ddl_race(error: BaseException) -> bool:
    text = f"{error} {error.__cause__}"
    return "concurrently updated" in text or "already exists" in text or "duplicate key" in text


def _decoder(service: RequestService) -> Callable[[RawEvent], Any]:
    mapper = service.mapper

    def decode(raw: RawEvent) -> Any:
        return mapper.to_domain_event(
            Notification(
                id=raw.id,
                originator_id=raw.originator_id,
                originator_version=raw.originator_version,
                topic=raw.topic,
                state=raw.state,
            )
        )

    return decode
