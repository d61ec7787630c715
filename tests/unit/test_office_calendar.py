"""The office calendar's own arithmetic (issue 19): days recorded once and kept whatever the
holiday package says later, days made working again, office hours by date range (Ramadan)
counted day by day in deadlines and in realisation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.calendar import OfficeHours, WorkingCalendar
from domain.errors import InvalidInputError
from domain.office_calendar import DayOff, OfficeCalendar, office_days

AT = datetime(2026, 12, 5, tzinfo=UTC)
RAMADAN = OfficeHours(time(8, 0), time(14, 0))


def calendar_of(*changes: str) -> OfficeCalendar:
    kept = OfficeCalendar.open("admin", AT)
    new_year = DayOff(date(2027, 1, 1), "Tahun Baru Masehi", "libur-nasional", "holidays 0.109")
    kept.record_year(2027, [new_year], "holidays 0.109", "sistem", AT)
    for change in changes:
        if change == "ramadan":
            first, last = date(2027, 2, 8), date(2027, 3, 9)
            kept.set_hours(first, last, "08:00", "14:00", "SE 1/2027", "Ramadan", "admin", AT)
    return kept


def test_a_recorded_year_answers_for_itself_whatever_the_package_says_now() -> None:
    days = office_days(calendar_of().collect_events(), fallback=lambda day: True)  # a "newer package"
    assert days.is_holiday(date(2027, 1, 1)) and not days.is_holiday(date(2027, 6, 1))
    assert days.is_holiday(date(2028, 6, 1))  # a year not recorded yet: the package answers


def test_a_day_made_working_again_stays_so_and_a_second_record_of_its_year_changes_nothing() -> None:
    kept = calendar_of()
    kept.remove_day_off(date(2027, 1, 1), "SKB revisi", "masuk kerja", "admin", AT, lambda day: False)
    assert not kept.record_year(2027, [], "holidays 9.9", "sistem", AT)
    days = office_days(kept.collect_events())
    assert not days.is_holiday(date(2027, 1, 1)) and days.removed_in(2027)[0].reference == "SKB revisi"


def test_a_change_without_its_legal_ground_or_on_a_day_off_already_is_refused() -> None:
    kept = calendar_of()
    weekdays = frozenset(range(5))
    with pytest.raises(InvalidInputError) as refused:
        kept.add_day_off(date(2027, 3, 3), "Hari Jadi", "libur-daerah", " ", "alasan", "admin", AT, weekdays)
    assert refused.value.field == "reference"
    with pytest.raises(InvalidInputError) as refused:
        kept.add_day_off(date(2027, 1, 1), "Hari Jadi", "libur-daerah", "SK 1", "alasan", "admin", AT,
                         weekdays)  # fmt: skip
    assert refused.value.field == "date"


def ramadan_calendar() -> WorkingCalendar:
    days = office_days(calendar_of("ramadan").collect_events())
    return WorkingCalendar("Asia/Makassar", days.is_holiday, None, days.hours_on)


def test_ramadan_hours_start_and_end_the_office_day_for_deadlines_in_hours() -> None:
    cal = ramadan_calendar()
    monday = datetime(2027, 2, 8, 13, 0, tzinfo=cal.zone)  # in Ramadan: 08.00-14.00
    assert cal.due(monday, "2 Jam") == datetime(2027, 2, 9, 9, 0, tzinfo=cal.zone)
    assert cal.due(datetime(2027, 2, 8, 6, 0, tzinfo=cal.zone), "30 Menit") == datetime(
        2027, 2, 8, 8, 30, tzinfo=cal.zone)  # fmt: skip
    assert cal.office_minutes_between(datetime(2027, 2, 8, 0, 0, tzinfo=cal.zone),
                                      datetime(2027, 2, 9, 0, 0, tzinfo=cal.zone)) == 360  # fmt: skip


def test_a_working_day_counts_as_one_whatever_its_hours() -> None:
    cal = ramadan_calendar()
    # Friday 5 February 11.45 is halfway through a 07.30-16.00 day; one working day later is
    # halfway through Monday's Ramadan hours.
    friday = datetime(2027, 2, 5, 11, 45, tzinfo=cal.zone)
    assert cal.due(friday, "1 Hari Kerja") == datetime(2027, 2, 8, 11, 0, tzinfo=cal.zone)
    later = datetime(2027, 2, 8, 11, 0, tzinfo=cal.zone)
    assert cal.working_days_between(friday, later) == pytest.approx(1.0)
    monday = datetime(2027, 2, 8, 8, 0, tzinfo=cal.zone)
    assert cal.due(monday, "1 Hari Kerja") == datetime(2027, 2, 8, 14, 0, tzinfo=cal.zone)
    assert cal.working_days_between(monday, datetime(2027, 2, 9, 8, 0, tzinfo=cal.zone)) == 1.0
