"""Moments, dates and numbers as people read them, in Indonesian or English: one place for all.

"Kamis, 26 November 2026 10.15 WITA" / "Thursday, 26 November 2026 10:15 WITA"; a date-only
value without the time; "0,60" / "0.60" and "1.234" / "1,234". Fixed name tables rather than the
`locale` module: the server's locales are not ours to rely on, and a locale is process-wide.
Every page, template, chart and read model calls these (here in domain/, plain Python, so the
projections that write sentences can too); the compact forms are for dense table cells, with
the full text as their title.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.calendar import day_meant

DAYS = (
    ("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
    ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday"),
)  # fmt: skip
MONTHS = (
    ("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"),
    ("Mei", "May"), ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"),
    ("September", "September"), ("Oktober", "October"), ("November", "November"),
    ("Desember", "December"),
)  # fmt: skip
SHORT_MONTHS = (
    ("Jan", "Jan"), ("Feb", "Feb"), ("Mar", "Mar"), ("Apr", "Apr"), ("Mei", "May"), ("Jun", "Jun"),
    ("Jul", "Jul"), ("Agu", "Aug"), ("Sep", "Sep"), ("Okt", "Oct"), ("Nov", "Nov"), ("Des", "Dec"),
)  # fmt: skip
ZONE_NAMES = {  # what Indonesians call their zones, whatever the tz database's abbreviation
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}  # fmt: skip


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def zone_name(local: datetime, zone: ZoneInfo | str) -> str:
    """WIB, WITA or WIT for Indonesia's zones; the tz database's abbreviation elsewhere."""
    return ZONE_NAMES.get(str(_zone(zone).key), local.tzname() or "")


def day(value: date, english: bool = False, compact: bool = False) -> str:
    """ "Jumat, 18 Desember 2026" / "Friday, 18 December 2026"; compact "18 Des 2026"."""
    if compact:
        return f"{value.day} {SHORT_MONTHS[value.month - 1][english]} {value.year}"
    name = DAYS[value.weekday()][english]
    return f"{name}, {value.day} {MONTHS[value.month - 1][english]} {value.year}"


def moment(value: datetime, zone: ZoneInfo | str, english: bool = False, compact: bool = False) -> str:
    """ "Kamis, 26 November 2026 10.15 WITA" / "Thursday, 26 November 2026 10:15 WITA", in the
    tenant's zone; compact "26 Nov 2026 10.15 WITA"."""
    local = value.astimezone(_zone(zone))
    clock = f"{local.hour:02d}{':' if english else '.'}{local.minute:02d}"
    return f"{day(local.date(), english, compact)} {clock} {zone_name(local, zone)}"


def due(value: datetime, zone: ZoneInfo | str, english: bool = False, compact: bool = False) -> str:
    """A deadline or an end: the date it stands for when it is the end of a whole day (a date
    given without a time), else the moment itself."""
    meant = day_meant(value, _zone(zone))
    return day(meant, english, compact) if meant is not None else moment(value, zone, english, compact)


def number(value: float | None, english: bool = False, digits: int = 2) -> str:
    """A figure as its reader writes it: "1.234,50" in Indonesian, "1,234.50" in English;
    whole numbers without decimals ("35", "1.234")."""
    if value is None:
        return "-"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{digits}f}"
    return text if english else text.translate(str.maketrans(",.", ".,"))


# The units a duration is measured in (projections/sla.py `UNITS`): office time (minutes or hours
# inside office hours), working days (whole working days, a part of one counted on the clock) and
# calendar days.
_OFFICE_UNITS = {"menit_kerja": 1.0, "jam_kerja": 60.0}


def duration(value: float | None, unit: str, office_day_minutes: float = 510.0, english: bool = False) -> str:
    """A duration in its two largest units, rounded in the smaller: "74 hari 5 jam kerja" rather
    than "38.029,50 menit kerja", so a figure reads at a glance; the meaning never changes.

    Office time (`menit_kerja`, `jam_kerja`, and `hari_kerja`, which counts office days of office
    time: domain/calendar.py) counts a day as one office day of the tenant (`office_day_minutes`,
    07:30–16:00 = 510 by default): "3 hari 4 jam kerja" / "3 days 4 h office time". Calendar
    days (`hari`): "1 hari 23 jam" / "1 day 23 h". Under an hour, office minutes as they are
    ("3,50 menit kerja"; a fraction of an office day in whole minutes).
    """
    if value is None:
        return "-"
    office = unit in _OFFICE_UNITS or unit == "hari_kerja"
    per = office_day_minutes if unit == "hari_kerja" else _OFFICE_UNITS.get(unit, 1440.0)
    minutes = value * per if office else value * 1440.0
    day = office_day_minutes if office else 1440.0
    parts: list[tuple[float, str]] = []  # (amount, "hari" | "jam" | "menit")
    whole = round(minutes)
    if round(minutes, 2) < 60 and not (unit in ("hari", "hari_kerja") and minutes == 0):
        exact = unit in _OFFICE_UNITS  # minutes counted as such; a day's fraction in whole minutes
        parts.append((round(minutes, 2) if exact else round(minutes), "menit"))
    elif whole >= day or minutes == 0:
        days = int(whole // day)
        hours = round((whole - days * day) / 60)
        if hours * 60 >= day:  # rounded up to a whole day
            days, hours = days + 1, 0
        parts.append((days, "hari"))
        if hours:
            parts.append((hours, "jam"))
    else:
        hours, rest = divmod(whole, 60)
        parts.append((hours, "jam"))
        if rest:
            parts.append((rest, "menit"))
    return _duration_words(parts, unit, english)


def _duration_words(parts: list[tuple[float, str]], unit: str, english: bool) -> str:
    en = {"hari": ("day", "days"), "jam": ("h", "h"), "menit": ("min", "min")}
    words = []
    for amount, name in parts:
        figure = number(amount, english)
        if english:
            words.append(f"{figure} {en[name][amount != 1]}")
        else:
            words.append(f"{figure} {name}")
    if unit == "hari_kerja" and english and [name for _, name in parts] == ["hari"]:
        return words[0].replace("day", "working day")  # "1 working day", "3 working days"
    if unit in _OFFICE_UNITS or unit == "hari_kerja":
        return " ".join(words) + (" office time" if english else " kerja")
    return " ".join(words)
