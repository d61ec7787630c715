"""The commands people give, as small typed values (the web, the API and the CLI build them).

Each is handled by one method of `domain.handlers.Commands`, with the `Actor` giving it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.documents import Upload


@dataclass(frozen=True)
class SubmitRequest:
    title: str
    letter_number: str
    letter_date: str
    purpose: str = ""
    opd: str | None = None  # an OPD user files for its own OPD; others may name a known OPD
    note: str = ""
    letter: Upload | None = None  # the letter itself, a PDF
    documents: tuple[Upload, ...] = ()  # the first step's other Kelengkapan, by slot (Upload.field)
    references: Mapping[str, str] = field(default_factory=dict)  # slot -> "diserahkan di luar sistem"


@dataclass(frozen=True)
class SetLetterhead:
    """The kop surat of the documents the service makes: its lines, a logo (PNG or JPEG) or
    none to keep the one set before, and the reason."""

    government: str
    office: str
    address: str
    city: str
    reason: str
    logo: Any = None  # domain.documents.Upload


@dataclass(frozen=True)
class MakeDocument:
    """Make (once) the document a completed step gives a request: which step in its history
    (`taken`, 0 for the first) and which kind (domain.sop.MADE_KINDS)."""

    request_id: str
    taken: int | None
    kind: str


@dataclass(frozen=True)
class CompleteStep:
    request_id: str
    step: int
    decision: str | None = None
    note: str = ""
    assignee: str | None = None  # one person named (as before `assignees`)
    deadline: datetime | date | None = None  # a date: until the end of that day
    documents: tuple[Upload, ...] = ()  # by slot ("input-1", "output-2"); others are attachments
    on_behalf_of: str | None = None  # the appointee another holder of the step's role acts for
    expected_version: int | None = None
    references: Mapping[str, str] = field(default_factory=dict)  # slot -> "diserahkan di luar sistem"
    assignees: tuple[str, ...] = ()  # the people named (a team: several), by username or full name


@dataclass(frozen=True)
class ReviseTarget:
    """A new target for a request whose target has passed (a date: until the end of that day)."""

    request_id: str
    deadline: datetime | date | None
    reason: str = ""
    expected_version: int | None = None


@dataclass(frozen=True)
class WithdrawRequest:
    request_id: str
    note: str = ""
    expected_version: int | None = None


@dataclass(frozen=True)
class ReturnFile:
    """"Berkas tidak lengkap": back to the requester, naming the missing Kelengkapan."""

    request_id: str
    missing: tuple[str, ...]
    note: str = ""
    on_behalf_of: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class ResubmitFile:
    """The requester's completed file, back to the step that returned it."""

    request_id: str
    documents: tuple[Upload, ...] = ()  # by the step's input slots ("input-1"); others attached
    note: str = ""
    expected_version: int | None = None
    references: Mapping[str, str] = field(default_factory=dict)  # input slot -> reference


@dataclass(frozen=True)
class SignIn:
    username: str
    password: str
    address: str  # the client's address, for the throttle
    kind: str = "web"  # "web" (cookie) or "api" (bearer token)


@dataclass(frozen=True)
class CreateOpd:
    code: str
    name: str


@dataclass(frozen=True)
class CreateUser:
    username: str
    password: str
    roles: tuple[str, ...]
    full_name: str = ""
    nip: str | None = None
    opd: str | None = None
    email: str = ""  # given: unconfirmed until the link mailed to it is followed


@dataclass(frozen=True)
class GrantRole:
    username: str
    role: str
    valid_from: datetime | None = None
    valid_until: datetime | date | None = None  # a date: through that day
    acting: bool = False  # an acting official: a Plt. (pelaksana tugas) unless `title` says Plh.
    title: str | None = None  # "Plt." or "Plh." (pelaksana harian); given, the grant is acting
    sk_number: str | None = None  # the SK it rests on: required when acting
    sk_date: date | None = None
    sk_document: Upload | None = None  # the SK's PDF, optional


@dataclass(frozen=True)
class RevokeRole:
    username: str
    role: str
    hand_over: HandOver | None = None  # where their appointed open steps go (domain/handlers/handover.py)


