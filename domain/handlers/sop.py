"""The handlers of the tenant's SOP: switch to a built-in variant, check or run its own file."""

from __future__ import annotations

from domain import commands as c
from domain.actor import Actor
from domain.errors import (
    InvalidInputError,
)
from domain.handlers.base import CommandsBase, SopKey
from domain.ports import CheckedSop
from domain.request import MAX_TEXT
from domain.sop import Variant, variant_to_dict


class SopCommands(CommandsBase):
    """The tenant's SOP's commands."""

    def switch_sop(self, actor: Actor, command: c.SwitchSop) -> SopKey:
        """New requests follow the chosen variant; requests in flight keep their own version.
        The admin says why: the reason is kept with the change."""
        actor.require_admin()
        check_sop_choice(command.variant_id, self.sops.available())
        self._not_in_force(self.sops.builtin(command.variant_id))
        reason = sop_reason(command.reason)
        return self.sops.switch(self.service.tenant, command.variant_id, actor.username, reason)

    def _not_in_force(self, new: Variant) -> None:
        """Switching to the SOP already in force (that version, that content) would change
        nothing: refused, with no event. The same version with other content is the store's
        refusal (`VariantVersionError`): raise the version number."""
        current = self.current_sop()
        same = (new.id, new.version) == tuple(current)
        if same and variant_to_dict(new) == variant_to_dict(self.service.variant(*current)):
            raise InvalidInputError(
                f"SOP {new.id} versi {new.version} sudah berlaku; tidak ada yang diganti",
                f"SOP {new.id} version {new.version} is already in force; nothing was switched",
                field="variant",
            )

    def check_sop_file(self, actor: Actor, command: c.CheckSopFile) -> CheckedSop:
        """Check the tenant's own variant file; with `use` (and a reason), run it for new
        requests if valid."""
        actor.require_admin()
        checked = self.sops.check_file(command.text, command.filename)
        if command.use and checked.variant is not None:
            self._not_in_force(checked.variant)
            reason = sop_reason(command.reason)
            self.sops.use_file(self.service.tenant, command.text, command.filename, actor.username, reason)
        return checked


def check_sop_choice(variant_id: str, available: list[str]) -> None:
    """A built-in variant the tenant may switch to (the page's list and the command agree)."""
    if variant_id not in available:
        raise InvalidInputError(
            f"SOP {variant_id!r} tidak ada; pilih salah satu: {', '.join(available)}",
            f"no SOP {variant_id!r}; choose one of: {', '.join(available)}",
            field="variant",
        )


def sop_reason(reason: str) -> str:
    """Why the tenant's SOP changes: required, kept with the change in both histories."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(
            "tulis alasan mengganti SOP: permohonan baru akan mengikuti SOP lain",
            "give the reason for switching: new requests will follow another SOP",
            field="reason",
        )
    if len(reason) > MAX_TEXT:
        raise InvalidInputError(
            f"alasan terlalu panjang: paling banyak {MAX_TEXT} karakter",
            f"the reason is too long: at most {MAX_TEXT} characters",
            field="reason",
        )
    return reason
