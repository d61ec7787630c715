"""What the audit projection keeps besides its rows, to name each row as an inspector reads it.

People as they were (full name and NIP from `User.Registered` / `DetailsChanged`), each user's
grants with their periods (so a step done under an acting grant reads "Plt. <role>"), and each
request's title, letter number, SOP version and the active step's due moment (so a step event
is on time or late, and a return stops the clock). All of it is decided when the event is
projected, from the events before it: a rebuild computes exactly the same rows, and a later
change of a name never rewrites what an earlier row says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.people import User
from domain.request import Request
from projections.base import BatchTx, Context, parse_ts, ts, uuid_text

TABLES = ("rm_audit_requests", "rm_audit_users", "rm_audit_grants")
DDL = (
    "CREATE TABLE IF NOT EXISTS rm_audit_requests ("
    " request_id TEXT PRIMARY KEY, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
    " title TEXT NOT NULL, letter_number TEXT NOT NULL, opd TEXT, due_at TEXT,"
    " paused INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rm_audit_users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL,"
    " full_name TEXT NOT NULL, nip TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS rm_audit_users_name ON rm_audit_users (username)",
    "CREATE TABLE IF NOT EXISTS rm_audit_grants (user_id TEXT NOT NULL, role TEXT NOT NULL,"
    " valid_from TEXT NOT NULL, valid_until TEXT, acting INTEGER NOT NULL, revoked_at TEXT,"
    " title TEXT, sk_number TEXT, sk_date TEXT)",
    "CREATE INDEX IF NOT EXISTS rm_audit_grants_user ON rm_audit_grants (user_id)",
)

ON_TIME, LATE, PAUSED = "on_time", "late", "paused"


@dataclass
class Person:
    user_id: str
    full_name: str
    nip: str


@dataclass
class Held:
    """One grant of a role, as `domain.people.Grant` keeps it, for the moment a step was done."""

    role: str
    valid_from: datetime
    valid_until: datetime | None
    acting: bool
    revoked_at: datetime | None = None
    title: str | None = None  # "Plt." or "Plh." when acting
    sk_number: str | None = None  # the SK the grant rests on
    sk_date: str | None = None  # its date, year-month-day

    def in_force(self, at: datetime) -> bool:
        ends = [when for when in (self.valid_until, self.revoked_at) if when is not None]
        return self.valid_from <= at and (not ends or at < min(ends))


@dataclass
class RequestState:
    variant_id: str
    variant_version: int
    title: str
    letter_number: str
    due_at: datetime | None
    paused: bool


class AuditState:
    """Reads and writes the projection's own side tables, remembering them for the batch."""

    def __init__(self, tx: BatchTx, ctx: Context) -> None:
        self.tx, self.ctx = tx, ctx

    # -- people ----------------------------------------------------------------------------

    def person(self, username: str) -> Person | None:
        def load() -> Person | None:
            rows = self.tx.query(
                "SELECT user_id, full_name, nip FROM rm_audit_users WHERE username = ?", (username,)
            )
            return Person(rows[0]["user_id"], rows[0]["full_name"], rows[0]["nip"]) if rows else None

        found: Person | None = self.ctx.remembered(("audit-person", username), load)
        return found

    def username(self, user_id: str) -> str:
        def load() -> str:
            rows = self.tx.query("SELECT username FROM rm_audit_users WHERE user_id = ?", (user_id,))
            return str(rows[0]["username"]) if rows else user_id

        return str(self.ctx.remembered(("audit-user", user_id), load))

    def registered(self, event: User.Registered) -> None:
        user_id = uuid_text(event.originator_id)
        nip = event.nip or ""
        self.tx.insert("rm_audit_users", {"user_id": user_id, "username": event.username,
                                          "full_name": event.full_name, "nip": nip}, key=user_id)  # fmt: skip
        self.ctx.batch[("audit-user", user_id)] = event.username
        self.ctx.batch[("audit-person", event.username)] = Person(user_id, event.full_name, nip)
        self.ctx.batch[("audit-grants", user_id)] = []

    def details_changed(self, event: User.DetailsChanged) -> None:
        user_id = uuid_text(event.originator_id)
        username, nip = self.username(user_id), event.nip or ""
        held = self.tx.held("rm_audit_users", user_id)
        if held is not None:
            held.update(full_name=event.full_name, nip=nip)
        else:
            self.tx.execute("UPDATE rm_audit_users SET full_name = ?, nip = ? WHERE user_id = ?",
                            (event.full_name, nip, user_id))  # fmt: skip
        self.ctx.batch[("audit-person", username)] = Person(user_id, event.full_name, nip)

    def grants(self, user_id: str) -> list[Held]:
        def load() -> list[Held]:
            rows = self.tx.query("SELECT * FROM rm_audit_grants WHERE user_id = ?", (user_id,))
            return [Held(row["role"], _moment(row["valid_from"]), parse_ts(row["valid_until"]),
                         bool(row["acting"]), parse_ts(row["revoked_at"]), row["title"], row["sk_number"],
                         row["sk_date"]) for row in rows]  # fmt: skip

        found: list[Held] = self.ctx.remembered(("audit-grants", user_id), load)
        return found

    def granted(self, event: User.RoleGranted) -> None:
        user_id = uuid_text(event.originator_id)
        self.grants(user_id).append(Held(event.role, event.valid_from, event.valid_until, event.acting,
                                         None, event.title, event.sk_number, event.sk_date))  # fmt: skip
        self.tx.insert("rm_audit_grants", {"user_id": user_id, "role": event.role,
                                           "valid_from": ts(event.valid_from),
                                           "valid_until": ts(event.valid_until),
                                           "acting": int(event.acting), "revoked_at": None,
                                           "title": event.title, "sk_number": event.sk_number,
                                           "sk_date": event.sk_date})  # fmt: skip

    def revoked(self, event: User.RoleRevoked) -> None:
        """Ends every grant of the role in force or still to come, as `User.revoke` does."""
        user_id = uuid_text(event.originator_id)
        for grant in self.grants(user_id):
            if (
                grant.role == event.role
                and grant.revoked_at is None
                and (grant.valid_until is None or event.at < grant.valid_until)
            ):
                grant.revoked_at = event.at
        self.tx.execute(
            "UPDATE rm_audit_grants SET revoked_at = ? WHERE user_id = ? AND role = ? AND revoked_at IS NULL"
            " AND (valid_until IS NULL OR valid_until > ?)",
            (ts(event.at), user_id, event.role, ts(event.at)),
        )

    def acting(self, username: str, role: str, at: datetime) -> Held | None:
        """The acting grant (a Plt. or Plh.) by which the user held `role` at `at`, with its SK;
        None when a definitive grant gave the role then (or nothing did)."""
        person = self.person(username)
        if person is None or not role:
            return None
        held = [g for g in self.grants(person.user_id) if g.role == role and g.in_force(at)]
        if any(not g.acting for g in held):
            return None  # held in their own right: the step was not done as an acting official
        return held[0] if held else None

    # -- requests --------------------------------------------------------------------------

    def request(self, request_id: str) -> RequestState:
        def load() -> RequestState:
            row = self.tx.query("SELECT * FROM rm_audit_requests WHERE request_id = ?", (request_id,))[0]
            return RequestState(row["variant_id"], row["variant_version"], row["title"], row["letter_number"],
                                parse_ts(row["due_at"]), bool(row["paused"]))  # fmt: skip

        found: RequestState = self.ctx.remembered(("audit-request", request_id), load)
        return found

    def submitted(self, event: Request.Submitted) -> None:
        request_id = uuid_text(event.originator_id)
        self.tx.insert("rm_audit_requests", {"request_id": request_id, "variant_id": event.variant_id,
                                             "variant_version": event.variant_version, "title": event.title,
                                             "letter_number": event.letter_number, "opd": event.opd,
                                             "due_at": None, "paused": 0}, key=request_id)  # fmt: skip
        self.ctx.batch[("audit-request", request_id)] = RequestState(
            event.variant_id, event.variant_version, event.title, event.letter_number, None, False
        )

    def timeliness(self, event: Any) -> str:
        """On time or late (a step done against the due moment it ran on), paused (the file went
        back to the requester, or came back: the clock stood still), else "" (no due moment, or
        not a step). Then moves the request's due moment on as the aggregate does."""
        request_id = uuid_text(event.originator_id)
        state = self.request(request_id)
        found = ""
        if isinstance(event, Request.StepEvent) and not isinstance(event, Request.Submitted):
            if state.due_at is not None:
                found = LATE if event.at > state.due_at else ON_TIME
        elif isinstance(event, Request.Returned | Request.Resubmitted):
            found = PAUSED
        due, paused = state.due_at, state.paused
        if isinstance(event, Request.StepEvent | Request.TargetRevised | Request.DueRecomputed):
            due = event.next_due_at
        elif isinstance(event, Request.Resubmitted):
            due, paused = event.next_due_at, False
        elif isinstance(event, Request.Returned):
            paused = True
        elif isinstance(event, Request.Withdrawn):
            due, paused = None, False
        if (due, paused) != (state.due_at, state.paused):
            state.due_at, state.paused = due, paused
            self._save_request(request_id, state)
        return found

    def _save_request(self, request_id: str, state: RequestState) -> None:
        held = self.tx.held("rm_audit_requests", request_id)
        if held is not None:
            held.update(due_at=ts(state.due_at), paused=int(state.paused))
            return
        self.tx.execute("UPDATE rm_audit_requests SET due_at = ?, paused = ? WHERE request_id = ?",
                        (ts(state.due_at), int(state.paused), request_id))  # fmt: skip


def _moment(text: str) -> datetime:
    found = parse_ts(text)
    assert found is not None
    return found
