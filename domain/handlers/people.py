"""The handlers of people: signing in and out, users, their roles and passwords, OPDs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import commands as c
from domain.actor import Actor
from domain.documents import Document, Upload, check_upload
from domain.errors import (
    AlurError,
    InvalidInputError,
    NotFoundError,
    TooManyAttemptsError,
    UnauthenticatedError,
    UnsupportedMediaError,
)
from domain.handlers.base import CommandsBase
from domain.handlers.mail import give_email
from domain.people import Grant, check_email, check_new_password, check_password
from domain.people_service import OpdView, UserView
from domain.ports import Session


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



class PeopleCommands(CommandsBase):
    """People's commands."""

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
        check_email(command.email)  # refused before the user exists
        made = self.service.create_user(
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
        if not command.email.strip():
            return made
        return give_email(self, actor, c.SetEmail(made.username, command.email))

    def grant(self, actor: Actor, command: c.GrantRole) -> Grant:
        """A role, for a period if given; an acting one (Plt./Plh.) with its SK, whose PDF (if
        sent) is checked here and stored with the grant."""
        actor.require_admin()
        chosen(command.username, command.role)
        document = sk_pdf(command.sk_document, self.max_upload) if command.sk_document else None
        return self.service.grant_role(
            command.username,
            command.role,
            sop=self.current_sop(),
            actor=actor.username,
            valid_from=command.valid_from,
            valid_until=command.valid_until,
            acting=command.acting,
            title=command.title,
            sk_number=command.sk_number,
            sk_date=command.sk_date,
            sk_document=document,
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

    def change_own_password(self, actor: Actor, session: Session, command: c.ChangeOwnPassword) -> None:
        """The signed-in user's new password: the old one is asked again (a wrong one counts as
        a failed sign-in, and is slowed as those are), the new one follows the password rules,
        differs from the old and is typed twice the same. Every other session and API token of
        the user ends; `session`, the one the change was made in, stays signed in."""
        if session.username != actor.username:
            raise UnauthenticatedError("masuk dahulu", "sign in first")
        keys = self.throttle.keys(actor.username, command.address)
        now = self.service.clock()
        wait = max(self.throttle.wait(*self.sessions.failures(key), now, free) for key, free in keys)
        if wait > 0:
            raise TooManyAttemptsError(max(1, round(wait + 0.499)))
        if not command.old_password:
            raise InvalidInputError("kata sandi lama wajib diisi", "the old password is required",
                                    field="old_password")  # fmt: skip
        found = self.service.credentials(actor.username, now)
        if found is None or not self.passwords.verify(found.password_hash, command.old_password):
            for key, _ in keys:
                self.sessions.record_failure(key, forget_before=now - self.throttle.forget)
            raise InvalidInputError("kata sandi lama salah", "the old password is wrong",
                                    field="old_password")  # fmt: skip
        self.sessions.clear_failures(keys[0][0])  # as a sign-in does: the others still count
        check_new_password(command.old_password, command.password, command.confirm)
        self.service.change_password(actor.username, command.password, hash_password=self.passwords.hash)
        self.sessions.revoke_others(actor.username, keep=session.token_hash)

    def set_own_details(self, actor: Actor, command: c.SetOwnDetails) -> UserView:
        """One's own page: an actor sets their own name, language and notice choices; an admin
        may set another user's language and choices (never their name: that is `edit_user`)."""
        own = command.username == actor.username
        if not own:
            actor.require_admin()
            if command.full_name is not None:
                raise InvalidInputError(
                    "nama pengguna lain diubah di halaman pengguna admin",
                    "another user's name is changed on the admin's user page",
                    field="full_name",
                )
        return self.service.set_own_details(command.username, full_name=command.full_name,
                                            language=command.language, choices=command.choices,
                                            actor=actor.username)  # fmt: skip

    def read_notice(self, actor: Actor, command: c.ReadNotice) -> None:
        """Mark one of the actor's own notices read (the read model marks only the actor's own:
        the doors ask `queries.notice` first and answer 404 for another's)."""
        try:
            notice = str(UUID(str(command.notice_id)))
        except ValueError:
            raise NotFoundError("pemberitahuan tidak ditemukan", "notice not found", field="id") from None
        self.service.read_notice(actor.username, notice)

    def read_all_notices(self, actor: Actor, command: c.ReadAllNotices) -> None:
        self.service.read_all_notices(actor.username)


def chosen(username: str, role: str) -> None:
    """A grant or revocation names a user and a role: nothing is picked for the admin."""
    if not (username or "").strip():
        raise InvalidInputError("pilih pengguna", "choose a user", field="username")
    if not (role or "").strip():
        raise InvalidInputError("pilih peran", "choose a role", field="role")


def sk_pdf(upload: Upload, max_bytes: int) -> Document:
    """The SK's file: a PDF within the size limit, or a refusal naming `sk_document`."""
    try:
        document = check_upload(upload, max_bytes)
    except AlurError as error:
        error.field = "sk_document"
        raise
    if document.content_type != "application/pdf":
        raise UnsupportedMediaError(
            "berkas SK harus berupa PDF", "the SK file must be a PDF", field="sk_document"
        )
    return document


def expired_link() -> NotFoundError:
    return NotFoundError(
        "tautan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti); minta tautan baru "
        "kepada admin",
        "this link no longer works (used, expired, or replaced); ask the admin for a new one",
        field="token",
    )
