"""The SOP model: a regional Standard Operating Procedure as plain data.

A variant is what one Diskominfo's SOP document prescribes: its roles (the swimlane columns)
and its steps, each with the "Mutu Baku" (inputs, time standard, output). Requests are checked
against a variant; nothing region-specific lives in code.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

# How a request may end. "completed" is the normal end of the last step.
END_OUTCOMES = ("completed", "declined", "rejected_for_resources")
REFUSALS = ("declined", "rejected_for_resources")  # the ends that turn the request down
DECISION_OUTCOMES = ("ya", "tidak")

# The events a step may emit; the variant file says which, not the code.
STEP_EVENTS = (
    "Submitted",
    "Disposed",
    "Analysed",
    "Decided",
    "RejectedForResources",
    "Assigned",
    "PlanReviewed",
    "UATPassed",
    "UATFailed",
    "HandedOver",
    "DeadlineSet",
    "StepCompleted",
    "Archived",
)

# Where a step's Kelengkapan (input) comes from: the letter filed at submission, an earlier
# step's output, or a document brought to the step itself. The variant file may say; else the
# rule of `Variant.input_source` (written in tenants/sops/FORMAT.md) decides.
SOURCE_LETTER = "letter"
SOURCE_OUTPUT = "output"
SOURCE_UPLOAD = "upload"
INPUT_SOURCES = (SOURCE_LETTER, SOURCE_OUTPUT, SOURCE_UPLOAD)

# The documents the service itself makes from the events (the variant file marks an output so):
# the Lembar Disposisi, the Berita Acara of the UAT, of the handover and of the work done, the
# Bimtek attendance record, the letter that declines a request, and the record of an appointment
# (who was appointed, by whom, when: what an assigning step's own output names).
MADE_KINDS = (
    "lembar-disposisi",
    "berita-acara-uat",
    "berita-acara-serah-terima",
    "berita-acara-pekerjaan",
    "daftar-hadir-bimtek",
    "surat-penolakan",
    "penunjukan",
)

# A role id that names the head of the office or of a division (kadis, kabid-ti, kepala-dinas).
LEADERSHIP_ID = re.compile(r"^(kadis|kabid|kepala-dinas|kepala-bidang)(-|$)")

# Units as the seeds print them, normalised.
TIME_UNITS = ("menit", "jam", "hari", "hari_kerja", "minggu", "bulan", "target")

# -- Bounds: what a printed SOP holds, so that one tenant's own file cannot slow the others ------
# A printed SOP table of a few pages never has more than a few dozen rows: the largest shipped
# SOP has 17 steps and 7 roles (swimlane columns). 60 steps is three or four pages of such a
# table, 16 roles twice the columns a landscape page holds; each bound sits several times above
# what the seeds use, and every page that walks the steps (and each step's role) stays small.
MAX_STEPS = 60
MAX_ROLES = 16
MAX_TEXT = 1000  # characters of a description, a decision's question, a remark (largest shipped: 293)
MAX_NAME = 200  # of a title, a role's name, a document's name, a Waktu as printed (largest: 69)
MAX_ID = 64  # of the variant's id and a role's id (largest shipped: 26)
MAX_DOCUMENTS = 20  # inputs (Kelengkapan) or outputs of one step, or of one answer (largest: 7)

# The longest Waktu a step may declare: about two years in every unit (the longest shipped are
# "Maksimal 35 Hari Kerja" and "90 hari"). A step that may take longer sets no service standard,
# and past it the deadline arithmetic only burns CPU ("1000000000 jam" spent 4.6 s of every
# submission before ending in an OverflowError). Working time counts about 245 working days a year
# (weekdays less national holidays and cuti bersama) of the default office day, 07:30-16:00.
MAX_TIME_STANDARD: Mapping[str, int] = {
    "hari_kerja": 500,  # two years of working days
    "hari": 730,
    "minggu": 104,
    "bulan": 24,
    "jam": 4_250,  # 500 working days of 8.5 office hours
    "menit": 255_000,  # the same in minutes
}


class TimeStandardError(ValueError):
    """A Waktu text that cannot be read as an amount and a unit."""


@dataclass(frozen=True)
class TimeStandard:
    """A step's "Waktu": an amount of a unit, or a target set during the request."""

    text: str
    amount: int | None
    unit: str
    maximum: bool = False

    @property
    def is_target(self) -> bool:
        """True where the deadline is set during the request (e.g. "Target Bidang PTIKP")."""
        return self.unit == "target"


