"""Every tenant of the platform, held in this process and brought up to date from the
registry's events: a page never replays a tenant aggregate.

The directory reads the registry's notification log from where it stopped, so a refresh costs
one query for what changed. On PostgreSQL a listener thread (one connection of its own, outside
the pool) refreshes it when the registry's table notifies (`platform_events`); a change made in
this process refreshes it at once. Without a listener (SQLite, the CLI) it looks again at most
every `ttl` seconds. An unknown slug looks again at once (a tenant created a moment ago by
another process), but at most every `miss_every` seconds, so random slugs cost nothing.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import psycopg

from adapters.logging import log
from domain.calendar import OfficeHours
from domain.errors import NotFoundError
from tenants.model import Tenant
from tenants.registry import TenantRecord, TenantRegistry

CHANNEL = "platform_events"
PAGE = 500


class TenantDirectory:
    def __init__(self, registry: TenantRegistry, ttl: float = 1.0, miss_every: float = 0.5) -> None:
        self._registry = registry
        self._ttl = ttl
        self._miss_every = miss_every
        self._tenants: dict[str, Tenant] = {}
        self._slugs: dict[str, str] = {}  # record id -> slug
        self._position = 0
        self._checked = 0.0
        self._missed = 0.0
        self._lock = threading.Lock()
        self._listener: threading.Thread | None = None
        self._listen_url: str | None = None
        # This listener's own channel: `close` wakes it there at once, instead of waiting out
        # the listener's one-second look (a second per closed platform, in the tests).
        self._wake = f"alur_wake_{os.getpid()}_{id(self):x}"
        self._stop = threading.Event()

    def get(self, slug: str) -> Tenant:
        """The tenant, or NotFoundError (404) for a slug no tenant has."""
        self._fresh()
        found = self._tenants.get(slug)
        if found is None and time.monotonic() - self._missed >= self._miss_every:
            self._missed = time.monotonic()
            self.refresh()
            found = self._tenants.get(slug)
        if found is None:
            raise NotFoundError(
                f"tenant {slug!r} tidak ditemukan", f"tenant {slug!r} not found", field="slug"
            )
        return found

    def all(self) -> list[Tenant]:
        self._fresh()
        return list(self._tenants.values())

    def refresh(self) -> None:
        """Apply the registry's events stored since the last look."""
        with self._lock:
            while True:
                section = self._registry.recorder.select_notifications(start=self._position + 1, limit=PAGE)
                for notification in section:
                    self._apply(self._registry.mapper.to_domain_event(notification))
                    self._position = notification.id
                if len(section) < PAGE:
                    break
            self._checked = time.monotonic()

    def listen(self, database_url: str, on_change: Callable[[], None] | None = None) -> None:
        """Refresh whenever the registry changes (PostgreSQL), in a daemon thread until `close`.

        `database_url` names PostgreSQL itself (`Settings.listen_url`), never a transaction pooler:
        LISTEN lives in a session, which PgBouncer does not keep for one client.
        """
        if self._listener is not None:
            return
        self._listen_url = database_url
        self._listener = threading.Thread(
            target=self._listen, args=(database_url, on_change), name="alur-tenant-directory", daemon=True
        )
        self._listener.start()

    def close(self) -> None:
        """Stop listening; returns once the listener's connection is closed."""
        self._stop.set()
        if self._listener is not None:
            if self._listener.is_alive() and self._listen_url is not None:
                try:
                    with psycopg.connect(self._listen_url, autocommit=True, connect_timeout=2) as conn:
                        conn.execute(f"NOTIFY {self._wake}")
                except psycopg.Error:  # no server to wake it through: it sees the stop within 1 s
                    pass
            self._listener.join(5.0)
            self._listener = None

    # -- internals --------------------------------------------------------------------------

    def _fresh(self) -> None:
        listening = self._listener is not None and self._listener.is_alive()
        if self._checked == 0.0 or (not listening and time.monotonic() - self._checked >= self._ttl):
            self.refresh()

    def _apply(self, event: Any) -> None:
        originator = str(event.originator_id)
        if isinstance(event, TenantRecord.Registered):
            self._slugs[originator] = event.slug
            self._tenants[event.slug] = Tenant(
                slug=event.slug,
                name=event.name,
                region=event.region,
                timezone=event.timezone,
                variant_id=event.variant_id,
                variant_version=event.variant_version,
                office_hours=OfficeHours.parse(event.office_hours),
            )
        elif originator in self._slugs:
            slug = self._slugs[originator]
            self._tenants[slug] = _changed(self._tenants[slug], event)

    def _listen(self, database_url: str, on_change: Callable[[], None] | None) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    database_url, autocommit=True, application_name=f"alur-{os.getpid()}"
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    conn.execute(f"LISTEN {self._wake}")
                    self.refresh()  # whatever changed before we listened
                    while not self._stop.is_set():
                        told = list(conn.notifies(timeout=1.0, stop_after=1))
                        if any(notice.channel == CHANNEL for notice in told):
                            self.refresh()
                            if on_change is not None:
                                on_change()
            except Exception:  # the server went away or a refresh failed: look again shortly
                if self._stop.is_set():
                    return
                log.exception("tenant_directory_listener_lost")
                self._checked = 0.0
                self._stop.wait(1.0)


def _changed(tenant: Tenant, event: Any) -> Tenant:
    """The tenant after one of its registry events: SOP switched, frozen, thawed or moved."""
    if isinstance(event, TenantRecord.SopChanged):
        return replace(tenant, variant_id=event.variant_id, variant_version=event.variant_version)
    if isinstance(event, TenantRecord.Frozen):
        return replace(tenant, frozen=True)
    if isinstance(event, TenantRecord.Thawed):
        return replace(tenant, frozen=False)
    if isinstance(event, TenantRecord.Moved):
        return replace(tenant, database=event.database)
    return tenant
