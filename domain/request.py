"""The permohonan (request) aggregate: one OPD letter walked through one SOP variant.

The request is pinned at submission to a variant id and version. Each event records the step
it completes, who acted in which role, the note, the documents produced, and where the request
went next with that step's due time, so history never depends on today's SOP file or holiday
list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from eventsourcing.domain import Aggregate

from domain.appointees import appointees_in_force, appointees_of, checked_on_behalf
from domain.calendar import day_meant
from domain.errors import (
    ConcurrentActionError,
    InvalidInputError,
    NotActiveStepError,
    RequestFinishedError,
    RoleNotHeldError,
)
from domain.mutu_baku import Brought, letter_entry, recorded, records_of, resubmitted
from domain.sop import DECISION_OUTCOMES, Outcome, Step, TimeStandard, Variant

DueFunction = Callable[[datetime, TimeStandard], datetime | None]
# (the deadline, paused from, paused until, the step's standard) -> the deadline moved by the pause
ResumeFunction = Callable[[datetime | None, datetime, datetime, "TimeStandard | None"], datetime | None]

IN_PROGRESS = "in_progress"
WITHDRAWN = "withdrawn"
STATUSES = (IN_PROGRESS, "completed", "declined", "rejected_for_resources", WITHDRAWN)
ENDED = {  # how each end reads in a message (Indonesian, English)
    "completed": ("selesai", "completed"),
    "declined": ("ditolak", "declined"),
    "rejected_for_resources": ("ditolak karena sumber daya tidak tersedia", "rejected: no resources"),
    WITHDRAWN: ("ditarik", "withdrawn"),
}
MAX_TEXT = 2000
RolesOf = Callable[[str], "Iterable[str] | None"]  # a username to the roles in force of an active user
DEADLINE_HORIZON = timedelta(days=5 * 366)  # further is a typing slip, and costly in working days
FIRST_LETTER_DATE = date(1900, 1, 1)
# What people call each field, in the messages that sit beside it (Indonesian, English).
FIELD_NAMES = {
    "title": ("nama aplikasi", "the application's name"),
    "purpose": ("tujuan", "the purpose"),
    "letter_number": ("nomor surat", "the letter number"),
    "opd": ("OPD", "the OPD"),
    "note": ("catatan", "the note"),
    "assignee": ("petugas yang ditunjuk", "the person assigned"),
    "on_behalf_of": ("atas nama", "on behalf of"),
    "reason": ("alasan", "the reason"),
}


@dataclass(frozen=True)
class FileReturned:
    """The active step's file returned to the requester as incomplete ("berkas tidak lengkap"):
    what is missing, why, by whom, since when. The step's clock stands still meanwhile."""

    step: int
    actor: str
    role: str
    missing: tuple[str, ...]
    note: str
    at: datetime
    on_behalf_of: str | None = None


@dataclass(frozen=True)
class Pause:
    """A return and its resubmission: the time the step's clock stood still, with the reason."""

    returned: FileReturned
    resubmitted_by: str
    resubmitted_at: datetime
    note: str
    outputs: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class StepTaken:
    """A completed step as the request's history shows it."""

    number: int
    event: str
    actor: str
    role: str
    decision: str | None
    note: str
    outputs: tuple[dict[str, Any], ...]
    started_at: datetime
    ended_at: datetime
    due_at: datetime | None
    assignees: tuple[str, ...]  # the people the step named (a team: several)
    on_behalf_of: str | None = None  # the appointee another role holder acted for

    @property
    def assignee(self) -> str | None:
        """The people named, as one line ("sari, budi"), or None."""
        return ", ".join(self.assignees) or None

    @property
    def late(self) -> bool:
        return self.due_at is not None and self.ended_at > self.due_at


@dataclass(frozen=True)
class TargetSet:
    """A target set during the request ("Target Bidang PTIKP"), as the history shows it: set at
    its step, or set anew later with a reason."""

    step: int  # the step that set it, or the step active when it was set anew
    actor: str
    role: str
    deadline: datetime
    deadline_date: str | None  # the whole day it runs to, when given as a date
    steps: tuple[int, ...]  # the steps it is the target of
    at: datetime
    reason: str = ""  # why it was set anew (empty for the first)

    @property
    def revised(self) -> bool:
        return bool(self.reason)


