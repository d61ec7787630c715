"""The office calendar as recorded: a year's days off, the days made working again, the office
hours of date ranges. Read from the calendar's own events, taken into the process's copy as
they come (`RequestService.refresh_calendar`), never from an aggregate replayed per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.actor import Actor
from domain.calendar import OfficeHours
from domain.errors import InvalidInputError, NotFoundError
from domain.office_calendar import FIRST_YEAR, LAST_YEAR, DayOff, HoursRange, OfficeDays
from domain.ports import HolidaySource
from domain.stalled import LetterheadSetting, StalledSetting
from projections.queries.base import QueriesBase


@dataclass(frozen=True)
class CalendarView:
    """One year of the office calendar, as the admin page and `GET /calendar` show it."""

    year: int
    timezone: str
    office_hours: OfficeHours
    recorded: bool  # the year's national holidays are recorded (else the package answers)
    days: list[DayOff] = field(default_factory=list)
    removed: list[DayOff] = field(default_factory=list)
    ranges: list[HoursRange] = field(default_factory=list)
    source: str = ""  # what the year's national holidays were taken from
    working_days: int = 0


class CalendarQueries(QueriesBase):
    """Set by the composition: how to take in the calendar's newer events, and the holiday
    source that answers for a year not recorded yet."""

    refresh_calendar: Callable[[], None] = staticmethod(lambda: None)  # type: ignore[assignment]
    holidays: HolidaySource | None = None
    stalled_setting: Callable[[], StalledSetting] = staticmethod(StalledSetting)  # type: ignore[assignment]

    letterhead_setting: Callable[[], LetterheadSetting | None] = staticmethod(lambda: None)  # type: ignore[assignment]

    def letterhead(self, actor: Actor) -> LetterheadSetting | None:
        """The kop surat the office set for its documents (None: the default from its name)."""
        return self.letterhead_setting()

    def letterhead_logo(self, actor: Actor) -> tuple[dict[str, object], bytes]:
        """The logo of the kop surat, as set."""
        found = self.letterhead_setting()
        content = self.documents.content(str(found.logo["sha256"])) if found and found.logo else None
        if found is None or found.logo is None or content is None:
            raise NotFoundError("kop surat belum memuat logo", "the letterhead has no logo", field="logo")
        return dict(found.logo), content

    def office_rules(self, actor: Actor) -> StalledSetting:
        """The office's working rules; anyone signed in may read what their steps are held to."""
        return self.stalled_setting()

    def office_calendar(
        self, actor: Actor, year: int | None, now: datetime, *, to_change: bool = False
    ) -> CalendarView:
        """Anyone signed in may read the calendar their deadlines are counted in; the page that
        changes it (`to_change`) is the admin's."""
        if to_change:
            actor.require_admin()
        year = year or now.astimezone(self.calendar.zone).year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidInputError(
                f"tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}",
                f"the year {year} is outside {FIRST_YEAR}-{LAST_YEAR}",
                field="year",
            )
        self.refresh_calendar()
        calendar = self.calendar
        recorded = getattr(calendar, "recorded", None)
        days = recorded if isinstance(recorded, OfficeDays) else OfficeDays(calendar.is_holiday)
        listed = days.year(year)
        if year not in days.years and self.holidays is not None:  # not recorded yet: the source's
            known = days.days.keys() | days.removed.keys()
            more = [d for d in self.holidays.days(year) if d.day not in known]
            listed = sorted(listed + more, key=lambda d: d.day)
        source = next((d.reference for d in listed if d.reference.startswith("holidays")), "")
        first, after = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
        working = sum(calendar.is_working_day(date.fromordinal(n)) for n in range(first, after))
        return CalendarView(year, calendar.timezone, calendar.office_hours, year in days.years, listed,
                            days.removed_in(year), days.ranges_in(year), source, working)  # fmt: skip

