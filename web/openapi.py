"""The OpenAPI 3.1 document of the JSON API, written by hand from what the routes do.

Other systems generate clients from it and tests/security/test_schemathesis.py holds the API to
it, so it names every operation, every status a route can answer, every field a route reads with
the limits the domain enforces, and every member an answer has: answers are closed
(`additionalProperties: false`), so a new member is a contract change and is written here first.
Input is read leniently (web/inputs.py, shared with the pages' forms), and the document says how:
in its schemas where JSON Schema can (blank query parameters, integers as digits) and in words in
`info.description` (LENIENCY).
"""

from __future__ import annotations

from typing import Any

from domain.comments import MAX_TEXT as MAX_COMMENT
from domain.notices import CHOICES as NOTICE_CHOICE_NAMES
from domain.notices import KINDS as NOTICE_KINDS
from domain.office_calendar import KINDS as DAY_OFF_KINDS
from domain.request import MAX_TEXT, STATUSES
from domain.sop import MADE_KINDS
from projections import audit as audit_model
from projections import compliance as compliance_model
from projections import inbox as inbox_model
from projections import people
from projections import requests as requests_model
from projections.queries import MAX_LIMIT

MAX_PAGE = 1_000_000  # projections.queries.Paging
LENIENCY = (
    "Text is trimmed; null, blank optional text and a blank query parameter mean 'not given' (a "
    "blank boolean is 422); an integer may come as a string of digits; body members and query "
    "parameters a route does not name are ignored."
)
CALENDAR_KINDS = list(DAY_OFF_KINDS)
KINDS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "time": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "ints": {"type": "array", "items": {"type": "integer"}},
    "uuid": {"type": "string", "format": "uuid"},
    "status": {"type": "string", "enum": list(STATUSES)},
    "object": {"type": "object"},
    "texts": {"type": "array", "items": {"type": "string"}},
}


# A role grant's members (`Grant`, and each holder of `RoleHolders`).
GRANT = ("role:text acting:bool valid_from:time valid_until:time? valid_until_date:date? revoked_at:time? "
         "granted_by:text sk_number:text? sk_date:date?")


def grant_members() -> dict[str, Any]:
    """The members of a grant `answer` cannot say in words: its title and its SK's PDF."""
    pdf = answer("name:text sha256:text size:int content_type:text")
    return {
        "title": {"type": ["string", "null"], "enum": ["Plt.", "Plh.", None],
                  "description": "Plt. (pelaksana tugas) or Plh. (pelaksana harian) when acting, else null"},
        "sk_document": {**pdf, "type": ["object", "null"],
                        "description": "the SK's PDF, downloadable by auditors and admins at "
                        "`/audit/sk/{sha256}`; null when none was uploaded"},
    }  # fmt: skip


# How a user is told of each kind of notice beyond the page (domain/notices.py).
NOTICE_CHOICES: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": list(NOTICE_KINDS),
    "properties": {kind: {"type": "string", "enum": list(NOTICE_CHOICE_NAMES)} for kind in NOTICE_KINDS},
}  # fmt: skip


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def answer(spec: str, **members: Any) -> dict[str, Any]:
    """An object the API answers with, from `name:kind` words (`kind?`: or null) and schemas
    given by name; it has each member always, and nothing else."""
    for word in spec.split():
        name, kind = word.split(":")
        schema = KINDS[kind.rstrip("?")]
        members[name] = {**schema, "type": [schema["type"], "null"]} if kind.endswith("?") else schema
    return {"type": "object", "required": list(members), "additionalProperties": False, "properties": members}


