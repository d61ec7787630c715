"""Read model "requests": every permohonan with its status, active step, OPD and times, and
the steps it has taken (who, when, decision, note, documents): what a request page shows.

Overdue is not stored: it changes with the clock, not with an event, so the query compares the
active step's due time with the time it is asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.request import FileReturned, Pause, Request, StepTaken, TargetSet
from domain.request_view import RequestDetail
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, to_json, ts, uuid_text
from projections.listing import Columns, Sort, matching, order_by


@dataclass(frozen=True)
class RequestRow:
    id: str
    title: str
    purpose: str
    letter_number: str
    letter_date: str
    opd: str | None
    variant_id: str
    variant_version: int
    status: str
    active_step: int | None
    active_role: str | None
    active_since: datetime | None
    active_due: datetime | None
    overdue: bool
    submitted_by: str
    submitted_at: datetime
    finished_at: datetime | None
    version: int
    returned_at: datetime | None = None  # the file is with the requester since (clock stopped)
    missing: tuple[str, ...] = ()  # the Kelengkapan it was returned for


class RequestsProjection(Projection):
    name = "requests"
    version = 7  # 7: hand-overs (rm_request_handovers); a step's people as "a, b"
    tables = ("rm_requests", "rm_request_steps", "rm_request_targets", "rm_request_pauses", "rm_request_made",
              "rm_request_handovers")  # fmt: skip
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_requests ("
        " id TEXT PRIMARY KEY,"
        " title TEXT NOT NULL, purpose TEXT NOT NULL,"
        " letter_number TEXT NOT NULL, letter_date TEXT NOT NULL,"
        " opd TEXT, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " status TEXT NOT NULL, active_step INTEGER, active_role TEXT,"
        " active_since TEXT, active_due TEXT,"
        " submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL, finished_at TEXT,"
        " version INTEGER NOT NULL, returned_at TEXT, missing TEXT)",
        "CREATE INDEX IF NOT EXISTS rm_requests_status ON rm_requests (status, active_due)",
        "CREATE INDEX IF NOT EXISTS rm_requests_submitted ON rm_requests (submitted_at)",
        "CREATE TABLE IF NOT EXISTS rm_request_steps ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, event TEXT NOT NULL,"
        " actor TEXT NOT NULL, role TEXT NOT NULL, decision TEXT, note TEXT NOT NULL,"
        " outputs TEXT NOT NULL, assignee TEXT, started_at TEXT NOT NULL, ended_at TEXT NOT NULL,"
        " due_at TEXT, on_behalf_of TEXT, PRIMARY KEY (request_id, seq))",
        "CREATE TABLE IF NOT EXISTS rm_request_targets ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, actor TEXT NOT NULL,"
        " role TEXT NOT NULL, deadline TEXT NOT NULL, deadline_date TEXT, steps TEXT NOT NULL,"
        " at TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (request_id, seq))",
        # Hand-overs since each appointing step last named its people (Request.Reassigned).
        "CREATE TABLE IF NOT EXISTS rm_request_handovers ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, team TEXT NOT NULL,"
        " PRIMARY KEY (request_id, seq))",
        # "Berkas tidak lengkap": each return and, once it came, its resubmission.
        "CREATE TABLE IF NOT EXISTS rm_request_pauses ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, actor TEXT NOT NULL,"
        " role TEXT NOT NULL, on_behalf_of TEXT, missing TEXT NOT NULL, note TEXT NOT NULL,"
        " returned_at TEXT NOT NULL, resubmitted_by TEXT, resubmitted_at TEXT, resubmit_note TEXT,"
        " outputs TEXT, PRIMARY KEY (request_id, seq))",
        # The documents made from the request's events (domain/naskah.py), each once, sealed.
        "CREATE TABLE IF NOT EXISTS rm_request_made ("
        " request_id TEXT NOT NULL, taken INTEGER NOT NULL, kind TEXT NOT NULL, step INTEGER NOT NULL,"
        " name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, number TEXT NOT NULL,"
        " sealed_by TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,"
        " PRIMARY KEY (request_id, taken, kind))",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        request_id = uuid_text(event.originator_id)
        if isinstance(event, Request.Submitted):
            tx.insert("rm_requests", {
                "id": request_id, "title": event.title, "purpose": event.purpose,
                "letter_number": event.letter_number, "letter_date": event.letter_date, "opd": event.opd,
                "variant_id": event.variant_id, "variant_version": event.variant_version,
                "status": event.end or "in_progress", "active_step": event.next_step,
                "active_role": event.next_role,
                "active_since": ts(event.at) if event.next_step is not None else None,
                "active_due": ts(event.next_due_at), "submitted_by": event.actor,
                "submitted_at": ts(event.at),
                "finished_at": ts(event.at) if event.end else None, "version": event.originator_version,
                "returned_at": None, "missing": None,
            }, key=request_id)  # fmt: skip
            self._step(tx, event, request_id, ts(event.at), None)
            return
        if isinstance(event, (Request.StepEvent, Request.TargetRevised)) and event.deadline is not None:
            self._target(tx, event, request_id)
        if isinstance(event, Request.TargetRevised | Request.DueRecomputed):
            changes = {"active_due": ts(event.next_due_at), "version": event.originator_version}
        elif isinstance(event, Request.StepEvent):
            active = self._active(tx, request_id, ctx)
            self._step(tx, event, request_id, active["active_since"], active["active_due"])
            if event.assignees:  # named anew: earlier hand-overs at this step no longer count
                tx.execute("DELETE FROM rm_request_handovers WHERE request_id = ? AND step = ?",
                           (request_id, event.step))  # fmt: skip
            changes = {
                "active_step": event.next_step,
                "active_role": event.next_role,
                "active_since": ts(event.at) if event.next_step is not None else None,
                "active_due": ts(event.next_due_at),
                "finished_at": ts(event.at) if event.end else None,
                "version": event.originator_version,
            }
            if event.end:
                changes["status"] = event.end
        elif isinstance(event, Request.Returned):
            tx.insert("rm_request_pauses", {
                "request_id": request_id, "seq": event.originator_version, "step": event.step,
                "actor": event.actor, "role": event.role, "on_behalf_of": event.on_behalf_of,
                "missing": to_json(event.missing), "note": event.note, "returned_at": ts(event.at),
                "resubmitted_by": None, "resubmitted_at": None, "resubmit_note": None, "outputs": None,
            })  # fmt: skip
            # The step stays its role's, waiting on the requester meanwhile with no deadline running.
            changes = {"active_due": None,
                       "returned_at": ts(event.at), "missing": to_json(event.missing),
                       "version": event.originator_version}  # fmt: skip
        elif isinstance(event, Request.Resubmitted):
            tx.execute(
                "UPDATE rm_request_pauses SET resubmitted_by = ?, resubmitted_at = ?, resubmit_note = ?,"
                " outputs = ? WHERE request_id = ? AND resubmitted_at IS NULL",
                (event.actor, ts(event.at), event.note, to_json(event.outputs), request_id),
            )
            changes = {"active_due": ts(event.next_due_at), "returned_at": None, "missing": None,
                       "version": event.originator_version}  # fmt: skip
        elif isinstance(event, Request.DocumentMade):
            tx.insert("rm_request_made", {
                "request_id": request_id, "taken": event.taken, "kind": event.kind, "step": event.step,
                "name": event.document["name"], "sha256": event.document["sha256"],
                "size": event.document["size"], "number": event.number, "sealed_by": event.sealed_by,
                "actor": event.actor, "at": ts(event.at),
            })  # fmt: skip
            changes = {"version": event.originator_version}
        elif isinstance(event, Request.Reassigned):
            tx.insert("rm_request_handovers", {"request_id": request_id, "seq": event.originator_version,
                                               "step": event.step, "team": to_json(event.team)})  # fmt: skip
            changes = {"version": event.originator_version}
        elif isinstance(event, Request.Withdrawn):
            changes = {"status": "withdrawn", "active_step": None, "active_role": None,
                       "active_since": None, "active_due": None, "finished_at": ts(event.at),
                       "returned_at": None, "missing": None,
                       "version": event.originator_version}  # fmt: skip
        else:
            return
        held = tx.held("rm_requests", request_id)
        if held is not None:
            held.update(changes)
        else:
            tx.execute(f"UPDATE rm_requests SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
                       (*changes.values(), request_id))  # fmt: skip
            self._active(tx, request_id, ctx).update(changes)

    def _active(self, tx: BatchTx, request_id: str, ctx: Context) -> dict[str, Any]:
        """The request's active step as it stands before this event (its row, held or stored)."""
        held = tx.held("rm_requests", request_id)
        if held is not None:
            return held
        found: dict[str, Any] = ctx.remembered(("requests", request_id), lambda: _active(tx, request_id))
        return found

    def _target(self, tx: BatchTx, event: Any, request_id: str) -> None:
        """A target set at a step, or set anew with a reason (the history shows both)."""
        tx.insert("rm_request_targets", {
            "request_id": request_id, "seq": event.originator_version, "step": event.step,
            "actor": event.actor, "role": event.role, "deadline": ts(event.deadline),
            "deadline_date": event.deadline_date, "steps": to_json(event.deadline_for), "at": ts(event.at),
            "reason": event.note if isinstance(event, Request.TargetRevised) else "",
        })  # fmt: skip

    def _step(self, tx: BatchTx, event: Any, request_id: str,
              started: str | None, due: str | None) -> None:
        """One row per step taken, timed from when it became active (as the aggregate does)."""
        tx.insert("rm_request_steps", {
            "request_id": request_id, "seq": event.originator_version, "step": event.step,
            "event": type(event).__name__, "actor": event.actor, "role": event.role,
            "decision": event.decision, "note": event.note, "outputs": to_json(event.outputs),
            "assignee": ", ".join(event.assignees) or None, "on_behalf_of": event.on_behalf_of,
            "started_at": started, "ended_at": ts(event.at), "due_at": due,
        })  # fmt: skip


