"""Moments, dates and numbers as people read them (domain/formats.py)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain import formats
from domain.calendar import day_meant, end_of_day

UTC_MOMENT = datetime(2026, 11, 26, 2, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "indonesian", "english"),
    [
        ("Asia/Jakarta", "Kamis, 26 November 2026 09.15 WIB", "Thursday, 26 November 2026 09:15 WIB"),
        ("Asia/Pontianak", "Kamis, 26 November 2026 09.15 WIB", "Thursday, 26 November 2026 09:15 WIB"),
        ("Asia/Makassar", "Kamis, 26 November 2026 10.15 WITA", "Thursday, 26 November 2026 10:15 WITA"),
        ("Asia/Jayapura", "Kamis, 26 November 2026 11.15 WIT", "Thursday, 26 November 2026 11:15 WIT"),
    ],
)
def test_a_moment_reads_with_day_name_month_name_and_the_zone_indonesians_use(
    zone: str, indonesian: str, english: str
) -> None:
    assert formats.moment(UTC_MOMENT, zone) == indonesian
    assert formats.moment(UTC_MOMENT, zone, english=True) == english


def test_the_compact_moment_keeps_date_time_and_zone_for_table_cells() -> None:
    assert formats.moment(UTC_MOMENT, "Asia/Makassar", compact=True) == "26 Nov 2026 10.15 WITA"
    assert formats.moment(UTC_MOMENT, "Asia/Jakarta", True, compact=True) == "26 Nov 2026 09:15 WIB"


def test_a_date_reads_without_a_time_in_both_languages() -> None:
    assert formats.day(date(2026, 12, 18)) == "Jumat, 18 Desember 2026"
    assert formats.day(date(2026, 12, 18), english=True) == "Friday, 18 December 2026"
    assert formats.day(date(2026, 8, 17), compact=True) == "17 Agu 2026"


def test_a_moment_beyond_indonesia_keeps_its_own_zone_abbreviation() -> None:
    assert formats.moment(UTC_MOMENT, "UTC", english=True) == "Thursday, 26 November 2026 02:15 UTC"


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_a_date_only_deadline_ends_with_its_day_and_reads_as_that_date(zone: str) -> None:
    ends = end_of_day(date(2026, 12, 18), zone)
    assert ends == datetime(2026, 12, 19, tzinfo=ZoneInfo(zone))
    assert day_meant(ends, zone) == date(2026, 12, 18)
    assert formats.due(ends, zone) == "Jumat, 18 Desember 2026"
    assert formats.due(ends, zone, english=True, compact=True) == "18 Dec 2026"


def test_a_deadline_with_a_time_of_day_reads_as_the_moment() -> None:
    exact = datetime(2026, 12, 18, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert day_meant(exact, "Asia/Jakarta") is None
    assert formats.due(exact, "Asia/Jakarta") == "Jumat, 18 Desember 2026 16.00 WIB"
    almost = end_of_day(date(2026, 12, 18), "Asia/Jakarta") - timedelta(microseconds=1)
    assert day_meant(almost, "Asia/Jakarta") is None


def test_midnight_in_another_zone_is_not_the_end_of_the_tenants_day() -> None:
    jakarta_midnight = end_of_day(date(2026, 12, 18), "Asia/Jakarta")
    assert day_meant(jakarta_midnight, "Asia/Makassar") is None
    assert day_meant(jakarta_midnight) == date(2026, 12, 18)  # its own offset, as events store it


@pytest.mark.parametrize(
    ("value", "digits", "indonesian", "english"),
    [(0.6, 2, "0,60", "0.60"), (1234, 2, "1.234", "1,234"), (1234.5, 1, "1.234,5", "1,234.5"),
     (35.0, 2, "35", "35")],
)  # fmt: skip
def test_numbers_use_the_readers_decimal_and_thousands_marks(
    value: float, digits: int, indonesian: str, english: str
) -> None:
    assert formats.number(value, digits=digits) == indonesian
    assert formats.number(value, english=True, digits=digits) == english


@pytest.mark.parametrize(
    ("value", "unit", "indonesian", "english"),
    [
        # Office time: a day is the office's day (07:30-16:00 = 510 minutes by default).
        (38029.5, "menit_kerja", "74 hari 5 jam kerja", "74 days 5 h office time"),
        (76056.0, "menit_kerja", "149 hari 1 jam kerja", "149 days 1 h office time"),
        (200.0, "menit_kerja", "3 jam 20 menit kerja", "3 h 20 min office time"),
        (3.5, "menit_kerja", "3,50 menit kerja", "3.50 min office time"),
        (5.0, "menit_kerja", "5 menit kerja", "5 min office time"),
        (8.5, "jam_kerja", "1 hari kerja", "1 day office time"),
        (1.0, "jam_kerja", "1 jam kerja", "1 h office time"),
        # Working days: the part of a day on the clock, so its hours are not office hours.
        (2.12, "hari_kerja", "2 hari 1 jam kerja", "2 days 1 h office time"),  # office days of 8.5 h
        (14.83, "hari_kerja", "14 hari 7 jam kerja", "14 days 7 h office time"),
        (1.0, "hari_kerja", "1 hari kerja", "1 working day"),
        (0.6, "hari_kerja", "5 jam 6 menit kerja", "5 h 6 min office time"),
        (0.04, "hari_kerja", "20 menit kerja", "20 min office time"),
        (0.0, "hari_kerja", "0 hari kerja", "0 working days"),
        (0.9999, "hari_kerja", "1 hari kerja", "1 working day"),  # rounded up to the whole day
        # Calendar days.
        (23.57, "hari", "23 hari 14 jam", "23 days 14 h"),
        (60.0, "hari", "60 hari", "60 days"),
        (None, "hari", "-", "-"),
    ],
)
def test_a_duration_reads_in_its_two_largest_units(
    value: float | None, unit: str, indonesian: str, english: str
) -> None:
    assert formats.duration(value, unit) == indonesian
    assert formats.duration(value, unit, english=True) == english


def test_office_time_counts_its_days_in_the_tenants_office_day() -> None:
    """An office open 08:00-16:00 has an 8-hour day: 16 office hours are 2 days of it."""
    assert formats.duration(16.0, "jam_kerja", office_day_minutes=480) == "2 hari kerja"
    assert formats.duration(16.0, "jam_kerja") == "1 hari 8 jam kerja"  # 07:30-16:00
