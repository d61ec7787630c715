"""Read model "audit": every event of the tenant, in order, as an auditor reads it.

Each row keeps the event's full data (never a password hash) and a sentence in Indonesian
written when the event was projected, with the role names of the SOP version the request ran
under ("Kepala Dinas mendisposisikan permohonan ke Kepala Bidang TI").
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain import formats
from domain.people import Opd, User
from domain.request import Request
from domain.sop import Variant
from domain.sop_version import SopVersion, TenantSop
from projections.base import (
    BatchTx,
    Context,
    Projection,
    Tx,
    aggregate_kind,
    event_data,
    event_type,
    parse_ts,
    to_json,
    ts,
)
from projections.listing import Columns, Sort, matching, order_by

ENDINGS = {
    "completed": "permohonan selesai",
    "declined": "permohonan tidak dilanjutkan",
    "rejected_for_resources": "permohonan ditolak karena sumber daya tidak tersedia",
}
SPECIAL_ROLES = {"admin": "Administrator", "auditor": "Auditor", "opd": "OPD pemohon"}


@dataclass(frozen=True)
class AuditEntry:
    position: int
    originator_id: str
    originator_version: int
    request_id: str | None
    kind: str
    type: str
    actor: str
    role: str
    step: int | None
    at: datetime
    sentence: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "originator_id": self.originator_id,
            "originator_version": self.originator_version,
            "request_id": self.request_id,
            "kind": self.kind,
            "type": self.type,
            "actor": self.actor,
            "role": self.role,
            "step": self.step,
            "at": self.at.isoformat(),
            "sentence": self.sentence,
            "data": self.data,
        }


class AuditProjection(Projection):
    name = "audit"
    version = 3
    tables = ("rm_audit", "rm_audit_requests", "rm_audit_users")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_audit ("
        " position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL,"
        " originator_version INTEGER NOT NULL, request_id TEXT, kind TEXT NOT NULL,"
        " type TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, step INTEGER,"
        " at TEXT NOT NULL, sentence TEXT NOT NULL, data TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rm_audit_request ON rm_audit (request_id, position)",
        "CREATE INDEX IF NOT EXISTS rm_audit_at ON rm_audit (at)",
        "CREATE TABLE IF NOT EXISTS rm_audit_requests ("
        " request_id TEXT PRIMARY KEY, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " title TEXT NOT NULL, letter_number TEXT NOT NULL, opd TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_audit_users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        data = event_data(event)
        originator = str(event.originator_id)
        request_id = originator if aggregate_kind(event) == "Request" else None
        if isinstance(event, Request.Submitted):
            tx.insert("rm_audit_requests", {"request_id": originator, "variant_id": event.variant_id,
                                            "variant_version": event.variant_version, "title": event.title,
                                            "letter_number": event.letter_number,
                                            "opd": event.opd})  # fmt: skip
            ctx.batch[("audit-sop", originator)] = (event.variant_id, event.variant_version)
        if isinstance(event, User.Registered):
            tx.insert("rm_audit_users", {"user_id": originator, "username": event.username})
            ctx.batch[("audit-user", originator)] = event.username
        at = data.get("at") if isinstance(data.get("at"), datetime) else event.timestamp
        step = data.get("step")
        tx.insert(
            "rm_audit",
            {
                "position": position,
                "originator_id": originator,
                "originator_version": event.originator_version,
                "request_id": request_id,
                "kind": aggregate_kind(event),
                "type": event_type(event),
                "actor": str(data.get("actor") or ""),
                "role": str(data.get("role") or ""),
                "step": step if isinstance(step, int) else None,
                "at": ts(at),
                "sentence": self._sentence(tx, event, ctx),
                "data": to_json(data),
            },
        )

    def _sentence(self, tx: BatchTx, event: Any, ctx: Context) -> str:
        originator = str(event.originator_id)
        if isinstance(event, Request.StepEvent | Request.Withdrawn | Request.TargetRevised):
            key = ctx.remembered(("audit-sop", originator), lambda: _variant_key(tx, originator))
            return request_sentence(event, ctx.variant(*key), ctx.calendar.zone)
        if isinstance(event, User.Registered):
            name = f" ({event.full_name})" if event.full_name else ""
            opd = f", OPD {event.opd}" if event.opd else ""
            return f"{event.actor} mendaftarkan pengguna {event.username}{name}{opd}"
        if isinstance(event, User.RoleGranted | User.RoleRevoked):
            username = ctx.remembered(("audit-user", originator), lambda: _username(tx, originator))
            role = SPECIAL_ROLES.get(event.role, event.role)
            if isinstance(event, User.RoleRevoked):
                return f"{event.actor} mencabut peran {role} dari {username}"
            period = ""
            if event.acting or event.valid_until is not None:
                zone = ctx.calendar.zone
                ends = event.valid_until
                until = f" s.d. {_until(ends, event.until_date, zone)}" if ends else ""
                period = f" (Plt. mulai {formats.moment(event.valid_from, zone)}{until})"
            return f"{event.actor} memberikan peran {role} kepada {username}{period}"
        if isinstance(event, Opd.Registered):
            return f"{event.actor} mendaftarkan OPD {event.code} — {event.name}"
        if isinstance(event, SopVersion.Adopted):
            return f"{event.actor} memakai SOP {event.variant_id} versi {event.variant_version}"
        if isinstance(event, TenantSop.Chosen | TenantSop.Switched):
            reason = getattr(event, "reason", "")
            return (
                f"{event.actor} menetapkan SOP {event.variant_id} versi {event.variant_version} "
                "untuk permohonan baru" + (f"; alasan: {reason}" if reason else "")
            )
        return f"Peristiwa {event_type(event)}"


def _until(instant: datetime, given: str | None, zone: ZoneInfo | None) -> str:
    """A deadline or an end in the sentence: the date given, else the exact moment."""
    if given:
        return formats.day(date.fromisoformat(given))
    return formats.moment(instant, zone or ZoneInfo("UTC"))


def _variant_key(tx: Tx, request_id: str) -> tuple[str, int]:
    row = tx.query(
        "SELECT variant_id, variant_version FROM rm_audit_requests WHERE request_id = ?", (request_id,)
    )[0]
    return row["variant_id"], row["variant_version"]


def _username(tx: Tx, user_id: str) -> str:
    rows = tx.query("SELECT username FROM rm_audit_users WHERE user_id = ?", (user_id,))
    return str(rows[0]["username"]) if rows else user_id


def request_sentence(event: Any, variant: Variant, zone: ZoneInfo | None = None) -> str:
    """One readable Indonesian sentence for a request event, in the words of its SOP (its
    moments in the tenant's `zone`)."""
    who = variant.role_name(event.role)
    if isinstance(event, Request.TargetRevised):
        targets = ", ".join(str(n) for n in event.deadline_for)
        until = _until(event.deadline, event.deadline_date, zone)
        return (f"{who} menetapkan target baru {until} untuk langkah {targets} (target lama "
                f"terlewati); alasan: {event.note}")  # fmt: skip
    if isinstance(event, Request.Withdrawn):
        at_step = f" pada langkah {event.step}" if event.step is not None else ""
        return f"{who} menarik permohonan{at_step}"
    number = event.step
    step = variant.step(number) if variant.has_step(number) else None
    next_name = variant.role_name(event.next_role) if event.next_role else ""
    kind = type(event).__name__
    if kind == "Submitted":
        main = f"{who} mengajukan permohonan \u201c{event.title}\u201d (surat {event.letter_number})"
    elif kind == "Disposed" and next_name:
        main = f"{who} mendisposisikan permohonan ke {next_name}"
    elif kind == "Assigned" and event.assignee:
        main = f"{who} menunjuk {event.assignee} (langkah {number})"
    elif kind == "DeadlineSet":
        when = _until(event.deadline, event.deadline_date, zone) if event.deadline else "-"
        targets = ", ".join(str(n) for n in event.deadline_for)
        main = f"{who} menetapkan target waktu {when} untuk langkah {targets}"
    elif kind == "RejectedForResources":
        main = f"{who} menolak permohonan karena sumber daya tidak tersedia (langkah {number})"
    elif kind == "UATPassed":
        main = f"{who} menyatakan UAT berhasil (langkah {number})"
    elif kind == "UATFailed":
        main = f"{who} menyatakan UAT belum berhasil (langkah {number})"
    elif kind == "HandedOver":
        main = f"{who} menyerahterimakan aplikasi dengan Berita Acara (langkah {number})"
    elif kind == "Archived":
        main = f"{who} mengarsipkan dokumen (langkah {number})"
    elif kind == "Decided" or event.decision is not None:
        question = step.decision.question if step is not None and step.decision else ""
        main = f"{who} memutuskan \u201c{event.decision}\u201d pada langkah {number}"
        main += f": {question}" if question else ""
    elif kind == "Analysed":
        main = f"{who} menyelesaikan analisis (langkah {number})"
    elif kind == "PlanReviewed":
        main = f"{who} menelaah rencana (langkah {number})"
    else:
        description = f": {step.description}" if step is not None else ""
        main = f"{who} menyelesaikan langkah {number}{description}"
    if event.end is not None:
        return f"{main}; {ENDINGS.get(event.end, event.end)}"
    if event.next_step is not None and not (kind == "Disposed" and next_name):
        return f"{main}; berikutnya langkah {event.next_step} oleh {next_name}"
    return main


@dataclass(frozen=True)
class AuditFilter:
    """Which events of the audit trail: each given filter must match."""

    request: str | None = None
    actor: str | None = None
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None  # the request's title, letter number or OPD, or the sentence


# The columns the audit trail may be sorted by (`?sort=`); by default in stored order.
SORTS: Columns = {
    "position": ("position",),
    "at": ("at",),
    "type": ("type",),
    "actor": ("actor",),
}
STORED = Sort("position")


def audit_entries(
    tx: Tx,
    where: AuditFilter = AuditFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    sort: Sort | None = None,
) -> list[AuditEntry]:
    """Events matching the filter, in the sort's order (by default as stored, or newest first)."""
    clause, params = _where(where)
    tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    sort = sort or Sort("position", descending=newest_first)
    rows = tx.query(f"SELECT * FROM rm_audit{clause}{order_by(sort, SORTS, 'position')}{tail}", params)
    return [_entry(row) for row in rows]


def count_audit(tx: Tx, where: AuditFilter = AuditFilter()) -> int:
    clause, params = _where(where)
    return int(tx.query(f"SELECT COUNT(*) AS n FROM rm_audit{clause}", params)[0]["n"])


def _where(where: AuditFilter) -> tuple[str, list[Any]]:
    found, params = [], []
    for column, value in (("request_id", where.request), ("actor", where.actor), ("type", where.type)):
        if value is not None:
            found.append(f"{column} = ?")
            params.append(value)
    if where.since is not None:
        found.append("at >= ?")
        params.append(ts(where.since))
    if where.until is not None:
        found.append("at <= ?")
        params.append(ts(where.until))
    if where.search is not None:
        columns = ("r.title", "r.letter_number", "r.opd")
        requests, patterns = matching(where.search, columns, opd_column="r.opd")
        sentence, pattern = matching(where.search, ("sentence",))
        found.append(
            f"({sentence} OR request_id IN (SELECT r.request_id FROM rm_audit_requests r WHERE {requests}))"
        )
        params += [*pattern, *patterns]
    return (f" WHERE {' AND '.join(found)}" if found else ""), params


def _entry(row: dict[str, Any]) -> AuditEntry:
    at = parse_ts(row["at"])
    assert at is not None
    return AuditEntry(
        position=row["position"],
        originator_id=row["originator_id"],
        originator_version=row["originator_version"],
        request_id=row["request_id"],
        kind=row["kind"],
        type=row["type"],
        actor=row["actor"],
        role=row["role"],
        step=row["step"],
        at=at,
        sentence=row["sentence"],
        data=json.loads(row["data"]),
    )


CSV_COLUMNS = ("position", "at", "request_id", "type", "step", "actor", "role", "sentence", "data")


def to_csv(entries: list[AuditEntry]) -> str:
    """The audit trail as CSV, one event a row, the full event data as JSON in the last column."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.position,
                entry.at.isoformat(),
                entry.request_id or "",
                entry.type,
                "" if entry.step is None else entry.step,
                entry.actor,
                entry.role,
                entry.sentence,
                to_json(entry.data),
            ]
        )
    return out.getvalue()


def to_json_document(entries: list[AuditEntry]) -> str:
    return json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2)
