"""Read model "sla": target and realisation (target dan realisasi) of every step and request.

One row per step taken, with when it started (the previous step's end), when it ended, its
due time and its real duration in working days of the tenant's calendar; one row per request
with the total from submission to its end. The report aggregates these when asked.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.request import Request
from domain.sop import TimeStandardError, parse_time_standard
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, percentile, ts


@dataclass(frozen=True)
class SlaStep:
    """Per variant version and step: how many, how many on time, real durations vs. standard."""

    variant_id: str
    variant_version: int
    step: int
    description: str
    role: str
    standard: str | None
    standard_days: float | None  # the standard in working days, where it is given in them
    count: int
    with_target: int
    late: int
    on_time_pct: float | None
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class SlaMonth:
    """Per month (tenant time) in which steps ended: the same figures over all steps."""

    month: str
    count: int
    with_target: int
    late: int
    on_time_pct: float | None


@dataclass(frozen=True)
class SlaRequest:
    request_id: str
    title: str
    variant_id: str
    variant_version: int
    status: str
    submitted_at: datetime
    finished_at: datetime | None
    total_days: float | None  # working days from submission to end (so far, if running)
    steps: int
    late_steps: int


@dataclass(frozen=True)
class SlaReport:
    steps: list[SlaStep]
    months: list[SlaMonth]
    requests: list[SlaRequest]

    def late_steps(self) -> list[SlaStep]:
        return [row for row in self.steps if row.late]


class SlaProjection(Projection):
    name = "sla"
    version = 1
    tables = ("rm_sla_steps", "rm_sla_requests")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_sla_steps ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL, step INTEGER NOT NULL,"
        " description TEXT NOT NULL, role TEXT NOT NULL, standard TEXT,"
        " started_at TEXT NOT NULL, ended_at TEXT NOT NULL, due_at TEXT, late INTEGER NOT NULL,"
        " working_days REAL NOT NULL, month TEXT NOT NULL,"
        " PRIMARY KEY (request_id, seq))",
        "CREATE INDEX IF NOT EXISTS rm_sla_steps_step ON rm_sla_steps (variant_id, variant_version, step)",
        "CREATE TABLE IF NOT EXISTS rm_sla_requests ("
        " request_id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL, status TEXT NOT NULL,"
        " submitted_at TEXT NOT NULL, finished_at TEXT, total_days REAL,"
        " active_since TEXT, active_due TEXT, steps INTEGER NOT NULL, late_steps INTEGER NOT NULL)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        request_id = str(event.originator_id)
        if isinstance(event, Request.Submitted):
            tx.insert("rm_sla_requests", {
                "request_id": request_id, "title": event.title, "variant_id": event.variant_id,
                "variant_version": event.variant_version, "status": "in_progress",
                "submitted_at": ts(event.at), "finished_at": None, "total_days": None, "active_since": None,
                "active_due": None, "steps": 0, "late_steps": 0,
            }, key=request_id)  # fmt: skip
        if not isinstance(event, Request.StepEvent | Request.Withdrawn):
            return
        held = tx.held("rm_sla_requests", request_id)
        row = held or ctx.remembered(("sla", request_id), lambda: _stored(tx, request_id))
        submitted = parse_ts(row["submitted_at"])
        assert submitted is not None
        late = 0
        if isinstance(event, Request.StepEvent):
            variant = ctx.variant(row["variant_id"], row["variant_version"])
            step = variant.step(event.step)
            started = parse_ts(row["active_since"]) or event.at
            due = parse_ts(row["active_due"])
            late = int(due is not None and event.at > due)
            tx.insert("rm_sla_steps", {
                "request_id": request_id, "seq": event.originator_version, "variant_id": row["variant_id"],
                "variant_version": row["variant_version"], "step": event.step,
                "description": step.description, "role": event.role,
                "standard": step.time_standard.text if step.time_standard else None,
                "started_at": ts(started), "ended_at": ts(event.at), "due_at": ts(due), "late": late,
                "working_days": round(ctx.calendar.working_days_between(started, event.at), 4),
                "month": event.at.astimezone(ZoneInfo(ctx.calendar.timezone)).strftime("%Y-%m"),
            })  # fmt: skip
            end = event.end
            next_since = ts(event.at) if event.next_step is not None else None
            next_due = ts(event.next_due_at)
        else:
            end, next_since, next_due = "withdrawn", None, None
        changes = {
            "status": end or row["status"],
            "finished_at": ts(event.at) if end else None,
            "total_days": round(ctx.calendar.working_days_between(submitted, event.at), 4) if end else None,
            "active_since": next_since,
            "active_due": next_due,
            "steps": row["steps"] + int(isinstance(event, Request.StepEvent)),
            "late_steps": row["late_steps"] + late,
        }
        row.update(changes)
        if held is None:
            tx.execute(
                f"UPDATE rm_sla_requests SET {', '.join(f'{c} = ?' for c in changes)} WHERE request_id = ?",
                (*changes.values(), request_id),
            )


def _stored(tx: BatchTx, request_id: str) -> dict[str, Any]:
    return dict(tx.query("SELECT * FROM rm_sla_requests WHERE request_id = ?", (request_id,))[0])


def sla_report(tx: Tx, *, now: datetime, days_between: Any, variant: str | None = None) -> SlaReport:
    """The SLA figures; running requests count their time up to `now`."""
    where, params = ("WHERE variant_id = ?", [variant]) if variant else ("", [])
    groups: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    months: dict[str, list[dict[str, Any]]] = {}
    for row in tx.query(
        f"SELECT * FROM rm_sla_steps {where} ORDER BY variant_id, variant_version, step, request_id, seq",
        params,
    ):
        groups.setdefault((row["variant_id"], row["variant_version"], row["step"]), []).append(row)
        months.setdefault(row["month"], []).append(row)
    steps = [_step_figures(key, rows) for key, rows in sorted(groups.items())]
    month_rows = [
        SlaMonth(month, *_counts(rows)) for month, rows in sorted(months.items())
    ]
    requests = []
    for row in tx.query(f"SELECT * FROM rm_sla_requests {where} ORDER BY submitted_at, request_id", params):
        submitted = parse_ts(row["submitted_at"])
        assert submitted is not None
        total = row["total_days"]
        if total is None:
            total = round(days_between(submitted, now), 4)
        requests.append(
            SlaRequest(
                request_id=row["request_id"],
                title=row["title"],
                variant_id=row["variant_id"],
                variant_version=row["variant_version"],
                status=row["status"],
                submitted_at=submitted,
                finished_at=parse_ts(row["finished_at"]),
                total_days=total,
                steps=row["steps"],
                late_steps=row["late_steps"],
            )
        )
    return SlaReport(steps=steps, months=month_rows, requests=requests)


def _working_days(standard: str | None) -> float | None:
    if standard is None:
        return None
    try:
        parsed = parse_time_standard(standard)
    except TimeStandardError:
        return None
    return float(parsed.amount) if parsed.unit == "hari_kerja" and parsed.amount is not None else None


def _counts(rows: list[dict[str, Any]]) -> tuple[int, int, int, float | None]:
    with_target = [row for row in rows if row["due_at"] is not None]
    late = sum(row["late"] for row in with_target)
    pct = round(100.0 * (len(with_target) - late) / len(with_target), 1) if with_target else None
    return len(rows), len(with_target), late, pct


def _step_figures(key: tuple[str, int, int], rows: list[dict[str, Any]]) -> SlaStep:
    durations = [row["working_days"] for row in rows]
    count, with_target, late, pct = _counts(rows)
    last = rows[-1]
    return SlaStep(
        variant_id=key[0],
        variant_version=key[1],
        step=key[2],
        description=last["description"],
        role=last["role"],
        standard=last["standard"],
        standard_days=_working_days(last["standard"]),
        count=count,
        with_target=with_target,
        late=late,
        on_time_pct=pct,
        median_days=round(statistics.median(durations), 2) if durations else None,
        p90_days=round(p, 2) if (p := percentile(durations, 0.9)) is not None else None,
    )
