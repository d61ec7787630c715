"""Indonesian national holidays and cuti bersama from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from domain.calendar import OfficeHours, WorkingCalendar
from domain.office_calendar import JOINT_LEAVE, NATIONAL, DayOff, OfficeDays

SOURCE = f"holidays {holidays.__version__}"  # what a recorded year says it was taken from


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> holidays.HolidayBase:
    # "government" is where the package keeps cuti bersama (joint leave days).
    return holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")


def national_days(year: int) -> list[DayOff]:
    """The year's national holidays and cuti bersama as the package gives them now, in
    Indonesian: what a tenant's calendar records once for that year."""
    joint = holidays.country_holidays("ID", years=year, categories=("government",), language="id")
    public = holidays.country_holidays("ID", years=year, categories=("public",), language="id")
    days = [DayOff(day, name, NATIONAL, SOURCE) for day, name in sorted(public.items())]
    days += [DayOff(day, name, JOINT_LEAVE, SOURCE) for day, name in joint.items() if day not in public]
    return sorted(days, key=lambda d: d.day)


@lru_cache(maxsize=64)
def _dates_of(year: int) -> frozenset[date]:
    # Deadlines ask about every day they pass: a set answers at once (the package's own lookup
    # normalises its key first, which showed in the profile of a step action).
    return frozenset(_holidays_of(year))


def is_indonesian_holiday(day: date) -> bool:
    """A national holiday or a cuti bersama day."""
    return day in _dates_of(day.year)


def holiday_name(day: date) -> str | None:
    return _holidays_of(day.year).get(day)


def indonesian_calendar(timezone: str, office_hours: OfficeHours | None = None) -> WorkingCalendar:
    """A tenant's working calendar in its time zone (WIB, WITA, WIT): its days and hours as
    its office calendar records them (`calendar.recorded`, filled from the tenant's events),
    a year not yet recorded answered by the package."""
    days = OfficeDays(fallback=is_indonesian_holiday)
    calendar = WorkingCalendar(timezone, days.is_holiday, office_hours, days.hours_on)
    calendar.recorded = days
    return calendar


class PackageHolidays:
    """The `HolidaySource` port: the `holidays` package as installed, read once per year by
    each tenant's calendar and recorded there."""

    source = SOURCE

    def days(self, year: int) -> list[DayOff]:
        return national_days(year)