def many(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


def paged(items: dict[str, Any]) -> dict[str, Any]:
    """A page of a list with its total: `pages` pages of `limit` rows, this one `page`."""
    return answer("total:int page:int limit:int pages:int", items=many(items))


def text(limit: int = MAX_TEXT, note: str = "", *, required: bool = False) -> dict[str, Any]:
    """Text a route reads: at most `limit` characters once trimmed, no control characters."""
    if required:
        return {"type": "string", "minLength": 1, "maxLength": limit, "description": "not blank"}
    return {"type": ["string", "null"], "maxLength": limit, **({"description": note} if note else {})}


# web.inputs.moment: an ISO 8601 date or date-time (Python's fromisoformat, which takes a few
# more ISO forms), years 1900-2200, offsets within ±14:00; without an offset, the tenant's zone.
MOMENT = {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}
# web.inputs.integer: a JSON integer or, as forms send it, a string of digits; null or "" is absent.
INTEGER = {"type": ["integer", "string", "null"], "pattern": r"^\s*-?[0-9]{1,18}\s*$"}
EXPECTED_VERSION = {**INTEGER, "description": "the request's version as the client saw it, else 409"}

# A step's Kelengkapan and Output by their place in its row: "input-1", "output-2" (GET /sop lists
# each step's inputs and outputs in order). The file goes in that field (multipart); a document
# handed over outside the system is recorded with its reference instead.
SLOT_PATTERN = r"^(input|output)-[1-9][0-9]?$"
REFERENCES = {
    "type": "object",
    "maxProperties": 40,
    "patternProperties": {SLOT_PATTERN: {"type": "string", "maxLength": 200}},
    "additionalProperties": False,
    "description": "the reference number of each document handed over outside the system "
    "(\"diserahkan di luar sistem\"), by slot: {\"output-1\": \"BA/12/2026\"}; in a multipart form, "
    "the field `output-1-reference`. A step completes only with each Kelengkapan on the request and each "
    "Output recorded (a file in its slot, a reference, or made by the service), else 422 naming each "
    "missing document",
}

SCHEMAS: dict[str, Any] = {
    "Error": answer(
        "",
        error={
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "stable: invalid_input, not_found, …"},
                "message": {"type": "string", "description": "for people, in English"},
                "field": {"type": "string", "description": "the input at fault"},
                "request_id": {"type": "string", "description": "on a 500: quote it to the operator"},
                "missing": {**answer("inputs:texts outputs:texts"), "description": "code "
                            "missing_documents: the step's Kelengkapan not on the request and its "
                            "outputs not recorded, by name"},
                "appointments": {"type": "array", "description": "code hand_over_needed: the requests "
                                 "in progress the user is appointed on (give `hand_to` and `reason`)",
                                 "items": answer("request_id:text title:text letter_number:text "
                                                 "variant_id:text variant_version:int active_step:int "
                                                 "appointing:int")},
                "candidates": {"type": "array", "description": "code hand_over_needed: who may take "
                               "the part over", "items": answer("username:text full_name:text")},
            },
        },
    ),
    "Credentials": {
        "type": "object",
        "required": ["username", "password"],
        "additionalProperties": True,
        "description": "other than text is 422; a wrong or missing pair is 401, the same for every user",
        "properties": {"username": KINDS["text"], "password": KINDS["text"]},
    },
    "Session": answer("token:text", user=answer("username:text roles:texts")),
    "Sop": answer(
        "id:text version:int",
        roles=many(answer("id:text name:text")),
        steps=many(answer("number:int description:text role:text inputs:texts outputs:texts "
                          "time_standard:text? decision:bool assigns:bool sets_deadline:bool "
                          "appointee_of:int?",
                          answer_outputs=answer("ya:texts tidak:texts"),
                          input_sources=many(answer("name:text source:text from_output:text?")),
                          made=many(answer("name:text kind:text")))),
    ),
    "NewRequest": {
        "type": "object",
        "required": ["title", "letter_number", "letter_date"],
        "additionalProperties": True,
        "properties": {
            "title": text(200, required=True),
            "purpose": text(),
            "letter_number": text(100, required=True),
            "letter_date": {"type": "string", "format": "date", "description": "from 1900-01-01 to today"},
            "opd": text(50, "an OPD code the tenant knows; an OPD user's own OPD only (the default)"),
            "note": text(),
            "letter": {"type": "string", "format": "binary",
                       "description": "multipart/form-data only, required: the Surat Permohonan, a PDF "
                       "(without it 422 naming `letter`)"},
            "references": REFERENCES,
        },
    },
    "StepAction": {
        "type": "object",
        "additionalProperties": True,
        "description": "what the active step takes: its SOP row says whether it decides, assigns or "
        "sets a deadline, and each of those is required there and refused elsewhere (422)",
        "properties": {
            "decision": {"enum": ["ya", "tidak", "", None]},
            "note": text(note="the reason, required where the answer ends the request (at once, or "
                         "through steps that only lead to its end), else 422 naming `note`"),
            "assignee": text(note="one person named (a username or full name, any case), an active "
                             "holder of the role of the steps this step appoints for"),
            "assignees": {"type": "array", "maxItems": 100, "items": {"type": "string"},
                          "description": "the people named where the step forms a team ('tim'): "
                          "each as `assignee`; one only where it names one person (422 naming "
                          "`assignee` otherwise)"},
            "on_behalf_of": text(note="on a step the SOP gives to an appointee, another holder of its "
                                 "role must name the appointee here (422 naming `on_behalf_of` "
                                 "otherwise); refused where no one is acted for"),
            "deadline": {**MOMENT, "type": ["string", "null"],
                         "description": "after now, within five years; a date is the end of that day"},
            "expected_version": EXPECTED_VERSION,
            "documents": {"type": "array", "items": {"type": "string", "format": "binary"},
                          "description": "multipart/form-data only: other files attached to the step "
                          "(PDF or images); a Kelengkapan or an Output goes in its slot"},
            "references": REFERENCES,
        },
    },
    "NewTarget": {
        "type": "object",
        "required": ["deadline", "reason"],
        "additionalProperties": True,
        "description": "only where the active step runs on a target set during the request, once that "
        "target has passed, by the role of the step that sets it (else 403 or 422)",
        "properties": {
            "deadline": {**MOMENT, "description": "after now, within five years; a date: its end"},
            "reason": {**text(required=True), "description": "why, not blank, kept in the event"},
            "expected_version": EXPECTED_VERSION,
        },
    },
    "Return": {
        "type": "object",
        "required": ["missing"],
        "additionalProperties": True,
        "description": "\"berkas tidak lengkap\": by whoever may complete the active step; the step's clock "
        "stops until the requesting OPD resubmits",
        "properties": {
            "missing": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "string"},
                        "description": "each one of the active step's Kelengkapan (inputs), named exactly "
                        "as the SOP does (GET /sop), else 422 naming `missing`"},
            "note": text(note="to the requester: what to complete, kept in the event"),
            "on_behalf_of": text(note="as for a step: the appointee another holder acts for"),
            "expected_version": EXPECTED_VERSION,
        },
    },
    "Resubmission": {
        "type": "object",
        "additionalProperties": True,
        "description": "multipart/form-data: the missing Kelengkapan in their slots (`input-N`, the N-th "
        "input of the step) or `documents`, or a reference each (`input-N-reference`); at least one; "
        "and an optional `note`; by the requesting OPD of a returned request",
        "properties": {
            "documents": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "references": REFERENCES,
            "note": text(),
            "expected_version": EXPECTED_VERSION,
        },
    },
    "DayOff": {
        "type": "object",
        "required": ["date", "name", "reference", "reason"],
        "additionalProperties": True,
        "description": "a day the office is closed (admins): a regional day off, or a cuti bersama a "
        "revised SKB adds; the deadlines of running steps it touches are recomputed (`moved`)",
        "properties": {
            "date": {"type": "string", "format": "date", "description": "a working day not yet a day off"},
            "name": {**text(200, required=True), "description": "e.g. Hari Jadi Kabupaten"},
            "kind": {"type": ["string", "null"], "enum": [*CALENDAR_KINDS, None],
                     "description": "libur-daerah if not given"},
            "reference": {**text(200, required=True), "description": "the SK/SKB number it rests on"},
            "reason": {**text(required=True), "description": "why, kept in the event"},
        },
    },
    "DayOffRemoval": {
        "type": "object",
        "required": ["reference", "reason"],
        "additionalProperties": True,
        "description": "a recorded day off the office works after all (a revised SKB); admins",
        "properties": {
            "reference": {**text(200, required=True), "description": "the revised SKB's number"},
            "reason": {**text(required=True), "description": "why, kept in the event"},
        },
    },
    "OfficeHoursRange": {
        "type": "object",
        "required": ["first", "last", "start", "end", "reference", "reason"],
        "additionalProperties": True,
        "description": "office hours from `first` to `last` (e.g. Ramadan); admins; at most a year",
        "properties": {
            "first": {"type": "string", "format": "date"},
            "last": {"type": "string", "format": "date"},
            "start": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"},
            "end": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$", "description": "after `start`"},
            "reference": {**text(200, required=True), "description": "the decree or circular's number"},
            "reason": {**text(required=True), "description": "why, kept in the event"},
        },
    },
    "HolidayYear": {
        "type": "object",
        "required": ["year"],
        "additionalProperties": True,
        "properties": {"year": {**INTEGER, "description": "2000-2100"}},
    },
    "CalendarChange": answer("event:text", moved=many({
        **answer("request_id:uuid step:int was:time? due:time?"),
        "description": "a running step whose deadline the change recomputed (an event on the request with "
        "the change's reference and reason)"})),
    "RecordedYears": answer("", recorded={**KINDS["ints"], "description": "the years recorded now "
                            "(none: already recorded)"}),
    "OfficeCalendar": answer(
        "year:int timezone:text recorded:bool source:text working_days:int",
        office_hours=answer("start:text end:text"),
        days=many(answer("date:date name:text kind:text reference:text reason:text")),
        removed=many(answer("date:date name:text kind:text reference:text reason:text")),
        hours=many(answer("first:date last:date start:text end:text reference:text reason:text")),
    ),
    "Settings": answer("", stalled_after={**answer("days:int reason:text set_by:text? set_at:time?"),
                       "description": "after how many working days a running step with no time standard "
                       "counts as macet (default 10); who set it, when and why"}),
    "StalledAfter": {
        "type": "object",
        "required": ["days", "reason"],
        "additionalProperties": True,
        "properties": {
            "days": {**INTEGER, "description": "1-250 working days"},
            "reason": {**text(required=True), "description": "why, kept in the event"},
        },
    },
    "SetLetterhead": {
        "type": "object",
        "required": ["government", "office", "city", "reason"],
        "additionalProperties": True,
        "properties": {
            "government": {**text(120, required=True), "description": "PEMERINTAH KABUPATEN ..."},
            "office": {**text(160, required=True), "description": "DINAS KOMUNIKASI DAN INFORMATIKA ..."},
            "address": text(240, "the address, phone, website, email"),
            "city": {**text(60, required=True), "description": "where documents are signed"},
            "reason": {**text(required=True), "description": "why, kept in the event"},
            "logo": {"type": "string", "format": "binary", "description": "PNG or JPEG (multipart only)"},
        },
    },
    "Letterhead": answer("government:text office:text address:text city:text default:bool reason:text? "
                         "set_by:text? set_at:time?", logo={"type": ["object", "null"]}),
    "MakeNaskah": {
        "type": "object",
        "required": ["taken", "kind"],
        "additionalProperties": True,
        "properties": {
            "taken": {"type": ["integer", "string"], "minimum": 0,
                      "description": "the step's place in the request's history (0: the first), as listed"},
            "kind": {"type": "string", "enum": list(MADE_KINDS)},
        },
    },
    "Naskah": answer("taken:int step:int kind:text name:text", made={"type": ["object", "null"]}),
    "Withdrawal": {
        "type": "object",
        "required": ["note"],
        "additionalProperties": True,
        "properties": {
            "note": {**text(required=True), "description": "the reason, not blank, kept in the event"},
            "expected_version": EXPECTED_VERSION,
        },
    },
    "RequestView": answer(
        "id:uuid status:status title:text opd:text? version:int appointee:text? appointees:texts",
        sop=answer("id:text version:int"),
        active_step=ref("ActiveStep"),
        steps_taken=many(answer("number:int event:text actor:text role:text at:time late:bool "
                                "on_behalf_of:text?",
                                decision={"enum": ["ya", "tidak", None]}, documents=many(ref("File")),
                                recorded={**many(ref("Recorded")), "description": "each Kelengkapan and "
                                          "Output the step recorded, with how: uploaded, outside (with its "
                                          "reference), made by the service, passed on"})),
        checklist={**many(ref("ChecklistItem")), "description": "the active step's Mutu Baku: each "
                   "Kelengkapan (`input-N`) with what is on the request, each output (`output-N`; an "
                   "answer's own where `answer` says); bring what `needs_recording` in its slot"},
        returned={**ref("Returned"), "description": "\"menunggu kelengkapan\": the file is with the "
                  "requester, the step's clock stopped (null otherwise)"},
        pauses={**many(answer("step:int missing:texts note:text returned_by:text role:text "
                              "on_behalf_of:text? returned_at:time resubmitted_by:text resubmitted_at:time "
                              "resubmit_note:text", documents=many(ref("File")))),
                "description": "each return and its resubmission, in order"},
        targets={**many(answer("step:int actor:text role:text deadline:time deadline_date:date? steps:ints "
                               "at:time reason:text")),
                 "description": "targets set during the request, then any set anew (with a reason); "
                 "`deadline_date`: the day given, when the target is the end of that day"},
    ),
    "RequestSummary": answer(
        "id:uuid status:status title:text opd:text? letter_number:text version:int "
        "submitted_at:time finished_at:time?",
        sop=answer("id:text version:int"),
        active_step=ref("ActiveStep"),
    ),
    "File": {**(file := answer("name:text sha256:text size:int content_type:text")),
             "properties": {**file["properties"], "file": {"type": "string"},
                            "part": {"enum": ["letter", "input", "output", "attachment"]}},
             "description": "a file on the request; `name`: the SOP's document it is (its file name "
             "when attached without a slot), `file`: the name it was uploaded under, `part`: letter, "
             "input, output or attachment (files recorded before the Mutu Baku have neither)"},

    "Recorded": {"type": "object", "required": ["name", "part", "how"], "additionalProperties": True,
                 "properties": {"name": {"type": "string"},
                                "part": {"enum": ["letter", "input", "output", "attachment"]},
                                "how": {"enum": ["uploaded", "outside", "made", "passed"]},
                                "reference": {"type": "string"}, "kind": {"type": "string"},
                                "file": {"type": "string"}, "sha256": {"type": "string"}}},
    "ChecklistItem": answer(
        "slot:text part:text name:text answer:text? source:text? from_output:text? present:bool? made:text? "
        "passed_from:text? needs_recording:bool", documents=many(ref("Recorded"))),
    "Returned": {
        "oneOf": [
            answer("step:int missing:texts note:text returned_by:text role:text on_behalf_of:text? "
                   "returned_at:time"),
            {"type": "null"},
        ],
    },
    "ActiveStep": {
        "description": "the step the request waits on; null once it is finished",
        "oneOf": [
            answer("number:int description:text role:text started_at:time due_at:time? due_date:date? "
                   "overdue:bool decision:bool awaiting_requester:bool"),
            {"type": "null"},
        ],
    },
    "Event": answer("position:int type:text step:int? actor:text role:text at:time data:object"),
    "InboxItem": answer(
        "request_id:uuid title:text opd:text? variant_id:text variant_version:int step:int "
        "description:text role:text role_name:text started_at:time due_at:time? overdue:bool "
        "assignees:texts letter_number:text time_standard:text? waiting_days:number? remaining_days:number? "
        "due_date:date? returned_at:time? missing:texts stalled:bool"
    ),
    "Office": answer(
        "total:int page:int limit:int pages:int open:int overdue:int stalled:int",
        items=many(answer(
            "request_id:uuid title:text letter_number:text opd:text? since:time due_at:time? due_date:date? "
            "overdue:bool waiting_working_days:number? remaining_working_days:number? stalled:bool",
            sop=answer("id:text version:int"),
            step=answer("number:int description:text time_standard:text?"),
            role=answer("id:text name:text"),
            holders=many({"type": "object"}),
        )),
        by_role=many({"type": "object"}),
        by_opd=many({"type": "object"}),
    ),
    "User": answer(
        "username:text full_name:text nip:text? opd:text? active:bool email:text? email_confirmed:bool "
        "roles:texts",
        grants=many(ref("Grant")),
    ),
    "Email": answer("username:text email:text? email_confirmed:bool"),
    "SetEmail": {
        "type": "object",
        "required": ["email"],
        "additionalProperties": True,
        "description": "an email address, unconfirmed until the link mailed to it is followed (the same "
        "unconfirmed address again: a new link); blank removes it",
        "properties": {
            "email": {"type": ["string", "null"], "maxLength": 300},
            "lang": {"type": ["string", "null"], "description": "`en`: the confirmation mail in English"},
        },
    },
    "Mail": answer(
        "id:text recipient:text subject:text body_text:text cause:text created_at:time send_after:time "
        "attempts:int next_attempt_at:time? sent_at:time? failed_at:time? last_error:text? message_id:text "
        "smtp_reply:text?",
        state={"type": "string", "enum": ["waiting", "retrying", "sent", "failed"]},
    ),
    "Outbox": answer(
        "",
        counts={"type": "object", "additionalProperties": {"type": "integer"}},
        items=many(ref("Mail")),
    ),
    "Grant": answer(GRANT, **grant_members()),
    "GrantRole": {
        "type": "object",
        "required": ["role"],
        "additionalProperties": True,
        "description": "a role for the user (admins), for a period if given; an acting grant (`acting`, "
        "or `title` Plt./Plh.) names its SK: `sk_number` and `sk_date` are required then (optional "
        "otherwise), the SK's PDF optional (multipart/form-data, file field `sk_document`)",
        "properties": {
            "role": text(100, "a role of the tenant's SOP, or admin / auditor", required=True),
            "valid_from": {**MOMENT, "description": "from (a date: its start); now if not given"},
            "valid_until": {**MOMENT, "description": "until (a date: through that day); no end if not given"},
            "acting": {"type": ["boolean", "null"], "description": "an acting official (Plt. unless `title` "
                       "says Plh.)"},
            "title": {"type": ["string", "null"], "enum": ["Plt.", "Plh.", None]},
            "sk_number": text(100, "the SK's number, e.g. 800.1.3/123/BKPSDM/2026"),
            "sk_date": {"type": ["string", "null"], "format": "date", "description": "the SK's date"},
            "sk_document": {"type": "string", "format": "binary", "description": "the SK as a PDF "
                            "(multipart only)"},
        },
    },
    "RoleHolders": answer(
        "role:text date:date",
        holders=many(answer(f"username:text full_name:text nip:text? {GRANT}", **grant_members())),
    ),
    "HandOver": {
        "type": "object",
        "additionalProperties": True,
        "description": "where a user's appointed open steps go when they are deactivated: without "
        "`hand_to` a user appointed on requests in progress is refused (409 hand_over_needed, with "
        "the list); `hand_to` the people (holders of the appointed steps' role) or [] for every "
        "holder of that role; `reason` required (422 naming `reason`)",
        "properties": {
            "hand_to": {"type": "array", "maxItems": 100, "items": {"type": "string"}},
            "reason": text(),
        },
    },
    "UserDetails": {
        "type": "object",
        "additionalProperties": True,
        "description": "a member left out keeps its value; null or blank clears it",
        "properties": {
            "full_name": text(200),
            "nip": {**text(18), "description": "18 digits"},
            "opd": text(50, "an OPD code the tenant knows; required while the user files requests"),
        },
    },
    "PasswordLink": answer("username:text link:text expires_at:time"),
    "Notice": answer(
        "id:uuid kind:text sentence:text request_id:uuid title:text letter_number:text step:int? "
        "step_name:text deadline:time? deadline_date:date? link:text due_at:time created_at:time "
        "read_at:time? read:bool"
    ),
    "NoticeRead": answer("id:uuid read:bool"),
    # A request's discussion (domain/comments.py): who writes, whom one mentions.
    "Comment": answer("number:int actor:text actor_name:text role:text role_name:text text:text "
                      "mentions:texts at:time retracted:bool retracted_at:time?"),
    "Thread": answer("request_id:uuid may_comment:bool", items=many(ref("Comment")),
                     people=many(answer("username:text full_name:text"))),
    "NewComment": {
        "type": "object",
        "required": ["text"],
        "additionalProperties": True,
        "properties": {
            "text": {**text(MAX_COMMENT, required=True), "description": "trimmed, 1-4000 characters; "
                     "`@username` in it mentions that user"},
            "mentions": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 20,
                         "description": "usernames to mention besides those named in the text; each must "
                         "be someone who may see the request, else 422 naming `mentions`"},
        },
    },
    "NoticesRead": answer("read:bool"),
    "Absence": answer(
        "id:uuid username:text full_name:text from_date:date to_date:date reason:text plh:text plh_name:text "
        "roles:texts status:text requested_at:time decided_by:text? decided_at:time? refusal:text "
        "granted:texts cancelled_at:time?", status_name=answer("id:text en:text")),
    "RequestAbsence": {
        "type": "object", "required": ["from_date", "to_date", "reason", "plh"],
        "additionalProperties": True,
        "description": "days away, both included, in the tenant's zone, from today on; the Plh. an active "
        "user other than oneself holding a workflow role of the SOP; one's own workflow roles are covered",
        "properties": {"from_date": KINDS["date"], "to_date": KINDS["date"],
                       "reason": text(500, required=True),
                       "plh": {"type": "string", "minLength": 1, "description": "the Plh.'s username"}},
    },
    "RefuseAbsence": {"type": "object", "required": ["reason"], "additionalProperties": True,
                      "properties": {"reason": text(500, required=True)}},
    "Me": answer("username:text full_name:text opd:text? language:text?", roles=many(KINDS["text"]),
                 choices=NOTICE_CHOICES),
    "MeSaved": answer("username:text full_name:text language:text?", choices=NOTICE_CHOICES),
    "PasswordChanged": answer("username:text password_changed:bool other_sessions_ended:bool"),
    "ChangePassword": {
        "type": "object",
        "required": ["old_password", "password", "confirm"],
        "additionalProperties": True,
        "description": "one's own new password: the old one again (a wrong one counts as a failed sign-in), "
        "the new one (at least 8 characters, not the old one) and the same again",
        "properties": {
            "old_password": {"type": "string", "maxLength": 1024},
            "password": {"type": "string", "maxLength": 1024},
            "confirm": {"type": "string", "maxLength": 1024},
        },
    },
    "MeChanges": {
        "type": "object",
        "additionalProperties": True,
        "description": "one's own page: a member left out keeps its value",
        "properties": {
            "full_name": text(200, required=True),
            "language": {"type": ["string", "null"], "enum": ["id", "en", "", None]},
            "choices": {**NOTICE_CHOICES, "required": [], "description": "the kinds to change"},
        },
    },
    "AuditEntry": answer(
        "position:int originator_id:text originator_version:int request_id:text? kind:text type:text "
        "actor:text role:text step:int? at:time sentence:text data:object actor_name:text actor_nip:text "
        "role_name:text acting:bool on_behalf_of:text on_behalf_name:text request_title:text "
        "letter_number:text acting_title:text",
        acting_sk={**answer("number:text date:text"), "type": ["object", "null"],
                   "description": "the SK of the acting grant the step was done under (`date`: "
                   "year-month-day); null when not acting or when the grant named no SK"},
        timeliness={"type": "string", "enum": ["on_time", "late", "paused", ""],
                    "description": "a step event against its due moment: on time or late; paused: the "
                    "file went back to the requester (or came back) and the clock stood still; empty: "
                    "no due moment, or not a step"},
    ),
    "Sla": answer(
        "",
        office_day_minutes={**KINDS["number"], "description": "the tenant's office day in minutes (510 for "
                            "07:30-16:00): the day office time (`jam_kerja`, `menit_kerja`) is shown in"},
        headline={**answer("open:int overdue:int month:text on_time:int settled:int on_time_pct:number? "
                           "stalled:int stalled_after:int?"),
                  "description": "requests open; those whose active step is past its deadline; this "
                  "month's steps with a deadline (`settled`) and how many on time, a step still open "
                  "past its deadline counted as late; `stalled` (macet): running steps with no time "
                  "standard waiting more than `stalled_after` working days, counted as late too"},
        steps=many({**answer("variant_id:text variant_version:int step:int description:text role:text "
                             "role_name:text standard:text? target:number? count:int with_target:int "
                             "late:int open_late:int on_time_pct:number? median:number? p90:number?",
                             unit={"enum": ["hari_kerja", "hari", "jam_kerja", "menit_kerja"]}),
                    "description": "per SOP step: target, median and p90 in `unit`, the unit its own "
                    "time standard is counted in (1 minggu = 7 hari, 1 bulan = 30 hari); the median "
                    "and p90 include steps open past their deadline, counted up to now"}),
        months=many({**answer("month:text on_time:int late_done:int open_late:int on_time_pct:number?"),
                     "description": "every month from the first request's to this one, an empty one "
                     "with zeros: steps done in the month, and steps open past their deadline at its end "
                     "(now, for this month)"}),
        requests=many({**answer("request_id:uuid title:text variant_id:text variant_version:int "
                                "status:status submitted_at:time finished_at:time? total_days:number? "
                                "steps:int late_steps:int paused_days:number"),
                       "description": "`total_days`: gross working days; `paused_days`: of them, while "
                       "the file was with the requester (net = total - paused)"}),
        pauses=many({**answer("request_id:uuid title:text step:int returned_by:text returned_at:time "
                              "missing:texts note:text resubmitted_by:text? resubmitted_at:time? "
                              "paused_days:number"),
                     "description": "each return of an incomplete file, with its reason"}),
    ),
    "Compliance": answer(
        "",
        variants=many({**answer(
            "variant_id:text variant_version:int title:text total:int finished:int running:int followed:int "
            "deviated:int",
            deviations=many({**answer("deviation:bool requests:int occurrences:int",
                                      kind={"enum": list(compliance_model.KINDS)},
                                      items=many(answer("request_id:uuid title:text letter_number:text"))),
                             "description": "one per kind: `requests` that have it (listed in `items`) and "
                             "how often it happened (`occurrences`: loops taken, returns, late steps); "
                             "`deviation` false for an ending the SOP allows (declined, rejected for "
                             "resources), reported but not a deviation"}),
            steps=many({**answer("step:int description:text role:text role_name:text passed:int late:int "
                                 "loops:int returned:int"),
                        "description": "every step of the SOP version: requests that passed it, steps done "
                        "late there, times a request came back to it (a loop), returns for completeness at "
                        "it"})),
            "description": "one per SOP version the tenant's requests ran under: `followed` finished along "
            "the SOP's path with no deviation (an early ending the SOP gives included); `deviated` have at "
            "least one deviation (withdrawn, loop, returned, late, paused: the file with the requester "
            "now); a running request with none is counted only as running"}),
    ),
}  # fmt: skip


