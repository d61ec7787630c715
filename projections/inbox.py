"""Read model "inbox": for each user, the requests whose active step is theirs.

The table holds one row per request that waits on someone: its active step, the role that
does it, the due time, and the people assigned on the request. Whose it is gets decided when
asked, because who holds a role changes with time (an acting official's grant lapses with no
event) and overdue changes with the clock:
- a step is in the inbox of every user holding its role at that moment;
- where the SOP gives the step to the person appointed at an earlier step (`appointee_of`: the
  PIC, the system analyst, the development team) and that person is an active user, it is in
  their inbox only, whatever their own roles (other holders of the role may still act, on
  their behalf, from the request's page), while they hold one of the SOP's workflow roles:
  an appointee left with none (deactivated, or only `auditor`) leaves it to the role's holders;
- a step of the requester role (whatever the SOP calls it) is only for users of the request's
  own OPD.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.appointees import Appointment
from domain.request import Request
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, to_json, ts, uuid_text
from projections.listing import Columns, Sort, matching, order_by
from projections.people import in_force, workflow_role


@dataclass(frozen=True)
class InboxItem:
    request_id: str
    title: str
    opd: str | None
    variant_id: str
    variant_version: int
    step: int
    description: str
    role: str
    role_name: str
    started_at: datetime
    due_at: datetime | None
    overdue: bool
    assignees: tuple[str, ...]
    letter_number: str = ""
    returned_at: datetime | None = None  # "menunggu kelengkapan": with the requester since
    missing: tuple[str, ...] = ()  # the Kelengkapan the requester is asked for
    # Filled in by the query handler from the SOP and the tenant's calendar:
    time_standard: str | None = None  # the step's Waktu as printed; None: the SOP gives none
    waiting_days: float | None = None  # working days since the step became active
    remaining_days: float | None = None  # working days to the due time; negative: overdue by
    stalled: bool = False  # "macet": no deadline, and waiting longer than the tenant allows


# The columns an inbox may be sorted by (`?sort=`); by default overdue first, then by due time.
SORTS: Columns = {
    "due": ("i.due_at",),
    "since": ("i.started_at",),
    "title": ("LOWER(i.title)",),
    "letter": ("LOWER(i.letter_number)",),
    "opd": ("i.opd",),
    "step": ("i.step",),
}
URGENT = Sort("due")


class InboxProjection(Projection):
    name = "inbox"
    version = 5  # 5: a step names a team, one row per member
    tables = ("rm_inbox", "rm_inbox_assignees")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_inbox ("
        " request_id TEXT PRIMARY KEY, title TEXT NOT NULL, letter_number TEXT NOT NULL, opd TEXT,"
        " requester_role TEXT NOT NULL,"
        " variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " step INTEGER, description TEXT, role TEXT, role_name TEXT,"
        " started_at TEXT, due_at TEXT, appointee_step INTEGER, returned_at TEXT, missing TEXT)",
        "CREATE INDEX IF NOT EXISTS rm_inbox_role ON rm_inbox (role, due_at)",
        "CREATE TABLE IF NOT EXISTS rm_inbox_assignees ("
        " request_id TEXT NOT NULL, assignee TEXT NOT NULL, step INTEGER NOT NULL,"
        " PRIMARY KEY (request_id, step, assignee))",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        if isinstance(event, Request.TargetRevised | Request.DueRecomputed):
            self._due(tx, uuid_text(event.originator_id), ts(event.next_due_at))
        if isinstance(event, (Request.Returned, Request.Resubmitted)):
            self._returned(tx, event, ctx)
        if isinstance(event, Request.Reassigned):  # a hand-over: the step's people from now on
            self._assign(tx, uuid_text(event.originator_id), event.team, event.step, new=False)
        if not isinstance(event, (Request.StepEvent, Request.Withdrawn)):
            return
        request_id = uuid_text(event.originator_id)
        if isinstance(event, Request.Submitted):
            variant = ctx.variant(event.variant_id, event.variant_version)
            tx.insert("rm_inbox", {
                "request_id": request_id, "title": event.title, "letter_number": event.letter_number,
                "opd": event.opd,
                "requester_role": variant.requester_role, "variant_id": event.variant_id,
                "variant_version": event.variant_version, "step": None, "description": None, "role": None,
                "role_name": None, "started_at": None, "due_at": None, "appointee_step": None,
                "returned_at": None, "missing": None,
            }, key=request_id)  # fmt: skip
        held = tx.held("rm_inbox", request_id)
        if isinstance(event, Request.Withdrawn) or event.next_step is None:
            if held is not None:  # submitted and finished within this batch: never written
                tx.drop("rm_inbox", lambda key: key == request_id)
                tx.drop("rm_inbox_assignees", lambda key: key[0] == request_id)
            else:
                tx.execute("DELETE FROM rm_inbox WHERE request_id = ?", (request_id,))
                tx.execute("DELETE FROM rm_inbox_assignees WHERE request_id = ?", (request_id,))
            return
        if event.assignees:
            self._assign(tx, request_id, event.assignees, event.step, new=held is not None)
        key = (held["variant_id"], held["variant_version"]) if held is not None else ctx.remembered(
            ("inbox-sop", request_id), lambda: _variant_key(tx, request_id)
        )  # fmt: skip
        variant = ctx.variant(*key)
        step = variant.step(event.next_step)
        changes = {
            "step": event.next_step,
            "description": step.description,
            "role": event.next_role,
            "role_name": variant.role_name(event.next_role or ""),
            "started_at": ts(event.at),
            "due_at": ts(event.next_due_at),
            # The step the SOP names the appointee at, for the role that performs it here.
            "appointee_step": step.appointing_step(event.next_role or ""),
        }
        if held is not None:
            held.update(changes)
        else:
            tx.execute(
                "UPDATE rm_inbox SET step = ?, description = ?, role = ?, role_name = ?, started_at = ?,"
                " due_at = ?, appointee_step = ? WHERE request_id = ?",
                (*changes.values(), request_id),
            )

    def _returned(self, tx: BatchTx, event: Any, ctx: Context) -> None:
        """A returned file waits in the requesting OPD's inbox with what is missing, no clock
        running; resubmitted, the step is back with its role (or appointee), due anew."""
        request_id = str(event.originator_id)
        held = tx.held("rm_inbox", request_id)
        row = held or tx.query("SELECT * FROM rm_inbox WHERE request_id = ?", (request_id,))[0]
        variant = ctx.variant(row["variant_id"], row["variant_version"])
        if isinstance(event, Request.Returned):
            changes = {"role": variant.requester_role, "role_name": variant.role_name(variant.requester_role),
                       "due_at": None, "appointee_step": None, "returned_at": ts(event.at),
                       "missing": to_json(event.missing)}  # fmt: skip
        else:
            role = event.next_role or ""
            changes = {"role": role, "role_name": variant.role_name(role), "due_at": ts(event.next_due_at),
                       "appointee_step": variant.step(event.step).appointing_step(role), "returned_at": None,
                       "missing": None}  # fmt: skip
        if held is not None:
            held.update(changes)
        else:
            tx.execute(f"UPDATE rm_inbox SET {', '.join(f'{c} = ?' for c in changes)} WHERE request_id = ?",
                       (*changes.values(), request_id))  # fmt: skip

    def _due(self, tx: BatchTx, request_id: str, due: str | None) -> None:
        """The active step's new due time (a target set anew)."""
        held = tx.held("rm_inbox", request_id)
        if held is not None:
            held["due_at"] = due
        else:
            tx.execute("UPDATE rm_inbox SET due_at = ? WHERE request_id = ?", (due, request_id))

    def _assign(self, tx: BatchTx, request_id: str, assignees: Iterable[str], step: int, new: bool) -> None:
        """The people named on the request at a step, one row each (a step done again, or a
        hand-over, names anew)."""
        tx.drop("rm_inbox_assignees", lambda key: key[:2] == (request_id, step))
        if not new:  # the request's rows are stored: an earlier naming at this step may be
            tx.execute("DELETE FROM rm_inbox_assignees WHERE request_id = ? AND step = ?", (request_id, step))
        for assignee in dict.fromkeys(assignees):
            row = {"request_id": request_id, "assignee": assignee, "step": step}
            tx.insert("rm_inbox_assignees", row, key=(request_id, step, assignee))


