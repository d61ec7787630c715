"""Read model "audit": every event of the tenant, in order, as an auditor reads it.

Each row keeps the event's full data (never a password hash) and what its sentence says, taken
when the event was projected, with the role names of the SOP version the request ran under
(`audit_sentences`): the page renders it in its own language ("Kepala Dinas mendisposisikan
permohonan ke Kepala Bidang TI"); `sentence` keeps the Indonesian one, for search and exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.people import User
from domain.request import Request
from domain.sop_version import SopVersion, TenantSop
from projections import audit_state
from projections.absence_sentences import ABSENCE_EVENTS
from projections.audit_sentences import ACCOUNT_EVENTS, EMAIL_EVENTS, Parts, parts_of, sentence
from projections.audit_state import AuditState
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
from projections.comment_sentences import DISCUSSION_EVENTS, comment_parts
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
    # As the event was recorded: the person's full name and NIP, the role's name in the request's
    # SOP (and whether held by an acting grant: a Plt.), the appointee acted for, the request.
    actor_name: str = ""
    actor_nip: str = ""
    role_name: str = ""
    acting: bool = False
    on_behalf_of: str = ""
    on_behalf_name: str = ""
    request_title: str = ""
    letter_number: str = ""
    timeliness: str = ""  # "on_time", "late", "paused" or "" (not a step with a due moment)
    # The acting grant's title ("Plt." or "Plh.") and its SK ({"number", "date"}), when acting.
    acting_title: str = ""
    acting_sk: dict[str, str] | None = None

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
            "actor_name": self.actor_name,
            "actor_nip": self.actor_nip,
            "role_name": self.role_name,
            "acting": self.acting,
            "on_behalf_of": self.on_behalf_of,
            "on_behalf_name": self.on_behalf_name,
            "request_title": self.request_title,
            "letter_number": self.letter_number,
            "timeliness": self.timeliness,
            "acting_title": self.acting_title,
            "acting_sk": self.acting_sk,
        }


class AuditProjection(Projection):
    name = "audit"
    version = 7  # v5: who (full name, NIP), Plt., atas nama, the request, on time or late; v6: the SK;
    # v7: a discussion's events (comments) under their request
    tables = ("rm_audit", *audit_state.TABLES, "rm_audit_sop")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_audit ("
        " position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL,"
        " originator_version INTEGER NOT NULL, request_id TEXT, kind TEXT NOT NULL,"
        " type TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, step INTEGER,"
        " at TEXT NOT NULL, sentence TEXT NOT NULL, data TEXT NOT NULL, parts TEXT NOT NULL,"
        " actor_name TEXT NOT NULL, actor_nip TEXT NOT NULL, role_name TEXT NOT NULL,"
        " acting INTEGER NOT NULL, on_behalf_of TEXT NOT NULL, on_behalf_name TEXT NOT NULL,"
        " request_title TEXT NOT NULL, letter_number TEXT NOT NULL, timeliness TEXT NOT NULL,"
        " acting_title TEXT NOT NULL, acting_sk_number TEXT NOT NULL, acting_sk_date TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rm_audit_request ON rm_audit (request_id, position)",
        "CREATE INDEX IF NOT EXISTS rm_audit_at ON rm_audit (at)",
        *audit_state.DDL,
        # the SOP the tenant runs (names the roles a grant gives): one row
        "CREATE TABLE IF NOT EXISTS rm_audit_sop (id INTEGER PRIMARY KEY, variant_id TEXT NOT NULL,"
        " variant_version INTEGER NOT NULL)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        data = event_data(event)
        state = AuditState(tx, ctx)
        originator = uuid_text(event.originator_id)
        kind = aggregate_kind(event)
        request_id = originator if kind == "Request" else _discussed(event)
        self._remember(state, event)
        if isinstance(event, (SopVersion.Adopted, TenantSop.Chosen, TenantSop.Switched)):
            self._tenant_sop(tx, event, ctx)
        given = data.get("at")
        at: datetime = given if isinstance(given, datetime) else event.timestamp
        step = data.get("step")
        parts = self._parts(state, event, ctx)
        actor, role = str(data.get("actor") or ""), str(data.get("role") or "")
        person = state.person(actor) if actor else None
        appointee = str(data.get("on_behalf_of") or "")
        for_whom = state.person(appointee) if appointee else None
        request = state.request(request_id) if request_id else None
        acting = state.acting(actor, role, at) if request is not None else None
        # a request's row: the role's name in the SOP version the request ran under; a grant's:
        # the role granted, as the tenant's SOP names it (the role filter finds both)
        who = parts.get("who") if request_id else parts.get("role")
        tx.insert(
            "rm_audit",
            {
                "position": position,
                "originator_id": originator,
                "originator_version": event.originator_version,
                "request_id": request_id,
                "kind": aggregate_kind(event),
                "type": event_type(event),
                "actor": actor,
                "role": role,
                "step": step if isinstance(step, int) else None,
                "at": ts(at),
                "sentence": sentence(parts, "id"),
                "data": to_json(data),
                "parts": to_json(parts),
                "actor_name": person.full_name if person else "",
                "actor_nip": person.nip if person else "",
                "role_name": str(who[1] or "") if isinstance(who, list) and len(who) > 1 else "",
                "acting": int(acting is not None),
                "on_behalf_of": appointee,
                "on_behalf_name": for_whom.full_name if for_whom else "",
                "request_title": request.title if request else "",
                "letter_number": request.letter_number if request else "",
                "timeliness": state.timeliness(event) if request and kind == "Request" else "",
                "acting_title": (acting.title or "Plt.") if acting else "",
                "acting_sk_number": (acting.sk_number or "") if acting else "",
                "acting_sk_date": (acting.sk_date or "") if acting else "",
            },
        )

    @staticmethod
    def _remember(state: AuditState, event: Any) -> None:
        """Keep what later rows are named by: a request's letter, a person, a grant."""
        if isinstance(event, Request.Submitted):
            state.submitted(event)
        elif isinstance(event, User.Registered):
            state.registered(event)
        elif isinstance(event, User.DetailsChanged):
            state.details_changed(event)
        elif isinstance(event, User.RoleGranted):
            state.granted(event)
        elif isinstance(event, User.RoleRevoked):
            state.revoked(event)

    def _parts(self, state: AuditState, event: Any, ctx: Context) -> Parts:
        originator = uuid_text(event.originator_id)
        if isinstance(event, (Request.StepEvent, Request.Withdrawn, Request.TargetRevised, Request.Returned,
                              Request.Resubmitted)):
            request = state.request(originator)
            return parts_of(event, ctx.variant(request.variant_id, request.variant_version))
        if isinstance(event, (User.RoleGranted, User.RoleRevoked, *ABSENCE_EVENTS)):
            running = ctx.remembered("audit-tenant-sop", lambda: _tenant_sop(state.tx))
            variant = ctx.variant(*running) if running else None
            return parts_of(event, None, state.username(originator), variant)
        if isinstance(event, DISCUSSION_EVENTS):
            request = state.request(event.request_id)
            return comment_parts(event, ctx.variant(request.variant_id, request.variant_version))
        if isinstance(event, ACCOUNT_EVENTS + EMAIL_EVENTS):
            return parts_of(event, None, state.username(originator))
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


