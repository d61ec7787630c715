"""The questions about absences: one's own, the approvers' list, and whom one may name Plh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.absence import AbsenceView
from domain.absence_service import workflow_roles
from domain.actor import Actor
from domain.errors import ForbiddenError
from domain.handlers.absence import may_approve
from projections import absences as model
from projections.base import ts
from projections.people import in_force
from projections.queries.base import Paged, Paging, QueriesBase


@dataclass(frozen=True)
class PlhChoice:
    username: str
    full_name: str
    roles: tuple[str, ...]  # the workflow roles they hold now


class AbsenceQueries(QueriesBase):
    """Absences, from the read model `absences`."""

    def may_approve_absences(self, actor: Actor) -> bool:
        """A tenant admin or a holder of a leadership role of the SOP run now."""
        return may_approve(actor, self.sop(actor).leadership_roles)

    def my_absences(self, actor: Actor, paging: Paging | None = None) -> Paged[AbsenceView]:
        """The actor's own absences, newest first, a page at a time."""
        return self._page(actor.username, paging or Paging())

    def absences(self, actor: Actor, paging: Paging | None = None) -> Paged[AbsenceView]:
        """Every user's absences for an approver, those awaiting a decision first."""
        if not self.may_approve_absences(actor):
            raise ForbiddenError(
                "hanya admin atau pimpinan (Kepala Dinas, Kepala Bidang) yang memutuskan ketidakhadiran",
                "only admins or office leaders (Head of Office, Heads of Division) decide absences",
            )
        return self._page(None, paging or Paging())

    def _page(self, username: str | None, paging: Paging) -> Paged[AbsenceView]:
        with self._read() as tx:
            total = model.count_absences(tx, username)
            found = model.absences(tx, username, limit=paging.limit, offset=paging.offset)
        return Paged(found, total, paging.page, paging.limit)

    def plh_choices(self, actor: Actor, now: datetime) -> list[PlhChoice]:
        """Whom the actor may name Plh.: every other active user holding a workflow role of
        the SOP now (the rule the command checks again, domain/absence_service.py)."""
        workflow = sorted(workflow_roles(self.sop(actor)))
        if not workflow:
            return []
        moment = ts(now)
        marks = ", ".join("?" for _ in workflow)
        with self._read() as tx:
            rows = tx.query(
                "SELECT g.username, u.full_name, g.role FROM rm_grants g"
                " JOIN rm_users u ON u.username = g.username"
                f" WHERE g.role IN ({marks}) AND g.username <> ? AND {in_force('g')}"
                " ORDER BY g.username, g.role",
                [*workflow, actor.username, moment, moment, moment],
            )
        found: dict[str, PlhChoice] = {}
        for row in rows:
            known = found.get(row["username"])
            roles = (*(known.roles if known else ()), row["role"])
            found[row["username"]] = PlhChoice(row["username"], row["full_name"], tuple(dict.fromkeys(roles)))
        return list(found.values())
