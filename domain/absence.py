"""Out of office: a user's period away, with the Plh. (pelaksana harian) who acts for them.

The user asks (`AbsenceRequested`), naming the days away (inclusive, in the tenant's zone), a
reason and the colleague who will act for them; a tenant admin or a holder of a leadership role
of the tenant's SOP approves or refuses it; the user may cancel it before or during the period.
Approval is what gives the Plh. the absent user's workflow roles: an acting grant ("Plh.") on
the Plh.'s own `User`, saved in the same transaction, resting on this absence instead of an SK
(domain/absence_service.py). So the inbox routes by the grants in force, and the audit reads
who acted for whom, as for any Plt./Plh.

An absence's id is derived from its user and its number among that user's absences (1, 2, ...),
so two asks racing for the same number meet at the store's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import ForbiddenError, InvalidInputError

PENDING, APPROVED, REFUSED, CANCELLED = "pending", "approved", "refused", "cancelled"
STATUSES = (PENDING, APPROVED, REFUSED, CANCELLED)
MAX_REASON = 500
MAX_DAYS = 366  # a longer absence is a vacancy: an admin's Plt. grant with its SK


def absence_id(username: str, seq: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"alur:absence:{username}:{seq}")


def check_reason(reason: str | None, field: str = "reason", required: bool = True) -> str:
    text = " ".join(reason.split()) if isinstance(reason, str) else ""
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise InvalidInputError(
            "alasan berisi karakter kendali", "the reason contains control characters", field
        )
    if required and not text:
        raise InvalidInputError("alasan wajib diisi", "the reason is required", field=field)
    if len(text) > MAX_REASON:
        raise InvalidInputError(f"alasan paling panjang {MAX_REASON} karakter",
                                f"the reason is at most {MAX_REASON} characters", field)  # fmt: skip
    return text


def check_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The days away, both included: given, in order, not before today, at most a year."""
    if first is None:
        raise InvalidInputError("tanggal mulai wajib diisi", "the first day is required", field="from_date")
    if last is None:
        raise InvalidInputError("tanggal selesai wajib diisi", "the last day is required", field="to_date")
    if first < today:
        raise InvalidInputError(
            "tanggal mulai tidak boleh sebelum hari ini",
            "the first day cannot be in the past",
            field="from_date",
        )
    if last < first:
        raise InvalidInputError(
            "tanggal selesai tidak boleh sebelum tanggal mulai",
            "the last day cannot be before the first day",
            field="to_date",
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInputError(
            f"ketidakhadiran paling lama {MAX_DAYS} hari; untuk lebih lama admin menunjuk Plt. dengan SK",
            f"an absence is at most {MAX_DAYS} days; for longer the admin grants a Plt. with an SK",
            field="to_date",
        )
    return first, last


class Absence(Aggregate):
    """One period a user is away, and what became of the request for it."""

    class AbsenceRequested(Aggregate.Created):
        class_version = 1

        username: str
        seq: int
        from_date: str  # the first day away, year-month-day, in the tenant's zone
        to_date: str  # the last day away (included)
        valid_from: datetime  # the start of the first day, in the tenant's zone
        valid_until: datetime  # the end of the last day
        reason: str
        plh: str  # the username of the colleague proposed to act for the user
        roles: list[str]  # the user's workflow roles in force when asked: what the Plh. covers
        actor: str
        at: datetime

    class AbsenceApproved(Aggregate.Event):
        class_version = 1

        username: str  # whose absence, its days and its Plh. (so the event reads alone in the audit)
        from_date: str
        to_date: str
        plh: str

        granted: list[str]  # the roles granted to the Plh. (one they held already is not granted)
        valid_from: datetime  # when the Plh.'s grants begin (the first day, or now if later)
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.status, aggregate.decided_by, aggregate.decided_at = APPROVED, self.actor, self.at
            aggregate.granted = list(self.granted)
            aggregate.grants_from = self.valid_from

    class AbsenceRefused(Aggregate.Event):
        class_version = 1

        username: str  # whose absence, its days and its Plh. (so the event reads alone in the audit)
        from_date: str
        to_date: str
        plh: str

        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.status, aggregate.decided_by, aggregate.decided_at = REFUSED, self.actor, self.at
            aggregate.refusal = self.reason

    class AbsenceCancelled(Aggregate.Event):
        class_version = 1

        username: str  # whose absence, its days and its Plh. (so the event reads alone in the audit)
        from_date: str
        to_date: str
        plh: str

        revoked: list[str]  # the Plh.'s grants ended from `at` (none when it was not approved)
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.status, aggregate.cancelled_at = CANCELLED, self.at

    def __init__(self, username: str, seq: int, from_date: str, to_date: str, valid_from: datetime,
                 valid_until: datetime, reason: str, plh: str, roles: list[str], actor: str,
                 at: datetime) -> None:  # fmt: skip
        self.username, self.seq, self.reason, self.plh = username, seq, reason, plh
        self.from_date, self.to_date = date.fromisoformat(from_date), date.fromisoformat(to_date)
        self.valid_from, self.valid_until = valid_from, valid_until
        self.roles = list(roles)
        self.requested_at = at
        self.status = PENDING
        self.decided_by: str | None = None
        self.decided_at: datetime | None = None
        self.refusal = ""
        self.granted: list[str] = []
        self.grants_from: datetime | None = None
        self.cancelled_at: datetime | None = None

    @classmethod
    def request(
        cls,
        username: str,
        seq: int,
        *,
        days: tuple[date, date],
        span: tuple[datetime, datetime],
        reason: str,
        plh: str,
        roles: list[str],
        at: datetime,
    ) -> Absence:
        """`days`: the checked first and last day; `span`: the instants they run between."""
        if not roles:
            raise InvalidInputError(
                "Anda tidak memegang peran alur kerja yang dapat dilimpahkan kepada Plh.",
                "you hold no workflow role to hand over to a Plh.",
                field="plh",
            )
        if plh == username:
            raise InvalidInputError("Plh. harus orang lain, bukan Anda sendiri",
                                    "the Plh. must be someone else, not yourself", field="plh")  # fmt: skip
        return cls._create(
            cls.AbsenceRequested,
            timestamp=at,
            id=absence_id(username, seq),
            username=username,
            seq=seq,
            from_date=days[0].isoformat(),
            to_date=days[1].isoformat(),
            valid_from=span[0],
            valid_until=span[1],
            reason=check_reason(reason),
            plh=plh,
            roles=sorted(roles),
            actor=username,
            at=at,
        )

    def approve(self, *, granted: list[str], actor: str, at: datetime) -> None:
        self._check_decision(actor, at)
        self.trigger_event(self.AbsenceApproved, timestamp=at, granted=sorted(granted),
                           valid_from=max(self.valid_from, at), actor=actor, at=at,
                           **self._about())  # fmt: skip

    def refuse(self, reason: str, *, actor: str, at: datetime) -> None:
        self._check_decision(actor, at)
        said = check_reason(reason)
        about = self._about()
        self.trigger_event(self.AbsenceRefused, timestamp=at, reason=said, actor=actor, at=at, **about)

    def cancel(self, *, actor: str, at: datetime) -> list[str]:
        """Cancelled by the user, before or during the period: the roles whose Plh. grants end."""
        if actor != self.username:
            raise ForbiddenError("hanya pemilik ketidakhadiran yang dapat membatalkannya",
                                 "only the absent user may cancel their absence")  # fmt: skip
        if self.status not in (PENDING, APPROVED):
            raise _already(self.status)
        if at >= self.valid_until:
            raise InvalidInputError(
                "masa ketidakhadiran ini sudah lewat", "this absence is already over", "id"
            )
        revoked = list(self.granted) if self.status == APPROVED else []
        self.trigger_event(self.AbsenceCancelled, timestamp=at, revoked=revoked, actor=actor, at=at,
                           **self._about())  # fmt: skip
        return revoked

    def _about(self) -> dict[str, str]:
        return {"username": self.username, "from_date": self.from_date.isoformat(),
                "to_date": self.to_date.isoformat(), "plh": self.plh}  # fmt: skip

    def _check_decision(self, actor: str, at: datetime) -> None:
        if actor == self.username:
            raise ForbiddenError("Anda tidak dapat memutuskan ketidakhadiran Anda sendiri",
                                 "you cannot decide your own absence")  # fmt: skip
        if self.status != PENDING:
            raise _already(self.status)
        if at >= self.valid_until:
            raise InvalidInputError(
                "masa ketidakhadiran ini sudah lewat", "this absence is already over", "id"
            )


STATUS_NAMES = {
    PENDING: ("menunggu persetujuan", "awaiting approval"),
    APPROVED: ("disetujui", "approved"),
    REFUSED: ("ditolak", "refused"),
    CANCELLED: ("dibatalkan", "cancelled"),
}


def _already(status: str) -> InvalidInputError:
    indonesian, english = STATUS_NAMES.get(status, (status, status))
    return InvalidInputError(
        f"ketidakhadiran ini sudah {indonesian}", f"this absence is already {english}", field="id"
    )


@dataclass(frozen=True)
class AbsenceView:
    """An absence as both doors show it (the read model answers the same shape)."""

    id: str
    username: str
    from_date: date
    to_date: date
    reason: str
    plh: str
    roles: tuple[str, ...]
    status: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    refusal: str = ""
    granted: tuple[str, ...] = ()
    cancelled_at: datetime | None = None
    full_name: str = ""  # the absent user's, and the Plh.'s (the read model fills them in)
    plh_name: str = ""

    @property
    def status_names(self) -> tuple[str, str]:
        return STATUS_NAMES.get(self.status, (self.status, self.status))


def view_of(absence: Absence) -> AbsenceView:
    return AbsenceView(str(absence.id), absence.username, absence.from_date, absence.to_date, absence.reason,
                       absence.plh, tuple(absence.roles), absence.status, absence.requested_at,
                       absence.decided_by, absence.decided_at, absence.refusal, tuple(absence.granted),
                       absence.cancelled_at)  # fmt: skip
