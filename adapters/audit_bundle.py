"""The tenant's chained trail, exported and proven (issue 20): chaining a store's earlier events
once, the tenant's signing key, the signed head a tenant publishes, and `alur audit export`.

A bundle is what `adapters/audit_verify.py` reads offline. Each export records the head it
signed in `alur_chain_heads`; every later export carries those earlier heads, so it proves it
extends what was published before (a verifier checks each one inside its range).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters import chain
from adapters.audit_verify import FORMAT, manifest_bytes
from adapters.projection_db import PG_EVENTS, SQLITE_EVENTS
from projections.base import ProjectionDatabase

HEADS = "alur_chain_heads"
GENESIS = chain.GENESIS.hex()
BATCH = 2000


# -- reading the store ----------------------------------------------------------------------


def _events_table(tx: Any) -> tuple[str, str]:
    return (PG_EVENTS, "notification_id") if tx.dialect == "postgres" else (SQLITE_EVENTS, "rowid")


def _blob(value: Any) -> bytes:
    return bytes(value) if value is not None else b""


def stored(db: ProjectionDatabase, first: int = 0, last: int | None = None) -> Iterator[chain.Stored]:
    """Every event from position `first` to `last` with its chain hash, in order, and a marker
    for each chained position whose event is gone (a deleted row), batch by batch."""
    after = first - 1
    ceiling = last if last is not None else 2**62
    while True:
        with db.transaction(write=False) as tx:
            table, key = _events_table(tx)
            rows = tx.query(f"{_select(table, key)} WHERE {key} > ? AND {key} <= ? ORDER BY {key} LIMIT ?",
                            (after, ceiling, BATCH))  # fmt: skip
            events = {int(row["id"]): row for row in rows}
            # Links up to the last event read (one written since is not taken for a lost event).
            top = max(events) if events else after
            links = tx.query(f"SELECT position, hash FROM {chain.TABLE} WHERE position > ? AND position <= ?"
                             " ORDER BY position", (after, top))  # fmt: skip
        hashes = {int(row["position"]): _blob(row["hash"]) for row in links}
        positions = sorted(set(events) | set(hashes))
        for position in positions:
            row = events.get(position)
            if row is None:
                yield chain.Stored(position, UUID(int=0), -1, "", b"", hashes[position], missing=True)
            else:
                yield chain.Stored(position, _uuid(row["originator_id"]), int(row["originator_version"]),
                                   row["topic"], _blob(row["state"]), hashes.get(position))  # fmt: skip
        if len(events) < BATCH:
            return
        after = positions[-1]


def _select(table: str, key: str) -> str:
    return f"SELECT {key} AS id, originator_id, originator_version, topic, state FROM {table}"


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def chain_existing(db: ProjectionDatabase) -> tuple[int, bytes | None]:
    """Chain the events stored before the chain existed (or copied in without it), in order,
    from the last chained position: how many, and the head. Writers wait meanwhile (the events
    table locked on PostgreSQL; SQLite's write lock), so no save interleaves."""
    with db.transaction(write=False) as tx:  # the usual case, read only: nothing to chain
        table, key = _events_table(tx)
        last = tx.query(f"SELECT MAX(position) AS position FROM {chain.TABLE}")[0]["position"]
        head = tx.query(f"SELECT COALESCE(MAX({key}), 0) AS head FROM {table}")[0]["head"]
        if int(head) <= int(last or 0):
            return 0, None
    with db.transaction() as tx:
        if tx.dialect == "postgres":
            tx.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        last = tx.query(f"SELECT position, hash FROM {chain.TABLE} ORDER BY position DESC LIMIT 1")
        after, previous = (int(last[0]["position"]), _blob(last[0]["hash"])) if last else (0, chain.GENESIS)
        head = tx.query(f"SELECT COALESCE(MAX({key}), 0) AS head FROM {table}")[0]["head"]
        if int(head) <= after:
            return 0, previous if last else None
        count = 0
        while True:
            rows = tx.query(f"{_select(table, key)} WHERE {key} > ? ORDER BY {key} LIMIT ?", (after, BATCH))
            if not rows:
                return count, previous
            links = []
            for row in rows:
                event = chain.canonical(_uuid(row["originator_id"]), int(row["originator_version"]),
                                        row["topic"], _blob(row["state"]))  # fmt: skip
                previous = chain.link(previous, event)
                links.append((int(row["id"]), previous))
            tx.execute_many(f"INSERT INTO {chain.TABLE} (position, hash) VALUES (?, ?)", links)
            after, count = links[-1][0], count + len(links)


def verify_store(db: ProjectionDatabase) -> chain.Break | None:
    """The first position where the stored chain does not hold (None: it holds throughout)."""
    return chain.first_break(stored(db))


# -- the tenant's key ------------------------------------------------------------------------


def key_path(data_dir: Path, slug: str) -> Path:
    """Where the tenant's signing key lives: outside the database (ALUR_AUDIT_KEYS, else
    `<data dir>/keys`), so whoever can change rows cannot re-sign them."""
    folder = Path(os.environ.get("ALUR_AUDIT_KEYS") or data_dir / "keys")
    return folder / f"{slug}.ed25519.pem"


def signing_key(data_dir: Path, slug: str) -> Ed25519PrivateKey:
    """The tenant's Ed25519 key, made on first use (readable by the service's user only)."""
    path = key_path(data_dir, slug)
    if path.exists():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(loaded, Ed25519PrivateKey)
        return loaded
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())  # fmt: skip
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(pem)
    return key


