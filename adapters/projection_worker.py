"""`alur projections run`: one process keeping every tenant's read models up to date.

On PostgreSQL the worker holds one LISTEN connection for all tenants (the library notifies
the bare table name `alur_events`, whichever schema was written) and sleeps until a write
wakes it; it then asks one query which tenants are behind and catches those up. A full scan
runs every `rescan` seconds in case a notification was missed (e.g. while reconnecting). On
SQLite, which has no notifications, it checks every `poll` seconds; the embedded mode normally
runs projections inline instead.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import psycopg
from psycopg import sql

from adapters.config import Settings
from adapters.logging import log
from adapters.platform import Platform
from projections.engine import TRACKING
from tenants.model import Tenant

CHANNELS = ("alur_events", "platform_events")  # tenants' writes, and new tenants


class ProjectionWorker:
    """Catches up every tenant's projections, woken by the database, never busy polling."""

    def __init__(
        self,
        settings: Settings,
        *,
        batch_size: int = 500,
        rescan: float = 30.0,
        poll: float = 1.0,
        on_event: Callable[[], None] | None = None,
    ) -> None:
        self.settings = replace(settings, projections="worker")
        self.batch_size = batch_size
        self.rescan = rescan
        self.poll = poll
        self.on_event = on_event
        self.platform = Platform(self.settings)
        self._tenants: list[Tenant] = []
        self._prepared: set[str] = set()
        self._unprepared = False  # a tenant whose setup failed: retried on the next wake

    def run(self, stop: threading.Event | None = None) -> None:
        """Work until `stop` is set (or forever)."""
        stop = stop or threading.Event()
        listener = self._listen()
        try:
            self.refresh_tenants()
            self.catch_up_all(only_behind=False)
            last_scan = time.monotonic()
            while not stop.is_set():
                try:
                    woke = self._wait(listener, stop)
                except psycopg.OperationalError:  # the server went away: listen again, scan all
                    log.exception("projections_listener_lost")
                    listener = self._reconnect(listener, stop)
                    woke, last_scan = {""}, 0.0
                full = time.monotonic() - last_scan >= self.rescan
                if full or (woke and self._unprepared):
                    self.refresh_tenants()
                    last_scan = time.monotonic() if full else last_scan
                if full or listener is None or "" in woke:
                    self.catch_up_all(only_behind=not full)
                elif woke:
                    self.catch_up(woke)
        finally:
            if listener is not None:
                listener.close()
            self.platform.close()

    def refresh_tenants(self) -> None:
        self.platform.directory.refresh()
        tenants = self.platform.tenants()
        for tenant in tenants:
            if tenant.slug not in self._prepared:
                try:
                    projector = self.platform.services.projector(tenant)
                    projector.batch_size = self.batch_size
                    projector.on_event = self.on_event
                    projector.setup()
                except Exception:  # e.g. its schema is being created right now: next wake
                    log.exception("projections_tenant_setup_failed", tenant=tenant.slug)
                    continue
                self._prepared.add(tenant.slug)
        self._tenants = [tenant for tenant in tenants if tenant.slug in self._prepared]
        self._unprepared = len(self._tenants) < len(tenants)

    def catch_up(self, schemas: set[str]) -> int:
        """Bring the tenants whose writes notified us up to date (the payload names the schema)."""
        return self._catch_up([tenant for tenant in self._tenants if tenant.schema in schemas])

    def catch_up_all(self, only_behind: bool = True) -> int:
        """Bring every tenant (or only those behind) up to date; returns events read."""
        return self._catch_up(self._behind() if only_behind else self._tenants)

    def _catch_up(self, tenants: list[Tenant]) -> int:
        total = 0
        for tenant in tenants:
            try:
                total += self.platform.services.projector(tenant).catch_up()
            except Exception:  # one tenant's failure must not stop the others
                log.exception("projections_tenant_failed", tenant=tenant.slug)
        return total

    # -- internals --------------------------------------------------------------------------

    def _listen(self) -> psycopg.Connection[Any] | None:
        if self.settings.listen_url is None:
            return None
        # PostgreSQL itself (ALUR_LISTEN_DATABASE_URL), never a transaction pooler: LISTEN belongs
        # to a session, and PgBouncer hands the server connection to another client after each
        # transaction, so notifications would reach whoever holds it next, or no one.
        conn = psycopg.connect(
            self.settings.listen_url, autocommit=True, application_name=f"alur-{os.getpid()}"
        )
        for channel in CHANNELS:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        return conn

    def _reconnect(
        self, listener: psycopg.Connection[Any] | None, stop: threading.Event
    ) -> psycopg.Connection[Any] | None:
        if listener is not None:
            listener.close()
        while not stop.is_set():
            try:
                return self._listen()
            except psycopg.OperationalError:
                stop.wait(2.0)
        return None

    def _wait(self, listener: psycopg.Connection[Any] | None, stop: threading.Event) -> set[str]:
        """Sleep until notifications, or a short timeout so `stop` is seen: the schemas written.

        A tenant's write names its schema in the payload; "" stands for a write that named none
        (then every tenant is checked), and a new tenant refreshes the list.
        """
        if listener is None:
            stop.wait(self.poll)
            return set()
        notes = list(listener.notifies(timeout=1.0, stop_after=1))
        if notes:  # take what piled up meanwhile too: one catch-up serves them all
            notes += list(listener.notifies(timeout=0.0))
        if any(note.channel == "platform_events" for note in notes):
            self.refresh_tenants()
        return {note.payload for note in notes if note.channel != "platform_events"}

    def _behind(self) -> list[Tenant]:
        """The tenants whose events are ahead of their slowest projection (one query on PG)."""
        pool = self.platform.services.pool
        if pool is None or not self._tenants:
            return list(self._tenants)
        parts = [
            sql.SQL(
                "SELECT {slug} AS slug WHERE (SELECT COALESCE(MAX(notification_id), 0)"
                " FROM {schema}.alur_events) > (SELECT COALESCE(MIN(position), 0) FROM {schema}.{tracking})"
            ).format(
                slug=sql.Literal(tenant.slug),
                schema=sql.Identifier(tenant.schema),
                tracking=sql.Identifier(TRACKING),
            )
            for tenant in self._tenants
        ]
        with pool.connection() as conn:
            rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
        behind = {row["slug"] for row in rows}
        return [tenant for tenant in self._tenants if tenant.slug in behind]
