"""What the application layer needs from the outside, named here and implemented in adapters/
(and, for reads of the people read model, in projections/). The handlers see only these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.sop import Variant


@dataclass(frozen=True)
class Credentials:
    """What sign-in needs to know of a user: the stored hash and the roles in force now."""

    username: str
    full_name: str
    opd: str | None
    password_hash: str
    roles: tuple[str, ...]
    active: bool = True


@dataclass(frozen=True)
class Session:
    """A live sign-in: the browser's cookie or an API token (only its hash is stored)."""

    token_hash: str
    kind: str  # "web" or "api"
    username: str
    csrf: str
    expires_at: str


class People(Protocol):
    """The people read model, as commands consult it (who holds which role now)."""

    def credentials(self, username: str, at: datetime) -> Credentials | None: ...


class Sessions(Protocol):
    """Sign-in sessions and failed sign-ins of one tenant (counted under a hashed key)."""

    def epoch(self, username: str) -> int:
        """The user's credential epoch: it moves on at each password reset, new password and
        deactivation (`revoke_user`), read from the authoritative table, never a read model."""
        ...

    def issue(self, username: str, kind: str, epoch: int) -> tuple[str, Session] | None:
        """A new session of credential epoch `epoch`; None if the epoch has moved on since."""
        ...

    def find_signed_in(
        self, token: str, kind: str, at: datetime, within: Any = None
    ) -> tuple[Session, Credentials] | None:
        """The live session of a token and its user with the roles in force at `at`;
        `within` a read the caller has open on the same store."""
        ...

    def revoke(self, token_hash: str) -> None: ...

    def revoke_user(self, username: str) -> None:
        """End every live session and API token of a user, and any unused reset link; move the
        user's credential epoch on, so no session issued meanwhile lives either."""
        ...

    def revoke_others(self, username: str, keep: str) -> None:
        """As `revoke_user`, but the session whose token hash is `keep` lives on, moved to the
        new epoch (a password changed by its user in that session)."""
        ...

    def issue_reset(self, username: str) -> tuple[str, datetime]:
        """A single-use set-password token (only its hash is kept) and when it expires; any
        earlier link of the user stops working."""
        ...

    def find_reset(self, token: str) -> str | None:
        """The user of an unused, unexpired reset token."""
        ...

    def use_reset(self, token: str) -> bool:
        """Mark the token used; False if it was used (or ended) meanwhile."""
        ...

    def failures(self, key: str) -> tuple[int, datetime | None]: ...

    def record_failure(self, key: str, forget_before: datetime) -> None: ...

    def clear_failures(self, key: str) -> None: ...


class Passwords(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, stored_hash: str, password: str) -> bool:
        """False for a wrong password, and for the empty hash of a user who does not exist."""
        ...


@dataclass(frozen=True)
class CheckedSop:
    """An uploaded SOP variant file as the loader judged it: the variant, or every problem."""

    variant: Variant | None
    problems: tuple[str, ...] = ()


class Sops(Protocol):
    """The SOP catalogue and the tenant's choice of SOP (kept in the platform registry)."""

    def available(self) -> list[str]: ...

    def builtin(self, variant_id: str) -> Variant:
        """A built-in variant as the catalogue has it now (its latest version)."""
        ...

    def switch(self, tenant: str, variant_id: str, actor: str, reason: str) -> tuple[str, int]: ...

    def check_file(self, text: str, filename: str) -> CheckedSop: ...

    def use_file(self, tenant: str, text: str, filename: str, actor: str, reason: str) -> tuple[str, int]: ...


class HolidaySource(Protocol):
    """Where a year's national holidays and cuti bersama are taken from, once, to be recorded."""

    source: str  # what the record says it came from, e.g. "holidays 0.109"

    def days(self, year: int) -> list[Any]:
        """The year's days off (`domain.office_calendar.DayOff`), as the source gives them now."""
        ...


class Workload(Protocol):
    """Which requests are in flight (from the requests read model), for a calendar change to
    recompute the deadlines it touches."""

    def in_flight(self, due_from: datetime) -> list[str]:
        """The ids of requests in progress whose active step is due at or after `due_from`."""
        ...


class DocumentMaker(Protocol):
    """Lays out a made document's facts as a PDF in tata naskah dinas form and seals it with
    the tenant's certificate (adapters/naskah.py)."""

    def letterhead(self) -> Any:
        """The tenant's kop surat (domain.naskah.Letterhead)."""
        ...

    def make(self, facts: Any) -> tuple[bytes, str]:
        """The sealed PDF of `facts` (domain.naskah.Facts), and whose seal it carries."""
        ...


class Mailbox(Protocol):
    """A tenant's mail (adapters/mail.py): the links that confirm addresses, and the outbox."""

    def send_confirmation(self, username: str, full_name: str, email: str, cause: str, english: bool) -> None:
        """A one-time link for `email` (the user's earlier links stop working) and its mail in the
        outbox, in one transaction; `cause` names what asked for it (one mail per cause)."""
        ...

    def find_link(self, token: str) -> tuple[str, str] | None:
        """(username, email) of an unused, unexpired confirmation link."""
        ...

    def use_link(self, token: str) -> tuple[str, str] | None:
        """Claim the link (it works once): (username, email), or None if used or expired."""
        ...

    def retry(self, mail_id: str) -> bool:
        """A failed mail is due again; False when it is not (or no longer) failed."""
        ...
