"""The questions about people: the admin's view, users, who held a role, OPDs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from domain.actor import Actor
from domain.documents import is_sha256
from domain.errors import not_found
from domain.people_service import Holding, OpdView, UserView
from domain.sop import Variant
from projections import people
from projections.listing import search_of, sort_of
from projections.queries.base import Paged, Paging, QueriesBase


@dataclass(frozen=True)
class AdminView:
    """What the tenant admin's pages show: people, OPDs, the SOP run now and the choices."""

    users: list[UserView]
    opds: list[OpdView]
    variant: Variant
    choices: list[str]



@dataclass(frozen=True)
class RoleOnDay:
    """Who held a role on a day, each under the grant (and its SK) that gave it."""

    role: str
    day: date
    holdings: list[Holding]


class PeopleQueries(QueriesBase):
    """Questions about the tenant's people."""

    def admin(self, actor: Actor, now: datetime) -> AdminView:
        """The tenant admin's view (admins only)."""
        actor.require_admin()
        with self._read() as tx:
            found = AdminView(people.users(tx, now), people.opds(tx),
                              self.projector.variant(tx, *self.current_sop()), [])  # fmt: skip
        return AdminView(found.users, found.opds, found.variant, self.sop_choices())

    def users(
        self,
        actor: Actor,
        now: datetime,
        *,
        search: str | None = None,
        sort: str | None = None,
        paging: Paging | None = None,
    ) -> Paged[UserView]:
        """The tenant's users a page at a time (admins only): `search` finds a username, a name,
        a NIP or an OPD; `sort` is a column of `people.USER_SORTS`."""
        actor.require_admin()
        order = sort_of(sort, people.USER_SORTS, "username")
        search = search_of(search)
        paging = paging or Paging()
        with self._read() as tx:
            total = people.count_users(tx, search=search)
            found = people.users_page(tx, now, search=search, sort=order, limit=paging.limit,
                                      offset=paging.offset) if total else []  # fmt: skip
        return Paged(found, total, paging.page, paging.limit)

    def user(self, actor: Actor, username: str, now: datetime) -> UserView:
        """One user of the tenant with every grant (admins only)."""
        actor.require_admin()
        with self._read() as tx:
            found = people.user(tx, username, now)
        if found is None:
            raise not_found("pengguna", "user")
        return found

    def holders(self, actor: Actor, role: str, at: datetime) -> list[Holding]:
        """Who held a role at a moment, under which grant (auditors and admins)."""
        actor.require_auditor()
        with self._read() as tx:
            return people.holders(tx, role, at)

    def holders_on(self, actor: Actor, role: str | None, day: date) -> RoleOnDay | None:
        """Who held a role on a day (in the tenant's zone), definitive or acting, under which
        grant and SK (auditors and admins); None when no role is named (a page's empty form)."""
        actor.require_auditor()
        role = (role or "").strip()
        if not role:
            return None
        start = datetime.combine(day, time(), self.calendar.zone)
        with self._read() as tx:
            found = people.holders_between(tx, role.strip(), start, start + timedelta(days=1))
        return RoleOnDay(role, day, found)

    def sk_document(self, actor: Actor, sha256: str) -> tuple[dict[str, Any], bytes]:
        """An SK's PDF a grant names, and its record (auditors and admins)."""
        actor.require_auditor()
        record = None
        if is_sha256(sha256):
            with self._read() as tx:
                record = people.sk_document(tx, sha256)
        content = self.documents.content(sha256) if record is not None else None
        if record is None or content is None:
            raise not_found("dokumen SK", "SK document")
        return record, content

    def password_link(self, token: str) -> str | None:
        """The user a set-password link is for, while it is unused and unexpired."""
        return self.sessions.find_reset(token)


    def opds(self, actor: Actor) -> list[OpdView]:
        with self._read() as tx:
            return people.opds(tx)