@dataclass(frozen=True)
class RequestFilter:
    """Which requests: each given filter must match."""

    status: str | None = None
    opd: str | None = None
    variant: str | None = None
    overdue: bool | None = None  # overdue at the moment asked
    request_id: str | None = None
    role: str | None = None  # the role the active step waits on
    search: str | None = None  # in the title, the letter number, the OPD's code or name


# The columns a request list may be sorted by (`?sort=`), each with its SQL.
SORTS: Columns = {
    "submitted": ("submitted_at",),
    "title": ("LOWER(title)",),
    "letter": ("LOWER(letter_number)",),
    "opd": ("opd",),
    "status": ("status",),
    "step": ("active_step",),
    "role": ("active_role",),
    "since": ("active_since",),  # how long the active step has waited: oldest first
    "due": ("active_due",),  # overdue first, those without a due time last
}
NEWEST = Sort("submitted", descending=True)


def list_requests(
    tx: Tx,
    *,
    now: datetime,
    where: RequestFilter = RequestFilter(),
    limit: int | None = None,
    offset: int = 0,
    sort: Sort = NEWEST,
) -> list[RequestRow]:
    """Requests matching the filter in the sort's order (newest submission first by default),
    a page of them if `limit`."""
    clause, params = _where(now, where)
    page = ""
    if limit is not None:
        page = " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    order = order_by(sort, SORTS, "id")
    rows = tx.query(f"SELECT * FROM rm_requests{clause}{order}{page}", params)
    return [_row(row, now) for row in rows]


