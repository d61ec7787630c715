"""Read model "people": the tenant's OPDs, users and role grants (with Plt. periods).

Every request asks who is signed in and which roles they hold now, and the inbox asks which
roles an assigned person holds: these read these tables, never the user aggregates. A grant's
lapse needs no event (it ends at `valid_until`), so "in force" is decided when asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.people import PLATFORM_ROLES, Grant, Opd, User
from domain.people_service import Holding, OpdView, UserView
from domain.ports import Credentials
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, to_json, ts, uuid_text
from projections.listing import Columns, Sort, matching, order_by


@dataclass(frozen=True)
class Person:
    """A user as sign-in and the actor need them (the hash never leaves the application layer)."""

    username: str
    full_name: str
    opd: str | None
    password_hash: str
    active: bool = True


class PeopleProjection(Projection):
    name = "people"
    # v3: a grant's title (Plt./Plh.) and SK; v4: email addresses; v5: language and notice choices
    version = 5
    tables = ("rm_opds", "rm_users", "rm_grants", "rm_user_emails", "rm_user_prefs")
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_opds (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS rm_users ("
        " username TEXT PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,"
        " nip TEXT, opd TEXT, password_hash TEXT NOT NULL, registered_at TEXT NOT NULL,"
        " inactive_since TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_grants ("
        " username TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,"
        " valid_from TEXT NOT NULL, valid_until TEXT, acting INTEGER NOT NULL,"
        " granted_by TEXT NOT NULL, granted_at TEXT NOT NULL, revoked_by TEXT, revoked_at TEXT,"
        " title TEXT, sk_number TEXT, sk_date TEXT, sk_document TEXT, sk_sha256 TEXT,"
        " PRIMARY KEY (username, seq))",
        "CREATE INDEX IF NOT EXISTS rm_grants_role ON rm_grants (role)",
        "CREATE INDEX IF NOT EXISTS rm_grants_sk ON rm_grants (sk_sha256)",
        "CREATE TABLE IF NOT EXISTS rm_user_emails ("
        " username TEXT PRIMARY KEY, email TEXT NOT NULL, changed_at TEXT NOT NULL, confirmed_at TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_user_prefs ("
        " username TEXT PRIMARY KEY, language TEXT, choices TEXT)",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        if isinstance(event, Opd.Registered):
            tx.insert("rm_opds", {"code": event.code, "name": event.name})
            return
        if not isinstance(event, PEOPLE_EVENTS):
            return
        user_id = uuid_text(event.originator_id)
        if isinstance(event, User.Registered):
            tx.insert("rm_users", {"username": event.username, "user_id": user_id,
                                   "full_name": event.full_name, "nip": event.nip, "opd": event.opd,
                                   "password_hash": event.password_hash,
                                   "registered_at": ts(event.at)})  # fmt: skip
            ctx.batch[("people", user_id)] = event.username
            return
        if isinstance(event, ACCOUNT_EVENTS):
            _account(tx, event, user_id)
            return
        username = ctx.remembered(("people", user_id), lambda: _username(tx, user_id))
        if isinstance(event, User.EmailChanged | User.EmailConfirmed):
            _email(tx, event, username)
            return
        if isinstance(event, OWN_EVENTS):
            _own(tx, event, username, user_id)
            return
        if isinstance(event, User.RoleGranted):
            tx.insert("rm_grants", {"username": username, "seq": event.originator_version, "role": event.role,
                                    "valid_from": ts(event.valid_from), "valid_until": ts(event.valid_until),
                                    "acting": int(event.acting), "granted_by": event.actor,
                                    "granted_at": ts(event.at), "title": event.title,
                                    "sk_number": event.sk_number, "sk_date": event.sk_date,
                                    "sk_document": to_json(event.sk_document) if event.sk_document else None,
                                    "sk_sha256": (event.sk_document or {}).get("sha256")})  # fmt: skip
        else:  # as User.RoleRevoked applies it: every grant of the role not yet ended
            tx.execute(
                "UPDATE rm_grants SET revoked_by = ?, revoked_at = ? WHERE username = ? AND role = ?"
                " AND revoked_at IS NULL AND (valid_until IS NULL OR ? < valid_until)",
                (event.actor, ts(event.at), username, event.role, ts(event.at)),
            )


ACCOUNT_EVENTS = (
    User.DetailsChanged | User.Deactivated | User.Reactivated | User.PasswordReset | User.PasswordSet
    | User.PasswordChanged
)
# What changes a user's rows, as a tuple: built once (a union written in `apply` is built anew
# for every event of a rebuild, and most events are no user's).


def _email(tx: BatchTx, event: Any, username: str) -> None:
    """A new address is unconfirmed (none: no row); a confirmation counts for the address it names."""
    if isinstance(event, User.EmailConfirmed):
        tx.execute("UPDATE rm_user_emails SET confirmed_at = ? WHERE username = ? AND email = ?",
                   (ts(event.at), username, event.email))  # fmt: skip
        return
    tx.execute("DELETE FROM rm_user_emails WHERE username = ?", (username,))
    if event.email:
        tx.insert("rm_user_emails", {"username": username, "email": event.email, "changed_at": ts(event.at),
                                     "confirmed_at": None})  # fmt: skip


OWN_EVENTS = (User.NameCorrected, User.LanguageSet, User.NoticeChoicesSet)
# What changes a user's rows, as a tuple: built once (a union written in `apply` is built anew
# for every event of a rebuild, and most events are no user's).
PEOPLE_EVENTS = (User.Registered, User.RoleGranted, User.RoleRevoked, *ACCOUNT_EVENTS.__args__,
                 User.EmailChanged, User.EmailConfirmed, *OWN_EVENTS)  # fmt: skip


def _own(tx: BatchTx, event: Any, username: str, user_id: str) -> None:
    """What a user sets on their own page: the name on their row, language and choices beside."""
    if isinstance(event, User.NameCorrected):
        tx.execute("UPDATE rm_users SET full_name = ? WHERE user_id = ?", (event.full_name, user_id))
        return
    column, value = (("language", event.language) if isinstance(event, User.LanguageSet)
                     else ("choices", to_json(event.choices)))  # fmt: skip
    if tx.query("SELECT 1 FROM rm_user_prefs WHERE username = ?", (username,)):
        tx.execute(f"UPDATE rm_user_prefs SET {column} = ? WHERE username = ?", (value, username))
    else:
        tx.execute(f"INSERT INTO rm_user_prefs (username, {column}) VALUES (?, ?)", (username, value))


def prefs(tx: Tx, username: str) -> tuple[str | None, dict[str, str]]:
    """The user's language (None: never chosen) and notice choices (those set; the rest default)."""
    rows = tx.query("SELECT language, choices FROM rm_user_prefs WHERE username = ?", (username,))
    if not rows:
        return None, {}
    return rows[0]["language"], dict(json.loads(rows[0]["choices"])) if rows[0]["choices"] else {}