class Request(Aggregate):
    """A permohonan pembuatan/pengembangan aplikasi.

    Stored events never change. Each event class states its `class_version`; a change of its
    fields raises it by one and adds `upcast_vN_vN+1(state)`, a static method that turns a stored
    state of version N into N+1 (the library runs them on read). A renamed class or moved module
    is entered in `adapters/codec.py` (RENAMED, STORED_LONG_TOPICS). The stored fixtures of
    tests/integration/test_stored_events.py fail any change that skips this.
    """

    class StepEvent(Aggregate.Event):
        """Base of every event that completes an SOP step.

        v2 of every step event adds `on_behalf_of`: the appointee a holder of the step's role
        acted for (None: the actor acted in their own name, as every v1 event did). v3 adds
        `deadline_date`: the day the user gave, when the deadline is the end of that day.
        v4 replaces `assignee` by `assignees`: the people named, several where the step forms a
        team (an old event's one assignee becomes a team of one).
        """

        step: int
        actor: str
        role: str
        note: str
        outputs: list[dict[str, Any]]
        at: datetime
        decision: str | None
        assignees: list[str]  # v4: who the step names (several for a team), in the order named
        deadline: datetime | None
        deadline_date: str | None  # v3: the date given, when the deadline is that whole day
        deadline_for: list[int]
        next_step: int | None
        next_role: str | None
        next_due_at: datetime | None
        end: str | None
        on_behalf_of: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["on_behalf_of"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Before v3 a date-only deadline was stored only as the midnight that ends it."""
            meant = day_meant(state.get("deadline"))
            state["deadline_date"] = meant.isoformat() if meant else None

        @staticmethod
        def upcast_v3_v4(state: dict[str, Any]) -> None:
            """Before v4 a step named at most one person."""
            one = state.pop("assignee", None)
            state["assignees"] = [one] if one else []

        def apply(self, aggregate: Any) -> None:
            aggregate._record_step(self)

    class Submitted(StepEvent, Aggregate.Created):
        """The OPD's letter is in: completes step 1."""

        class_version = 4

        tenant: str
        variant_id: str
        variant_version: int
        title: str
        purpose: str
        letter_number: str
        letter_date: str
        opd: str | None

    class Disposed(StepEvent):
        class_version = 4

    class Analysed(StepEvent):
        class_version = 4

    class Decided(StepEvent):
        class_version = 4

    class RejectedForResources(StepEvent):
        class_version = 4

    class Assigned(StepEvent):
        class_version = 4

    class PlanReviewed(StepEvent):
        class_version = 4

    class UATPassed(StepEvent):
        class_version = 4

    class UATFailed(StepEvent):
        class_version = 4

    class HandedOver(StepEvent):
        class_version = 4

    class DeadlineSet(StepEvent):
        class_version = 4

    class StepCompleted(StepEvent):
        class_version = 4

    class Archived(StepEvent):
        class_version = 4

    class TargetRevised(Aggregate.Event):
        """The role that sets a target set a new one, with a reason, once the old one had passed
        (e.g. Tangerang Selatan after a failed UAT sends the request back to development)."""

        class_version = 1

        step: int
        actor: str
        role: str
        note: str
        at: datetime
        deadline: datetime
        deadline_date: str | None
        deadline_for: list[int]
        next_due_at: datetime | None  # the active step's due time from now on

        def apply(self, aggregate: Any) -> None:
            aggregate._record_target(self)

    class Returned(Aggregate.Event):
        """The holder of the active step returned the file to the requester: the Kelengkapan
        named in `missing` is not there. The step stays active, its clock stops (status
        "menunggu kelengkapan") until the requester resubmits."""

        class_version = 1

        step: int
        actor: str
        role: str
        on_behalf_of: str | None
        missing: list[str]
        note: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate._record_return(self)

    class Resubmitted(Aggregate.Event):
        """The requester completed the file: the same step waits again, its clock resumed with
        the paused time added to its deadline (`next_due_at`)."""

        class_version = 1

        step: int
        actor: str
        role: str
        note: str
        outputs: list[dict[str, Any]]
        at: datetime
        paused_since: datetime
        next_role: str | None  # the role the step waits on again
        next_due_at: datetime | None

        def apply(self, aggregate: Any) -> None:
            aggregate._record_resubmission(self)

    class DueRecomputed(Aggregate.Event):
        """The office calendar changed (a day off added or removed, office hours set for a
        range): the active step's deadline computed again from when it started, under the
        calendar as now recorded, with its pauses added as before."""

        class_version = 1

        step: int
        actor: str
        role: str
        previous_due: datetime | None
        next_due_at: datetime | None
        reference: str  # the SK/SKB number of the calendar change
        reason: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.active_due = self.next_due_at

    class Withdrawn(Aggregate.Event):
        """The OPD withdrew its request while it was in progress (at the step then active)."""

        class_version = 1

        step: int | None
        actor: str
        role: str
        note: str
        outputs: list[dict[str, Any]]
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate._record_withdrawal(self)

    class Reassigned(Aggregate.Event):
        """Hand-over: someone named at an appointing step (`step`) lost the role or was
        deactivated, and the tenant admin handed their part to others (`to`), or to the role's
        holders (`to` empty), with a reason. `team`: who the step names from now on (empty:
        every holder of the appointed steps' role does them)."""

        class_version = 1

        step: int  # the appointing step whose people change
        active_step: int | None  # where the request was when it was handed over
        active_due: datetime | None  # that step's due time (the new people's reminders)
        from_user: str
        to: list[str]
        team: list[str]
        reason: str
        actor: str
        role: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            if self.team:
                aggregate.assignments[str(self.step)] = tuple(self.team)
            else:
                aggregate.assignments.pop(str(self.step), None)

    class DocumentMade(Aggregate.Event):
        """A document a completed step gives the request (domain/naskah.py), made by the service
        from the events and sealed: its SHA-256 here, its bytes in the store beside this event."""

        class_version = 1

        kind: str
        taken: int  # the step's place in the request's history
        step: int
        document: dict[str, Any]  # name, sha256, size, content_type
        number: str  # the document's own number
        sealed_by: str  # the seal certificate's subject
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.made[(self.taken, self.kind)] = {
                **self.document, "kind": self.kind, "step": self.step, "taken": self.taken,
                "number": self.number, "sealed_by": self.sealed_by, "actor": self.actor, "at": self.at,
            }  # fmt: skip

    def __init__(
        self,
        tenant: str,
        variant_id: str,
        variant_version: int,
        title: str,
        purpose: str,
        letter_number: str,
        letter_date: str,
        opd: str | None,
        actor: str,
    ) -> None:
        self.tenant = tenant
        self.variant_id = variant_id
        self.variant_version = variant_version
        self.title = title
        self.purpose = purpose
        self.letter_number = letter_number
        self.letter_date = letter_date
        self.opd = opd
        self.submitted_by = actor
        self.status = IN_PROGRESS
        self.active_step: int | None = None
        self.active_role: str | None = None
        self.active_since: datetime | None = None
        self.active_due: datetime | None = None
        self.decisions: dict[str, str] = {}
        self.deadlines: dict[str, datetime] = {}
        self.assignments: dict[str, tuple[str, ...]] = {}
        self.steps_taken: list[StepTaken] = []
        self.targets: list[TargetSet] = []
        self.returned: FileReturned | None = None  # the file is with the requester
        self.pauses: list[Pause] = []
        self.submitted_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.made: dict[tuple[int, str], dict[str, Any]] = {}  # (taken, kind) -> the document made

    # -- commands ---------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        variant: Variant,
        due: DueFunction,
        *,
        tenant: str,
        user: str,
        roles: Iterable[str],
        at: datetime,
        title: str,
        purpose: str = "",
        letter_number: str,
        letter_date: str,
        opd: str | None = None,
        note: str = "",
        outputs: list[dict[str, Any]] | None = None,
        brought: Brought | None = None,
        letter: dict[str, Any] | None = None,
    ) -> Request:
        """File the OPD's letter: completes step 1 and starts the next step's clock.

        `brought` (every door gives it): the first step is held to its Mutu Baku, and the
        letter (a PDF's record) is required; without it, `outputs` are recorded as given."""
        first = variant.first_step
        held = set(roles)
        if first.role in held:
            role = first.role
        elif variant.requester_role in held:
            role = variant.requester_role
        else:
            raise RoleNotHeldError(
                f"hanya {variant.role_name(first.role)} yang dapat mengajukan permohonan",
                f"only {first.role} may submit a request",
            )
        fields = _submission_fields(title, purpose, letter_number, letter_date, opd, note, at)
        if brought is not None:
            if letter is None:
                raise InvalidInputError(
                    "lampirkan Surat Permohonan (PDF)", "attach the Surat Permohonan (a PDF)", field="letter"
                )
            outputs = recorded(variant, first, None, [], brought, letter=letter_entry(letter))
        next_step, next_role, next_due = _next_of(variant, due, first.outcome_for(None), at, {}, {})
        return cls._create(
            cls.Submitted,
            timestamp=at,
            tenant=tenant,
            variant_id=variant.id,
            variant_version=variant.version,
            step=first.number,
            actor=user,
            role=role,
            at=at,
            decision=None,
            assignees=[],
            on_behalf_of=None,
            deadline=None,
            deadline_date=None,
            deadline_for=[],
            outputs=outputs if brought is not None else _outputs(first, outputs),
            next_step=next_step,
            next_role=next_role,
            next_due_at=next_due,
            end=None if next_step is not None else "completed",
            **fields,
        )

    def complete_step(
        self,
        variant: Variant,
        due: DueFunction,
        *,
        number: int,
        user: str,
        roles: Iterable[str],
        at: datetime,
        decision: str | None = None,
        note: str = "",
        assignee: str | None = None,
        assignees: Iterable[str] = (),
        deadline: datetime | None = None,
        deadline_date: date | None = None,
        outputs: list[dict[str, Any]] | None = None,
        roles_of: RolesOf | None = None,
        on_behalf_of: str | None = None,
        brought: Brought | None = None,
    ) -> None:
        """Complete the active step; the variant decides what it records and where it goes.

        `brought` (every door gives it): the files and references the actor brings; the step
        completes only with its Kelengkapan present and each Output recorded (domain.mutu_baku).
        Without it, `outputs` are recorded beside the SOP's output names, unchecked.
        `roles_of(username)`: the roles in force now of an active user of the tenant (None for
        no such user), to check an assignee and that the step's appointee still holds a workflow
        role; the application layer always gives it.
        `on_behalf_of`: on a step the SOP gives to an appointee, another holder of the step's
        role confirms with the appointee's username that they act for them.
        `deadline_date`: the day the user gave, when `deadline` is the end of that day.
        """
        self._check_in_progress()
        self._check_not_returned()
        if number != self.active_step:
            raise NotActiveStepError(
                f"langkah {number} tidak sedang menunggu: permohonan kini di langkah {self.active_step}",
                f"step {number} is not waiting: the request is now at step {self.active_step}",
                field="step",
            )
        step = variant.step(number)
        role, on_behalf_of = self._performer(variant, step, user, roles, roles_of, on_behalf_of)
        decision = _checked_decision(step, decision)
        note = _text("note", note, required=False)
        ending = variant.ending_after(number, decision) if decision is not None else None
        if ending is not None and not note:
            raise InvalidInputError(
                f"tulis alasannya: jawaban '{decision}' pada langkah {number} mengakhiri permohonan",
                f"give the reason: the answer '{decision}' at step {number} ends the request",
                field="note",
            )
        named = _checked_assignees(step, [*([assignee] if assignee else []), *assignees], variant, roles_of)
        deadline = _checked_deadline(step, deadline, at)
        decisions = dict(self.decisions)
        if decision is not None:
            decisions[str(number)] = decision
        deadlines = dict(self.deadlines)
        if deadline is not None:
            deadlines.update({str(target): deadline for target in step.sets_deadline_for})
        if brought is not None:
            outputs = recorded(variant, step, decision, self.records(), brought)
        outcome = step.outcome_for(decision)
        next_step, next_role, next_due = _next_of(variant, due, outcome, at, decisions, deadlines)
        self.trigger_event(
            getattr(Request, step.event_for(decision)),
            timestamp=at,
            step=number,
            actor=user,
            role=role,
            note=note,
            at=at,
            decision=decision,
            assignees=list(named),
            on_behalf_of=on_behalf_of,
            deadline=deadline,
            deadline_date=deadline_date.isoformat() if deadline and deadline_date else None,
            deadline_for=list(step.sets_deadline_for) if deadline else [],
            outputs=outputs if brought is not None else _outputs(step, outputs, decision),
            next_step=next_step,
            next_role=next_role,
            next_due_at=next_due,
            end=outcome.end if next_step is None else None,
        )

    def revise_target(
        self,
        variant: Variant,
        *,
        user: str,
        roles: Iterable[str],
        at: datetime,
        deadline: datetime | None,
        deadline_date: date | None = None,
        reason: str = "",
    ) -> None:
        """Set a new target for the active step once its target has passed, saying why.

        Only where the active step runs on a target set during the request, only after that
        target has passed (a request sent back to development after it), and only by the role
        of the step that sets it. The new target holds for every step the old one covered.
        """
        self._check_in_progress()
        self._check_not_returned()
        setter = self._target_setter(variant)
        role = setter.role_given(self.decisions)
        if role not in set(roles):
            raise RoleNotHeldError(
                f"hanya {variant.role_name(role)} yang dapat menetapkan target baru",
                f"only {role!r} may set a new target",
            )
        if self.active_due is None or at <= self.active_due:
            raise InvalidInputError(
                "target yang berlaku belum lewat: target baru hanya setelah target lama terlewati",
                "the target in force has not passed: a new target only once the old one has passed",
                field="deadline",
            )
        reason = _text("reason", reason, required=False)
        if not reason:
            raise InvalidInputError(
                "tulis alasan target baru", "give the reason for the new target", field="reason"
            )
        deadline = _checked_deadline(setter, deadline, at)
        assert deadline is not None and self.active_step is not None
        self.trigger_event(
            Request.TargetRevised,
            timestamp=at,
            step=self.active_step,
            actor=user,
            role=role,
            note=reason,
            at=at,
            deadline=deadline,
            deadline_date=deadline_date.isoformat() if deadline_date else None,
            deadline_for=list(setter.sets_deadline_for),
            next_due_at=deadline,
        )

    def may_revise_target(self, variant: Variant, roles: Iterable[str], at: datetime) -> bool:
        """Whether `revise_target` would be accepted now from someone with `roles` (bar input)."""
        return may_set_new_target(variant, active_step=self.active_step, active_due=self.active_due,
                                  decisions=self.decisions, roles=roles, at=at)  # fmt: skip

    def _target_setter(self, variant: Variant) -> Step:
        """The step that sets the active step's target; refused where the active step has none."""
        setter = target_setter_of(variant, self.active_step)
        if setter is None:
            raise InvalidInputError(
                f"langkah {self.active_step} tidak berjalan dengan target yang ditetapkan selama permohonan",
                f"step {self.active_step} does not run on a target set during the request",
                field="deadline",
            )
        return setter

    def withdraw(
        self,
        variant: Variant,
        *,
        user: str,
        roles: Iterable[str],
        at: datetime,
        opd: str | None = None,
        note: str = "",
    ) -> None:
        """The requesting OPD withdraws a request that is still in progress, saying why.

        Only a user of the OPD that filed it may (`opd` is the actor's own OPD).
        """
        self._check_in_progress()
        if not may_withdraw(self.opd, variant.requester_role, roles=roles, opd=opd):
            raise not_the_requester()
        note = _text("note", note, required=False)
        if not note:
            raise InvalidInputError(
                "tulis alasan penarikan: permohonan yang ditarik tidak dapat dilanjutkan lagi",
                "give the reason for withdrawing: a withdrawn request cannot be taken up again",
                field="note",
            )
        self.trigger_event(
            Request.Withdrawn,
            timestamp=at,
            step=self.active_step,
            outputs=[],
            actor=user,
            role=variant.requester_role,
            note=note,
            at=at,
        )

    def return_file(
        self,
        variant: Variant,
        *,
        user: str,
        roles: Iterable[str],
        at: datetime,
        missing: Iterable[str],
        note: str = "",
        roles_of: RolesOf | None = None,
        on_behalf_of: str | None = None,
    ) -> None:
        """ "Berkas tidak lengkap": whoever may complete the active step returns the request to
        the requester, naming which of the step's Kelengkapan is missing; the clock stops."""
        self._check_in_progress()
        self._check_not_returned()
        assert self.active_step is not None
        step = variant.step(self.active_step)
        role, on_behalf_of = self._performer(variant, step, user, roles, roles_of, on_behalf_of)
        names = _checked_missing(step, missing)
        self.trigger_event(
            Request.Returned,
            timestamp=at,
            step=step.number,
            actor=user,
            role=role,
            on_behalf_of=on_behalf_of,
            missing=list(names),
            note=_text("note", note, required=False),
            at=at,
        )

    def resubmit(
        self,
        variant: Variant,
        resume: ResumeFunction,
        *,
        user: str,
        roles: Iterable[str],
        at: datetime,
        opd: str | None = None,
        note: str = "",
        outputs: list[dict[str, Any]] | None = None,
        brought: Brought | None = None,
        due: DueFunction | None = None,
    ) -> None:
        """The requesting OPD sends the completed file back to the same step: its clock resumes
        and its deadline moves by the time it stood still (`resume`). `brought`: the files and
        references by the step's input slots ("input-2"), recorded as those Kelengkapan. With
        `due` (the calendar as now recorded), a step timed by its own standard is due anew from
        its start with every pause added, so a calendar change made while the file was away
        counts too."""
        self._check_in_progress()
        returned = self.returned
        if returned is None:
            raise InvalidInputError(
                "permohonan tidak sedang dikembalikan kepada pemohon; tidak ada yang perlu dilengkapi",
                "the request has not been returned to the requester; there is nothing to complete",
                field="id",
            )
        if not may_withdraw(self.opd, variant.requester_role, roles=roles, opd=opd):
            raise RoleNotHeldError(
                "hanya OPD pemohon yang dapat melengkapi berkas permohonan",
                "only the requesting OPD may complete the request's file",
            )
        documents = [item for item in outputs or [] if isinstance(item, dict) and item.get("sha256")]
        step = variant.step(returned.step)
        if brought is not None:
            documents = resubmitted(step, brought)
        if not documents:
            wanted = ", ".join(returned.missing)
            raise InvalidInputError(
                f"lampirkan berkas yang diminta: {wanted}",
                f"attach the documents asked for: {wanted}",
                field="documents",
            )
        self.trigger_event(
            Request.Resubmitted,
            timestamp=at,
            step=returned.step,
            actor=user,
            role=variant.requester_role,
            note=_text("note", note, required=False),
            outputs=[{k: v for k, v in item.items() if isinstance(v, (str, int))} for item in documents],
            at=at,
            paused_since=returned.at,
            next_role=step.role_given(self.decisions),
            next_due_at=self._due_after(step, due, resume, (returned.at, at)),
        )

    def recompute_due(
        self,
        variant: Variant,
        due: DueFunction,
        resume: ResumeFunction,
        *,
        actor: str,
        role: str,
        reference: str,
        reason: str,
        at: datetime,
    ) -> bool:
        """After a change of the office calendar: the active step's deadline as the calendar
        now says, recorded with the change's reference and reason; False (nothing recorded)
        where it stays the same, or the step has no time standard of its own (a target set
        during the request is a date, not counted in office days)."""
        if self.is_finished or self.active_step is None or self.returned is not None:
            return False  # a file with the requester is due anew when it comes back (`resubmit`)
        step = variant.step(self.active_step)
        if not _own_standard(step):
            return False
        deadline = self._due_after(step, due, resume)
        if deadline == self.active_due:
            return False
        self.trigger_event(Request.DueRecomputed, timestamp=at, step=self.active_step, actor=actor, role=role,
                           previous_due=self.active_due, next_due_at=deadline, reference=reference,
                           reason=reason, at=at)  # fmt: skip
        return True

    def _due_after(
        self,
        step: Step,
        due: DueFunction | None,
        resume: ResumeFunction,
        pausing: tuple[datetime, datetime] | None = None,
    ) -> datetime | None:
        """The active step's deadline: from its start under `due`, with each pause of it (and
        `pausing`, the one ending now) added; without `due`, or for a target set during the
        request, the deadline in force moved by `pausing`."""
        if due is None or self.active_since is None or not _own_standard(step):
            if pausing is None:
                return self.active_due
            return resume(self.active_due, pausing[0], pausing[1], step.time_standard)
        standard = step.time_standard
        assert standard is not None
        deadline = due(self.active_since, standard)
        spans = [(p.returned.at, p.resubmitted_at) for p in self.pauses
                 if p.returned.step == step.number and p.returned.at >= self.active_since]  # fmt: skip
        for start, end in [*spans, *([pausing] if pausing else [])]:
            deadline = resume(deadline, start, end, standard)
        return deadline

    def hand_over(
        self,
        variant: Variant,
        *,
        appointing: int,
        from_user: str,
        to: Iterable[str],
        reason: str,
        actor: str,
        role: str,
        at: datetime,
        roles_of: RolesOf | None = None,
    ) -> None:
        """Hand `from_user`'s part of the people named at step `appointing` to `to` (holders of
        the appointed steps' role), or to the role's holders (`to` empty); a reason is required."""
        self._check_in_progress()
        team = list(self.assignments.get(str(appointing), ()))
        if from_user not in team:
            raise InvalidInputError(
                f"{from_user} tidak ditunjuk pada langkah {appointing} permohonan ini",
                f"{from_user} is not named at step {appointing} of this request",
                field="username",
            )
        reason = _text("reason", reason, required=False)
        if not reason:
            raise InvalidInputError("tulis alasan serah terima tugas", "give the reason for the hand-over",
                                    field="reason")  # fmt: skip
        step = variant.step(appointing)
        given = [one for one in to if one.strip()]
        if any(one.strip().lower() == from_user for one in given):
            raise InvalidInputError(
                f"tugas {from_user} tidak diserahkan kepada dirinya sendiri",
                f"{from_user}'s part cannot be handed to themself",
                field="hand_to",
            )
        named = _checked_assignees(step, given, variant, roles_of, field="hand_to", required=False)
        kept = [member for member in team if member != from_user]
        new_team = kept + [one for one in named if one not in kept]
        if len(new_team) > 1 and not step.appoints_team:
            new_team = list(named) or kept  # one person: the one handed to replaces them
        self.trigger_event(
            self.Reassigned, timestamp=at, step=appointing, active_step=self.active_step,
            active_due=self.active_due, from_user=from_user, to=list(named), team=new_team,
            reason=reason, actor=actor, role=role, at=at,
        )  # fmt: skip

    def record_made(self, taken: int, step: int, kind: str, document: dict[str, Any], number: str,
                    sealed_by: str, actor: str, at: datetime) -> None:  # fmt: skip
        """Record a made document once; its content is saved with this event."""
        if (taken, kind) in self.made:
            raise ConcurrentActionError(
                "dokumen ini sudah dibuat; unduh yang tersimpan",
                "this document was already made; download the one kept",
                field="kind",
            )
        self.trigger_event(self.DocumentMade, timestamp=at, kind=kind, taken=taken, step=step,
                           document=document, number=number, sealed_by=sealed_by, actor=actor,
                           at=at)  # fmt: skip

    # -- state ------------------------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        """Every document entry recorded on the request so far."""
        return records_of(self.steps_taken, self.pauses)

    @property
    def is_finished(self) -> bool:
        return self.status != IN_PROGRESS

    def is_overdue(self, now: datetime) -> bool:
        """Past the active step's deadline; never while the file is with the requester."""
        return (self.active_due is not None and not self.is_finished and self.returned is None
                and now > self.active_due)  # fmt: skip

    def appointees(self, variant: Variant) -> tuple[str, ...]:
        """Who the SOP gives the active step to on this request: the people named at its
        appointing step (a team: any member does it; (): any holder of the step's role)."""
        return appointees_of(variant, self.active_step, self.decisions, self.assignments)

    def appointee(self, variant: Variant) -> str | None:
        """The first of `appointees` (None: any holder of the step's role does it)."""
        team = self.appointees(variant)
        return team[0] if team else None

    def _performer(
        self,
        variant: Variant,
        step: Step,
        user: str,
        roles: Iterable[str],
        roles_of: RolesOf | None,
        on_behalf_of: str | None,
    ) -> tuple[str, str | None]:
        """Who may act on the active step (complete it, or return its file): the role the SOP
        gives it on this request, and the appointee they act for, if any; else a refusal."""
        role = step.role_given(self.decisions)
        team = appointees_in_force(variant, self.appointees(variant), roles_of)
        return role, checked_on_behalf(variant, step.number, role, team, user=user, roles=roles,
                                       on_behalf_of=on_behalf_of)  # fmt: skip

    def _check_not_returned(self) -> None:
        if self.returned is not None:
            wanted = ", ".join(self.returned.missing)
            raise InvalidInputError(
                f"permohonan sedang menunggu kelengkapan dari pemohon ({wanted}); tindakan ini "
                "menunggu sampai berkasnya dilengkapi",
                f"the request is waiting for the requester to complete its file ({wanted}); this "
                "action waits until it is completed",
                field="step",
            )

    def _check_in_progress(self) -> None:
        if self.is_finished:
            indonesian, english = ENDED.get(self.status, (self.status, self.status))
            raise RequestFinishedError(
                f"permohonan sudah berakhir ({indonesian}); tidak ada tindakan lagi",
                f"the request has ended ({english}) and takes no more actions",
            )

    def _record_step(self, event: Request.StepEvent) -> None:
        started = self.active_since if self.steps_taken else event.at
        assert started is not None
        self.steps_taken.append(
            StepTaken(
                number=event.step,
                event=type(event).__name__,
                actor=event.actor,
                role=event.role,
                decision=event.decision,
                note=event.note,
                outputs=tuple(event.outputs),
                started_at=started,
                ended_at=event.at,
                due_at=self.active_due if self.steps_taken else None,
                assignees=tuple(event.assignees),
                on_behalf_of=event.on_behalf_of,
            )
        )
        if not self.steps_taken[:-1]:
            self.submitted_at = event.at
        if event.decision is not None:
            self.decisions[str(event.step)] = event.decision
        if event.assignees:
            self.assignments[str(event.step)] = tuple(event.assignees)
        if event.deadline is not None:
            for target in event.deadline_for:
                self.deadlines[str(target)] = event.deadline
            self.targets.append(target_of(event))
        self.active_step = event.next_step
        self.active_role = event.next_role
        self.active_since = event.at if event.next_step is not None else None
        self.active_due = event.next_due_at
        if event.end is not None:
            self.status = event.end
            self.finished_at = event.at

    def _record_target(self, event: Request.TargetRevised) -> None:
        for target in event.deadline_for:
            self.deadlines[str(target)] = event.deadline
        self.targets.append(target_of(event, event.note))
        self.active_due = event.next_due_at

    def _record_return(self, event: Request.Returned) -> None:
        self.returned = FileReturned(step=event.step, actor=event.actor, role=event.role,
                                     missing=tuple(event.missing), note=event.note, at=event.at,
                                     on_behalf_of=event.on_behalf_of)  # fmt: skip

    def _record_resubmission(self, event: Request.Resubmitted) -> None:
        assert self.returned is not None
        self.pauses.append(Pause(returned=self.returned, resubmitted_by=event.actor,
                                 resubmitted_at=event.at, note=event.note,
                                 outputs=tuple(event.outputs)))  # fmt: skip
        self.returned = None
        self.active_due = event.next_due_at

    def _record_withdrawal(self, event: Request.Withdrawn) -> None:
        self.returned = None
        self.status = WITHDRAWN
        self.finished_at = event.at
        self.active_step = None
        self.active_role = None
        self.active_since = None
        self.active_due = None


