"""The application service of one tenant: submit, act on the active step, withdraw, read.

Each command is get → call → save. Persistence comes from the environment the composition
root passes in (SQLite file or PostgreSQL schema of the tenant); this module never chooses it.
The clock is a dependency so that tests and demos can set the time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from domain.absence_service import AbsenceMixin
from domain.audit_chain import AUDIT_CHAIN_ID, AuditChain
from domain.calendar import WorkingCalendar, end_of_day
from domain.calendar_service import CalendarMixin
from domain.documents import Document
from domain.errors import (
    ConcurrentActionError,
    NotFoundError,
    StaleVersionError,
    VariantVersionError,
)
from domain.mutu_baku import Brought
from domain.notifications import created_ids
from domain.people_service import PeopleMixin
from domain.request import Request, RolesOf
from domain.rules_service import RulesMixin
from domain.sop import Variant, variant_from_dict
from domain.sop_version import TENANT_SOP_ID, SopVersion, TenantSop, sop_version_id

Clock = Callable[[], datetime]
EnvType = dict[str, str]
Visibility = Callable[[str | None], bool]  # the request's OPD -> may the actor see it


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RecordedEvent:
    """One stored event of a request, in order, for the audit view."""

    position: int
    type: str
    step: int | None
    actor: str
    role: str
    at: datetime
    data: dict[str, Any]


class RequestService(PeopleMixin, AbsenceMixin, CalendarMixin, RulesMixin, Application[UUID]):
    """The permohonan workflow of one tenant."""

    name = "alur"  # PostgreSQL tables are alur_events in the tenant's schema

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        tenant: str,
        calendar: WorkingCalendar,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(env)
        self.tenant = tenant
        self.calendar = calendar
        self.clock = clock
        self._variants: dict[tuple[str, int], Variant] = {}
        self._office: tuple[tuple[str, int], frozenset[str]] | None = None
        self._written = threading.local()  # per thread: where the last save put its last event
        self.holiday_source: Any = None  # where a year's holidays are first recorded from (adapters)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save, remembering (for this thread) the position of the last event written: the
        answer to a command carries it, and a read by the same client waits until the read
        models have it."""
        recordings = super().save(*objs, **kwargs)
        if recordings:
            self._written.position = max(r.notification.id for r in recordings)
        return recordings

    def written_position(self) -> int | None:
        """The position of the last event this thread saved, if it saved any since asked."""
        position: int | None = getattr(self._written, "position", None)
        self._written.position = None
        return position

    # -- SOP versions -----------------------------------------------------------------------

    def adopt_variant(
        self, variant: Variant, source: str, fingerprint: str, actor: str = "system"
    ) -> tuple[str, int]:
        """Keep this variant version in the tenant's store (idempotent for the same text)."""
        try:
            existing: SopVersion = self.repository.get(sop_version_id(variant.id, variant.version))
        except AggregateNotFoundError:
            self._save(SopVersion.adopt(variant, source, fingerprint, actor))
        else:
            if existing.fingerprint != fingerprint:
                raise VariantVersionError(
                    f"SOP {variant.id} versi {variant.version} sudah ada dengan isi lain; "
                    "naikkan nomor versi setelah mengubah berkas",
                    f"SOP {variant.id} version {variant.version} already exists with other "
                    "content; an edited variant needs a new version",
                    field="version",
                )
        return variant.id, variant.version

    def choose_variant(self, variant_id: str, version: int, actor: str, reason: str = "") -> None:
        """Note in the tenant's own history which adopted SOP version governs new requests, and
        why it changed."""
        self.variant(variant_id, version)  # must be adopted first
        try:
            choice: TenantSop = self.repository.get(TENANT_SOP_ID)
        except AggregateNotFoundError:
            self._save(TenantSop.choose(variant_id, version, actor, self.clock()))
        else:
            choice.switch(variant_id, version, actor, self.clock(), reason)
            self._save(choice)

    def variant(self, variant_id: str, version: int) -> Variant:
        """An adopted variant version, as it was when adopted."""
        key = (variant_id, version)
        if key not in self._variants:
            # The version's one event holds its whole content: read it, no aggregate to replay.
            stored = self.events.get(sop_version_id(variant_id, version), limit=1)
            adopted = next(iter(stored), None)
            if not isinstance(adopted, SopVersion.Adopted):
                raise NotFoundError(
                    f"SOP {variant_id} versi {version} belum dipakai oleh tenant ini",
                    f"SOP {variant_id} version {version} is not adopted by this tenant",
                    field="sop",
                )
            self._variants[key] = variant_from_dict(adopted.content)
        return self._variants[key]

    # -- commands ---------------------------------------------------------------------------

    def submit(self, variant_id: str, version: int, **kwargs: Any) -> UUID:
        """File the letter as `submit_request` does; gives only the new request's id."""
        return self.submit_request(variant_id, version, **kwargs).id

    def submit_request(
        self,
        variant_id: str,
        version: int,
        *,
        user: str,
        roles: Iterable[str],
        title: str,
        letter_number: str,
        letter_date: str,
        purpose: str = "",
        opd: str | None = None,
        note: str = "",
        outputs: list[dict[str, Any]] | None = None,
        documents: Sequence[Document] = (),
        brought: Brought | None = None,
        letter: dict[str, Any] | None = None,
    ) -> Request:
        """File the letter; the documents' content is stored with the events, or not at all."""
        self.refresh_calendar()
        self.record_years_around(self.clock())
        request = Request.submit(
            self.variant(variant_id, version),
            self.calendar.due,
            tenant=self.tenant,
            user=user,
            roles=roles,
            at=self.clock(),
            title=title,
            purpose=purpose,
            letter_number=letter_number,
            letter_date=letter_date,
            opd=opd,
            note=note,
            outputs=outputs,
            brought=brought,
            letter=letter,
        )
        self._save(request, documents=documents)
        return request

    def act(
        self,
        request_id: UUID | str,
        number: int,
        *,
        user: str,
        roles: Iterable[str],
        decision: str | None = None,
        note: str = "",
        assignee: str | None = None,
        assignees: Iterable[str] = (),
        deadline: datetime | date | None = None,
        outputs: list[dict[str, Any]] | None = None,
        documents: Sequence[Document] = (),
        expected_version: int | None = None,
        may_see: Visibility | None = None,
        roles_of: RolesOf | None = None,
        on_behalf_of: str | None = None,
        brought: Brought | None = None,
    ) -> Request:
        """Load once, check, complete the active step, save (with its documents) — or refuse.

        A `deadline` given as a date runs to the end of that day in the tenant's zone.
        `assignees` the people a step names (`assignee`: one, as before)."""
        request = self.get(request_id, may_see)
        self._check_version(request, expected_version, number)
        self.refresh_calendar()
        deadline, deadline_date = self._instant(deadline)
        request.complete_step(
            self.variant(request.variant_id, request.variant_version),
            self.calendar.due,
            number=number,
            user=user,
            roles=roles,
            at=self.clock(),
            decision=decision,
            note=note,
            assignees=[*([assignee] if assignee else []), *assignees],
            deadline=deadline,
            deadline_date=deadline_date,
            outputs=outputs,
            roles_of=roles_of,
            on_behalf_of=on_behalf_of,
            brought=brought,
        )
        self._save(request, documents=documents)
        return request

    def record_made(
        self, request: Request, due: Any, document: Document, number: str, sealed_by: str, actor: str
    ) -> dict[str, Any]:
        """Record a made document on the request, its bytes saved with the event (or neither)."""
        request.record_made(due.taken, due.step, due.kind, document.record(), number, sealed_by, actor,
                            self.clock())  # fmt: skip
        self._save(request, documents=[document])
        return request.made[(due.taken, due.kind)]

    def revise_target(
        self,
        request_id: UUID | str,
        *,
        user: str,
        roles: Iterable[str],
        deadline: datetime | date | None,
        reason: str = "",
        expected_version: int | None = None,
        may_see: Visibility | None = None,
    ) -> Request:
        """Load, set a new target for the active step (a date runs to the end of that day), save."""
        request = self.get(request_id, may_see)
        self._check_version(request, expected_version)
        instant, day = self._instant(deadline)
        request.revise_target(self.variant(request.variant_id, request.variant_version), user=user,
                              roles=roles, at=self.clock(), deadline=instant, deadline_date=day,
                              reason=reason)  # fmt: skip
        self._save(request)
        return request

    def hand_over(
        self,
        request_id: UUID | str,
        *,
        appointing: int,
        from_user: str,
        to: Iterable[str],
        reason: str,
        actor: str,
        roles_of: RolesOf | None = None,
    ) -> Request:
        """Load, hand a named person's part at an appointing step to others (or the role), save."""
        request = self.get(request_id)
        request.hand_over(self.variant(request.variant_id, request.variant_version), appointing=appointing,
                          from_user=from_user, to=to, reason=reason, actor=actor, role="admin",
                          at=self.clock(), roles_of=roles_of)  # fmt: skip
        self._save(request)
        return request

    def hand_over_all(
        self,
        appointments: Sequence[tuple[str, int]],
        *,
        from_user: str,
        to: Iterable[str],
        reason: str,
        actor: str,
        roles_of: RolesOf | None = None,
    ) -> list[Request]:
        """Hand a person's part over on several requests (request id, appointing step): every
        one checked before any is saved, so a refusal leaves all of them as they were."""
        loaded: dict[str, Request] = {}
        for request_id, appointing in appointments:
            request = loaded.get(request_id) or self.get(request_id)
            variant = self.variant(request.variant_id, request.variant_version)
            request.hand_over(variant, appointing=appointing, from_user=from_user, to=tuple(to),
                              reason=reason, actor=actor, role="admin", at=self.clock(),
                              roles_of=roles_of)  # fmt: skip
            loaded[request_id] = request
        for request in loaded.values():
            self._save(request)
        return list(loaded.values())

    def _instant(self, given: datetime | date | None) -> tuple[datetime | None, date | None]:
        """An exact instant as it is; a date as the midnight that ends it, with the date kept."""
        if given is None or isinstance(given, datetime):
            return given, None
        return end_of_day(given, self.calendar.zone), given

    def withdraw(
        self,
        request_id: UUID | str,
        *,
        user: str,
        roles: Iterable[str],
        opd: str | None = None,
        note: str = "",
        expected_version: int | None = None,
        may_see: Visibility | None = None,
    ) -> Request:
        request = self.get(request_id, may_see)
        self._check_version(request, expected_version)
        request.withdraw(
            self.variant(request.variant_id, request.variant_version),
            user=user,
            roles=roles,
            at=self.clock(),
            opd=opd,
            note=note,
        )
        self._save(request)
        return request

    def return_file(
        self,
        request_id: UUID | str,
        *,
        user: str,
        roles: Iterable[str],
        missing: Iterable[str],
        note: str = "",
        expected_version: int | None = None,
        may_see: Visibility | None = None,
        roles_of: RolesOf | None = None,
        on_behalf_of: str | None = None,
    ) -> Request:
        """Load, return the file to the requester as incomplete (the clock stops), save."""
        request = self.get(request_id, may_see)
        self._check_version(request, expected_version)
        request.return_file(self.variant(request.variant_id, request.variant_version), user=user,
                            roles=roles, at=self.clock(), missing=missing, note=note,
                            roles_of=roles_of, on_behalf_of=on_behalf_of)  # fmt: skip
        self._save(request)
        return request

    def resubmit(
        self,
        request_id: UUID | str,
        *,
        user: str,
        roles: Iterable[str],
        opd: str | None = None,
        note: str = "",
        outputs: list[dict[str, Any]] | None = None,
        documents: Sequence[Document] = (),
        expected_version: int | None = None,
        may_see: Visibility | None = None,
        brought: Brought | None = None,
    ) -> Request:
        """Load, send the completed file back to its step (the clock resumes), save with the files."""
        request = self.get(request_id, may_see)
        self._check_version(request, expected_version)
        self.refresh_calendar()
        request.resubmit(self.variant(request.variant_id, request.variant_version), self.calendar.resumed,
                         user=user, roles=roles, at=self.clock(), opd=opd, note=note,
                         outputs=outputs, brought=brought, due=self.calendar.due)  # fmt: skip
        self._save(request, documents=documents)
        return request

    def record_chaining(self, chained: int, head: str, actor: str = "alur") -> None:
        """Note in the tenant's history that `chained` earlier events were put into the hash
        chain (the one-time migration, or events copied in without their links)."""
        try:
            record: AuditChain = self.repository.get(AUDIT_CHAIN_ID)
        except AggregateNotFoundError:
            record = AuditChain.begin(chained, head, actor, self.clock())
        else:
            record.trigger_event(AuditChain.Extended, chained=chained, head=head, actor=actor,
                                 at=self.clock())  # fmt: skip
        self.save(record)

    # -- reads ------------------------------------------------------------------------------

    def get(self, request_id: UUID | str, may_see: Visibility | None = None) -> Request:
        """The request, or "not found" — also when `may_see` says the actor may not see it."""
        request: object = None
        try:
            key = request_id if isinstance(request_id, UUID) else UUID(str(request_id))
        except ValueError:
            key = None
        if key is not None:
            try:
                request = self.repository.get(key, projector_func=_replay)
            except AggregateNotFoundError:
                request = None
        if not isinstance(request, Request) or (may_see is not None and not may_see(request.opd)):
            raise NotFoundError(
                "permohonan tidak ditemukan",
                "request not found",
                field="id",
            )
        return request

    def history(self, request_id: UUID) -> list[RecordedEvent]:
        """Every stored event of a request, in order, with its full data."""
        self.get(request_id)
        return [_recorded(event) for event in self.events.get(request_id)]

    def office_roles(self, current: tuple[str, int]) -> frozenset[str]:
        """The official roles of the SOP versions this tenant has adopted (every role but one
        that files requests in any of them): holding one (or admin, auditor) is what lets a
        user see beyond their own OPD (`Actor.opd_only`). Read from the SOP files, whatever
        their roles are called, and over every version, since requests in flight keep theirs
        after a switch; read from the log once per current SOP (each adoption is chosen)."""
        cached = self._office
        if cached is not None and cached[0] == current:
            return cached[1]
        roles: set[str] = set()
        requesters: set[str] = set()  # a role that files requests in any version sees no further
        for originator in created_ids(self.recorder, SopVersion.Adopted):
            adopted = next(iter(self.events.get(originator, limit=1)), None)
            if isinstance(adopted, SopVersion.Adopted):
                variant = variant_from_dict(adopted.content)
                roles |= {role.id for role in variant.roles}
                requesters.add(variant.requester_role)
        found = frozenset(roles - requesters)
        self._office = (current, found)
        return found

    def request_ids(self) -> Iterator[UUID]:
        """Every request of the tenant in the order submitted (from the notification log)."""
        return created_ids(self.recorder, Request.Submitted)

    # -- helpers ----------------------------------------------------------------------------

    def _check_version(self, request: Request, expected_version: int | None, step: int | None = None) -> None:
        """Refuse an action taken on a request that changed since the user read it, saying what
        changed when it is the step they meant to do (someone else did it first)."""
        if expected_version is None or expected_version == request.version or request.is_finished:
            return  # a finished request: the aggregate's refusal says how it ended, which tells more
        since = request.steps_taken[max(0, expected_version) :] if expected_version < request.version else []
        done = [taken for taken in since if taken.number == step]
        if done:
            who = done[-1].actor
            raise StaleVersionError(
                f"langkah {step} baru saja diselesaikan oleh {who}; isian Anda tidak disimpan",
                f"step {step} has just been completed by {who}; your input was not saved",
                field="expected_version",
            )
        raise StaleVersionError(
            "permohonan telah berubah sejak Anda membukanya; isian Anda tidak disimpan: "
            "periksa keadaannya sekarang, lalu coba lagi",
            "the request has changed since you opened it; your input was not saved: "
            "check where it stands now, then try again",
            field="expected_version",
        )

    def _save(self, *aggregates: Any, documents: Sequence[Document] = ()) -> None:
        try:
            self.save(*aggregates, documents=list(documents))
        except IntegrityError:
            raise ConcurrentActionError(
                "permohonan ini baru saja diubah oleh orang lain; isian Anda tidak disimpan: "
                "periksa keadaannya sekarang, lalu coba lagi",
                "someone else changed this request at the same time; your input was not saved: "
                "check where it stands now, then try again",
            ) from None


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its per-event `isinstance` check against a
    runtime Protocol, which took half the time of loading a request (every event stored here
    is one of our aggregates' events, each with `mutate`)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _recorded(event: Any) -> RecordedEvent:
    data = {
        key: value
        for key, value in vars(event).items()
        if key not in ("originator_id", "originator_version", "timestamp", "originator_topic")
    }
    return RecordedEvent(
        position=event.originator_version,
        type=type(event).__name__,
        step=data.get("step"),
        actor=str(data.get("actor", "")),
        role=str(data.get("role", "")),
        at=data.get("at", event.timestamp),
        data=data,
    )
