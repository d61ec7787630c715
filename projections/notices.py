"""Read model "notices": who is told what, and when (the rules: domain/notices.py).

One row per notice: a user, a kind, a request, and `due_at`, the moment it may be shown or
sent (a reminder or an overdue notice moved into office hours). A reminder or overdue notice
not yet due is cancelled (marked, never deleted) when its step is done, the file is returned,
the request withdrawn, or its deadline moves (then written anew from the new due time); a
notice not yet due is cancelled when its user is deactivated.

Who holds a role at an event's moment is decided from this model's own copy of users and
grants, kept from the same events in the same order: so this model alone, rebuilt, writes
exactly what it wrote live, whatever the other read models' positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.comments import Discussion, told_of_comment
from domain.notices import (
    TIMED,
    Holder,
    notice_id,
    overdue_at,
    reminder_after,
    requester_kind,
    step_recipients,
)
from domain.people import User
from domain.request import Request
from domain.sop import Variant
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, ts, uuid_text


@dataclass(frozen=True)
class Notice:
    id: str
    username: str
    kind: str
    request_id: str
    title: str
    letter_number: str
    step: int | None
    step_name: str
    deadline: datetime | None
    link: str  # a path under the tenant (`/t/<tenant>` before it)
    due_at: datetime
    created_at: datetime
    read_at: datetime | None
    cancelled: bool
    decision: str | None = None
    author: str = ""  # who wrote the comment a notice tells of


USER_EVENTS = (
    User.Registered, User.RoleGranted, User.RoleRevoked, User.DetailsChanged, User.Deactivated,
    User.Reactivated, User.NoticeRead, User.NoticesAllRead,
)  # fmt: skip
REQUEST_EVENTS = (
    Request.StepEvent, Request.Returned, Request.Resubmitted, Request.TargetRevised,
    Request.DueRecomputed, Request.Withdrawn,
)  # fmt: skip


class NoticesProjection(Projection):
    name = "notices"
    # v2: a step names a team, one rm_notice_assignees row per member; v3: indexed by due time, for
    # the mail job's look every few seconds; v4: comments (`mentioned`, `commented`) and their author
    version = 4
    tables = (
        "rm_notices",
        "rm_notice_users",
        "rm_notice_grants",
        "rm_notice_requests",
        "rm_notice_assignees",
    )
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_notices ("
        " id TEXT PRIMARY KEY, position BIGINT NOT NULL, username TEXT NOT NULL, kind TEXT NOT NULL,"
        " request_id TEXT NOT NULL, title TEXT NOT NULL, letter_number TEXT NOT NULL, step INTEGER,"
        " step_name TEXT NOT NULL, deadline TEXT, link TEXT NOT NULL, due_at TEXT NOT NULL,"
        " created_at TEXT NOT NULL, read_at TEXT, cancelled INTEGER NOT NULL, decision TEXT, author TEXT)",
        "CREATE INDEX IF NOT EXISTS rm_notices_user ON rm_notices (username, due_at)",
        "CREATE INDEX IF NOT EXISTS rm_notices_request ON rm_notices (request_id)",
        "CREATE INDEX IF NOT EXISTS rm_notices_due ON rm_notices (due_at)",
        "CREATE TABLE IF NOT EXISTS rm_notice_users ("
        " user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, opd TEXT, active INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS rm_notice_grants ("
        " username TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, valid_from TEXT NOT NULL,"
        " valid_until TEXT, revoked_at TEXT, PRIMARY KEY (username, seq))",
        "CREATE INDEX IF NOT EXISTS rm_notice_grants_role ON rm_notice_grants (role)",
        "CREATE TABLE IF NOT EXISTS rm_notice_requests ("
        " request_id TEXT PRIMARY KEY, title TEXT NOT NULL, letter_number TEXT NOT NULL, opd TEXT,"
        " requester TEXT NOT NULL, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " step INTEGER, role TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_notice_assignees ("
        " request_id TEXT NOT NULL, step INTEGER NOT NULL, assignee TEXT NOT NULL,"
        " PRIMARY KEY (request_id, step, assignee))",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        if isinstance(event, Request.Reassigned):  # a hand-over: the step's people from now on
            _name_team(tx, uuid_text(event.originator_id), event.step, event.team)
            _handed_over(tx, event, position, ctx)
        if isinstance(event, USER_EVENTS):
            self._user(tx, event)
        elif isinstance(event, REQUEST_EVENTS):
            self._request(tx, event, position, ctx)
        elif isinstance(event, Discussion.Commented):
            self._comment(tx, event, position, ctx)

    # -- comments -------------------------------------------------------------------------

    def _comment(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        """The mentioned are told, and the requester of an official's comment (domain/comments.py)."""
        rows = tx.query("SELECT * FROM rm_notice_requests WHERE request_id = ?", (event.request_id,))
        if not rows:
            return
        request = rows[0]
        variant = ctx.variant(request["variant_id"], request["variant_version"])
        told = told_of_comment(author=event.actor, role=event.role, requester=request["requester"],
                               requester_role=variant.requester_role, mentions=event.mentions)  # fmt: skip
        for username, kind in sorted(told.items()):
            found = tx.query("SELECT active FROM rm_notice_users WHERE username = ?", (username,))
            if not found or not found[0]["active"]:
                continue
            tx.insert("rm_notices", {
                "id": notice_id(position, username, kind), "position": position, "username": username,
                "kind": kind, "request_id": event.request_id, "title": request["title"],
                "letter_number": request["letter_number"], "step": None, "step_name": "", "deadline": None,
                "link": f"/requests/{event.request_id}#comment-{event.number}", "due_at": ts(event.at),
                "created_at": ts(event.at), "read_at": None, "cancelled": 0, "decision": None,
                "author": event.actor_name,
            })  # fmt: skip

    # -- people ---------------------------------------------------------------------------

    def _user(self, tx: BatchTx, event: Any) -> None:
        user_id = uuid_text(event.originator_id)
        if isinstance(event, User.Registered):
            tx.execute("INSERT INTO rm_notice_users (user_id, username, opd, active) VALUES (?, ?, ?, 1)",
                       (user_id, event.username, event.opd))  # fmt: skip
            return
        username = _username(tx, user_id)
        if username is None:
            return
        if isinstance(event, User.RoleGranted):
            tx.execute(
                "INSERT INTO rm_notice_grants (username, seq, role, valid_from, valid_until)"
                " VALUES (?, ?, ?, ?, ?)",
                (username, event.originator_version, event.role, ts(event.valid_from), ts(event.valid_until)),
            )
        elif isinstance(event, User.RoleRevoked):
            tx.execute(
                "UPDATE rm_notice_grants SET revoked_at = ? WHERE username = ? AND role = ?"
                " AND revoked_at IS NULL AND (valid_until IS NULL OR ? < valid_until)",
                (ts(event.at), username, event.role, ts(event.at)),
            )
        elif isinstance(event, User.DetailsChanged):
            tx.execute("UPDATE rm_notice_users SET opd = ? WHERE user_id = ?", (event.opd, user_id))
        elif isinstance(event, User.Deactivated | User.Reactivated):
            active = int(isinstance(event, User.Reactivated))
            tx.execute("UPDATE rm_notice_users SET active = ? WHERE user_id = ?", (active, user_id))
            if not active:  # what is not yet due is never shown or sent
                tx.execute("UPDATE rm_notices SET cancelled = 1 WHERE username = ? AND cancelled = 0"
                           " AND due_at > ?", (username, ts(event.at)))  # fmt: skip
        elif isinstance(event, User.NoticeRead):
            tx.execute("UPDATE rm_notices SET read_at = ? WHERE id = ? AND username = ? AND read_at IS NULL",
                       (ts(event.at), event.notice_id, username))  # fmt: skip
        else:  # User.NoticesAllRead: every notice of theirs told by then
            tx.execute("UPDATE rm_notices SET read_at = ? WHERE username = ? AND read_at IS NULL"
                       " AND cancelled = 0 AND due_at <= ?",
                       (ts(event.at), username, ts(event.at)))  # fmt: skip

    # -- requests -------------------------------------------------------------------------

    def _request(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        request_id = uuid_text(event.originator_id)
        if isinstance(event, Request.Submitted):
            tx.execute(
                "INSERT INTO rm_notice_requests (request_id, title, letter_number, opd, requester,"
                " variant_id,"
                " variant_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (request_id, event.title, event.letter_number, event.opd, event.actor, event.variant_id,
                 event.variant_version),
            )  # fmt: skip
        rows = tx.query("SELECT * FROM rm_notice_requests WHERE request_id = ?", (request_id,))
        if not rows:
            return
        request = rows[0]
        variant = ctx.variant(request["variant_id"], request["variant_version"])
        at: datetime = event.at
        if isinstance(event, Request.StepEvent) and event.assignees:
            _name_team(tx, request_id, event.step, event.assignees)
        # Whatever moves the request on ends the reminders of the step it was at.
        self._cancel(tx, request_id, at)
        write = _Writer(tx, request, variant, position, at)
        if isinstance(event, Request.StepEvent | Request.Returned | Request.Withdrawn):
            ends = isinstance(event, Request.StepEvent) and event.next_step is None
            kind = requester_kind(
                type(event).__name__, ends=ends, withdrawn=isinstance(event, Request.Withdrawn)
            )
            if kind is not None:
                decision = _decision(event) if kind == "decided" else None
                write.requester(kind, event.step, decision)
            if isinstance(event, Request.Returned | Request.Withdrawn) or ends:
                return
        if isinstance(event, Request.StepEvent | Request.Resubmitted):
            number, role = (
                (event.next_step if isinstance(event, Request.StepEvent) else event.step),
                event.next_role,
            )
            tx.execute("UPDATE rm_notice_requests SET step = ?, role = ? WHERE request_id = ?",
                       (number, role, request_id))  # fmt: skip
            write.arrival(number, role or "", event.next_due_at, ctx, arrived=True)
        elif isinstance(event, Request.TargetRevised | Request.DueRecomputed):
            number, role = _active(tx, request_id)
            if number is not None:
                write.arrival(number, role, event.next_due_at, ctx, arrived=False)

    def _cancel(self, tx: BatchTx, request_id: str, at: datetime) -> None:
        kinds = ", ".join(f"'{kind}'" for kind in sorted(TIMED))
        tx.execute(f"UPDATE rm_notices SET cancelled = 1 WHERE request_id = ? AND cancelled = 0"
                   f" AND kind IN ({kinds}) AND due_at > ?", (request_id, ts(at)))  # fmt: skip


