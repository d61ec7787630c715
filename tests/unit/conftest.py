"""Fixtures for unit tests: pure domain objects, no database, no clock but the one passed in."""

from __future__ import annotations

import pytest

from adapters.holidays_id import indonesian_calendar
from domain.calendar import WorkingCalendar


@pytest.fixture(scope="session")
def makassar() -> WorkingCalendar:
    """The working calendar of a WITA tenant (Sumbawa)."""
    return indonesian_calendar("Asia/Makassar")
