"""What /readyz and /metrics ask the stores: does the database answer, and how far behind is
every tenant's every read model (and has one failed)?

On PostgreSQL it is, per database (ALUR_DATABASE_URL and those of ALUR_DATABASES that hold
tenants), a `SELECT 1` and two more queries for all its tenants together, through the process's
own pool (so PgBouncer in front of PostgreSQL is checked too): one to the catalogue for which
tenant schemas have their tables, one UNION ALL reading each tracking row with the first event
it has not applied. Only events behind a projection are decoded, for their time;
a caught-up tenant costs a row and no event. On SQLite the registry file is read, then each
tenant's file (embedded deployments have few tenants and no network).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, UUIDAsHex
from psycopg import sql

from adapters.codec import CompactTranscoder
from adapters.platform import Platform
from projections.engine import PROJECTION_NAMES, TRACKING, Status
from tenants.model import MAIN_DATABASE, Tenant

EVENTS = "alur_events"


@dataclass(frozen=True)
class TenantStatus:
    """One projection of one tenant."""

    tenant: str
    status: Status


@dataclass(frozen=True)
class StoreHealth:
    """The answer of one check; `database` is None when every database answered."""

    database: str | None  # what failed: "main: OperationalError: …"
    projections: tuple[TenantStatus, ...]
    at: datetime  # the platform's clock when checked: lag is measured against it
    databases: tuple[str, ...] = ()  # those that answered (their pools are open)


def check_store(platform: Platform, timeout: float = 2.0) -> StoreHealth:
    """Ask the store; a store that does not answer within `timeout` is named, never raised."""
    now = platform.services.clock()
    database = MAIN_DATABASE
    answered: list[str] = []
    try:
        main = platform.services.pool
        if main is None:
            platform.registry.recorder.max_notification_id()  # the registry file can be read
            return StoreHealth(None, tuple(_sqlite_statuses(platform)), now)
        with main.connection(timeout=timeout) as conn:  # first: the tenant list may read the registry
            conn.execute("SELECT 1")
        found: list[TenantStatus] = []
        for database, tenants in databases(platform).items():
            pool = platform.services.pool_for(database)
            with pool.connection(timeout=timeout) as conn:
                conn.execute("SELECT 1")
                found += _postgres_statuses(conn, tenants)
            answered.append(database)
    except Exception as error:
        return StoreHealth(f"{database}: {type(error).__name__}: {error}".strip(), (), now, tuple(answered))
    return StoreHealth(None, tuple(found), now, tuple(answered))


def databases(platform: Platform) -> dict[str, list[Tenant]]:
    """The tenants of each database, the main one (the registry's) always among them."""
    found: dict[str, list[Tenant]] = {MAIN_DATABASE: []}
    for tenant in platform.tenants():  # never while holding a connection: it may read the registry
        found.setdefault(tenant.database, []).append(tenant)
    return found


def _sqlite_statuses(platform: Platform) -> list[TenantStatus]:
    return [
        TenantStatus(tenant.slug, status)
        for tenant in platform.tenants()
        for status in platform.services.projector(tenant).status(ages=True)
    ]


def _postgres_statuses(conn: Any, tenants: list[Tenant]) -> list[TenantStatus]:
    by_schema = {tenant.schema: tenant for tenant in tenants}
    if not by_schema:
        return []
    tables = conn.execute(
        "SELECT n.nspname AS schema, array_agg(c.relname::text) AS tables FROM pg_namespace n"
        " JOIN pg_class c ON c.relnamespace = n.oid"
        " WHERE n.nspname = ANY(%s) AND c.relname IN (%s, %s) AND c.relkind IN ('r', 'p')"
        " GROUP BY n.nspname",
        (list(by_schema), EVENTS, TRACKING),
    ).fetchall()
    parts = [
        (_tracked if TRACKING in row["tables"] else _untracked)(by_schema[row["schema"]])
        for row in tables
        if EVENTS in row["tables"]
    ]
    if not parts:
        return []
    rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
    found = []
    for row in rows:
        if row["name"] not in PROJECTION_NAMES:
            continue
        error_position = row["error_position"]
        status = Status(
            row["name"], int(row["position"]), int(row["head"]), row["error"],
            None if error_position is None else int(error_position), row["error_at"],
            _stored_at(row["slug"], row["next_id"], row["next_state"]),
        )  # fmt: skip
        found.append(TenantStatus(row["slug"], status))
    order = {name: index for index, name in enumerate(PROJECTION_NAMES)}
    return sorted(found, key=lambda item: (item.tenant, order[item.status.name]))


def _tracked(tenant: Tenant) -> sql.Composed:
    """Each tracking row with the first event after it. The error columns are read through
    `to_jsonb` so that a tracking table from before they existed reads as "no error"."""
    return sql.SQL(
        "SELECT {slug}::text AS slug, t.name::text AS name, t.position AS position,"
        " (SELECT COALESCE(MAX(notification_id), 0) FROM {events}) AS head,"
        " to_jsonb(t) ->> 'error' AS error, to_jsonb(t) ->> 'error_position' AS error_position,"
        " to_jsonb(t) ->> 'error_at' AS error_at, n.notification_id AS next_id, n.state AS next_state"
        " FROM {tracking} t LEFT JOIN LATERAL (SELECT notification_id, state FROM {events} e"
        " WHERE e.notification_id > t.position ORDER BY e.notification_id LIMIT 1) n ON true"
    ).format(
        slug=sql.Literal(tenant.slug),
        events=sql.Identifier(tenant.schema, EVENTS),
        tracking=sql.Identifier(tenant.schema, TRACKING),
    )


def _untracked(tenant: Tenant) -> sql.Composed:
    """A tenant whose projections never ran (worker mode, no worker yet): every projection at 0."""
    return sql.SQL(
        "SELECT {slug}::text AS slug, p.name AS name, 0::bigint AS position,"
        " (SELECT COALESCE(MAX(notification_id), 0) FROM {events}) AS head,"
        " NULL::text AS error, NULL::text AS error_position, NULL::text AS error_at,"
        " n.notification_id AS next_id, n.state AS next_state"
        " FROM unnest({names}::text[]) AS p(name) LEFT JOIN LATERAL (SELECT notification_id, state"
        " FROM {events} ORDER BY notification_id LIMIT 1) n ON true"
    ).format(
        slug=sql.Literal(tenant.slug),
        events=sql.Identifier(tenant.schema, EVENTS),
        names=sql.Literal(list(PROJECTION_NAMES)),
    )


_transcoder = CompactTranscoder()
for _transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # what every application registers
    _transcoder.register(_transcoding)
_times: dict[tuple[str, int], datetime | None] = {}  # an event's time never changes
_times_lock = threading.Lock()


def _stored_at(slug: str, position: int | None, state: bytes | None) -> datetime | None:
    """When the event was stored (its `timestamp`), decoded once per process."""
    if position is None or state is None:
        return None
    key = (slug, int(position))
    with _times_lock:
        if key in _times:
            return _times[key]
    try:
        moment = _transcoder.decode(bytes(state)).get("timestamp")
    except Exception:  # damaged: the projection's own failure will say so
        moment = None
    found = moment if isinstance(moment, datetime) else None
    with _times_lock:
        if len(_times) > 10_000:
            _times.clear()
        _times[key] = found
    return found
