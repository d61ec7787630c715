"""The people commands and reads of a tenant's application service, mixed into RequestService.

People live in the tenant's own event store beside its requests. Each command is
get → call → save; reads turn aggregates into plain views. Role lists come from the tenant's
SOP version, which the caller names with `sop=(variant_id, version)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.calendar import WorkingCalendar, end_of_day
from domain.documents import Document
from domain.errors import AlurError, ConcurrentActionError, InvalidInputError, NotFoundError
from domain.notifications import created_ids
from domain.people import (
    AlreadyExistsError,
    Grant,
    Opd,
    User,
    assignable_roles,
    check_opd_code,
    check_password,
    check_username,
    opd_id,
    user_id,
)
from domain.ports import Credentials

if TYPE_CHECKING:
    from eventsourcing.application import Repository
    from eventsourcing.persistence import ApplicationRecorder

    from domain.sop import Variant

SopKey = tuple[str, int]
Hasher = Callable[[str], str]
A = TypeVar("A")


@dataclass(frozen=True)
class OpdView:
    code: str
    name: str


@dataclass(frozen=True)
class UserView:
    """A user as the web and the CLI show it: never the password hash."""

    username: str
    full_name: str
    nip: str | None
    opd: str | None
    roles: tuple[str, ...]  # in force at the time asked
    grants: tuple[Grant, ...]
    active: bool = True  # a deactivated user holds no role and cannot sign in
    email: str | None = None
    email_confirmed: bool = False  # mail goes only to a confirmed address


@dataclass(frozen=True)
class Holding:
    """Who held a role at a moment, under which grant (acting or not, granted by whom)."""

    username: str
    full_name: str
    grant: Grant
    nip: str | None = None


class PeopleMixin:
    """OPDs, users and role grants of one tenant."""

    if TYPE_CHECKING:  # provided by RequestService and its Application base

        @property
        def repository(self) -> Repository[UUID]: ...
        def save(self, *objs: Any, **kwargs: Any) -> Any: ...
        def variant(self, variant_id: str, version: int) -> Variant: ...

        recorder: ApplicationRecorder
        clock: Callable[[], datetime]
        calendar: WorkingCalendar

    # -- commands ---------------------------------------------------------------------------

    def create_opd(self, code: str, name: str, *, actor: str) -> OpdView:
        opd = Opd.register(code, name, actor=actor, at=self.clock())
        if self._find(opd.id, Opd) is not None:
            raise _opd_taken(opd.code)
        self._store(opd, conflict=_opd_taken(opd.code))
        return OpdView(opd.code, opd.name)

    def create_user(
        self,
        username: str,
        password: str,
        *,
        hash_password: Hasher,
        roles: Iterable[str],
        sop: SopKey,
        actor: str,
        full_name: str = "",
        nip: str | None = None,
        opd: str | None = None,
        opd_known: Callable[[str], bool] | None = None,
    ) -> UserView:
        """Register a user holding `roles` now; a username taken meanwhile is refused.

        `opd_known` answers whether the tenant has an OPD (the people read model, for the web);
        without it the OPD's own aggregate is read.
        """
        if self._find_user(check_username(username)) is not None:
            raise _username_taken(username)
        code = self._known_opd(opd, opd_known) if opd else None
        user = User.register(
            username,
            password_hash=hash_password(check_password(password)),
            roles=roles,
            known_roles=self._known_roles(sop),
            requester_role=self.variant(*sop).requester_role,
            actor=actor,
            at=self.clock(),
            full_name=full_name,
            nip=nip,
            opd=code,
        )
        self._store(user, conflict=_username_taken(username))
        return _view(user, user.registered_at)

    def grant_role(
        self,
        username: str,
        role: str,
        *,
        sop: SopKey,
        actor: str,
        valid_from: datetime | None = None,
        valid_until: datetime | date | None = None,
        acting: bool = False,
        title: str | None = None,
        sk_number: str | None = None,
        sk_date: date | None = None,
        sk_document: Document | None = None,
    ) -> Grant:
        """Grant a role; an end given as a date holds through that day, in the tenant's zone.
        An acting grant (a Plt. or, by `title`, a Plh.) names its SK; the SK's PDF (checked by
        the caller) is stored with the event that records it, or not at all."""
        user = self._user(username)
        until_date = None if valid_until is None or isinstance(valid_until, datetime) else valid_until
        until = end_of_day(until_date, self.calendar.zone) if until_date else valid_until
        user.grant(
            role,
            known_roles=self._known_roles(sop),
            requester_role=self.variant(*sop).requester_role,
            actor=actor,
            at=self.clock(),
            valid_from=valid_from,
            valid_until=until if isinstance(until, datetime) else None,
            until_date=until_date,
            acting=acting,
            title=title,
            sk_number=sk_number,
            sk_date=sk_date,
            sk_document=sk_document.record() if sk_document else None,
        )
        self._store(user, conflict=_user_changed(username), documents=[sk_document] if sk_document else [])
        return user.grants[-1]

    def revoke_role(self, username: str, role: str, *, actor: str) -> None:
        user = self._user(username)
        user.revoke(role, actor=actor, at=self.clock())
        self._store(user, conflict=_user_changed(username))

    def edit_user(
        self,
        username: str,
        changes: Mapping[str, str | None],
        *,
        sop: SopKey,
        actor: str,
        opd_known: Callable[[str], bool] | None = None,
    ) -> UserView:
        """Correct a user's name, NIP or OPD (an OPD the tenant knows): the fields in `changes`,
        the others as the user's events have them; one who files requests under the tenant's SOP
        (`sop`) keeps an OPD."""
        user = self._user(username)
        given = {"full_name": user.full_name, "nip": user.nip, "opd": user.opd, **changes}
        opd = given["opd"]
        try:
            code = self._known_opd(opd, opd_known) if opd else None
        except InvalidInputError as error:
            error.field = "opd"  # the user's OPD field, not an OPD's own code
            raise
        requester = self.variant(*sop).requester_role
        if user.change_details(full_name=given["full_name"] or "", nip=given["nip"] or None, opd=code,
                               requester_role=requester, actor=actor, at=self.clock()):  # fmt: skip
            self._store(user, conflict=_user_changed(username))
        return _view(user, self.clock())

    def set_active(self, username: str, active: bool, *, actor: str) -> UserView:
        """Deactivate (no role, no sign-in; history kept) or reactivate a user."""
        user = self._user(username)
        if active:
            user.reactivate(actor=actor, at=self.clock())
        else:
            user.deactivate(actor=actor, at=self.clock())
        self._store(user, conflict=_user_changed(username))
        return _view(user, self.clock())

    def reset_password(self, username: str, *, actor: str) -> None:
        user = self._user(username)
        user.reset_password(actor=actor, at=self.clock())
        self._store(user, conflict=_user_changed(username))

    def set_password(self, username: str, password: str, *, hash_password: Hasher) -> None:
        user = self._user(username)
        user.set_password(hash_password(check_password(password)), at=self.clock())
        self._store(user, conflict=_user_changed(username))

    def change_password(self, username: str, password: str, *, hash_password: Hasher) -> None:
        """Store the user's own new password (its rules checked by the caller)."""
        user = self._user(username)
        user.change_password(hash_password(check_password(password)), at=self.clock())
        self._store(user, conflict=_user_changed(username))

    def change_email(self, username: str, email: str | None, *, actor: str) -> tuple[UserView, bool, int]:
        """Set or remove the user's address (unconfirmed): the user, whether it changed, and the
        user's version after it."""
        user = self._user(username)
        changed = user.change_email(email, actor=actor, at=self.clock())
        if changed:
            self._store(user, conflict=_user_changed(username))
        return _view(user, self.clock()), changed, int(user.version)

    def confirm_email(self, username: str, email: str) -> UserView:
        user = self._user(username)
        if user.confirm_email(email, at=self.clock()):
            self._store(user, conflict=_user_changed(username))
        return _view(user, self.clock())
    def set_own_details(
        self,
        username: str,
        *,
        full_name: str | None,
        language: str | None,
        choices: Mapping[str, str],
        actor: str,
    ) -> UserView:
        """A user's name (only by the user), language and notice choices: checked all before
        any event, stored together (nothing changed: no event)."""
        user = self._user(username)
        now = self.clock()
        if full_name is not None:
            user.correct_name(full_name, at=now)
        if language is not None:
            user.set_language(language, actor=actor, at=now)
        if choices:
            user.set_notice_choices(dict(choices), actor=actor, at=now)
        if user.pending_events:
            self._store(user, conflict=_user_changed(username))
        return _view(user, now)

    def read_notice(self, username: str, notice_id: str) -> None:
        user = self._user(username)
        user.read_notice(notice_id, at=self.clock())
        self._store(user, conflict=_user_changed(username))

    def read_all_notices(self, username: str) -> None:
        user = self._user(username)
        user.read_all_notices(at=self.clock())
        self._store(user, conflict=_user_changed(username))

    # -- reads ------------------------------------------------------------------------------

    def opd(self, code: str) -> OpdView:
        found = self._find(opd_id(check_opd_code(code)), Opd)
        if found is None:
            raise NotFoundError(f"OPD {code!r} tidak ditemukan", f"OPD {code!r} not found", field="code")
        return OpdView(found.code, found.name)

    def opds(self) -> list[OpdView]:
        """Every OPD of the tenant, by code."""
        found = [self._find(i, Opd) for i in self._originators(Opd.Registered)]
        return sorted((OpdView(o.code, o.name) for o in found if o is not None), key=lambda o: o.code)

    def user(self, username: str, at: datetime | None = None) -> UserView:
        """A user with the roles in force at `at` (default now)."""
        return _view(self._user(username), at or self.clock())

    def users(self, at: datetime | None = None) -> list[UserView]:
        """Every user of the tenant, by username, with the roles in force at `at`."""
        when = at or self.clock()
        return sorted((_view(user, when) for user in self._all_users()), key=lambda u: u.username)

    def credentials(self, username: str, at: datetime) -> Credentials | None:
        """What sign-in checks, from the user's own events: a read model may lag behind a
        password reset or a deactivation, and an old password must not work in that window."""
        try:
            found = self._find_user(check_username(username))
        except InvalidInputError:
            return None
        if found is None:
            return None
        return Credentials(found.username, found.full_name, found.opd, found.password_hash,
                           found.roles_at(at), found.active)  # fmt: skip

    def roles_of(self, username: str, at: datetime) -> tuple[str, ...]:
        return self._user(username).roles_at(at)

    def holders_of(self, role: str, at: datetime) -> list[Holding]:
        """Who held `role` at `at`, and under which grant: the auditor's question."""
        return sorted(
            (
                Holding(user.username, user.full_name, grant, user.nip)
                for user in self._all_users()
                for grant in user.grants_at(role, at)
            ),
            key=lambda holding: holding.username,
        )

    # -- helpers ----------------------------------------------------------------------------

    def _known_roles(self, sop: SopKey) -> frozenset[str]:
        return assignable_roles(self.variant(*sop))

    def opd_exists(self, code: str) -> bool:
        """Whether the tenant has registered this OPD (checked code), from its own events: an
        OPD registered a moment ago counts, whatever a read model has caught up with."""
        return self._find(opd_id(code), Opd) is not None

    def _known_opd(self, code: str, known: Callable[[str], bool] | None = None) -> str:
        normalised = check_opd_code(code)
        found = known(normalised) if known is not None else self._find(opd_id(normalised), Opd) is not None
        if not found:
            raise InvalidInputError(
                f"OPD {code!r} tidak dikenal tenant ini", f"unknown OPD {code!r}", field="opd"
            )
        return normalised

    def _user(self, username: str) -> User:
        user = self._find_user(username)
        if user is None:
            raise NotFoundError(
                f"pengguna {username!r} tidak ditemukan", f"user {username!r} not found", "username"
            )
        return user

    def _find_user(self, username: str) -> User | None:
        return self._find(user_id(username), User)

    def _find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def _all_users(self) -> Iterator[User]:
        for originator in self._originators(User.Registered):
            user = self._find(originator, User)
            if user is not None:
                yield user

    def _store(self, aggregate: Any, conflict: AlurError, documents: Sequence[Document] = ()) -> None:
        """Save (with the documents its events record, in the same transaction); the store's
        primary key turning down a stale version is the conflict signal."""
        try:
            self.save(aggregate, documents=list(documents))
        except IntegrityError:
            raise conflict from None

    def _originators(self, created: type) -> Iterator[UUID]:
        return created_ids(self.recorder, created)


def _view(user: User, at: datetime) -> UserView:
    return UserView(user.username, user.full_name, user.nip, user.opd, user.roles_at(at), tuple(user.grants),
                    user.active, user.email, user.email_confirmed)


def _username_taken(username: str) -> AlreadyExistsError:
    return AlreadyExistsError(
        f"nama pengguna {username!r} sudah dipakai", f"username {username!r} is taken", field="username"
    )


def _user_changed(username: str) -> ConcurrentActionError:
    return ConcurrentActionError(
        f"pengguna {username!r} baru saja diubah oleh orang lain; coba lagi",
        f"someone else changed user {username!r} at the same time; try again",
    )


def _opd_taken(code: str) -> AlreadyExistsError:
    return AlreadyExistsError(f"kode OPD {code!r} sudah ada", f"OPD code {code!r} exists", field="code")