EDITABLE = ("full_name", "nip", "opd")


@dataclass(frozen=True)
class EditUser:
    """Correct a user's details: only the fields in `changes` change (None or "" clears one); the
    others keep what the user's own events say, never what a lagging read model shows."""

    username: str
    changes: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class SetUserActive:
    """Deactivate (`active=False`) or reactivate a user."""

    username: str
    active: bool
    hand_over: HandOver | None = None  # where the user's appointed open steps go


@dataclass(frozen=True)
class HandOver:
    """Where the appointed open steps of a user who loses a role (or is deactivated) go: to the
    people named in `to` (holders of the appointed steps' role), or, `to` empty, to every holder
    of that role; with the reason, kept in each request's `Reassigned` event."""

    to: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ResetPassword:
    username: str


@dataclass(frozen=True)
class SetPassword:
    """The user's own new password, through the one-time link the admin handed over."""

    token: str
    password: str
    confirm: str


@dataclass(frozen=True)
class ChangeOwnPassword:
    """The signed-in user's own new password (/me/password): the old one given again."""

    old_password: str
    password: str
    confirm: str
    address: str  # the client's address: a wrong old password counts as a failed sign-in


@dataclass(frozen=True)
class SwitchSop:
    variant_id: str
    reason: str = ""  # required: why new requests should follow another SOP


@dataclass(frozen=True)
class CheckSopFile:
    """An uploaded variant file: checked, and run for new requests if `use` (with a reason)."""

    filename: str
    text: str
    use: bool = False
    reason: str = ""


# -- the office calendar (kalender kerja) ---------------------------------------------------


@dataclass(frozen=True)
class AddDayOff:
    """A regional day off, or a cuti bersama a revised SKB adds: with its SK/SKB and why."""

    day: str  # year-month-day
    name: str
    kind: str  # libur-daerah, cuti-bersama, libur-nasional
    reference: str
    reason: str


@dataclass(frozen=True)
class RemoveDayOff:
    """A recorded day off the office works after all (a revised SKB), with its SKB and why."""

    day: str
    reference: str
    reason: str


@dataclass(frozen=True)
class SetOfficeHours:
    """Office hours for a date range (Ramadan), with the decree and why."""

    first: str
    last: str
    start: str  # "08:00"
    end: str  # "15:00"
    reference: str
    reason: str


@dataclass(frozen=True)
class RecordHolidayYears:
    """Record the national holidays and cuti bersama of these years, once each."""

    years: tuple[int, ...]


@dataclass(frozen=True)
class SetStalledAfter:
    """After how many working days a step with no time standard counts as macet, and why."""

    days: Any
    reason: str


@dataclass(frozen=True)
class SetEmail:
    """A user's email address (an admin's for anyone, a user's for themself); "" removes it.
    It stays unconfirmed, and gets no mail but the link, until the link is followed."""

    username: str
    email: str
    english: bool = False  # the language of the confirmation mail


@dataclass(frozen=True)
class ConfirmEmail:
    """The link mailed to the address was followed (the token is the only credential)."""

    token: str


@dataclass(frozen=True)
class RetryMail:
    """A failed mail of the outbox, tried again (admins)."""

    mail_id: str


@dataclass(frozen=True)
class SetOwnDetails:
    """A user's own page (/me): the fields given change (None: left as it is). `username`: whose
    (the user themself; an admin may set another user's language and notice choices)."""

    username: str
    full_name: str | None = None
    language: str | None = None
    choices: Mapping[str, str] = field(default_factory=dict)  # notice kind -> immediate/digest/none


@dataclass(frozen=True)
class ReadNotice:
    """Mark one of the user's own notices read."""

    notice_id: str


@dataclass(frozen=True)
class ReadAllNotices:
    """Mark every notice of the user's, told by now, read."""


@dataclass(frozen=True)
class WriteComment:
    """A comment in a request's discussion; `mentions`: usernames chosen in the form (the text's
    own `@username` are found in it)."""

    request_id: str
    text: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetractComment:
    """Take back one's own comment (its number in the thread); its text stays in the history."""

    request_id: str
    number: int
