"""Read model "sla": target and realisation (target dan realisasi) of every step and request.

One row per step taken, with when it started (the previous step's end), when it ended, its
due time and its real duration in working days of the tenant's calendar; one row per request
with the total from submission to its end. The report aggregates these when asked.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.request import Request
from domain.sop import TimeStandardError, Variant, parse_time_standard
from domain.stalled import stalled_since
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, percentile, to_json, ts, uuid_text

UNITS = ("hari_kerja", "hari", "jam_kerja", "menit_kerja")


def unit_of(standard: str | None) -> tuple[str, float | None]:
    """The unit a step's realisation is measured in, and its target in that unit.

    Each step is compared in the unit its own standard is counted in (as `WorkingCalendar.due`
    counts it), never converted: "1 Hari Kerja" in working days, "60 hari" in calendar days
    ("2 minggu" as 14 hari, "1 bulan" as 30 hari), "1 jam" in office hours, "5 menit" in office
    minutes. Steps without a fixed standard (none, or a target set during the request) are
    measured in working days, with no target line.
    """
    if standard is None:
        return "hari_kerja", None
    try:
        parsed = parse_time_standard(standard, bounded=False)  # as stored, maybe before the bound
    except TimeStandardError:
        return "hari_kerja", None
    if parsed.amount is None:
        return "hari_kerja", None
    unit, factor = {"hari_kerja": ("hari_kerja", 1), "hari": ("hari", 1), "minggu": ("hari", 7),
                    "bulan": ("hari", 30), "jam": ("jam_kerja", 1), "menit": ("menit_kerja", 1)}[
        parsed.unit
    ]  # fmt: skip
    return unit, float(parsed.amount * factor)


def measure(calendar: WorkingCalendar, start: datetime, end: datetime, unit: str) -> float:
    """How long from `start` to `end`, in `unit` (one of UNITS)."""
    if unit == "hari":
        return max(0.0, (end - start).total_seconds() / 86400)
    if unit == "jam_kerja":
        return calendar.office_minutes_between(start, end) / 60
    if unit == "menit_kerja":
        return calendar.office_minutes_between(start, end)
    return calendar.working_days_between(start, end)


@dataclass(frozen=True)
class SlaStep:
    """Per variant version and step: how many, how many on time, realisation vs. target.

    `target`, `median` and `p90` are in `unit` (see `unit_of`). The median and p90 are of the
    steps done and of the steps still open past their deadline (their time so far: they take
    at least that long). `on_time_pct` counts those open overdue steps as late."""

    variant_id: str
    variant_version: int
    step: int
    description: str
    role: str
    role_name: str
    standard: str | None
    unit: str
    target: float | None
    count: int  # steps done
    with_target: int  # steps done that had a deadline
    late: int  # steps done after their deadline
    open_late: int  # steps open now, past their deadline
    on_time_pct: float | None
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class SlaMonth:
    """Per month (tenant time): the steps done in it, and the steps that were open and past
    their deadline at its end (or now, for this month), which count as late.

    A step overdue for three months counts against each of them, and against the month it is
    finally done in."""

    month: str
    on_time: int
    late_done: int
    open_late: int
    on_time_pct: float | None

    @property
    def with_target(self) -> int:
        return self.on_time + self.late_done + self.open_late

    @property
    def late(self) -> int:
        return self.late_done + self.open_late


@dataclass(frozen=True)
class SlaHeadline:
    """The office at a glance: open requests, how many are past the deadline of their step,
    and the share of this month's steps on time (open overdue steps counted as late)."""

    open: int
    overdue: int
    month: str
    on_time: int
    settled: int
    on_time_pct: float | None
    stalled: int = 0  # running steps with no deadline waiting past the tenant's threshold (macet)
    stalled_after: int | None = None  # that threshold, in working days


