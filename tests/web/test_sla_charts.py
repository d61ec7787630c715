"""The SLA charts as the server draws them: SVG only (no style attribute, <style> or script, so
the strict CSP holds), figures in the reader's format, each step in its own unit, durations in
their largest units, one drawing per width (how they look in Chromium: test_browser_charts.py)."""

from __future__ import annotations

import re

from projections.sla import SlaMonth, SlaStep
from web.charts.sla import months_chart, number, steps_chart


def _step(step: int, standard: str | None, unit: str, aim: float | None, mid: float, p90: float) -> SlaStep:
    return SlaStep(
        "cirebon-2019", 1, step, "Menerima permohonan dari klien", "kadis", "Kadis DKIS", standard, unit,
        aim, 3, 3 if aim else 0, 1 if aim else 0, 1, 50.0, mid, p90,
    )  # fmt: skip


STEPS = [
    _step(2, "5 menit", "menit_kerja", 5.0, 3.5, 12.25),
    _step(4, "60 hari", "hari", 60.0, 23.57, 40.1),
    _step(5, None, "hari_kerja", None, 0.6, 0.9),
]
MONTHS = [SlaMonth("2026-04", 3, 1, 0, 75.0), SlaMonth("2026-05", 2, 0, 1, 66.7)]


def test_numbers_read_as_the_reader_writes_them() -> None:
    assert number(0.6) == "0,60" and number(1234.5) == "1.234,50" and number(35.0) == "35"
    assert number(0.6, english=True) == "0.60" and number(1234.5, english=True) == "1,234.50"
    assert number(66.7, digits=1) == "66,7" and number(None) == "-"


def test_the_charts_are_plain_svg_that_a_strict_csp_lets_through() -> None:
    for svg in (steps_chart(STEPS), months_chart(MONTHS), steps_chart(STEPS, english=True)):
        assert svg.startswith("<svg") and svg.count("<svg") == 3
        assert all(f'class="sla-chart fit-{fit}"' in svg for fit in ("narrow", "medium", "wide"))
        assert "style=" not in svg and "<style" not in svg.lower() and "<script" not in svg.lower()
        assert "href=" not in svg


def test_each_step_is_drawn_in_its_own_unit_with_indonesian_numbers() -> None:
    text = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", steps_chart(STEPS)))
    assert "5 menit kerja" in text and "3,50 menit kerja" in text and "12,25 menit kerja" in text
    assert "60 hari" in text and "23 hari 14 jam" in text and "5 jam 6 menit kerja" in text
    assert "Kadis DKIS" in text and "kadis " not in text
    english = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", steps_chart(STEPS, english=True)))
    assert "3.50 min office time" in english and "23 days 14 h" in english


def test_office_time_reads_in_office_days_of_the_tenant() -> None:
    """38.029,50 office minutes were shown as such; in office days of 8,5 hours they are 74 days
    5 hours (and in days of 8 hours, 79 days 2 hours)."""
    long = [_step(2, "15 menit", "menit_kerja", 15.0, 38029.5, 76056.0)]
    text = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", steps_chart(long)))
    assert "74 hari 5 jam kerja" in text and "149 hari 1 jam kerja" in text and "15 menit kerja" in text
    assert "38.029" not in text
    eight = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", steps_chart(long, office_day_minutes=480)))
    assert "79 hari 2 jam kerja" in eight


def test_the_monthly_trend_names_months_and_shares_in_indonesian() -> None:
    text = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", months_chart(MONTHS)))
    assert "Apr" in text and "2026" in text and "Mei" in text and "66,7%" in text and "75%" in text
    assert "masih terlambat" in text and "tepat waktu" in text
