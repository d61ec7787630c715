"""The questions of oversight: the audit trail, the SLA report and SOP compliance."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.actor import Actor
from domain.errors import ForbiddenError
from projections import audit as audit_model
from projections.audit import AuditEntry, AuditFilter, audit_entries, count_audit
from projections.compliance import ComplianceReport, compliance_report
from projections.listing import search_of, sort_of
from projections.queries.base import Paged, Paging, QueriesBase
from projections.sla import SlaReport, sla_report


class OversightQueries(QueriesBase):
    """Auditors' and officials' questions."""

    def audit(
        self,
        actor: Actor,
        where: AuditFilter,
        paging: Paging | None = None,
        *,
        newest_first: bool = False,
        sort: str | None = None,
    ) -> Paged[AuditEntry]:
        """The audit trail (auditors and admins), as stored or newest first (`sort`: a column of
        `audit.SORTS`); `where.search` finds a request's title, letter number or OPD, or words of
        the sentence; `request_text`, `actor` and `role` words of a title or letter number, of a
        full name, of a role's name (or the username, the role id). Every row when `paging` is
        None (exports)."""
        actor.require_auditor()
        order = sort_of(sort, audit_model.SORTS, "-position" if newest_first else "position")
        where = replace(
            where,
            search=search_of(where.search),
            request_text=search_of(where.request_text, "request"),
            actor=search_of(where.actor, "actor"),
            role=search_of(where.role, "role"),
        )
        with self._read() as tx:
            if paging is None:
                rows = audit_entries(tx, where, sort=order)
                return Paged(rows, len(rows), 1, max(1, len(rows)))
            total = count_audit(tx, where)
            rows = audit_entries(tx, where, limit=paging.limit, offset=paging.offset, sort=order)
        return Paged(rows, total, paging.page, paging.limit)

    def sla(self, actor: Actor, now: datetime, variant: str | None = None) -> SlaReport:
        """Target against realisation (officials, auditors and admins); `variant`: one SOP's."""
        actor.require_official()
        days = self.stalled_setting().days  # before the read: one pooled connection at a time
        with self._read() as tx:
            return sla_report(tx, now=now, calendar=self.calendar, variant=variant,
                              variant_of=lambda v, n: self.projector.variant(tx, v, n),
                              stalled_after=days)  # fmt: skip

    def reads_compliance(self, actor: Actor) -> bool:
        """Whether the actor may read SOP compliance: auditors and admins, and the leadership
        roles of the SOP the tenant runs now (`Variant.leadership_roles`); never an OPD's user."""
        return actor.is_auditor or bool(set(actor.roles) & self.sop(actor).leadership_roles)

    def compliance(self, actor: Actor) -> ComplianceReport:
        """Per SOP version: requests that went along its path, and where the others left it."""
        if not self.reads_compliance(actor):
            raise ForbiddenError(
                "hanya pimpinan (Kepala Dinas, Kepala Bidang), auditor dan admin",
                "office leaders (Head of Office, Heads of Division), auditors and admins only",
            )
        with self._read() as tx:
            return compliance_report(tx, variant_of=lambda v, n: self.projector.variant(tx, v, n))