def header(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"required": True, "schema": schema, "description": description}


REQUEST_ID = {"X-Request-ID": header({"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
                                     "names the request in the log (the caller's own if sane)")}  # fmt: skip
RETRY_AFTER = {"Retry-After": header({"type": "integer", "minimum": 1}, "seconds to wait")}
# Reads that see one's own writes (web/freshness.py): send a command's Alur-Position back as a
# request header, and the read waits (ALUR_READ_WAIT at most) until the read models have it.
FRESHNESS = {
    "Alur-Position": {"required": False, "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
                      "description": "after a command: the position of the last event it wrote; send it "
                                     "back as a request header and a read waits until it shows it"},
    "Alur-Stale": {"required": False, "schema": {"const": "1"},
                   "description": "the read models had not reached the Alur-Position sent in time"},
}  # fmt: skip
ERRORS: dict[str, tuple[str, dict[str, Any]]] = {
    "401": ("not signed in: the token is missing, expired or revoked (signing in: a wrong pair)",
            {"WWW-Authenticate": header({"const": "Bearer"}, "the scheme to use")}),
    "403": ("the user's roles do not allow it (role_not_held, forbidden)", {}),
    "404": ("no such tenant, or no such request among those the user may see", {}),
    "409": ("the request has moved on: not_active_step, request_finished, stale_version, or "
            "conflict (another action was saved first)", {}),
    "413": ("the body is over the route's limit (256 KiB; 25 MB of files with a letter, a step or a "
            "resubmission); refused before anything else", {}),
    "415": ("unsupported_media: a file that is not a PDF or an image (the letter: not a PDF)", {}),
    "422": ("invalid_input: the body is not a JSON object, or a field breaks a rule (`field`)", {}),
    "429": ("too many failed sign-ins: wait", RETRY_AFTER),
    "503": ("busy, or the tenant is being moved: nothing was done, try again", RETRY_AFTER),
}  # fmt: skip


def operation(summary: str, ok: str, schema: dict[str, Any] | None, errors: str, *,
              body: str | None = None, body_required: bool = False,
              params: tuple[dict[str, Any], ...] = (), public: bool = False, multipart: bool = False,
              download: bool = False) -> dict[str, Any]:  # fmt: skip
    """One operation: `ok` is its success status, `errors` the other statuses it can answer,
    and 413, which every route can (web/door.py reads the body to its limit before the route)."""
    responses: dict[str, Any] = {ok: {"description": "done", "headers": {**REQUEST_ID, **FRESHNESS}}}
    if schema is not None:
        responses[ok]["content"] = {"application/json": {"schema": schema}}
    if download:  # a document as it was uploaded
        responses[ok]["content"] = {kind: {"schema": {"type": "string", "format": "binary"}}
                                    for kind in ("application/pdf", "image/png", "image/jpeg", "image/gif",
                                                 "image/webp")}  # fmt: skip
    for status in sorted({*errors.split(), "413"}):
        if status.startswith("2"):  # another success (200 beside 201: the one made before), same answer
            responses[status] = dict(responses[ok])
            continue
        description, headers = ERRORS[status]
        responses[status] = {"description": description, "headers": {**REQUEST_ID, **headers},
                             "content": {"application/json": {"schema": ref("Error")}}}  # fmt: skip
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        content = {"application/json": {"schema": ref(body)}}
        if multipart:  # the same fields as form fields, plus the files (web/api.py read_body)
            content["multipart/form-data"] = {"schema": form_of(SCHEMAS[body])}
        op["requestBody"] = {"required": body_required, "content": content}
    if params:
        op["parameters"] = list(params)
    if public:
        op["security"] = []
    return op


def made_or_kept(op: dict[str, Any]) -> dict[str, Any]:
    """An operation that answers 201 when it made something and 200 with what was kept."""
    op["responses"]["200"] = {**op["responses"]["201"], "description": "made before: the one kept"}
    return op


def form_of(schema: dict[str, Any]) -> dict[str, Any]:
    """A body's schema as a multipart form carries it: every field a string (a form has no
    numbers or nulls; web.inputs reads "3" as 3), the files binary, nothing else; where the body
    takes `references`, a file per slot ("output-1") and a reference per slot ("output-1-reference")."""
    fields = {}
    patterns = {}
    for name, field in schema["properties"].items():
        if name == "references":
            patterns = {SLOT_PATTERN: {"type": "string", "format": "binary"},
                        SLOT_PATTERN[:-1] + "-reference$": {"type": "string", "maxLength": 200}}  # fmt: skip
            continue
        if field.get("format") == "binary" or field.get("type") == "array":
            fields[name] = field
        else:
            fields[name] = {"type": "string", **{k: field[k] for k in ("maxLength", "description", "enum")
                                                 if k in field}}  # fmt: skip
            if "enum" in fields[name]:
                fields[name]["enum"] = [v for v in fields[name]["enum"] if isinstance(v, str)]
    form = {"type": "object", "required": schema.get("required", []), "additionalProperties": False,
            "properties": fields}  # fmt: skip
    return {**form, "patternProperties": patterns} if patterns else form


EMPTY = {"type": "string", "maxLength": 0}
BLANK = {"type": "string", "pattern": r"^\s*$"}


def query(name: str, schema: dict[str, Any], description: str = "", *,
          blank: dict[str, Any] | None = BLANK) -> dict[str, Any]:  # fmt: skip
    """An optional query parameter; `blank` is what the route reads as not given (web.inputs:
    nothing at all for an integer, whitespace too for the others, never for a boolean)."""
    param = {"name": name, "in": "query", "required": False,
             "schema": {"anyOf": [schema, blank]} if blank else schema}  # fmt: skip
    return {**param, "description": description} if description else param


def path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


ID = path("id", KINDS["uuid"])
SHA256 = path("sha256", {"type": "string", "pattern": "^[0-9a-f]{64}$"})
USERNAME = path("username", {"type": "string", "minLength": 1})
MAIL_ID = path("mail", {"type": "string", "minLength": 1})
NUMBER = path("number", {"type": "integer", "minimum": 0})
REQUEST = query("request", KINDS["uuid"], "a request id")
UNREAD = query("unread", KINDS["bool"], "only those not yet read; also 1/0, ya/tidak, yes/no", blank=None)
PAGING = (
    query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, "rows a page, 50 if not given",
          blank=EMPTY),
    query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "from 1, 1 if not given",
          blank=EMPTY),
)  # fmt: skip
LIST_FILTERS = (
    query("status", KINDS["status"]),
    query("opd", KINDS["text"], "an OPD code; an OPD user sees its own OPD's only", blank=None),
    query("overdue", KINDS["bool"], "also 1/0, ya/tidak, yes/no (any case)", blank=None),
)
WORDS = {"type": "string", "maxLength": 100}
ROLE = {"name": "role", "in": "query", "required": True, "description": "a role id (e.g. kabid-ti)",
        "schema": {"type": "string", "pattern": r"\S"}}
