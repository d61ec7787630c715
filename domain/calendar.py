"""Deadline arithmetic under the Indonesian working calendar.

Office time is the office hours of working days (no weekends, national holidays or cuti
bersama). `N hari kerja` is N whole office days of office time, `menit` and `jam` count office
time too, and a step that arrives outside office hours starts its clock at the next opening:
Saturday 01.16 + 1 hari kerja is due Monday at closing, Monday 10.00 + 1 hari kerja Tuesday at
10.00. `hari`, `minggu` and `bulan` are calendar spans. Which days are holidays is a port
(`is_holiday`): the domain does the arithmetic, an adapter knows the dates.
"""

from __future__ import annotations

import calendar as _calendar
import math
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import MAXYEAR, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import AlurError
from domain.sop import TimeStandard, parse_time_standard, shown

INDONESIAN_TIMEZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")

HolidayCheck = Callable[[date], bool]
HoursCheck = Callable[[date], "OfficeHours | None"]
DAY = timedelta(days=1)

# How far ahead `due` computes a deadline: to the end of the tenth year after the start's, five
# times the longest Waktu a file may now declare (about two years, `MAX_TIME_STANDARD`), so a
# variant pinned before that bound keeps the very deadlines it had. Further is no deadline anyone
# waits for; it is refused at once.
REACH_YEARS = 10


class CalendarError(ValueError):
    """A calendar that cannot be built (unknown time zone, bad office hours)."""


