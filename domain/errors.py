"""Domain errors, each with an Indonesian and an English message and, for bad input, a field.

`code` is stable (the web layer maps it to an HTTP status); `message` is shown to people.
"""

from __future__ import annotations


class AlurError(Exception):
    """Base of every rule the domain refuses; never a crash, always a reason."""

    code = "error"

    def __init__(self, indonesian: str, english: str, field: str | None = None) -> None:
        self.indonesian = indonesian
        self.english = english
        self.field = field
        super().__init__(f"{indonesian} / {english}")

    @property
    def message(self) -> str:
        return str(self)

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable whatever a subclass's own arguments: a refusal in a worker process (the
        bench seeder's pool) reaches the parent as itself, never as a hang in the pool."""
        return (_rebuilt, (type(self), str(self), dict(self.__dict__)))


def _rebuilt(kind: type[AlurError], text: str, state: dict[str, object]) -> AlurError:
    error = kind.__new__(kind)
    Exception.__init__(error, text)
    error.__dict__.update(state)
    return error


class InvalidInputError(AlurError):
    """Input that fails a rule; names the field."""

    code = "invalid_input"


class NotActiveStepError(AlurError):
    code = "not_active_step"


class RoleNotHeldError(AlurError):
    code = "role_not_held"


class RequestFinishedError(AlurError):
    code = "request_finished"


class StaleVersionError(AlurError):
    code = "stale_version"


class ConcurrentActionError(AlurError):
    """Another action on the same request was saved first."""

    code = "conflict"


class NotFoundError(AlurError):
    code = "not_found"


class VariantVersionError(AlurError):
    """An edited variant saved under a version that already exists with other content."""

    code = "variant_version_conflict"


class ForbiddenError(AlurError):
    """The actor may see this, but not do it (or not see this page at all)."""

    code = "forbidden"


class UnauthenticatedError(AlurError):
    """No valid sign-in: wrong password, or a token that is missing, expired or revoked."""

    code = "unauthenticated"


class TooManyAttemptsError(AlurError):
    """Sign-in refused for a while after repeated failures; says when to try again."""

    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"terlalu banyak percobaan masuk; coba lagi dalam {retry_after} detik",
            f"too many sign-in attempts; try again in {retry_after} seconds",
        )
        self.retry_after = retry_after


class TooLargeError(AlurError):
    code = "too_large"


class UnsupportedMediaError(AlurError):
    code = "unsupported_media_type"


def not_found(what: str = "halaman", english: str = "page") -> NotFoundError:
    """The one answer for "does not exist" and "not yours": nothing tells them apart."""
    return NotFoundError(f"{what} tidak ditemukan", f"{english} not found")


# Refusals that say the request changed since the user's form was made (someone acted first, a
# stale version, a finished request): nothing in that form can mend them.
CHANGED_MEANWHILE = (NotActiveStepError, StaleVersionError, ConcurrentActionError, RequestFinishedError)


class HandOverNeededError(AlurError):
    """A user named at an appointing step of requests in progress would lose the role those
    steps need (revoked, or deactivated): their steps are listed, to be handed over first."""

    code = "hand_over_needed"

    def __init__(self, appointments: list[dict[str, object]], candidates: list[dict[str, str]]) -> None:
        count = len(appointments)
        super().__init__(
            f"pengguna ini ditunjuk pada {count} permohonan yang sedang berjalan: serahkan tugasnya "
            "kepada petugas lain atau kepada pemegang perannya, dengan alasan",
            f"this user is appointed on {count} request(s) in progress: hand their part to another "
            "person or to the role's holders, with a reason",
            field="hand_to",
        )
        self.appointments = appointments
        self.candidates = candidates
