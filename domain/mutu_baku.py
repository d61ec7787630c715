"""A step held to its Mutu Baku: its Kelengkapan present and each Output recorded before it completes.

Every row of a seed SOP names what the step needs (Kelengkapan) and what it produces (Output).
A step completes only when each input is on the request (the letter, an earlier step's output,
or a document brought to the step) and each output is recorded: as a file, as a document the
service makes, as one of the step's own inputs passed on, or as handed over outside the system
with a reference. Never nothing: the refusal names every document still missing.

Documents are recorded in the event's `outputs` list, each entry saying which document of the
SOP it is (`name`), which part of the row it fills (`part`) and how (`how`); entries recorded
before this rule (a bare `{"name"}`, or a file named by its file name) still count as held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.errors import InvalidInputError
from domain.sop import SOURCE_LETTER, SOURCE_OUTPUT, InputSource, Step, Variant, same_document

PART_LETTER = "letter"
PART_INPUT = "input"
PART_OUTPUT = "output"
PART_ATTACHMENT = "attachment"

HOW_UPLOADED = "uploaded"
HOW_OUTSIDE = "outside"  # "diserahkan di luar sistem", with a reference number
HOW_MADE = "made"  # made by the service from the events
HOW_PASSED = "passed"  # one of the step's own inputs, passed on

LETTER_NAME = "Surat Permohonan"
LEGACY_LETTER = "Surat Permohonan: "  # the label of letters filed before the letter had a part
MAX_REFERENCE = 200


def slot(part: str, index: int) -> str:
    """The form field of the step's `index`-th input or output (from 0): "input-1", "output-2"."""
    return f"{part}-{index + 1}"


@dataclass(frozen=True)
class Brought:
    """What an actor brings to a step: checked files and references by slot ("input-1",
    "output-2"), and any other file attached to the step."""

    files: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Item:
    """One line of a step's checklist: an input and what satisfies it, or an output and how it
    is recorded."""

    part: str  # PART_INPUT or PART_OUTPUT
    slot: str
    name: str
    source: InputSource | None = None  # an input's
    made: str = ""  # an output the service makes: its kind
    passed: str = ""  # an output that is one of the step's inputs: that input's name
    records: tuple[dict[str, Any], ...] = ()  # on the request already (inputs)
    answer: str = ""  # an output only this answer of the decision produces

    @property
    def present(self) -> bool:
        return bool(self.records)

    @property
    def needs_recording(self) -> bool:
        """An output the actor must record (a file, or a reference), or an input still missing."""
        if self.part == PART_INPUT:
            return not self.records
        return not (self.made or self.passed)


def records_of(steps_taken: Iterable[Any], pauses: Iterable[Any]) -> list[dict[str, Any]]:
    """Every document entry recorded on a request so far (steps taken and resubmissions)."""
    taken = [dict(doc) for step in steps_taken for doc in step.outputs]
    resubmitted = [dict(doc) for pause in pauses for doc in pause.outputs]
    return taken + resubmitted


def held(
    variant: Variant, step: Step, name: str, records: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any], ...]:
    """The entries on the request that satisfy input `name` of `step`: the letter, the earlier
    output the SOP names, or any document of that name already recorded."""
    source = variant.input_source(step, name)
    found = []
    for record in records:
        entry_name = str(record.get("name") or "")
        part = record.get("part")
        if part == PART_ATTACHMENT:
            continue
        is_letter = part == PART_LETTER or (part is None and entry_name.startswith(LEGACY_LETTER))
        if is_letter:
            matches = source.kind == SOURCE_LETTER and bool(record.get("sha256"))
        else:
            matches = same_document(entry_name, name) or (
                source.kind == SOURCE_OUTPUT and same_document(entry_name, source.document)
            )
        if matches:
            found.append(dict(record))
    return tuple(found)


def checklist(
    variant: Variant, step: Step, records: Sequence[Mapping[str, Any]], decision: str | None = None
) -> list[Item]:
    """The step's Kelengkapan with what is on the request, then its outputs with how each is
    recorded (for a decision step, the answer's own outputs once it is known)."""
    items = [
        Item(
            PART_INPUT,
            slot(PART_INPUT, index),
            name,
            source=variant.input_source(step, name),
            records=held(variant, step, name, records),
        )
        for index, name in enumerate(step.inputs)
    ]
    for index, name in enumerate(step.outputs_for(decision)):
        passed = next((given for given in step.inputs if same_document(given, name)), "")
        items.append(
            Item(PART_OUTPUT, slot(PART_OUTPUT, index), name, made=step.made.get(name, ""), passed=passed)
        )
    return items


def every_item(variant: Variant, step: Step, records: Sequence[Mapping[str, Any]]) -> list[Item]:
    """The checklist before the answer is known: the common outputs, then each answer's own
    (their slots follow the common ones, as `checklist` numbers them once answered)."""
    items = checklist(variant, step, records)
    if step.decision is not None:
        common = len(step.outputs)
        for answer in ("ya", "tidak"):
            for index, name in enumerate(step.decision.outcome(answer).outputs, start=common):
                items.append(Item(PART_OUTPUT, slot(PART_OUTPUT, index), name, made=step.made.get(name, ""),
                                  answer=answer))  # fmt: skip
    return items


def outside_references(
    variant: Variant, step: Step, records: Sequence[Mapping[str, Any]], decision: str | None, reference: str
) -> dict[str, str]:
    """A reference for every document the step still needs recorded, as when everything was
    handed over on paper (the demo's and the bench's requests; tests walking a request)."""
    return {
        item.slot: reference for item in checklist(variant, step, records, decision) if item.needs_recording
    }


