"""A request as the pages show it: the SOP as a timeline of done, active and coming steps.

Built from the aggregate and its pinned SOP version at the boundary, so templates only print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.calendar import WorkingCalendar
from domain.mutu_baku import PART_INPUT, Item, checklist, records_of
from domain.request import ENDED
from domain.request_view import RequestDetail
from domain.sop import Ending, Step, Variant
from projections.overview import remaining_days

ENDS = ENDED  # how a request ends, as the pages say it (Indonesian, English)


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
    produced: tuple[dict[str, Any], ...] = ()  # the outputs it recorded without a file here
    on_behalf_of: str | None = None
    brought: tuple[dict[str, Any], ...] = ()  # Kelengkapan brought to the step without a file


@dataclass(frozen=True)
class Active:
    step: Step
    role: str
    role_name: str
    started_at: datetime | None
    due_at: datetime | None
    overdue: bool
    remaining_days: float | None = None  # working days to the due time; negative: overdue by
    awaiting: bool = False  # "menunggu kelengkapan": the file is with the requester, no clock
    checklist: tuple[Item, ...] = ()  # its Kelengkapan with what is on the request, its outputs

    @property
    def inputs(self) -> tuple[Item, ...]:
        return tuple(item for item in self.checklist if item.part == PART_INPUT)

    @property
    def outputs(self) -> tuple[Item, ...]:
        return tuple(item for item in self.checklist if item.part != PART_INPUT)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.inputs if not item.present)

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
            produced=tuple(
                doc
                for doc in taken.outputs
                if doc.get("name") and not doc.get("sha256") and doc.get("part") != PART_INPUT
            ),
            brought=tuple(
                doc for doc in taken.outputs if doc.get("part") == PART_INPUT and not doc.get("sha256")
            ),
            started_at=taken.started_at,
            ended_at=taken.ended_at,
            due_at=taken.due_at,
            late=taken.late,
            working_days=round(calendar.working_days_between(taken.started_at, taken.ended_at), 2),
            standard=_standard(variant.step(taken.number)),
            assignee=taken.assignee,
            on_behalf_of=taken.on_behalf_of,
        )
        for taken in request.steps_taken
    ]
    active = None
    coming: list[Step] = []
    if request.active_step is not None:
        step = variant.step(request.active_step)
        role = request.active_role or step.role
        due = None if request.returned else request.active_due  # no clock while the file is returned
        left = remaining_days(calendar, now, due)
        items = checklist(variant, step, records_of(request.steps_taken, request.pauses))
        active = Active(step, role, variant.role_name(role), request.active_since, due,
                        request.is_overdue(now), left, awaiting=request.returned is not None,
                        checklist=tuple(items))  # fmt: skip
        coming = [s for s in variant.steps if s.number > step.number]
    lanes = [(role.id, role.name) for role in variant.roles]
    return Timeline(done, active, coming, lanes)


def _standard(step: Step) -> str | None:
    return step.time_standard.text if step.time_standard else None


@dataclass(frozen=True)
class Lead:
    """Where one answer of a decision step takes the request, as its form says beside the answer."""

    origin: int  # the decision step
    answer: str
    next_step: Step | None  # the step that follows at once (None: the request ends at once)
    next_role_name: str | None
    end: str | None  # how it ends at once, if it does
    ending: Ending | None  # the refusal the answer commits to, at once or after `via`
    via: tuple[Step, ...]

    @property
    def back(self) -> bool:
        """The answer sends the request back to an earlier step (a loop)."""
        return self.next_step is not None and self.next_step.number < self.origin


def leads(variant: Variant, step: Step, decisions: dict[str, str]) -> list[Lead]:
    """Each answer of a decision step: where it leads and whether it ends the request."""
    if step.decision is None:
        return []
    found = []
    for answer in ("ya", "tidak"):
        outcome = step.outcome_for(answer)
        after = {**decisions, str(step.number): answer}
        following = variant.step(outcome.next_step) if outcome.next_step is not None else None
        role = variant.role_name(following.role_given(after)) if following is not None else None
        ending = variant.ending_after(step.number, answer)
        via = tuple(variant.step(n) for n in ending.via) if ending else ()
        found.append(Lead(step.number, answer, following, role, outcome.end, ending, via))
    return found


def decisions_of(request: RequestDetail) -> dict[str, str]:
    """The answers given so far, by step number (the latest of a step that was done twice)."""
    return request.decisions


def first_step(variant: Variant) -> Active:
    """The first step as the submission form shows it: its Kelengkapan and Output to bring."""
    step = variant.first_step
    items = checklist(variant, step, [])
    return Active(step, step.role, variant.role_name(step.role), None, None, False, checklist=tuple(items))
