"""Deadline arithmetic under the Indonesian working calendar.

`hari kerja` counts working days (no weekends, national holidays or cuti bersama); `menit` and
`jam` count office hours; `hari`, `minggu` and `bulan` are calendar spans. Which days are
holidays is a port (`is_holiday`): the domain does the arithmetic, an adapter knows the dates.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.sop import TimeStandard, parse_time_standard

INDONESIAN_TIMEZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")

HolidayCheck = Callable[[date], bool]
DAY = timedelta(days=1)


class CalendarError(ValueError):
    """A calendar that cannot be built (unknown time zone, bad office hours)."""


@dataclass(frozen=True)
class OfficeHours:
    """When the office works; default Monday–Friday 07:30–16:00 local time."""

    start: time = time(7, 30)
    end: time = time(16, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise CalendarError("jam kantor berakhir sebelum mulai / office hours end before start")
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise CalendarError("hari kantor tidak sah / office days must be weekdays 0-6")

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Read "07:30-16:00" (Monday–Friday)."""
        try:
            start_text, end_text = text.split("-")
            return cls(start=time.fromisoformat(start_text.strip()), end=time.fromisoformat(end_text.strip()))
        except ValueError as exc:
            raise CalendarError(
                f"jam kantor {text!r} tidak sah, contoh 07:30-16:00 / office hours must look like 07:30-16:00"
            ) from exc


class WorkingCalendar:
    """A tenant's calendar: its time zone, office hours and holidays."""

    def __init__(
        self,
        timezone: str,
        is_holiday: HolidayCheck,
        office_hours: OfficeHours | None = None,
    ) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"zona waktu tidak dikenal / unknown time zone {timezone!r}") from exc
        self.timezone = timezone
        self.is_holiday = is_holiday
        self.office_hours = office_hours or OfficeHours()
        self._year_tables: dict[int, list[int]] = {}  # per year: working days before each day

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday (per office hours) and neither a holiday nor cuti bersama."""
        return day.weekday() in self.office_hours.weekdays and not self.is_holiday(day)

    def due(self, start: datetime, standard: TimeStandard | str) -> datetime | None:
        """When a step started at `start` is due; None for a deadline set during the request."""
        if isinstance(standard, str):
            standard = parse_time_standard(standard)
        if start.tzinfo is None:
            raise CalendarError("waktu mulai harus memiliki zona waktu / start must be timezone-aware")
        if standard.is_target or standard.amount is None:
            return None
        local = start.astimezone(self.zone)
        amount = standard.amount
        if standard.unit == "hari_kerja":
            result = self._add_working_days(local, amount)
        elif standard.unit == "hari":
            result = local + timedelta(days=amount)
        elif standard.unit == "minggu":
            result = local + timedelta(weeks=amount)
        elif standard.unit == "bulan":
            result = _add_months(local, amount)
        elif standard.unit == "jam":
            result = self._add_office_minutes(local, amount * 60)
        else:
            result = self._add_office_minutes(local, amount)
        return result.astimezone(start.tzinfo)

    def working_days_between(self, start: datetime, end: datetime) -> float:
        """Elapsed working time in working days (for SLA realisation)."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        if local_end <= local_start:
            return 0.0
        first, last = local_start.date(), local_end.date()
        if first == last:
            return (local_end - local_start) / DAY if self.is_working_day(first) else 0.0
        # The parts of the first and the last day, and the whole days between counted from a
        # table per year (lists ask this for every row, of waits that may run to months); summed
        # exactly, divided once.
        worked = self._whole_working_days(first + timedelta(days=1), last) * DAY
        if self.is_working_day(first):
            worked += datetime.combine(first + timedelta(days=1), time(0), self.zone) - local_start
        if self.is_working_day(last):
            worked += local_end - datetime.combine(last, time(0), self.zone)
        return worked / DAY

    def _whole_working_days(self, first: date, last: date) -> int:
        """How many working days from `first` up to, not including, `last`."""
        if last <= first:
            return 0
        whole_years = sum(self._year_table(year)[-1] for year in range(first.year, last.year))
        before_first = self._year_table(first.year)[first.timetuple().tm_yday - 1]
        before_last = self._year_table(last.year)[last.timetuple().tm_yday - 1]
        return whole_years - before_first + before_last

    def _year_table(self, year: int) -> list[int]:
        """Working days among the year's first n days, at index n (built once per year)."""
        table = self._year_tables.get(year)
        if table is None:
            table, cursor = [0], date(year, 1, 1)
            while cursor.year == year:
                table.append(table[-1] + self.is_working_day(cursor))
                cursor += timedelta(days=1)
            self._year_tables[year] = table
        return table

    def office_minutes_between(self, start: datetime, end: datetime) -> float:
        """Elapsed office time in minutes: the part of [start, end) inside office hours on
        working days (how a "jam" or "menit" standard is counted by `due`)."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        total = 0.0
        day = local_start.date()
        while day <= local_end.date():
            if self.is_working_day(day):
                opens = datetime.combine(day, self.office_hours.start, self.zone)
                closes = datetime.combine(day, self.office_hours.end, self.zone)
                lo, hi = max(local_start, opens), min(local_end, closes)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            day += timedelta(days=1)
        return total

    def _add_working_days(self, local: datetime, days: int) -> datetime:
        day = local.date()
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return datetime.combine(day, local.timetz().replace(tzinfo=None), self.zone)

    def _add_office_minutes(self, local: datetime, minutes: int) -> datetime:
        hours = self.office_hours
        remaining = timedelta(minutes=minutes)
        cursor = local
        while True:
            day = cursor.date()
            opens = datetime.combine(day, hours.start, self.zone)
            closes = datetime.combine(day, hours.end, self.zone)
            if not self.is_working_day(day) or cursor >= closes:
                cursor = datetime.combine(day + timedelta(days=1), hours.start, self.zone)
                continue
            cursor = max(cursor, opens)
            available = closes - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = datetime.combine(day + timedelta(days=1), hours.start, self.zone)


def end_of_day(day: date, zone: ZoneInfo | str) -> datetime:
    """The instant a date-only deadline or end ends: the local midnight that closes `day`.

    "Until 18-12-2026" means through that whole day, so overdue starts at 19-12-2026 00:00.
    """
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return datetime.combine(day + DAY, time(), tz)


def day_meant(instant: datetime | None, zone: ZoneInfo | str | None = None) -> date | None:
    """The date an instant stands for when it is the end of a whole day, else None.

    A deadline given as a date is stored as the midnight that closes it (`end_of_day`); such an
    instant is read back as the day before, never as "19-12-2026 00:00". Read in `zone`, or in
    the instant's own UTC offset (events store the tenant's local offset).
    """
    if instant is None:
        return None
    local = instant.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone) if zone else instant
    if (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0):
        return None
    return local.date() - DAY


def _add_months(local: datetime, months: int) -> datetime:
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, _calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)
