"""SOP compliance as a CSV file for a spreadsheet, written as the audit trail's is
(projections/audit_export.py): UTF-8 with a BOM, `;` with Indonesian headers and words, `,`
with English ones, every cell through `csv_cell`.

One table: per SOP version, its summary rows (total, finished, running, followed the path,
deviated), a row per kind (each deviation and each early ending) and a row per step.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.labels import Text
from projections.audit_export import csv_cell
from projections.compliance import KIND_WORDS, ComplianceReport, ComplianceVariant

# (key, Indonesian header, English header), in the file's order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("sop", "SOP", "SOP"),
    ("version", "Versi", "Version"),
    ("section", "Bagian", "Section"),
    ("kind", "Jenis", "Kind"),
    ("deviation", "Penyimpangan", "Deviation"),
    ("step", "Langkah", "Step"),
    ("description", "Uraian langkah", "Step description"),
    ("requests", "Permohonan", "Requests"),
    ("occurrences", "Kejadian", "Occurrences"),
    ("late", "Terlambat", "Late"),
    ("loops", "Putaran ulang", "Loops back"),
    ("returned", "Dikembalikan", "Returned"),
    ("total", "Dari total", "Of total"),
)
SECTIONS: dict[str, Text] = {
    "summary": ("ringkasan", "summary"),
    "kind": ("penyimpangan dan akhir", "deviation or ending"),
    "step": ("langkah", "step"),
}
SUMMARY: dict[str, Text] = {
    "total": ("jumlah permohonan", "requests"),
    "finished": ("selesai", "finished"),
    "running": ("berjalan", "running"),
    "followed": ("sesuai alur SOP", "followed the SOP's path"),
    "deviated": ("menyimpang", "deviated"),
}


def headers(lang: str) -> list[str]:
    return [english if lang == "en" else indonesian for _, indonesian, english in COLUMNS]


def _say(text: Text, lang: str) -> str:
    return text[1] if lang == "en" else text[0]


def rows(variant: ComplianceVariant, lang: str) -> list[dict[str, object]]:
    """The version's rows, by column key."""
    base = {"sop": variant.variant_id, "version": variant.variant_version, "total": variant.total}
    found: list[dict[str, object]] = []
    summary = _say(SECTIONS["summary"], lang)
    for key, words in SUMMARY.items():
        found.append(
            {**base, "section": summary, "kind": _say(words, lang), "requests": getattr(variant, key)}
        )
    yes, no = ("yes", "no") if lang == "en" else ("ya", "tidak")
    for deviation in variant.deviations:
        found.append({**base, "section": _say(SECTIONS["kind"], lang),
                      "kind": _say(KIND_WORDS[deviation.kind][0], lang),
                      "deviation": yes if deviation.deviation else no, "requests": deviation.requests,
                      "occurrences": deviation.occurrences})  # fmt: skip
    for step in variant.steps:
        found.append({**base, "section": _say(SECTIONS["step"], lang), "step": step.step,
                      "description": step.description, "requests": step.passed, "late": step.late,
                      "loops": step.loops, "returned": step.returned})  # fmt: skip
    return found


def to_csv(report: ComplianceReport, *, lang: str) -> str:
    """The report as a CSV file (a BOM first; `;` in Indonesian, `,` in English)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if lang == "id" else ",", lineterminator="\r\n")
    writer.writerow(headers(lang))
    for variant in report.variants:
        for row in rows(variant, lang):
            writer.writerow([csv_cell(row.get(key, "")) for key, _, _ in COLUMNS])
    return out.getvalue()


def file_name(slug: str, now: datetime, zone: ZoneInfo, extension: str = "csv") -> str:
    """ "kepatuhan-sumbawa-2026-12-05.csv": the tenant's local date of the export."""
    return f"kepatuhan-{slug}-{now.astimezone(zone):%Y-%m-%d}.{extension}"