def count_requests(tx: Tx, *, now: datetime, where: RequestFilter = RequestFilter()) -> int:
    """How many requests match the filter (the total beside a page)."""
    clause, params = _where(now, where)
    return int(tx.query(f"SELECT COUNT(*) AS n FROM rm_requests{clause}", params)[0]["n"])


def _where(now: datetime, where: RequestFilter) -> tuple[str, list[Any]]:
    found: list[str] = []
    params: list[Any] = []
    columns = (
        ("status", where.status),
        ("opd", where.opd),
        ("variant_id", where.variant),
        ("id", where.request_id),
        ("active_role", where.role),
    )
    for column, value in columns:
        if value is not None:
            found.append(f"{column} = ?")
            params.append(value)
    if where.overdue is not None:
        late = "(status = 'in_progress' AND active_due IS NOT NULL AND active_due < ?)"
        found.append(late if where.overdue else f"NOT {late}")
        params.append(ts(now))
    searched, patterns = matching(where.search, ("title", "letter_number", "opd"), opd_column="opd")
    if searched:
        found.append(searched)
        params += patterns
    return (f" WHERE {' AND '.join(found)}" if found else ""), params


def _active(tx: BatchTx, request_id: str) -> dict[str, Any]:
    rows = tx.query("SELECT active_since, active_due FROM rm_requests WHERE id = ?", (request_id,))
    return dict(rows[0]) if rows else {"active_since": None, "active_due": None}


def request_detail(tx: Tx, request_id: str) -> RequestDetail | None:
    """One request with every step it took, or None if the tenant has no such request."""
    rows = tx.query("SELECT * FROM rm_requests WHERE id = ?", (request_id,))
    if not rows:
        return None
    row = rows[0]
    steps = tx.query("SELECT * FROM rm_request_steps WHERE request_id = ? ORDER BY seq", (request_id,))
    targets = tx.query("SELECT * FROM rm_request_targets WHERE request_id = ? ORDER BY seq", (request_id,))
    pauses = tx.query("SELECT * FROM rm_request_pauses WHERE request_id = ? ORDER BY seq", (request_id,))
    made = tx.query("SELECT * FROM rm_request_made WHERE request_id = ? ORDER BY taken, kind", (request_id,))
    handed = tx.query("SELECT step, team FROM rm_request_handovers WHERE request_id = ? ORDER BY seq",
                      (request_id,))  # fmt: skip
    returns = [_returned(pause) for pause in pauses]
    open_return = next((r for r, p in zip(returns, pauses, strict=True) if p["resubmitted_at"] is None), None)
    return RequestDetail(**_fields(row), steps_taken=tuple(_taken(step) for step in steps),
                         targets=tuple(_target(target) for target in targets), returned=open_return,
                         pauses=tuple(_pause(r, p) for r, p in zip(returns, pauses, strict=True)
                                      if p["resubmitted_at"] is not None),
                         made=tuple(_made(row) for row in made),
                         handed={str(h["step"]): tuple(json.loads(h["team"])) for h in handed})  # fmt: skip


