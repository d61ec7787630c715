"""The application layer's commands: one handler per command, the same for every front door.

Each handler takes the `Actor` and a command value, applies every rule (who may, on what,
which OPD), then goes get → call → save through the tenant's application service, and answers
with plain data built from what it saved. The web pages, the JSON API and the CLI call these
and only translate; a refusal is a named domain error that each door renders its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import commands as c
from domain.actor import Actor
from domain.documents import MAX_BYTES, Document, Upload, check_upload
from domain.errors import (
    AlurError,
    InvalidInputError,
    NotFoundError,
    TooManyAttemptsError,
    UnauthenticatedError,
    UnsupportedMediaError,
)
from domain.people import Grant, check_opd_code, check_password
from domain.people_service import OpdView, UserView
from domain.ports import CheckedSop, Passwords, People, Session, Sessions, Sops
from domain.request import MAX_TEXT
from domain.request_view import RequestDetail, detail_of
from domain.service import RequestService
from domain.sop import Variant, variant_to_dict

SopKey = tuple[str, int]


@dataclass(frozen=True)
class SignedIn:
    token: str  # given to the client once; only its hash is kept
    session: Session
    actor: Actor


@dataclass(frozen=True)
class PasswordLink:
    """A set-password link's token, shown once to the admin to hand over; the user chooses
    the password, so the admin never knows it."""

    username: str
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins: the first `free` are free, then each wait doubles up to `cap` seconds.

    Counted three ways, and the longest wait holds: one account from one address; one account
    from anywhere (guessing one password from many addresses); one address whatever the account
    (trying many accounts).
    """

    free: int = 3
    free_per_account: int = 10
    free_per_address: int = 30
    cap: float = 300.0
    forget: timedelta = timedelta(hours=1)  # failures older than this start the count again

    def wait(self, failures: int, last: datetime | None, now: datetime, free: int | None = None) -> float:
        free = self.free if free is None else free
        if failures < free or last is None or now - last > self.forget:
            return 0.0
        return min(self.cap, 2.0 ** (failures - free)) - (now - last).total_seconds()

    def keys(self, username: str, address: str) -> tuple[tuple[str, int], ...]:
        """Each count's key in the failure store, with its free attempts."""
        return (
            (f"{username}\n{address}", self.free),
            (f"{username}\n*", self.free_per_account),
            (f"*\n{address}", self.free_per_address),
        )