def _account(tx: BatchTx, event: Any, user_id: str) -> None:
    """The user's row as an account event leaves it (a reset empties the hash: no password
    matches until the user sets one)."""
    if isinstance(event, User.DetailsChanged):
        columns: dict[str, Any] = {"full_name": event.full_name, "nip": event.nip, "opd": event.opd}
    elif isinstance(event, User.Deactivated | User.Reactivated):
        columns = {"inactive_since": ts(event.at) if isinstance(event, User.Deactivated) else None}
    else:
        columns = {"password_hash": getattr(event, "password_hash", "")}
    sets = ", ".join(f"{name} = ?" for name in columns)
    tx.execute(f"UPDATE rm_users SET {sets} WHERE user_id = ?", (*columns.values(), user_id))


def _username(tx: BatchTx, user_id: str) -> str:
    return str(tx.query("SELECT username FROM rm_users WHERE user_id = ?", (user_id,))[0]["username"])


def in_force(alias: str = "") -> str:
    """SQL: the grant (`alias.` its table) is in force at the moment given three times, and
    its user is not deactivated (now: a deactivated user holds nothing, whenever asked)."""
    g = f"{alias}." if alias else ""
    return (
        f"{g}valid_from <= ? AND ({g}valid_until IS NULL OR ? < {g}valid_until)"
        f" AND ({g}revoked_at IS NULL OR ? < {g}revoked_at)"
        f" AND {g}username NOT IN (SELECT username FROM rm_users WHERE inactive_since IS NOT NULL)"
    )


IN_FORCE = in_force()