def _made(row: dict[str, Any]) -> dict[str, Any]:
    """A made document's record, as the aggregate keeps it."""
    record = {key: row[key] for key in ("name", "sha256", "size", "kind", "step", "taken", "number",
                                        "sealed_by", "actor")}  # fmt: skip
    return {**record, "content_type": "application/pdf", "at": parse_ts(row["at"])}


def _returned(row: dict[str, Any]) -> FileReturned:
    at = parse_ts(row["returned_at"])
    assert at is not None
    return FileReturned(step=row["step"], actor=row["actor"], role=row["role"],
                        missing=tuple(json.loads(row["missing"])), note=row["note"], at=at,
                        on_behalf_of=row["on_behalf_of"])  # fmt: skip


def _pause(returned: FileReturned, row: dict[str, Any]) -> Pause:
    at = parse_ts(row["resubmitted_at"])
    assert at is not None
    outputs = tuple(json.loads(row["outputs"] or "[]"))
    return Pause(returned=returned, resubmitted_by=row["resubmitted_by"], resubmitted_at=at,
                 note=row["resubmit_note"] or "", outputs=outputs)  # fmt: skip


def _target(row: dict[str, Any]) -> TargetSet:
    deadline, at = parse_ts(row["deadline"]), parse_ts(row["at"])
    assert deadline is not None and at is not None
    return TargetSet(step=row["step"], actor=row["actor"], role=row["role"], deadline=deadline,
                     deadline_date=row["deadline_date"], steps=tuple(json.loads(row["steps"])), at=at,
                     reason=row["reason"])  # fmt: skip


def _taken(row: dict[str, Any]) -> StepTaken:
    started, ended = parse_ts(row["started_at"]), parse_ts(row["ended_at"])
    assert started is not None and ended is not None
    return StepTaken(
        number=row["step"],
        event=row["event"],
        actor=row["actor"],
        role=row["role"],
        decision=row["decision"],
        note=row["note"],
        outputs=tuple(json.loads(row["outputs"])),
        started_at=started,
        ended_at=ended,
        due_at=parse_ts(row["due_at"]),
        assignees=tuple(name for name in (row["assignee"] or "").split(", ") if name),
        on_behalf_of=row["on_behalf_of"],
    )


def _row(row: dict[str, Any], now: datetime) -> RequestRow:
    fields = _fields(row)
    due = fields["active_due"]
    return RequestRow(**fields, overdue=row["status"] == "in_progress" and due is not None and now > due,
                      returned_at=parse_ts(row["returned_at"]),
                      missing=tuple(json.loads(row["missing"])) if row["missing"] else ())  # fmt: skip


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row's columns as a request's fields, times parsed (for a list row or a detail)."""
    times = ("active_since", "active_due", "submitted_at", "finished_at")
    parsed = {column: parse_ts(row[column]) for column in times}
    return {column: row[column] for column in PLAIN_COLUMNS} | parsed


PLAIN_COLUMNS = (
    "id", "title", "purpose", "letter_number", "letter_date", "opd", "variant_id", "variant_version",
    "status", "version", "submitted_by", "active_step", "active_role",
)  # fmt: skip


# What a tally of requests may be grouped by: the role the active step waits on, or the OPD.
TALLY_BY = {"role": ("active_role", "variant_id", "variant_version"), "opd": ("opd",)}


def tally_requests(tx: Tx, *, now: datetime, where: RequestFilter, by: str) -> list[dict[str, Any]]:
    """How many requests match the filter, and how many of them are overdue, per role or OPD."""
    columns = ", ".join(TALLY_BY[by])
    clause, params = _where(now, where)
    late = "SUM(CASE WHEN status = 'in_progress' AND active_due < ? THEN 1 ELSE 0 END)"
    rows = tx.query(
        f"SELECT {columns}, COUNT(*) AS n, {late} AS late FROM rm_requests{clause} GROUP BY {columns}",
        [ts(now), *params],
    )
    return [{**row, "n": int(row["n"]), "late": int(row["late"] or 0)} for row in rows]


def in_flight(tx: Tx, due_from: str) -> list[str]:
    """Requests in progress whose active step is due at or after `due_from` (stored time)."""
    rows = tx.query("SELECT id FROM rm_requests WHERE status = 'in_progress' AND active_due >= ? ORDER BY id",
                    (due_from,))  # fmt: skip
    return [row["id"] for row in rows]
