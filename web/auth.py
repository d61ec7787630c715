"""Who is asking: the signed-in user of a tenant (API bearer token or session cookie).

Roles are read at every request, not remembered in the session, so a Plt. grant that lapsed or
a revoked role takes effect at once. Failed sign-ins are slowed per username and address.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.errors import NotFoundError
from domain.people import ADMIN, AUDITOR, OPD
from domain.service import RequestService
from tenants.model import Tenant
from web.errors import TooManyAttempts
from web.sessions import Session, SessionStore

COOKIE = "alur_session"


@dataclass(frozen=True)
class Principal:
    """A signed-in user with the roles in force now."""

    username: str
    full_name: str
    roles: tuple[str, ...]
    opd: str | None
    session: Session

    @property
    def opd_only(self) -> bool:
        """A user of a requesting OPD only: sees its own OPD's requests and nothing else."""
        return all(role == OPD for role in self.roles)

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


def principal_of(service: RequestService, session: Session) -> Principal | None:
    """The session's user as of now; None once the user has no role in force."""
    try:
        user = service.user(session.username)
    except NotFoundError:
        return None
    if not user.roles:
        return None
    return Principal(user.username, user.full_name, user.roles, user.opd, session)


def same_secret(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


class Throttle:
    """Failed sign-ins per username and address: the first few are free, then each wait doubles.

    Counted in the tenant's own store, so every worker process sees the same count; the key
    never depends on whether the user exists.
    """

    def __init__(self, sessions: SessionStore, clock: Callable[[], datetime], free: int = 3,
                 cap: float = 300.0) -> None:  # fmt: skip
        self._sessions = sessions
        self._clock = clock
        self._free = free
        self._cap = cap

    def check(self, tenant: Tenant, username: str, address: str) -> None:
        count, last = self._sessions.failures(tenant, _key(username, address))
        if count < self._free or last is None:
            return
        wait = min(self._cap, 2.0 ** (count - self._free)) - (self._clock() - last).total_seconds()
        if wait > 0:
            raise TooManyAttempts(max(1, round(wait + 0.499)))

    def failed(self, tenant: Tenant, username: str, address: str) -> None:
        self._sessions.record_failure(tenant, _key(username, address))

    def succeeded(self, tenant: Tenant, username: str, address: str) -> None:
        self._sessions.clear_failures(tenant, _key(username, address))


def _key(username: str, address: str) -> str:
    return f"{username}\n{address}"