class Commands:
    """Every command of one tenant."""

    def __init__(
        self,
        service: RequestService,
        *,
        people: People,
        sessions: Sessions,
        passwords: Passwords,
        sops: Sops,
        current_sop: Callable[[], SopKey],
        max_upload: int = MAX_BYTES,
        throttle: Throttle = Throttle(),
        office_roles: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        self.service = service
        self.people = people
        self.sessions = sessions
        self.passwords = passwords
        self.sops = sops
        self.current_sop = current_sop
        self.max_upload = max_upload
        self.throttle = throttle
        self.office_roles = office_roles  # the roles that see beyond one OPD (`Actor.opd_only`)

    # -- requests ---------------------------------------------------------------------------

    def submit(self, actor: Actor, command: c.SubmitRequest) -> RequestDetail:
        """File a letter for the actor's OPD (or, for an official, a known OPD named)."""
        documents = []
        if command.letter is not None:
            try:
                letter = self._checked(command.letter)
            except AlurError as error:  # the submission's one file is its letter: name that field
                error.field = "letter"
                raise
            if letter.content_type != "application/pdf":
                raise UnsupportedMediaError(
                    "surat harus berupa PDF", "the letter must be a PDF", field="letter"
                )
            documents.append(letter)
        request = self.service.submit_request(
            *self.current_sop(),
            user=actor.username,
            roles=actor.roles,
            title=command.title,
            purpose=command.purpose,
            letter_number=command.letter_number,
            letter_date=command.letter_date,
            opd=self._filing_opd(actor, command.opd),
            note=command.note,
            outputs=[d.record("Surat Permohonan: ") for d in documents],
            documents=documents,
        )
        return detail_of(request)

    def act(self, actor: Actor, command: c.CompleteStep) -> RequestDetail:
        """Complete the active step: one load, every rule, one save with the step's documents."""
        documents = [self._checked(upload) for upload in command.documents]
        request = self.service.act(
            command.request_id,
            command.step,
            user=actor.username,
            roles=actor.roles,
            decision=command.decision,
            note=command.note,
            assignee=command.assignee,
            deadline=command.deadline,
            outputs=[d.record() for d in documents],
            documents=documents,
            expected_version=command.expected_version,
            may_see=actor.may_see,
            roles_of=self._roles_in_force,
            on_behalf_of=command.on_behalf_of,
        )
        return detail_of(request)

    def _roles_in_force(self, username: str) -> tuple[str, ...] | None:
        """An active user's roles now (Plt. included), from the people read model."""
        found = self.people.credentials(username.strip().lower(), self.service.clock())
        return found.roles if found else None

    def revise_target(self, actor: Actor, command: c.ReviseTarget) -> RequestDetail:
        """A new target, with its reason, once the old one has passed (the setting role only)."""
        request = self.service.revise_target(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            deadline=command.deadline,
            reason=command.reason,
            expected_version=command.expected_version,
            may_see=actor.may_see,
        )
        return detail_of(request)

    def withdraw(self, actor: Actor, command: c.WithdrawRequest) -> RequestDetail:
        request = self.service.withdraw(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            opd=actor.opd,
            note=command.note,
            expected_version=command.expected_version,
            may_see=actor.may_see,
        )
        return detail_of(request)

    # -- signing in -------------------------------------------------------------------------

    def sign_in(self, command: c.SignIn) -> SignedIn:
        """Same answer, and the same work, whether the user exists or not; slowed when repeated."""
        username = command.username.strip().lower()
        keys = self.throttle.keys(username, command.address)
        now = self.service.clock()
        wait = max(self.throttle.wait(*self.sessions.failures(key), now, free) for key, free in keys)
        if wait > 0:
            raise TooManyAttemptsError(max(1, round(wait + 0.499)))
        # The epoch is read before the password: a reset or deactivation after this moment
        # refuses the session below (or ends it at its first use), whatever was read here.
        epoch = self.sessions.epoch(username) if len(username) <= 100 else 0
        found = self.service.credentials(username, now) if len(username) <= 100 else None
        matches = self.passwords.verify(found.password_hash if found else "", command.password)
        if found is None or not matches or not found.roles or not found.active:
            for key, _ in keys:
                self.sessions.record_failure(key, forget_before=now - self.throttle.forget)
            if found is not None and matches and not found.active:  # told only to one who knows the password
                raise UnauthenticatedError(
                    "akun ini dinonaktifkan; hubungi admin tenant",
                    "this account is deactivated; ask the tenant admin",
                    field="password",
                )
            raise UnauthenticatedError(
                "nama pengguna atau kata sandi salah", "wrong username or password", field="password"
            )
        self.sessions.clear_failures(keys[0][0])  # the others still count: a success elsewhere ends no attack
        issued = self.sessions.issue(found.username, command.kind, epoch)
        if issued is None:  # the password was reset (or the user deactivated) while checking it
            raise UnauthenticatedError(
                "nama pengguna atau kata sandi salah", "wrong username or password", field="password"
            )
        token, session = issued
        actor = Actor(self.service.tenant, found.username, found.roles, found.opd, found.full_name,
                      self.office_roles())  # fmt: skip
        return SignedIn(token, session, actor)

    def sign_out(self, session: Session) -> None:
        self.sessions.revoke(session.token_hash)

    # -- people -----------------------------------------------------------------------------

    def create_opd(self, actor: Actor, command: c.CreateOpd) -> OpdView:
        actor.require_admin()
        return self.service.create_opd(command.code, command.name, actor=actor.username)

    def create_user(self, actor: Actor, command: c.CreateUser) -> UserView:
        actor.require_admin()
        return self.service.create_user(
            command.username,
            command.password,
            hash_password=self.passwords.hash,
            roles=command.roles,
            sop=self.current_sop(),
            actor=actor.username,
            full_name=command.full_name,
            nip=command.nip,
            opd=command.opd,
        )

    def grant(self, actor: Actor, command: c.GrantRole) -> Grant:
        actor.require_admin()
        chosen(command.username, command.role)
        return self.service.grant_role(
            command.username,
            command.role,
            sop=self.current_sop(),
            actor=actor.username,
            valid_from=command.valid_from,
            valid_until=command.valid_until,
            acting=command.acting,
        )

    def revoke(self, actor: Actor, command: c.RevokeRole) -> None:
        actor.require_admin()
        chosen(command.username, command.role)
        self.service.revoke_role(command.username, command.role, actor=actor.username)

    def edit_user(self, actor: Actor, command: c.EditUser) -> UserView:
        actor.require_admin()
        unknown = sorted(set(command.changes) - set(c.EDITABLE))
        if unknown:
            raise InvalidInputError(f"{unknown[0]}: tidak dapat diubah di sini",
                                    f"{unknown[0]}: cannot be edited here", field=unknown[0])  # fmt: skip
        return self.service.edit_user(
            command.username,
            command.changes,
            sop=self.current_sop(),
            actor=actor.username,
        )

    def set_active(self, actor: Actor, command: c.SetUserActive) -> UserView:
        """Deactivating also ends the user's sessions and API tokens at once (the read model
        a worker updates may lag; the sessions table is the same store, written now)."""
        actor.require_admin()
        view = self.service.set_active(command.username, command.active, actor=actor.username)
        if not command.active:
            self.sessions.revoke_user(command.username)
        return view

    def reset_password(self, actor: Actor, command: c.ResetPassword) -> PasswordLink:
        """End the old password and every session; a one-time link lets the user choose anew."""
        actor.require_admin()
        self.service.reset_password(command.username, actor=actor.username)
        self.sessions.revoke_user(command.username)
        token, expires = self.sessions.issue_reset(command.username)
        return PasswordLink(command.username, token, expires)

    def set_password(self, command: c.SetPassword) -> str:
        """The user sets their own password through the link (once, before it expires)."""
        username = self.sessions.find_reset(command.token)
        if username is None:
            raise expired_link()
        check_password(command.password)
        if command.password != command.confirm:
            raise InvalidInputError(
                "kedua kata sandi tidak sama", "the two passwords are not the same", field="confirm"
            )
        if not self.sessions.use_reset(command.token):  # claimed first: a link sets one password
            raise expired_link()
        self.service.set_password(username, command.password, hash_password=self.passwords.hash)
        self.sessions.revoke_user(username)
        return username

    # -- the tenant's SOP -------------------------------------------------------------------

    def switch_sop(self, actor: Actor, command: c.SwitchSop) -> SopKey:
        """New requests follow the chosen variant; requests in flight keep their own version.
        The admin says why: the reason is kept with the change."""
        actor.require_admin()
        check_sop_choice(command.variant_id, self.sops.available())
        self._not_in_force(self.sops.builtin(command.variant_id))
        reason = sop_reason(command.reason)
        return self.sops.switch(self.service.tenant, command.variant_id, actor.username, reason)

    def _not_in_force(self, new: Variant) -> None:
        """Switching to the SOP already in force (that version, that content) would change
        nothing: refused, with no event. The same version with other content is the store's
        refusal (`VariantVersionError`): raise the version number."""
        current = self.current_sop()
        same = (new.id, new.version) == tuple(current)
        if same and variant_to_dict(new) == variant_to_dict(self.service.variant(*current)):
            raise InvalidInputError(
                f"SOP {new.id} versi {new.version} sudah berlaku; tidak ada yang diganti",
                f"SOP {new.id} version {new.version} is already in force; nothing was switched",
                field="variant",
            )

    def check_sop_file(self, actor: Actor, command: c.CheckSopFile) -> CheckedSop:
        """Check the tenant's own variant file; with `use` (and a reason), run it for new
        requests if valid."""
        actor.require_admin()
        checked = self.sops.check_file(command.text, command.filename)
        if command.use and checked.variant is not None:
            self._not_in_force(checked.variant)
            reason = sop_reason(command.reason)
            self.sops.use_file(self.service.tenant, command.text, command.filename, actor.username, reason)
        return checked

    # -- helpers ----------------------------------------------------------------------------

    def _checked(self, upload: Upload) -> Document:
        return check_upload(upload, self.max_upload)

    def _filing_opd(self, actor: Actor, given: str | None) -> str | None:
        """An OPD user files for its own OPD only; others may name an OPD the tenant knows."""
        if actor.opd_only or (actor.opd and not given):
            if given and given != actor.opd:
                raise InvalidInputError(
                    "pengguna OPD hanya dapat mengajukan untuk OPD-nya sendiri",
                    "an OPD user can only submit for its own OPD",
                    field="opd",
                )
            return actor.opd
        if not given:
            return None
        try:
            code = check_opd_code(given)
        except InvalidInputError:
            code = ""
        if not code or not self.service.opd_exists(code):
            raise InvalidInputError(f"OPD {given!r} tidak dikenal", f"unknown OPD {given!r}", field="opd")
        return code


def chosen(username: str, role: str) -> None:
    """A grant or revocation names a user and a role: nothing is picked for the admin."""
    if not (username or "").strip():
        raise InvalidInputError("pilih pengguna", "choose a user", field="username")
    if not (role or "").strip():
        raise InvalidInputError("pilih peran", "choose a role", field="role")


def expired_link() -> NotFoundError:
    return NotFoundError(
        "tautan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti); minta tautan baru "
        "kepada admin",
        "this link no longer works (used, expired, or replaced); ask the admin for a new one",
        field="token",
    )


def check_sop_choice(variant_id: str, available: list[str]) -> None:
    """A built-in variant the tenant may switch to (the page's list and the command agree)."""
    if variant_id not in available:
        raise InvalidInputError(
            f"SOP {variant_id!r} tidak ada; pilih salah satu: {', '.join(available)}",
            f"no SOP {variant_id!r}; choose one of: {', '.join(available)}",
            field="variant",
        )


def sop_reason(reason: str) -> str:
    """Why the tenant's SOP changes: required, kept with the change in both histories."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(
            "tulis alasan mengganti SOP: permohonan baru akan mengikuti SOP lain",
            "give the reason for switching: new requests will follow another SOP",
            field="reason",
        )
    if len(reason) > MAX_TEXT:
        raise InvalidInputError(
            f"alasan terlalu panjang: paling banyak {MAX_TEXT} karakter",
            f"the reason is too long: at most {MAX_TEXT} characters",
            field="reason",
        )
    return reason
