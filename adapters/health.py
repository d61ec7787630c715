"""What /readyz and /metrics ask the stores: does the database answer, and how far behind is
every tenant's every read model (and has one failed)?

On PostgreSQL, per database (ALUR_DATABASE_URL and those of ALUR_DATABASES that hold tenants),
through the process's own pool (so PgBouncer in front of PostgreSQL is checked too):
1. `SELECT 1`;
2. one catalogue query for all its tenants: which schemas have their tables, and how far each
   tenant's event sequence has gone (`pg_sequence_last_value`, no table read);
3. the tracking rows of the tenants written since the last check (a tenant whose projections had
   reached its sequence then is skipped; every tenant is read again every `full_every` seconds);
4. for the projections behind, the first event each has not applied, for its time.
Reading every tenant's tables in one statement costs seconds at 514 tenants (planning a UNION
of a thousand subqueries); the sequence values make a check cost about the tenants that moved.
On SQLite the registry file is read, then each tenant's file (few tenants, no network).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, UUIDAsHex
from psycopg import sql

from adapters.codec import CompactTranscoder
from adapters.composition import Platform
from projections.engine import PROJECTION_NAMES, TRACKING, Status
from tenants.model import MAIN_DATABASE, Tenant

EVENTS = "alur_events"
SEQUENCE = "alur_events_notification_id_seq"  # the library's bigserial


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


class StoreCheck:
    """Checks the stores of one platform; one caller at a time (web/health.py's Probe)."""

    def __init__(self, platform: Platform, timeout: float = 2.0, full_every: float = 30.0) -> None:
        self.platform = platform
        self.timeout = timeout
        self.full_every = full_every
        # (database, schema) -> (sequence value its projections had all reached, their statuses)
        self._current: dict[tuple[str, str], tuple[int, list[TenantStatus]]] = {}
        self._last_full = 0.0

    def __call__(self) -> StoreHealth:
        """Ask the store; a store that does not answer within `timeout` is named, never raised."""
        now = self.platform.services.clock()
        database = MAIN_DATABASE
        answered: list[str] = []
        try:
            main = self.platform.services.pool
            if main is None:
                self.platform.registry.recorder.max_notification_id()  # the registry file can be read
                return StoreHealth(None, tuple(_sqlite_statuses(self.platform)), now)
            with main.connection(timeout=self.timeout) as conn:  # before listing tenants (the registry)
                conn.execute("SELECT 1")
            full = time.monotonic() - self._last_full >= self.full_every
            found: list[TenantStatus] = []
            for database, tenants in databases(self.platform).items():
                pool = self.platform.services.pool_for(database)
                with pool.connection(timeout=self.timeout) as conn:
                    conn.execute("SELECT 1")
                    found += self._postgres(conn, database, tenants, full)
                answered.append(database)
            if full:
                self._last_full = time.monotonic()
        except Exception as error:
            failed = f"{database}: {type(error).__name__}: {error}".strip()
            return StoreHealth(failed, (), now, tuple(answered))
        return StoreHealth(None, tuple(found), now, tuple(answered))

    def _postgres(self, conn: Any, database: str, tenants: list[Tenant], full: bool) -> list[TenantStatus]:
        by_schema = {tenant.schema: tenant for tenant in tenants}
        if not by_schema:
            return []
        stores = conn.execute(
            "SELECT n.nspname AS schema,"
            " bool_or(c.relname = %s AND c.relkind IN ('r', 'p')) AS events,"
            " bool_or(c.relname = %s AND c.relkind IN ('r', 'p')) AS tracking,"
            " bool_or(c.relname = %s AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
            "  AND a.attname = 'error' AND NOT a.attisdropped)) AS errors,"
            " max(CASE WHEN c.relkind = 'S' THEN pg_sequence_last_value(c.oid) END) AS head"
            " FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
            " WHERE n.nspname = ANY(%s) AND c.relname IN (%s, %s, %s) GROUP BY n.nspname",
            (EVENTS, TRACKING, TRACKING, list(by_schema), EVENTS, TRACKING, SEQUENCE),
        ).fetchall()
        found: list[TenantStatus] = []
        heads: dict[str, int] = {}
        untracked: set[str] = set()  # its projections never ran (worker mode, no worker yet)
        older: set[str] = set()  # a tracking table from before the error columns
        for store in stores:
            schema, head = store["schema"], int(store["head"] or 0)
            known = self._current.get((database, schema))
            if not store["events"]:
                continue
            if not store["tracking"]:
                untracked.add(schema)
            elif not store["errors"]:
                older.add(schema)
            elif known is not None and not full and head <= known[0]:
                found += known[1]  # nothing written since it was caught up
                continue
            heads[schema] = head
        rows = _tracking_rows(conn, [schema for schema in heads if schema not in untracked], older)
        never = {"position": 0, "error": None, "error_position": None, "error_at": None}
        rows += [{"schema": s, "name": name, **never} for s in untracked for name in PROJECTION_NAMES]
        behind = {(row["schema"], row["position"]) for row in rows if row["position"] < heads[row["schema"]]}
        first = _first_after(conn, behind)
        current: dict[str, list[TenantStatus]] = {}
        for row in rows:
            schema, position = row["schema"], row["position"]
            stored = first.get((schema, position))
            head = heads[schema] if (schema, position) in first else position  # no event after: a gap
            error_position = row["error_position"]
            status = Status(row["name"], position, head, row["error"],
                            None if error_position is None else int(error_position), row["error_at"],
                            stored)  # fmt: skip
            current.setdefault(schema, []).append(TenantStatus(by_schema[schema].slug, status))
        order = {name: index for index, name in enumerate(PROJECTION_NAMES)}
        for schema, statuses in current.items():
            statuses.sort(key=lambda item: order[item.status.name])
            found += statuses
            caught_up = all(item.status.lag == 0 and item.status.error is None for item in statuses)
            if caught_up and schema not in untracked:
                self._current[(database, schema)] = (heads[schema], statuses)
            else:
                self._current.pop((database, schema), None)
        return sorted(found, key=lambda item: (item.tenant, order[item.status.name]))


def check_store(platform: Platform, timeout: float = 2.0) -> StoreHealth:
    """One check with nothing remembered (every tenant read)."""
    return StoreCheck(platform, timeout)()


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


def _tracking_rows(conn: Any, schemas: list[str], older: set[str]) -> list[dict[str, Any]]:
    """Every tracking row of these tenant schemas, in one statement; a tracking table from before
    the error columns (`older`, until its projector's next start adds them) reads "no error"."""
    if not schemas:
        return []
    columns = sql.SQL("t.error AS error, t.error_position AS error_position, t.error_at AS error_at")
    none = sql.SQL("NULL::text AS error, NULL::bigint AS error_position, NULL::text AS error_at")
    parts = [
        sql.SQL(
            "SELECT {schema}::text AS schema, t.name::text AS name, t.position AS position,"
            " {errors} FROM {tracking} t"
        ).format(
            schema=sql.Literal(schema),
            errors=none if schema in older else columns,
            tracking=sql.Identifier(schema, TRACKING),
        )
        for schema in schemas
    ]
    rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
    return [{**row, "position": int(row["position"])} for row in rows if row["name"] in PROJECTION_NAMES]


_first: dict[tuple[str, int], datetime | None] = {}  # (schema, position) -> time of the event after it
_first_lock = threading.Lock()


def _first_after(conn: Any, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], datetime | None]:
    """When the first event after each position was stored (None: unreadable); a position
    missing from the answer has no event after it (the sequence moved past a rolled-back insert).

    Remembered per process: events are stored in position order (the library locks the table
    for an insert), so the event after a position, once there, is always the same.
    """
    with _first_lock:
        known = {key: _first[key] for key in wanted if key in _first}
    asked = [key for key in wanted if key not in known]
    if asked:
        parts = [
            sql.SQL(
                "(SELECT {schema}::text AS schema, {after}::bigint AS after, state FROM {events}"
                " WHERE notification_id > {after} ORDER BY notification_id LIMIT 1)"
            ).format(
                schema=sql.Literal(schema), after=sql.Literal(after), events=sql.Identifier(schema, EVENTS)
            )
            for schema, after in asked
        ]
        for row in conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall():
            key = (row["schema"], int(row["after"]))
            known[key] = _stored_at(row["state"])
            with _first_lock:
                if len(_first) > 10_000:
                    _first.clear()
                _first[key] = known[key]
    return known


_transcoder = CompactTranscoder()
for _transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # what every application registers
    _transcoder.register(_transcoding)


def _stored_at(state: bytes | None) -> datetime | None:
    """When an event was stored (its `timestamp`), from its stored state."""
    try:
        moment = _transcoder.decode(bytes(state or b"")).get("timestamp")
    except Exception:  # damaged: the projection's own failure will say so
        return None
    return moment if isinstance(moment, datetime) else None
