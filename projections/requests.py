"""Read model "requests": every permohonan with its status, active step, OPD and times.

Overdue is not stored: it changes with the clock, not with an event, so the query compares the
active step's due time with the time it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.request import Request
from projections.base import Context, Projection, Tx, parse_ts, ts


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
    version = 1
    tables = ("rm_requests",)
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
    )

    def apply(self, tx: Tx, event: Any, position: int, ctx: Context) -> None:
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


def list_requests(
    tx: Tx,
    *,
    now: datetime,
    status: str | None = None,
    opd: str | None = None,
    variant: str | None = None,
    overdue: bool | None = None,
    request_id: str | None = None,
) -> list[RequestRow]:
    """Requests matching every filter given, newest submission first."""
    where, params = [], []
    for column, value in (("status", status), ("opd", opd), ("variant_id", variant), ("id", request_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if overdue is not None:
        late = "(status = 'in_progress' AND active_due IS NOT NULL AND active_due < ?)"
        where.append(late if overdue else f"NOT {late}")
        params.append(ts(now))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = tx.query(f"SELECT * FROM rm_requests{clause} ORDER BY submitted_at DESC, id", params)
    return [_row(row, now) for row in rows]


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
