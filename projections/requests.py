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

from domain.request import Request, StepTaken
from domain.request_view import RequestDetail
from projections.base import Context, Projection, Tx, parse_ts, to_json, ts


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


class RequestsProjection(Projection):
    name = "requests"
    version = 2
    tables = ("rm_requests", "rm_request_steps")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_requests ("
        " id TEXT PRIMARY KEY,"
        " title TEXT NOT NULL, purpose TEXT NOT NULL,"
        " letter_number TEXT NOT NULL, letter_date TEXT NOT NULL,"
        " opd TEXT, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " status TEXT NOT NULL, active_step INTEGER, active_role TEXT,"
        " active_since TEXT, active_due TEXT,"
        " submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL, finished_at TEXT,"
        " version INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rm_requests_status ON rm_requests (status, active_due)",
        "CREATE INDEX IF NOT EXISTS rm_requests_submitted ON rm_requests (submitted_at)",
        "CREATE TABLE IF NOT EXISTS rm_request_steps ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, event TEXT NOT NULL,"
        " actor TEXT NOT NULL, role TEXT NOT NULL, decision TEXT, note TEXT NOT NULL,"
        " outputs TEXT NOT NULL, assignee TEXT, started_at TEXT NOT NULL, ended_at TEXT NOT NULL,"
        " due_at TEXT, PRIMARY KEY (request_id, seq))",
    )

    def apply(self, tx: Tx, event: Any, position: int, ctx: Context) -> None:
        if isinstance(event, Request.StepEvent):
            self._step(tx, event, ctx)
        if isinstance(event, Request.Submitted):
            tx.execute(
                "INSERT INTO rm_requests (id, title, purpose, letter_number, letter_date, opd,"
                " variant_id, variant_version, status, active_step, active_role, active_since,"
                " active_due, submitted_by, submitted_at, finished_at, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(event.originator_id),
                    event.title,
                    event.purpose,
                    event.letter_number,
                    event.letter_date,
                    event.opd,
                    event.variant_id,
                    event.variant_version,
                    event.end or "in_progress",
                    event.next_step,
                    event.next_role,
                    ts(event.at) if event.next_step is not None else None,
                    ts(event.next_due_at),
                    event.actor,
                    ts(event.at),
                    ts(event.at) if event.end else None,
                    event.originator_version,
                ),
            )
        elif isinstance(event, Request.StepEvent):
            tx.execute(
                "UPDATE rm_requests SET status = COALESCE(?, status), active_step = ?,"
                " active_role = ?, active_since = ?, active_due = ?, finished_at = ?, version = ?"
                " WHERE id = ?",
                (
                    event.end,
                    event.next_step,
                    event.next_role,
                    ts(event.at) if event.next_step is not None else None,
                    ts(event.next_due_at),
                    ts(event.at) if event.end else None,
                    event.originator_version,
                    str(event.originator_id),
                ),
            )
        elif isinstance(event, Request.Withdrawn):
            tx.execute(
                "UPDATE rm_requests SET status = 'withdrawn', active_step = NULL, active_role = NULL,"
                " active_since = NULL, active_due = NULL, finished_at = ?, version = ? WHERE id = ?",
                (ts(event.at), event.originator_version, str(event.originator_id)),
            )

    def _step(self, tx: Tx, event: Any, ctx: Context) -> None:
        """One row per step taken, timed from when it became active (as the aggregate does)."""
        request_id = str(event.originator_id)
        first = isinstance(event, Request.Submitted)
        if first:
            ctx.batch[("requests", request_id)] = {"since": None, "due": None}
        active = ctx.remembered(("requests", request_id), lambda: _active(tx, request_id))
        tx.execute(
            "INSERT INTO rm_request_steps (request_id, seq, step, event, actor, role, decision, note,"
            " outputs, assignee, started_at, ended_at, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (request_id, event.originator_version, event.step, type(event).__name__, event.actor, event.role,
             event.decision, event.note, to_json(event.outputs), event.assignee,
             ts(event.at) if first else active["since"], ts(event.at), None if first else active["due"]),
        )  # fmt: skip
        active.update(since=ts(event.at), due=ts(event.next_due_at))


@dataclass(frozen=True)
class RequestFilter:
    """Which requests: each given filter must match."""

    status: str | None = None
    opd: str | None = None
    variant: str | None = None
    overdue: bool | None = None  # overdue at the moment asked
    request_id: str | None = None


def list_requests(
    tx: Tx,
    *,
    now: datetime,
    where: RequestFilter = RequestFilter(),
    limit: int | None = None,
    offset: int = 0,
) -> list[RequestRow]:
    """Requests matching the filter, newest submission first (a page of them if `limit`)."""
    clause, params = _where(now, where)
    page = ""
    if limit is not None:
        page = " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    rows = tx.query(f"SELECT * FROM rm_requests{clause} ORDER BY submitted_at DESC, id{page}", params)
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
    )
    for column, value in columns:
        if value is not None:
            found.append(f"{column} = ?")
            params.append(value)
    if where.overdue is not None:
        late = "(status = 'in_progress' AND active_due IS NOT NULL AND active_due < ?)"
        found.append(late if where.overdue else f"NOT {late}")
        params.append(ts(now))
    return (f" WHERE {' AND '.join(found)}" if found else ""), params


def _active(tx: Tx, request_id: str) -> dict[str, Any]:
    row = tx.query("SELECT active_since, active_due FROM rm_requests WHERE id = ?", (request_id,))
    return (
        {"since": row[0]["active_since"], "due": row[0]["active_due"]}
        if row
        else {"since": None, "due": None}
    )


def request_detail(tx: Tx, request_id: str) -> RequestDetail | None:
    """One request with every step it took, or None if the tenant has no such request."""
    rows = tx.query("SELECT * FROM rm_requests WHERE id = ?", (request_id,))
    if not rows:
        return None
    row = rows[0]
    steps = tx.query("SELECT * FROM rm_request_steps WHERE request_id = ? ORDER BY seq", (request_id,))
    return RequestDetail(
        id=row["id"],
        title=row["title"],
        purpose=row["purpose"],
        letter_number=row["letter_number"],
        letter_date=row["letter_date"],
        opd=row["opd"],
        variant_id=row["variant_id"],
        variant_version=row["variant_version"],
        status=row["status"],
        version=row["version"],
        submitted_by=row["submitted_by"],
        submitted_at=parse_ts(row["submitted_at"]),
        finished_at=parse_ts(row["finished_at"]),
        active_step=row["active_step"],
        active_role=row["active_role"],
        active_since=parse_ts(row["active_since"]),
        active_due=parse_ts(row["active_due"]),
        steps_taken=tuple(_taken(step) for step in steps),
    )


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
        assignee=row["assignee"],
    )


def _row(row: dict[str, Any], now: datetime) -> RequestRow:
    due = parse_ts(row["active_due"])
    submitted = parse_ts(row["submitted_at"])
    assert submitted is not None
    return RequestRow(
        id=row["id"],
        title=row["title"],
        purpose=row["purpose"],
        letter_number=row["letter_number"],
        letter_date=row["letter_date"],
        opd=row["opd"],
        variant_id=row["variant_id"],
        variant_version=row["variant_version"],
        status=row["status"],
        active_step=row["active_step"],
        active_role=row["active_role"],
        active_since=parse_ts(row["active_since"]),
        active_due=due,
        overdue=row["status"] == "in_progress" and due is not None and now > due,
        submitted_by=row["submitted_by"],
        submitted_at=submitted,
        finished_at=parse_ts(row["finished_at"]),
        version=row["version"],
    )