DATE = query("date", KINDS["date"], "the day asked about, in the tenant's zone; today if not given")
AUDIT_FILTERS = (
    query("request", WORDS, "a request id, or words of its title or letter number", blank=None),
    query("actor", WORDS, "a username, or words of the person's full name", blank=None),
    query("role", WORDS, "a role id, or words of its name", blank=None),
    query("type", KINDS["text"], "an event type", blank=None),
    query("since", MOMENT, "from this moment (a date: its start)"),
    query("until", MOMENT, "up to this moment (a date: its end)"),
)


def listing(columns: Any, default: str, search: str) -> tuple[dict[str, Any], ...]:
    """`q` (a search, as plain text) and `sort` (one of the list's columns, `-` first for descending)."""
    sorts = [*columns, *(f"-{column}" for column in columns)]
    return (
        query("q", {"type": "string", "maxLength": 100}, f"search, plain text, any case: {search}"),
        query("sort", {"type": "string", "enum": sorts}, f"sort column, `-` first for descending; default "
              f"`{default}`; empty values last, ties in a fixed order so pages never overlap"),
    )  # fmt: skip


FINDS_REQUESTS = "a title, a letter number, an OPD's code or name"
REQUEST_LISTING = listing(requests_model.SORTS, "-submitted", FINDS_REQUESTS)
INBOX_LISTING = listing(inbox_model.SORTS, "due", FINDS_REQUESTS)
OVERVIEW_FILTERS = (
    query("role", KINDS["text"], "a role id", blank=None),
    query("opd", KINDS["text"], "an OPD code", blank=None),
    query("overdue", KINDS["bool"], "also 1/0, ya/tidak, yes/no (any case)", blank=None),
    *listing(requests_model.SORTS, "due", FINDS_REQUESTS),
)


