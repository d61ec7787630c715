"""One builder per command: a form (the pages) or a JSON body (the API) becomes the command.

Both doors call these, so a field is read and checked in one place: `note` is the same text
whether it came from a textarea or a JSON member, a deadline is a date or a moment the same
way, a bad version is the same 422. A form's values are strings and a JSON body's may be
anything; `web.inputs` reads both. What the domain checks (a reason required, a role held) it
checks in the handler, never here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from domain import commands as c
from domain.documents import Upload
from web import inputs

Data = Mapping[str, Any]

# A step's input or output by its place in the row ("input-1", "output-2"): the field of its file,
# and with "-reference" the field of its reference when it was handed over outside the system.
SLOT = re.compile(r"^(input|output)-[1-9][0-9]?$")
REFERENCE = re.compile(r"^((input|output)-[1-9][0-9]?)-reference$")

# The submission form's three optional descriptions, kept in the letter's note (as labelled).
DETAILS = (("Proses bisnis", "business_process"), ("Masukan yang diinginkan", "inputs"),
           ("Keluaran yang diinginkan", "outputs"))  # fmt: skip


def submit_request(data: Data, files: Sequence[Upload] = ()) -> c.SubmitRequest:
    """`note`, and each of DETAILS given, make the letter's note; the file in `letter` is the
    letter, files in the first step's slots ("input-2") its other Kelengkapan."""
    letters = [upload for upload in files if upload.field == "letter"]
    if len(letters) > 1:
        raise inputs.invalid("letter", "kirim satu surat saja", "send one letter only")
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
        letter=letters[0] if letters else None,
        documents=tuple(upload for upload in files if upload.field != "letter"),
        references=references(data),
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
        references=references(data),
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
                          inputs.integer(data, "expected_version"), references(data))  # fmt: skip


def references(data: Data) -> dict[str, str]:
    """The references of documents handed over outside the system, by slot: a form's
    "output-1-reference" fields, or a JSON body's `references` object ({"output-1": "..."})."""
    found: dict[str, str] = {}
    given = data.get("references")
    if given is not None:
        if not isinstance(given, Mapping) or not all(
            isinstance(k, str) and SLOT.match(k) and isinstance(v, str) for k, v in given.items()
        ):
            raise inputs.invalid("references", 'harus objek {"output-1": "nomor rujukan"}',
                                 'must be an object {"output-1": "reference"}')  # fmt: skip
        found.update({k: inputs.clean("references", v) for k, v in given.items()})
    for key in data:
        match = REFERENCE.match(str(key))
        if match:
            found[match.group(1)] = inputs.text(data, key)
    return {k: v.strip() for k, v in found.items() if v.strip()}


def files_named(files: Sequence[Upload], *fields: str) -> list[Upload]:
    """The files sent in the form fields the route takes (`letter`, `documents`, and a step's
    slots such as "output-1"); a file sent in any other field is refused by its field's name,
    never dropped unseen."""
    wanted = " / ".join(f"'{field}'" for field in fields) + " / 'input-N' / 'output-N'"
    for upload in files:
        if upload.field not in fields and not SLOT.match(upload.field):
            raise inputs.invalid(
                upload.field or "files",
                f"berkas dikirim di kolom yang tidak dikenal; kirim di {wanted}",
                f"a file came in an unknown field; send it as {wanted}",
            )
    return list(files)


def edit_user(username: str, data: Data) -> c.EditUser:
    """Only the fields given change (a form gives them all; null or "" clears one)."""
    given = {name: inputs.optional_text(data, name) for name in c.EDITABLE if name in data}
    return c.EditUser(username, given)


def grant_role(data: Data, zone: ZoneInfo, files: Sequence[Upload] = ()) -> c.GrantRole:
    """A grant from the admin's form or a JSON body: `acting` (a ticked box or true) or `title`
    ("Plt." / "Plh."), the period, the SK's `sk_number` and `sk_date` (a date), and its PDF in
    the file field `sk_document` (a file in any other field is refused by its field's name)."""
    for upload in files:
        if upload.field != "sk_document":
            raise inputs.invalid(upload.field or "files", "kirim berkas SK di kolom 'sk_document'",
                                 "send the SK's file as 'sk_document'")  # fmt: skip
    if len(files) > 1:
        raise inputs.invalid("sk_document", "kirim satu berkas SK saja", "send one SK file only")
    given = data.get("acting")  # a form's ticked box says "on"; JSON says true or false
    acting = given == "on" or (given not in (None, "") and bool(inputs.boolean(data, "acting")))
    return c.GrantRole(
        username=inputs.text(data, "username"),
        role=inputs.text(data, "role"),
        valid_from=inputs.moment(data, "valid_from", zone),
        valid_until=inputs.day_or_moment(data, "valid_until", zone),
        acting=acting,
        title=inputs.optional_text(data, "title"),
        sk_number=inputs.optional_text(data, "sk_number"),
        sk_date=inputs.day(data, "sk_date"),
        sk_document=files[0] if files else None,
    )


