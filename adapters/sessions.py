"""Sign-in sessions, API tokens and failed sign-ins, kept in each tenant's own store.

Only the SHA-256 of a token is stored, so a copy of the database signs nobody in. Every
session expires and can be revoked, and each carries the user's credential epoch when it was
issued: a password reset, a new password or a deactivation moves the epoch on (in this table,
written at once, never in a read model that may lag), and a session of an earlier epoch is
refused, even one issued in the same instant by a sign-in that read the old password. Web
processes share nothing but the database, so any process answers any request. Failed sign-ins
are counted under a hashed key: the names people tried are not kept.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from domain.ports import Credentials, Session
from projections.base import ProjectionDatabase, Tx, parse_ts, ts
from projections.engine import ddl_lock, table_columns
from projections.people import in_force

DDL = (
    "CREATE TABLE IF NOT EXISTS web_sessions ("
    " token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, username TEXT NOT NULL,"
    " csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT,"
    " epoch INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS web_credential_epochs (username TEXT PRIMARY KEY, epoch INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_signin_failures ("
    " key_hash TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_password_resets ("
    " token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at TEXT NOT NULL,"
    " expires_at TEXT NOT NULL, used_at TEXT)",
)
# Sessions stored before epochs were kept are of epoch 0, as is a user whose credentials never changed.
EPOCH_NOW = "COALESCE((SELECT e.epoch FROM web_credential_epochs e WHERE e.username = {user}), 0)"
LIFETIMES = {"api": timedelta(hours=8), "web": timedelta(hours=12)}
RESET_LIFETIME = timedelta(hours=24)  # long enough to hand a link over within a working day


def _signed_in(dialect: str) -> str:
    together = "string_agg(g.role, ',')" if dialect == "postgres" else "group_concat(g.role, ',')"
    return (
        "SELECT s.token_hash, s.kind, s.username, s.csrf, s.expires_at, u.full_name, u.opd,"
        " u.password_hash,"
        f" (SELECT {together} FROM rm_grants g WHERE g.username = s.username"
        f" AND {in_force('g')}) AS roles"
        " FROM web_sessions s JOIN rm_users u ON u.username = s.username"
        " WHERE s.token_hash = ? AND s.kind = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
        f" AND s.epoch = {EPOCH_NOW.format(user='s.username')}"
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class TenantSessions:
    """The `Sessions` port for one tenant, on its store (SQLite file or PostgreSQL schema)."""

    def __init__(self, db: ProjectionDatabase, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock

    def epoch(self, username: str) -> int:
        """The user's credential epoch now (0 until their credentials first change)."""
        with self._tx(write=False) as tx:
            rows = tx.query("SELECT epoch FROM web_credential_epochs WHERE username = ?", (username,))
        return int(rows[0]["epoch"]) if rows else 0

    def issue(self, username: str, kind: str, epoch: int) -> tuple[str, Session] | None:
        """A fresh random token (given to the client once) and its stored session; None when the
        user's credential epoch is no longer `epoch` (the one read before the password was
        checked): the password was reset or the user deactivated meanwhile."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        session = Session(token_hash(token), kind, username, secrets.token_urlsafe(24),
                          ts(now + LIFETIMES[kind]) or "")  # fmt: skip
        with self._tx() as tx:
            tx.execute("DELETE FROM web_sessions WHERE expires_at < ?", (ts(now),))
            issued = tx.query(
                "INSERT INTO web_sessions (token_hash, kind, username, csrf, created_at, expires_at, epoch)"
                f" SELECT ?, ?, ?, ?, ?, ?, ? WHERE {EPOCH_NOW.format(user='?')} = ? RETURNING token_hash",
                (session.token_hash, kind, username, session.csrf, ts(now), session.expires_at, epoch,
                 username, epoch),
            )  # fmt: skip
        return (token, session) if issued else None

    def find_signed_in(
        self, token: str, kind: str, at: datetime, within: Tx | None = None
    ) -> tuple[Session, Credentials] | None:
        """The live session of this token and its user with the roles in force at `at`, or None
        (unknown, expired or revoked token). One query, joined with the people read model.

        `within`: a read the caller has open on this store.
        """
        if not token or len(token) > 200:
            return None
        moment = ts(at)
        params = (moment, moment, moment, token_hash(token), kind, ts(self._clock()))
        if within is not None:
            rows = within.query(_signed_in(within.dialect), params)
        else:
            with self._tx(write=False) as tx:
                rows = tx.query(_signed_in(tx.dialect), params)
        if not rows:
            return None
        row = rows[0]
        session = Session(row["token_hash"], row["kind"], row["username"], row["csrf"], row["expires_at"])
        roles = tuple(sorted(set(row["roles"].split(",")))) if row["roles"] else ()
        who = Credentials(row["username"], row["full_name"], row["opd"], row["password_hash"], roles)
        return session, who

    def revoke(self, token_hash: str) -> None:
        with self._tx() as tx:
            tx.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE token_hash = ?", (ts(self._clock()), token_hash)
            )

    def revoke_user(self, username: str) -> None:
        """Every live session and token of the user ends now, and any unused reset link; the
        credential epoch moves on, so a session a sign-in is issuing meanwhile is refused too."""
        self.revoke_others(username, keep="")

    def revoke_others(self, username: str, keep: str) -> None:
        """As `revoke_user`, but the session whose token hash is `keep` (the one the user changed
        their password in) lives on, carried to the new epoch in the same transaction."""
        now = ts(self._clock())
        with self._tx() as tx:
            tx.execute("INSERT INTO web_credential_epochs (username, epoch) VALUES (?, 1)"
                       " ON CONFLICT (username) DO UPDATE SET epoch = web_credential_epochs.epoch + 1",
                       (username,))  # fmt: skip
            tx.execute("UPDATE web_sessions SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL"
                       " AND token_hash <> ?", (now, username, keep))  # fmt: skip
            if keep:
                tx.execute(f"UPDATE web_sessions SET epoch = {EPOCH_NOW.format(user='?')}"
                           " WHERE token_hash = ? AND username = ?", (username, keep, username))  # fmt: skip
            tx.execute("UPDATE web_password_resets SET used_at = ? WHERE username = ? AND used_at IS NULL",
                       (now, username))  # fmt: skip

    def issue_reset(self, username: str) -> tuple[str, datetime]:
        """A fresh single-use set-password token; the user's earlier links stop working."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        expires = now + RESET_LIFETIME
        with self._tx() as tx:
            tx.execute("DELETE FROM web_password_resets WHERE expires_at < ?", (ts(now),))
            tx.execute("UPDATE web_password_resets SET used_at = ? WHERE username = ? AND used_at IS NULL",
                       (ts(now), username))  # fmt: skip
            tx.execute(
                "INSERT INTO web_password_resets (token_hash, username, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (token_hash(token), username, ts(now), ts(expires)),
            )
        return token, expires

    def find_reset(self, token: str) -> str | None:
        if not token or len(token) > 200:
            return None
        with self._tx(write=False) as tx:
            rows = tx.query(
                "SELECT username FROM web_password_resets WHERE token_hash = ? AND used_at IS NULL"
                " AND expires_at > ?",
                (token_hash(token), ts(self._clock())),
            )
        return str(rows[0]["username"]) if rows else None

    def use_reset(self, token: str) -> bool:
        """Claim the token: one UPDATE, so of two uses at once only one succeeds."""
        now = ts(self._clock())
        with self._tx() as tx:
            claimed = tx.query(
                "UPDATE web_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                " AND expires_at > ? RETURNING token_hash",
                (now, token_hash(token), now),
            )
        return bool(claimed)

    def failures(self, key: str) -> tuple[int, datetime | None]:
        with self._tx(write=False) as tx:
            rows = tx.query("SELECT failures, last_at FROM web_signin_failures WHERE key_hash = ?",
                            (token_hash(key),))  # fmt: skip
        return (int(rows[0]["failures"]), parse_ts(rows[0]["last_at"])) if rows else (0, None)

    def record_failure(self, key: str, forget_before: datetime) -> None:
        with self._tx() as tx:
            tx.execute(
                "INSERT INTO web_signin_failures (key_hash, failures, last_at) VALUES (?, 1, ?)"
                " ON CONFLICT (key_hash) DO UPDATE SET failures = CASE"
                " WHEN web_signin_failures.last_at < ? THEN 1 ELSE web_signin_failures.failures + 1 END,"
                " last_at = excluded.last_at",
                (token_hash(key), ts(self._clock()), ts(forget_before)),
            )

    def clear_failures(self, key: str) -> None:
        with self._tx() as tx:
            tx.execute("DELETE FROM web_signin_failures WHERE key_hash = ?", (token_hash(key),))

    def create_tables(self) -> None:
        """Once per process and tenant, before the first use (idempotent)."""
        with self._db.transaction() as tx:
            ddl_lock(tx)
            for statement in DDL:
                tx.execute(statement)
            if "epoch" not in table_columns(tx, "web_sessions"):  # a store from before epochs
                tx.execute("ALTER TABLE web_sessions ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0")

    def _tx(self, write: bool = True) -> AbstractContextManager[Tx]:
        return self._db.transaction(write=write)
