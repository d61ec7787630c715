"""Password hashing with argon2id (argon2-cffi); the domain keeps only the hash string.

`verify_password("", password)` spends the same work as a real check and answers False, so a
sign-in for a username that does not exist takes as long as one with a wrong password.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash with a fresh salt, in the PHC string format."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches `stored_hash`; "" (nobody) never matches."""
    try:
        return _hasher.verify(stored_hash or _decoy(), password) and bool(stored_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's; rehash at sign-in."""
    return _hasher.check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def _decoy() -> str:
    return _hasher.hash("alur: no such user")


class Argon2Passwords:
    """The `Passwords` port of the application layer."""

    def hash(self, password: str) -> str:
        return hash_password(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        return verify_password(stored_hash, password)
