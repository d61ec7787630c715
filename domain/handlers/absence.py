"""The handlers of absences: a user asks to be away with a Plh., an approver decides, the
user may cancel. Who may do what is decided here, once, for the pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.absence import AbsenceView, view_of
from domain.actor import Actor
from domain.errors import ForbiddenError, NotFoundError
from domain.handlers.base import CommandsBase


@dataclass(frozen=True)
class RequestAbsence:
    from_date: date | None
    to_date: date | None
    reason: str
    plh: str  # the username of the colleague proposed as Plh.


@dataclass(frozen=True)
class DecideAbsence:
    absence_id: str
    approve: bool
    reason: str = ""  # required when refusing


@dataclass(frozen=True)
class CancelAbsence:
    absence_id: str


def may_approve(actor: Actor, leaders: frozenset[str]) -> bool:
    """Absences are approved by a tenant admin or a holder of a leadership role of the SOP the
    tenant runs now (the same people who see the office overview)."""
    return actor.is_admin or bool(set(actor.roles) & leaders)


def parse_id(text: str) -> UUID:
    try:
        return UUID(str(text))
    except ValueError:
        raise NotFoundError("ketidakhadiran tidak ditemukan", "absence not found", field="id") from None


class AbsenceCommands(CommandsBase):
    """Absences' commands."""

    def request_absence(self, actor: Actor, command: RequestAbsence) -> AbsenceView:
        """One's own absence: any signed-in user holding a workflow role (checked in the service)."""
        made = self.service.request_absence(actor.username, first=command.from_date, last=command.to_date,
                                            reason=command.reason, plh=command.plh,
                                            sop=self.current_sop())  # fmt: skip
        return view_of(made)

    def decide_absence(self, actor: Actor, command: DecideAbsence) -> AbsenceView:
        if not may_approve(actor, self.service.variant(*self.current_sop()).leadership_roles):
            raise ForbiddenError(
                "hanya admin atau pimpinan (Kepala Dinas, Kepala Bidang) yang memutuskan ketidakhadiran",
                "only admins or office leaders (Head of Office, Heads of Division) decide absences",
            )
        absence = parse_id(command.absence_id)
        if command.approve:
            decided = self.service.approve_absence(absence, actor=actor.username, sop=self.current_sop())
        else:
            decided = self.service.refuse_absence(absence, command.reason, actor=actor.username)
        return view_of(decided)

    def cancel_absence(self, actor: Actor, command: CancelAbsence) -> AbsenceView:
        """Only one's own (another's is not found, so nobody learns it exists)."""
        absence = parse_id(command.absence_id)
        if self.service.absence(absence).username != actor.username:
            raise NotFoundError("ketidakhadiran tidak ditemukan", "absence not found", field="id")
        return view_of(self.service.cancel_absence(absence, actor=actor.username))
