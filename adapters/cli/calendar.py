"""`alur calendar …` for a tenant's office calendar: show a year, add or remove a day off, set
office hours for a range, record a year's national holidays. Through the tenant's own commands
with the operator's actor, as the admin page does: the same rules, the same events."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from adapters.cli.people import tenant_desk
from domain import commands as c
from domain.documents import Upload
from domain.office_calendar import KINDS


def register_calendar_commands(cal: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = cal.add_parser("show", help="kalender kerja tenant / a tenant's office calendar")
    show.add_argument("--tenant", required=True, metavar="SLUG")
    show.add_argument("--year", type=int, metavar="YYYY")
    show.set_defaults(handler=_show)

    grounds = argparse.ArgumentParser(add_help=False)
    grounds.add_argument("--tenant", required=True, metavar="SLUG")
    grounds.add_argument("--reference", required=True, metavar="SK/SKB", help="nomor SK/SKB / decree number")
    grounds.add_argument("--reason", required=True, metavar="TEXT", help="alasan / reason")

    add = cal.add_parser("add-day", parents=[grounds], help="tambah hari libur / add a day off")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--name", required=True, metavar="TEXT")
    add.add_argument("--kind", default="libur-daerah", choices=list(KINDS))
    add.set_defaults(handler=_add)

    remove = cal.add_parser("remove-day", parents=[grounds], help="jadikan hari kerja / make a working day")
    remove.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    remove.set_defaults(handler=_remove)

    hours = cal.add_parser("set-hours", parents=[grounds], help="jam kantor rentang tanggal / office hours")
    hours.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD")
    hours.add_argument("--until", dest="last", required=True, metavar="YYYY-MM-DD")
    hours.add_argument("--start", required=True, metavar="HH:MM")
    hours.add_argument("--end", required=True, metavar="HH:MM")
    hours.set_defaults(handler=_hours)

    stalled = cal.add_parser("set-stalled-after", help="langkah tanpa waktu baku macet setelah N hari kerja "
                             "/ a step with no time standard is stalled after N working days")
    stalled.add_argument("--tenant", required=True, metavar="SLUG")
    stalled.add_argument("--days", required=True, type=int, metavar="N")
    stalled.add_argument("--reason", required=True, metavar="TEXT")
    stalled.set_defaults(handler=_stalled)
    head = cal.add_parser("set-letterhead", help="kop surat dokumen yang dibuat layanan / the letterhead of "
                          "the documents the service makes")
    head.add_argument("--tenant", required=True, metavar="SLUG")
    head.add_argument("--government", required=True, metavar="TEXT", help="PEMERINTAH KABUPATEN ...")
    head.add_argument("--office", required=True, metavar="TEXT", help="DINAS KOMUNIKASI DAN INFORMATIKA ...")
    head.add_argument("--address", default="", metavar="TEXT")
    head.add_argument("--city", required=True, metavar="TEXT")
    head.add_argument("--logo", type=Path, metavar="FILE", help="PNG atau JPEG / PNG or JPEG")
    head.add_argument("--reason", required=True, metavar="TEXT")
    head.set_defaults(handler=_letterhead)

    years = cal.add_parser("record-year", help="catat libur nasional setahun / record a year's holidays")
    years.add_argument("--tenant", required=True, metavar="SLUG")
    years.add_argument("years", nargs="+", type=int, metavar="YYYY")
    years.set_defaults(handler=_record)


def _show(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        view = desk.queries.office_calendar(actor, args.year, datetime.now(desk.queries.calendar.zone))
    hours = f"{view.office_hours.start:%H:%M}-{view.office_hours.end:%H:%M}"
    state = f"tercatat / recorded ({view.source})" if view.recorded else "belum dicatat / not recorded yet"
    days = f"{view.working_days} hari kerja / working days"
    print(f"{view.year} · {view.timezone} · {hours} · {days} · {state}")
    for day in view.days:
        why = f" {day.reason}" if day.reason else ""
        print(f"{day.day.isoformat()}  {day.kind:<15} {day.name}  [{day.reference}]{why}")
    for day in view.removed:
        print(f"{day.day.isoformat()}  hari kerja / working day  [{day.reference}] {day.reason}")
    for span in view.ranges:
        when = f"{span.first.isoformat()}..{span.last.isoformat()}"
        print(f"{when}  {span.hours.start:%H:%M}-{span.hours.end:%H:%M}  [{span.reference}] {span.reason}")
    return 0


def _moved(change: c.AddDayOff | object) -> int:
    moved = getattr(change, "moved", ())
    event = getattr(change, "event", "")
    print(f"dicatat / recorded: {event}; tenggat dihitung ulang / deadlines recomputed: {len(moved)}")
    for request_id, step, was, due in moved:
        print(f"  {request_id} langkah / step {step}: {was.isoformat() if was else '-'} -> "
              f"{due.isoformat() if due else '-'}")  # fmt: skip
    return 0


def _add(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        command = c.AddDayOff(args.date, args.name, args.kind, args.reference, args.reason)
        return _moved(desk.commands.add_day_off(actor, command))


def _remove(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        command = c.RemoveDayOff(args.date, args.reference, args.reason)
        return _moved(desk.commands.remove_day_off(actor, command))


def _hours(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        command = c.SetOfficeHours(args.first, args.last, args.start, args.end, args.reference, args.reason)
        return _moved(desk.commands.set_office_hours(actor, command))


def _record(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        recorded = desk.commands.record_holiday_years(actor, c.RecordHolidayYears(tuple(args.years)))
    listed = ", ".join(str(y) for y in recorded) or "tidak ada (sudah tercatat) / none (already recorded)"
    print(f"dicatat / recorded: {listed}")
    return 0


def _stalled(args: argparse.Namespace) -> int:
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        done = desk.commands.set_stalled_after(actor, c.SetStalledAfter(args.days, args.reason))
    print(f"langkah tanpa waktu baku macet setelah / a step with no time standard is stalled after "
          f"{done.days} hari kerja / working days")
    return 0


def _letterhead(args: argparse.Namespace) -> int:
    logo = Upload(args.logo.name, args.logo.read_bytes(), "logo") if args.logo else None
    command = c.SetLetterhead(args.government, args.office, args.address, args.city, args.reason, logo)
    with tenant_desk(args, args.tenant) as (_, desk, actor):
        done = desk.commands.set_letterhead(actor, command)
    print(f"kop surat / letterhead: {done.government} — {done.office} ({done.city})"
          + (" + logo" if done.logo else ""))
    return 0