class DeadlineBeyondReachError(AlurError, CalendarError):
    """A time standard whose deadline lies beyond `REACH_YEARS`: refused, never computed."""

    code = "deadline_beyond_reach"


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
        hours_on: HoursCheck | None = None,
    ) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"zona waktu tidak dikenal / unknown time zone {timezone!r}") from exc
        self.timezone = timezone
        self.is_holiday = is_holiday
        self.office_hours = office_hours or OfficeHours()
        self._hours_on = hours_on  # office hours of a date range (Ramadan), else the usual ones
        self.recorded: Any = None  # the office's recorded calendar these answers come from, if any
        self._year_tables: dict[int, list[int]] = {}  # per year: working days before each day
        self._second_tables: dict[int, list[int]] = {}  # per year: office seconds before each day

    def changed(self) -> None:
        """The office's days or hours changed (its calendar recorded an event): forget the
        per-year tables, which are built again from the new answers when next asked."""
        self._year_tables = {}
        self._second_tables = {}

    def hours(self, day: date) -> OfficeHours:
        """The office hours of `day`: a recorded range's (Ramadan), else the usual ones."""
        if self._hours_on is not None:
            special = self._hours_on(day)
            if special is not None:
                return special
        return self.office_hours

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday (per office hours) and neither a holiday nor cuti bersama."""
        return day.weekday() in self.office_hours.weekdays and not self.is_holiday(day)

    def _opening(self, day: date) -> tuple[datetime, datetime]:
        hours = self.hours(day)
        return datetime.combine(day, hours.start, self.zone), datetime.combine(day, hours.end, self.zone)

    def _day_seconds(self, day: date) -> int:
        """Office seconds of `day` (0 on a day off)."""
        if not self.is_working_day(day):
            return 0
        opens, closes = self._opening(day)
        return int((closes - opens).total_seconds())

    def due(self, start: datetime, standard: TimeStandard | str) -> datetime | None:
        """When a step started at `start` is due; None for a deadline set during the request.

        Computed in time that grows with the years the deadline spans, not with its days or
        minutes (whole working days are counted from the per-year tables `working_days_between`
        uses). A deadline past the `REACH_YEARS`-th year after the start's raises
        DeadlineBeyondReachError at once. Files can no longer declare such a standard
        (`MAX_TIME_STANDARD`); a variant pinned in a store before that bound still reads, every
        deadline it had within the reach is the same as before, and a step beyond it is refused
        with a reason instead of burning seconds of CPU into an OverflowError.
        """
        if isinstance(standard, str):
            standard = parse_time_standard(standard)
        if start.tzinfo is None:
            raise CalendarError("waktu mulai harus memiliki zona waktu / start must be timezone-aware")
        if standard.is_target or standard.amount is None:
            return None
        local = start.astimezone(self.zone)
        if _days_at_least(standard, self._office_day) > (REACH_YEARS + 1) * 366:
            raise _beyond_reach(standard)  # certainly: known before any arithmetic
        try:
            result = self._after(local, standard.unit, standard.amount)
        except (OverflowError, ValueError) as exc:  # past the reach, or past the year 9999
            raise _beyond_reach(standard) from exc
        if result.year > local.year + REACH_YEARS:
            raise _beyond_reach(standard)
        return result.astimezone(start.tzinfo)

    def _after(self, local: datetime, unit: str, amount: int) -> datetime:
        if unit == "hari_kerja":  # N office days, from the next opening
            return self._add_office_days(local, amount)
        if unit == "hari":
            return local + timedelta(days=amount)
        if unit == "minggu":
            return local + timedelta(weeks=amount)
        if unit == "bulan":
            return _add_months(local, amount)
        return self._add_office_minutes(local, amount * 60 if unit == "jam" else amount)

    @property
    def office_day_minutes(self) -> float:
        """How long an office day is, in minutes (510 for 07:30–16:00): the day in which office
        time is shown ("3 hari 4 jam kerja"), as `due` counts it."""
        return self._office_day.total_seconds() / 60

    @property
    def _office_day(self) -> timedelta:
        """The length of an office day (wall-clock, as `due` counts `jam` and `menit`)."""
        day = date(2000, 1, 3)
        hours = self.office_hours
        return datetime.combine(day, hours.end) - datetime.combine(day, hours.start)

    def working_days_between(self, start: datetime, end: datetime) -> float:
        """Elapsed office time in office days (for SLA realisation): the same measure `due`
        counts `hari kerja` in (each working day one, whatever its hours; a part of a day as
        the share of that day's hours), so a step done on its due time took exactly its
        standard."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        if local_end <= local_start:
            return 0.0
        first, last = local_start.date(), local_end.date()
        if first == last:
            return self._share(first, local_start, local_end)
        whole = self._whole_working_days(first + DAY, last)
        return (whole + self._share(first, local_start, datetime.combine(first + DAY, time(0), self.zone))
                + self._share(last, datetime.combine(last, time(0), self.zone), local_end))  # fmt: skip

    def _share(self, day: date, lo: datetime, hi: datetime) -> float:
        """The share of `day`'s office hours inside [lo, hi)."""
        length = self._day_seconds(day)
        return self._within(day, lo, hi).total_seconds() / length if length else 0.0

    def _within(self, day: date, lo: datetime, hi: datetime) -> timedelta:
        if not self.is_working_day(day):
            return timedelta(0)
        opens, closes = self._opening(day)
        return max(timedelta(0), min(hi, closes) - max(lo, opens))

    def _office_time(self, start: datetime, end: datetime) -> timedelta:
        """The part of [start, end) inside office hours on working days: the first and the last
        day clipped to their office hours, the whole days between counted from the per-year
        tables (lists ask this for every row, of waits that may run to months)."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        if local_end <= local_start:
            return timedelta(0)
        first, last = local_start.date(), local_end.date()
        if first == last:
            return self._within(first, local_start, local_end)
        worked = timedelta(seconds=self._office_seconds(first + DAY, last))
        worked += self._within(first, local_start, datetime.combine(first + DAY, time(0), self.zone))
        worked += self._within(last, datetime.combine(last, time(0), self.zone), local_end)
        return worked

    def _office_seconds(self, first: date, last: date) -> int:
        """Office seconds from `first` up to, not including, `last`."""
        if last <= first:
            return 0
        whole_years = sum(self._second_table(year)[-1] for year in range(first.year, last.year))
        before_first = self._second_table(first.year)[first.timetuple().tm_yday - 1]
        before_last = self._second_table(last.year)[last.timetuple().tm_yday - 1]
        return whole_years - before_first + before_last

    def _second_table(self, year: int) -> list[int]:
        """Office seconds among the year's first n days, at index n (built once per year)."""
        table = self._second_tables.get(year)
        if table is None:
            table, cursor = [0], date(year, 1, 1)
            while cursor.year == year:
                table.append(table[-1] + self._day_seconds(cursor))
                cursor += DAY
            self._second_tables[year] = table
        return table

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
        """Elapsed office time in minutes (how a "jam" or "menit" standard is counted by `due`)."""
        return self._office_time(start, end).total_seconds() / 60

    def resumed(
        self,
        due: datetime | None,
        paused_from: datetime,
        paused_until: datetime,
        standard: TimeStandard | None,
    ) -> datetime | None:
        """A deadline moved by the time a step's clock stood still (its file was with the
        requester): by the office time paused where the standard counts office time (`hari
        kerja`, `jam`, `menit`), else by the calendar time paused."""
        if due is None or paused_until <= paused_from:
            return due
        if standard is not None and standard.unit in ("hari_kerja", "jam", "menit"):
            minutes = self.office_minutes_between(paused_from, paused_until)
            if minutes <= 0:
                return due
            return self._add_office_minutes(due.astimezone(self.zone), minutes).astimezone(due.tzinfo)
        return due + (paused_until - paused_from)

    def _add_office_days(self, local: datetime, count: int) -> datetime:
        """`count` office days after `local`. Within a working day's hours the deadline is the
        same share of the `count`-th working day after's hours (Monday 10.00 + 1 is Tuesday
        10.00 on like days); before opening the day counts whole, so it is due at the closing
        of the `count`-th working day from it; outside office hours the clock starts at the
        next opening (Saturday 01.16 + 1 is Monday at closing)."""
        day = local.date()
        if self.is_working_day(day):
            opens, closes = self._opening(day)
            if local <= opens:
                last = day if count == 1 else self._working_day_after(day, count - 1)
                return self._opening(last)[1]
            if local < closes:
                last = self._working_day_after(day, count)
                last_opens, last_closes = self._opening(last)
                if last_closes - last_opens == closes - opens:
                    return last_opens + (local - opens)
                return last_opens + (last_closes - last_opens) * ((local - opens) / (closes - opens))
        return self._opening(self._working_day_after(day, count))[1]

    def _add_office_minutes(self, local: datetime, minutes: float) -> datetime:
        """`minutes` of office time after `local`: the rest of its office day if it is a working
        day, then the office seconds of the days after, from the per-year tables, to the day
        they reach into (a standard that fills its last day exactly is due at closing, not the
        next morning)."""
        remaining = timedelta(minutes=minutes)
        day = local.date()
        if self.is_working_day(day):
            opens, closes = self._opening(day)
            if local < closes:
                cursor = max(local, opens)
                if remaining <= closes - cursor:
                    return cursor + remaining
                remaining -= closes - cursor
        last, into = self._day_reaching(day, remaining)
        return self._opening(last)[0] + into

    def _day_reaching(self, day: date, span: timedelta) -> tuple[date, timedelta]:
        """The day after `day` on which `span` of office time, counted from the next day's
        start, runs out, and how far into that day's hours. OverflowError past the reach."""
        first = day + DAY
        year = first.year
        wanted = math.ceil(span.total_seconds()) + self._second_table(year)[first.timetuple().tm_yday - 1]
        wanted_exact = span + timedelta(seconds=self._second_table(year)[first.timetuple().tm_yday - 1])
        while wanted > self._second_table(year)[-1]:
            wanted -= self._second_table(year)[-1]
            wanted_exact -= timedelta(seconds=self._second_table(year)[-1])
            year += 1
            if year > min(day.year + REACH_YEARS, MAXYEAR):
                raise OverflowError(f"more than {REACH_YEARS} years of working days")
        table = self._second_table(year)
        index = bisect_left(table, wanted)
        reached = date(year, 1, 1) + timedelta(days=index - 1)
        return reached, wanted_exact - timedelta(seconds=table[index - 1])

    def _working_day_after(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 1): whole years skipped by their
        tables' totals, then the day found by bisecting its year's table. OverflowError past
        the reach (also where no day is a working day: a calendar of holidays only)."""
        first = day + DAY
        year = first.year
        wanted = count + self._year_table(year)[first.timetuple().tm_yday - 1]
        while wanted > self._year_table(year)[-1]:
            wanted -= self._year_table(year)[-1]
            year += 1
            if year > min(day.year + REACH_YEARS, MAXYEAR):
                raise OverflowError(f"more than {REACH_YEARS} years of working days")
        return date(year, 1, 1) + timedelta(days=bisect_left(self._year_table(year), wanted) - 1)


def _days_at_least(standard: TimeStandard, office_day: timedelta) -> int:
    """A lower bound on the calendar days a standard spans, known without a calendar."""
    amount = standard.amount or 0  # in whole numbers: a stored amount may be any size
    if standard.unit in ("jam", "menit"):
        seconds = amount * (3600 if standard.unit == "jam" else 60)
        return seconds // max(1, int(office_day.total_seconds()))
    return amount * {"minggu": 7, "bulan": 28}.get(standard.unit, 1)


def _beyond_reach(standard: TimeStandard) -> DeadlineBeyondReachError:
    return DeadlineBeyondReachError(
        f"tenggat {shown(standard.text)} lebih dari {REACH_YEARS} tahun ke depan; perbaiki waktu "
        "langkah ini di berkas SOP",
        f"the deadline of {shown(standard.text)} is more than {REACH_YEARS} years ahead; correct "
        "this step's time standard in the SOP file",
    )


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