class _Writer:
    """The notices one event writes about one request."""

    def __init__(
        self, tx: BatchTx, request: dict[str, Any], variant: Variant, position: int, at: datetime
    ) -> None:
        self.tx, self.request, self.variant, self.position, self.at = tx, request, variant, position, at

    def requester(self, kind: str, step: int | None, decision: str | None) -> None:
        requester = self.request["requester"]
        found = self.tx.query("SELECT active FROM rm_notice_users WHERE username = ?", (requester,))
        if not found or not found[0]["active"]:
            return
        self._write(requester, kind, step, None, self.at, decision)

    def arrival(
        self, number: int | None, role: str, due: datetime | None, ctx: Context, *, arrived: bool
    ) -> None:
        """The step `number` now active with `role`: told to its people (`arrived`), and their
        reminder and overdue notice when it has a due time."""
        if number is None or not self.variant.has_step(number):
            return
        step = self.variant.step(number)
        appointing = step.appointing_step(role)
        team = _team_of(self.tx, self.request["request_id"], appointing)
        people = step_recipients(self.variant, role=role, appointee=team,
                                 request_opd=self.request["opd"],
                                 holders=_team_holders(self.tx, role, team, self.at))  # fmt: skip
        for username in people:
            if arrived:
                self._write(username, "arrived", number, due, self.at)
            if due is not None:
                reminder = reminder_after(ctx.calendar, due, self.at)
                if reminder is not None:
                    self._write(username, "reminder", number, due, reminder)
                self._write(username, "overdue", number, due, overdue_at(ctx.calendar, due))

    def _write(self, username: str, kind: str, step: int | None, deadline: datetime | None, due: datetime,
               decision: str | None = None) -> None:  # fmt: skip
        name = self.variant.step(step).description if step is not None and self.variant.has_step(step) else ""
        request_id = self.request["request_id"]
        self.tx.insert("rm_notices", {
            "id": notice_id(self.position, username, kind), "position": self.position, "username": username,
            "kind": kind, "request_id": request_id, "title": self.request["title"],
            "letter_number": self.request["letter_number"], "step": step, "step_name": name,
            "deadline": ts(deadline), "link": f"/requests/{request_id}", "due_at": ts(due),
            "created_at": ts(self.at), "read_at": None, "cancelled": 0, "decision": decision,
        })  # fmt: skip


