"""The questions about mail: the tenant's outbox (admins), a confirmation link, one's own address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.actor import Actor
from domain.errors import InvalidInputError, not_found
from domain.people_service import UserView
from projections import people
from projections.outbox import STATES, OutboxRow, outbox_counts, outbox_row, outbox_rows
from projections.queries.base import QueriesBase


@dataclass(frozen=True)
class OutboxView:
    """The newest mails (all, or of one state) and how many there are in each state."""

    mails: list[OutboxRow]
    counts: dict[str, int]
    state: str | None


class MailQueries(QueriesBase):
    """The outbox and email addresses."""

    mailbox: Any = None  # the tenant's `Mailbox` (adapters/mail.py), set by the composition root

    def outbox(self, actor: Actor, state: str | None = None, limit: int = 100) -> OutboxView:
        """The tenant's mail, newest first (admins only): `state` one of waiting, retrying, sent,
        failed, or None for all."""
        actor.require_admin()
        state = (state or "").strip() or None
        if state is not None and state not in STATES:
            raise InvalidInputError(f"keadaan harus salah satu dari {', '.join(STATES)}",
                                    f"state must be one of {', '.join(STATES)}", field="state")  # fmt: skip
        with self._read() as tx:
            return OutboxView(outbox_rows(tx, state, limit), outbox_counts(tx), state)

    def outbox_mail(self, actor: Actor, mail_id: str) -> OutboxRow:
        actor.require_admin()
        with self._read() as tx:
            found = outbox_row(tx, mail_id) if len(mail_id) <= 64 else None
        if found is None:
            raise not_found("surel", "mail")
        return found

    def email_link(self, token: str) -> tuple[str, str] | None:
        """(username, email) of an unused, unexpired confirmation link."""
        return self.mailbox.find_link(token) if self.mailbox is not None else None

    def my_user(self, actor: Actor, now: datetime) -> UserView:
        """The signed-in user's own account, as the people read model has it."""
        with self._read() as tx:
            found = people.user(tx, actor.username, now)
        if found is None:
            raise not_found("pengguna", "user")
        return found