@dataclass(frozen=True)
class SlaRequest:
    request_id: str
    title: str
    variant_id: str
    variant_version: int
    status: str
    submitted_at: datetime
    finished_at: datetime | None
    total_days: float | None  # working days from submission to end (so far, if running): gross
    steps: int
    late_steps: int
    paused_days: float = 0.0  # working days its file was with the requester ("menunggu kelengkapan")

    @property
    def net_days(self) -> float | None:
        """The office's own time: gross less the time the file was with the requester."""
        return None if self.total_days is None else round(max(0.0, self.total_days - self.paused_days), 4)


@dataclass(frozen=True)
class SlaPause:
    """A file returned as incomplete, and resubmitted (or still with the requester)."""

    request_id: str
    title: str
    step: int
    returned_by: str
    returned_at: datetime
    missing: tuple[str, ...]
    note: str
    resubmitted_by: str | None
    resubmitted_at: datetime | None
    paused_days: float  # working days so far, if still with the requester


@dataclass(frozen=True)
class SlaReport:
    headline: SlaHeadline
    steps: list[SlaStep]
    months: list[SlaMonth]
    requests: list[SlaRequest]
    pauses: list[SlaPause] = field(default_factory=list)
    office_day_minutes: float = 510.0  # the tenant's office day: office time is shown in these days

    def late_steps(self) -> list[SlaStep]:
        return [row for row in self.steps if row.late or row.open_late]