def _decision(event: Any) -> str | None:
    if isinstance(event, Request.RejectedForResources):
        return "rejected_for_resources"
    return getattr(event, "decision", None)


def _active(tx: BatchTx, request_id: str) -> tuple[int | None, str]:
    """The step the request waits at and its role."""
    found = tx.query("SELECT step, role FROM rm_notice_requests WHERE request_id = ?", (request_id,))
    return (found[0]["step"], found[0]["role"] or "") if found else (None, "")


def _holders(tx: BatchTx, role: str, appointee: str | None, at: datetime) -> list[Holder]:
    """The users holding `role` at `at`, and the appointee, with their roles in force then."""
    moment = ts(at)
    rows = tx.query(
        "SELECT u.username, u.opd, u.active, g.role FROM rm_notice_users u JOIN rm_notice_grants g"
        " ON g.username = u.username WHERE g.valid_from <= ? AND (g.valid_until IS NULL OR ? < g.valid_until)"
        " AND (g.revoked_at IS NULL OR ? < g.revoked_at) AND u.username IN"
        " (SELECT username FROM rm_notice_grants WHERE role = ? UNION SELECT ?)",
        (moment, moment, moment, role, appointee or ""),
    )
    found: dict[str, tuple[str | None, bool, set[str]]] = {}
    for row in rows:
        entry = found.setdefault(row["username"], (row["opd"], bool(row["active"]), set()))
        entry[2].add(row["role"])
    return [
        Holder(name, active, opd, frozenset(roles)) for name, (opd, active, roles) in sorted(found.items())
    ]


