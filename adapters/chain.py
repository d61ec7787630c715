"""A hash chain over each tenant's events (issue 20): proof that the trail is untouched.

Every stored event gets `hash = SHA-256(previous hash ‖ canonical bytes of the event)`, kept in
the tenant's `alur_chain` table (position → hash), written by the recorder in the transaction
that inserts the event, on SQLite and PostgreSQL. The canonical bytes are the event as stored
(originator id, version, topic, state bytes), so a verifier needs no decoding and no library:
`adapters/audit_verify.py` recomputes the chain from an exported bundle with the standard
library alone. A tenant whose events predate the chain is chained once, in order, by
`chain_existing` (recorded as an `AuditChain.Begun` event, itself chained).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

TABLE = "alur_chain"
GENESIS = bytes(32)  # the "previous hash" of a tenant's first event
PREFIX = b"alur-event/1\n"


def canonical(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """An event as the chain hashes it: its identity, topic and state bytes, each delimited."""
    key = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
    name = topic.encode("utf-8")
    return (PREFIX + key.bytes + version.to_bytes(8, "big", signed=True) + len(name).to_bytes(4, "big") + name
            + len(state).to_bytes(8, "big") + state)  # fmt: skip


def link(previous: bytes, event: bytes) -> bytes:
    return hashlib.sha256(previous + event).digest()


@dataclass(frozen=True)
class Stored:
    """An event row as the store holds it, with its chain hash (None: not chained)."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes
    hash: bytes | None = None
    missing: bool = False  # a chained position whose event row is gone

    def canonical(self) -> bytes:
        return canonical(self.originator_id, self.version, self.topic, self.state)


@dataclass(frozen=True)
class Break:
    """Where a chain stops holding: the first position whose hash is not what its event gives."""

    position: int
    reason: str

    def __str__(self) -> str:
        return f"posisi / position {self.position}: {self.reason}"


def hashes(events: Iterable[Stored], previous: bytes = GENESIS) -> Iterator[tuple[int, bytes]]:
    """Each event's chain hash, in order, from `previous`."""
    for event in events:
        previous = link(previous, event.canonical())
        yield event.position, previous


def first_break(events: Iterable[Stored], previous: bytes = GENESIS) -> Break | None:
    """The first event whose stored hash is not the chain's (changed, missing, out of order)."""
    for event in events:
        if event.missing:
            return Break(event.position, "peristiwa hilang (dihapus) / the event is missing (deleted)")
        expected = link(previous, event.canonical())
        if event.hash is None:
            return Break(event.position, "peristiwa tanpa hash rantai / event with no chain hash")
        if event.hash != expected:
            return Break(event.position, "hash tidak cocok: peristiwa ini atau sebelumnya diubah, dihapus "
                                         "atau diurutkan ulang / the hash does not match: this event or one "
                                         "before it was changed, deleted or reordered")  # fmt: skip
        previous = expected
    return None