def target_setter_of(variant: Variant, active_step: int | None) -> Step | None:
    """The step that sets the target the active step runs on, or None (no such target)."""
    if active_step is None or not variant.has_step(active_step):
        return None
    standard = variant.step(active_step).time_standard
    return variant.target_setter(active_step) if standard is not None and standard.is_target else None


def may_set_new_target(
    variant: Variant,
    *,
    active_step: int | None,
    active_due: datetime | None,
    decisions: dict[str, str],
    roles: Iterable[str],
    at: datetime,
) -> bool:
    """The rule of a new target, for the page that offers it: the active step runs on a target
    set during the request, that target has passed, and `roles` hold the role that sets it."""
    setter = target_setter_of(variant, active_step)
    return (setter is not None and setter.role_given(decisions) in set(roles)
            and active_due is not None and at > active_due)  # fmt: skip


def target_of(event: Any, reason: str = "") -> TargetSet:
    """The target a step event set, or a `TargetRevised` set anew (with its reason)."""
    return TargetSet(step=event.step, actor=event.actor, role=event.role, deadline=event.deadline,
                     deadline_date=event.deadline_date, steps=tuple(event.deadline_for), at=event.at,
                     reason=reason)  # fmt: skip


def may_withdraw(
    request_opd: str | None, requester_role: str, *, roles: Iterable[str], opd: str | None
) -> bool:
    """The withdrawal rule: the requester role, of the OPD that filed the request (any OPD when
    the request names none: then nothing tells who the requesting OPD is)."""
    return requester_role in set(roles) and (request_opd is None or request_opd == opd)