def _name_team(tx: BatchTx, request_id: str, step: int, team: Iterable[str]) -> None:
    """The people named at a step of a request (a team: one row each), replacing earlier ones."""
    tx.execute("DELETE FROM rm_notice_assignees WHERE request_id = ? AND step = ?", (request_id, step))
    for member in dict.fromkeys(team):
        tx.execute("INSERT INTO rm_notice_assignees (request_id, step, assignee) VALUES (?, ?, ?)",
                   (request_id, step, member))  # fmt: skip


def _handed_over(tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
    """A hand-over while the request waits at a step of that appointing step: the one handed
    over is no longer reminded; those it went to (or, the team left empty, the role's holders)
    are told it reached them, with their reminder and overdue notice."""
    request_id = uuid_text(event.originator_id)
    rows = tx.query("SELECT * FROM rm_notice_requests WHERE request_id = ?", (request_id,))
    if not rows or rows[0]["step"] is None:
        return
    request, number, role = rows[0], rows[0]["step"], rows[0]["role"] or ""
    variant = ctx.variant(request["variant_id"], request["variant_version"])
    if not variant.has_step(number) or variant.step(number).appointing_step(role) != event.step:
        return
    kinds = ", ".join(f"'{kind}'" for kind in sorted(TIMED))
    tx.execute(f"UPDATE rm_notices SET cancelled = 1 WHERE request_id = ? AND username = ?"
               f" AND cancelled = 0 AND kind IN ({kinds}) AND due_at > ?",
               (request_id, event.from_user, ts(event.at)))  # fmt: skip
    team = tuple(event.team)
    told = step_recipients(variant, role=role, appointee=team, request_opd=request["opd"],
                           holders=_team_holders(tx, role, team, event.at))  # fmt: skip
    new = [name for name in told if name in event.to] if event.team else list(told)
    write, due = _Writer(tx, request, variant, position, event.at), event.active_due
    for username in new:
        write._write(username, "arrived", number, due, event.at)
        if due is not None:
            reminder = reminder_after(ctx.calendar, due, event.at)
            if reminder is not None:
                write._write(username, "reminder", number, due, reminder)
            write._write(username, "overdue", number, due, overdue_at(ctx.calendar, due))


def _team_of(tx: BatchTx, request_id: str, appointing: int | None) -> tuple[str, ...]:
    if appointing is None:
        return ()
    rows = tx.query("SELECT assignee FROM rm_notice_assignees WHERE request_id = ? AND step = ?"
                    " ORDER BY assignee", (request_id, appointing))  # fmt: skip
    return tuple(str(row["assignee"]) for row in rows)


def _team_holders(tx: BatchTx, role: str, team: tuple[str, ...], at: datetime) -> list[Holder]:
    """The holders of `role` and every member of the team, with their roles in force at `at`."""
    found = {holder.username: holder for holder in _holders(tx, role, None, at)}
    for member in team:
        found.update((holder.username, holder) for holder in _holders(tx, "", member, at))
    return list(found.values())


def _username(tx: BatchTx, user_id: str) -> str | None:
    rows = tx.query("SELECT username FROM rm_notice_users WHERE user_id = ?", (user_id,))
    return str(rows[0]["username"]) if rows else None


# -- reading ------------------------------------------------------------------------------

SHOWN = "username = ? AND cancelled = 0 AND due_at <= ?"


def notices_for(tx: Tx, username: str, now: datetime, *, unread: bool = False, limit: int = 50,
                offset: int = 0) -> list[Notice]:  # fmt: skip
    """The user's notices told by `now`, newest first (`unread`: only those not yet read)."""
    extra = " AND read_at IS NULL" if unread else ""
    rows = tx.query(f"SELECT * FROM rm_notices WHERE {SHOWN}{extra} ORDER BY due_at DESC, id"
                    f" LIMIT {int(limit)} OFFSET {int(offset)}", (username, ts(now)))  # fmt: skip
    return [_notice(row) for row in rows]


def count_notices(tx: Tx, username: str, now: datetime, *, unread: bool = False) -> int:
    """How many notices the user has been told by `now` (`unread`: not yet read): one query."""
    extra = " AND read_at IS NULL" if unread else ""
    rows = tx.query(f"SELECT COUNT(*) AS n FROM rm_notices WHERE {SHOWN}{extra}", (username, ts(now)))
    return int(rows[0]["n"])


def notice(tx: Tx, username: str, notice_id: str, now: datetime) -> Notice | None:
    """One of the user's notices told by `now`, or None (another's is none)."""
    rows = tx.query(f"SELECT * FROM rm_notices WHERE id = ? AND {SHOWN}", (notice_id, username, ts(now)))
    return _notice(rows[0]) if rows else None


def pending(tx: Tx, username: str) -> list[Notice]:
    """Every notice of the user not cancelled, told or still to come (oldest first)."""
    rows = tx.query("SELECT * FROM rm_notices WHERE username = ? AND cancelled = 0 ORDER BY due_at, id",
                    (username,))  # fmt: skip
    return [_notice(row) for row in rows]


def _notice(row: dict[str, Any]) -> Notice:
    due, created = parse_ts(row["due_at"]), parse_ts(row["created_at"])
    assert due is not None and created is not None
    return Notice(id=row["id"], username=row["username"], kind=row["kind"], request_id=row["request_id"],
                  title=row["title"], letter_number=row["letter_number"], step=row["step"],
                  step_name=row["step_name"], deadline=parse_ts(row["deadline"]), link=row["link"],
                  due_at=due, created_at=created, read_at=parse_ts(row["read_at"]),
                  cancelled=bool(row["cancelled"]), decision=row["decision"],
                  author=row.get("author") or "")  # fmt: skip
