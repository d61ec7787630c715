"""The record that a tenant's earlier events were chained (issue 20): the one-time migration
that put events stored before the hash chain existed (or copied in without it) into it, in
order, with how many and the head it reached. The chain itself lives beside the events
(`adapters/chain.py`); this event says when and by whom it was extended that way."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate

AUDIT_CHAIN_ID = uuid5(NAMESPACE_URL, "alur:audit-chain")  # one per tenant store


class AuditChain(Aggregate):
    class Begun(Aggregate.Created):
        """Events stored before the chain existed were chained, from the first."""

        class_version = 1

        chained: int
        head: str  # hex SHA-256 of the last event chained
        actor: str
        at: datetime

    class Extended(Aggregate.Event):
        """Events copied in without their links (an import) were chained after the last link."""

        class_version = 1

        chained: int
        head: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.chained += self.chained

    def __init__(self, chained: int, head: str, actor: str, at: datetime) -> None:
        self.chained = chained

    @classmethod
    def begin(cls, chained: int, head: str, actor: str, at: datetime) -> AuditChain:
        return cls._create(
            cls.Begun, timestamp=at, id=AUDIT_CHAIN_ID, chained=chained, head=head, actor=actor, at=at
        )
