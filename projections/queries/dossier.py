"""A request's dossier for the inspector (issue 20): its timeline (who, in which role, when, on
time or late), every document with its SHA-256, the audit excerpt with each event's link in the
tenant's hash chain, and the chain's signed head when it was made; sealed like the SOP's own
documents. Made on demand from the read models and the chain, never recorded: it is a reading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.actor import Actor
from domain.request import Request
from domain.request_view import RequestDetail
from domain.sop import Variant
from projections.audit import AuditEntry, AuditFilter, audit_entries
from projections.queries.base import QueriesBase


def _step_event_classes() -> list[type]:
    found, todo = [], [Request.StepEvent]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


STEP_EVENTS = frozenset(cls.__name__ for cls in _step_event_classes())


@dataclass(frozen=True)
class Dossier:
    detail: RequestDetail
    variant: Variant
    opd_name: str
    entries: list[AuditEntry]  # the request's events, in order, as the audit trail reads them
    documents: list[dict[str, Any]]  # every file on the request: name, how it came, step, SHA-256
    links: dict[int, str]  # chain position -> hash (hex) of each of its events
    head: Any  # the tenant's signed chain head when the dossier was made
    made_at: datetime

    @property
    def steps(self) -> list[tuple[Any, AuditEntry | None]]:
        """Each step taken with its audit row (who by name and NIP, Plt., on time or late): the
        step events of the trail come in the order of the steps taken."""
        rows = [entry for entry in self.entries if entry.type in STEP_EVENTS]
        return [
            (taken, rows[n] if n < len(rows) else None) for n, taken in enumerate(self.detail.steps_taken)
        ]


class DossierQueries(QueriesBase):
    """Set by the composition: the chain's links by position, and a sealing renderer."""

    chain_links: Callable[[Sequence[int]], dict[int, str]] = staticmethod(lambda positions: {})  # type: ignore[assignment]
    dossier_renderer: Callable[[Dossier], tuple[bytes, str]] | None = None

    def dossier(self, actor: Actor, request_id: str, now: datetime) -> Dossier:
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
            variant = self.projector.variant(tx, detail.variant_id, detail.variant_version)
            entries = audit_entries(tx, AuditFilter(request=detail.id))
            opds = {row["code"]: row["name"] for row in tx.query("SELECT code, name FROM rm_opds")}
        documents = []
        for taken in detail.steps_taken:
            for record in taken.outputs:
                if record.get("sha256"):
                    documents.append({**record, "step": taken.number})
        for pause in detail.pauses:
            for record in pause.outputs:
                if record.get("sha256"):
                    documents.append({**record, "step": pause.returned.step})
        documents += [{**record, "how": "made"} for record in detail.made]
        head = self.chain_head(now) if getattr(self, "chain_head", None) else None  # type: ignore[attr-defined]
        links = self.chain_links([entry.position for entry in entries])
        return Dossier(detail, variant, opds.get(detail.opd or "", detail.opd or "-"), entries, documents,
                       links, head, now)  # fmt: skip

    def dossier_pdf(self, actor: Actor, request_id: str, now: datetime) -> tuple[Dossier, bytes, str]:
        """The dossier, sealed: what the inspector downloads."""
        if self.dossier_renderer is None:
            raise LookupError("no document renderer in this composition")
        dossier = self.dossier(actor, request_id, now)
        pdf, sealed_by = self.dossier_renderer(dossier)
        return dossier, pdf, sealed_by
