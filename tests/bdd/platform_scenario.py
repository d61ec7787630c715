"""The state of one scenario that crosses SOP variants: a whole deployment and its people.

Where `sop_scenario.py` drives one tenant with actors named after roles, this drives one
`Platform` (the composition root the CLI and the web use) on the test's store, holding several
Diskominfo, each with its own SOP variant, OPDs and registered users. Actions are taken by those
users with the roles they hold in their own tenant; what users see is read from the tenant's
projections (request list, inbox, audit trail, SLA report) as the web and the CLI read them.

A feature names a tenant by a label ("Sumbawa"); each gets a random slug, so a run on
PostgreSQL never meets the tenants of an earlier run (the registry outlives a test). A request
is named by its title, unique within a scenario.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher

from adapters.composition import Platform
from adapters.config import Settings
from domain.commands import SignIn
from domain.errors import AlurError, UnauthenticatedError
from domain.request import Request
from domain.service import RecordedEvent, RequestService
from domain.sop import Variant
from projections.audit import AuditEntry
from projections.engine import Projector
from projections.inbox import InboxItem
from tenants.model import Tenant
from tests import pg
from tests.conftest import FakeClock, random_slug

TIME_FORMAT = "%Y-%m-%d %H:%M"
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
PASSWORD = "rahasia-uji-123"
# Cheap argon2 parameters for test users; verifying reads the parameters from the hash.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
STEP_PAUSE = timedelta(minutes=10)  # between two steps walked by their performers
MAIN_PATH_ANSWER = "ya"
DEFAULT_TARGET = timedelta(days=30)
ADMIN = "admin-uji"


def zone_of(name: str) -> ZoneInfo:
    """WIB, WITA or WIT, as the text writes them."""
    assert name in ZONES, f"zona waktu {name!r} tidak dikenal: {sorted(ZONES)}"
    return ZoneInfo(ZONES[name])


def parse_moment(text: str, zone: ZoneInfo) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=zone)


def at(text: str, zone: str) -> datetime:
    """A moment as the text writes it: "2026-06-08 09:00" and "WITA"."""
    return parse_moment(text, zone_of(zone))


def written(moment: datetime, zone: str) -> str:
    """A moment as the text writes it in zone WIB, WITA or WIT."""
    return moment.astimezone(zone_of(zone)).strftime(TIME_FORMAT)


def rows_of(datatable: list[list[str]]) -> list[dict[str, str]]:
    """A Gherkin table as dictionaries keyed by its header, cells stripped."""
    header, *rows = datatable
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in rows]


def names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def numbers(text: str) -> list[int]:
    return [int(part) for part in names(text)]


class PlatformScenario:
    """One deployment (one `Platform`) with the Diskominfo, people and requests of a scenario."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.settings = settings
        self.clock = clock
        self.platform = Platform(settings, clock)
        self.slugs: dict[str, str] = {}  # label in the feature -> slug
        self.filed: dict[str, tuple[str, UUID]] = {}  # title -> (tenant label, request id)
        self.error: AlurError | None = None

    def close(self) -> None:
        schemas = [Tenant(slug, "-", "-", "Asia/Jakarta", "-").schema for slug in self.slugs.values()]
        self.platform.close()
        if self.settings.database_url:
            for schema in schemas:
                pg.drop_schema(self.settings.database_url, schema)

    # -- tenants ---------------------------------------------------------------------------

    def create_tenant(self, label: str, *, name: str, variant_id: str, timezone: str) -> None:
        assert label not in self.slugs, f"Diskominfo {label!r} disebut dua kali"
        slug = random_slug(label.lower().replace(" ", "-"))
        self.platform.create_tenant(slug, name=name, variant_id=variant_id, timezone=timezone, actor=ADMIN)
        self.slugs[label] = slug

    def tenant(self, label: str) -> Tenant:
        """The tenant as the registry knows it now (its SOP may have changed)."""
        assert label in self.slugs, f"Diskominfo {label!r} belum ada: {sorted(self.slugs)}"
        return self.platform.tenant(self.slugs[label])

    def service(self, label: str) -> RequestService:
        return self.platform.service(self.slugs[label])

    def projector(self, label: str) -> Projector:
        return self.platform.services.projector(self.tenant(label))

    def sop(self, label: str) -> tuple[str, int]:
        tenant = self.tenant(label)
        return tenant.variant_id, tenant.variant_version

    def zone(self, label: str) -> ZoneInfo:
        return ZoneInfo(self.tenant(label).timezone)

    def local(self, label: str, moment: datetime | None) -> str:
        return "-" if moment is None else moment.astimezone(self.zone(label)).strftime(TIME_FORMAT)

    # -- people ----------------------------------------------------------------------------

    def add_opd(self, label: str, code: str, name: str) -> None:
        self.service(label).create_opd(code, name, actor=ADMIN)

    def add_user(self, label: str, username: str, full_name: str, roles: list[str], opd: str | None) -> None:
        self.service(label).create_user(
            username, PASSWORD, hash_password=CHEAP_HASHER.hash, roles=roles, sop=self.sop(label),
            actor=ADMIN, full_name=full_name, opd=opd,
        )  # fmt: skip

    def roles(self, label: str, username: str) -> tuple[str, ...]:
        """The roles `username` holds now in tenant `label` (NotFoundError if not its user)."""
        return self.service(label).user(username, self.clock()).roles

    def signs_in(self, label: str, username: str) -> bool:
        commands = self.platform.desk(self.tenant(label)).commands
        try:
            commands.sign_in(SignIn(username, PASSWORD, "127.0.0.1"))
        except UnauthenticatedError:
            return False
        return True

    # -- requests --------------------------------------------------------------------------

    def submit(self, label: str, username: str, title: str) -> None:
        """`username` files a letter with tenant `label`, under the SOP the tenant runs now."""
        assert title not in self.filed, f"judul {title!r} sudah dipakai dalam skenario ini"
        service = self.service(label)
        user = service.user(username, self.clock())
        request_id = service.submit(
            *self.sop(label),
            user=username,
            roles=user.roles,
            opd=user.opd,
            title=title,
            letter_number="440/123/2026",
            letter_date=self.clock().astimezone(self.zone(label)).date().isoformat(),
        )
        self.filed[title] = (label, request_id)

    def act(self, label: str, username: str, title: str, number: int, **details: Any) -> None:
        """`username` of tenant `label` completes step `number` of request `title`."""
        self.service(label).act(
            self.request_id(title), number, user=username, roles=self.roles(label, username), **details
        )

    def walk_to_end(self, title: str) -> None:
        """Each active step done by a user holding its role (main path), STEP_PAUSE apart."""
        label = self.owner(title)
        for _ in range(100):
            request = self.request(title)
            if request.active_step is None:
                return
            self.clock.advance(seconds=STEP_PAUSE.total_seconds())
            variant = self.variant_of(title)
            performer = self.performer(label, request, variant)
            self.act(label, performer, title, request.active_step, **self.defaults(variant, request))
        pytest.fail(f"permohonan {title!r} tidak selesai lewat jalur utama")

    def performer(self, label: str, request: Request, variant: Variant) -> str:
        """A user of tenant `label` who may do the active step (of the request's OPD if it is theirs)."""
        role = request.active_role
        assert role is not None
        service = self.service(label)
        holders = [holding.username for holding in service.holders_of(role, self.clock())]
        if role == variant.requester_role:
            holders = [name for name in holders if service.user(name).opd == request.opd]
        assert holders, f"tidak ada pengguna {label} yang memegang peran {role!r}"
        return holders[0]

    def defaults(self, variant: Variant, request: Request) -> dict[str, Any]:
        assert request.active_step is not None
        step = variant.step(request.active_step)
        details: dict[str, Any] = {}
        if step.assigns:
            details["assignee"] = f"petugas langkah {step.number}"
        if step.decision is not None:
            details["decision"] = MAIN_PATH_ANSWER
        if step.sets_deadline_for:
            details["deadline"] = self.clock() + DEFAULT_TARGET
        details["on_behalf_of"] = request.appointee(variant)  # the role's holder acts for the appointee
        return details

    def attempt(self, action: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run an action; a refusal is kept for a `ditolak` step instead of failing here."""
        assert self.error is None, f"penolakan belum diperiksa: {self.error}"
        try:
            action(*args, **kwargs)
        except AlurError as error:
            self.error = error

    def refusal(self) -> AlurError:
        error, self.error = self.error, None
        assert error is not None, "tindakan diterima, padahal seharusnya ditolak"
        return error

    def checked(self) -> None:
        """Fail on a refusal no `ditolak` step was written for."""
        if self.error is not None:
            error, self.error = self.error, None
            pytest.fail(f"tindakan ditolak tanpa diduga ({error.code}): {error}")

    # -- what users see --------------------------------------------------------------------

    def owner(self, title: str) -> str:
        """The label of the tenant that received request `title`."""
        assert title in self.filed, f"permohonan {title!r} belum diajukan"
        return self.filed[title][0]

    def request_id(self, title: str) -> UUID:
        assert title in self.filed, f"permohonan {title!r} belum diajukan"
        return self.filed[title][1]

    def request(self, title: str) -> Request:
        """The request as its own tenant's service returns it."""
        self.checked()
        return self.service(self.owner(title)).get(self.request_id(title))

    def history(self, title: str) -> list[RecordedEvent]:
        self.checked()
        return self.service(self.owner(title)).history(self.request_id(title))

    def variant_of(self, title: str) -> Variant:
        request = self.request(title)
        return self.service(self.owner(title)).variant(request.variant_id, request.variant_version)

    def inbox(self, label: str, username: str) -> list[InboxItem]:
        """What the web shows `username` of tenant `label` as theirs to do now."""
        now = self.clock()
        service = self.service(label)
        user = service.user(username, now)
        return self.projector(label).inbox(username, roles=user.roles, opd=user.opd, now=now)

    def audit_of(self, title: str) -> list[AuditEntry]:
        """The audit trail of request `title`, from its own tenant's projection, in order."""
        self.checked()
        return self.projector(self.owner(title)).audit(request=str(self.request_id(title)))
