"""A request as people read it: the same plain shape whether it comes from the read model
(every page and API read) or from the aggregate a command has just saved (its answer).

Commands answer from the aggregate they saved, so the answer is never behind the write even
when a separate worker keeps the read models; every other read comes from the read model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.appointees import appointees_of
from domain.request import IN_PROGRESS, FileReturned, Pause, Request, StepTaken, TargetSet
from domain.sop import Variant


@dataclass(frozen=True)
class RequestDetail:
    id: str
    title: str
    purpose: str
    letter_number: str
    letter_date: str
    opd: str | None
    variant_id: str
    variant_version: int
    status: str
    version: int
    submitted_by: str
    submitted_at: datetime | None
    finished_at: datetime | None
    active_step: int | None
    active_role: str | None
    active_since: datetime | None
    active_due: datetime | None
    steps_taken: tuple[StepTaken, ...]
    targets: tuple[TargetSet, ...] = ()  # targets set during the request, and set anew
    returned: FileReturned | None = None  # "menunggu kelengkapan": the file is with the requester
    pauses: tuple[Pause, ...] = ()  # earlier returns, each with its resubmission
    made: tuple[dict[str, Any], ...] = ()  # the documents made from its events (domain/naskah.py)
    handed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # teams as changed by hand-overs

    @property
    def is_finished(self) -> bool:
        return self.status != IN_PROGRESS

    @property
    def decisions(self) -> dict[str, str]:
        """The answers given so far, by step number (the latest of a step that was done twice)."""
        return {str(taken.number): taken.decision for taken in self.steps_taken if taken.decision}

    def is_overdue(self, now: datetime) -> bool:
        """Past the active step's deadline; never while the file is with the requester."""
        return (self.active_due is not None and not self.is_finished and self.returned is None
                and now > self.active_due)  # fmt: skip

    def appointees(self, variant: Variant) -> tuple[str, ...]:
        """Who the SOP gives the active step to on this request (as `Request.appointees`)."""
        decisions = {str(t.number): t.decision for t in self.steps_taken if t.decision}
        assignments = {str(t.number): t.assignees for t in self.steps_taken if t.assignees}
        assignments.update(self.handed)
        return appointees_of(variant, self.active_step, decisions, assignments)

    def appointee(self, variant: Variant) -> str | None:
        """The first of `appointees` (None: any holder of the step's role does it)."""
        team = self.appointees(variant)
        return team[0] if team else None

    def documents(self) -> dict[str, dict[str, object]]:
        """Every file recorded on the request, by SHA-256: only these may be downloaded through it."""
        taken = [doc for step in self.steps_taken for doc in step.outputs]
        resubmitted = [doc for pause in self.pauses for doc in pause.outputs]
        return {str(doc["sha256"]): doc for doc in (*taken, *resubmitted, *self.made) if doc.get("sha256")}


def detail_of(request: Request) -> RequestDetail:
    """The aggregate a command has just saved, as the plain detail every reader gets."""
    return RequestDetail(
        id=str(request.id),
        title=request.title,
        purpose=request.purpose,
        letter_number=request.letter_number,
        letter_date=request.letter_date,
        opd=request.opd,
        variant_id=request.variant_id,
        variant_version=request.variant_version,
        status=request.status,
        version=request.version,
        submitted_by=request.submitted_by,
        submitted_at=request.submitted_at,
        finished_at=request.finished_at,
        active_step=request.active_step,
        active_role=request.active_role,
        active_since=request.active_since,
        active_due=request.active_due,
        steps_taken=tuple(request.steps_taken),
        targets=tuple(request.targets),
        returned=request.returned,
        pauses=tuple(request.pauses),
        made=tuple(request.made[key] for key in sorted(request.made)),
        handed=dict(request.assignments),
    )