def appointments_of(tx: Tx, username: str) -> list[Appointment]:
    """The requests in progress on which `username` is named at an appointing step."""
    rows = tx.query(
        "SELECT i.request_id, i.title, i.letter_number, i.variant_id, i.variant_version, i.step,"
        " a.step AS named FROM rm_inbox i JOIN rm_inbox_assignees a ON a.request_id = i.request_id"
        " WHERE a.assignee = ? AND i.step IS NOT NULL ORDER BY i.letter_number, i.request_id, a.step",
        (username,),
    )
    return [Appointment(str(r["request_id"]), r["title"], r["letter_number"], r["variant_id"],
                        int(r["variant_version"]), int(r["step"]), int(r["named"]))
            for r in rows]  # fmt: skip


def _variant_key(tx: BatchTx, request_id: str) -> tuple[str, int]:
    row = tx.query("SELECT variant_id, variant_version FROM rm_inbox WHERE request_id = ?", (request_id,))[0]
    return row["variant_id"], row["variant_version"]


def inbox_for(
    tx: Tx,
    *,
    username: str,
    roles: Iterable[str],
    opd: str | None,
    now: datetime,
    limit: int | None = None,
    offset: int = 0,
    request_id: str | None = None,
    search: str | None = None,
    sort: Sort = URGENT,
) -> list[InboxItem]:
    """The user's active steps in the sort's order; by default overdue first, then by due time,
    those without one last, oldest first.

    The rules are one query (so a page of a long inbox costs a page): a step the SOP gives to an
    appointee who is an active user now (people read model) is that person's only; any other
    step is the user's when its role is one they hold and, for a step of the requester role,
    the request is their own OPD's.
    """
    where, params = _mine(username, roles, opd, now, request_id, search)
    page, tail = "", []
    if limit is not None:
        page, tail = " LIMIT ? OFFSET ?", [limit, offset]
    order = order_by(sort, SORTS, "i.started_at, i.request_id")
    rows = tx.query(f"SELECT i.* FROM rm_inbox i WHERE {where}{order}{page}", [*params, *tail])
    assignees = _assignees(tx, [row["request_id"] for row in rows])
    return [_item(row, assignees.get(row["request_id"], ()), now) for row in rows]


