"""People of one tenant: its OPDs (requesting agencies), its users, and their role grants.

Grants and revocations are events that say who gave or took which role from whom and when,
so an auditor can ask who held a role at any past moment. A grant may hold for a period
(a Plt., an acting official): it lapses at `valid_until` by itself, with no event needed.
Passwords never reach this module: it keeps the hash an adapter made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.calendar import day_meant
from domain.errors import InvalidInputError, RoleNotHeldError
from domain.notices import check_choices, check_language
from domain.sop import Variant

ADMIN, AUDITOR = "admin", "auditor"
PLATFORM_ROLES = (ADMIN, AUDITOR)  # besides the SOP's own swimlane roles, its requester role included
USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,40}$")
OPD_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,29}$")
NIP_RE = re.compile(r"^[0-9]{18}$")
MIN_PASSWORD, MAX_PASSWORD, MAX_NAME = 8, 1024, 200
# An acting official is a Plt. (pelaksana tugas: the post is vacant, or its holder away for long)
# or a Plh. (pelaksana harian: its holder away for a few days); either rests on an SK.
ACTING_TITLES = ("Plt.", "Plh.")
MAX_SK_NUMBER = 100
MAX_EMAIL = 254
EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"  # the local part, in ASCII (no SMTPUTF8 needed)
    r"@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
)


class AlreadyExistsError(InvalidInputError):
    """A username or OPD code the tenant already has (or that was taken a moment ago)."""

    code = "already_exists"


def user_id(username: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"alur:user:{username}")


def opd_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"alur:opd:{code}")


def assignable_roles(variant: Variant) -> frozenset[str]:
    """The roles of the tenant's SOP (its requester role among them) plus the platform's own:
    admin and auditor."""
    return frozenset(role.id for role in variant.roles) | frozenset(PLATFORM_ROLES)


def check_username(username: str) -> str:
    if not isinstance(username, str) or not USERNAME_RE.fullmatch(username):
        raise InvalidInputError(
            "nama pengguna hanya huruf kecil, angka, '.', '_' atau '-', 3–40 karakter",
            "username must be 3-40 lower-case letters, digits, '.', '_' or '-'",
            field="username",
        )
    return username


def check_password(password: str) -> str:
    """Checked before hashing, since the domain never sees the password again."""
    if not password or len(password) < MIN_PASSWORD:
        raise InvalidInputError(
            f"kata sandi wajib diisi, paling sedikit {MIN_PASSWORD} karakter",
            f"the password is required, at least {MIN_PASSWORD} characters",
            field="password",
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInputError(
            f"kata sandi paling panjang {MAX_PASSWORD} karakter",
            f"the password is at most {MAX_PASSWORD} characters",
            field="password",
        )
    return password


def check_new_password(old: str, password: str, confirm: str) -> str:
    """One's own new password (the old one already checked): the rules of `check_password`,
    not the old one again, and typed the same twice."""
    check_password(password)
    if password == old:
        raise InvalidInputError(
            "kata sandi baru harus berbeda dari kata sandi lama",
            "the new password must differ from the old one",
            field="password",
        )
    if password != confirm:
        raise InvalidInputError(
            "kedua kata sandi tidak sama", "the two passwords are not the same", field="confirm"
        )
    return password


def check_email(email: str | None) -> str | None:
    """An email address (its domain kept lower-case), or None when blank (no address)."""
    if email is None or not isinstance(email, str) or not email.strip():
        return None
    local, _, domain = email.strip().rpartition("@")
    address = f"{local}@{domain.lower()}"
    if len(address) > MAX_EMAIL or not EMAIL_RE.fullmatch(address):
        raise InvalidInputError(
            "alamat email tidak sah (contoh: nama@kominfo.go.id)",
            "not a valid email address (e.g. name@kominfo.go.id)",
            field="email",
        )
    return address


def check_nip(nip: str | None) -> str | None:
    """NIP (Nomor Induk Pegawai) is optional; when given it is 18 digits."""
    if nip is None or not nip.strip():
        return None
    nip = nip.strip()
    if not NIP_RE.fullmatch(nip):
        raise InvalidInputError(
            "NIP harus 18 angka", "the NIP (civil servant number) must be 18 digits", field="nip"
        )
    return nip


def check_opd_code(code: str) -> str:
    """Codes are kept upper-case so that 'bappeda' and 'BAPPEDA' are one OPD."""
    normalised = code.strip().upper() if isinstance(code, str) else ""
    if not OPD_CODE_RE.fullmatch(normalised):
        raise InvalidInputError(
            "kode OPD hanya huruf, angka, '.', '_' atau '-', 1–30 karakter",
            "the OPD code must be 1-30 letters, digits, '.', '_' or '-'",
            field="code",
        )
    return normalised


def _check_name(name: str, field: str, required: bool) -> str:
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise InvalidInputError(
            "nama berisi karakter kendali", "the name contains control characters", field=field
        )
    if required and not name:
        raise InvalidInputError("nama wajib diisi", "the name is required", field=field)
    if len(name) > MAX_NAME:
        raise InvalidInputError(
            f"nama paling panjang {MAX_NAME} karakter", f"the name is at most {MAX_NAME} characters", field
        )
    return name


def check_sk_number(number: str | None) -> str | None:
    """The number of an SK (surat keputusan), e.g. "800.1.3/123/BKPSDM/2026"; None when blank."""
    if number is None:
        return None
    if not isinstance(number, str):
        raise InvalidInputError("nomor SK harus teks", "the SK number must be text", field="sk_number")
    if any(ord(char) < 32 or ord(char) == 127 for char in number):
        raise InvalidInputError(
            "nomor SK berisi karakter kendali", "the SK number contains control characters", field="sk_number"
        )
    number = number.strip()
    if len(number) > MAX_SK_NUMBER:
        raise InvalidInputError(
            f"nomor SK paling panjang {MAX_SK_NUMBER} karakter",
            f"the SK number is at most {MAX_SK_NUMBER} characters",
            field="sk_number",
        )
    return number or None


def check_acting_title(title: str | None, acting: bool) -> str | None:
    """ "Plt." or "Plh." for an acting grant ("Plt." unless said), None for a definitive one."""
    if title is None or not title.strip():
        return ACTING_TITLES[0] if acting else None
    if title.strip() not in ACTING_TITLES:
        raise InvalidInputError(
            f"sebutan pejabat hanya {' atau '.join(ACTING_TITLES)}",
            f"the acting title is {' or '.join(ACTING_TITLES)}",
            field="title",
        )
    return title.strip()


def _check_moment(when: datetime, field: str) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInputError(
            "waktu harus menyebut zona waktunya", "the time must carry its time zone", field=field
        )
    return when


class Opd(Aggregate):
    """An Organisasi Perangkat Daerah of the region: the agencies that file requests."""

    class Registered(Aggregate.Created):
        class_version = 1

        code: str
        name: str
        actor: str
        at: datetime

    def __init__(self, code: str, name: str, actor: str, at: datetime) -> None:
        self.code = code
        self.name = name
        self.registered_by = actor
        self.registered_at = at

    @classmethod
    def register(cls, code: str, name: str, *, actor: str, at: datetime) -> Opd:
        code = check_opd_code(code)
        return cls._create(
            cls.Registered,
            timestamp=at,
            id=opd_id(code),
            code=code,
            name=_check_name(name, "name", True),
            actor=actor,
            at=at,
        )


@dataclass(frozen=True)
class Grant:
    """One grant of a role, in force from `valid_from` until it lapses or is revoked."""

    role: str
    valid_from: datetime
    valid_until: datetime | None
    acting: bool
    granted_by: str
    granted_at: datetime
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    title: str | None = None  # "Plt." or "Plh." when acting
    sk_number: str | None = None  # the SK the grant rests on (required when acting)
    sk_date: date | None = None
    sk_document: dict[str, Any] | None = None  # the SK's PDF: name, sha256, size, content_type

    @property
    def held_as(self) -> str:
        """ "Plt.", "Plh." or "" (definitive)."""
        return (self.title or ACTING_TITLES[0]) if self.acting else ""

    @property
    def ends(self) -> datetime | None:
        """When the grant stops: its end date or its revocation, whichever is first."""
        ends = [when for when in (self.valid_until, self.revoked_at) if when is not None]
        return min(ends) if ends else None

    def in_force(self, at: datetime) -> bool:
        ends = self.ends
        return self.valid_from <= at and (ends is None or at < ends)

    def overlaps(self, start: datetime, until: datetime | None) -> bool:
        ends = self.ends
        return (until is None or self.valid_from < until) and (ends is None or start < ends)


class User(Aggregate):
    """A person who signs in to the tenant, with the history of the roles they held."""

    class Registered(Aggregate.Created):
        class_version = 1

        username: str
        full_name: str
        nip: str | None
        opd: str | None
        password_hash: str
        actor: str
        at: datetime

    class RoleGranted(Aggregate.Event):
        class_version = 3

        role: str
        valid_from: datetime
        valid_until: datetime | None
        until_date: str | None  # v2: the last day given, when the grant holds through that day
        acting: bool
        actor: str
        at: datetime
        title: str | None  # v3: "Plt." or "Plh." when acting
        sk_number: str | None  # v3: the SK (surat keputusan) the grant rests on
        sk_date: str | None  # v3: its date, year-month-day
        sk_document: dict[str, Any] | None  # v3: its PDF's record (the bytes stored beside)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before v2 an end given as a date was stored only as the midnight that ends it."""
            meant = day_meant(state.get("valid_until"))
            state["until_date"] = meant.isoformat() if meant else None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Before v3 an acting grant was always a Plt., and no grant named its SK."""
            state["title"] = ACTING_TITLES[0] if state.get("acting") else None
            state["sk_number"] = state["sk_date"] = state["sk_document"] = None

        def apply(self, aggregate: Any) -> None:
            sk_date = date.fromisoformat(self.sk_date) if self.sk_date else None
            grant = Grant(self.role, self.valid_from, self.valid_until, self.acting, self.actor, self.at,
                          title=self.title, sk_number=self.sk_number, sk_date=sk_date,
                          sk_document=self.sk_document)  # fmt: skip
            aggregate.grants.append(grant)

    class RoleRevoked(Aggregate.Event):
        class_version = 1

        role: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.grants = [
                replace(grant, revoked_by=self.actor, revoked_at=self.at)
                if grant.role == self.role and grant.revoked_at is None and _not_ended(grant, self.at)
                else grant
                for grant in aggregate.grants
            ]

    class DetailsChanged(Aggregate.Event):
        """The admin corrected the name, NIP or OPD (the username never changes)."""

        class_version = 1

        full_name: str
        nip: str | None
        opd: str | None
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.full_name, aggregate.nip, aggregate.opd = self.full_name, self.nip, self.opd

    class Deactivated(Aggregate.Event):
        """From `at` the user holds no role and cannot sign in; grants and history stay."""

        class_version = 1

        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.inactive_since = self.at

    class Reactivated(Aggregate.Event):
        class_version = 1

        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.inactive_since = None

    class PasswordReset(Aggregate.Event):
        """The admin ended the old password; the user sets a new one through a one-time link
        (no secret is in this event: the link's token lives, hashed, beside the sessions)."""

        class_version = 1

        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.password_hash = ""

    class PasswordSet(Aggregate.Event):
        """The user chose a new password through a reset link (only its hash is kept)."""

        class_version = 1

        password_hash: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.password_hash = self.password_hash

    class PasswordChanged(Aggregate.Event):
        """The signed-in user changed their own password, giving the old one again (only the new
        one's hash is kept); their other sessions ended with it."""

        class_version = 1

        password_hash: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.password_hash = self.password_hash

    class EmailChanged(Aggregate.Event):
        """The user's email address was set (by an admin or the user), or removed (None); it is
        unconfirmed until the user follows the link mailed to it."""

        class_version = 1

        email: str | None
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.email, aggregate.email_confirmed = self.email, False

    class EmailConfirmed(Aggregate.Event):
        """The user followed the link mailed to `email`: mail may go there from now on."""

        class_version = 1

        email: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.email_confirmed = True

    class NameCorrected(Aggregate.Event):
        """The user corrected their own full name on their own page (/me)."""

        class_version = 1

        full_name: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.full_name = self.full_name

    class LanguageSet(Aggregate.Event):
        """The language the user's pages and notices use when no other is asked for."""

        class_version = 1

        language: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.language = self.language

    class NoticeChoicesSet(Aggregate.Event):
        """How the user is told of each kind of notice beyond the page (domain/notices.py):
        `immediate`, `digest` or `none`, every kind named."""

        class_version = 1

        choices: dict[str, str]
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.notice_choices = dict(self.choices)

    class NoticeRead(Aggregate.Event):
        """The user read one of their notices (its id, projections/notices.py)."""

        class_version = 1

        notice_id: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            pass

    class NoticesAllRead(Aggregate.Event):
        """The user marked every notice of theirs told by `at` read."""

        class_version = 1

        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            pass

    def __init__(
        self,
        username: str,
        full_name: str,
        nip: str | None,
        opd: str | None,
        password_hash: str,
        actor: str,
        at: datetime,
    ) -> None:
        self.username = username
        self.full_name = full_name
        self.nip = nip
        self.opd = opd
        self.password_hash = password_hash
        self.registered_by = actor
        self.registered_at = at
        self.grants: list[Grant] = []
        self.inactive_since: datetime | None = None
        self.email: str | None = None
        self.email_confirmed = False
        self.language = "id"
        self.notice_choices: dict[str, str] = {}

    @property
    def active(self) -> bool:
        return self.inactive_since is None

    @classmethod
    def register(
        cls,
        username: str,
        *,
        password_hash: str,
        roles: Iterable[str],
        known_roles: frozenset[str],
        requester_role: str,
        actor: str,
        at: datetime,
        full_name: str = "",
        nip: str | None = None,
        opd: str | None = None,
    ) -> User:
        """A new user holding `roles` from `at`; every rule is checked before any event."""
        wanted = list(dict.fromkeys(roles))
        if not wanted:
            raise InvalidInputError("paling sedikit satu peran", "at least one role is required", "role")
        user = cls._create(
            cls.Registered,
            timestamp=at,
            id=user_id(check_username(username)),
            username=username,
            full_name=_check_name(full_name, "full_name", False),
            nip=check_nip(nip),
            opd=check_opd_code(opd) if opd else None,
            password_hash=password_hash,
            actor=actor,
            at=_check_moment(at, "at"),
        )
        for role in wanted:
            user.grant(role, known_roles=known_roles, requester_role=requester_role, actor=actor, at=at)
        return user

    def grant(
        self,
        role: str,
        *,
        known_roles: frozenset[str],
        requester_role: str,
        actor: str,
        at: datetime,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
        until_date: date | None = None,
        acting: bool = False,
        title: str | None = None,
        sk_number: str | None = None,
        sk_date: date | None = None,
        sk_document: dict[str, Any] | None = None,
    ) -> None:
        """Give a role from `valid_from` (default now), until `valid_until` if given (a Plt.);
        `until_date` is the last day the user gave, when `valid_until` is the end of it;
        `requester_role` is the SOP's role that files requests: its holder belongs to an OPD.
        An acting grant (`acting`, or a `title` "Plt."/"Plh.") rests on an SK: its number and
        date are required, its PDF's record (`sk_document`) optional; a definitive grant may
        name its SK too."""
        start = _check_moment(valid_from or at, "valid_from")
        title = check_acting_title(title, acting)
        acting = title is not None
        sk_number = check_sk_number(sk_number)
        if role not in known_roles:
            raise InvalidInputError(
                f"peran {role!r} tidak dikenal; pilih salah satu: {', '.join(sorted(known_roles))}",
                f"unknown role {role!r}",
                field="role",
            )
        if role == requester_role and self.opd is None:
            raise InvalidInputError(
                f"peran {role} (pengaju permohonan) memerlukan kode OPD pengguna",
                f"the role {role} (files requests) needs the user's OPD code",
                "opd",
            )
        if valid_until is not None and _check_moment(valid_until, "valid_until") <= start:
            raise InvalidInputError(
                "tanggal akhir harus sesudah tanggal mulai",
                "valid_until must be after valid_from",
                field="valid_until",
            )
        if any(g.role == role and g.overlaps(start, valid_until) for g in self.grants):
            raise InvalidInputError(
                f"{self.username} sudah memegang peran {role} pada periode itu",
                f"{self.username} already holds role {role} in that period",
                field="role",
            )
        _check_sk(acting, sk_number, sk_date, sk_document)
        self.trigger_event(
            self.RoleGranted,
            timestamp=at,
            role=role,
            valid_from=start,
            valid_until=valid_until,
            until_date=until_date.isoformat() if valid_until and until_date else None,
            acting=acting,
            actor=actor,
            at=at,
            title=title,
            sk_number=sk_number,
            sk_date=sk_date.isoformat() if sk_date else None,
            sk_document=sk_document,
        )

    def revoke(self, role: str, *, actor: str, at: datetime) -> None:
        """End every grant of the role that is in force or still to come."""
        _check_moment(at, "at")
        if not any(g.role == role and g.revoked_at is None and _not_ended(g, at) for g in self.grants):
            raise RoleNotHeldError(
                f"{self.username} tidak memegang peran {role!r}",
                f"{self.username} does not hold role {role!r}",
                field="role",
            )
        self.trigger_event(self.RoleRevoked, timestamp=at, role=role, actor=actor, at=at)

    def change_details(
        self,
        *,
        full_name: str,
        nip: str | None,
        opd: str | None,
        requester_role: str,
        actor: str,
        at: datetime,
    ) -> bool:
        """Correct the name, NIP or OPD (a known OPD code, checked by the caller); False when
        nothing changed (no event). A user holding the SOP's requester role keeps an OPD."""
        name, nip, code = _check_name(full_name, "full_name", False), check_nip(nip), None
        if opd:
            try:
                code = check_opd_code(opd)
            except InvalidInputError as error:
                error.field = "opd"  # the user's OPD field, not an OPD's own code
                raise
        holds_opd = any(
            g.role == requester_role and g.revoked_at is None and _not_ended(g, at) for g in self.grants
        )
        if code is None and holds_opd:
            raise InvalidInputError(
                f"pengguna dengan peran {requester_role} (pengaju permohonan) harus punya OPD; "
                "cabut perannya dulu",
                f"a user holding the role {requester_role} (files requests) needs an OPD; "
                "revoke that role first",
                field="opd",
            )
        if (name, nip, code) == (self.full_name, self.nip, self.opd):
            return False
        self.trigger_event(
            self.DetailsChanged,
            timestamp=at,
            full_name=name,
            nip=nip,
            opd=code,
            actor=actor,
            at=_check_moment(at, "at"),
        )
        return True

    def deactivate(self, *, actor: str, at: datetime) -> None:
        """No role and no sign-in from now on; an admin never deactivates themselves."""
        if actor == self.username:
            raise InvalidInputError(
                "Anda tidak dapat menonaktifkan akun Anda sendiri",
                "you cannot deactivate your own account",
                field="username",
            )
        if not self.active:
            raise InvalidInputError(
                f"{self.username} sudah nonaktif", f"{self.username} is already deactivated", "username"
            )
        self.trigger_event(self.Deactivated, timestamp=at, actor=actor, at=_check_moment(at, "at"))

    def reactivate(self, *, actor: str, at: datetime) -> None:
        if self.active:
            raise InvalidInputError(
                f"{self.username} masih aktif", f"{self.username} is active already", "username"
            )
        self.trigger_event(self.Reactivated, timestamp=at, actor=actor, at=_check_moment(at, "at"))

    def reset_password(self, *, actor: str, at: datetime) -> None:
        """The old password stops working at once."""
        self.trigger_event(self.PasswordReset, timestamp=at, actor=actor, at=_check_moment(at, "at"))

    def set_password(self, password_hash: str, *, at: datetime) -> None:
        """The user's own new password, through a reset link (the user is the actor)."""
        self.trigger_event(
            self.PasswordSet,
            timestamp=at,
            password_hash=password_hash,
            actor=self.username,
            at=_check_moment(at, "at"),
        )

    def change_password(self, password_hash: str, *, at: datetime) -> None:
        """The user's own new password, on their own page (the user is the actor; the caller
        checked the old one and the new one's rules: the domain never sees a password)."""
        if not self.active:
            raise InvalidInputError("akun ini dinonaktifkan", "this account is deactivated", field="username")
        self.trigger_event(self.PasswordChanged, timestamp=at, password_hash=password_hash,
                           actor=self.username, at=_check_moment(at, "at"))  # fmt: skip

    def change_email(self, email: str | None, *, actor: str, at: datetime) -> bool:
        """Set (unconfirmed) or remove the address; False when it is the address already."""
        address = check_email(email)
        if address == self.email:
            return False
        self.trigger_event(self.EmailChanged, timestamp=at, email=address, actor=actor,
                           at=_check_moment(at, "at"))  # fmt: skip
        return True

    def confirm_email(self, email: str, *, at: datetime) -> bool:
        """The link mailed to `email` was followed: False when already confirmed. A link for an
        address the user no longer has is refused."""
        if email != self.email:
            raise InvalidInputError(
                "tautan ini untuk alamat email yang sudah diganti",
                "this link is for an email address that has since been changed",
                field="token",
            )
        if self.email_confirmed:
            return False
        self.trigger_event(self.EmailConfirmed, timestamp=at, email=email, at=_check_moment(at, "at"))
        return True

    def correct_name(self, full_name: str, *, at: datetime) -> bool:
        """The user's own correction of their full name; False when it is the same (no event)."""
        name = _check_name(full_name, "full_name", True)
        if name == self.full_name:
            return False
        self.trigger_event(self.NameCorrected, timestamp=at, full_name=name, actor=self.username,
                           at=_check_moment(at, "at"))  # fmt: skip
        return True

    def set_language(self, language: str, *, actor: str, at: datetime) -> bool:
        """The user's language (`id` or `en`); False when unchanged (no event)."""
        chosen = check_language(language)
        if chosen == getattr(self, "language", "id"):
            return False
        self.trigger_event(self.LanguageSet, timestamp=at, language=chosen, actor=actor,
                           at=_check_moment(at, "at"))  # fmt: skip
        return True

    def set_notice_choices(self, given: dict[str, str], *, actor: str, at: datetime) -> bool:
        """How the user is told of each kind (the kinds not given keep their choice); False
        when nothing changed (no event)."""
        current = getattr(self, "notice_choices", {})
        chosen = check_choices(given, current)
        if chosen == check_choices({}, current):
            return False
        self.trigger_event(self.NoticeChoicesSet, timestamp=at, choices=chosen, actor=actor,
                           at=_check_moment(at, "at"))  # fmt: skip
        return True

    def read_notice(self, notice_id: str, *, at: datetime) -> None:
        self.trigger_event(self.NoticeRead, timestamp=at, notice_id=notice_id, actor=self.username,
                           at=_check_moment(at, "at"))  # fmt: skip

    def read_all_notices(self, *, at: datetime) -> None:
        self.trigger_event(self.NoticesAllRead, timestamp=at, actor=self.username, at=_check_moment(at, "at"))

    def roles_at(self, at: datetime) -> tuple[str, ...]:
        """The roles in force at a moment, sorted (none while deactivated)."""
        if not self._active_at(at):
            return ()
        return tuple(sorted({grant.role for grant in self.grants if grant.in_force(at)}))

    def grants_at(self, role: str, at: datetime) -> list[Grant]:
        if not self._active_at(at):
            return []
        return [grant for grant in self.grants if grant.role == role and grant.in_force(at)]

    def _active_at(self, at: datetime) -> bool:
        return self.inactive_since is None or at < self.inactive_since


def _check_sk(acting: bool, number: str | None, dated: date | None, document: dict[str, Any] | None) -> None:
    """An acting grant names its SK (number and date); an SK's date or PDF needs its number, and
    a number its date."""
    if number is None and acting:
        raise InvalidInputError(
            "nomor SK wajib diisi untuk Plt./Plh.",
            "the SK number is required for an acting (Plt./Plh.) grant",
            field="sk_number",
        )
    if number is None and (dated is not None or document is not None):
        raise InvalidInputError(
            "tulis nomor SK yang tanggal atau PDF-nya diberikan",
            "give the number of the SK whose date or PDF is given",
            field="sk_number",
        )
    if number is not None and dated is None:
        raise InvalidInputError("tanggal SK wajib diisi", "the SK date is required", field="sk_date")


def _not_ended(grant: Grant, at: datetime) -> bool:
    return grant.valid_until is None or at < grant.valid_until
