"""The calendar an office keeps (kalender kerja): its days off and office hours, as events.

The national holidays and cuti bersama of a year are taken from a holiday source once and
recorded (`YearRecorded`), so a newer source changes nothing already recorded. The office then
adds its regional days off (Hari Jadi Kabupaten), adds or removes cuti bersama when a revised
SKB says so, and sets office hours for a date range (Ramadan), each with its legal reference
(SK/SKB number) and reason. Deadlines and SLA figures are computed from this record only; a
year not yet recorded is answered by the source until it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.calendar import HolidayCheck, OfficeHours
from domain.errors import InvalidInputError

OFFICE_CALENDAR_ID: UUID = uuid5(NAMESPACE_URL, "alur:office-calendar")  # one per tenant store

NATIONAL = "libur-nasional"
JOINT_LEAVE = "cuti-bersama"
REGIONAL = "libur-daerah"
KINDS: dict[str, tuple[str, str]] = {
    NATIONAL: ("Libur nasional", "National holiday"),
    JOINT_LEAVE: ("Cuti bersama", "Joint leave (cuti bersama)"),
    REGIONAL: ("Libur daerah", "Regional day off"),
}
MAX_NAME = 200
MAX_REFERENCE = 200
MAX_REASON = 2000
FIRST_YEAR, LAST_YEAR = 2000, 2100
HHMM = re.compile(r"^\d{2}:\d{2}$")


@dataclass(frozen=True)
class DayOff:
    """One day the office is closed, and on what authority."""

    day: date
    name: str
    kind: str
    reference: str  # the SK/SKB number, or the holiday source for a recorded year
    reason: str = ""


@dataclass(frozen=True)
class HoursRange:
    """Office hours that hold from `first` to `last` (inclusive), e.g. Ramadan."""

    first: date
    last: date
    hours: OfficeHours
    reference: str
    reason: str


class OfficeDays:
    """The calendar as recorded, in the order of its events: what deadlines are computed from.

    Pure state: built by `apply` from the calendar's events (the command side, the read side
    and a rebuild all build it the same way), consulted through `is_holiday` and `hours_on`.
    """

    def __init__(self, fallback: HolidayCheck | None = None) -> None:
        self.fallback = fallback  # a year not yet recorded: the holiday source's answer
        self.days: dict[date, DayOff] = {}
        self.removed: dict[date, DayOff] = {}  # a recorded day off the office works after all
        self.years: set[int] = set()
        self.ranges: list[HoursRange] = []
        self.version = 0

    def is_holiday(self, day: date) -> bool:
        if day in self.days:
            return True
        if day.year in self.years or day in self.removed or self.fallback is None:
            return False
        return self.fallback(day)

    def hours_on(self, day: date) -> OfficeHours | None:
        for span in reversed(self.ranges):  # the latest setting of a date wins
            if span.first <= day <= span.last:
                return span.hours
        return None

    def day_off(self, day: date) -> DayOff | None:
        return self.days.get(day)

    def year(self, year: int) -> list[DayOff]:
        """The year's days off as recorded, in date order."""
        return sorted((d for d in self.days.values() if d.day.year == year), key=lambda d: d.day)

    def removed_in(self, year: int) -> list[DayOff]:
        return sorted((d for d in self.removed.values() if d.day.year == year), key=lambda d: d.day)

    def ranges_in(self, year: int) -> list[HoursRange]:
        return [span for span in self.ranges if span.first.year <= year <= span.last.year]

    def apply(self, event: Any) -> None:
        """Take one of the calendar's events into account (others are ignored)."""
        if isinstance(event, OfficeCalendar.YearRecorded):
            self.years.add(event.year)
            for entry in event.days:
                day = date.fromisoformat(entry["date"])
                if day not in self.removed and day not in self.days:
                    self.days[day] = DayOff(day, entry["name"], entry["kind"], event.source)
        elif isinstance(event, OfficeCalendar.DayOffAdded):
            day = date.fromisoformat(event.day)
            self.removed.pop(day, None)
            self.days[day] = DayOff(day, event.name, event.kind, event.reference, event.reason)
        elif isinstance(event, OfficeCalendar.DayOffRemoved):
            day = date.fromisoformat(event.day)
            was = self.days.pop(day, None)
            self.removed[day] = DayOff(day, was.name if was else "", was.kind if was else "",
                                       event.reference, event.reason)  # fmt: skip
        elif isinstance(event, OfficeCalendar.HoursSet):
            hours = OfficeHours(time.fromisoformat(event.start), time.fromisoformat(event.end))
            first, last = date.fromisoformat(event.first), date.fromisoformat(event.last)
            self.ranges.append(HoursRange(first, last, hours, event.reference, event.reason))
        else:
            return
        self.version = event.originator_version

    def touched(self, event: Any) -> tuple[date, date] | None:
        """The dates an event changes (a recomputation looks at steps running over them)."""
        if isinstance(event, OfficeCalendar.DayOffAdded | OfficeCalendar.DayOffRemoved):
            day = date.fromisoformat(event.day)
            return day, day
        if isinstance(event, OfficeCalendar.HoursSet):
            return date.fromisoformat(event.first), date.fromisoformat(event.last)
        if isinstance(event, OfficeCalendar.YearRecorded):
            return date(event.year, 1, 1), date(event.year, 12, 31)
        return None


