"""Indonesian national holidays and cuti bersama from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from domain.calendar import OfficeHours, WorkingCalendar


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> holidays.HolidayBase:
    # "government" is where the package keeps cuti bersama (joint leave days).
    return holidays.country_holidays("ID", years=year, categories=("public", "government"))


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
    """A tenant's working calendar in its time zone (WIB, WITA, WIT)."""
    return WorkingCalendar(timezone, is_indonesian_holiday, office_hours)
