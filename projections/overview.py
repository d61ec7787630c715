"""The office overview: every open request, where it waits, who holds it, for how long.

Answered from the read models ("requests" for the active step, "inbox" for who was named on
the request, "people" for who holds a role now), a page at a time. Who holds a step is decided
as the inbox decides it: the person named on the request for that role where one still holds
it (the PIC, the system analyst), else everyone holding the role now; a step of the requesting
OPD is held by that OPD's users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.calendar import WorkingCalendar
from domain.sop import Variant
from projections.base import Tx, ts
from projections.people import in_force, workflow_role
from projections.requests import RequestRow


@dataclass(frozen=True)
class Holder:
    """Someone holding an open step: named on the request for it, or holding its role now."""

    username: str
    full_name: str
    assigned: bool = False


@dataclass(frozen=True)
class OfficeItem:
    """One open request as the overview shows it."""

    request_id: str
    title: str
    letter_number: str
    opd: str | None
    variant_id: str
    variant_version: int
    step: int
    description: str
    role: str
    role_name: str
    since: datetime
    due_at: datetime | None
    overdue: bool
    time_standard: str | None  # the step's Waktu as printed; None: the SOP gives none
    holders: tuple[Holder, ...]
    waiting_days: float  # working days since the step became active
    remaining_days: float | None  # working days to the due time; negative: overdue by that many
    stalled: bool = False  # "macet": no deadline, and waiting longer than the tenant allows


@dataclass(frozen=True)
class Tally:
    """Open requests of one role or one OPD, and how many of them are overdue."""

    key: str | None  # the role id, or the OPD's code (None: requests without an OPD)
    name: str
    open: int
    overdue: int


def remaining_days(calendar: WorkingCalendar, now: datetime, due: datetime | None) -> float | None:
    """Working days left until `due` (negative once it has passed); None without a due time."""
    if due is None:
        return None
    if now <= due:
        return round(calendar.working_days_between(now, due), 2)
    return -round(calendar.working_days_between(due, now), 2)


def office_items(
    rows: Iterable[RequestRow],
    variant: Callable[[str, int], Variant],
    holders: dict[str, tuple[Holder, ...]],
    calendar: WorkingCalendar,
    now: datetime,
    stalled: Callable[[RequestRow], bool] = lambda row: False,
) -> list[OfficeItem]:
    """Open requests' rows as overview items, in the words of each request's own SOP version."""
    items = []
    for row in rows:
        if row.active_step is None or row.active_since is None:
            continue
        sop = variant(row.variant_id, row.variant_version)
        step = sop.step(row.active_step)
        role = row.active_role or step.role
        items.append(
            OfficeItem(
                request_id=row.id, title=row.title, letter_number=row.letter_number, opd=row.opd,
                variant_id=row.variant_id, variant_version=row.variant_version, step=step.number,
                description=step.description, role=role, role_name=sop.role_name(role),
                since=row.active_since, due_at=row.active_due, overdue=row.overdue,
                time_standard=step.time_standard.text if step.time_standard else None,
                holders=holders.get(row.id, ()),
                waiting_days=round(calendar.working_days_between(row.active_since, now), 2),
                remaining_days=remaining_days(calendar, now, row.active_due), stalled=stalled(row),
            )
        )  # fmt: skip
    return items


def holders_of(
    tx: Tx, rows: list[RequestRow], now: datetime, requester_roles: set[str]
) -> dict[str, tuple[Holder, ...]]:
    """Who holds each request's active step now (two queries for the whole page)."""
    open_rows = [row for row in rows if row.active_role]
    if not open_rows:
        return {}
    moment = ts(now)
    ids = [row.id for row in open_rows]
    named: dict[str, list[Holder]] = {}
    for found in tx.query(  # the active step's appointee (where the SOP names one) holding a workflow role
        "SELECT DISTINCT a.request_id, a.assignee, u.full_name FROM rm_inbox i"
        " JOIN rm_inbox_assignees a ON a.request_id = i.request_id AND a.step = i.appointee_step"
        " LEFT JOIN rm_users u ON u.username = a.assignee"
        f" WHERE i.request_id IN ({', '.join('?' for _ in ids)}) AND EXISTS (SELECT 1 FROM rm_grants g"
        f" WHERE g.username = a.assignee AND {in_force('g')} AND {workflow_role('g', 'i.requester_role')})"
        " ORDER BY a.request_id, a.assignee",
        [*ids, moment, moment, moment],
    ):
        named.setdefault(found["request_id"], []).append(
            Holder(found["assignee"], found["full_name"] or "", assigned=True)
        )
    roles = sorted({row.active_role for row in open_rows if row.active_role})
    holding: dict[str, list[tuple[str, str, str | None]]] = {}
    for found in tx.query(
        "SELECT DISTINCT g.role, g.username, u.full_name, u.opd FROM rm_grants g"
        " JOIN rm_users u ON u.username = g.username"
        f" WHERE g.role IN ({', '.join('?' for _ in roles)}) AND {in_force('g')} ORDER BY g.role, g.username",
        [*roles, moment, moment, moment],
    ):
        holding.setdefault(found["role"], []).append((found["username"], found["full_name"], found["opd"]))
    answer = {}
    for row in open_rows:
        role = row.active_role or ""
        people = named.get(row.id)
        if people:
            answer[row.id] = tuple(people)
            continue
        answer[row.id] = tuple(
            Holder(username, full_name)
            for username, full_name, opd in holding.get(role, [])
            if role not in requester_roles or (opd is not None and opd == row.opd)
        )
    return answer
