"""Due times under the Indonesian working calendar: working days, office hours, calendar spans."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.holidays_id import indonesian_calendar
from domain.calendar import REACH_YEARS, CalendarError, DeadlineBeyondReachError, OfficeHours, WorkingCalendar
from domain.sop import TimeStandard


def wita(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Makassar"))


def test_one_working_day_skips_nyepi_idul_fitri_and_cuti_bersama(makassar: WorkingCalendar) -> None:
    # 18-24 March 2026: cuti bersama, Nyepi (19), cuti bersama, Idul Fitri (21-22), cuti bersama.
    assert makassar.due(wita(2026, 3, 17, 10, 0), "1 Hari Kerja") == wita(2026, 3, 25, 10, 0)


def test_one_working_day_from_monday_is_due_tuesday(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 2, 10, 0), "1 Hari Kerja") == wita(2026, 3, 3, 10, 0)


def test_one_working_day_from_friday_is_due_monday(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 6, 10, 0), "1 Hari Kerja") == wita(2026, 3, 9, 10, 0)


def test_a_step_arriving_on_saturday_night_starts_at_monday_opening_and_is_due_at_closing(
    makassar: WorkingCalendar,
) -> None:
    # Saturday 5 December 2026, 01.16 WITA: the clock starts Monday 07.30; one office day ends 16.00.
    assert makassar.due(wita(2026, 12, 5, 1, 16), "1 Hari Kerja") == wita(2026, 12, 7, 16, 0)
    assert makassar.working_days_between(wita(2026, 12, 5, 1, 16), wita(2026, 12, 7, 16, 0)) == 1.0


def test_a_step_arriving_after_closing_starts_the_next_working_morning(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 12, 7, 18, 0), "1 Hari Kerja") == wita(2026, 12, 8, 16, 0)
    assert makassar.due(wita(2026, 12, 7, 6, 0), "2 Hari Kerja") == wita(2026, 12, 8, 16, 0)


def test_realisation_counts_office_time_only(makassar: WorkingCalendar) -> None:
    # Monday 10.00 to Tuesday 10.00 is one office day; the night between counts nothing.
    assert makassar.working_days_between(wita(2026, 12, 7, 10, 0), wita(2026, 12, 8, 10, 0)) == 1.0
    assert makassar.working_days_between(wita(2026, 12, 7, 16, 0), wita(2026, 12, 8, 7, 30)) == 0.0
    assert makassar.office_minutes_between(wita(2026, 12, 4, 15, 0), wita(2026, 12, 7, 8, 30)) == 120.0


def test_minutes_past_closing_carry_over_to_the_next_working_morning(makassar: WorkingCalendar) -> None:
    # Two minutes before 16:00 on Monday, three after 07:30 on Tuesday.
    assert makassar.due(wita(2026, 3, 16, 15, 58), "5 menit") == wita(2026, 3, 17, 7, 33)


def test_minutes_within_office_hours_stay_on_the_same_day(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 2, 9, 0), "120 menit") == wita(2026, 3, 2, 11, 0)


def test_days_are_calendar_days_even_over_holidays(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 17, 10, 0), "3 hari") == wita(2026, 3, 20, 10, 0)


def test_weeks_are_calendar_weeks(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 17, 10, 0), "2 minggu") == wita(2026, 3, 31, 10, 0)


def test_a_month_from_the_thirty_first_ends_on_the_last_day_of_february(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 1, 31, 10, 0), "1 bulan") == wita(2026, 2, 28, 10, 0)


@pytest.mark.parametrize("timezone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_every_indonesian_time_zone_gives_the_same_local_wall_clock_due(timezone: str) -> None:
    calendar = indonesian_calendar(timezone)
    start = datetime(2026, 3, 17, 10, 0, tzinfo=calendar.zone)
    due = calendar.due(start, "1 Hari Kerja")
    assert due is not None
    assert due.replace(tzinfo=None) == datetime(2026, 3, 25, 10, 0)


def test_the_due_time_keeps_the_time_zone_of_the_start(makassar: WorkingCalendar) -> None:
    due = makassar.due(wita(2026, 3, 2, 10, 0), "1 Hari Kerja")
    assert due is not None
    assert due.utcoffset() == wita(2026, 3, 2, 10, 0).utcoffset()


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(CalendarError):
        indonesian_calendar("Asia/Atlantis")


def test_a_start_without_a_time_zone_is_refused(makassar: WorkingCalendar) -> None:
    with pytest.raises(CalendarError):
        makassar.due(datetime(2026, 3, 17, 10, 0), "1 Hari Kerja")


def test_a_target_has_no_due_time_until_it_is_set(makassar: WorkingCalendar) -> None:
    assert makassar.due(wita(2026, 3, 17, 10, 0), "Target Bidang PTIKP") is None


def test_office_hours_are_read_from_text() -> None:
    hours = OfficeHours.parse("08:00-15:30")
    assert (hours.start.isoformat(), hours.end.isoformat()) == ("08:00:00", "15:30:00")


@pytest.mark.parametrize("text", ["16:00-07:30", "sepanjang hari"])
def test_office_hours_that_end_before_they_start_or_are_unreadable_are_refused(text: str) -> None:
    with pytest.raises(CalendarError):
        OfficeHours.parse(text)


def test_working_days_between_counts_whole_days_by_table_across_years_as_day_by_day() -> None:
    """Waits of months and across New Year, counted from the per-year tables, agree with
    walking the office hours one day at a time: office time divided by the office day."""
    calendar = indonesian_calendar("Asia/Jayapura")
    zone = ZoneInfo("Asia/Jayapura")
    office_day = 8.5 * 3600

    def walked(start: datetime, end: datetime) -> float:
        total, day = 0.0, start.date()
        while day <= end.date():
            if calendar.is_working_day(day):
                lo = max(start, datetime.combine(day, time(7, 30), zone))
                hi = min(end, datetime.combine(day, time(16, 0), zone))
                total += max(0.0, (hi - lo).total_seconds() / office_day)
            day += timedelta(days=1)
        return total

    start = datetime(2025, 12, 30, 13, 30, tzinfo=zone)
    for days in (0, 1, 2, 3, 40, 400, 800):
        end = start + timedelta(days=days, hours=5)
        assert abs(calendar.working_days_between(start, end) - walked(start, end)) < 1e-9, days
    assert calendar.working_days_between(start, start - timedelta(hours=1)) == 0.0
    assert not calendar.is_working_day(date(2026, 1, 1))  # Tahun Baru


def walked_working_days(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    """For a start within office hours: the same time of day, `days` working days later."""
    day, counted = start.date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += calendar.is_working_day(day)
    return datetime.combine(day, start.timetz().replace(tzinfo=None), calendar.zone)


def walked_office_minutes(calendar: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    hours, remaining, cursor = calendar.office_hours, timedelta(minutes=minutes), start
    while True:
        day = cursor.date()
        opens = datetime.combine(day, hours.start, calendar.zone)
        closes = datetime.combine(day, hours.end, calendar.zone)
        if calendar.is_working_day(day) and cursor < closes:
            cursor = max(cursor, opens)
            if remaining <= closes - cursor:
                return cursor + remaining
            remaining -= closes - cursor
        cursor = datetime.combine(day + timedelta(days=1), hours.start, calendar.zone)


@pytest.mark.parametrize("office_hours", [None, OfficeHours.parse("08:00-15:30")])
def test_due_found_from_the_year_tables_is_the_due_of_walking_day_by_day(office_hours: OfficeHours | None):
    """Working days (whole office days of office time) and office minutes, counted by skipping
    whole years and bisecting one, give the deadlines that walking the office hours one day at a
    time gives: across Lebaran and New Year, from before opening, at closing, at night, and
    filling whole office days."""
    calendar = indonesian_calendar("Asia/Makassar", office_hours)
    hours = calendar.office_hours
    day = (datetime.combine(date.min, hours.end) - datetime.combine(date.min, hours.start)).seconds // 60
    for first in (date(2025, 12, 29), date(2026, 3, 16)):
        for offset in range(0, 9):
            for moment in (time(0, 0), time(7, 30), time(8, 0), time(12, 5), time(15, 59), time(16, 0)):
                start = datetime.combine(first + timedelta(days=offset), moment, calendar.zone)
                for days in (1, 2, 5, 35, 245, 500):
                    standard = TimeStandard(f"{days} hari kerja", days, "hari_kerja")
                    assert calendar.due(start, standard) == walked_office_minutes(calendar, start, days * day)
                for minutes in (1, 120, day - 1, day, day + 1, 2 * day, 4250 * 60):
                    standard = TimeStandard(f"{minutes} menit", minutes, "menit")
                    assert calendar.due(start, standard) == walked_office_minutes(calendar, start, minutes)


@pytest.mark.parametrize(
    "standard",
    [TimeStandard("1000000000 jam", 10**9, "jam"), TimeStandard("3000 Hari Kerja", 3000, "hari_kerja"),
     TimeStandard("200 bulan", 200, "bulan"), TimeStandard("10^40 hari", 10**40, "hari")],
)  # fmt: skip
def test_a_deadline_beyond_the_calendars_reach_is_refused_not_computed(
    makassar: WorkingCalendar, standard: TimeStandard
) -> None:
    with pytest.raises(DeadlineBeyondReachError, match=f"more than {REACH_YEARS} years"):
        makassar.due(wita(2026, 3, 17, 10, 0), standard)


def test_a_calendar_without_a_single_working_day_refuses_instead_of_searching_for_ever() -> None:
    closed = WorkingCalendar("Asia/Makassar", lambda day: True)
    with pytest.raises(DeadlineBeyondReachError):
        closed.due(wita(2026, 3, 17, 10, 0), "1 Hari Kerja")
