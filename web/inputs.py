"""Checking what clients send (JSON bodies, forms, query strings) before the domain sees it.

Anything malformed becomes an InvalidInputError naming the field, so it is a 422 and never a
crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.errors import InvalidInputError

MAX_JSON = 256 * 1024
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # and lone surrogates (JSON "\ud800")
FIRST_YEAR, LAST_YEAR = 1900, 2200  # dates outside are typing slips, and 9999 + 1 day overflows
MAX_OFFSET = timedelta(hours=14)
INTEGER = re.compile(r"-?[0-9]{1,18}")  # the widest UTC offset in use (Kiribati)


# What a form calls a field, where the message sits beside it (the API's clients get the same
# message, and the field's own name in `field`).
LABELS = {
    "deadline": ("target waktu", "the deadline"),
    "valid_from": ("tanggal mulai", "the start date"),
    "valid_until": ("tanggal akhir", "the end date"),
    "expected_version": ("versi permohonan", "the request's version"),
}


def invalid(field: str, indonesian: str, english: str) -> InvalidInputError:
    label_id, label_en = LABELS.get(field, (field, field))
    return InvalidInputError(f"{label_id}: {indonesian}", f"{label_en}: {english}", field=field)


def json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    if len(raw) > MAX_JSON:
        raise invalid("body", "terlalu besar", "too large")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise invalid("body", "bukan JSON yang sah", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise invalid("body", "harus berupa objek JSON", "must be a JSON object")
    return data


def text_list(data: Mapping[str, Any], field: str) -> tuple[str, ...]:
    """A JSON list of strings (absent: empty); anything else is refused naming the field."""
    value = data.get(field)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid(field, "harus berupa daftar teks", "must be a list of strings")
    if len(value) > 100:
        raise invalid(field, "terlalu banyak isian (paling banyak 100)", "too many items (at most 100)")
    return tuple(value)


def text(data: Mapping[str, Any], field: str, default: str = "") -> str:
    value = data.get(field)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid(field, "harus teks", "must be text")
    return clean(field, value)


def clean(field: str, value: str) -> str:
    """Text that can be stored: a NUL byte fits no PostgreSQL text column, a lone surrogate no UTF-8."""
    if CONTROL.search(value):
        raise invalid(
            field,
            "mengandung karakter kendali atau karakter Unicode yang tidak sah",
            "contains control characters or invalid Unicode (a lone surrogate)",
        )
    return value


def optional_text(data: Mapping[str, Any], field: str) -> str | None:
    value = text(data, field).strip()
    return value or None


def integer(data: Mapping[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise invalid(field, "harus bilangan bulat", "must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and INTEGER.fullmatch(value.strip()):  # ASCII digits only: isdigit() takes "²"
        return int(value)
    raise invalid(field, "harus bilangan bulat", "must be an integer")


def boolean(data: Mapping[str, Any], field: str) -> bool | None:
    """A yes/no; absent is None, but given empty (`?overdue=`) is an error, not "no filter"."""
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "ya", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "tidak", "no"):
        return False
    raise invalid(field, "harus true atau false", "must be true or false")


def moment(data: Mapping[str, Any], field: str, zone: ZoneInfo, end_of_day: bool = False) -> datetime | None:
    """An ISO date or date-time; without a zone it is read in the tenant's time zone.

    A bare date as a deadline or an upper bound means the end of that day.
    """
    value = text(data, field).strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        pass
    else:
        _within_years(field, day.year)
        return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), zone)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            field,
            "tanggal atau waktu tidak terbaca (tulis misalnya 2026-03-16 atau 2026-03-16T10:00)",
            "the date or time cannot be read (write e.g. 2026-03-16 or 2026-03-16T10:00)",
        ) from None
    _within_years(field, parsed.year)
    offset = parsed.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise invalid(field, "zona waktu di luar ±14:00", "has a UTC offset beyond ±14:00")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def day_or_moment(data: Mapping[str, Any], field: str, zone: ZoneInfo) -> date | datetime | None:
    """A deadline or an end as the user meant it: a bare date stays a date (the application
    makes it "until the end of that day" and records the date); a date-time is an exact moment."""
    value = text(data, field).strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return moment(data, field, zone)
    _within_years(field, day.year)
    return day


def day(data: Mapping[str, Any], field: str) -> date | None:
    """A calendar date (year-month-day), such as a decree's; blank is None."""
    value = text(data, field).strip()
    if not value:
        return None
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise invalid(field, "tanggal tidak terbaca (tulis misalnya 2026-03-16)",
                      "the date cannot be read (write e.g. 2026-03-16)") from None  # fmt: skip
    _within_years(field, found.year)
    return found


def _within_years(field: str, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise invalid(
            field,
            f"tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}",
            f"the year must be between {FIRST_YEAR} and {LAST_YEAR}",
        )


def one_of(data: Mapping[str, Any], field: str, allowed: tuple[str, ...]) -> str | None:
    value = optional_text(data, field)
    if value is not None and value not in allowed:
        raise invalid(
            field, f"harus salah satu dari {', '.join(allowed)}", f"must be one of {', '.join(allowed)}"
        )
    return value


def uuid_text(data: Mapping[str, Any], field: str) -> str | None:
    """An optional request id, normalised as the read models store it."""
    value = optional_text(data, field)
    if value is None:
        return None
    try:
        return str(UUID(value))
    except ValueError:
        raise invalid(field, "bukan id permohonan", "is not a request id") from None
