"""The platform's tenant registry: which Diskominfo use Alur, and which SOP each runs.

Event-sourced like everything else (registered, SOP changed), in its own store apart from
every tenant's: `platform.sqlite3` in the data folder, or schema `alur_platform`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.calendar import INDONESIAN_TIMEZONES, CalendarError, OfficeHours
from domain.errors import InvalidInputError, NotFoundError
from domain.notifications import created_ids
from domain.service import Clock, EnvType, utc_now
from tenants.catalogue import builtin_variant
from tenants.model import MAIN_DATABASE, Tenant, check_slug


def tenant_id(slug: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"alur:tenant:{slug}")


class TenantRecord(Aggregate):
    """A tenant as the platform knows it."""

    class Registered(Aggregate.Created):
        class_version = 1

        slug: str
        name: str
        region: str
        timezone: str
        office_hours: str
        variant_id: str
        variant_version: int
        actor: str
        at: datetime

    class SopChanged(Aggregate.Event):
        class_version = 2

        variant_id: str
        variant_version: int
        actor: str
        at: datetime
        reason: str  # why (v2; before, none was asked)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reason"] = ""

        def apply(self, aggregate: Any) -> None:
            aggregate.variant_id = self.variant_id
            aggregate.variant_version = self.variant_version

    class Frozen(Aggregate.Event):
        """Writes refused while the tenant's store is copied elsewhere (`alur tenant move`)."""

        class_version = 1

        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.frozen = True

    class Thawed(Aggregate.Event):
        class_version = 1

        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.frozen = False

    class Moved(Aggregate.Event):
        """The tenant's store now lives in the database of this name (a name, never a DSN)."""

        class_version = 1

        database: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.database = self.database

    database = MAIN_DATABASE  # records registered before tenants could move
    frozen = False

    def __init__(
        self,
        slug: str,
        name: str,
        region: str,
        timezone: str,
        office_hours: str,
        variant_id: str,
        variant_version: int,
        actor: str,
        at: datetime,
    ) -> None:
        self.slug = slug
        self.name = name
        self.region = region
        self.timezone = timezone
        self.office_hours = office_hours
        self.variant_id = variant_id
        self.variant_version = variant_version
        self.registered_at = at

    def change_sop(
        self, variant_id: str, variant_version: int, actor: str, at: datetime, reason: str = ""
    ) -> None:
        self.trigger_event(self.SopChanged, variant_id=variant_id, variant_version=variant_version,
                           actor=actor, at=at, reason=reason)  # fmt: skip

    def freeze(self, reason: str, actor: str, at: datetime) -> None:
        self.trigger_event(self.Frozen, reason=reason, actor=actor, at=at)

    def thaw(self, actor: str, at: datetime) -> None:
        self.trigger_event(self.Thawed, actor=actor, at=at)

    def move(self, database: str, actor: str, at: datetime) -> None:
        self.trigger_event(self.Moved, database=database, actor=actor, at=at)

    def to_tenant(self) -> Tenant:
        return Tenant(
            slug=self.slug,
            name=self.name,
            region=self.region,
            timezone=self.timezone,
            variant_id=self.variant_id,
            variant_version=self.variant_version,
            office_hours=OfficeHours.parse(self.office_hours),
            database=self.database,
            frozen=self.frozen,
        )