def not_the_requester() -> RoleNotHeldError:
    """The refusal of a withdrawal by anyone but the requesting OPD (also before asking to confirm)."""
    return RoleNotHeldError(
        "hanya OPD pemohon yang dapat menarik permohonan", "only the requesting OPD may withdraw a request"
    )


def _own_standard(step: Step) -> bool:
    """A step timed by its own Waktu (an amount of time), not by a target set on the request."""
    standard = step.time_standard
    return standard is not None and not standard.is_target and standard.amount is not None


def _next_of(
    variant: Variant,
    due: DueFunction,
    outcome: Outcome,
    at: datetime,
    decisions: dict[str, str],
    deadlines: dict[str, datetime],
) -> tuple[int | None, str | None, datetime | None]:
    if outcome.next_step is None:
        return None, None, None
    step = variant.step(outcome.next_step)
    role = step.role_given(decisions)
    if step.time_standard is None:
        due_at = None
    elif step.time_standard.is_target:
        due_at = deadlines.get(str(step.number))
    else:
        due_at = due(at, step.time_standard)
    return step.number, role, due_at


def _checked_missing(step: Step, missing: Iterable[str]) -> tuple[str, ...]:
    """The step's Kelengkapan named as missing: at least one, each one of the step's inputs."""
    if not step.inputs:
        raise InvalidInputError(
            f"langkah {step.number} tidak memerlukan kelengkapan apa pun; tidak ada yang dapat kurang",
            f"step {step.number} needs no documents; nothing can be missing",
            field="missing",
        )
    if isinstance(missing, str) or not isinstance(missing, Iterable):
        raise InvalidInputError("kelengkapan yang kurang harus berupa daftar",
                                "the missing documents must be a list", field="missing")  # fmt: skip
    names: list[str] = []
    for item in missing:
        name = item.strip() if isinstance(item, str) else ""
        if name not in step.inputs:
            choices = "; ".join(step.inputs)
            raise InvalidInputError(
                f"{item!r} bukan kelengkapan langkah {step.number}; pilih dari: {choices}",
                f"{item!r} is not among step {step.number}'s required documents; choose from: {choices}",
                field="missing",
            )
        if name not in names:
            names.append(name)
    if not names:
        raise InvalidInputError(
            "sebutkan kelengkapan yang kurang", "name the missing documents", field="missing"
        )
    return tuple(names)


