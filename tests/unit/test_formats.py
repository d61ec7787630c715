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
