"""Reading the Waktu column of an SOP table as printed."""

from __future__ import annotations

import pytest

from domain.sop import MAX_TIME_STANDARD, TimeStandardError, parse_time_standard


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5 menit", 5, "menit"),
        ("120 menit", 120, "menit"),
        ("1 Hari Kerja", 1, "hari_kerja"),
        ("2 hari Kerja", 2, "hari_kerja"),
        ("3 hari", 3, "hari"),
        ("1 minggu", 1, "minggu"),
        ("1 bulan", 1, "bulan"),
    ],
)
def test_an_amount_and_a_unit_are_read_whatever_the_case(text: str, amount: int, unit: str) -> None:
    standard = parse_time_standard(text)
    assert (standard.amount, standard.unit, standard.maximum) == (amount, unit, False)


def test_maksimal_marks_the_amount_as_a_maximum() -> None:
    standard = parse_time_standard("Maksimal 35 Hari Kerja")
    assert (standard.amount, standard.unit, standard.maximum) == (35, "hari_kerja", True)


def test_a_target_is_set_during_the_request_and_has_no_amount() -> None:
    standard = parse_time_standard("Target Bidang PTIKP")
    assert standard.is_target
    assert standard.amount is None


def test_a_fixed_amount_is_not_a_target() -> None:
    assert not parse_time_standard("1 Hari Kerja").is_target


def test_the_text_is_kept_as_printed_with_spaces_collapsed() -> None:
    assert parse_time_standard("  1   Hari Kerja ").text == "1 Hari Kerja"


@pytest.mark.parametrize("text", ["sebentar", "0 hari", "", "hari kerja", "5 detik"])
def test_text_that_is_not_a_positive_amount_and_a_unit_is_refused(text: str) -> None:
    with pytest.raises(TimeStandardError):
        parse_time_standard(text)


UNIT_WORDS = {"hari_kerja": "Hari Kerja", "hari": "hari", "minggu": "minggu", "bulan": "bulan",
              "jam": "jam", "menit": "menit"}  # fmt: skip


@pytest.mark.parametrize("unit", MAX_TIME_STANDARD)
def test_about_two_years_is_read_and_one_more_is_refused_naming_the_limit(unit: str) -> None:
    limit = MAX_TIME_STANDARD[unit]
    assert parse_time_standard(f"Maksimal {limit} {UNIT_WORDS[unit]}").amount == limit
    with pytest.raises(TimeStandardError, match=f"melebihi batas {limit} .* beyond the limit of {limit}"):
        parse_time_standard(f"{limit + 1} {UNIT_WORDS[unit]}")


def test_a_stored_standard_beyond_the_limit_is_still_read_when_asked_unbounded() -> None:
    standard = parse_time_standard("1000000000 jam", bounded=False)
    assert (standard.amount, standard.unit) == (1_000_000_000, "jam")
