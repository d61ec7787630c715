"""Which running steps are macet (issue 19, `domain/stalled.py`), read from the requests read
model: a step with no deadline, not waiting on the requester, running longer than the tenant's
threshold in working days (its completed pauses added)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.calendar import WorkingCalendar
from domain.stalled import stalled_since
from projections.base import Tx, parse_ts


def pauses_of(tx: Tx, request_ids: Iterable[str]) -> dict[str, list[tuple[datetime, datetime]]]:
    """Each request's completed pauses (returned, resubmitted), in order."""
    ids = sorted(set(request_ids))
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    found: dict[str, list[tuple[datetime, datetime]]] = {}
    rows = tx.query(f"SELECT request_id, returned_at, resubmitted_at FROM rm_request_pauses WHERE"
                    f" request_id IN ({marks}) AND resubmitted_at IS NOT NULL ORDER BY request_id, seq", ids)
    for row in rows:
        returned, resubmitted = parse_ts(row["returned_at"]), parse_ts(row["resubmitted_at"])
        if returned is not None and resubmitted is not None:
            found.setdefault(row["request_id"], []).append((returned, resubmitted))
    return found


def since_of(
    calendar: WorkingCalendar, active_since: datetime | None, due: datetime | None, returned: bool,
    pauses: list[tuple[datetime, datetime]], days: int,
) -> datetime | None:  # fmt: skip
    """When the step became (or becomes) macet; None where it cannot (it has a deadline, or
    waits on the requester)."""
    if active_since is None:
        return None
    spans = [(a, b) for a, b in pauses if a >= active_since]
    return stalled_since(calendar, active_since, due, days, spans, returned)


def stalled_count(tx: Tx, calendar: WorkingCalendar, now: datetime, days: int) -> int:
    """How many running steps are macet now (every open request with no deadline running)."""
    rows = tx.query("SELECT id, active_since FROM rm_requests WHERE status = 'in_progress' AND active_step"
                    " IS NOT NULL AND active_due IS NULL AND returned_at IS NULL")  # fmt: skip
    pauses = pauses_of(tx, [row["id"] for row in rows])
    count = 0
    for row in rows:
        spans = pauses.get(row["id"], [])
        moment = since_of(calendar, parse_ts(row["active_since"]), None, False, spans, days)
        count += moment is not None and now >= moment
    return count
