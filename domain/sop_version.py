"""A variant version adopted by a tenant, kept in the tenant's own event store.

Requests are pinned to (variant id, version); keeping each adopted version's full content in
the tenant's store means a request finishes on the SOP it started under even after the file
is edited, and auditors can read exactly which SOP text governed it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.sop import Variant, variant_from_dict, variant_to_dict


def sop_version_id(variant_id: str, version: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"alur:sop:{variant_id}@{version}")


class SopVersion(Aggregate):
    """One (variant id, version) as adopted by the tenant."""

    class Adopted(Aggregate.Created):
        class_version = 1

        variant_id: str
        variant_version: int
        content: dict[str, Any]
        source: str
        fingerprint: str
        actor: str

    def __init__(
        self,
        variant_id: str,
        variant_version: int,
        content: dict[str, Any],
        source: str,
        fingerprint: str,
        actor: str,
    ) -> None:
        self.variant_id = variant_id
        self.variant_version = variant_version
        self.content = content
        self.source = source
        self.fingerprint = fingerprint
        self.adopted_by = actor

    @classmethod
    def adopt(cls, variant: Variant, source: str, fingerprint: str, actor: str) -> SopVersion:
        return cls._create(
            cls.Adopted,
            id=sop_version_id(variant.id, variant.version),
            variant_id=variant.id,
            variant_version=variant.version,
            content=variant_to_dict(variant),
            source=source,
            fingerprint=fingerprint,
            actor=actor,
        )

    @property
    def variant(self) -> Variant:
        return variant_from_dict(self.content)


TENANT_SOP_ID = uuid5(NAMESPACE_URL, "alur:tenant-sop")


class TenantSop(Aggregate):
    """Which SOP version governs the tenant's new requests, with every change in its history.

    The platform registry decides; this copy in the tenant's own store lets an auditor of the
    tenant read when each SOP was in force without access to the platform.
    """

    class Chosen(Aggregate.Created):
        class_version = 1

        variant_id: str
        variant_version: int
        actor: str
        at: datetime

    class Switched(Aggregate.Event):
        class_version = 2

        variant_id: str
        variant_version: int
        actor: str
        at: datetime
        reason: str  # why the admin switched (v2; before, none was asked)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reason"] = ""

        def apply(self, aggregate: Any) -> None:
            aggregate.variant_id = self.variant_id
            aggregate.variant_version = self.variant_version

    def __init__(self, variant_id: str, variant_version: int, actor: str, at: datetime) -> None:
        self.variant_id = variant_id
        self.variant_version = variant_version

    @classmethod
    def choose(cls, variant_id: str, variant_version: int, actor: str, at: datetime) -> TenantSop:
        return cls._create(
            cls.Chosen, id=TENANT_SOP_ID, variant_id=variant_id, variant_version=variant_version,
            actor=actor, at=at,
        )  # fmt: skip

    def switch(
        self, variant_id: str, variant_version: int, actor: str, at: datetime, reason: str = ""
    ) -> None:
        """Record a change and why; choosing the version already in force records nothing."""
        if (variant_id, variant_version) != (self.variant_id, self.variant_version):
            self.trigger_event(self.Switched, variant_id=variant_id, variant_version=variant_version,
                               actor=actor, at=at, reason=reason)  # fmt: skip