class SlaProjection(Projection):
    name = "sla"
    version = 3
    tables = ("rm_sla_steps", "rm_sla_requests", "rm_sla_pauses")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_sla_steps ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL, step INTEGER NOT NULL,"
        " description TEXT NOT NULL, role TEXT NOT NULL, standard TEXT,"
        " started_at TEXT NOT NULL, ended_at TEXT NOT NULL, due_at TEXT, late INTEGER NOT NULL,"
        " working_days REAL NOT NULL, unit TEXT NOT NULL, realised REAL NOT NULL, month TEXT NOT NULL,"
        " paused_days REAL NOT NULL, PRIMARY KEY (request_id, seq))",
        "CREATE INDEX IF NOT EXISTS rm_sla_steps_step ON rm_sla_steps (variant_id, variant_version, step)",
        "CREATE TABLE IF NOT EXISTS rm_sla_requests ("
        " request_id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL, status TEXT NOT NULL,"
        " submitted_at TEXT NOT NULL, finished_at TEXT, total_days REAL,"
        " active_step INTEGER, active_role TEXT, active_since TEXT, active_due TEXT,"
        " steps INTEGER NOT NULL, late_steps INTEGER NOT NULL,"
        " pauses TEXT, paused_days REAL NOT NULL)",  # pauses: the active step's [from, until] so far
        "CREATE TABLE IF NOT EXISTS rm_sla_pauses ("
        " request_id TEXT NOT NULL, seq INTEGER NOT NULL, title TEXT NOT NULL, step INTEGER NOT NULL,"
        " returned_by TEXT NOT NULL, returned_at TEXT NOT NULL, missing TEXT NOT NULL, note TEXT NOT NULL,"
        " resubmitted_by TEXT, resubmitted_at TEXT, PRIMARY KEY (request_id, seq))",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        request_id = uuid_text(event.originator_id)
        if isinstance(event, Request.Submitted):
            tx.insert("rm_sla_requests", {
                "request_id": request_id, "title": event.title, "variant_id": event.variant_id,
                "variant_version": event.variant_version, "status": "in_progress",
                "submitted_at": ts(event.at), "finished_at": None, "total_days": None, "active_step": None,
                "active_role": None, "active_since": None, "active_due": None, "steps": 0, "late_steps": 0,
                "pauses": None, "paused_days": 0.0,
            }, key=request_id)  # fmt: skip
        if isinstance(event, Request.TargetRevised | Request.DueRecomputed):
            self._due(tx, request_id, ts(event.next_due_at), ctx)
        if isinstance(event, (Request.Returned, Request.Resubmitted)):
            self._pause(tx, event, ctx)
            return
        if not isinstance(event, (Request.StepEvent, Request.Withdrawn)):
            return
        held = tx.held("rm_sla_requests", request_id)
        row = held or ctx.remembered(("sla", request_id), lambda: _stored(tx, request_id))
        submitted = parse_ts(row["submitted_at"])
        assert submitted is not None
        late = 0
        if isinstance(event, Request.StepEvent):
            variant = ctx.variant(row["variant_id"], row["variant_version"])
            key = ("sla-step", variant.id, variant.version, event.step)
            description, standard, unit = ctx.remembered(key, lambda: _step_standard(variant, event.step))
            started = parse_ts(row["active_since"]) or event.at
            due = parse_ts(row["active_due"])
            late = int(due is not None and event.at > due)
            # The working-calendar sums, once: "hari kerja" steps realise in working days; the
            # pauses (the file with the requester) are left out of the office's own time.
            working_days = ctx.calendar.working_days_between(started, event.at)
            realised = working_days if unit == "hari_kerja" else measure(ctx.calendar, started, event.at,
                                                                         unit)  # fmt: skip
            spans = [(_at(a), _at(b)) for a, b in json.loads(row.get("pauses") or "[]")]
            paused_days = sum(ctx.calendar.working_days_between(a, b) for a, b in spans)
            paused = sum(measure(ctx.calendar, a, b, unit) for a, b in spans)
            tx.insert("rm_sla_steps", {
                "request_id": request_id, "seq": event.originator_version, "variant_id": row["variant_id"],
                "variant_version": row["variant_version"], "step": event.step,
                "description": description, "role": event.role,
                "standard": standard, "started_at": ts(started), "ended_at": ts(event.at), "due_at": ts(due),
                "late": late, "working_days": round(working_days, 4),
                "unit": unit, "paused_days": round(paused_days, 4),
                "realised": round(max(0.0, realised - paused), 4),
                "month": _month(event.at, ctx.calendar.timezone),
            })  # fmt: skip
            end = event.end
            next_since = ts(event.at) if event.next_step is not None else None
            next_due = ts(event.next_due_at)
            next_step, next_role = event.next_step, event.next_role
        else:
            end, next_since, next_due, next_step, next_role = "withdrawn", None, None, None, None
        changes = {
            "status": end or row["status"],
            "finished_at": ts(event.at) if end else None,
            "total_days": round(ctx.calendar.working_days_between(submitted, event.at), 4) if end else None,
            "active_step": next_step,
            "active_role": next_role,
            "active_since": next_since,
            "active_due": next_due,
            "steps": row["steps"] + int(isinstance(event, Request.StepEvent)),
            "late_steps": row["late_steps"] + late,
            "pauses": None,  # the next step starts with none
            "paused_days": row["paused_days"],
        }
        row.update(changes)
        if held is None:
            tx.execute(
                f"UPDATE rm_sla_requests SET {', '.join(f'{c} = ?' for c in changes)} WHERE request_id = ?",
                (*changes.values(), request_id),
            )


    def _pause(self, tx: BatchTx, event: Any, ctx: Context) -> None:
        """A return stops the active step's clock (no deadline while the file is with the
        requester); the resubmission restarts it, due anew, and the span is kept for the step's
        net time and the report's list of pauses."""
        request_id = str(event.originator_id)
        held = tx.held("rm_sla_requests", request_id)
        row = held or ctx.remembered(("sla", request_id), lambda: _stored(tx, request_id))
        spans = json.loads(row.get("pauses") or "[]")
        if isinstance(event, Request.Returned):
            spans.append([ts(event.at), None])
            changes = {"active_due": None, "pauses": to_json(spans)}
            tx.insert("rm_sla_pauses", {
                "request_id": request_id, "seq": event.originator_version, "title": row["title"],
                "step": event.step, "returned_by": event.actor, "returned_at": ts(event.at),
                "missing": to_json(event.missing), "note": event.note, "resubmitted_by": None,
                "resubmitted_at": None,
            })  # fmt: skip
        else:
            spans[-1][1] = ts(event.at)
            paused = ctx.calendar.working_days_between(event.paused_since, event.at)
            changes = {"active_due": ts(event.next_due_at), "pauses": to_json(spans),
                       "paused_days": round(row["paused_days"] + paused, 4)}  # fmt: skip
            tx.execute(
                "UPDATE rm_sla_pauses SET resubmitted_by = ?, resubmitted_at = ?"
                " WHERE request_id = ? AND resubmitted_at IS NULL",
                (event.actor, ts(event.at), request_id),
            )
        row.update(changes)
        if held is None:
            tx.execute(
                f"UPDATE rm_sla_requests SET {', '.join(f'{c} = ?' for c in changes)} WHERE request_id = ?",
                (*changes.values(), request_id),
            )

    def _due(self, tx: BatchTx, request_id: str, due: str | None, ctx: Context) -> None:
        """The active step's new due time (a target set anew): its lateness is judged by it."""
        held = tx.held("rm_sla_requests", request_id)
        row = held or ctx.remembered(("sla", request_id), lambda: _stored(tx, request_id))
        row["active_due"] = due
        if held is None:
            tx.execute("UPDATE rm_sla_requests SET active_due = ? WHERE request_id = ?", (due, request_id))