class MissingDocumentsError(InvalidInputError):
    """A step completed with a Kelengkapan missing or an Output not recorded."""

    code = "missing_documents"

    def __init__(self, inputs: Sequence[str], outputs: Sequence[str], step: int) -> None:
        parts_id, parts_en = [], []
        if inputs:
            parts_id.append("kelengkapan belum ada: " + "; ".join(inputs))
            parts_en.append("required documents missing: " + "; ".join(inputs))
        if outputs:
            parts_id.append("output belum dicatat: " + "; ".join(outputs))
            parts_en.append("outputs not recorded: " + "; ".join(outputs))
        super().__init__(
            f"langkah {step} belum dapat diselesaikan — "
            + "; ".join(parts_id)
            + " (unggah berkasnya, atau tulis nomor rujukan bila diserahkan di luar sistem)",
            f"step {step} cannot be completed yet — "
            + "; ".join(parts_en)
            + " (upload the file, or give a reference number if it was handed over outside the system)",
            field="documents",
        )
        self.missing_inputs = tuple(inputs)
        self.missing_outputs = tuple(outputs)


def recorded(
    variant: Variant,
    step: Step,
    decision: str | None,
    records: Sequence[Mapping[str, Any]],
    brought: Brought,
    letter: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The entries a completion records, once every input is present and every output recorded;
    else a refusal naming each document missing. `letter`: the letter filed with a submission."""
    items = checklist(variant, step, [*records, *([letter] if letter else [])], decision)
    known = {item.slot for item in items}
    for name in [*brought.files, *brought.references]:
        if name not in known:
            choices = ", ".join(sorted(known)) or "—"
            raise InvalidInputError(
                f"langkah {step.number} tidak memiliki isian {name!r} (pilih: {choices})",
                f"step {step.number} has no field {name!r} (choose from: {choices})",
                field=name,
            )
    entries: list[dict[str, Any]] = [dict(letter)] if letter else []
    missing_inputs: list[str] = []
    missing_outputs: list[str] = []
    satisfied: set[str] = set()
    for item in items:
        given = _given(item, brought)
        entries += given
        if item.part == PART_INPUT:
            if item.present or given:
                satisfied.add(item.name)
            else:
                missing_inputs.append(item.name)
        elif item.made:
            entries.append({"name": item.name, "part": PART_OUTPUT, "how": HOW_MADE, "kind": item.made})
        elif given:
            continue
        elif item.passed and item.passed in satisfied:
            entries.append({"name": item.name, "part": PART_OUTPUT, "how": HOW_PASSED, "from": item.passed})
        else:
            missing_outputs.append(item.name)
    if missing_inputs or missing_outputs:
        raise MissingDocumentsError(missing_inputs, missing_outputs, step.number)
    entries += [{**record, "part": PART_ATTACHMENT, "how": HOW_UPLOADED} for record in brought.attachments]
    return entries


def _given(item: Item, brought: Brought) -> list[dict[str, Any]]:
    """The files and the reference the actor brought for one checklist item, as entries."""
    entries = [
        {
            **{k: v for k, v in record.items() if k != "name"},
            "name": item.name,
            "part": item.part,
            "how": HOW_UPLOADED,
            "file": str(record.get("name") or ""),
        }
        for record in brought.files.get(item.slot, ())
    ]
    reference = " ".join(str(brought.references.get(item.slot) or "").split())
    if len(reference) > MAX_REFERENCE:
        raise InvalidInputError(
            f"nomor rujukan terlalu panjang (maksimal {MAX_REFERENCE} karakter)",
            f"the reference is too long (at most {MAX_REFERENCE} characters)",
            field=item.slot,
        )
    if reference:
        entries.append({"name": item.name, "part": item.part, "how": HOW_OUTSIDE, "reference": reference})
    return entries


def letter_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    """The letter filed with a submission, as its entry."""
    return {**{k: v for k, v in record.items() if k != "name"}, "name": LETTER_NAME, "part": PART_LETTER,
            "how": HOW_UPLOADED, "file": str(record.get("name") or "")}  # fmt: skip


def resubmitted(step: Step, brought: Brought) -> list[dict[str, Any]]:
    """What a requester brings back to a returned step, as entries of the step's inputs (by
    their slots), plus any other file attached."""
    items = {
        slot(PART_INPUT, index): Item(PART_INPUT, slot(PART_INPUT, index), name)
        for index, name in enumerate(step.inputs)
    }
    for name in [*brought.files, *brought.references]:
        if name not in items:
            choices = ", ".join(items) or "—"
            raise InvalidInputError(
                f"langkah {step.number} tidak memiliki kelengkapan {name!r} (pilih: {choices})",
                f"step {step.number} has no required document {name!r} (choose from: {choices})",
                field=name,
            )
    entries = [entry for item in items.values() for entry in _given(item, brought)]
    return entries + [
        {**record, "part": PART_ATTACHMENT, "how": HOW_UPLOADED} for record in brought.attachments
    ]


def submission_references(variant: Variant, reference: str) -> dict[str, str]:
    """A reference for each of the first step's documents that the letter does not bring."""
    letter = {"name": LETTER_NAME, "part": PART_LETTER, "how": HOW_UPLOADED, "sha256": "letter"}
    return outside_references(variant, variant.first_step, [letter], None, reference)


def paper_references(
    checklist_view: Iterable[Mapping[str, Any]], decision: str | None, reference: str
) -> dict[str, str]:
    """From a request's `checklist` as the API gives it: a reference for each slot the step still
    needs recorded, given the answer (a client that hands every document over on paper)."""
    return {
        str(item["slot"]): reference
        for item in checklist_view
        if item.get("needs_recording") and item.get("answer") in (None, decision)
    }