def _checked_decision(step: Step, decision: str | None) -> str | None:
    if step.decision is None:
        if decision not in (None, ""):
            raise InvalidInputError(
                f"langkah {step.number} bukan langkah keputusan",
                f"step {step.number} takes no decision",
                field="decision",
            )
        return None
    if decision not in DECISION_OUTCOMES:
        raise InvalidInputError(
            f"langkah {step.number} memerlukan keputusan 'ya' atau 'tidak'",
            f"step {step.number} needs the decision 'ya' or 'tidak'",
            field="decision",
        )
    return decision


def _checked_assignees(
    step: Step,
    assignees: Iterable[str] | str | None,
    variant: Variant,
    roles_of: RolesOf | None,
    *,
    field: str = "assignee",
    required: bool = True,
) -> tuple[str, ...]:
    """The people a step names: required where it assigns, one unless it forms a team, each an
    active holder of the appointed steps' role (usernames, as recorded at sign-in: lower case)."""
    given = [assignees] if isinstance(assignees, str) else list(assignees or ())
    named: list[str] = []
    for raw in given:
        one = _text("assignee", (raw or "").strip(), required=False)
        one = one.lower() if roles_of is not None else one
        if one and one not in named:
            named.append(one)
    if step.assigns and not named and required:
        raise InvalidInputError(
            f"langkah {step.number} menunjuk petugas: pilih siapa yang ditunjuk",
            f"step {step.number} assigns someone: choose who is assigned",
            field=field,
        )
    if not step.assigns and named:
        raise InvalidInputError(
            f"langkah {step.number} tidak menunjuk petugas",
            f"step {step.number} does not assign anyone",
            field=field,
        )
    if len(named) > 1 and not step.appoints_team:
        raise InvalidInputError(
            f"langkah {step.number} menunjuk satu orang, bukan tim: pilih satu",
            f"step {step.number} appoints one person, not a team: choose one",
            field=field,
        )
    for one in named:
        if roles_of is not None and not variant.may_be_appointed(step.number, roles_of(one) or ()):
            named_roles = ", ".join(variant.role_name(r) for r in variant.appointed_roles(step.number))
            raise InvalidInputError(
                f"{one!r} bukan pengguna aktif yang memegang peran {named_roles or 'resmi SOP ini'}",
                f"{one!r} is not an active user holding the role {named_roles or 'of an official'}",
                field=field,
            )
    return tuple(named)


