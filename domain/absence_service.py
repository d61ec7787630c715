"""The absence commands of a tenant's application service, mixed into RequestService.

Each is get → call → save. Approving saves the absence and the Plh.'s `User` (with a Plh.
grant per covered role, `User.grant` as the admin's grant uses it) in one transaction, and so
does cancelling an approved absence (the grants revoked from then on): the inbox, the actor's
roles and the audit read those grants as they read any other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import count
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.absence import APPROVED, PENDING, Absence, absence_id, check_period
from domain.calendar import WorkingCalendar, end_of_day
from domain.errors import ConcurrentActionError, InvalidInputError, NotFoundError
from domain.people import ACTING_TITLES, PLATFORM_ROLES, User, assignable_roles, user_id

if TYPE_CHECKING:
    from eventsourcing.application import Repository

    from domain.sop import Variant

SopKey = tuple[str, int]
PLH = ACTING_TITLES[1]


def workflow_roles(variant: Variant) -> frozenset[str]:
    """The roles a Plh. may cover: the SOP's own roles but the one that files requests (and
    never the platform's admin or auditor)."""
    return frozenset(role.id for role in variant.roles) - {variant.requester_role} - set(PLATFORM_ROLES)


class AbsenceMixin:
    """Users' absences and the Plh. grants they bring."""

    if TYPE_CHECKING:  # provided by RequestService and its Application base

        @property
        def repository(self) -> Repository[UUID]: ...
        def save(self, *objs: Any, **kwargs: Any) -> Any: ...
        def variant(self, variant_id: str, version: int) -> Variant: ...

        clock: Callable[[], datetime]
        calendar: WorkingCalendar

    def request_absence(
        self, username: str, *, first: date | None, last: date | None, reason: str, plh: str, sop: SopKey
    ) -> Absence:
        """The user's next absence. The Plh. "may act for" the user when they are an active user
        of the tenant holding now at least one workflow role of the tenant's SOP (an official:
        not only the requester role, admin or auditor); the roles covered are the user's own
        workflow roles in force now. No two pending or approved absences of a user overlap."""
        now = self.clock()
        zone = self.calendar.zone
        days = check_period(first, last, now.astimezone(zone).date())
        span = (end_of_day(days[0] - timedelta(days=1), zone), end_of_day(days[1], zone))  # whole days
        variant = self.variant(*sop)
        workflow = workflow_roles(variant)
        user = self._absent_user(username)
        chosen = (plh or "").strip().lower()
        if not chosen:
            raise InvalidInputError(
                "pilih Plh. yang mewakili Anda", "choose the Plh. who acts for you", "plh"
            )
        if chosen != username:
            self._check_plh(chosen, workflow, now)
        earlier = list(self._absences_of(username))
        if _overlapping(earlier, span):
            raise InvalidInputError(
                "Anda sudah mengajukan ketidakhadiran yang beririsan dengan hari-hari ini",
                "you already asked for an absence overlapping these days",
                field="from_date",
            )
        self._check_plh_present(chosen, span)
        roles = [role for role in user.roles_at(now) if role in workflow]
        absence = Absence.request(username, len(earlier) + 1, days=days, span=span, reason=reason,
                                  plh=chosen, roles=roles, at=now)  # fmt: skip
        self._save_all(absence)
        return absence

    def approve_absence(self, absence: UUID, *, actor: str, sop: SopKey) -> Absence:
        """Approve, giving the Plh. each covered role (a role the Plh. already holds over part
        of the period is not granted again) as "Plh." from the first day (or now) to the last."""
        found = self.absence(absence)
        now = self.clock()
        plh = self._find_absent(user_id(found.plh))
        if plh is None or not plh.active:
            raise InvalidInputError(f"Plh. {found.plh} tidak aktif lagi; tolak dan ajukan ulang",
                                    f"the Plh. {found.plh} is no longer active; refuse it and ask again",
                                    field="plh")  # fmt: skip
        self._check_plh_present(found.plh, (found.valid_from, found.valid_until))
        start = max(found.valid_from, now)
        held = {g.role for g in plh.grants if g.overlaps(start, found.valid_until)}
        granted = [role for role in found.roles if role not in held]
        found.approve(granted=granted, actor=actor, at=now)
        variant = self.variant(*sop)
        for role in granted:
            plh.grant(role, known_roles=assignable_roles(variant) | frozenset(found.roles),
                      requester_role=variant.requester_role, actor=actor, at=now, valid_from=start,
                      valid_until=found.valid_until, until_date=found.to_date, title=PLH,
                      absence_id=str(found.id), acting_for=found.username)  # fmt: skip
        self._save_all(found, plh)
        return found

    def refuse_absence(self, absence: UUID, reason: str, *, actor: str) -> Absence:
        found = self.absence(absence)
        found.refuse(reason, actor=actor, at=self.clock())
        self._save_all(found)
        return found

    def cancel_absence(self, absence: UUID, *, actor: str) -> Absence:
        """The user's own cancellation; an approved absence's Plh. grants end from now."""
        found = self.absence(absence)
        now = self.clock()
        revoked = found.cancel(actor=actor, at=now)
        plh = self._find_absent(user_id(found.plh)) if revoked else None
        if plh is not None:
            for role in revoked:
                if any(g.role == role and g.absence_id == str(found.id) and g.revoked_at is None
                       and (g.valid_until is None or now < g.valid_until) for g in plh.grants):  # fmt: skip
                    plh.revoke(role, actor=actor, at=now)
        self._save_all(*(a for a in (found, plh) if a is not None))
        return found

    # -- reads (what the handlers check against) -------------------------------------------

    def absence(self, absence: UUID) -> Absence:
        found = self._find_absent(absence)
        if not isinstance(found, Absence):
            raise NotFoundError("ketidakhadiran tidak ditemukan", "absence not found", field="id")
        return found

    def _absences_of(self, username: str) -> Any:
        """The user's absences in order: their ids are numbered, so read until one is missing."""
        for seq in count(1):
            found = self._find_absent(absence_id(username, seq))
            if not isinstance(found, Absence):
                return
            yield found

    def _check_plh_present(self, plh: str, span: tuple[datetime, datetime]) -> None:
        """A Plh. is not away themselves (asked or approved) on any of those days."""
        if _overlapping(list(self._absences_of(plh)), span):
            raise InvalidInputError(
                f"{plh} sendiri tidak hadir pada sebagian hari itu; pilih Plh. lain",
                f"{plh} is away on some of those days; choose another Plh.",
                field="plh",
            )

    def _check_plh(self, username: str, workflow: frozenset[str], now: datetime) -> None:
        found = self._find_absent(user_id(username))
        if not isinstance(found, User) or not found.active:
            raise InvalidInputError(f"Plh. {username!r} bukan pengguna aktif tenant ini",
                                    f"the Plh. {username!r} is not an active user of this tenant",
                                    field="plh")  # fmt: skip
        if not set(found.roles_at(now)) & workflow:
            raise InvalidInputError(
                f"{username} tidak memegang peran alur kerja SOP, jadi tidak dapat menjadi Plh.",
                f"{username} holds no workflow role of the SOP, so cannot act as Plh.",
                field="plh",
            )

    def _absent_user(self, username: str) -> User:
        found = self._find_absent(user_id(username))
        if not isinstance(found, User):
            raise NotFoundError(
                f"pengguna {username!r} tidak ditemukan", f"user {username!r} not found", "username"
            )
        return found

    def _find_absent(self, aggregate_id: UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def _save_all(self, *aggregates: Any) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentActionError(
                "ketidakhadiran ini baru saja diubah oleh orang lain; muat ulang dan coba lagi",
                "someone changed this absence at the same time; reload and try again",
            ) from None


def _overlapping(absences: list[Absence], span: tuple[datetime, datetime]) -> bool:
    """Whether any absence asked or approved shares a moment with `span`."""
    return any(
        a.status in (PENDING, APPROVED) and a.valid_from < span[1] and span[0] < a.valid_until
        for a in absences
    )