class TenantRegistry(Application[UUID]):
    """Create, list and re-point tenants. Bad input is refused before anything is written."""

    name = "platform"

    def __init__(self, env: EnvType | None = None, clock: Clock = utc_now) -> None:
        super().__init__(env)
        self.clock = clock

    def create(
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
        self._check(slug, name, timezone, office_hours)
        variant = builtin_variant(variant_id).variant
        return self.restore(
            slug, name=name, variant_id=variant.id, variant_version=variant.version, timezone=timezone,
            region=region, office_hours=office_hours, actor=actor,
        )  # fmt: skip

    def restore(
        self,
        slug: str,
        *,
        name: str,
        variant_id: str,
        variant_version: int,
        timezone: str = "Asia/Jakarta",
        region: str = "",
        office_hours: str = "07:30-16:00",
        database: str = MAIN_DATABASE,
        actor: str = "platform",
    ) -> Tenant:
        """Register a tenant whose store holds its SOP version already (an imported tenant,
        perhaps on its own variant file), in the named database."""
        self._check(slug, name, timezone, office_hours)
        if self._exists(slug):
            raise InvalidInputError(
                f"tenant {slug!r} sudah ada", f"tenant {slug!r} already exists", field="slug"
            )
        record = TenantRecord._create(
            TenantRecord.Registered,
            id=tenant_id(slug),
            slug=slug,
            name=name.strip(),
            region=region.strip(),
            timezone=timezone,
            office_hours=office_hours,
            variant_id=variant_id,
            variant_version=variant_version,
            actor=actor,
            at=self.clock(),
        )
        if database != MAIN_DATABASE:
            record.move(database, actor, self.clock())
        try:
            self.save(record)
        except IntegrityError:
            raise InvalidInputError(
                f"tenant {slug!r} sudah ada", f"tenant {slug!r} already exists", field="slug"
            ) from None
        return record.to_tenant()

    def set_sop(
        self, slug: str, variant_id: str, version: int, actor: str = "platform", reason: str = ""
    ) -> Tenant:
        """Point the tenant at another variant version: new requests only; those in flight keep
        theirs. The caller has adopted that version into the tenant's store already."""
        record = self._find(slug)
        record.change_sop(variant_id, version, actor, self.clock(), reason)
        self.save(record)
        return record.to_tenant()

    def freeze(self, slug: str, reason: str, actor: str = "platform") -> Tenant:
        record = self._find(slug)
        if not record.frozen:
            record.freeze(reason, actor, self.clock())
            self.save(record)
        return record.to_tenant()

    def switch(self, slug: str, database: str | None, actor: str = "platform") -> Tenant:
        """Point the tenant at `database` (if given) and take writes again, in one save."""
        record = self._find(slug)
        if database is not None and database != record.database:
            record.move(database, actor, self.clock())
        if record.frozen:
            record.thaw(actor, self.clock())
        self.save(record)
        return record.to_tenant()

    def get(self, slug: str) -> Tenant:
        return self._find(slug).to_tenant()

    def list(self) -> list[Tenant]:
        ids = created_ids(self.recorder, TenantRecord.Registered)
        return [self._record_by_id(record_id).to_tenant() for record_id in ids]

    def _check(self, slug: str, name: str, timezone: str, office_hours: str) -> None:
        check_slug(slug)
        if not name or not name.strip():
            raise InvalidInputError("nama resmi wajib diisi", "the official name is required", field="name")
        if timezone not in INDONESIAN_TIMEZONES:
            raise InvalidInputError(
                f"zona waktu {timezone!r} tidak dikenal; pilih {', '.join(INDONESIAN_TIMEZONES)}",
                f"unknown time zone {timezone!r}",
                field="timezone",
            )
        try:
            OfficeHours.parse(office_hours)
        except CalendarError as error:
            raise InvalidInputError(str(error), str(error), field="office_hours") from None

    def _exists(self, slug: str) -> bool:
        try:
            self.repository.get(tenant_id(slug))
        except AggregateNotFoundError:
            return False
        return True

    def _find(self, slug: str) -> TenantRecord:
        try:
            check_slug(slug)
            return self._record_by_id(tenant_id(slug))
        except (AggregateNotFoundError, InvalidInputError):
            raise NotFoundError(
                f"tenant {slug!r} tidak ditemukan", f"tenant {slug!r} not found", field="slug"
            ) from None

    def _record_by_id(self, record_id: UUID) -> TenantRecord:
        record: TenantRecord = self.repository.get(record_id)
        return record
