"""Event stores per tenant: one SQLite file per tenant, or one PostgreSQL schema per tenant.

SQLite table names are fixed, so two tenants in one file would share a table: hence a file per
tenant. In PostgreSQL every tenant gets its own schema; the library names the tables after the
application (`alur_events`) and qualifies them with the schema.
"""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from adapters.config import Settings
from adapters.holidays_id import indonesian_calendar
from domain.service import Clock, RequestService, utc_now
from tenants.model import Tenant


def sqlite_path(settings: Settings, slug: str) -> Path:
    return settings.data_dir / "tenants" / f"{slug}.sqlite3"


def tenant_env(settings: Settings, tenant: Tenant) -> dict[str, str]:
    """The eventsourcing environment of one tenant's application."""
    if settings.database_url is None:
        path = sqlite_path(settings, tenant.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    params = conninfo_to_dict(settings.database_url)
    ensure_schema(settings.database_url, tenant.schema)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(params.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(params.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(params.get("port") or "5432"),
        "POSTGRES_USER": str(params.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(params.get("password") or ""),
        "POSTGRES_SCHEMA": tenant.schema,
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "2",
        "POSTGRES_CONNECT_TIMEOUT": "10",
    }


def ensure_schema(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def open_service(settings: Settings, tenant: Tenant, clock: Clock = utc_now) -> RequestService:
    """The tenant's application service on the configured store."""
    return RequestService(
        tenant_env(settings, tenant),
        tenant=tenant.slug,
        calendar=indonesian_calendar(tenant.timezone, tenant.office_hours),
        clock=clock,
    )


class Services:
    """One live application per tenant, kept referenced (closing it closes its pool)."""

    def __init__(self, settings: Settings, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.clock = clock
        self._services: dict[str, RequestService] = {}
        self._lock = threading.Lock()

    def for_tenant(self, tenant: Tenant) -> RequestService:
        with self._lock:
            service = self._services.get(tenant.slug)
            if service is None:
                service = open_service(self.settings, tenant, self.clock)
                self._services[tenant.slug] = service
            return service

    def close(self) -> None:
        with self._lock:
            for service in self._services.values():
                service.close()
            self._services.clear()
