"""The questions before switching the tenant's SOP: who would hold each of its roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.actor import Actor
from domain.errors import not_found
from domain.handlers import check_sop_choice
from domain.sop import Variant
from projections import people
from projections.queries.base import QueriesBase


@dataclass(frozen=True)
class RoleHolders:
    """A role of an SOP and who holds it now (Plt. included)."""

    id: str
    name: str
    holders: list[str]


@dataclass(frozen=True)
class SopSwitchView:
    """What switching to another SOP means: the SOP run now, the new one, and who would hold
    each of its roles; a role nobody holds stops new requests at its first step."""

    current: Variant
    new: Variant
    roles: list[RoleHolders]

    @property
    def in_force(self) -> bool:
        """The new SOP is the version new requests follow already: there is nothing to switch."""
        return (self.new.id, self.new.version) == (self.current.id, self.current.version)

    @property
    def unheld(self) -> list[RoleHolders]:
        return [role for role in self.roles if not role.holders]


class SopQueries(QueriesBase):
    """Questions about the SOP the tenant may switch to."""

    def sop_switch(self, actor: Actor, variant_id: str, now: datetime) -> SopSwitchView:
        """Before switching SOP (admins): the new SOP's roles, each with who holds it now."""
        actor.require_admin()
        check_sop_choice(variant_id, self.sop_choices())
        if self.sop_catalogue is None:
            raise not_found("SOP", "SOP")
        return self.sop_holders(actor, self.sop_catalogue(variant_id), now)

    def sop_holders(self, actor: Actor, new: Variant, now: datetime) -> SopSwitchView:
        """Before running another SOP, built-in or the tenant's own file (admins): who holds
        each of its roles now."""
        actor.require_admin()
        with self._read() as tx:
            current = self.projector.variant(tx, *self.current_sop())
            held = {role.id: {h.username for h in people.holders(tx, role.id, now)} for role in new.roles}
        roles = [RoleHolders(role.id, role.name, sorted(held[role.id])) for role in new.roles]
        return SopSwitchView(current, new, roles)
