"""The outbox's rows as they are written and read: by whatever causes a mail, in its own
transaction (a command's, or a read model's batch: the notices' apply), and by the admin's page,
the API and the sender.

The table (`mail_outbox`) is no read model: it is written in the transaction of what causes each
mail and never rebuilt (a rebuild enqueues each cause again, which `ON CONFLICT DO NOTHING`
keeps as the one mail it was). Its administration and the sender's claims are in
adapters/mail.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from projections.base import BatchTx, Tx, parse_ts, ts

OUTBOX_DDL = (
    "CREATE TABLE IF NOT EXISTS mail_outbox ("
    " id TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL, body_text TEXT NOT NULL,"
    " body_html TEXT, cause TEXT NOT NULL, created_at TEXT NOT NULL, send_after TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, claimed_by TEXT, claimed_until TEXT,"
    " sent_at TEXT, failed_at TEXT, last_error TEXT, message_id TEXT NOT NULL, smtp_reply TEXT)",
    "CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS mail_outbox_created ON mail_outbox (created_at)",
)

STATES = ("waiting", "retrying", "sent", "failed")


def create_outbox(tx: Tx) -> None:
    """The table, if it is not there yet: for a read model that enqueues (its `create`), in a
    process that may never have opened the tenant's desk (the projection worker)."""
    for statement in OUTBOX_DDL:
        tx.execute(statement)


def mail_id(cause: str) -> str:
    """The mail's id, the same for the same cause (e.g. "email-confirm:budi:7")."""
    return uuid5(NAMESPACE_URL, f"alur:mail:{cause}").hex


@dataclass(frozen=True)
class Mail:
    """A mail to write: who to, what, and what caused it (its id is derived from `cause`)."""

    recipient: str
    subject: str
    body_text: str
    cause: str
    body_html: str | None = None
    send_after: datetime | None = None  # a reminder waits for office hours


def enqueue(tx: Tx | BatchTx, mail: Mail, at: datetime, domain: str = "alur.invalid") -> bool:
    """Write `mail` in the caller's open transaction (a command's, or a read model's batch:
    anything with `execute` and `query`); False when its cause was enqueued before.

    The Message-ID is fixed here, so a mail sent again after a crash carries the same one.
    """
    identifier = mail_id(mail.cause)
    rows = tx.query(
        "INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, cause, created_at,"
        " send_after, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO NOTHING RETURNING id",
        (identifier, mail.recipient, mail.subject, mail.body_text, mail.body_html, mail.cause, ts(at),
         ts(mail.send_after or at), f"<{identifier}@{domain}>"),
    )  # fmt: skip
    return bool(rows)


def confirmed_email(tx: Tx | BatchTx, username: str) -> str | None:
    """The user's confirmed address, if they have one and are active (the people read model):
    mail about work goes only there."""
    rows = tx.query(
        "SELECT e.email FROM rm_user_emails e JOIN rm_users u ON u.username = e.username"
        " WHERE e.username = ? AND e.confirmed_at IS NOT NULL AND u.inactive_since IS NULL",
        (username,),
    )
    return str(rows[0]["email"]) if rows else None


def enqueue_for_user(tx: Tx | BatchTx, username: str, make: Callable[[str], Mail], at: datetime) -> bool:
    """A notice's mail to a user, in the caller's transaction (the notices read model's apply):
    written only when the user is active and has a confirmed address; `make` builds the mail for
    that address. False when nothing was written (no address, or the cause was enqueued before)."""
    address = confirmed_email(tx, username)
    return enqueue(tx, make(address), at) if address else False


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
