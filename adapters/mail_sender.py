"""The sender: delivers each tenant's due outbox rows over SMTP, with retries and backoff.

Kill-safe by construction. A batch of rows is first *claimed* in a committed transaction (a
lease: `claimed_by`, `claimed_until`); each row is then sent and marked sent in its own commit
right after the server's 250. So a sender killed mid-batch:

- sends nothing twice: every row it had marked sent stays sent, and a row claimed but not yet
  sent is sent later exactly once;
- loses nothing: its claims expire after the lease and another sender (or the same one
  restarted) claims them again.

The one window left is a kill (or a lost connection) exactly between the server's 250 and the
commit that records it: that row is sent again after the lease, with the same Message-ID, so a
receiving server or client may recognise the repeat. No protocol can close that window without
the server's help.

A failed attempt is recorded (attempts, last_error) and tried again after an exponentially
growing wait (`backoff`); a permanent refusal (5xx), or `max_attempts` failed attempts, fails
the row for good, shown on the admin's outbox page, which can retry it.

Runs inside `alur serve` (the embedded default, `start_in_background`) or as its own process,
`alur mail run` (deploy/systemd/alur-mail.service). Before each tenant's delivery the same loop
turns the notices told by now into mail (`tell`, projections/notice_mail.py): so without an SMTP
host (the demo, `./run.sh`) the notices' mail still waits in the outbox page, and nothing is sent.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from adapters.config import SmtpSettings
from adapters.logging import log
from adapters.mail import Outbox, create_tables
from projections import notice_mail
from projections.base import ProjectionDatabase
from projections.notice_mail import Office
from projections.outbox import OutboxRow


@dataclass(frozen=True)
class Policy:
    """How the sender works: batch size, lease, retries (ALUR_MAIL_* in deploy/CONFIG.md)."""

    batch: int = 20
    lease: timedelta = timedelta(minutes=5)  # longer than a batch takes; an expired claim is retaken
    max_attempts: int = 6
    first_wait: timedelta = timedelta(minutes=1)  # then 2, 4, 8, 16 minutes …
    max_wait: timedelta = timedelta(hours=2)
    timeout: float = 30.0  # seconds for each SMTP exchange

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt (1, 2, …)."""
        wait: timedelta = self.first_wait * (2 ** max(0, attempts - 1))
        return min(self.max_wait, wait)


