"""A request as the pages show it: the SOP as a timeline of done, active and coming steps.

Built from the aggregate and its pinned SOP version at the boundary, so templates only print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.calendar import WorkingCalendar
from domain.request_view import RequestDetail
from domain.sop import Step, Variant
from projections.overview import remaining_days


@dataclass(frozen=True)
class Done:
    number: int
    description: str
    role_name: str
    actor: str
    event: str
    decision: str | None
    note: str
    documents: tuple[dict[str, Any], ...]
    started_at: datetime
    ended_at: datetime
    due_at: datetime | None
    late: bool
    working_days: float
    standard: str | None
    assignee: str | None


@dataclass(frozen=True)
class Active:
    step: Step
    role: str
    role_name: str
    started_at: datetime | None
    due_at: datetime | None
    overdue: bool
    remaining_days: float | None = None  # working days to the due time; negative: overdue by

    @property
    def time_standard(self) -> str | None:
        """The step's Waktu as printed (None: the SOP gives none)."""
        return _standard(self.step)


@dataclass(frozen=True)
class Timeline:
    done: list[Done]
    active: Active | None
    coming: list[Step]
    lanes: list[tuple[str, str]] = field(default_factory=list)  # (role id, name) in SOP order


def timeline(request: RequestDetail, variant: Variant, calendar: WorkingCalendar, now: datetime) -> Timeline:
    done = [
        Done(
            number=taken.number,
            description=variant.step(taken.number).description,
            role_name=variant.role_name(taken.role),
            actor=taken.actor,
            event=taken.event,
            decision=taken.decision,
            note=taken.note,
            documents=tuple(doc for doc in taken.outputs if doc.get("sha256")),
            started_at=taken.started_at,
            ended_at=taken.ended_at,
            due_at=taken.due_at,
            late=taken.late,
            working_days=round(calendar.working_days_between(taken.started_at, taken.ended_at), 2),
            standard=_standard(variant.step(taken.number)),
            assignee=taken.assignee,
        )
        for taken in request.steps_taken
    ]
    active = None
    coming: list[Step] = []
    if request.active_step is not None:
        step = variant.step(request.active_step)
        role = request.active_role or step.role
        left = remaining_days(calendar, now, request.active_due)
        active = Active(step, role, variant.role_name(role), request.active_since, request.active_due,
                        request.is_overdue(now), left)  # fmt: skip
        coming = [s for s in variant.steps if s.number > step.number]
    lanes = [(role.id, role.name) for role in variant.roles]
    return Timeline(done, active, coming, lanes)


def _standard(step: Step) -> str | None:
    return step.time_standard.text if step.time_standard else None