def _checked_deadline(step: Step, deadline: datetime | None, at: datetime) -> datetime | None:
    if not step.sets_deadline_for:
        if deadline is not None:
            raise InvalidInputError(
                f"langkah {step.number} tidak menetapkan target waktu",
                f"step {step.number} sets no deadline",
                field="deadline",
            )
        return None
    if deadline is None:
        raise InvalidInputError(
            f"langkah {step.number} menetapkan target waktu: isi tenggatnya",
            f"step {step.number} sets a deadline: the deadline is required",
            field="deadline",
        )
    if deadline.tzinfo is None:
        raise InvalidInputError(
            "tenggat harus memiliki zona waktu", "the deadline needs a time zone", field="deadline"
        )
    if deadline <= at:
        raise InvalidInputError(
            "tenggat harus setelah waktu sekarang", "the deadline must be in the future", field="deadline"
        )
    if deadline > at + DEADLINE_HORIZON:
        raise InvalidInputError(
            "tenggat paling lama 5 tahun dari sekarang",
            "the deadline must be within 5 years from now",
            field="deadline",
        )
    return deadline


def _submission_fields(
    title: str, purpose: str, letter_number: str, letter_date: str, opd: str | None, note: str, at: datetime
) -> dict[str, Any]:
    if not str(letter_date or "").strip():
        raise InvalidInputError("isi tanggal surat", "enter the letter's date", field="letter_date")
    try:
        parsed_date = date.fromisoformat(str(letter_date).strip())
    except ValueError:
        raise InvalidInputError(
            "tanggal surat tidak terbaca: pilih tanggal pada kalender, atau tulis tahun-bulan-tanggal "
            "(misalnya 2026-03-16)",
            "the letter's date cannot be read: pick it in the calendar, or write year-month-day "
            "(e.g. 2026-03-16)",
            field="letter_date",
        ) from None
    if parsed_date > (at + timedelta(days=1)).date():  # a day's slack: time zones
        raise InvalidInputError(
            "tanggal surat tidak boleh setelah hari ini", "the letter cannot be dated after today",
            field="letter_date",
        )  # fmt: skip
    if parsed_date < FIRST_LETTER_DATE:
        raise InvalidInputError(
            "tanggal surat tidak boleh sebelum tahun 1900", "the letter cannot be dated before 1900",
            field="letter_date",
        )  # fmt: skip
    return {
        "title": _text("title", title, limit=200),
        "purpose": _text("purpose", purpose, required=False),
        "letter_number": _text("letter_number", letter_number, limit=100),
        "letter_date": parsed_date.isoformat(),
        "opd": _text("opd", opd, required=False, limit=50) or None,
        "note": _text("note", note, required=False),
    }