class OfficeCalendar(Aggregate):
    """The office's calendar: one per tenant store, changed only with a reference and a reason."""

    class Opened(Aggregate.Created):
        class_version = 1

        actor: str
        at: datetime

    class YearRecorded(Aggregate.Event):
        """The national holidays and cuti bersama of a year, as the source gave them then."""

        class_version = 1

        year: int
        days: list[dict[str, str]]  # {date, name, kind}
        source: str  # e.g. "holidays 0.109"
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.state.apply(self)

    class DayOffAdded(Aggregate.Event):
        class_version = 1

        day: str
        name: str
        kind: str
        reference: str
        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.state.apply(self)

    class DayOffRemoved(Aggregate.Event):
        class_version = 1

        day: str
        reference: str
        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.state.apply(self)

    class HoursSet(Aggregate.Event):
        class_version = 1

        first: str
        last: str
        start: str
        end: str
        reference: str
        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.state.apply(self)

    @classmethod
    def open(cls, actor: str, at: datetime) -> OfficeCalendar:
        return cls._create(cls.Opened, timestamp=at, id=OFFICE_CALENDAR_ID, actor=actor, at=at)

    def __init__(self, actor: str, at: datetime) -> None:
        self.state = OfficeDays()

    # The aggregate keeps the recorded state (no fallback) to check commands against.
    def record_year(self, year: int, days: Iterable[DayOff], source: str, actor: str, at: datetime) -> bool:
        """Record a year once; False (nothing recorded) if it is already."""
        _year(year)
        if year in self.state.years:
            return False
        entries = [{"date": d.day.isoformat(), "name": d.name, "kind": d.kind}
                   for d in sorted(days, key=lambda d: d.day)]  # fmt: skip
        self.trigger_event(
            self.YearRecorded, timestamp=at, year=year, days=entries, source=source, actor=actor, at=at
        )
        return True

    def add_day_off(self, day: date, name: str, kind: str, reference: str, reason: str, actor: str,
                    at: datetime, weekdays: frozenset[int]) -> None:  # fmt: skip
        _year(day.year)
        if kind not in KINDS:
            raise InvalidInputError(
                f"jenis hari libur {kind!r} tidak dikenal; pilih: {', '.join(KINDS)}",
                f"unknown kind of day off {kind!r}; choose one of: {', '.join(KINDS)}",
                field="kind",
            )
        name = _text("name", name, MAX_NAME, ("nama hari libur", "the day off's name"))
        reference, reason = _authority(reference, reason)
        if day in self.state.days:
            was = self.state.days[day]
            raise InvalidInputError(
                f"{_shown(day)} sudah hari libur ({was.name}); tidak ada yang diubah",
                f"{day.isoformat()} is already a day off ({was.name}); nothing was changed",
                field="date",
            )
        if day.weekday() not in weekdays:
            raise InvalidInputError(
                f"{_shown(day)} bukan hari kerja kantor; tidak perlu diliburkan",
                f"{day.isoformat()} is not an office day; it needs no day off",
                field="date",
            )
        self.trigger_event(self.DayOffAdded, timestamp=at, day=day.isoformat(), name=name, kind=kind,
                           reference=reference, reason=reason, actor=actor, at=at)  # fmt: skip

    def remove_day_off(self, day: date, reference: str, reason: str, actor: str, at: datetime,
                       is_holiday: HolidayCheck) -> None:  # fmt: skip
        _year(day.year)
        reference, reason = _authority(reference, reason)
        if day not in self.state.days and not (day.year not in self.state.years and is_holiday(day)):
            raise InvalidInputError(
                f"{_shown(day)} bukan hari libur di kalender kantor; tidak ada yang dihapus",
                f"{day.isoformat()} is not a day off in the office calendar; nothing was removed",
                field="date",
            )
        self.trigger_event(self.DayOffRemoved, timestamp=at, day=day.isoformat(), reference=reference,
                           reason=reason, actor=actor, at=at)  # fmt: skip

    def set_hours(self, first: date, last: date, start: str, end: str, reference: str, reason: str,
                  actor: str, at: datetime) -> None:  # fmt: skip
        _year(first.year)
        _year(last.year)
        if last < first:
            raise InvalidInputError(
                "tanggal akhir sebelum tanggal mulai",
                "the last date is before the first",
                field="last",
            )
        if (last - first).days > 366:
            raise InvalidInputError(
                "rentang jam kantor paling lama satu tahun",
                "a range of office hours spans at most one year",
                field="last",
            )
        hours = _hours(start, end)
        reference, reason = _authority(reference, reason)
        self.trigger_event(self.HoursSet, timestamp=at, first=first.isoformat(), last=last.isoformat(),
                           start=hours.start.strftime("%H:%M"), end=hours.end.strftime("%H:%M"),
                           reference=reference, reason=reason, actor=actor, at=at)  # fmt: skip


