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
            _name_team(tx, ctx, uuid_text(event.originator_id), event.step, event.team)
            _handed_over(tx, event, position, ctx)
        if isinstance(event, USER_EVENTS):
            self._user(tx, event, ctx)
        elif isinstance(event, REQUEST_EVENTS):
            self._request(tx, event, position, ctx)
        elif isinstance(event, Discussion.Commented):
            self._comment(tx, event, position, ctx)

    # -- comments -------------------------------------------------------------------------

    def _comment(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        """The mentioned are told, and the requester of an official's comment (domain/comments.py)."""
        request = _request_row(tx, ctx, event.request_id)
        if request is None:
            return
        variant = ctx.variant(request["variant_id"], request["variant_version"])
        people = _People.of(tx, ctx)
        told = told_of_comment(author=event.actor, role=event.role, requester=request["requester"],
                               requester_role=variant.requester_role, mentions=event.mentions)  # fmt: skip
        for username, kind in sorted(told.items()):
            if not people.active(username):
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

    def _user(self, tx: BatchTx, event: Any, ctx: Context) -> None:
        user_id = uuid_text(event.originator_id)
        people = _People.of(tx, ctx)
        if isinstance(event, User.Registered):
            tx.execute("INSERT INTO rm_notice_users (user_id, username, opd, active) VALUES (?, ?, ?, 1)",
                       (user_id, event.username, event.opd))  # fmt: skip
            people.registered(user_id, event.username, event.opd)
            return
        username = people.username(user_id)
        if username is None:
            return
        if isinstance(event, User.RoleGranted):
            grant = {"seq": event.originator_version, "role": event.role, "valid_from": ts(event.valid_from),
                     "valid_until": ts(event.valid_until), "revoked_at": None}  # fmt: skip
            tx.execute(
                "INSERT INTO rm_notice_grants (username, seq, role, valid_from, valid_until)"
                " VALUES (?, ?, ?, ?, ?)",
                (username, grant["seq"], grant["role"], grant["valid_from"], grant["valid_until"]),
            )
            people.granted(username, grant)
        elif isinstance(event, User.RoleRevoked):
            tx.execute(
                "UPDATE rm_notice_grants SET revoked_at = ? WHERE username = ? AND role = ?"
                " AND revoked_at IS NULL AND (valid_until IS NULL OR ? < valid_until)",
                (ts(event.at), username, event.role, ts(event.at)),
            )
            people.revoked(username, event.role, ts(event.at) or "")
        elif isinstance(event, User.DetailsChanged):
            tx.execute("UPDATE rm_notice_users SET opd = ? WHERE user_id = ?", (event.opd, user_id))
            people.changed(username, opd=event.opd)
        elif isinstance(event, User.Deactivated | User.Reactivated):
            active = int(isinstance(event, User.Reactivated))
            tx.execute("UPDATE rm_notice_users SET active = ? WHERE user_id = ?", (active, user_id))
            people.changed(username, active=active)
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
            ctx.batch[("notices", "request", request_id)] = {
                "request_id": request_id, "title": event.title, "letter_number": event.letter_number,
                "opd": event.opd, "requester": event.actor, "variant_id": event.variant_id,
                "variant_version": event.variant_version, "step": None, "role": None,
                TIMED_UNTIL: None,  # no reminder nor overdue notice yet
            }  # fmt: skip
        request = _request_row(tx, ctx, request_id)
        if request is None:
            return
        variant = ctx.variant(request["variant_id"], request["variant_version"])
        at: datetime = event.at
        if isinstance(event, Request.StepEvent) and event.assignees:
            _name_team(tx, ctx, request_id, event.step, event.assignees)
        # Whatever moves the request on ends the reminders of the step it was at.
        _cancel(tx, request, at)
        write = _Writer(tx, ctx, request, variant, position, at)
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
            request["step"], request["role"] = number, role
            write.arrival(number, role or "", event.next_due_at, ctx, arrived=True)
        elif isinstance(event, Request.TargetRevised | Request.DueRecomputed):
            number, role = request["step"], request["role"] or ""
            if number is not None:
                write.arrival(number, role, event.next_due_at, ctx, arrived=False)


# In a request's row as the batch keeps it (never stored): no reminder or overdue notice of the
# request that is not cancelled falls due after this moment (None: there is none). Absent when
# the row was read from the table: unknown, so the next cancel asks the database.
TIMED_UNTIL = "timed_until"


def _cancel(tx: BatchTx, request: dict[str, Any], at: datetime) -> None:
    """The request's reminders and overdue notices not yet due at `at`, cancelled. Skipped when
    the batch knows there is none: the UPDATE would also write out every notice the batch holds
    back, one statement an event instead of one a batch."""
    moment = ts(at) or ""
    if TIMED_UNTIL in request and (request[TIMED_UNTIL] is None or request[TIMED_UNTIL] <= moment):
        return
    kinds = ", ".join(f"'{kind}'" for kind in sorted(TIMED))
    tx.execute(f"UPDATE rm_notices SET cancelled = 1 WHERE request_id = ? AND cancelled = 0"
               f" AND kind IN ({kinds}) AND due_at > ?", (request["request_id"], moment))  # fmt: skip
    request[TIMED_UNTIL] = moment  # what is left falls due by then


class _Writer:
    """The notices one event writes about one request."""

    def __init__(
        self, tx: BatchTx, ctx: Context, request: dict[str, Any], variant: Variant, position: int,
        at: datetime,
    ) -> None:  # fmt: skip
        self.tx, self.ctx, self.request, self.variant = tx, ctx, request, variant
        self.position, self.at = position, at

    def requester(self, kind: str, step: int | None, decision: str | None) -> None:
        requester = self.request["requester"]
        if not _People.of(self.tx, self.ctx).active(requester):
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
        team = _team_of(self.tx, self.ctx, self.request["request_id"], appointing)
        holders = _People.of(self.tx, self.ctx).team_holders(role, team, self.at)
        people = step_recipients(self.variant, role=role, appointee=team, request_opd=self.request["opd"],
                                 holders=holders)  # fmt: skip
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
        if kind in TIMED and TIMED_UNTIL in self.request:
            self.request[TIMED_UNTIL] = max(self.request[TIMED_UNTIL] or "", ts(due) or "")
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


def _request_row(tx: BatchTx, ctx: Context, request_id: str) -> dict[str, Any] | None:
    """The request's row, read once and then kept (and changed) in the batch."""

    def load() -> dict[str, Any] | None:
        found = tx.query("SELECT * FROM rm_notice_requests WHERE request_id = ?", (request_id,))
        return dict(found[0]) if found else None

    row: dict[str, Any] | None = ctx.remembered(("notices", "request", request_id), load)
    return row


GRANT_COLUMNS = ("seq", "role", "valid_from", "valid_until", "revoked_at")


class _People:
    """The users and grants of this read model as far as the batch has needed them, kept (and
    carried while nobody else writes them, `Context.batch`) and changed with the tables: who
    holds a role at a moment is then found without a query per event, which on PostgreSQL was a
    round trip each. What is not known yet is read as before: a role's holders with all their
    grants in one query, a user with theirs in another."""

    def __init__(self, tx: BatchTx) -> None:
        self.tx = tx  # the transaction of the save or batch at hand (set again by `of`)
        self.users: dict[str, dict[str, Any] | None] = {}  # username -> its row and "grants"
        self.by_id: dict[str, str | None] = {}  # user_id -> username
        self.roles: dict[str, set[str]] = {}  # role -> who has a grant of it, at any time

    @classmethod
    def of(cls, tx: BatchTx, ctx: Context) -> _People:
        people: _People = ctx.remembered(("notices", "people"), lambda: cls(tx))
        people.tx = tx
        return people

    # -- what the tables say ----------------------------------------------------------------

    def _learn(self, rows: list[Any], usernames: Iterable[str]) -> None:
        """Users and every grant of theirs from a join (grant columns None: a user with none)."""
        for name in usernames:
            self.users.setdefault(name, None)
        for row in rows:
            name = str(row["username"])
            user = self.users.get(name)
            if user is None:
                user = self.users[name] = {"user_id": row["user_id"], "username": name, "opd": row["opd"],
                                           "active": row["active"], "grants": []}  # fmt: skip
            self.by_id[str(row["user_id"])] = name
            if row["seq"] is not None and all(g["seq"] != row["seq"] for g in user["grants"]):
                user["grants"].append({column: row[column] for column in GRANT_COLUMNS})

    def _joined(self, where: str, params: tuple[Any, ...]) -> list[Any]:
        return self.tx.query(
            "SELECT u.user_id, u.username, u.opd, u.active, g.seq, g.role, g.valid_from, g.valid_until,"
            " g.revoked_at FROM rm_notice_users u LEFT JOIN rm_notice_grants g ON g.username = u.username"
            f" WHERE {where}", params)  # fmt: skip

    def user(self, username: str) -> dict[str, Any] | None:
        if username not in self.users:
            self._learn(self._joined("u.username = ?", (username,)), [username])
        return self.users[username]

    def username(self, user_id: str) -> str | None:
        if user_id not in self.by_id:
            rows = self._joined("u.user_id = ?", (user_id,))
            self._learn(rows, [])
            if not rows:
                self.by_id[user_id] = None
        return self.by_id[user_id]

    def holders_of(self, role: str) -> set[str]:
        if role not in self.roles:
            holding = "u.username IN (SELECT username FROM rm_notice_grants WHERE role = ?)"
            rows = self._joined(holding, (role,))
            self.roles[role] = {str(row["username"]) for row in rows}
            self._learn(rows, [])  # a user known already keeps what the batch made of them
        return self.roles[role]

    # -- what the events change (the tables are written by the caller) ------------------------

    def registered(self, user_id: str, username: str, opd: str | None) -> None:
        self.users[username] = {"user_id": user_id, "username": username, "opd": opd, "active": 1,
                                "grants": []}  # fmt: skip
        self.by_id[user_id] = username

    def granted(self, username: str, grant: dict[str, Any]) -> None:
        user = self.users.get(username)
        if user is not None:
            user["grants"].append(grant)
        elif username in self.users:  # known not to exist: the table is read again when asked
            del self.users[username]
        if grant["role"] in self.roles:
            self.roles[grant["role"]].add(username)

    def revoked(self, username: str, role: str, at: str) -> None:
        """As the table's UPDATE: the role's grants not yet revoked nor ended by `at`."""
        user = self.users.get(username)
        for grant in user["grants"] if user is not None else []:
            ended = grant["valid_until"] is not None and at >= grant["valid_until"]
            if grant["role"] == role and grant["revoked_at"] is None and not ended:
                grant["revoked_at"] = at

    def changed(self, username: str, **values: Any) -> None:
        user = self.users.get(username)
        if user is not None:
            user.update(values)

    # -- what the rules ask -----------------------------------------------------------------

    def active(self, username: str) -> bool:
        user = self.user(username)
        return user is not None and bool(user["active"])

    def holders(self, role: str, appointee: str | None, at: datetime) -> list[Holder]:
        """The users holding `role` at `at`, and the appointee, with their roles in force then."""
        moment = ts(at) or ""
        asked = set(self.holders_of(role)) if role else set()
        if appointee:
            asked.add(appointee)
        found = []
        for name in sorted(asked):
            user = self.user(name)
            if user is None:
                continue
            roles = frozenset(grant["role"] for grant in user["grants"] if _in_force(grant, moment))
            if roles:
                found.append(Holder(name, bool(user["active"]), user["opd"], roles))
        return found

    def team_holders(self, role: str, team: tuple[str, ...], at: datetime) -> list[Holder]:
        """The holders of `role` and every member of the team, with their roles in force at `at`."""
        found = {holder.username: holder for holder in self.holders(role, None, at)}
        for member in team:
            found.update((holder.username, holder) for holder in self.holders("", member, at))
        return list(found.values())


def _name_team(tx: BatchTx, ctx: Context, request_id: str, step: int, team: Iterable[str]) -> None:
    """The people named at a step of a request (a team: one row each), replacing earlier ones."""
    tx.execute("DELETE FROM rm_notice_assignees WHERE request_id = ? AND step = ?", (request_id, step))
    members = tuple(dict.fromkeys(team))
    for member in members:
        tx.execute("INSERT INTO rm_notice_assignees (request_id, step, assignee) VALUES (?, ?, ?)",
                   (request_id, step, member))  # fmt: skip
    ctx.batch[("notices", "team", request_id, step)] = tuple(sorted(members))


def _handed_over(tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
    """A hand-over while the request waits at a step of that appointing step: the one handed
    over is no longer reminded; those it went to (or, the team left empty, the role's holders)
    are told it reached them, with their reminder and overdue notice."""
    request_id = uuid_text(event.originator_id)
    request = _request_row(tx, ctx, request_id)
    if request is None or request["step"] is None:
        return
    number, role = request["step"], request["role"] or ""
    variant = ctx.variant(request["variant_id"], request["variant_version"])
    if not variant.has_step(number) or variant.step(number).appointing_step(role) != event.step:
        return
    kinds = ", ".join(f"'{kind}'" for kind in sorted(TIMED))
    tx.execute(f"UPDATE rm_notices SET cancelled = 1 WHERE request_id = ? AND username = ?"
               f" AND cancelled = 0 AND kind IN ({kinds}) AND due_at > ?",
               (request_id, event.from_user, ts(event.at)))  # fmt: skip
    team = tuple(event.team)
    told = step_recipients(variant, role=role, appointee=team, request_opd=request["opd"],
                           holders=_People.of(tx, ctx).team_holders(role, team, event.at))  # fmt: skip
    new = [name for name in told if name in event.to] if event.team else list(told)
    write, due = _Writer(tx, ctx, request, variant, position, event.at), event.active_due
    for username in new:
        write._write(username, "arrived", number, due, event.at)
        if due is not None:
            reminder = reminder_after(ctx.calendar, due, event.at)
            if reminder is not None:
                write._write(username, "reminder", number, due, reminder)
            write._write(username, "overdue", number, due, overdue_at(ctx.calendar, due))


def _in_force(grant: dict[str, Any], moment: str) -> bool:
    """As the holders' query had it: from its start, before its end and before its revocation."""
    return (
        grant["valid_from"] <= moment
        and (grant["valid_until"] is None or moment < grant["valid_until"])
        and (grant["revoked_at"] is None or moment < grant["revoked_at"])
    )


def _team_of(tx: BatchTx, ctx: Context, request_id: str, appointing: int | None) -> tuple[str, ...]:
    if appointing is None:
        return ()

    def load() -> tuple[str, ...]:
        rows = tx.query("SELECT assignee FROM rm_notice_assignees WHERE request_id = ? AND step = ?"
                        " ORDER BY assignee", (request_id, appointing))  # fmt: skip
        return tuple(str(row["assignee"]) for row in rows)

    team: tuple[str, ...] = ctx.remembered(("notices", "team", request_id, appointing), load)
    return team


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
