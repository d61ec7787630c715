"""Who does a step the SOP gives to an appointed person (the PIC, the system analyst, the
development team, the third party): the rule, once, for the aggregate and for the read side.

The appointee does it in their own name, whatever their own roles; another holder of the
step's role (a colleague, the Kasi, a Plt.) only recorded "on behalf of" the appointee; no one
else. Where the SOP names no appointee for the step, any holder of its role does it. An
appointee counts only while they hold one of the SOP's workflow roles (an active user with a
role of the SOP other than its requester role): one deactivated, or left with only `auditor`,
no longer holds the step, and its role's holders do it in their own name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from domain.errors import InvalidInputError, RoleNotHeldError
from domain.sop import Variant


def appointee_of(
    variant: Variant, number: int | None, decisions: Mapping[str, str], assignments: Mapping[str, str]
) -> str | None:
    """The appointee who performs step `number` (the latest person named at the step the SOP
    says appoints them), or None where the SOP gives the step to every holder of its role."""
    if number is None:
        return None
    step = variant.step(number)
    appointing = step.appointing_step(step.role_given(decisions))
    return assignments.get(str(appointing)) if appointing is not None else None


def appointee_in_force(
    variant: Variant, appointee: str | None, roles_of: Callable[[str], Iterable[str] | None] | None
) -> str | None:
    """The appointee while they hold a workflow role of the SOP now (`roles_of`: an active
    user's roles in force, None for no such user), else None: the step is its role's."""
    if appointee is None or roles_of is None:
        return appointee
    workflow = {role.id for role in variant.roles} - {variant.requester_role}
    return appointee if workflow & set(roles_of(appointee) or ()) else None


def acts_on_behalf(appointee: str | None, *, user: str, roles: Iterable[str], role: str) -> bool:
    """Whether this user may do the step only on behalf of its appointee: they hold the step's
    role but are not the person the SOP gives it to."""
    return appointee is not None and not _same_user(appointee, user) and role in set(roles)


def may_do_step(appointee: str | None, *, user: str, roles: Iterable[str], role: str) -> bool:
    """Who may do the active step: its appointee, or (on their behalf) a holder of its role."""
    return role in set(roles) or (appointee is not None and _same_user(appointee, user))


def checked_on_behalf(
    variant: Variant,
    number: int,
    role: str,
    appointee: str | None,
    *,
    user: str,
    roles: Iterable[str],
    on_behalf_of: str | None,
) -> str | None:
    """The rule of who does a step: the appointee in their own name; another holder of the
    step's role only on behalf of the appointee, named (422 otherwise); no one else (403).
    Answers whom the step is done on behalf of (None: in the actor's own name)."""
    held = tuple(roles)
    given = (on_behalf_of or "").strip() or None
    if not may_do_step(appointee, user=user, roles=held, role=role):
        who = f"{appointee} (ditunjuk) atau " if appointee else ""
        raise RoleNotHeldError(
            f"langkah {number} hanya dapat dikerjakan oleh {who}{variant.role_name(role)}",
            f"step {number} can only be done by "
            + (f"{appointee} (appointed) or " if appointee else "")
            + f"role {role!r}",
        )
    if acts_on_behalf(appointee, user=user, roles=held, role=role):
        assert appointee is not None
        if given is None or not _same_user(given, appointee):
            raise InvalidInputError(
                f"langkah {number} ditugaskan kepada {appointee}: "
                "tegaskan bahwa Anda bertindak atas nama beliau",
                f"step {number} is assigned to {appointee}: confirm that you act on their behalf",
                field="on_behalf_of",
            )
        return appointee
    if given is not None and not (appointee is not None and _same_user(given, user)):
        raise InvalidInputError(
            f"langkah {number} tidak dikerjakan atas nama orang lain: kosongkan 'atas nama'",
            f"step {number} is not done on anyone's behalf: leave 'on behalf of' empty",
            field="on_behalf_of",
        )
    return None


def _same_user(one: str, other: str) -> bool:
    return one.strip().casefold() == other.strip().casefold()
