"""The composition root: the tenant registry and directory, every tenant's application, and
the application layer (commands and queries) of each tenant, wired to its adapters."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from adapters import audit_bundle, mail
from adapters.comment_directory import CommentDirectory
from adapters.config import Settings
from adapters.documents import DocumentStore
from adapters.holidays_id import PackageHolidays
from adapters.naskah import SealedMaker
from adapters.passwords import Argon2Passwords
from adapters.people_directory import PeopleDirectory, RequestsWorkload
from adapters.pgshared import OneAtATimePool
from adapters.sessions import TenantSessions
from adapters.store import Services
from adapters.tenant_directory import TenantDirectory
from domain.errors import NotFoundError
from domain.handlers import Commands
from domain.ports import CheckedSop, Passwords
from domain.service import Clock, RequestService, utc_now
from domain.sop import Variant
from projections.base import ProjectionDatabase
from projections.desk import Desk
from projections.notice_mail import Office
from projections.queries import Queries
from tenants.catalogue import available_variant_ids, builtin_variant
from tenants.model import Tenant
from tenants.sopfile import LoadedVariant, VariantFileError, parse_variant

if TYPE_CHECKING:
    from starlette.applications import Starlette


class Platform:
    """One deployment: many tenants, each on its own store and SOP variant."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock = utc_now,
        pool_size: int = 10,
        passwords: Passwords | None = None,
    ) -> None:
        """`passwords`: how the tenants' commands hash and check passwords (argon2 by default;
        the bench seeder gives every user one hash made beforehand)."""
        self.settings = settings
        self.passwords = passwords or Argon2Passwords()
        self.services = Services(settings, clock, pool_size=pool_size)
        self.registry = self.services.registry()
        self.directory = TenantDirectory(self.registry)
        self.services.is_frozen = self._frozen  # a moving tenant's saves are refused (503)
        self._desks: dict[tuple[str, str], Desk] = {}
        self._lock = threading.Lock()
        self.on_adopt: list[Callable[[Variant], object]] = []  # e.g. the web's flowchart layouts

    def create_tenant(
        self,
        slug: str,
        *,
        name: str,
        variant_id: str,
        timezone: str = "Asia/Jakarta",
        region: str = "",
        office_hours: str = "07:30-16:00",
        actor: str = "platform",
    ) -> Tenant:
        """Register the tenant, then open its store with its SOP version adopted."""
        tenant = self.registry.create(
            slug,
            name=name,
            variant_id=variant_id,
            timezone=timezone,
            region=region,
            office_hours=office_hours,
            actor=actor,
        )
        self.directory.refresh()
        return self._run(tenant, builtin_variant(variant_id), actor, switch=False)

    def set_sop(self, slug: str, variant_id: str, actor: str = "platform", reason: str = "") -> Tenant:
        """New requests use the new variant; requests in flight finish on their own version."""
        return self._run(self.tenant(slug), builtin_variant(variant_id), actor, switch=True, reason=reason)

    def set_own_sop(
        self, slug: str, loaded: LoadedVariant, actor: str = "platform", reason: str = ""
    ) -> Tenant:
        """Run the tenant on its own variant file (validated by the loader): new requests only.

        Its full text is kept in the tenant's store first; the same id and version with other
        content is refused, so an edited file needs a new version number.
        """
        return self._run(self.tenant(slug), loaded, actor, switch=True, reason=reason)

    def tenant(self, slug: str) -> Tenant:
        return self.directory.get(slug)

    def tenants(self) -> list[Tenant]:
        return self.directory.all()

    def service(self, slug: str) -> RequestService:
        return self.services.for_tenant(self.tenant(slug))

    def desk(self, tenant: Tenant) -> Desk:
        """The tenant's commands and queries (built once per process and database: a tenant
        that moved gets new ones, on its new database)."""
        key = (tenant.slug, tenant.database)
        with self._lock:
            desk = self._desks.get(key)
        if desk is None:
            desk = self._desk(tenant)
            with self._lock:
                for old in [old for old in self._desks if old[0] == tenant.slug and old != key]:
                    del self._desks[old]
                desk = self._desks.setdefault(key, desk)
        return desk

    @contextmanager
    def one_connection(self, tenant: Tenant) -> Iterator[None]:
        """A request's work for the tenant on one pooled connection, borrowed once (PostgreSQL:
        identify, load, rules, save, the inline read models and the answer); SQLite pools none."""
        if self.settings.database_url is None:
            yield
            return
        pool = self.services.pool_for(tenant.database)
        if not isinstance(pool, OneAtATimePool):
            yield
            return
        with pool.one_connection():
            yield

    def listen(self) -> None:
        """Follow registry changes made by other processes as they happen (PostgreSQL)."""
        if self.settings.listen_url:  # PostgreSQL itself, not PgBouncer: LISTEN needs a session
            self.directory.listen(self.settings.listen_url)

    def _frozen(self, slug: str, database: str) -> bool:
        """Refuse a save while the tenant moves, or through a copy it has moved away from (a
        request that began just before the switch): the client tries again and is routed anew."""
        try:
            now = self.directory.get(slug)
        except NotFoundError:  # not registered (yet): an import writing its store
            return False
        return now.frozen or now.database != database

    def mail_stores(self) -> list[tuple[str, ProjectionDatabase, Office]]:
        """Each tenant's store and what its mail says of it (where its pages are, its calendar),
        for the mail job (a tenant that moved: its new store)."""
        found = []
        for tenant in self.tenants():
            if not tenant.frozen:
                projector = self.services.projector(tenant)
                office = Office(tenant.slug, self.settings.public_url, projector.calendar)
                found.append((tenant.slug, projector.db, office))
        return found

    def start_mail_sender(self) -> Callable[[], None] | None:
        """The mail job as a thread of this process, unless its own process runs it
        (ALUR_MAIL_SENDER=process): the notices' mail into the outbox, and, when mail has a
        server, the sender; the function that stops it, or None."""
        from adapters.mail_sender import Sender, start_in_background

        if self.settings.mail_sender != "serve":
            return None
        sender = Sender(self.settings.smtp, self.services.clock) if self.settings.smtp is not None else None
        thread, stop = start_in_background(self.mail_stores, sender, self.services.clock)

        def stopped() -> None:
            stop.set()
            thread.join(timeout=10)

        return stopped

    def close(self) -> None:
        self.directory.close()
        self.services.close()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _desk(self, tenant: Tenant) -> Desk:
        slug = tenant.slug

        def current_sop() -> tuple[str, int]:
            now = self.directory.get(slug)
            return now.variant_id, now.variant_version

        service = self.services.for_tenant(tenant)
        projector = self.services.projector(tenant)
        sessions = TenantSessions(projector.db, self.services.clock)
        sessions.create_tables()
        mail.create_tables(projector.db)
        mailbox = mail.TenantMailbox(projector.db, self.services.clock, tenant=slug, tenant_name=tenant.name,
                                     public_url=self.settings.public_url)  # fmt: skip
        documents = DocumentStore(projector.db, self.settings.data_dir / "files")
        sops = PlatformSops(self)
        def office_roles() -> frozenset[str]:
            return service.office_roles(current_sop())

        queries = Queries(projector, tenant=slug, sessions=sessions, documents=documents,
                          current_sop=current_sop, sop_choices=sops.available,
                          sop_catalogue=lambda variant_id: builtin_variant(variant_id).variant,
                          office_roles=office_roles)  # fmt: skip
        queries.refresh_calendar = service.refresh_calendar  # type: ignore[method-assign]
        queries.holidays = PackageHolidays()
        queries.stalled_setting = service.stalled_setting  # type: ignore[method-assign]
        queries.letterhead_setting = service.letterhead_setting  # type: ignore[method-assign]
        data_dir = self.settings.data_dir

        def chain_head(now: datetime) -> audit_bundle.Head:
            key = audit_bundle.signing_key(data_dir, slug)
            return audit_bundle.current_head(projector.db, slug, key, now)

        queries.chain_head = chain_head
        queries.chain_links = partial(audit_bundle.chain_links, projector.db)  # type: ignore[method-assign]
        maker = SealedMaker(tenant, self.settings.data_dir, service.letterhead_setting, documents.content)
        queries.dossier_renderer = maker.make_dossier
        heads = partial(audit_bundle.published_heads, projector.db)
        queries.published_heads = heads  # type: ignore[method-assign]
        queries.mailbox = mailbox
        commands = Commands(service, people=PeopleDirectory(projector.db), sessions=sessions,
                            passwords=self.passwords, sops=sops, current_sop=current_sop,
                            office_roles=office_roles, holidays=PackageHolidays(),
                            workload=RequestsWorkload(projector.db),
                            naskah=maker, mailbox=mailbox)  # fmt: skip
        commands.threads = CommentDirectory(projector.db)
        return Desk(commands, queries)

    def _run(
        self, tenant: Tenant, loaded: LoadedVariant, actor: str, *, switch: bool, reason: str = ""
    ) -> Tenant:
        """Keep the variant's text in the tenant's store, (re)point the registry, note it there
        (with the reason for a switch)."""
        variant = loaded.variant
        service = self.services.for_tenant(tenant)
        service.adopt_variant(variant, loaded.source, loaded.fingerprint, actor=actor)
        for hook in self.on_adopt:
            hook(variant)
        if switch:
            tenant = self.registry.set_sop(tenant.slug, variant.id, variant.version, actor, reason)
            self.directory.refresh()
        service.choose_variant(tenant.variant_id, tenant.variant_version, actor, reason)
        return tenant


