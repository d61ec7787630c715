"""The outbox: every mail of a tenant, one row each, in the tenant's own store.

A mail is written (`enqueue`, `Outbox.enqueue`) in the transaction of what causes it, so it
exists if and only if its cause was committed. Its id is derived from the cause (`mail_id`): a
cause enqueued twice (a read model rebuilt, a retried command) is still one mail, as `INSERT …
ON CONFLICT DO NOTHING` keeps the first. Writing and reading a row live in projections/outbox.py,
so a read model's apply can write one in its batch without importing adapters; this module adds
the outbox's administration and the sender's claims. The sender (adapters/mail_sender.py)
delivers the due rows; nothing here talks to a mail server. The table is not a read model's: a
rebuild never drops it.

Beside it, the one-time links that confirm an email address: like the set-password links
(adapters/sessions.py) only the SHA-256 of a token is kept, it works once and expires.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from adapters.sessions import token_hash
from domain.mail_text import confirmation_mail
from projections.base import ProjectionDatabase, Tx, ts
from projections.engine import ddl_lock
from projections.notice_mail import DDL as NOTICE_MAIL_DDL
from projections.outbox import (
    OUTBOX_DDL,
    Mail,
    OutboxRow,
    confirmed_email,
    enqueue,
    enqueue_for_user,
    mail_id,
    outbox_row,
    outbox_rows,
)

DDL = (
    *OUTBOX_DDL,
    *NOTICE_MAIL_DDL,
    "CREATE TABLE IF NOT EXISTS mail_email_links ("
    " token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL,"
    " created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)",
)
LINK_LIFETIME = timedelta(days=3)  # a confirmation link outlives a long weekend
__all__ = ["DDL", "EmailLinks", "Mail", "Outbox", "TenantMailbox", "confirmed_email", "create_tables",
           "enqueue", "enqueue_for_user", "mail_id"]  # fmt: skip


def create_tables(db: ProjectionDatabase) -> None:
    """Once per process and tenant, before the first use (idempotent)."""
    with db.transaction() as tx:
        ddl_lock(tx)
        for statement in DDL:
            tx.execute(statement)


class Outbox:
    """One tenant's outbox: what the admin sees and retries, and what the sender claims."""

    def __init__(self, db: ProjectionDatabase, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock

    def enqueue(self, tx: Tx, mail: Mail) -> bool:
        return enqueue(tx, mail, self.clock())

    def recent(self, limit: int = 100, state: str | None = None) -> list[OutboxRow]:
        """The newest mails first, all or of one state."""
        with self.db.transaction(write=False) as tx:
            return outbox_rows(tx, state, limit)

    def get(self, identifier: str) -> OutboxRow | None:
        with self.db.transaction(write=False) as tx:
            return outbox_row(tx, identifier)

    def retry(self, identifier: str) -> bool:
        """A failed mail is due again now, with a fresh count of attempts; False if not failed."""
        with self.db.transaction() as tx:
            done = tx.query(
                "UPDATE mail_outbox SET failed_at = NULL, attempts = 0, next_attempt_at = NULL,"
                " claimed_by = NULL, claimed_until = NULL"
                " WHERE id = ? AND failed_at IS NOT NULL RETURNING id",
                (identifier,),
            )
        return bool(done)

    # -- the sender's side ------------------------------------------------------------------

    def claim(self, worker: str, lease: timedelta, limit: int) -> list[OutboxRow]:
        """Due rows, claimed by `worker` until the lease ends, committed before any is sent: a
        claim whose sender died expires and the row is claimed again."""
        now = self.clock()
        moment = ts(now)
        free = "sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)"
        due = f"{free} AND send_after <= ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        with self.db.transaction(write=False) as tx:  # most looks find nothing: no write for them
            found = tx.query(f"SELECT 1 AS due FROM mail_outbox WHERE {due} LIMIT 1", (moment,) * 3)
        if not found:
            return []
        with self.db.transaction() as tx:
            rows = tx.query(
                f"UPDATE mail_outbox SET claimed_by = ?, claimed_until = ? WHERE {free} AND id IN ("
                f" SELECT id FROM mail_outbox WHERE {due} ORDER BY created_at, id LIMIT {int(limit)})"
                " RETURNING *",
                (worker, ts(now + lease), moment, moment, moment, moment),
            )
        return sorted((OutboxRow.of(row) for row in rows), key=lambda row: (row.created_at, row.id))

    def sent(self, identifier: str, worker: str, reply: str) -> None:
        """Recorded right after the server accepted the mail."""
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, smtp_reply = ?,"
                " last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                (ts(self.clock()), reply[:500], identifier, worker),
            )

    def not_sent(self, identifier: str, worker: str, error: str, retry_at: datetime | None) -> None:
        """An attempt that failed: tried again at `retry_at`, or failed for good (None)."""
        now = ts(self.clock())
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
                " failed_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                (error[:500], ts(retry_at), now if retry_at is None else None, identifier, worker),
            )

    def release(self, identifiers: Sequence[str], worker: str) -> None:
        """Give back claimed rows not tried (the server could not be reached at all)."""
        with self.db.transaction() as tx:
            for identifier in identifiers:
                tx.execute("UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL"
                           " WHERE id = ? AND claimed_by = ?", (identifier, worker))  # fmt: skip