def openapi_document(tenant: str) -> dict[str, Any]:
    """The document for one tenant: its server URL is the tenant's API root."""
    view = ref("RequestView")
    write = "401 403 404 409 422 503"
    return {
        "openapi": "3.1.0",
        "info": {"title": "Alur API", "version": "1", "description": LENIENCY},
        "servers": [{"url": f"/t/{tenant}/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/openapi.json": {
                "get": operation("This document", "200", KINDS["object"], "404 503", public=True)},
            "/session": {
                "post": operation("Sign in for a bearer token (slowed after failures)", "200", ref("Session"),
                                  "401 404 422 429 503", body="Credentials", body_required=True, public=True),
                "delete": operation("Revoke this token", "204", None, "401 404 422 503"),
            },
            "/sop": {"get": operation("The SOP new requests follow", "200", ref("Sop"), "401 404 503")},
            "/requests": {
                "post": operation("Submit a request (the requesting OPD's role); multipart/form-data "
                                  "takes the Surat Permohonan as `letter` (PDF)", "201", view,
                                  "401 403 404 415 422 503", body="NewRequest", body_required=True,
                                  multipart=True),
                "get": operation("Requests, newest first", "200", paged(ref("RequestSummary")),
                                 "401 404 422 503", params=(*LIST_FILTERS, *REQUEST_LISTING, *PAGING)),
            },
            "/requests/{id}": {"get": operation("One request", "200", view, "401 404 503", params=(ID,))},
            "/requests/{id}/steps/{number}": {
                "post": operation("Complete the active step; multipart/form-data takes its files as "
                                  "`documents`", "200", view, write + " 415", body="StepAction",
                                  params=(ID, NUMBER), multipart=True)},
            "/requests/{id}/target": {
                "post": operation("A new target, with the reason, once the target of the active step has "
                                  "passed (the role that sets it)", "200", view, write, body="NewTarget",
                                  body_required=True, params=(ID,))},
            "/requests/{id}/return": {
                "post": operation("Return the file to the requester as incomplete (\"berkas tidak "
                                  "lengkap\"): the step's clock stops", "200", view, write, body="Return",
                                  body_required=True, params=(ID,))},
            "/requests/{id}/resubmit": {
                "post": operation("Send a returned file back completed (the requesting OPD; multipart "
                                  "`documents`): the step's clock resumes, its deadline moved by the pause",
                                  "200", view, write + " 415", body="Resubmission", body_required=True,
                                  params=(ID,), multipart=True)},
            "/requests/{id}/documents/{sha256}": {
                "get": operation("One document of the request, by its SHA-256 (as `documents` list it)",
                                 "200", None, "401 404 503", params=(ID, SHA256), download=True)},
            "/requests/{id}/naskah": {
                "get": operation("The documents the request's completed steps give it (Lembar Disposisi, "
                                 "Berita Acara, ...), each with its number, SHA-256 and seal once made",
                                 "200", answer("", items=many(ref("Naskah"))), "401 404 503", params=(ID,)),
                "post": made_or_kept(operation(
                    "Make one, once, from the events, sealed with the tenant's certificate (201; 200 with "
                    "the one kept if it was made before); download it by its SHA-256", "201", ref("Naskah"),
                    "401 404 409 422 503", body="MakeNaskah", body_required=True, params=(ID,)))},
            "/requests/{id}/dossier": {
                "get": operation("The request's dossier for an inspector, as a sealed PDF: its steps (who, "
                                 "role, Plt., when, on time or late), every document with its SHA-256, the "
                                 "audit excerpt with each event's hash-chain link, the chain's signed head",
                                 "200", None, "401 404 503", params=(ID,), download=True)},
            "/requests/{id}/withdraw": {
                "post": operation("Withdraw (the requesting OPD), with the reason", "200", view, write,
                                  body="Withdrawal", body_required=True, params=(ID,))},
            "/requests/{id}/comments": {
                "get": operation("The request's discussion, oldest first: whether I may write in it, and "
                                 "whom I may mention", "200", ref("Thread"), "401 404 503", params=(ID,)),
                "post": operation("Comment on the request (its officials and its requesting OPD; an "
                                  "auditor only reads: 403); the mentioned are told", "201", ref("Comment"),
                                  "401 403 404 409 422 503", body="NewComment", body_required=True,
                                  params=(ID,))},
            "/requests/{id}/comments/{number}/retract": {
                "post": operation("Retract my own comment (its text stays in the history, marked)", "200",
                                  ref("Comment"), "401 403 404 409 422 503",
                                  params=(ID, path("number", {"type": "integer", "minimum": 1})))},
            "/requests/{id}/events": {
                "get": operation("Every event of the request, in order", "200", many(ref("Event")),
                                 "401 404 503", params=(ID,))},
            "/inbox": {
                "get": operation("Steps waiting on me, overdue first (?request=: does this one?)", "200",
                                 paged(ref("InboxItem")), "401 404 422 503",
                                 params=(REQUEST, *INBOX_LISTING, *PAGING))},
            "/notifications": {
                "get": operation("My notices told by now, newest first, each with its sentence in my "
                                 "language (`?lang=` to ask another), a page at a time", "200",
                                 paged(ref("Notice")), "401 404 422 503", params=(UNREAD, *PAGING))},
            "/notifications/read-all": {
                "post": operation("Mark every notice of mine told by now read", "200", ref("NoticesRead"),
                                  "401 404 409 503")},
            "/notifications/{id}/read": {
                "post": operation("Mark one of my notices read (another's: 404)", "200", ref("NoticeRead"),
                                  "401 404 409 503", params=(ID,))},
            "/me": {
                "get": operation("My own page: name, language, how I am told of each kind of notice "
                                 "(immediate, digest, none; notices in the page always appear)", "200",
                                 ref("Me"), "401 404 503"),
                "post": operation("Correct my name, choose my language and my notice choices", "200",
                                  ref("MeSaved"), "401 404 409 422 503", body="MeChanges")},
            "/me/absences": {
                "get": operation("My absences, newest first", "200", paged(ref("Absence")), "401 404 422 503",
                                 params=PAGING),
                "post": operation("Ask to be away with a Plh. (pending until an admin or an office leader "
                                  "decides)", "201", ref("Absence"), "401 403 404 409 422 503",
                                  body="RequestAbsence", body_required=True)},
            "/me/absences/{id}/cancel": {
                "post": operation("Cancel my absence, before or during it: an approved one's Plh. grants end "
                                  "now", "200", ref("Absence"), "401 403 404 409 422 503", params=(ID,))},
            "/absences": {
                "get": operation("Every absence, pending first (admins and the SOP's leaders)", "200",
                                 paged(ref("Absence")), "401 403 404 422 503", params=PAGING)},
            "/absences/{id}/approve": {
                "post": operation("Approve an absence (not one's own): the Plh. holds the absent user's "
                                  "workflow roles as Plh. over its days", "200", ref("Absence"),
                                  "401 403 404 409 422 503", params=(ID,))},
            "/absences/{id}/refuse": {
                "post": operation("Refuse an absence (not one's own), with a reason", "200", ref("Absence"),
                                  "401 403 404 409 422 503", body="RefuseAbsence", body_required=True,
                                  params=(ID,))},
            "/overview": {
                "get": operation("The office overview (the SOP's leaders and admins): every open request "
                                 "with its step, role, holders, working days waited and left, overdue first; "
                                 "the counts cover every open request matching `q`", "200", ref("Office"),
                                 "401 403 404 422 503", params=(*OVERVIEW_FILTERS, *PAGING))},
            "/users": {
                "get": operation("The tenant's users with their roles and grants (admins)", "200",
                                 paged(ref("User")), "401 403 404 422 503", params=(
                                     *listing(people.USER_SORTS, "username",
                                              "a username, a name, a NIP, an OPD's code or name"), *PAGING))},
            "/users/{username}": {
                "get": operation("One user with every grant (admins)", "200", ref("User"), "401 403 404 503",
                                 params=(USERNAME,))},
            "/users/{username}/details": {
                "post": operation("Correct a user's full name, NIP or OPD (admins)", "200", ref("User"),
                                  "401 403 404 409 422 503", body="UserDetails", params=(USERNAME,))},
            "/users/{username}/deactivate": {
                "post": operation("Deactivate a user (admins; not oneself): no sign-in, no role, sessions "
                                  "and tokens revoked at once, history kept; their appointed open "
                                  "steps handed over first (`HandOver`)", "200", ref("User"),
                                  "401 403 404 409 422 503", body="HandOver", params=(USERNAME,))},
            "/users/{username}/reactivate": {
                "post": operation("Reactivate a deactivated user (admins)", "200", ref("User"),
                                  "401 403 404 409 422 503", params=(USERNAME,))},
            "/users/{username}/password-reset": {
                "post": operation("Reset a password (admins): the old one and every session end; the "
                                  "answer is a single-use set-password page link (24 hours) to hand to the "
                                  "user, who chooses the password", "200", ref("PasswordLink"),
                                  "401 403 404 409 422 503", params=(USERNAME,))},
            "/users/{username}/grants": {
                "post": operation("Grant a role (admins): for a period if given; a Plt./Plh. with its SK "
                                  "(number and date; its PDF as the multipart file `sk_document`)", "201",
                                  ref("Grant"), "401 403 404 409 415 422 503", body="GrantRole",
                                  body_required=True, params=(USERNAME,), multipart=True)},
            "/users/{username}/email": {
                "post": operation("Set a user's email address (admins): a one-time link (3 days) to confirm "
                                  "it is mailed to it; mail about work goes only to a confirmed address",
                                  "200", ref("Email"), "401 403 404 409 422 503", body="SetEmail",
                                  body_required=True, params=(USERNAME,))},
            "/me/password": {
                "post": operation("Change my own password, giving the old one again: every other session and "
                                  "API token of mine ends, this one stays signed in", "200",
                                  ref("PasswordChanged"), "401 404 409 422 429 503", body="ChangePassword",
                                  body_required=True)},
            "/me/email": {
                "get": operation("My email address and whether it is confirmed", "200", ref("Email"),
                                 "401 404 503"),
                "post": operation("Set my email address: a one-time link to confirm it is mailed to it",
                                  "200", ref("Email"), "401 404 409 422 503", body="SetEmail",
                                  body_required=True)},
            "/mail/outbox": {
                "get": operation("The tenant's newest mails with their state, and the count of each state "
                                 "(admins)", "200", ref("Outbox"), "401 403 404 422 503", params=(
                                     query("state", {"type": "string", "enum": ["waiting", "retrying", "sent",
                                                                                "failed"]}),))},
            "/mail/outbox/{mail}": {
                "get": operation("One mail of the outbox (admins)", "200", ref("Mail"), "401 403 404 503",
                                 params=(MAIL_ID,))},
            "/mail/outbox/{mail}/retry": {
                "post": operation("Try a failed mail again (admins)", "200", ref("Mail"),
                                  "401 403 404 422 503", params=(MAIL_ID,))},
            "/audit/holders": {
                "get": operation("Who held a role on a date (auditors and admins): each holder with full "
                                 "name, NIP, definitive or Plt./Plh., the grant's period and SK", "200",
                                 ref("RoleHolders"), "401 403 404 422 503", params=(ROLE, DATE))},
            "/audit/sk/{sha256}": {
                "get": operation("The PDF of an SK a grant names, by its SHA-256 (auditors and admins)",
                                 "200", None, "401 403 404 503", params=(SHA256,), download=True)},
            "/audit": {
                "get": operation("The audit trail (auditors and admins)", "200", paged(ref("AuditEntry")),
                                 "401 403 404 422 503", params=(*AUDIT_FILTERS, *listing(
                                     audit_model.SORTS, "position", "a request's title, letter number or "
                                     "OPD, or words of the event's sentence"), *PAGING))},
            "/sla": {
                "get": operation("Target against realisation (officials, auditors and admins)", "200",
                                 ref("Sla"), "401 403 404 503")},
            "/compliance": {
                "get": operation("SOP compliance per SOP version: requests along the path, each deviation "
                                 "and early ending with its requests, and per step (the SOP's leaders, "
                                 "auditors and admins)", "200", ref("Compliance"), "401 403 404 503")},
            "/settings": {
                "get": operation("The office's working rules: after how many working days a step with no "
                                 "time standard counts as macet", "200", ref("Settings"), "401 404 503")},
            "/settings/stalled-after": {
                "post": operation("Set after how many working days a step with no time standard counts as "
                                  "macet (admins), with the reason", "200", ref("Settings"), write,
                                  body="StalledAfter", body_required=True)},
            "/settings/letterhead": {
                "get": operation("The kop surat of the documents the service makes (the default from the "
                                 "office's name until an admin sets one)", "200", ref("Letterhead"),
                                 "401 404 503"),
                "post": operation("Set it (admins): its lines, the reason, and a logo (PNG or JPEG, 512 KB) "
                                  "as the multipart file `logo` (none: the one set before stays)", "200",
                                  ref("Letterhead"), write + " 415", body="SetLetterhead", body_required=True,
                                  multipart=True)},
            "/calendar": {
                "get": operation("The office calendar of a year (this year if not given): the days off with "
                                 "their legal ground, office hours by range; deadlines count in it", "200",
                                 ref("OfficeCalendar"), "401 404 422 503", params=(
                                     query("year", {"type": "integer", "minimum": 2000, "maximum": 2100},
                                           blank=EMPTY),))},
            "/calendar/days": {
                "post": operation("Add a day off (admins)", "201", ref("CalendarChange"), write,
                                  body="DayOff", body_required=True)},
            "/calendar/days/{date}/remove": {
                "post": operation("Make a recorded day off a working day (admins)", "200",
                                  ref("CalendarChange"), write, body="DayOffRemoval", body_required=True,
                                  params=(path("date", {"type": "string", "format": "date"}),))},
            "/calendar/hours": {
                "post": operation("Office hours for a date range (admins)", "201", ref("CalendarChange"),
                                  write, body="OfficeHoursRange", body_required=True)},
            "/calendar/years": {
                "post": operation("Record a year's national holidays and cuti bersama from the holiday "
                                  "package, once (admins)", "200", ref("RecordedYears"),
                                  "401 403 404 422 503", body="HolidayYear", body_required=True)},
        },
    }  # fmt: skip
