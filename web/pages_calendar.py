"""The office calendar's admin page (kalender kerja): a year's days off with their legal ground,
office hours by date range, and the forms that change them. Every route only translates; the
rules (admins only, a reference and a reason, deadlines moved) are in the handlers."""

from __future__ import annotations

from functools import partial

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import formats
from domain.office_calendar import KINDS, REGIONAL
from web import builders, inputs
from web.render import Page, page


def calendar(p: Page, failed: str | None = None) -> Response:
    """The year asked for (`?year=`), else this year; `failed`: the form whose refusal shows."""
    year = inputs.integer(p.request.query_params, "year") or inputs.integer(p.form, "year")
    view = p.t.queries.office_calendar(p.user, year, p.t.now, to_change=True)
    # A regional day off is what an office adds most; it comes first (the form's default).
    named = [(kind, names[p.lang == "en"]) for kind, names in KINDS.items()]
    kinds = sorted(named, key=lambda k: k[0] != REGIONAL)
    rules = p.t.queries.office_rules(p.user)
    return p.render("admin_calendar.html", view=view, kinds=kinds, failed=failed, rules=rules,
                    day=lambda d: formats.day(d, p.lang == "en"))  # fmt: skip


def _moved(change: object) -> tuple[str, str]:
    count = len(getattr(change, "moved", ()))
    if not count:
        return " · tidak ada tenggat yang berubah", " · no deadline changed"
    return (f" · tenggat {count} langkah berjalan dihitung ulang (lihat riwayatnya)",
            f" · the deadline of {count} running step(s) recomputed (see their history)")  # fmt: skip


def _back(p: Page, day: str) -> str:
    year = day[:4] if day[:4].isdigit() else ""
    return f"{p.base}/admin/calendar" + (f"?year={year}" if year else "")


def add_day_off(p: Page) -> Response:
    command = builders.add_day_off(p.form)
    change = p.t.commands.add_day_off(p.user, command)
    ind, eng = _moved(change)
    return p.done(_back(p, command.day), f"{command.day} ditetapkan sebagai hari libur{ind}",
                  f"{command.day} recorded as a day off{eng}")  # fmt: skip


def remove_day_off(p: Page) -> Response:
    command = builders.remove_day_off(inputs.text(p.form, "date"), p.form)
    change = p.t.commands.remove_day_off(p.user, command)
    ind, eng = _moved(change)
    return p.done(_back(p, command.day), f"{command.day} menjadi hari kerja kembali{ind}",
                  f"{command.day} is a working day again{eng}")  # fmt: skip


def set_hours(p: Page) -> Response:
    command = builders.set_office_hours(p.form)
    change = p.t.commands.set_office_hours(p.user, command)
    ind, eng = _moved(change)
    span = f"{command.start}–{command.end}, {command.first} s.d. {command.last}"
    return p.done(_back(p, command.first), f"Jam kantor {span} dicatat{ind}",
                  f"Office hours {span} recorded{eng}")  # fmt: skip


def set_stalled_after(p: Page) -> Response:
    done = p.t.commands.set_stalled_after(p.user, builders.stalled_after(p.form))
    days = done.days
    return p.done(f"{p.base}/admin/calendar#stalled",
                  f"Langkah tanpa standar waktu kini macet setelah {days} hari kerja; alasan dicatat",
                  f"A step with no time standard now counts as stalled after {days} working days; "
                  "reason recorded")  # fmt: skip


def record_year(p: Page) -> Response:
    command = builders.record_years(p.form)
    recorded = p.t.commands.record_holiday_years(p.user, command)
    year = command.years[0]
    if not recorded:
        return p.done(_back(p, str(year)), f"Hari libur {year} sudah tercatat; tidak ada yang diubah",
                      f"The holidays of {year} are already recorded; nothing changed")  # fmt: skip
    return p.done(_back(p, str(year)), f"Hari libur nasional dan cuti bersama {year} dicatat",
                  f"The national holidays and cuti bersama of {year} recorded")  # fmt: skip


POST = ["POST"]
ROUTES: list[BaseRoute] = [
    Route("/admin/calendar", page(calendar)),
    Route("/admin/calendar/days", page(add_day_off, fallback=partial(calendar, failed="add")), methods=POST),
    Route("/admin/calendar/removals", page(remove_day_off, fallback=partial(calendar, failed="remove")),
          methods=POST),
    Route("/admin/calendar/hours", page(set_hours, fallback=partial(calendar, failed="hours")), methods=POST),
    Route("/admin/calendar/years", page(record_year, fallback=partial(calendar, failed="year")),
          methods=POST),
    Route("/admin/calendar/stalled-after",
          page(set_stalled_after, fallback=partial(calendar, failed="stalled")), methods=POST),
]
