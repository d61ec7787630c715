"""The audit trail as an inspector reads it, in either language: the row's words (who, in which
role, as Plt. or on behalf of whom, on time or late) and the CSV file for a spreadsheet.

The one CSV writer of the service and the CLI. Excel opens it as it is: UTF-8 with a BOM, `;`
between cells in Indonesian (the list separator of an Indonesian Windows, where `,` is the
decimal comma) and `,` in English; headers and words in the page's language; moments in the
tenant's zone with its name. No cell holds an event's JSON (the SOP-adoption event would put
the whole SOP file in one cell): the JSON export keeps every field.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from domain import formats, labels
from projections.audit import AuditEntry
from projections.audit_sentences import sentence, sk_said

TIMELINESS: dict[str, labels.Text] = {
    "on_time": ("tepat waktu", "on time"),
    "late": ("terlambat", "late"),
    "paused": ("dihentikan sementara", "paused"),
}

# (key, Indonesian header, English header), in the file's order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("position", "No", "No"),
    ("at", "Waktu", "Time"),
    ("event", "Peristiwa", "Event"),
    ("type", "Kode peristiwa", "Event code"),
    ("actor", "Pengguna", "Username"),
    ("actor_name", "Nama", "Name"),
    ("actor_nip", "NIP", "NIP"),
    ("role", "Peran", "Role"),
    ("acting", "Plt./Plh.", "Acting (Plt./Plh.)"),
    ("acting_sk", "SK Plt./Plh.", "Acting SK"),
    ("on_behalf_of", "Atas nama", "On behalf of"),
    ("request_title", "Permohonan", "Request"),
    ("letter_number", "Nomor surat", "Letter number"),
    ("request_id", "ID permohonan", "Request ID"),
    ("step", "Langkah", "Step"),
    ("timeliness", "Ketepatan waktu", "Timeliness"),
    ("sentence", "Uraian", "Description"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def headers(lang: str) -> list[str]:
    return [english if lang == "en" else indonesian for _, indonesian, english in COLUMNS]


def role_shown(entry: AuditEntry, lang: str) -> str:
    """The role a request's event was done in, by its name in the request's SOP ("" elsewhere)."""
    if entry.request_id is None or not entry.role:
        return ""
    return entry.role_name or labels.role_label(entry.role, lang)


def acting_shown(entry: AuditEntry, lang: str) -> str:
    """ "Plt. Kepala Seksi Aplikasi (SK 800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026)" when the
    role was held by an acting grant (its SK when the grant named one), else ""."""
    if not entry.acting:
        return ""
    sk = sk_shown(entry, lang)
    return f"{entry.acting_title or 'Plt.'} {role_shown(entry, lang)}{f' (SK {sk})' if sk else ''}"


def sk_shown(entry: AuditEntry, lang: str) -> str:
    """The acting grant's SK: "800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026" (English: "dated
    1 March 2026"), or "" (not acting, or a grant recorded before grants named their SK)."""
    if not entry.acting or not entry.acting_sk:
        return ""
    return sk_said(entry.acting_sk.get("number", ""), entry.acting_sk.get("date", ""), lang)


def on_behalf_shown(entry: AuditEntry, lang: str, prefixed: bool = True) -> str:
    """ "atas nama Sari Dewi" / "on behalf of Sari Dewi" (the appointee acted for), else ""."""
    if not entry.on_behalf_of:
        return ""
    name = entry.on_behalf_name or entry.on_behalf_of
    if not prefixed:
        return name
    return f"{'on behalf of' if lang == 'en' else 'atas nama'} {name}"


def timeliness_shown(entry: AuditEntry, lang: str) -> str:
    return labels.say(TIMELINESS[entry.timeliness], lang) if entry.timeliness in TIMELINESS else ""


def local_moment(moment: datetime, zone: ZoneInfo, lang: str) -> str:
    """ "5 Des 2026 10.15 WITA": the tenant's local time with its zone's name."""
    return formats.moment(moment, zone, lang == "en", compact=True)


def said(entry: AuditEntry, lang: str, zone: ZoneInfo) -> str:
    """The row's sentence in `lang`, its moments in the tenant's zone."""
    if not entry.parts:
        return entry.sentence
    return sentence(entry.parts, lang, lambda moment: local_moment(moment, zone, lang))


def row(entry: AuditEntry, lang: str, zone: ZoneInfo) -> list[object]:
    values: dict[str, object] = {
        "position": entry.position,
        "at": local_moment(entry.at, zone, lang),
        "event": labels.event_label(entry.type, lang, entry.kind),
        "type": entry.type,
        "actor": entry.actor,
        "actor_name": entry.actor_name,
        "actor_nip": entry.actor_nip,
        "role": role_shown(entry, lang),
        "acting": acting_shown(entry, lang),
        "acting_sk": sk_shown(entry, lang),
        "on_behalf_of": on_behalf_shown(entry, lang, prefixed=False),
        "request_title": entry.request_title,
        "letter_number": entry.letter_number,
        "request_id": entry.request_id or "",
        "step": "" if entry.step is None else entry.step,
        "timeliness": timeliness_shown(entry, lang),
        "sentence": said(entry, lang, zone),
    }
    return [csv_cell(values[key]) for key, _, _ in COLUMNS]


def to_csv(entries: list[AuditEntry], *, lang: str, zone: ZoneInfo) -> str:
    """The audit trail as a CSV file for a spreadsheet (a BOM first; `;` in Indonesian, `,` in
    English); every cell goes through `csv_cell`."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if lang == "id" else ",", lineterminator="\r\n")
    writer.writerow(headers(lang))
    for entry in entries:
        writer.writerow(row(entry, lang, zone))
    return out.getvalue()


def csv_cell(value: object) -> object:
    """A cell a spreadsheet reads as text, never as a formula: text beginning with = + - @, a tab
    or a carriage return gets a leading `'` (a role name in a tenant's own SOP file reaches the
    audit sentence, and `=HYPERLINK(...)` in it would run when an auditor opens the file)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_name(slug: str, now: datetime, zone: ZoneInfo, extension: str) -> str:
    """ "audit-sumbawa-2026-12-05.csv": the tenant's local date of the export."""
    return f"audit-{slug}-{now.astimezone(zone):%Y-%m-%d}.{extension}"


def to_json_document(entries: list[AuditEntry]) -> str:
    """Every field of every row (the event's full data included)."""
    return json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2)
