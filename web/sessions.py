"""Sign-in sessions and API tokens, kept in each tenant's own store (SQLite file or schema).

Only the SHA-256 of a token is stored, so a copy of the database signs nobody in. Every
session expires and can be revoked; web workers share nothing but the database, so any worker
answers any request.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from projections.base import ProjectionDatabase, parse_ts, ts
from tenants.model import Tenant

DDL = (
    "CREATE TABLE IF NOT EXISTS web_sessions ("
    " token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, username TEXT NOT NULL,"
    " csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT)",
    "CREATE TABLE IF NOT EXISTS web_signin_failures ("
    " key_hash TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at TEXT NOT NULL)",
)
LIFETIMES = {"api": timedelta(hours=8), "web": timedelta(hours=12)}


@dataclass(frozen=True)
class Session:
    token_hash: str
    kind: str
    username: str
    csrf: str
    expires_at: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class SessionStore:
    """Issue, look up and revoke sessions of any tenant."""

    def __init__(self, db_for: Callable[[Tenant], ProjectionDatabase], clock: Callable[[], datetime]) -> None:
        self._db_for = db_for
        self._clock = clock
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def issue(self, tenant: Tenant, username: str, kind: str) -> tuple[str, Session]:
        """A fresh random token (given to the client once) and its stored session."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        session = Session(token_hash(token), kind, username, secrets.token_urlsafe(24),
                          ts(now + LIFETIMES[kind]) or "")  # fmt: skip
        with self._db(tenant).transaction() as tx:
            tx.execute("DELETE FROM web_sessions WHERE expires_at < ?", (ts(now),))
            tx.execute(
                "INSERT INTO web_sessions (token_hash, kind, username, csrf, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session.token_hash, kind, username, session.csrf, ts(now), session.expires_at),
            )
        return token, session

    def find(self, tenant: Tenant, token: str, kind: str) -> Session | None:
        """The live session of this token, or None if unknown, expired or revoked."""
        if not token or len(token) > 200:
            return None
        with self._db(tenant).transaction(write=False) as tx:
            rows = tx.query(
                "SELECT token_hash, kind, username, csrf, expires_at FROM web_sessions"
                " WHERE token_hash = ? AND kind = ? AND revoked_at IS NULL AND expires_at > ?",
                (token_hash(token), kind, ts(self._clock())),
            )
        return Session(**rows[0]) if rows else None

    def revoke(self, tenant: Tenant, session: Session) -> None:
        with self._db(tenant).transaction() as tx:
            tx.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE token_hash = ?",
                (ts(self._clock()), session.token_hash),
            )

    # -- failed sign-ins (keyed by a hash: the names people tried are not kept) -------------

    def failures(self, tenant: Tenant, key: str) -> tuple[int, datetime | None]:
        with self._db(tenant).transaction(write=False) as tx:
            rows = tx.query("SELECT failures, last_at FROM web_signin_failures WHERE key_hash = ?",
                            (token_hash(key),))  # fmt: skip
        return (int(rows[0]["failures"]), parse_ts(rows[0]["last_at"])) if rows else (0, None)

    def record_failure(self, tenant: Tenant, key: str) -> None:
        now = ts(self._clock())
        with self._db(tenant).transaction() as tx:
            tx.execute(
                "INSERT INTO web_signin_failures (key_hash, failures, last_at) VALUES (?, 1, ?)"
                " ON CONFLICT (key_hash) DO UPDATE SET failures = web_signin_failures.failures + 1,"
                " last_at = excluded.last_at",
                (token_hash(key), now),
            )

    def clear_failures(self, tenant: Tenant, key: str) -> None:
        with self._db(tenant).transaction() as tx:
            tx.execute("DELETE FROM web_signin_failures WHERE key_hash = ?", (token_hash(key),))

    def _db(self, tenant: Tenant) -> ProjectionDatabase:
        db = self._db_for(tenant)
        if tenant.slug not in self._ready:
            with self._lock, db.transaction() as tx:
                for statement in DDL:
                    tx.execute(statement)
                self._ready.add(tenant.slug)
        return db