def office_days(events: Iterable[Any], fallback: HolidayCheck | None = None) -> OfficeDays:
    """The calendar as recorded by these events, in order."""
    days = OfficeDays(fallback)
    for event in events:
        days.apply(event)
    return days


def parse_day(value: Any, field: str = "date") -> date:
    """A date given as year-month-day, or a clear refusal naming the field."""
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInputError(
            f"tanggal {str(value)[:40]!r} tidak sah; tulis tahun-bulan-tanggal, mis. 2026-12-24",
            f"the date {str(value)[:40]!r} is not valid; write year-month-day, e.g. 2026-12-24",
            field=field,
        ) from None


def _hours(start: str, end: str) -> OfficeHours:
    for field, value in (("start", start), ("end", end)):
        if not isinstance(value, str) or not HHMM.match(value.strip()):
            raise InvalidInputError(
                f"jam {str(value)[:20]!r} tidak sah; tulis jam:menit, mis. 08:00",
                f"the time {str(value)[:20]!r} is not valid; write hours:minutes, e.g. 08:00",
                field=field,
            )
    try:
        return OfficeHours(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
    except ValueError:
        raise InvalidInputError(
            "jam kantor tidak sah: jam mulai harus sebelum jam selesai",
            "office hours are not valid: the start must come before the end",
            field="end",
        ) from None


def _year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInputError(
            f"tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}",
            f"the year {year} is outside {FIRST_YEAR}-{LAST_YEAR}",
            field="date",
        )


def _text(field: str, value: Any, limit: int, what: tuple[str, str]) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInputError(f"tulis {what[0]}", f"give {what[1]}", field=field)
    if len(text) > limit:
        raise InvalidInputError(
            f"{what[0]} terlalu panjang: paling banyak {limit} karakter",
            f"{what[1]} is too long: at most {limit} characters",
            field=field,
        )
    return text


def _authority(reference: Any, reason: Any) -> tuple[str, str]:
    """A calendar change names its legal ground (SK/SKB number) and why: both required."""
    ground = ("nomor SK/SKB dasar perubahan", "the SK/SKB number it rests on")
    return (
        _text("reference", reference, MAX_REFERENCE, ground),
        _text("reason", reason, MAX_REASON, ("alasan perubahan", "the reason for the change")),
    )


def _shown(day: date) -> str:
    return day.strftime("%d-%m-%Y")