def _step_standard(variant: Variant, number: int) -> tuple[str, str | None, str]:
    """A step's description, its Waktu as printed and the unit it is realised in: the same for
    every request of the SOP version, so worked out once per batch, not once per step event."""
    step = variant.step(number)
    standard = step.time_standard.text if step.time_standard else None
    return step.description, standard, unit_of(standard)[0]


@lru_cache(maxsize=4096)
def _month(moment: datetime, timezone: str) -> str:
    """The tenant's month of a moment ("2026-03")."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


def _stored(tx: BatchTx, request_id: str) -> dict[str, Any]:
    return dict(tx.query("SELECT * FROM rm_sla_requests WHERE request_id = ?", (request_id,))[0])


def sla_report(
    tx: Tx,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    variant_of: Callable[[str, int], Variant],
    variant: str | None = None,
    stalled_after: int | None = None,
) -> SlaReport:
    """The SLA figures at `now`: running requests count their time up to `now`, and a step
    open past its deadline counts as late (per step, this month, and each month it was open
    past its deadline at the month's end). `variant_of(id, version)` gives an adopted SOP."""
    where, params = ("WHERE variant_id = ?", [variant]) if variant else ("", [])
    zone = ZoneInfo(calendar.timezone)
    order = "ORDER BY variant_id, variant_version, step, request_id, seq"
    done = tx.query(f"SELECT * FROM rm_sla_steps {where} {order}", params)
    request_rows = tx.query(
        f"SELECT * FROM rm_sla_requests {where} ORDER BY submitted_at, request_id", params
    )
    for row in request_rows:  # a step with no deadline past the tenant's threshold: due then (macet)
        row["stalled"] = False
        moment = _stalled_since(row, calendar, stalled_after)
        if moment is not None:
            row["active_due"], row["stalled"] = ts(moment), True
    open_late = [_open_step(row, now, calendar) for row in request_rows if _is_open_late(row, now)]
    groups: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for row in done:
        groups.setdefault((row["variant_id"], row["variant_version"], row["step"]), []).append(row)
    for row in open_late:
        groups.setdefault((row["variant_id"], row["variant_version"], row["step"]), []).append(row)
    steps = [_step_figures(variant_of(key[0], key[1]), rows) for key, rows in sorted(groups.items())]
    months = _months(done, request_rows, now, zone)
    this_month = now.astimezone(zone).strftime("%Y-%m")
    current = next((m for m in months if m.month == this_month), SlaMonth(this_month, 0, 0, 0, None))
    running = [row for row in request_rows if row["status"] == "in_progress"]
    late_now = [row for row in running if _is_open_late(row, now)]
    headline = SlaHeadline(
        open=len(running), overdue=sum(1 for row in late_now if not row["stalled"]), month=this_month,
        on_time=current.on_time, settled=current.with_target, on_time_pct=current.on_time_pct,
        stalled=sum(1 for row in late_now if row["stalled"]), stalled_after=stalled_after,
    )  # fmt: skip
    requests = [_request(row, now, calendar) for row in request_rows]
    pause_rows = tx.query(
        "SELECT p.* FROM rm_sla_pauses p JOIN rm_sla_requests r ON r.request_id = p.request_id"
        f" {where.replace('variant_id', 'r.variant_id')} ORDER BY p.returned_at, p.request_id, p.seq", params
    )
    pauses = [_paused(row, now, calendar) for row in pause_rows]
    return SlaReport(headline=headline, steps=steps, months=months, requests=requests, pauses=pauses,
                     office_day_minutes=calendar.office_day_minutes)


def _paused(row: dict[str, Any], now: datetime, calendar: WorkingCalendar) -> SlaPause:
    returned, resubmitted = _at(row["returned_at"]), parse_ts(row["resubmitted_at"])
    return SlaPause(
        request_id=row["request_id"], title=row["title"], step=row["step"], returned_by=row["returned_by"],
        returned_at=returned, missing=tuple(json.loads(row["missing"])), note=row["note"],
        resubmitted_by=row["resubmitted_by"], resubmitted_at=resubmitted,
        paused_days=round(calendar.working_days_between(returned, resubmitted or now), 4),
    )  # fmt: skip


def _stalled_since(row: dict[str, Any], calendar: WorkingCalendar, days: int | None) -> datetime | None:
    """When a running step with no deadline becomes macet (its completed pauses added); None
    with a deadline, while the file is with the requester, or with no threshold given."""
    if days is None or row["active_step"] is None or row["active_due"] is not None:
        return None
    spans = json.loads(row.get("pauses") or "[]")
    returned = bool(spans) and spans[-1][1] is None
    pauses = [(_at(a), _at(b)) for a, b in spans if b is not None]
    return stalled_since(calendar, parse_ts(row["active_since"]), None, days, pauses, returned)


def _is_open_late(row: dict[str, Any], now: datetime) -> bool:
    due = parse_ts(row["active_due"])
    return row["active_step"] is not None and due is not None and due < now


def _open_step(row: dict[str, Any], now: datetime, calendar: WorkingCalendar) -> dict[str, Any]:
    """An open overdue step as a row like the done ones (its time counted up to `now`)."""
    started = parse_ts(row["active_since"])
    assert started is not None
    spans = [(_at(a), _at(b)) for a, b in json.loads(row.get("pauses") or "[]")]  # its resubmitted pauses
    return {"variant_id": row["variant_id"], "variant_version": row["variant_version"],
            "step": row["active_step"], "role": row["active_role"], "started_at": row["active_since"],
            "due_at": row["active_due"], "open": True, "now": now, "calendar": calendar,
            "started": started, "spans": spans}  # fmt: skip


def _request(row: dict[str, Any], now: datetime, calendar: WorkingCalendar) -> SlaRequest:
    submitted = parse_ts(row["submitted_at"])
    assert submitted is not None
    total = row["total_days"]
    paused = row["paused_days"]
    if total is None:
        total = round(calendar.working_days_between(submitted, now), 4)
        spans = json.loads(row.get("pauses") or "[]")
        if spans and spans[-1][1] is None:  # with the requester now: that counts as paused so far
            paused += calendar.working_days_between(_at(spans[-1][0]), now)
    return SlaRequest(
        request_id=row["request_id"], title=row["title"], variant_id=row["variant_id"],
        variant_version=row["variant_version"], status=row["status"], submitted_at=submitted,
        finished_at=parse_ts(row["finished_at"]), total_days=total, steps=row["steps"],
        late_steps=row["late_steps"], paused_days=round(paused, 4),
    )  # fmt: skip


def _months(
    done: list[dict[str, Any]], request_rows: list[dict[str, Any]], now: datetime, zone: ZoneInfo
) -> list[SlaMonth]:
    """Every month from the first request's (tenant time) to the running one, in order, each
    with the steps done in it and the steps open past their deadline at its end (at `now` for
    the running month). A month with nothing to count is there with zeros (and no share), so
    every tenant's months read the same way, gaps included."""
    counts: dict[str, list[int]] = {}  # month -> [on time, late done, open late]
    spans: list[tuple[datetime, datetime | None]] = []  # (due, ended or None while open)
    for row in done:
        if row["due_at"] is None:
            continue
        counts.setdefault(row["month"], [0, 0, 0])[1 if row["late"] else 0] += 1
        if row["late"]:
            spans.append((_at(row["due_at"]), _at(row["ended_at"])))
    for row in request_rows:
        if _is_open_late(row, now):
            spans.append((_at(row["active_due"]), None))
    this_month = now.astimezone(zone).strftime("%Y-%m")
    for due, ended in spans:
        month = due.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while month.strftime("%Y-%m") <= this_month:
            following = (month + timedelta(days=32)).replace(day=1)
            month_end = min(following, now)
            if due < month_end and (ended is None or ended > month_end):
                counts.setdefault(month.strftime("%Y-%m"), [0, 0, 0])[2] += 1
            month = following
    firsts = [_at(row["submitted_at"]).astimezone(zone).strftime("%Y-%m") for row in request_rows[:1]]
    for key in _month_range(min([*firsts, *counts], default=None), max([this_month, *counts])):
        counts.setdefault(key, [0, 0, 0])
    return [SlaMonth(month, on, late, still, _pct(on, on + late + still))
            for month, (on, late, still) in sorted(counts.items())]  # fmt: skip


def _month_range(first: str | None, last: str) -> list[str]:
    """ "2026-11" to "2027-02": every month between, both included; none without a first."""
    if first is None:
        return []
    year, month = map(int, first.split("-"))
    months = []
    while (text := f"{year:04d}-{month:02d}") <= last:
        months.append(text)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _at(text: str) -> datetime:
    moment = parse_ts(text)
    assert moment is not None
    return moment


def _pct(on_time: int, total: int) -> float | None:
    return round(100.0 * on_time / total, 1) if total else None


def _step_figures(sop: Variant, rows: list[dict[str, Any]]) -> SlaStep:
    step = sop.step(rows[0]["step"])
    standard = step.time_standard.text if step.time_standard else None
    unit, target = unit_of(standard)
    closed = [row for row in rows if not row.get("open")]
    still = [row for row in rows if row.get("open")]
    durations = [row["realised"] for row in closed]
    durations += [measure(row["calendar"], row["started"], row["now"], unit)
                  - sum(measure(row["calendar"], a, b, unit) for a, b in row["spans"]) for row in still]
    with_target = [row for row in closed if row["due_at"] is not None]
    late = sum(row["late"] for row in with_target)
    return SlaStep(
        variant_id=sop.id, variant_version=sop.version, step=step.number, description=step.description,
        role=step.role, role_name=sop.role_name(step.role), standard=standard, unit=unit, target=target,
        count=len(closed), with_target=len(with_target), late=late, open_late=len(still),
        on_time_pct=_pct(len(with_target) - late, len(with_target) + len(still)),
        median=round(statistics.median(durations), 2) if durations else None,
        p90=round(p, 2) if (p := percentile(durations, 0.9)) is not None else None,
    )  # fmt: skip
