"""One builder per command: a form (the pages) or a JSON body (the API) becomes the command.

Both doors call these, so a field is read and checked in one place: `note` is the same text
whether it came from a textarea or a JSON member, a deadline is a date or a moment the same
way, a bad version is the same 422. A form's values are strings and a JSON body's may be
anything; `web.inputs` reads both. What the domain checks (a reason required, a role held) it
checks in the handler, never here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from domain import commands as c
from domain.documents import Upload
from web import inputs

Data = Mapping[str, Any]

# The submission form's three optional descriptions, kept in the letter's note (as labelled).
DETAILS = (("Proses bisnis", "business_process"), ("Masukan yang diinginkan", "inputs"),
           ("Keluaran yang diinginkan", "outputs"))  # fmt: skip


def submit_request(data: Data, files: Sequence[Upload] = ()) -> c.SubmitRequest:
    """`note`, and each of DETAILS given, make the letter's note; the first file is the letter."""
    details = [f"{label}: {inputs.text(data, key).strip()}" for label, key in DETAILS
               if inputs.text(data, key).strip()]  # fmt: skip
    note = "\n".join([inputs.text(data, "note").strip(), *details]).strip()
    return c.SubmitRequest(
        title=inputs.text(data, "title"),
        purpose=inputs.text(data, "purpose"),
        letter_number=inputs.text(data, "letter_number"),
        letter_date=inputs.text(data, "letter_date"),
        opd=inputs.optional_text(data, "opd"),
        note=note,
        letter=files[0] if files else None,
    )


def complete_step(
    request_id: str, number: int, data: Data, zone: ZoneInfo, files: Sequence[Upload] = ()
) -> c.CompleteStep:
    return c.CompleteStep(
        request_id=request_id,
        step=number,
        decision=inputs.optional_text(data, "decision"),
        note=inputs.text(data, "note"),
        assignee=inputs.optional_text(data, "assignee"),
        deadline=inputs.day_or_moment(data, "deadline", zone),
        documents=tuple(files),
        expected_version=inputs.integer(data, "expected_version"),
        on_behalf_of=inputs.optional_text(data, "on_behalf_of"),
    )


def revise_target(request_id: str, data: Data, zone: ZoneInfo) -> c.ReviseTarget:
    deadline, version = inputs.day_or_moment(data, "deadline", zone), inputs.integer(data, "expected_version")
    return c.ReviseTarget(request_id, deadline, inputs.text(data, "reason"), version)


def withdraw(request_id: str, data: Data) -> c.WithdrawRequest:
    return c.WithdrawRequest(request_id, inputs.text(data, "note"), inputs.integer(data, "expected_version"))


def return_file(request_id: str, data: Data, lists: Mapping[str, list[str]] | None = None) -> c.ReturnFile:
    """`missing`: a JSON list of the step's Kelengkapan, or the form's ticked boxes."""
    return c.ReturnFile(
        request_id=request_id,
        missing=tuple(lists.get("missing", [])) if lists is not None else inputs.text_list(data, "missing"),
        note=inputs.text(data, "note"),
        on_behalf_of=inputs.optional_text(data, "on_behalf_of"),
        expected_version=inputs.integer(data, "expected_version"),
    )


def resubmit(request_id: str, data: Data, files: Sequence[Upload] = ()) -> c.ResubmitFile:
    return c.ResubmitFile(request_id, tuple(files), inputs.text(data, "note"),
                          inputs.integer(data, "expected_version"))  # fmt: skip


def files_named(files: Sequence[Upload], field: str) -> list[Upload]:
    """The files sent in the form field the route takes (`letter`, `documents`); a file sent in
    any other field is refused by its field's name, never dropped unseen."""
    for upload in files:
        if upload.field != field:
            raise inputs.invalid(
                upload.field or "files",
                f"berkas dikirim di kolom yang tidak dikenal; kirim di '{field}'",
                f"a file came in an unknown field; send it as '{field}'",
            )
    return list(files)


def edit_user(username: str, data: Data) -> c.EditUser:
    """Only the fields given change (a form gives them all; null or "" clears one)."""
    given = {name: inputs.optional_text(data, name) for name in c.EDITABLE if name in data}
    return c.EditUser(username, given)