def count_inbox(
    tx: Tx,
    *,
    username: str,
    roles: Iterable[str],
    opd: str | None,
    now: datetime,
    request_id: str | None = None,
    search: str | None = None,
) -> int:
    where, params = _mine(username, roles, opd, now, request_id, search)
    return int(tx.query(f"SELECT COUNT(*) AS n FROM rm_inbox i WHERE {where}", params)[0]["n"])


def _mine(
    username: str,
    roles: Iterable[str],
    opd: str | None,
    now: datetime,
    request_id: str | None,
    search: str | None = None,
) -> tuple[str, list[Any]]:
    held = sorted(set(roles))
    one = " AND i.request_id = ?" if request_id is not None else ""
    marks = ", ".join("?" for _ in held) or "NULL"  # no role: only what they are appointed to
    moment = ts(now)
    appointed = (
        "SELECT 1 FROM rm_inbox_assignees a JOIN rm_grants g ON g.username = a.assignee"
        f" WHERE a.request_id = i.request_id AND a.step = i.appointee_step AND {in_force('g')}"
        f" AND {workflow_role('g', 'i.requester_role')}"
    )
    where = (
        f"i.step IS NOT NULL AND (EXISTS ({appointed} AND a.assignee = ?)"
        f" OR (i.role IN ({marks}) AND NOT EXISTS ({appointed})"
        " AND NOT (i.role = i.requester_role AND (CAST(? AS TEXT) IS NULL OR i.opd IS NULL OR i.opd <> ?))))"
        f"{one}"
    )
    params = [moment, moment, moment, username, *held, moment, moment, moment, opd, opd,
              *([request_id] if one else [])]  # fmt: skip
    searched, patterns = matching(search, ("i.title", "i.letter_number", "i.opd"), opd_column="i.opd")
    if searched:
        where, params = f"{where} AND {searched}", [*params, *patterns]
    return where, params


def _assignees(tx: Tx, request_ids: list[str]) -> dict[str, tuple[str, ...]]:
    if not request_ids:
        return {}
    marks = ", ".join("?" for _ in request_ids)
    found: dict[str, list[str]] = {}
    for row in tx.query(
        f"SELECT DISTINCT request_id, assignee FROM rm_inbox_assignees WHERE request_id IN ({marks})"
        " ORDER BY request_id, assignee",
        request_ids,
    ):
        found.setdefault(row["request_id"], []).append(row["assignee"])
    return {key: tuple(value) for key, value in found.items()}


def _item(row: dict[str, Any], assignees: tuple[str, ...], now: datetime) -> InboxItem:
    due = parse_ts(row["due_at"])
    started = parse_ts(row["started_at"])
    assert started is not None
    return InboxItem(
        request_id=row["request_id"],
        title=row["title"],
        opd=row["opd"],
        variant_id=row["variant_id"],
        variant_version=row["variant_version"],
        step=row["step"],
        description=row["description"],
        role=row["role"],
        role_name=row["role_name"],
        started_at=started,
        due_at=due,
        overdue=due is not None and now > due,
        assignees=assignees,
        letter_number=row["letter_number"],
        returned_at=parse_ts(row["returned_at"]),
        missing=tuple(json.loads(row["missing"])) if row["missing"] else (),
    )
