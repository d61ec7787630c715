"""The outbox's rows as they are read: the admin's page, the API, the sender.

The table itself (`mail_outbox`, adapters/mail.py) is no read model: it is written in the
transaction of what causes each mail and never rebuilt. Reading it is a query like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.base import Tx, parse_ts

STATES = ("waiting", "retrying", "sent", "failed")
WHERE = {
    None: "",
    "waiting": " WHERE sent_at IS NULL AND failed_at IS NULL AND attempts = 0",
    "retrying": " WHERE sent_at IS NULL AND failed_at IS NULL AND attempts > 0",
    "sent": " WHERE sent_at IS NOT NULL",
    "failed": " WHERE failed_at IS NOT NULL",
}


@dataclass(frozen=True)
class OutboxRow:
    """A mail as the admin's outbox page shows it, with its state."""

    id: str
    recipient: str
    subject: str
    body_text: str
    cause: str
    created_at: datetime
    send_after: datetime
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    failed_at: datetime | None
    last_error: str | None
    message_id: str
    smtp_reply: str | None
    body_html: str | None = None  # an HTML alternative to the text, if the mail has one

    @property
    def state(self) -> str:
        """waiting (never tried), retrying (tried, will try again), sent, or failed."""
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "retrying" if self.attempts else "waiting"

    @classmethod
    def of(cls, row: dict[str, Any]) -> OutboxRow:
        created, after = parse_ts(row["created_at"]), parse_ts(row["send_after"])
        assert created is not None and after is not None
        return cls(
            id=str(row["id"]),
            recipient=str(row["recipient"]),
            subject=str(row["subject"]),
            body_text=str(row["body_text"]),
            cause=str(row["cause"]),
            created_at=created,
            send_after=after,
            attempts=int(row["attempts"]),
            next_attempt_at=parse_ts(row["next_attempt_at"]),
            sent_at=parse_ts(row["sent_at"]),
            failed_at=parse_ts(row["failed_at"]),
            last_error=row["last_error"],
            message_id=str(row["message_id"]),
            smtp_reply=row["smtp_reply"],
            body_html=row["body_html"],
        )


def outbox_rows(tx: Tx, state: str | None = None, limit: int = 100) -> list[OutboxRow]:
    """The newest mails first, all or of one state (a key of WHERE)."""
    rows = tx.query(
        f"SELECT * FROM mail_outbox{WHERE[state]} ORDER BY created_at DESC, id LIMIT {int(limit)}"
    )
    return [OutboxRow.of(row) for row in rows]


def outbox_row(tx: Tx, identifier: str) -> OutboxRow | None:
    rows = tx.query("SELECT * FROM mail_outbox WHERE id = ?", (identifier,))
    return OutboxRow.of(rows[0]) if rows else None


def outbox_counts(tx: Tx) -> dict[str, int]:
    """How many mails are in each state."""
    return {
        state: int(tx.query(f"SELECT COUNT(*) AS n FROM mail_outbox{WHERE[state]}")[0]["n"])
        for state in STATES
    }
