"""The handlers of the office calendar and working rules: the admin records days off and office
hours, each with its legal reference and reason (the deadlines of the steps a change touches
move with it), and after how many working days a step with no time standard counts as macet."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from domain import commands as c
from domain.actor import Actor
from domain.calendar_service import CalendarChange
from domain.documents import check_upload
from domain.errors import InvalidInputError, UnsupportedMediaError
from domain.handlers.base import CommandsBase
from domain.office_calendar import FIRST_YEAR, LAST_YEAR, OfficeCalendar, parse_day
from domain.ports import HolidaySource, Workload
from domain.request import Request
from domain.stalled import LOGO_TYPES, MAX_LOGO, LetterheadSetting, StalledSetting


class CalendarCommands(CommandsBase):
    """The office calendar's commands (admins only, at every door)."""

    holidays: HolidaySource
    workload: Workload

    def add_day_off(self, actor: Actor, command: c.AddDayOff) -> CalendarChange:
        actor.require_admin()
        day = parse_day(command.day)
        weekdays = self.service.calendar.office_hours.weekdays

        def change(calendar: OfficeCalendar) -> None:
            calendar.add_day_off(day, command.name, command.kind, command.reference, command.reason,
                                 actor.username, self.service.clock(), weekdays)  # fmt: skip

        return self._change(actor, change, day, day)

    def remove_day_off(self, actor: Actor, command: c.RemoveDayOff) -> CalendarChange:
        actor.require_admin()
        day = parse_day(command.day)
        is_holiday = self.service.calendar.is_holiday

        def change(calendar: OfficeCalendar) -> None:
            calendar.remove_day_off(day, command.reference, command.reason, actor.username,
                                    self.service.clock(), is_holiday)  # fmt: skip

        return self._change(actor, change, day, day)

    def set_office_hours(self, actor: Actor, command: c.SetOfficeHours) -> CalendarChange:
        actor.require_admin()
        first, last = parse_day(command.first, "first"), parse_day(command.last, "last")

        def change(calendar: OfficeCalendar) -> None:
            calendar.set_hours(first, last, command.start, command.end, command.reference, command.reason,
                               actor.username, self.service.clock())  # fmt: skip

        return self._change(actor, change, first, last)

    def set_stalled_after(self, actor: Actor, command: c.SetStalledAfter) -> StalledSetting:
        """After how many working days a step with no time standard counts as macet (admins)."""
        actor.require_admin()
        return self.service.set_stalled_after(command.days, command.reason, actor.username)

    def set_letterhead(self, actor: Actor, command: c.SetLetterhead) -> LetterheadSetting:
        """The kop surat of the documents the service makes (admins); a logo is a PNG or JPEG of
        at most 512 KB."""
        actor.require_admin()
        logo = None
        if command.logo is not None:
            logo = check_upload(command.logo, MAX_LOGO, field="logo")
            if logo.content_type not in LOGO_TYPES:
                raise UnsupportedMediaError(
                    "logo harus berupa PNG atau JPEG", "the logo must be a PNG or JPEG", field="logo"
                )
        values = {"government": command.government, "office": command.office, "address": command.address,
                  "city": command.city}  # fmt: skip
        return self.service.set_letterhead(values, logo, command.reason, actor.username)

    def record_holiday_years(self, actor: Actor, command: c.RecordHolidayYears) -> list[int]:
        """Record years from the holiday source (an admin, the operator's CLI, or the service
        itself at start for the years around today)."""
        actor.require_admin()
        for year in command.years:
            if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
                raise InvalidInputError(
                    f"tahun {year!r} di luar {FIRST_YEAR}–{LAST_YEAR}",
                    f"the year {year!r} is outside {FIRST_YEAR}-{LAST_YEAR}",
                    field="year",
                )
        source = self.holidays
        return self.service.record_years(command.years, source.days, source.source, actor.username)

    def _change(self, actor: Actor, change: Any, first: Any, last: Any) -> CalendarChange:
        """Steps due from the day before the first changed date on may move (a day off or
        shorter hours push a deadline later; a day made working again pulls it earlier). The
        years it touches are recorded first, so the change is made to the calendar as kept."""
        # A change lands on recorded years only: the package's days of those years first.
        source = self.holidays
        self.service.record_years({first.year, last.year}, source.days, source.source, actor.username)
        zone = self.service.calendar.zone
        since = datetime.combine(first, time(0), zone) - timedelta(days=1)
        ids = self.workload.in_flight(since)

        def variant_of(request: Request) -> Any:
            return self.service.variant(request.variant_id, request.variant_version)

        return self.service.change_calendar(change, ids, actor=actor.username, variant_of=variant_of)