def _discussed(event: Any) -> str | None:
    """The request a discussion's event is about: its rows stand under that request."""
    return str(event.request_id) if isinstance(event, DISCUSSION_EVENTS) else None


def _tenant_sop(tx: Tx) -> tuple[str, int] | None:
    rows = tx.query("SELECT variant_id, variant_version FROM rm_audit_sop")
    return (rows[0]["variant_id"], rows[0]["variant_version"]) if rows else None


@dataclass(frozen=True)
class AuditFilter:
    """Which events of the audit trail: each given filter must match."""

    request: str | None = None  # a request's id
    request_text: str | None = None  # words of a request's title or its letter number
    actor: str | None = None  # a username, or words of the person's full name
    role: str | None = None  # a role id, or words of its name
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None  # the request's title, letter number or OPD, or the sentence


def request_given(text: str | None) -> dict[str, str | None]:
    """A request as the user names it: its id, or words of its title or letter number."""
    if text is None or not text.strip():
        return {"request": None, "request_text": None}
    try:
        return {"request": str(UUID(text.strip())), "request_text": None}
    except ValueError:
        return {"request": None, "request_text": " ".join(text.split())}


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
    for column, value in (("request_id", where.request), ("type", where.type)):
        if value is not None:
            found.append(f"{column} = ?")
            params.append(value)
    for exact, named, value in (("actor", "actor_name", where.actor), ("role", "role_name", where.role)):
        if value is not None:  # the id as given, or words of the name as the row recorded it
            words, pattern = matching(value, (named,))
            found.append(f"(LOWER({exact}) = ? OR {words})")
            params += [value.lower(), *pattern]
    if where.request_text is not None:
        words, pattern = matching(where.request_text, ("request_title", "letter_number"))
        found.append(words)
        params += pattern
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
        actor_name=row["actor_name"],
        actor_nip=row["actor_nip"],
        role_name=row["role_name"],
        acting=bool(row["acting"]),
        on_behalf_of=row["on_behalf_of"],
        on_behalf_name=row["on_behalf_name"],
        request_title=row["request_title"],
        letter_number=row["letter_number"],
        timeliness=row["timeliness"],
        acting_title=row["acting_title"],
        acting_sk={"number": row["acting_sk_number"], "date": row["acting_sk_date"]}
        if row["acting_sk_number"] else None,
    )
