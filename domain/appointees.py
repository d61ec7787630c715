"""Who does a step the SOP gives to an appointed person or team (the PIC, the system analyst,
the development team, the third party): the rule, once, for the aggregate and for the read side.

An appointing step names one person, or several where the SOP forms a team ("membentuk Tim
Pengembangan Aplikasi": `Step.appoints_team`). Any member does the appointed steps in their own
name, whatever their own roles; another holder of the step's role (a colleague, the Kasi, a
Plt.) only records "on behalf of" a member; no one else. Where the SOP names no appointee for
the step, any holder of its role does it. A member counts only while they hold one of the SOP's
workflow roles (an active user with a role of the SOP other than its requester role): one
deactivated, or left with only `auditor`, no longer holds the step; when no member is left,
its role's holders do it in their own name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.errors import InvalidInputError, RoleNotHeldError
from domain.sop import Variant

Team = tuple[str, ...]  # the usernames appointed at a step, in the order named (empty: none)


@dataclass(frozen=True)
class Appointment:
    """A request in progress on which a user is named at an appointing step (the inbox's rows)."""

    request_id: str
    title: str
    letter_number: str
    variant_id: str
    variant_version: int
    active_step: int
    appointing: int  # the step that named them


def still_open(variant: Variant, appointment: Appointment) -> bool:
    """Whether some step the appointment is for is active or still to come."""
    appointed = [
        step.number
        for step in variant.steps
        if step.appointee_of == appointment.appointing
        or any(o.appointee_of == appointment.appointing for o in step.role_overrides)
    ]
    return any(number >= appointment.active_step for number in appointed)


def appointees_of(
    variant: Variant,
    number: int | None,
    decisions: Mapping[str, str],
    assignments: Mapping[str, Sequence[str]],
) -> Team:
    """The appointees who perform step `number` (the people named last at the step the SOP says
    appoints them), or () where the SOP gives the step to every holder of its role."""
    if number is None:
        return ()
    step = variant.step(number)
    appointing = step.appointing_step(step.role_given(decisions))
    return tuple(assignments.get(str(appointing)) or ()) if appointing is not None else ()


def appointee_of(
    variant: Variant,
    number: int | None,
    decisions: Mapping[str, str],
    assignments: Mapping[str, Sequence[str]],
) -> str | None:
    """The first appointee of step `number` (None: the step is its role's)."""
    team = appointees_of(variant, number, decisions, assignments)
    return team[0] if team else None


def appointees_in_force(
    variant: Variant, team: Sequence[str], roles_of: Callable[[str], Iterable[str] | None] | None
) -> Team:
    """The members who hold a workflow role of the SOP now (`roles_of`: an active user's roles
    in force, None for no such user); () when none is left: the step is its role's."""
    if roles_of is None:
        return tuple(team)
    workflow = {role.id for role in variant.roles} - {variant.requester_role}
    return tuple(member for member in team if workflow & set(roles_of(member) or ()))


def appointee_in_force(
    variant: Variant, appointee: str | None, roles_of: Callable[[str], Iterable[str] | None] | None
) -> str | None:
    """One appointee while they hold a workflow role of the SOP now, else None."""
    kept = appointees_in_force(variant, (appointee,) if appointee else (), roles_of)
    return kept[0] if kept else None


def is_member(team: Sequence[str], user: str) -> bool:
    return any(_same_user(member, user) for member in team)


def acts_on_behalf(team: Sequence[str], *, user: str, roles: Iterable[str], role: str) -> bool:
    """Whether this user may do the step only on behalf of an appointee: they hold the step's
    role but are not one of the people the SOP gives it to."""
    return bool(team) and not is_member(team, user) and role in set(roles)


def may_do_step(team: Sequence[str], *, user: str, roles: Iterable[str], role: str) -> bool:
    """Who may do the active step: any appointee, or (on their behalf) a holder of its role."""
    return role in set(roles) or is_member(team, user)


def checked_on_behalf(
    variant: Variant,
    number: int,
    role: str,
    team: Sequence[str],
    *,
    user: str,
    roles: Iterable[str],
    on_behalf_of: str | None,
) -> str | None:
    """The rule of who does a step: an appointee in their own name; another holder of the
    step's role only on behalf of an appointee, named (422 otherwise); no one else (403).
    Answers whom the step is done on behalf of (None: in the actor's own name)."""
    held = tuple(roles)
    given = (on_behalf_of or "").strip() or None
    named = ", ".join(team)
    if not may_do_step(team, user=user, roles=held, role=role):
        raise RoleNotHeldError(
            f"langkah {number} hanya dapat dikerjakan oleh "
            + (f"{named} (ditunjuk) atau " if team else "")
            + variant.role_name(role),
            f"step {number} can only be done by "
            + (f"{named} (appointed) or " if team else "")
            + f"role {role!r}",
        )
    if acts_on_behalf(team, user=user, roles=held, role=role):
        member = next((m for m in team if given is not None and _same_user(given, m)), None)
        if member is None:
            raise InvalidInputError(
                f"langkah {number} ditugaskan kepada {named}: tegaskan atas nama siapa Anda bertindak",
                f"step {number} is assigned to {named}: confirm on whose behalf you act",
                field="on_behalf_of",
            )
        return member
    if given is not None and not (team and _same_user(given, user)):
        raise InvalidInputError(
            f"langkah {number} tidak dikerjakan atas nama orang lain: kosongkan 'atas nama'",
            f"step {number} is not done on anyone's behalf: leave 'on behalf of' empty",
            field="on_behalf_of",
        )
    return None


def _same_user(one: str, other: str) -> bool:
    return one.strip().casefold() == other.strip().casefold()