_UNIT_WORDS = {
    "menit": "menit",
    "jam": "jam",
    "hari kerja": "hari_kerja",
    "hari": "hari",
    "minggu": "minggu",
    "bulan": "bulan",
}
_AMOUNT_RE = re.compile(
    r"^(?P<max>maksimal\s+|maks\.?\s+|paling lama\s+)?(?P<amount>\d+)\s+"
    r"(?P<unit>menit|jam|hari kerja|hari|minggu|bulan)$"
)


def parse_time_standard(text: str, *, bounded: bool = True) -> TimeStandard:
    """Read a Waktu column as printed: "5 menit", "1 Hari Kerja", "Maksimal 35 Hari Kerja".

    An amount beyond `MAX_TIME_STANDARD` for its unit is refused. `bounded=False` reads one
    stored before that bound (a variant pinned in a tenant's store must stay readable; the
    calendar refuses a deadline beyond its own reach, see `WorkingCalendar.due`).
    """
    cleaned = " ".join(str(text).split())
    lowered = cleaned.lower()
    if lowered.startswith("target"):
        return TimeStandard(text=cleaned, amount=None, unit="target")
    match = _AMOUNT_RE.match(lowered)
    if match is None:
        raise TimeStandardError(
            f"waktu {shown(cleaned)} tidak dapat dibaca; contoh yang sah: '5 menit', "
            "'1 Hari Kerja', 'Maksimal 35 Hari Kerja', '2 minggu', 'Target Bidang PTIKP' "
            f"(time standard {shown(cleaned)} is not an amount and a unit)"
        )
    unit = _UNIT_WORDS[match["unit"]]
    limit = MAX_TIME_STANDARD[unit]
    digits = match["amount"].lstrip("0")
    # Count the digits before converting: a number thousands of digits long is refused, not parsed.
    if bounded and (len(digits) > len(str(limit)) or int(digits or "0") > limit):
        raise TimeStandardError(
            f"waktu {shown(cleaned)} melebihi batas {limit} {match['unit']} (sekitar dua tahun) / "
            f"time standard {shown(cleaned)} is beyond the limit of {limit} {match['unit']} "
            "(about two years)"
        )
    amount = int(digits or "0")
    if amount <= 0:
        raise TimeStandardError(f"waktu {shown(cleaned)} harus lebih dari nol (must be positive)")
    return TimeStandard(text=cleaned, amount=amount, unit=unit, maximum=bool(match["max"]))


def shown(text: str, width: int = 40) -> str:
    """A value quoted in a message, cut short: a refusal never echoes a whole hostile value."""
    return repr(text if len(text) <= width else text[:width] + "…")


@dataclass(frozen=True)
class Role:
    """A swimlane column of the SOP (Pelaksana)."""

    id: str
    name: str


@dataclass(frozen=True)
class Outcome:
    """Where a step leads: to another step, or to an end of the request.

    A decision's answer may produce documents of its own (Sumbawa's step 6 "tidak": the report
    that the resources are lacking): they are recorded only when that answer is given.
    """

    next_step: int | None = None
    end: str | None = None
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ending:
    """A refusal an answer leads to: the end, and the steps done on the way (none: at once)."""

    end: str
    via: tuple[int, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A step that asks a question answered `ya` or `tidak`."""

    question: str
    ya: Outcome
    tidak: Outcome

    def outcome(self, answer: str) -> Outcome:
        """The outcome for an answer; the caller has checked the answer is ya/tidak."""
        return self.ya if answer == "ya" else self.tidak


@dataclass(frozen=True)
class RoleOverride:
    """A step whose performer depends on an earlier decision (Cirebon: third party)."""

    decision_step: int
    answer: str
    role: str
    appointee_of: int | None = None  # the step appointing the person who then does it (the vendor)


@dataclass(frozen=True)
class InputSource:
    """What satisfies one Kelengkapan of a step: the letter, an earlier step's output (by its
    name, which the seed may word differently from the input), or an upload at the step."""

    kind: str  # one of INPUT_SOURCES
    document: str = ""  # SOURCE_OUTPUT: the earlier output's name


def document_key(name: str) -> str:
    """A document's name without case or extra spaces: how two rows of a seed name one document."""
    return " ".join(name.split()).casefold()


def same_document(a: str, b: str) -> bool:
    """Two names of one document as a seed prints them ("Rancangan sistem", "Rancangan Sistem")."""
    return document_key(a) == document_key(b)


TEAM_WORD = re.compile(r"\btim\b", re.IGNORECASE)  # "membentuk Tim …": a step appointing a team


