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
