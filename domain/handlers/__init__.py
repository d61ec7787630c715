"""The application layer's commands: one handler per command, the same for every front door.

Each handler takes the `Actor` and a command value, applies every rule (who may, on what,
which OPD), then goes get -> call -> save through the tenant's application service, and answers
with plain data built from what it saved. The web pages, the JSON API and the CLI call these
and only translate; a refusal is a named domain error that each door renders its own way.

By area: `requests` (submit, act, new target, withdraw), `people` (signing in, users, roles,
OPDs, passwords), `sop` (the tenant's SOP), `calendar` (the office calendar); `base` holds
what every handler is given.
"""


from __future__ import annotations

from domain.handlers.absence import AbsenceCommands
from domain.handlers.base import CommandsBase, SopKey, Throttle
from domain.handlers.calendar import CalendarCommands
from domain.handlers.comments import CommentCommands
from domain.handlers.handover import HandOverCommands
from domain.handlers.mail import MailCommands
from domain.handlers.people import PasswordLink, SignedIn, chosen, expired_link
from domain.handlers.requests import RequestCommands
from domain.handlers.sop import SopCommands, check_sop_choice, sop_reason

__all__ = ["Commands", "CommandsBase", "PasswordLink", "SignedIn", "SopKey", "Throttle", "check_sop_choice",
           "chosen", "expired_link", "sop_reason"]  # fmt: skip


class Commands(RequestCommands, HandOverCommands, SopCommands, CalendarCommands, MailCommands,
               AbsenceCommands, CommentCommands):  # fmt: skip
    """Every command of one tenant."""
