"""What every question of a tenant is given, who is asking, and the SOP versions it runs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from domain.actor import Actor
from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError, not_found
from domain.ports import Credentials, Session, Sessions
from domain.request_view import RequestDetail
from domain.sop import Variant
from projections import people
from projections.base import Tx
from projections.engine import TRACKING, Projector
from projections.requests import (
    request_detail,
)

T = TypeVar("T")
SopKey = tuple[str, int]
MAX_LIMIT = 200
POLL = 0.01  # seconds between looks at the read models' position while a read waits for it


@dataclass(frozen=True)
class Paging:
    """Which page of a list: `limit` rows from page `page` (1-based)."""

    limit: int = 50
    page: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInputError(f"limit: harus 1–{MAX_LIMIT}", f"limit: must be 1-{MAX_LIMIT}", "limit")
        if not 1 <= self.page <= 1_000_000:
            raise InvalidInputError("page: harus 1 atau lebih", "page: must be 1 or more", "page")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))



class DocumentReader(Protocol):
    def content(self, sha256: str) -> bytes | None: ...


class QueriesBase:
    """The tenant's read models and the ports its questions use; who is asking."""

    def __init__(
        self,
        projector: Projector,
        *,
        tenant: str,
        sessions: Sessions,
        documents: DocumentReader,
        current_sop: Callable[[], SopKey],
        sop_choices: Callable[[], list[str]] = list,
        sop_catalogue: Callable[[str], Variant] | None = None,
        office_roles: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        self.projector = projector
        self.office_roles = office_roles  # the roles that see beyond one OPD (`Actor.opd_only`)
        self.sop_choices = sop_choices
        self.sop_catalogue = sop_catalogue
        self.tenant = tenant
        self.sessions = sessions
        self.documents = documents
        self.current_sop = current_sop

    @property
    def calendar(self) -> WorkingCalendar:
        """The tenant's working calendar (working days between two moments)."""
        return self.projector.calendar

    # -- who is asking ----------------------------------------------------------------------

    def identify(self, token: str, kind: str, now: datetime) -> tuple[Actor, Session] | None:
        """The signed-in user of this token with the roles in force now, or None (one query)."""
        found = self.sessions.find_signed_in(token, kind, now)
        if found is None or not found[1].roles:
            return None
        session, who = found
        return self._actor(who), session

    def actor(self, username: str, now: datetime) -> Actor | None:
        """A user of the tenant as an actor now; None once no role is in force."""
        found = self.credentials(username, now)
        if found is None or not found.roles:
            return None
        return self._actor(found)

    def _actor(self, who: Credentials) -> Actor:
        return Actor(self.tenant, who.username, who.roles, who.opd, who.full_name, self.office_roles())

    def credentials(self, username: str, at: datetime) -> Credentials | None:
        with self._read() as tx:
            return people.credentials(tx, username, at)

    def opd_known(self, code: str) -> bool:
        with self._read() as tx:
            return people.opd(tx, code) is not None

    # -- the SOP ----------------------------------------------------------------------------

    def variant(self, variant_id: str, version: int) -> Variant:
        """An adopted SOP version (immutable; kept in memory once read)."""
        known = self.projector.known_variant(variant_id, version)
        if known is not None:
            return known
        with self._read() as tx:
            return self.projector.variant(tx, variant_id, version)

    def sop(self, actor: Actor) -> Variant:
        """The SOP new requests of this tenant follow."""
        return self.variant(*self.current_sop())

    # -- reading one's own writes -----------------------------------------------------------

    def has_seen(self, position: int) -> bool:
        """Whether every read model has applied the events up to `position` (one query)."""
        with self._read() as tx:
            rows = tx.query(f"SELECT MIN(position) AS position FROM {TRACKING}")
        reached = rows[0]["position"] if rows else None
        return reached is not None and int(reached) >= position

    def wait_for(self, position: int, bound: float) -> bool:
        """Until the read models have the client's own write at `position` (True), or `bound`
        seconds have passed (False: the answer says it may not show that write yet). With the
        read models kept inline this answers at once; with a worker, as soon as it has it."""
        deadline = time.monotonic() + bound
        while not self.has_seen(position):
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL)
        return True

    # -- helpers ----------------------------------------------------------------------------

    def _read(self):  # type: ignore[no-untyped-def]
        return self.projector.db.transaction(write=False)

    def _roles_at(self, now: datetime) -> Callable[[str], tuple[str, ...] | None]:
        """An active user's roles in force (None for no such user), from the people read model."""

        def roles(username: str) -> tuple[str, ...] | None:
            found = self.credentials(username, now)
            return found.roles if found is not None and found.active else None

        return roles

    def _visible(self, tx: Tx, actor: Actor, request_id: str) -> RequestDetail:
        key = _uuid_text(request_id)
        detail = request_detail(tx, key) if key else None
        if detail is None or not actor.may_see(detail.opd):
            raise not_found("permohonan", "request")
        return detail



def _uuid_text(text: str) -> str | None:
    try:
        return str(UUID(str(text)))
    except ValueError:
        return None