def workflow_role(alias: str, requester: str) -> str:
    """SQL: the grant (`alias.` its table) is of a workflow role: neither a platform role (admin,
    auditor) nor the requester role (`requester`, an SQL expression naming it). An appointee
    does their step only while they hold one; otherwise the step is the role's holders'."""
    platform = ", ".join(f"'{role}'" for role in PLATFORM_ROLES)
    return f"{alias}.role NOT IN ({platform}) AND {alias}.role <> {requester}"


def person(tx: Tx, username: str) -> Person | None:
    rows = tx.query(
        "SELECT username, full_name, opd, password_hash, inactive_since FROM rm_users WHERE username = ?",
        (username,),
    )
    if not rows:
        return None
    row = rows[0]
    active = row["inactive_since"] is None
    return Person(row["username"], row["full_name"], row["opd"], row["password_hash"], active)


def credentials(tx: Tx, username: str, at: datetime) -> Credentials | None:
    """What sign-in and the step checks read of a user: name, OPD, hash, the roles in force."""
    found = person(tx, username)
    if found is None:
        return None
    roles = roles_at(tx, username, at)
    return Credentials(found.username, found.full_name, found.opd, found.password_hash, roles, found.active)


def roles_at(tx: Tx, username: str, at: datetime) -> tuple[str, ...]:
    """The roles in force at a moment, sorted (none for a name that is no user)."""
    return roles_of_many(tx, [username], at).get(username, ())


def roles_of_many(tx: Tx, usernames: Iterable[str], at: datetime) -> dict[str, tuple[str, ...]]:
    names = sorted(set(usernames))
    if not names:
        return {}
    marks = ", ".join("?" for _ in names)
    moment = ts(at)
    found: dict[str, set[str]] = {}
    for row in tx.query(
        f"SELECT username, role FROM rm_grants WHERE username IN ({marks}) AND {IN_FORCE}",
        [*names, moment, moment, moment],
    ):
        found.setdefault(row["username"], set()).add(row["role"])
    return {name: tuple(sorted(roles)) for name, roles in found.items()}


def users(tx: Tx, at: datetime) -> list[UserView]:
    """Every user of the tenant, by username, with the roles in force at `at` and every grant."""
    rows = tx.query("SELECT username, full_name, nip, opd, inactive_since FROM rm_users ORDER BY username")
    return _views(tx, rows, at, every=True)


# The columns the admin's list of users may be sorted by (`?sort=`).
USER_SORTS: Columns = {"username": ("username",), "name": ("LOWER(full_name)",), "opd": ("opd",)}


BY_USERNAME = Sort("username")


def users_page(
    tx: Tx, at: datetime, *, search: str | None = None, sort: Sort = BY_USERNAME,
    limit: int | None = None, offset: int = 0,
) -> list[UserView]:  # fmt: skip
    """Users matching the search (username, name, NIP, OPD code or name) in the sort's order."""
    where, params = _user_search(search)
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    order = order_by(sort, USER_SORTS, "username")
    columns = "username, full_name, nip, opd, inactive_since"
    rows = tx.query(f"SELECT {columns} FROM rm_users{where}{order}{page}", params)
    return _views(tx, rows, at)


def user(tx: Tx, username: str, at: datetime) -> UserView | None:
    """One user with every grant, or None."""
    rows = tx.query("SELECT username, full_name, nip, opd, inactive_since FROM rm_users WHERE username = ?",
                    (username,))  # fmt: skip
    return _views(tx, rows, at)[0] if rows else None


def count_users(tx: Tx, *, search: str | None = None) -> int:
    where, params = _user_search(search)
    return int(tx.query(f"SELECT COUNT(*) AS n FROM rm_users{where}", params)[0]["n"])


def _user_search(search: str | None) -> tuple[str, list[Any]]:
    found, params = matching(search, ("username", "full_name", "nip", "opd"), opd_column="opd")
    return (f" WHERE {found}" if found else ""), params