class PlatformSops:
    """The `Sops` port: the built-in catalogue, the loader, and the registry's choice of SOP."""

    def __init__(self, platform: Platform) -> None:
        self._platform = platform

    def available(self) -> list[str]:
        return list(available_variant_ids())

    def builtin(self, variant_id: str) -> Variant:
        return builtin_variant(variant_id).variant

    def switch(self, tenant: str, variant_id: str, actor: str, reason: str) -> tuple[str, int]:
        chosen = self._platform.set_sop(tenant, variant_id, actor=actor, reason=reason)
        return chosen.variant_id, chosen.variant_version

    def check_file(self, text: str, filename: str) -> CheckedSop:
        try:
            return CheckedSop(parse_variant(text, filename=filename).variant)
        except VariantFileError as error:
            return CheckedSop(None, tuple(str(problem) for problem in error.errors))

    def use_file(self, tenant: str, text: str, filename: str, actor: str, reason: str) -> tuple[str, int]:
        chosen = self._platform.set_own_sop(tenant, parse_variant(text, filename=filename), actor=actor,
                                            reason=reason)  # fmt: skip
        return chosen.variant_id, chosen.variant_version


SWITCH = 0.0005  # seconds: sys.setswitchinterval of a serving process
SWITCH_SHARED = 0.0001  # the same while two tenants or more have requests in flight


