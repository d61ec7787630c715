"""Read model "absences": every user's periods away and their Plh. (domain/absence.py).

One row per absence, changed by its decision or cancellation: one's own page lists one's own,
the approvers' page lists them all, pending first. Names come from the people read model when
asked, so a corrected name shows everywhere at once.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from domain.absence import PENDING, Absence, AbsenceView
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, to_json, ts, uuid_text

EVENTS = (Absence.AbsenceRequested, Absence.AbsenceApproved, Absence.AbsenceRefused, Absence.AbsenceCancelled)


class AbsencesProjection(Projection):
    name = "absences"
    version = 1
    tables = ("rm_absences",)
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_absences ("
        " absence_id TEXT PRIMARY KEY, username TEXT NOT NULL, seq INTEGER NOT NULL,"
        " from_date TEXT NOT NULL, to_date TEXT NOT NULL, reason TEXT NOT NULL, plh TEXT NOT NULL,"
        " roles TEXT NOT NULL, status TEXT NOT NULL, requested_at TEXT NOT NULL, decided_by TEXT,"
        " decided_at TEXT, refusal TEXT NOT NULL, granted TEXT NOT NULL, cancelled_at TEXT)",
        "CREATE INDEX IF NOT EXISTS rm_absences_user ON rm_absences (username)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        if not isinstance(event, EVENTS):
            return
        absence = uuid_text(event.originator_id)
        if isinstance(event, Absence.AbsenceRequested):
            row = {"absence_id": absence, "username": event.username, "seq": event.seq,
                   "from_date": event.from_date, "to_date": event.to_date, "reason": event.reason,
                   "plh": event.plh, "roles": to_json(list(event.roles)), "status": PENDING,
                   "requested_at": ts(event.at), "decided_by": None, "decided_at": None, "refusal": "",
                   "granted": "[]", "cancelled_at": None}  # fmt: skip
            tx.insert("rm_absences", row)
        elif isinstance(event, Absence.AbsenceApproved):
            tx.execute(
                "UPDATE rm_absences SET status = 'approved', decided_by = ?, decided_at = ?, granted = ?"
                " WHERE absence_id = ?",
                (event.actor, ts(event.at), to_json(list(event.granted)), absence),
            )
        elif isinstance(event, Absence.AbsenceRefused):
            tx.execute(
                "UPDATE rm_absences SET status = 'refused', decided_by = ?, decided_at = ?, refusal = ?"
                " WHERE absence_id = ?",
                (event.actor, ts(event.at), event.reason, absence),
            )
        else:
            tx.execute(
                "UPDATE rm_absences SET status = 'cancelled', cancelled_at = ? WHERE absence_id = ?",
                (ts(event.at), absence),
            )


SELECT = (
    "SELECT a.*, u.full_name AS full_name, p.full_name AS plh_name FROM rm_absences a"
    " LEFT JOIN rm_users u ON u.username = a.username LEFT JOIN rm_users p ON p.username = a.plh"
)


def absences(tx: Tx, username: str | None = None, limit: int = 50, offset: int = 0) -> list[AbsenceView]:
    """One user's absences (newest first), or everyone's with those awaiting a decision first."""
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}"
    if username is not None:
        rows = tx.query(
            f"{SELECT} WHERE a.username = ? ORDER BY a.from_date DESC, a.seq DESC{page}", (username,)
        )
    else:
        order = (
            " ORDER BY CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END, a.from_date DESC, a.username, a.seq"
        )
        rows = tx.query(f"{SELECT}{order}{page}")
    return [_view(row) for row in rows]


def count_absences(tx: Tx, username: str | None = None) -> int:
    if username is None:
        rows = tx.query("SELECT COUNT(*) AS n FROM rm_absences")
    else:
        rows = tx.query("SELECT COUNT(*) AS n FROM rm_absences WHERE username = ?", (username,))
    return int(rows[0]["n"])


def absence(tx: Tx, absence_id: str) -> AbsenceView | None:
    rows = tx.query(f"{SELECT} WHERE a.absence_id = ?", (absence_id,))
    return _view(rows[0]) if rows else None


def _view(row: dict[str, Any]) -> AbsenceView:
    return AbsenceView(
        id=row["absence_id"],
        username=row["username"],
        from_date=date.fromisoformat(row["from_date"]),
        to_date=date.fromisoformat(row["to_date"]),
        reason=row["reason"],
        plh=row["plh"],
        roles=tuple(json.loads(row["roles"])),
        status=row["status"],
        requested_at=parse_ts(row["requested_at"]),  # type: ignore[arg-type]
        decided_by=row["decided_by"],
        decided_at=parse_ts(row["decided_at"]),
        refusal=row["refusal"],
        granted=tuple(json.loads(row["granted"])),
        cancelled_at=parse_ts(row["cancelled_at"]),
        full_name=row["full_name"] or "",
        plh_name=row["plh_name"] or "",
    )