def public_key(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


# -- the head, signed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """The chain's last link, signed: what a tenant publishes (and an export extends)."""

    tenant: str
    position: int
    hash: str
    at: str
    signature: str
    public_key: str

    def statement(self) -> dict[str, Any]:
        return {"tenant": self.tenant, "position": self.position, "hash": self.hash, "at": self.at}


def current_head(db: ProjectionDatabase, slug: str, key: Ed25519PrivateKey, at: datetime) -> Head:
    with db.transaction(write=False) as tx:
        last = tx.query(f"SELECT position, hash FROM {chain.TABLE} ORDER BY position DESC LIMIT 1")
    position, digest = (int(last[0]["position"]), _blob(last[0]["hash"]).hex()) if last else (0, GENESIS)
    statement = {"tenant": slug, "position": position, "hash": digest, "at": at.astimezone(UTC).isoformat()}
    signature = base64.b64encode(key.sign(manifest_bytes(statement))).decode("ascii")
    return Head(slug, position, digest, statement["at"], signature, public_key(key))


def chain_links(db: ProjectionDatabase, positions: Sequence[int]) -> dict[int, str]:
    """The chain's hash (hex) at each of these positions (those chained)."""
    wanted = sorted(set(positions))
    if not wanted:
        return {}
    found: dict[int, str] = {}
    with db.transaction(write=False) as tx:
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ", ".join("?" for _ in part)
            statement = f"SELECT position, hash FROM {chain.TABLE} WHERE position IN ({marks})"
            for row in tx.query(statement, part):
                found[int(row["position"])] = _blob(row["hash"]).hex()
    return found


def ensure_heads_table(db: ProjectionDatabase) -> None:
    with db.transaction() as tx:
        kind = "BYTEA" if tx.dialect == "postgres" else "BLOB"
        tx.execute(f"CREATE TABLE IF NOT EXISTS {HEADS} (position BIGINT PRIMARY KEY, hash TEXT NOT NULL,"
                   f" at TEXT NOT NULL, signature TEXT NOT NULL, statement {kind})")  # fmt: skip


def published_heads(db: ProjectionDatabase) -> list[dict[str, Any]]:
    ensure_heads_table(db)
    with db.transaction(write=False) as tx:
        rows = tx.query(f"SELECT position, hash, at, signature FROM {HEADS} ORDER BY position")
    return [{"position": int(r["position"]), "hash": r["hash"], "at": r["at"], "signature": r["signature"]}
            for r in rows]  # fmt: skip


def publish(db: ProjectionDatabase, head: Head) -> None:
    """Keep a head that was signed and handed out (by an export): later exports extend it."""
    ensure_heads_table(db)
    with db.transaction() as tx:
        known = tx.query(f"SELECT 1 AS one FROM {HEADS} WHERE position = ?", (head.position,))
        if not known:
            tx.execute(f"INSERT INTO {HEADS} (position, hash, at, signature) VALUES (?, ?, ?, ?)",
                       (head.position, head.hash, head.at, head.signature))  # fmt: skip


# -- the bundle ------------------------------------------------------------------------------


def export_bundle(db: ProjectionDatabase, slug: str, name: str, path: Path, key: Ed25519PrivateKey,
                  at: datetime, first: int = 0, last: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Write the events from `first` to `last` with their links and a signed manifest; the
    head it signs is kept as published. Gives the manifest."""
    earlier = published_heads(db)
    previous = chain.GENESIS.hex()
    if first > 1:
        with db.transaction(write=False) as tx:
            before = tx.query(f"SELECT hash FROM {chain.TABLE} WHERE position < ? ORDER BY position DESC"
                              " LIMIT 1", (first,))  # fmt: skip
        previous = _blob(before[0]["hash"]).hex() if before else previous
    count, head, first_seen, last_seen = 0, previous, None, None
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"format": FORMAT, "tenant": slug, "name": name}) + "\n")
        for event in stored(db, first, last):
            first_seen = event.position if first_seen is None else first_seen
            last_seen = event.position
            if event.missing:
                record: dict[str, Any] = {"position": event.position, "missing": True,
                                          "hash": (event.hash or b"").hex()}  # fmt: skip
            else:
                record = {"position": event.position, "originator_id": str(event.originator_id),
                          "version": event.version, "topic": event.topic,
                          "state": base64.b64encode(event.state).decode("ascii"),
                          "hash": event.hash.hex() if event.hash is not None else None}  # fmt: skip
                count += 1
                head = record["hash"] or head
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
        manifest = {"tenant": slug, "name": name, "exported_at": at.astimezone(UTC).isoformat(),
                    "count": count, "first": first_seen, "last": last_seen, "previous": previous,
                    "head": head, "earlier_heads": earlier, "from": first or None, "to": last}  # fmt: skip
        signature = base64.b64encode(key.sign(manifest_bytes(manifest))).decode("ascii")
        closing = {"manifest": manifest, "signature": signature, "public_key": public_key(key)}
        out.write(json.dumps(closing) + "\n")
    if last_seen is not None and head != chain.GENESIS.hex():
        statement = {"tenant": slug, "position": last_seen, "hash": head, "at": manifest["exported_at"]}
        signed = base64.b64encode(key.sign(manifest_bytes(statement))).decode("ascii")
        publish(db, Head(slug, last_seen, head, statement["at"], signed, public_key(key)))
    return manifest
