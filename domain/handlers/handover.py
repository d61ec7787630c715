"""Hand-over (issue 21): a user named at an appointing step of requests in progress (the PIC,
a member of the development team) who is deactivated, or loses the role those steps need,
would leave those steps to no one they were given to. Revoking or deactivating them is refused
(409, the list of those requests) until the admin says where their part goes: to other holders
of that role, or to every holder of it; each request records a `Reassigned` event with the
reason, in its history and the audit trail. Then the role is revoked, or the user deactivated.
"""

from __future__ import annotations

from dataclasses import asdict

from domain import commands as c
from domain.actor import Actor
from domain.appointees import Appointment, still_open
from domain.errors import HandOverNeededError
from domain.handlers.people import PeopleCommands
from domain.handlers.requests import match_user
from domain.people_service import UserView


class HandOverCommands(PeopleCommands):
    """Revoking a role and deactivating, each with the hand-over it may need first."""

    def revoke(self, actor: Actor, command: c.RevokeRole) -> None:
        actor.require_admin()
        self._hand_over_first(actor, command.username, command.hand_over, role=command.role)
        super().revoke(actor, command)

    def set_active(self, actor: Actor, command: c.SetUserActive) -> UserView:
        actor.require_admin()
        if not command.active:
            self._hand_over_first(actor, command.username, command.hand_over)
        return super().set_active(actor, command)

    def hand_over_needed(
        self, actor: Actor, username: str, role: str | None = None
    ) -> HandOverNeededError | None:
        """What revoking `role` from (or, None, deactivating) the user would first need handed
        over: the refusal naming their appointed open steps and who may take them, or None."""
        actor.require_admin()
        held = self.appointments_held(username, role)
        return (
            HandOverNeededError([asdict(i) for i in held], self._candidates(username, held)) if held else None
        )

    def appointments_held(self, username: str, role: str | None = None) -> list[Appointment]:
        """The user's appointed open steps: requests in progress where they are named at a step
        whose appointed steps are active or still to come (for `role`: steps of that role)."""
        found = []
        for item in self.people.appointments(username.strip().lower()):
            variant = self.service.variant(item.variant_id, item.variant_version)
            if not still_open(variant, item):
                continue
            if role is not None and role not in variant.appointed_roles(item.appointing):
                continue
            found.append(item)
        return found

    def _hand_over_first(self, actor: Actor, username: str, hand_over: c.HandOver | None, *,
                         role: str | None = None) -> None:  # fmt: skip
        held = self.appointments_held(username, role)
        if not held:
            return
        if hand_over is None:
            raise HandOverNeededError([asdict(i) for i in held], self._candidates(username, held))
        users = self.people.active_users(self.service.clock())
        to = tuple(match_user(users, one) for one in hand_over.to if one.strip())
        self.service.hand_over_all(
            [(item.request_id, item.appointing) for item in held],
            from_user=username.strip().lower(),
            to=to,
            reason=hand_over.reason,
            actor=actor.username,
            roles_of=self._roles_in_force_now,
        )

    def _candidates(self, username: str, held: list[Appointment]) -> list[dict[str, str]]:
        """Who may take the part over on every one of those requests (not the user themself)."""
        chosen = []
        for other, full_name, roles in self.people.active_users(self.service.clock()):
            if other == username.strip().lower():
                continue
            if all(self.service.variant(i.variant_id, i.variant_version).may_be_appointed(i.appointing, roles)
                   for i in held):  # fmt: skip
                chosen.append({"username": other, "full_name": full_name or other})
        return sorted(chosen, key=lambda one: (one["full_name"].casefold(), one["username"]))

    def _roles_in_force_now(self, username: str) -> tuple[str, ...] | None:
        found = self.people.credentials(username.strip().lower(), self.service.clock())
        return found.roles if found and found.active else None