def _views(tx: Tx, rows: list[dict[str, Any]], at: datetime, every: bool = False) -> list[UserView]:
    """Users' rows with their grants and the roles in force at `at` (`every`: all users' rows,
    so every grant is read at once; else only these users' grants)."""
    names = [row["username"] for row in rows]
    grants: dict[str, list[Grant]] = {}
    where = "" if every else f" WHERE username IN ({', '.join('?' for _ in names)})"
    if names:
        for row in tx.query(f"SELECT * FROM rm_grants{where} ORDER BY username, seq", [] if every else names):
            grants.setdefault(row["username"], []).append(_grant(row))
    emails = _emails(tx, names, every)
    views = []
    for row in rows:
        held = grants.get(row["username"], [])
        active = row["inactive_since"] is None
        roles = tuple(sorted({g.role for g in held if g.in_force(at)})) if active else ()
        email, confirmed = emails.get(row["username"], (None, False))
        views.append(UserView(row["username"], row["full_name"], row["nip"], row["opd"], roles, tuple(held),
                              active, email, confirmed))  # fmt: skip
    return views


def _emails(tx: Tx, names: list[str], every: bool) -> dict[str, tuple[str, bool]]:
    """Each user's address and whether it is confirmed."""
    if not names:
        return {}
    where = "" if every else f" WHERE username IN ({', '.join('?' for _ in names)})"
    statement = f"SELECT username, email, confirmed_at FROM rm_user_emails{where}"
    rows = tx.query(statement, [] if every else names)
    return {row["username"]: (row["email"], row["confirmed_at"] is not None) for row in rows}


def holders(tx: Tx, role: str, at: datetime) -> list[Holding]:
    """Who held `role` at `at`, under which grant: the auditor's question."""
    moment = ts(at)
    rows = tx.query(
        "SELECT g.*, u.full_name FROM rm_grants g JOIN rm_users u ON u.username = g.username"
        f" WHERE g.role = ? AND {in_force('g')} ORDER BY g.username, g.seq",
        (role, moment, moment, moment),
    )
    return [Holding(row["username"], row["full_name"], _grant(row)) for row in rows]


def holders_between(tx: Tx, role: str, start: datetime, end: datetime) -> list[Holding]:
    """Who held `role` at any moment from `start` until `end` (a day, for the auditor), under
    which grant, with their NIP: a grant counts that began before the end and had not lapsed,
    been revoked or its user been deactivated by the start."""
    first, last = ts(start), ts(end)
    rows = tx.query(
        "SELECT g.*, u.full_name, u.nip FROM rm_grants g JOIN rm_users u ON u.username = g.username"
        " WHERE g.role = ? AND g.valid_from < ? AND (g.valid_until IS NULL OR ? < g.valid_until)"
        " AND (g.revoked_at IS NULL OR ? < g.revoked_at)"
        " AND (u.inactive_since IS NULL OR ? < u.inactive_since) ORDER BY g.username, g.seq",
        (role, last, first, first, first),
    )
    return [Holding(row["username"], row["full_name"], _grant(row), row["nip"]) for row in rows]


def sk_document(tx: Tx, sha256: str) -> dict[str, Any] | None:
    """The record of an SK's PDF some grant names (name, sha256, size, content_type), or None."""
    rows = tx.query("SELECT sk_document FROM rm_grants WHERE sk_sha256 = ? LIMIT 1", (sha256,))
    return dict(json.loads(rows[0]["sk_document"])) if rows else None


def opds(tx: Tx) -> list[OpdView]:
    return [
        OpdView(row["code"], row["name"]) for row in tx.query("SELECT code, name FROM rm_opds ORDER BY code")
    ]


def opd(tx: Tx, code: str) -> OpdView | None:
    rows = tx.query("SELECT code, name FROM rm_opds WHERE code = ?", (code,))
    return OpdView(rows[0]["code"], rows[0]["name"]) if rows else None


def _grant(row: dict[str, Any]) -> Grant:
    valid_from, granted_at = parse_ts(row["valid_from"]), parse_ts(row["granted_at"])
    assert valid_from is not None and granted_at is not None
    return Grant(
        role=row["role"],
        valid_from=valid_from,
        valid_until=parse_ts(row["valid_until"]),
        acting=bool(row["acting"]),
        granted_by=row["granted_by"],
        granted_at=granted_at,
        revoked_by=row["revoked_by"],
        revoked_at=parse_ts(row["revoked_at"]),
        title=row["title"],
        sk_number=row["sk_number"],
        sk_date=date.fromisoformat(row["sk_date"]) if row["sk_date"] else None,
        sk_document=json.loads(row["sk_document"]) if row["sk_document"] else None,
    )
