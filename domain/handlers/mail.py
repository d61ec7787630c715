"""The handlers of mail: a user's email address, its confirmation by link, the outbox's retries."""

from __future__ import annotations

from domain import commands as c
from domain.actor import Actor
from domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from domain.handlers.base import CommandsBase
from domain.people_service import UserView
from domain.ports import Mailbox


class MailCommands(CommandsBase):
    """Email addresses and the outbox."""

    def set_email(self, actor: Actor, command: c.SetEmail) -> UserView:
        """An admin sets anyone's address, a user their own. A new address is unconfirmed and a
        link to confirm it goes to it; giving the same unconfirmed address again sends a new link
        (the earlier one stops working); "" removes the address."""
        if actor.username != command.username:
            actor.require_admin()
        return give_email(self, actor, command)

    def confirm_email(self, command: c.ConfirmEmail) -> UserView:
        """The link works once, for the address it was mailed to, while that is still the user's."""
        found = self._mailbox().use_link(command.token)
        if found is None:
            raise expired_email_link()
        username, email = found
        return self.service.confirm_email(username, email)

    def retry_mail(self, actor: Actor, command: c.RetryMail) -> None:
        actor.require_admin()
        if not self._mailbox().retry(command.mail_id):
            raise InvalidInputError(
                "hanya surel yang gagal yang dapat dicoba lagi",
                "only a failed mail can be tried again",
                field="mail_id",
            )

    def _mailbox(self) -> Mailbox:
        return mailbox_of(self)


def give_email(commands: CommandsBase, actor: Actor, command: c.SetEmail) -> UserView:
    """Record the address and, while it is unconfirmed, mail it a link (who may: the caller's
    rule)."""
    mailbox = mailbox_of(commands)
    service = commands.service
    view, changed, version = service.change_email(command.username, command.email, actor=actor.username)
    if view.email and not view.email_confirmed:
        again = "" if changed else f":again:{service.clock().isoformat()}"
        cause = f"email-confirm:{view.username}:{version}{again}"
        mailbox.send_confirmation(view.username, view.full_name, view.email, cause, command.english)
    return view


def mailbox_of(commands: CommandsBase) -> Mailbox:
    if commands.mailbox is None:
        raise ForbiddenError("surel tidak tersedia di sini", "mail is not available here")
    return commands.mailbox


def expired_email_link() -> NotFoundError:
    return NotFoundError(
        "tautan konfirmasi ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti); "
        "simpan alamat email Anda lagi untuk tautan baru",
        "this confirmation link no longer works (used, expired, or replaced); save your email "
        "address again for a new link",
        field="token",
    )