def _text(field: str, value: object, required: bool = True, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    indonesian, english = FIELD_NAMES.get(field, (field, field))
    if not isinstance(value, str):
        raise InvalidInputError(f"{indonesian} harus teks", f"{english} must be text", field=field)
    value = value.strip()
    if any(
        (ord(char) < 32 and char not in "\n\r\t") or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF
        for char in value
    ):  # fmt: skip  (a lone surrogate cannot be stored as UTF-8)
        raise InvalidInputError(
            f"{indonesian} berisi karakter kendali yang tidak diizinkan",
            f"{english} contains control characters",
            field=field,
        )
    if required and not value:
        raise InvalidInputError(f"isi {indonesian}", f"enter {english}", field=field)
    if len(value) > limit:
        raise InvalidInputError(
            f"{indonesian} terlalu panjang: paling banyak {limit} karakter, ini {len(value)}",
            f"{english} is too long: at most {limit} characters, this has {len(value)}",
            field=field,
        )
    return value


def _outputs(
    step: Step, given: list[dict[str, Any]] | None, decision: str | None = None
) -> list[dict[str, Any]]:
    """The documents the step produced: the SOP's outputs (the common ones and the given
    answer's own, never another answer's), plus any attached files."""
    documents: list[dict[str, Any]] = [{"name": name} for name in step.outputs_for(decision)]
    for item in given or []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InvalidInputError(
                "dokumen harus memiliki nama", "each document needs a name", field="outputs"
            )
        documents.append({k: v for k, v in item.items() if isinstance(v, (str, int))})
    return documents