@dataclass(frozen=True)
class Step:
    """One row of the SOP table with its Mutu Baku."""

    number: int
    description: str
    role: str
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    time_standard: TimeStandard | None = None
    events: Mapping[str, str] = field(default_factory=dict)  # "" or "ya"/"tidak" -> event
    next: Outcome | None = None
    decision: Decision | None = None
    assigns: bool = False
    sets_deadline_for: tuple[int, ...] = ()
    role_overrides: tuple[RoleOverride, ...] = ()
    remarks: str = ""
    appointee_of: int | None = None  # the assigning step whose appointee performs this step
    sources: Mapping[str, InputSource] = field(default_factory=dict)  # as the file says, by input
    made: Mapping[str, str] = field(default_factory=dict)  # output name -> MADE_KINDS, by the service

    def event_for(self, answer: str | None) -> str:
        """The event this step emits, per decision answer where the file says so."""
        if answer is not None and answer in self.events:
            return self.events[answer]
        return self.events.get("", "Decided" if self.decision else "StepCompleted")

    def outputs_for(self, answer: str | None) -> tuple[str, ...]:
        """The documents the step produces: its common outputs, plus the answer's own."""
        if self.decision is None or answer not in DECISION_OUTCOMES:
            return self.outputs
        return self.outputs + self.decision.outcome(answer).outputs

    def outcome_for(self, answer: str | None) -> Outcome:
        """Where the request goes after this step."""
        if self.decision is not None:
            return self.decision.outcome(answer or "")
        return self.next or Outcome(end="completed")

    def role_given(self, decisions: Mapping[str, str]) -> str:
        """The role that performs this step, given the request's decisions (by step number)."""
        for override in self.role_overrides:
            if decisions.get(str(override.decision_step)) == override.answer:
                return override.role
        return self.role

    @property
    def appoints_team(self) -> bool:
        """Whether this step appoints a team (several people) rather than one person: the SOP's
        own wording says so, a step that assigns and names a "tim" ("membentuk Tim Pengembangan
        Aplikasi"). Derived from the text, so no SOP file (nor its version) changes."""
        return self.assigns and TEAM_WORD.search(self.description) is not None

    def appointing_step(self, role: str) -> int | None:
        """The step whose appointee performs this step when `role` performs it (the role given
        the request's decisions), if the SOP says so: the PIC appointed at Cirebon's step 6 for
        the `pic` role, the third party appointed at step 5 where step 7 hands it to them."""
        if role == self.role:
            return self.appointee_of
        return next((o.appointee_of for o in self.role_overrides if o.role == role), None)