class EmailLinks:
    """One-time links that confirm an email address (only the token's hash is kept)."""

    def __init__(self, db: ProjectionDatabase, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock

    def issue(self, username: str, email: str, make: Callable[[str], Mail]) -> str:
        """A fresh token for this address (the user's earlier links stop working) and its mail,
        `make(token)`, written in one transaction: no mail without its link, no link unsent."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM mail_email_links WHERE expires_at < ?", (ts(now),))
            tx.execute("UPDATE mail_email_links SET used_at = ? WHERE username = ? AND used_at IS NULL",
                       (ts(now), username))  # fmt: skip
            tx.execute(
                "INSERT INTO mail_email_links (token_hash, username, email, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token_hash(token), username, email, ts(now), ts(now + LINK_LIFETIME)),
            )
            enqueue(tx, make(token), now)
        return token

    def find(self, token: str) -> tuple[str, str] | None:
        """(username, email) of an unused, unexpired link."""
        if not token or len(token) > 200:
            return None
        with self.db.transaction(write=False) as tx:
            rows = tx.query(
                "SELECT username, email FROM mail_email_links WHERE token_hash = ? AND used_at IS NULL"
                " AND expires_at > ?",
                (token_hash(token), ts(self.clock())),
            )
        return (str(rows[0]["username"]), str(rows[0]["email"])) if rows else None

    def use(self, token: str) -> tuple[str, str] | None:
        """Claim the link: one UPDATE, so of two uses at once only one succeeds."""
        if not token or len(token) > 200:
            return None
        now = ts(self.clock())
        with self.db.transaction() as tx:
            rows = tx.query(
                "UPDATE mail_email_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                " AND expires_at > ? RETURNING username, email",
                (now, token_hash(token), now),
            )
        return (str(rows[0]["username"]), str(rows[0]["email"])) if rows else None


class TenantMailbox:
    """The `Mailbox` port for one tenant: confirmation links with their mail, and retries."""

    def __init__(
        self, db: ProjectionDatabase, clock: Callable[[], datetime], *, tenant: str, tenant_name: str,
        public_url: str,
    ) -> None:  # fmt: skip
        self.links = EmailLinks(db, clock)
        self.outbox = Outbox(db, clock)
        self.tenant = tenant
        self.tenant_name = tenant_name
        self.public_url = public_url.rstrip("/")

    def link(self, token: str) -> str:
        """Where a confirmation link points: the configured public address (never a request's
        Host header, which a client chooses)."""
        return f"{self.public_url}/t/{self.tenant}/email/{token}"

    def send_confirmation(self, username: str, full_name: str, email: str, cause: str, english: bool) -> None:
        def make(token: str) -> Mail:
            subject, body = confirmation_mail(full_name, email, self.link(token), self.tenant_name, english)
            return Mail(email, subject, body, cause)

        self.links.issue(username, email, make)

    def find_link(self, token: str) -> tuple[str, str] | None:
        return self.links.find(token)

    def use_link(self, token: str) -> tuple[str, str] | None:
        return self.links.use(token)

    def retry(self, mail_id: str) -> bool:
        return self.outbox.retry(mail_id)
