"""Who is asking: the signed-in user of a tenant (API bearer token or session cookie).

Roles are read at every request, not remembered in the session, so a Plt. grant that lapsed or
a revoked role takes effect at once. Failed sign-ins are slowed per username and address.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from domain.errors import NotFoundError
from domain.people import ADMIN, AUDITOR, OPD
from domain.service import RequestService
from web.errors import TooManyAttempts
from web.sessions import Session

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
    """Failed sign-ins per key: the first few are free, then each wait doubles (to a cap).

    Kept in memory per process: enough to make guessing slow; the key never depends on
    whether the user exists.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, free: int = 3, cap: float = 300.0,
                 size: int = 10_000) -> None:  # fmt: skip
        self._clock = clock
        self._free = free
        self._cap = cap
        self._size = size
        self._failures: OrderedDict[tuple[str, ...], tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: tuple[str, ...]) -> None:
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if count < self._free:
            return
        wait = min(self._cap, 2.0 ** (count - self._free)) - (self._clock() - last)
        if wait > 0:
            raise TooManyAttempts(max(1, round(wait + 0.499)))

    def failed(self, key: tuple[str, ...]) -> None:
        with self._lock:
            count, _ = self._failures.pop(key, (0, 0.0))
            self._failures[key] = (count + 1, self._clock())
            while len(self._failures) > self._size:
                self._failures.popitem(last=False)

    def succeeded(self, key: tuple[str, ...]) -> None:
        with self._lock:
            self._failures.pop(key, None)