@dataclass(frozen=True)
class Variant:
    """One regional SOP variant, at one version."""

    id: str
    version: int
    title: str
    roles: tuple[Role, ...]
    steps: tuple[Step, ...]
    requester_role: str = "opd"
    metadata: Mapping[str, object] = field(default_factory=dict)

    # Lookups by number and by id, indexed on first use: pages ask them for every step they show.
    # Built beside the fields (cached_property writes the instance's __dict__), so equality, the
    # hash and `variant_to_dict` still see the fields alone.

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the variant as plain data: what caches of its derived forms (arrows, the
        flowchart) are keyed by, since two tenants' own files may share an id and a version."""
        plain = json.dumps(variant_to_dict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(plain.encode("utf-8")).hexdigest()

    @cached_property
    def _positions(self) -> dict[int, int]:
        return _first_of((step.number, index) for index, step in enumerate(self.steps))

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return _first_of((role.id, role) for role in self.roles)

    @cached_property
    def _target_setters(self) -> dict[int, Step]:
        return _first_of((number, step) for step in self.steps for number in step.sets_deadline_for)

    @cached_property
    def _letter_inputs(self) -> tuple[str, ...]:
        """The names the SOP gives the letter: the first step's inputs that the letter satisfies."""
        first = self.steps[0] if self.steps else None
        if first is None:
            return ()
        named = [
            name for name in first.inputs if first.sources.get(name, InputSource("")).kind == SOURCE_LETTER
        ]
        if named:
            return tuple(named)
        if first.inputs and first.inputs[0] not in first.sources:
            return first.inputs[:1]
        return ()

    @cached_property
    def _producers(self) -> dict[str, list[tuple[int, str]]]:
        """Every output by its document key: the steps producing it, in the table's order."""
        found: dict[str, list[tuple[int, str]]] = {}
        for step in self.steps:
            for output in _all_outputs(step):
                found.setdefault(document_key(output), []).append((step.number, output))
        return found

    def produces(self, name: str) -> bool:
        """Whether some step outputs the document `name` (as `same_document` compares names)."""
        return document_key(name) in self._producers

    def input_source(self, step: Step, name: str) -> InputSource:
        """What satisfies input `name` of `step`: as the file says, or else (in this order) the
        letter for the first step's first input and any input of that name later; an output of
        that name of another step; an upload at the step itself."""
        if name in step.sources:
            return step.sources[name]
        if any(same_document(name, letter) for letter in self._letter_inputs):
            return InputSource(SOURCE_LETTER)
        found = next((output for number, output in self._producers.get(document_key(name), ())
                      if number != step.number), None)  # fmt: skip
        return InputSource(SOURCE_OUTPUT, found) if found is not None else InputSource(SOURCE_UPLOAD)

    def step(self, number: int) -> Step:
        """The step with this number; KeyError if there is none."""
        return self.steps[self._positions[number]]

    def has_step(self, number: int) -> bool:
        return number in self._positions

    def position(self, number: int) -> int:
        """The step's row in the table, from 0; KeyError if there is none."""
        return self._positions[number]

    def target_setter(self, number: int | None) -> Step | None:
        """The step that sets step `number`'s target during the request (`sets_deadline_for`)."""
        return self._target_setters.get(number) if number is not None else None

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def role(self, role_id: str) -> Role:
        """The role with this id; KeyError if there is none."""
        return self._roles_by_id[role_id]

    def role_name(self, role_id: str) -> str:
        try:
            return self.role(role_id).name
        except KeyError:
            return role_id

    @cached_property
    def leadership_roles(self) -> frozenset[str]:
        """The roles that lead the office in this SOP, who see the whole office's open work.

        Read from the SOP itself, so it holds for a tenant's own variant file too: the roles
        that dispose a letter (`Disposed`) or decide a step (the top of the disposition chain:
        Kepala Dinas, Kepala Bidang), and a role whose id names a Kadis or Kabid (Muara Enim's
        KABID E-Government neither disposes nor decides: he reviews). Never the requesting OPD,
        which answers the UAT question but leads nothing.
        """
        found = {
            step.role
            for step in self.steps
            if step.decision is not None or "Disposed" in step.events.values()
        }
        found |= {role.id for role in self.roles if LEADERSHIP_ID.match(role.id)}
        return frozenset(found & {role.id for role in self.roles} - {self.requester_role})

    def ending_after(self, number: int, answer: str | None) -> Ending | None:
        """The refusal an answer commits the request to, if any: an outcome that is itself
        `declined` / `rejected_for_resources`, or steps that only lead on to one (Sumbawa's step 6
        "tidak" → step 7, which ends it rejected for resources). Such an answer cannot be undone:
        it needs a reason, and the pages ask to confirm it."""
        outcome = self.step(number).outcome_for(answer)
        via: list[int] = []
        while outcome.next_step is not None:
            following = self.step(outcome.next_step)
            if following.decision is not None or following.number in via or following.number == number:
                return None
            via.append(following.number)
            outcome = following.outcome_for(None)
        if outcome.end in REFUSALS:
            return Ending(outcome.end, tuple(via))
        return None

    def appointed_roles(self, number: int) -> tuple[str, ...]:
        """The roles of the steps whose appointee step `number` names (Sumbawa's step 4: the
        `tim-pengembang` of steps 9-17), in step order; () where no step says so."""
        found: list[str] = []
        for step in self.steps:
            if step.appointee_of == number and step.role not in found:
                found.append(step.role)
            for override in step.role_overrides:
                if override.appointee_of == number and override.role not in found:
                    found.append(override.role)
        return tuple(found)

    def may_be_appointed(self, number: int, roles: Iterable[str]) -> bool:
        """Whether someone holding `roles` may be named at assigning step `number`: a holder of
        the appointed steps' role (not the Kadis or the Kabid unless they hold it); where no step
        names its appointee, any official of the SOP (`may_be_assigned`)."""
        wanted = self.appointed_roles(number)
        held = set(roles)
        if not wanted:
            return self.may_be_assigned(held)
        return bool(held & set(wanted)) and self.requester_role not in held

    def may_be_assigned(self, roles: Iterable[str]) -> bool:
        """Whether someone holding `roles` may be named where a step assigns someone: an official
        of this SOP (one of its roles other than the requesting OPD's), never an OPD user."""
        held = set(roles)
        official = {role.id for role in self.roles} - {self.requester_role}
        return bool(held & official) and self.requester_role not in held


K = TypeVar("K")
V = TypeVar("V")


def _first_of(pairs: Iterable[tuple[K, V]]) -> dict[K, V]:
    """Each key with its first value: where a number or an id is written twice (which validation
    refuses), a lookup finds the first, as a scan did."""
    found: dict[K, V] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


@dataclass(frozen=True)
class Problem:
    """A located error in a variant: where (a path into the file) and why."""

    path: tuple[str | int, ...]
    reason: str

    def where(self) -> str:
        text = ""
        for part in self.path:
            if part == "#dup":
                continue
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text or "(berkas)"


def validate_variant(variant: Variant) -> list[Problem]:
    """Every structural error of a variant; empty when it can run.

    A variant with more steps or roles than an SOP table holds is refused on that alone, before
    any step is looked at; the rest takes time linear in the steps.
    """
    problems = count_problems(len(variant.steps), len(variant.roles))
    if problems:
        return problems
    role_ids = [role.id for role in variant.roles]
    problems += _duplicate_roles(role_ids)
    problems += _size_problems(variant)
    if variant.requester_role not in role_ids:
        problems.append(Problem(("requester_role",), f"peran tidak dikenal / unknown role "
                                                     f"{shown(variant.requester_role)}"))  # fmt: skip
    if not variant.steps:
        problems.append(Problem(("steps",), "tidak ada langkah / the SOP has no steps"))
        return problems
    known_roles, numbers = set(role_ids), {step.number for step in variant.steps}
    seen: set[int] = set()
    for index, step in enumerate(variant.steps):
        here: tuple[str | int, ...] = ("steps", index)
        if step.number in seen:
            problems.append(
                Problem((*here, "number"), f"nomor langkah {step.number} ganda / duplicate step number")
            )
        seen.add(step.number)
        problems += _step_problems(variant, step, here, known_roles, numbers)
    problems += _unreachable(variant)
    return problems


def count_problems(steps: int, roles: int) -> list[Problem]:
    """More steps or roles than an SOP table holds, each at the first one past its bound.

    Cheap enough to ask of a file before its steps are built (the loader counts its lists first).
    """
    problems: list[Problem] = []
    if roles > MAX_ROLES:
        problems.append(Problem(("roles", MAX_ROLES), f"lebih dari {MAX_ROLES} peran (ada {roles}) / "
                                                      f"more than {MAX_ROLES} roles ({roles})"))  # fmt: skip
    if steps > MAX_STEPS:
        problems.append(Problem(("steps", MAX_STEPS), f"lebih dari {MAX_STEPS} langkah (ada {steps}) / "
                                                      f"more than {MAX_STEPS} steps ({steps})"))  # fmt: skip
    return problems


def _duplicate_roles(role_ids: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, role_id in enumerate(role_ids):
        if role_id in seen:
            problems.append(
                Problem(("roles", index, "id"), f"peran {shown(role_id)} ganda / duplicate role id")
            )
        seen.add(role_id)
    return problems


def _size_problems(variant: Variant) -> list[Problem]:
    """Texts and lists past their bounds (MAX_TEXT, MAX_NAME, MAX_ID, MAX_DOCUMENTS)."""
    problems = _too_long(("id",), variant.id, MAX_ID) + _too_long(("title",), variant.title, MAX_NAME)
    for index, role in enumerate(variant.roles):
        problems += _too_long(("roles", index, "id"), role.id, MAX_ID)
        problems += _too_long(("roles", index, "name"), role.name, MAX_NAME)
    for index, step in enumerate(variant.steps):
        here: tuple[str | int, ...] = ("steps", index)
        problems += _too_long((*here, "description"), step.description, MAX_TEXT)
        problems += _too_long((*here, "remarks"), step.remarks, MAX_TEXT)
        problems += _too_long((*here, "role"), step.role, MAX_ID)
        if step.time_standard is not None:
            problems += _too_long((*here, "time_standard"), step.time_standard.text, MAX_NAME)
        problems += _documents_problems((*here, "inputs"), step.inputs)
        problems += _documents_problems((*here, "outputs"), step.outputs)
        if step.decision is not None:
            problems += _too_long((*here, "decision", "question"), step.decision.question, MAX_TEXT)
            for answer in DECISION_OUTCOMES:
                outputs = step.decision.outcome(answer).outputs
                problems += _documents_problems((*here, "decision", answer, "outputs"), outputs)
        for key, count in (("sets_deadline_for", len(step.sets_deadline_for)),
                           ("role_if", len(step.role_overrides))):  # fmt: skip
            if count > MAX_STEPS:
                problems.append(Problem((*here, key), f"lebih dari {MAX_STEPS} isian / more than "
                                                      f"{MAX_STEPS} entries"))  # fmt: skip
    return problems


def _documents_problems(path: tuple[str | int, ...], names: tuple[str, ...]) -> list[Problem]:
    if len(names) > MAX_DOCUMENTS:
        return [Problem(path, f"lebih dari {MAX_DOCUMENTS} dokumen (ada {len(names)}) / more than "
                              f"{MAX_DOCUMENTS} documents ({len(names)})")]  # fmt: skip
    return [
        problem for index, name in enumerate(names) for problem in _too_long((*path, index), name, MAX_NAME)
    ]


def _too_long(path: tuple[str | int, ...], text: str, limit: int) -> list[Problem]:
    if len(text) <= limit:
        return []
    return [Problem(path, f"lebih dari {limit} karakter (ada {len(text)}) / longer than {limit} "
                          f"characters ({len(text)})")]  # fmt: skip


def _step_problems(
    variant: Variant,
    step: Step,
    here: tuple[str | int, ...],
    role_ids: set[str],
    numbers: set[int],
) -> list[Problem]:
    problems: list[Problem] = []
    if step.role not in role_ids:
        problems.append(Problem((*here, "role"), f"peran tidak dikenal / unknown role {shown(step.role)}"))
    for override in step.role_overrides:
        if override.role not in role_ids:
            problems.append(
                Problem((*here, "role_if"), f"peran tidak dikenal / unknown role {shown(override.role)}")
            )
        if override.decision_step not in numbers:
            problems.append(
                Problem(
                    (*here, "role_if"),
                    f"langkah {override.decision_step} tidak ada / no such step",
                )
            )
    for key, event_name in step.events.items():
        if event_name not in STEP_EVENTS:
            problems.append(
                Problem((*here, "event"), f"peristiwa tidak dikenal / unknown event {shown(event_name)}")
            )
        if key and step.decision is None:
            problems.append(Problem((*here, "event"), "event per jawaban hanya untuk langkah keputusan"))
    if step.decision is not None:
        for answer in DECISION_OUTCOMES:
            outcome = getattr(step.decision, answer)
            if outcome is None or (outcome.next_step is None and outcome.end is None):
                problems.append(
                    Problem(
                        (*here, "decision", answer),
                        f"keputusan tanpa hasil {answer!r} / decision is missing outcome {answer!r}",
                    )
                )
            else:
                problems += _outcome_problems(outcome, (*here, "decision", answer), numbers)
                problems += _answer_output_problems(step, outcome, (*here, "decision", answer, "outputs"))
    elif step.next is not None:
        problems += _outcome_problems(step.next, (*here, "next"), numbers)
    problems += _appointee_problems(variant, step, here, numbers)
    problems += _mutu_baku_problems(variant, step, here)
    for target in step.sets_deadline_for:
        if target not in numbers:
            problems.append(
                Problem((*here, "sets_deadline_for"), f"langkah {target} tidak ada / no such step")
            )
    return problems


def _mutu_baku_problems(variant: Variant, step: Step, here: tuple[str | int, ...]) -> list[Problem]:
    """A Kelengkapan's stated source names an output some step produces; a made output is one
    the service knows how to make, and is an output of the step."""
    problems: list[Problem] = []
    for index, name in enumerate(step.inputs):
        source = step.sources.get(name)
        if source is None:
            continue
        if source.kind not in INPUT_SOURCES:
            problems.append(
                Problem(
                    (*here, "inputs", index), f"sumber tidak dikenal / unknown source {shown(source.kind)}"
                )
            )
        elif source.kind == SOURCE_OUTPUT and not variant.produces(source.document):
            problems.append(Problem((*here, "inputs", index),
                                    f"tidak ada langkah yang menghasilkan {shown(source.document)} / no step "
                                    f"produces {shown(source.document)}"))  # fmt: skip
    for name, kind in step.made.items():
        if kind not in MADE_KINDS:
            kinds = ", ".join(MADE_KINDS)
            reason = (
                f"dokumen buatan layanan tidak dikenal {shown(kind)} (pilih: {kinds}) / unknown made document"
            )
            problems.append(Problem((*here, "outputs"), reason))
        if name not in _all_outputs(step):
            problems.append(
                Problem((*here, "outputs"), f"{shown(name)} bukan output langkah / not an output of the step")
            )
    return problems


def _all_outputs(step: Step) -> tuple[str, ...]:
    """Every output a step may produce, whatever the answer."""
    if step.decision is None:
        return step.outputs
    return step.outputs + step.decision.ya.outputs + step.decision.tidak.outputs


def _answer_output_problems(step: Step, outcome: Outcome, path: tuple[str | int, ...]) -> list[Problem]:
    """An answer's own outputs are named, and not already among the step's common outputs
    (recorded on every answer): a document listed in both would read as produced twice."""
    problems = []
    for index, name in enumerate(outcome.outputs):
        if not name:
            problems.append(Problem((*path, index), "nama dokumen kosong / empty document name"))
        elif name in step.outputs:
            problems.append(
                Problem(
                    (*path, index),
                    f"{shown(name)} sudah output langkah untuk setiap jawaban / "
                    "already an output of the step for every answer",
                )
            )
    return problems


def _appointee_problems(
    variant: Variant, step: Step, here: tuple[str | int, ...], numbers: set[int]
) -> list[Problem]:
    """`appointee_of` (of the step, or of a `role_if`) names an earlier step that assigns someone."""
    found = _appointing_problems(variant, step, step.appointee_of, (*here, "appointee_of"), numbers)
    for override in step.role_overrides:
        found += _appointing_problems(variant, step, override.appointee_of, (*here, "role_if"), numbers)
    return found


def _appointing_problems(
    variant: Variant, step: Step, target: int | None, path: tuple[str | int, ...], numbers: set[int]
) -> list[Problem]:
    if target is None:
        return []
    if target not in numbers:
        return [Problem(path, f"langkah {target} tidak ada / no such step")]
    if not variant.step(target).assigns:
        return [Problem(path, f"langkah {target} tidak menunjuk petugas / step {target} assigns no one")]
    if variant.position(target) >= variant.position(step.number):
        return [Problem(path, f"langkah {target} harus sebelum langkah ini / must come before this step")]
    return []


def _outcome_problems(outcome: Outcome, path: tuple[str | int, ...], numbers: set[int]) -> list[Problem]:
    if outcome.end is not None and outcome.end not in END_OUTCOMES:
        return [
            Problem(
                path,
                f"akhir tidak dikenal {shown(outcome.end)}; pilih salah satu dari {', '.join(END_OUTCOMES)}"
                f" / unknown end",
            )
        ]
    if outcome.next_step is not None and outcome.next_step not in numbers:
        return [
            Problem(
                path,
                f"langkah berikut {outcome.next_step} tidak ada / next step does not exist",
            )
        ]
    return []


def successors(variant: Variant, step: Step) -> list[int]:
    """The step numbers a step can lead to (implicit next: the following row)."""
    if step.decision is not None:
        targets = [step.decision.ya.next_step, step.decision.tidak.next_step]
        return [t for t in targets if t is not None]
    if step.next is not None:
        return [step.next.next_step] if step.next.next_step is not None else []
    return []


def _unreachable(variant: Variant) -> list[Problem]:
    numbers = {step.number for step in variant.steps}
    seen: set[int] = set()
    todo = [variant.first_step.number]
    while todo:
        number = todo.pop()
        if number in seen or number not in numbers:
            continue
        seen.add(number)
        todo.extend(successors(variant, variant.step(number)))
    return [
        Problem(("steps", index), f"langkah {step.number} tidak dapat dicapai / unreachable step")
        for index, step in enumerate(variant.steps)
        if step.number not in seen
    ]


def _outcome_to_dict(outcome: Outcome | None) -> dict[str, object] | None:
    if outcome is None:
        return None
    plain: dict[str, object] = {"next_step": outcome.next_step, "end": outcome.end}
    if outcome.outputs:  # only where an answer has its own: variants pinned before read the same
        plain["outputs"] = list(outcome.outputs)
    return plain


def _outcome_from_dict(data: Mapping[str, object] | None) -> Outcome | None:
    if data is None:
        return None
    next_step = data.get("next_step")
    end = data.get("end")
    outputs = data.get("outputs")
    return Outcome(
        next_step=int(next_step) if isinstance(next_step, int) else None,
        end=str(end) if end is not None else None,
        outputs=tuple(str(x) for x in outputs) if isinstance(outputs, list) else (),
    )


def step_to_dict(step: Step) -> dict[str, object]:
    """A step as plain JSON-ready data (the shape `alur sop show --json` and the API use)."""
    time_standard = step.time_standard
    return {
        "number": step.number,
        "description": step.description,
        "role": step.role,
        "inputs": list(step.inputs),
        "outputs": list(step.outputs),
        "time_standard": None
        if time_standard is None
        else {
            "text": time_standard.text,
            "amount": time_standard.amount,
            "unit": time_standard.unit,
            "maximum": time_standard.maximum,
        },
        "decision": step.decision is not None,
        "question": step.decision.question if step.decision else None,
        "outcomes": {
            "ya": _outcome_to_dict(step.decision.ya),
            "tidak": _outcome_to_dict(step.decision.tidak),
        }
        if step.decision
        else None,
        "next": _outcome_to_dict(step.next),
        "events": dict(step.events),
        "assigns": step.assigns,
        "appointee_of": step.appointee_of,
        "sets_deadline_for": list(step.sets_deadline_for),
        "role_if": [
            {"step": o.decision_step, "answer": o.answer, "role": o.role, "appointee_of": o.appointee_of}
            for o in step.role_overrides
        ],
        "remarks": step.remarks,
        # Only where the file says: a variant pinned before these keys reads back the same.
        **(
            {
                "sources": {
                    name: {"kind": src.kind, "document": src.document} for name, src in step.sources.items()
                }
            }
            if step.sources
            else {}
        ),
        **({"made": dict(step.made)} if step.made else {}),
    }


def variant_to_dict(variant: Variant) -> dict[str, object]:
    """The whole variant as plain data; `variant_from_dict` reads it back unchanged."""
    return {
        "id": variant.id,
        "version": variant.version,
        "title": variant.title,
        "requester_role": variant.requester_role,
        "roles": [{"id": role.id, "name": role.name} for role in variant.roles],
        "steps": [step_to_dict(step) for step in variant.steps],
        "document": _plain(variant.metadata.get("document", {})),
    }


def _plain(value: object) -> object:
    """Dates and other YAML scalars as JSON-safe values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def variant_from_dict(data: Mapping[str, object]) -> Variant:
    """Rebuild a variant stored as plain data (e.g. pinned in a tenant's event store)."""
    roles = tuple(Role(id=str(r["id"]), name=str(r["name"])) for r in _items(data["roles"]))
    steps = []
    for raw in _items(data["steps"]):
        ts = raw.get("time_standard")
        outcomes = raw.get("outcomes")
        decision = None
        if isinstance(outcomes, Mapping):
            decision = Decision(
                question=str(raw.get("question") or ""),
                ya=_outcome_from_dict(outcomes.get("ya")) or Outcome(),
                tidak=_outcome_from_dict(outcomes.get("tidak")) or Outcome(),
            )
        steps.append(
            Step(
                number=int(raw["number"]),
                description=str(raw["description"]),
                role=str(raw["role"]),
                inputs=tuple(str(x) for x in raw.get("inputs") or ()),
                outputs=tuple(str(x) for x in raw.get("outputs") or ()),
                # Unbounded: a variant pinned before the bounds must still read (the calendar
                # refuses a deadline beyond its reach when one is asked for).
                time_standard=parse_time_standard(str(ts["text"]), bounded=False)
                if isinstance(ts, Mapping)
                else None,
                events={str(k): str(v) for k, v in (raw.get("events") or {}).items()},
                next=_outcome_from_dict(raw.get("next")),
                decision=decision,
                assigns=bool(raw.get("assigns")),
                appointee_of=_number(raw.get("appointee_of")),
                sets_deadline_for=tuple(int(x) for x in raw.get("sets_deadline_for") or ()),
                role_overrides=tuple(_override(o) for o in raw.get("role_if") or ()),
                remarks=str(raw.get("remarks") or ""),
                sources={
                    str(name): InputSource(str(src.get("kind")), str(src.get("document") or ""))
                    for name, src in (raw.get("sources") or {}).items()
                    if isinstance(src, Mapping)
                },
                made={str(name): str(kind) for name, kind in (raw.get("made") or {}).items()},
            )
        )
    return Variant(
        id=str(data["id"]),
        version=int(str(data["version"])),
        title=str(data.get("title") or ""),
        roles=roles,
        steps=tuple(steps),
        requester_role=str(data.get("requester_role") or "opd"),
        metadata={"document": data.get("document") or {}},
    )


def _override(raw: Mapping[str, Any]) -> RoleOverride:
    appointing = _number(raw.get("appointee_of"))
    return RoleOverride(int(raw["step"]), str(raw["answer"]), str(raw["role"]), appointing)


def _number(value: object) -> int | None:
    return int(str(value)) if value is not None else None


def _items(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return [item for item in value if isinstance(item, Mapping)]