def message(row: OutboxRow, sender: str) -> EmailMessage:
    """The mail as it goes out: UTF-8 text (with an HTML alternative when the row has one)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = row.recipient
    mail["Subject"] = row.subject
    mail["Date"] = format_datetime(row.created_at)
    mail["Message-ID"] = row.message_id
    mail["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a notice
    mail.set_content(row.body_text, charset="utf-8")
    if row.body_html:
        mail.add_alternative(row.body_html, subtype="html", charset="utf-8")
    return mail


class _Recording(smtplib.SMTP):
    """smtplib.SMTP that remembers the answer to the end of DATA (the server's queue id)."""

    last_answer: tuple[int, bytes] = (250, b"")

    def data(self, msg: Any) -> tuple[int, bytes]:
        answer = super().data(msg)
        self.last_answer = answer
        return answer


class Sender:
    """Delivers the due rows of the tenants `stores` names, one SMTP connection per batch."""

    def __init__(
        self,
        smtp: SmtpSettings,
        clock: Callable[[], datetime],
        policy: Policy = Policy(),
        name: str | None = None,
    ) -> None:
        self.smtp = smtp
        self.clock = clock
        self.policy = policy
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    def deliver(self, db: ProjectionDatabase, tenant: str = "") -> int:
        """Send one batch of the store's due rows; how many were sent."""
        outbox = Outbox(db, self.clock)
        rows = outbox.claim(self.name, self.policy.lease, self.policy.batch)
        if not rows:
            return 0
        sent = 0
        try:
            with self._connection() as server:
                for index, row in enumerate(rows):
                    try:
                        refused = server.send_message(message(row, self.smtp.sender))
                    except smtplib.SMTPServerDisconnected:
                        outbox.release([later.id for later in rows[index:]], self.name)
                        raise
                    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
                        self._failed(outbox, row, error)
                        if isinstance(error, smtplib.SMTPResponseException):
                            server.rset()
                        continue
                    if refused:  # one recipient a mail, so refused means not sent
                        self._failed(outbox, row, smtplib.SMTPRecipientsRefused(refused))
                        continue
                    outbox.sent(row.id, self.name, _reply(server))
                    sent += 1
        except (OSError, smtplib.SMTPException) as error:  # no server, or it went away
            log.warning("mail_server_unavailable", tenant=tenant, error=_said(error))
            for row in rows:
                current = outbox.get(row.id)
                if current is not None and current.sent_at is None and current.failed_at is None:
                    self._failed(outbox, row, error, transient=True)
        if sent:
            log.info("mail_batch", tenant=tenant, claimed=len(rows), sent=sent)
        return sent

    def _failed(self, outbox: Outbox, row: OutboxRow, error: BaseException, transient: bool = False) -> None:
        code = getattr(error, "smtp_code", None)
        permanent = not transient and isinstance(code, int) and 500 <= code < 600
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            codes = [answer[0] for answer in error.recipients.values()]
            permanent = bool(codes) and all(500 <= c < 600 for c in codes)
        attempts = row.attempts + 1
        last = permanent or attempts >= self.policy.max_attempts
        retry_at = None if last else self.clock() + self.policy.backoff(attempts)
        outbox.not_sent(row.id, self.name, _said(error), retry_at)

    @contextmanager
    def _connection(self) -> Iterator[_Recording]:
        server = _Recording(self.smtp.host, self.smtp.port, timeout=self.policy.timeout)
        try:
            server.ehlo()
            if self.smtp.starttls:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if self.smtp.user:
                server.login(self.smtp.user, self.smtp.password or "")
            yield server
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()


def _reply(server: _Recording) -> str:
    """The server's answer to the message's data, e.g. "250 2.0.0 Ok: queued as 4F1…"."""
    code, text = server.last_answer
    return f"{code} {text.decode('utf-8', 'replace')}".strip()


def _said(error: BaseException) -> str:
    code = getattr(error, "smtp_code", None)
    said = getattr(error, "smtp_error", None)
    if code is not None:
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
        return f"{code} {text}"
    return f"{type(error).__name__}: {error}"


def tell(db: ProjectionDatabase, office: Office, now: datetime) -> int:
    """Turn the tenant's notices told by `now` into mail (one pass); how many mails were written.
    Most passes find nothing: they only read."""
    with db.transaction(write=False) as tx:
        if not notice_mail.waiting(tx, now):
            return 0
    with db.transaction() as tx:
        written = notice_mail.mail_notices(tx, office, now)
    if written:
        log.info("notice_mail", tenant=office.slug, written=written)
    return written


Store = tuple[str, ProjectionDatabase, Office]


def run(
    stores: Callable[[], list[Store]],
    sender: Sender | None,
    stop: threading.Event,
    poll: float = 5.0,
    clock: Callable[[], datetime] | None = None,
) -> None:
    """Until `stop` is set, every `poll` seconds (at once again while a batch was full): turn
    every tenant's notices told by now into mail, and deliver its due mail (when there is a
    `sender`: without one, mail waits in the outbox)."""
    prepared: set[int] = set()
    now = clock or (sender.clock if sender is not None else None)
    assert now is not None, "a clock, or a sender with one"
    while not stop.is_set():
        busy = False
        for slug, db, office in stores():
            if stop.is_set():
                break
            try:
                if id(db) not in prepared:
                    create_tables(db)  # the outbox and how each notice was mailed
                    prepared.add(id(db))
                tell(db, office, now())
                if sender is not None:
                    busy = sender.deliver(db, slug) >= sender.policy.batch or busy
            except Exception:  # one tenant's trouble (a store moving away) stops no other's mail
                log.exception("mail_delivery_failed", tenant=slug)
        if not busy:
            stop.wait(poll)


def start_in_background(
    stores: Callable[[], list[Store]],
    sender: Sender | None,
    clock: Callable[[], datetime],
    poll: float = 5.0,
) -> tuple[threading.Thread, threading.Event]:
    """The mail job as a daemon thread of `alur serve` (the embedded default); set the event to stop."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(stores, sender, stop, poll, clock), name="alur-mail",
                              daemon=True)  # fmt: skip
    thread.start()
    return thread, stop
