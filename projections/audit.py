"""Read model "audit": every event of the tenant, in order, as an auditor reads it.

Each row keeps the event's full data (never a password hash) and what its sentence says, taken
when the event was projected, with the role names of the SOP version the request ran under
(`audit_sentences`): the page renders it in its own language ("Kepala Dinas mendisposisikan
permohonan ke Kepala Bidang TI"); `sentence` keeps the Indonesian one, for search and exports.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.people import User
from domain.request import Request
from domain.sop_version import SopVersion, TenantSop
from projections.audit_sentences import ACCOUNT_EVENTS, Parts, parts_of, sentence
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
    uuid_text,
)
from projections.listing import Columns, Sort, matching, order_by


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
    parts: Parts = field(default_factory=dict, metadata={"api": False})  # the sentence, in parts

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
    version = 4
    tables = ("rm_audit", "rm_audit_requests", "rm_audit_users", "rm_audit_sop")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_audit ("
        " position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL,"
        " originator_version INTEGER NOT NULL, request_id TEXT, kind TEXT NOT NULL,"
        " type TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, step INTEGER,"
        " at TEXT NOT NULL, sentence TEXT NOT NULL, data TEXT NOT NULL, parts TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rm_audit_request ON rm_audit (request_id, position)",
        "CREATE INDEX IF NOT EXISTS rm_audit_at ON rm_audit (at)",
        "CREATE TABLE IF NOT EXISTS rm_audit_requests ("
        " request_id TEXT PRIMARY KEY, variant_id TEXT NOT NULL, variant_version INTEGER NOT NULL,"
        " title TEXT NOT NULL, letter_number TEXT NOT NULL, opd TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_audit_users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL)",
        # the SOP the tenant runs (names the roles a grant gives): one row
        "CREATE TABLE IF NOT EXISTS rm_audit_sop (id INTEGER PRIMARY KEY, variant_id TEXT NOT NULL,"
        " variant_version INTEGER NOT NULL)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        data = event_data(event)
        originator = uuid_text(event.originator_id)
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
        if isinstance(event, (SopVersion.Adopted, TenantSop.Chosen, TenantSop.Switched)):
            self._tenant_sop(tx, event, ctx)
        at = data.get("at") if isinstance(data.get("at"), datetime) else event.timestamp
        step = data.get("step")
        parts = self._parts(tx, event, ctx)
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
                "sentence": sentence(parts, "id"),
                "data": to_json(data),
                "parts": to_json(parts),
            },
        )

    def _parts(self, tx: BatchTx, event: Any, ctx: Context) -> Parts:
        originator = uuid_text(event.originator_id)
        if isinstance(event, (Request.StepEvent, Request.Withdrawn, Request.TargetRevised, Request.Returned,
                              Request.Resubmitted)):
            key = ctx.remembered(("audit-sop", originator), lambda: _variant_key(tx, originator))
            return parts_of(event, ctx.variant(*key))
        if isinstance(event, (User.RoleGranted, User.RoleRevoked)):
            username = ctx.remembered(("audit-user", originator), lambda: _username(tx, originator))
            running = ctx.remembered("audit-tenant-sop", lambda: _tenant_sop(tx))
            return parts_of(event, None, username, ctx.variant(*running) if running else None)
        if isinstance(event, ACCOUNT_EVENTS):
            username = ctx.remembered(("audit-user", originator), lambda: _username(tx, originator))
            return parts_of(event, None, username)
        return parts_of(event, None)

    def _tenant_sop(self, tx: BatchTx, event: Any, ctx: Context) -> None:
        """Remember the SOP the tenant runs (the first adopted one until one is chosen)."""
        if isinstance(event, SopVersion.Adopted) and ctx.remembered(
            "audit-tenant-sop", lambda: _tenant_sop(tx)
        ):
            return
        tx.execute("DELETE FROM rm_audit_sop")
        tx.insert(
            "rm_audit_sop",
            {"id": 1, "variant_id": event.variant_id, "variant_version": event.variant_version},
        )
        ctx.batch["audit-tenant-sop"] = (event.variant_id, event.variant_version)


def _tenant_sop(tx: Tx) -> tuple[str, int] | None:
    rows = tx.query("SELECT variant_id, variant_version FROM rm_audit_sop")
    return (rows[0]["variant_id"], rows[0]["variant_version"]) if rows else None


def _variant_key(tx: Tx, request_id: str) -> tuple[str, int]:
    row = tx.query(
        "SELECT variant_id, variant_version FROM rm_audit_requests WHERE request_id = ?", (request_id,)
    )[0]
    return row["variant_id"], row["variant_version"]


def _username(tx: Tx, user_id: str) -> str:
    rows = tx.query("SELECT username FROM rm_audit_users WHERE user_id = ?", (user_id,))
    return str(rows[0]["username"]) if rows else user_id


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
        parts=json.loads(row["parts"]),
    )


CSV_COLUMNS = ("position", "at", "request_id", "type", "step", "actor", "role", "sentence", "data")


def to_csv(entries: list[AuditEntry]) -> str:
    """The audit trail as CSV, one event a row, the full event data as JSON in the last column.

    The one CSV writer of the service and the CLI: every cell goes through `csv_cell`.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            csv_cell(value)
            for value in (
                entry.position,
                entry.at.isoformat(),
                entry.request_id or "",
                entry.type,
                "" if entry.step is None else entry.step,
                entry.actor,
                entry.role,
                entry.sentence,
                to_json(entry.data),
            )
        )
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet reads as text, never as a formula: text beginning with = + - @, a tab
    or a carriage return gets a leading `'` (a role name in a tenant's own SOP file reaches the
    audit sentence, and `=HYPERLINK(...)` in it would run when an auditor opens the file)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_json_document(entries: list[AuditEntry]) -> str:
    return json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2)