def web_app() -> Starlette:
    """The web service over the platform that ALUR_DATABASE_URL / ALUR_DATA_DIR name: the
    factory uvicorn calls in every `alur serve` process.

    Logging is configured here too: `alur serve --workers N` starts fresh processes that
    inherit the environment (ALUR_LOG_FORMAT), not the parent's configuration.
    """
    from adapters.logging import configure_logging
    from web.app import create_app

    settings = Settings.from_env()
    configure_logging(json=settings.log_format == "json")
    # A thread busy with one tenant's heavy page hands the interpreter to the others every
    # SWITCH seconds (Python's default is 5 ms): another tenant's short request waits that long
    # at each turn, not ten times as long (bench/fairness.py has the figure).
    sys.setswitchinterval(SWITCH)
    app = create_app(Platform(settings), close_platform=True)
    # While two tenants have asked lately, a shorter interval still: the event loop that reads
    # the lighter tenant's request waits for the interpreter at most that long (bench/fairness.py:
    # the inbox p95 under another tenant's pages 1.6-1.8x quiet at 0.5 ms, 1.4-1.5x at 0.1 ms).
    # A tenant alone keeps the longer interval and its throughput (adapters/turns.py).
    app.state.gate.turns.switching = (SWITCH, SWITCH_SHARED)
    # What the process holds from its start (modules, templates, the platform) is never garbage:
    # a full collection would walk all of it again, 30-50 ms during which no request of any
    # tenant runs (bench/fairness.py's profile). Frozen, a full collection walks only what
    # requests made since: about 5 ms.
    gc.collect()
    gc.freeze()
    return app
