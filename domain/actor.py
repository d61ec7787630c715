"""Who is acting: a signed-in user of one tenant, with the roles in force at this moment.

Roles are read for every request (never remembered in a session), so a Plt. grant that lapsed
or a revoked role takes effect at once. The visibility rules that depend only on who is asking
live here, once, for both front doors and the command line.

Which roles see the whole office comes from the tenant's SOP files (`office_roles`: every role
of an adopted SOP version but its requester role), never from a role's name: a tenant whose
requesting agencies hold a role called `instansi` is isolated as one whose role is `opd`. An
actor built without them sees only its own OPD, unless admin or auditor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.errors import ForbiddenError, InvalidInputError
from domain.people import ADMIN, AUDITOR


@dataclass(frozen=True)
class Actor:
    tenant: str
    username: str
    roles: tuple[str, ...]
    opd: str | None
    full_name: str = ""
    office_roles: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def opd_only(self) -> bool:
        """A user of a requesting OPD only (no official role of the tenant's SOPs, no admin or
        auditor): sees its own OPD's requests and nothing else."""
        return not any(role in self.office_roles or role in (ADMIN, AUDITOR) for role in self.roles)

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles

    @property
    def is_auditor(self) -> bool:
        return self.has(AUDITOR, ADMIN)

    def may_see(self, request_opd: str | None) -> bool:
        return not self.opd_only or (self.opd is not None and request_opd == self.opd)

    def require_admin(self) -> None:
        if not self.is_admin:
            raise ForbiddenError("hanya admin tenant", "tenant admins only")

    def require_auditor(self) -> None:
        if not self.is_auditor:
            raise ForbiddenError("hanya auditor atau admin", "auditors and admins only")

    def require_official(self) -> None:
        """Officials, auditors and admins: everyone but a requesting OPD's users."""
        if self.opd_only:
            raise ForbiddenError("hanya pejabat, auditor atau admin", "officials, auditors and admins only")


OPERATOR = re.compile(r"^[a-z0-9._-]{1,40}$")


def operator(tenant: str, name: str) -> Actor:
    """The `alur` command's actor: a named operator of the platform, acting as the tenant's admin
    (and so its auditor). Recorded in events as `operator:NAME`, which no user's name can be
    (usernames have no colon), so the trail tells a shell command from a person at a page."""
    if not OPERATOR.fullmatch(name):
        raise InvalidInputError(
            "nama operator hanya huruf kecil, angka, '.', '_' atau '-', 1–40 karakter",
            "the operator's name must be 1-40 lower-case letters, digits, '.', '_' or '-'",
            field="operator",
        )
    return Actor(tenant, f"operator:{name}", (ADMIN, AUDITOR), None, f"Operator {name}")