def carry(upload: Upload) -> str:
    """A file the user attached before a confirmation page, as the value of a hidden field of
    that page's form: confirming sends it again, so nothing attached is lost on the way."""
    plain = {"field": upload.field, "name": upload.name, "data": base64.b64encode(upload.data).decode()}
    return json.dumps(plain, ensure_ascii=True)


def carried(values: Iterable[str]) -> list[Upload]:
    """The files a confirmation page carried (`carry`); a value that is not one is refused."""
    files = []
    for value in values:
        try:
            plain = json.loads(value)
            files.append(Upload(str(plain["name"]), base64.b64decode(plain["data"], validate=True),
                                str(plain["field"])))  # fmt: skip
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise inputs.invalid(
                "documents",
                "berkas yang dibawa dari halaman penegasan rusak; lampirkan lagi",
                "a file carried from the confirmation page is damaged; attach it again",
            ) from None
    return files


def add_day_off(data: Data) -> c.AddDayOff:
    day, name = inputs.text(data, "date"), inputs.text(data, "name")
    kind = inputs.text(data, "kind", "libur-daerah")
    return c.AddDayOff(day=day, name=name, kind=kind, reference=inputs.text(data, "reference"),
                       reason=inputs.text(data, "reason"))  # fmt: skip


def remove_day_off(day: str, data: Data) -> c.RemoveDayOff:
    reference, reason = inputs.text(data, "reference"), inputs.text(data, "reason")
    return c.RemoveDayOff(day=day, reference=reference, reason=reason)


def set_office_hours(data: Data) -> c.SetOfficeHours:
    return c.SetOfficeHours(first=inputs.text(data, "first"), last=inputs.text(data, "last"),
                            start=inputs.text(data, "start"), end=inputs.text(data, "end"),
                            reference=inputs.text(data, "reference"),
                            reason=inputs.text(data, "reason"))  # fmt: skip


def record_years(data: Data) -> c.RecordHolidayYears:
    year = inputs.integer(data, "year")
    if year is None:
        raise inputs.invalid("year", "tulis tahun yang dicatat, mis. 2027",
                             "give the year to record, e.g. 2027")  # fmt: skip
    return c.RecordHolidayYears((year,))


def stalled_after(data: Data) -> c.SetStalledAfter:
    """`days` as a number (a form's text of digits reads as one); the handler checks its range."""
    return c.SetStalledAfter(days=inputs.integer(data, "days"), reason=inputs.text(data, "reason"))


def make_document(request_id: str, data: Data) -> c.MakeDocument:
    """Which document: the step's place in the request's history (`taken`) and its `kind`; the
    handler checks both once it knows the caller may see the request (404 first, then 422)."""
    return c.MakeDocument(request_id, inputs.integer(data, "taken"), inputs.text(data, "kind"))


def set_letterhead(data: Data, files: Sequence[Upload] = ()) -> c.SetLetterhead:
    """The kop surat's lines and reason; the logo is the file sent as `logo`, if any."""
    logos = [upload for upload in files if upload.field == "logo" and upload.data]
    return c.SetLetterhead(
        government=inputs.text(data, "government"),
        office=inputs.text(data, "office"),
        address=inputs.text(data, "address"),
        city=inputs.text(data, "city"),
        reason=inputs.text(data, "reason"),
        logo=logos[0] if logos else None,
    )


def set_email(username: str, data: Data) -> c.SetEmail:
    """`email`: the address ("" or null removes it), always named; `lang`: "en" for an English
    confirmation mail."""
    if "email" not in data:
        raise inputs.invalid("email", "sebutkan alamat email (kosong: dihapus)",
                             "give the email address (empty: removed)")  # fmt: skip
    return c.SetEmail(username, inputs.text(data, "email"), english=inputs.text(data, "lang") == "en")


def _texts(given: dict[Any, Any]) -> bool:
    return all(isinstance(value, str) for value in given.values())


def own_details(username: str, data: Data) -> c.SetOwnDetails:
    """One's own page (/me) from a form or a JSON body: `full_name`, `language` (`id`/`en`),
    and the notice choices as `choices` (an object, JSON) or `choice_<kind>` fields (a form).
    A field not given is left as it is."""
    full_name = inputs.text(data, "full_name").strip() if "full_name" in data else None
    language = inputs.text(data, "language").strip() if data.get("language") not in (None, "") else None
    given = data.get("choices")
    if given is not None and not (isinstance(given, dict) and _texts(given)):
        raise inputs.invalid("choices", "harus objek jenis → pilihan", "must be an object of kind → choice")
    choices: dict[str, str] = {str(kind): str(how) for kind, how in (given or {}).items()}
    for key in data:
        if isinstance(key, str) and key.startswith("choice_"):
            choices[key.removeprefix("choice_")] = inputs.text(data, key)
    return c.SetOwnDetails(username, full_name=full_name, language=language, choices=choices)


def change_own_password(data: Data, address: str) -> c.ChangeOwnPassword:
    """One's own new password (/me/password) from a form or a JSON body: `old_password`,
    `password` and `confirm`; `address`: the client's, for the sign-in throttle."""
    return c.ChangeOwnPassword(inputs.text(data, "old_password"), inputs.text(data, "password"),
                               inputs.text(data, "confirm"), address)  # fmt: skip
