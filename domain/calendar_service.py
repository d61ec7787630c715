"""The office calendar's part of a tenant's application service: keep it, change it, and move
the deadlines of the steps a change touches (issue 19, "a calendar each office keeps")."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.calendar import WorkingCalendar
from domain.errors import ConcurrentActionError
from domain.office_calendar import OFFICE_CALENDAR_ID, DayOff, OfficeCalendar, OfficeDays
from domain.request import Request

FRESH_FOR = 1.0  # seconds a process trusts its copy of the calendar before looking for changes
ADMIN_ROLE = "admin"
SYSTEM_ACTOR = "alur"  # the service itself records a year's holidays at the first filing in it


@dataclass(frozen=True)
class CalendarChange:
    """What a change of the calendar did: the event it recorded and the deadlines it moved."""

    event: str
    moved: tuple[tuple[str, int, datetime | None, datetime | None], ...]  # (request, step, was, now)


class CalendarMixin:
    """Methods of `RequestService` for the office calendar (the service's store, clock and
    calendar are the host's)."""

    calendar: WorkingCalendar
    clock: Callable[[], datetime]
    tenant: str
    events: Any
    repository: Any

    def _calendar_state(self) -> tuple[threading.Lock, list[float]]:
        state: tuple[threading.Lock, list[float]] | None = self.__dict__.get("_calendar_sync")
        if state is None:
            state = self.__dict__.setdefault("_calendar_sync", (threading.Lock(), [0.0]))
        assert state is not None
        return state

    def recorded_days(self) -> OfficeDays | None:
        """The calendar as recorded (None for a calendar that records nothing, as in tests)."""
        days = getattr(self.calendar, "recorded", None)
        return days if isinstance(days, OfficeDays) else None

    def refresh_calendar(self, force: bool = False) -> None:
        """Take the calendar's newer events into this process's copy (another process, or
        this one, may have changed it); looked for at most once a second unless `force`."""
        days = self.recorded_days()
        if days is None:
            return
        lock, checked = self._calendar_state()
        now = _time.monotonic()
        if not force and now - checked[0] < FRESH_FOR:
            return
        with lock:
            newer = list(self.events.get(OFFICE_CALENDAR_ID, gt=days.version or None))
            for event in newer:
                days.apply(event)
            checked[0] = now
        if newer:
            self.calendar.changed()

    def record_years_around(self, now: datetime) -> None:
        """The years a new request runs in (this one and the next), recorded from the holiday
        source the first time a request is filed in them; their own save, so a race with
        another process recording them refuses no request."""
        source = getattr(self, "holiday_source", None)
        days = self.recorded_days()
        if source is None or days is None:
            return
        missing = {now.year, now.year + 1} - days.years
        if missing:
            self.record_years(missing, source.days, source.source, SYSTEM_ACTOR)

    def office_calendar(self) -> OfficeCalendar | None:
        try:
            found: OfficeCalendar = self.repository.get(OFFICE_CALENDAR_ID)
        except AggregateNotFoundError:
            return None
        return found

    def record_years(
        self, years: Iterable[int], source_days: Callable[[int], list[DayOff]], source: str, actor: str
    ) -> list[int]:
        """Record the national holidays and cuti bersama of each year not yet recorded, from
        the source as it is now; gives the years recorded (none twice, whoever asks)."""
        calendar = self.office_calendar() or OfficeCalendar.open(actor, self.clock())
        recorded = []
        for year in sorted(set(years)):
            if calendar.record_year(year, source_days(year), source, actor, self.clock()):
                recorded.append(year)
        if calendar.pending_events:
            try:
                self.save(calendar)  # type: ignore[attr-defined]
            except IntegrityError:  # recorded meanwhile by another process: theirs stands
                return []
            self.refresh_calendar(force=True)
        return recorded

    def change_calendar(
        self,
        change: Callable[[OfficeCalendar], None],
        in_flight: Iterable[str],
        *,
        actor: str,
        variant_of: Callable[[Request], Any],
    ) -> CalendarChange:
        """Apply one change to the calendar and, in the same save, move the deadline of every
        in-flight step it touches (a `DueRecomputed` with the change's reference and reason).
        A concurrent change of the calendar or of one of those requests: nothing is saved, the
        caller is told to try again."""
        self.refresh_calendar(force=True)
        days = self.recorded_days()
        calendar = self.office_calendar() or OfficeCalendar.open(actor, self.clock())
        if days is not None:
            calendar.state.fallback = days.fallback
        change(calendar)
        event: Any = calendar.pending_events[-1]  # the change's event: its reference and reason
        state, now = calendar.state, self.calendar
        changed = WorkingCalendar(now.timezone, state.is_holiday, now.office_hours, state.hours_on)
        at = self.clock()
        moved, requests = [], []
        for request_id in in_flight:
            try:
                request: Request = self.repository.get(UUID(request_id))
            except (AggregateNotFoundError, ValueError):
                continue
            was = request.active_due
            if request.recompute_due(variant_of(request), changed.due, changed.resumed, actor=actor,
                                     role=ADMIN_ROLE, reference=event.reference, reason=event.reason,
                                     at=at):  # fmt: skip
                requests.append(request)
                moved.append((str(request.id), int(request.active_step or 0), was, request.active_due))
        try:
            self.save(calendar, *requests)  # type: ignore[attr-defined]
        except IntegrityError:
            raise ConcurrentActionError(
                "kalender atau permohonan yang terdampak baru saja berubah; tidak ada yang disimpan: "
                "muat ulang, lalu coba lagi",
                "the calendar or a request it touches changed at the same time; nothing was saved: "
                "reload, then try again",
            ) from None
        self.refresh_calendar(force=True)
        return CalendarChange(type(event).__name__, tuple(moved))
