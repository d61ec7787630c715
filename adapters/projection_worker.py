"""`alur projections run`: one process keeping every tenant's read models up to date.

On PostgreSQL the worker holds one LISTEN connection for all tenants (the library notifies
the bare table name `alur_events`, whichever schema was written) and sleeps until a write
wakes it; it then asks one query which tenants are behind and catches those up. A full scan
runs every `rescan` seconds in case a notification was missed (e.g. while reconnecting). On
SQLite, which has no notifications, it checks every `poll` seconds; the embedded mode normally
runs projections inline instead.

Tenants moved to another database (ALUR_DATABASES) are woken by a LISTEN thread per such
database, whose notifications the main loop picks up within `OTHERS_WAIT` seconds.
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

from adapters.composition import Platform
from adapters.config import Settings
from adapters.logging import log
from projections.engine import TRACKING
from tenants.model import MAIN_DATABASE, Tenant

CHANNELS = ("alur_events", "platform_events")  # tenants' writes, and new tenants
OTHERS_WAIT = 0.2  # seconds the main loop sleeps when other databases may have woken it


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
        self._prepared: set[tuple[str, str]] = set()  # (slug, database): a moved tenant again
        self._others: dict[str, threading.Thread] = {}  # database name -> its LISTEN thread
        self._woken: set[str] = set()  # schemas the other databases' notifications named
        self._woken_lock = threading.Lock()
        self._stop_others = threading.Event()
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
            self._stop_others.set()
            if listener is not None:
                listener.close()
            self.platform.close()

    def refresh_tenants(self) -> None:
        self.platform.directory.refresh()
        tenants = self.platform.tenants()
        for tenant in tenants:
            if (tenant.slug, tenant.database) not in self._prepared:
                try:
                    projector = self.platform.services.projector(tenant)
                    projector.batch_size = self.batch_size
                    projector.on_event = self.on_event
                    projector.setup()
                except Exception:  # e.g. its schema is being created right now: next wake
                    log.exception("projections_tenant_setup_failed", tenant=tenant.slug)
                    continue
                self._prepared.add((tenant.slug, tenant.database))
        self._tenants = [tenant for tenant in tenants if (tenant.slug, tenant.database) in self._prepared]
        self._unprepared = len(self._tenants) < len(tenants)
        for database in {tenant.database for tenant in self._tenants} - {MAIN_DATABASE, *self._others}:
            self._listen_other(database)

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
        notes = list(listener.notifies(timeout=OTHERS_WAIT if self._others else 1.0, stop_after=1))
        if notes:  # take what piled up meanwhile too: one catch-up serves them all
            notes += list(listener.notifies(timeout=0.0))
        if any(note.channel == "platform_events" for note in notes):
            self.refresh_tenants()
        with self._woken_lock:
            woken, self._woken = self._woken, set()
        return woken | {note.payload for note in notes if note.channel != "platform_events"}

    def _listen_other(self, database: str) -> None:
        """LISTEN on another database (a tenant moved there), in a daemon thread until `run` ends."""
        url = self.settings.listen_urls()[
            database
        ]  # PostgreSQL itself, even where the pool goes through PgBouncer
        thread = threading.Thread(
            target=self._other, args=(url,), name=f"alur-listen-{database}", daemon=True
        )
        self._others[database] = thread
        thread.start()

    def _other(self, url: str) -> None:
        while not self._stop_others.is_set():
            try:
                with psycopg.connect(url, autocommit=True, application_name=f"alur-{os.getpid()}") as conn:
                    conn.execute("LISTEN alur_events")
                    with self._woken_lock:
                        self._woken.add("")  # what was written while not listening: check all
                    while not self._stop_others.is_set():
                        for note in conn.notifies(timeout=1.0, stop_after=1):
                            with self._woken_lock:
                                self._woken.add(note.payload)
            except psycopg.Error:
                log.exception("projections_listener_lost")
                self._stop_others.wait(2.0)

    def _behind(self) -> list[Tenant]:
        """The tenants whose events are ahead of their slowest projection (one query per database)."""
        if self.platform.services.pool is None or not self._tenants:
            return list(self._tenants)
        behind: set[tuple[str, str]] = set()
        for database in {tenant.database for tenant in self._tenants}:
            here = [tenant for tenant in self._tenants if tenant.database == database]
            behind |= {(slug, database) for slug in self._behind_in(database, here)}
        return [tenant for tenant in self._tenants if (tenant.slug, tenant.database) in behind]

    def _behind_in(self, database: str, tenants: list[Tenant]) -> set[str]:
        parts = [
            sql.SQL(
                "SELECT {slug} AS slug WHERE (SELECT COALESCE(MAX(notification_id), 0)"
                " FROM {schema}.alur_events) > (SELECT COALESCE(MIN(position), 0) FROM {schema}.{tracking})"
            ).format(
                slug=sql.Literal(tenant.slug),
                schema=sql.Identifier(tenant.schema),
                tracking=sql.Identifier(TRACKING),
            )
            for tenant in tenants
        ]
        with self.platform.services.pool_for(database).connection() as conn:
            rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
        return {row["slug"] for row in rows}
