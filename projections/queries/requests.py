"""The questions about requests: the inbox, the lists, the office overview, a request."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from domain import naskah
from domain.actor import Actor
from domain.appointees import acts_on_behalf, appointees_in_force, may_do_step
from domain.commands import CompleteStep
from domain.errors import CHANGED_MEANWHILE, AlurError, ForbiddenError, not_found
from domain.request import may_set_new_target, may_withdraw, not_the_requester
from domain.request_view import RequestDetail
from domain.sop import DECISION_OUTCOMES, Ending, Variant
from domain.stalled import is_stalled
from projections import inbox as inbox_model
from projections import people
from projections import requests as requests_model
from projections.audit import AuditFilter, audit_entries
from projections.base import Tx
from projections.inbox import InboxItem, count_inbox, inbox_for
from projections.listing import search_of, sort_of
from projections.overview import OfficeItem, Tally, holders_of, office_items, remaining_days
from projections.queries.base import MAX_LIMIT, Paged, Paging, QueriesBase
from projections.requests import (
    RequestFilter,
    RequestRow,
    count_requests,
    list_requests,
    tally_requests,
)
from projections.stalled import pauses_of, since_of, stalled_count


@dataclass(frozen=True)
class RequestPage:
    """A request as its page shows it, with what this actor may do on it."""

    detail: RequestDetail
    variant: Variant
    may_act: bool
    may_withdraw: bool
    appointee: str | None = None  # the person the SOP gives the active step to, if any
    on_behalf: bool = False  # this actor may do the step only on the appointee's behalf
    appointees: tuple[str, ...] = ()  # everyone the SOP gives the active step to (a team)
    may_set_target: bool = False  # a new target, its old one having passed (Tangerang Selatan)
    may_return: bool = False  # "berkas tidak lengkap": back to the requester (the step has Kelengkapan)
    may_resubmit: bool = False  # the requesting OPD completes a returned file

    def ends_if(self, command: CompleteStep) -> Ending | None:
        """The refusal this action would end the request with, on the request as the actor sees
        it: such an answer is confirmed first, with its reason. None for anything else (a stale
        form, a step not theirs), which goes on to the command and its refusal."""
        found, variant = self.detail, self.variant
        if not (self.may_act and found.active_step == command.step
                and command.expected_version in (None, found.version)
                and command.decision in DECISION_OUTCOMES
                and variant.step(command.step).decision is not None):  # fmt: skip
            return None
        return variant.ending_after(command.step, command.decision)

    def mendable(self, number: int, error: AlurError) -> bool:
        """Whether a refusal of step `number` can be mended in that step's own form (a field to
        fill or correct): not when the request changed meanwhile or the step is no longer the
        actor's, which the page says at the top of the request instead."""
        return not isinstance(error, CHANGED_MEANWHILE) and self.may_act and self.detail.active_step == number


@dataclass(frozen=True)
class HistoryEvent:
    position: int  # the event's place in the request's own history (1, 2, ...)
    type: str
    step: int | None
    actor: str
    role: str
    at: datetime
    data: dict[str, Any]
    sentence: str = ""  # what happened, in Indonesian; `parts` lets a page say it in English
    parts: dict[str, Any] = field(default_factory=dict, metadata={"api": False})


@dataclass(frozen=True)
class Overview:
    """The office at a glance: a page of its open requests, and counts per role and per OPD
    (over every open request matching the search, whatever the other filters)."""

    found: Paged[OfficeItem]
    roles: list[Tally]
    opds: list[Tally]
    open: int
    overdue: int
    stalled: int = 0  # running steps with no deadline, waiting past the tenant's threshold



class RequestQueries(QueriesBase):
    """Questions about the tenant's requests."""

    def inbox(
        self,
        actor: Actor,
        now: datetime,
        paging: Paging | None = None,
        *,
        request_id: str | None = None,
        search: str | None = None,
        sort: str | None = None,
    ) -> Paged[InboxItem]:
        """The steps waiting on this actor (or whether one request waits on them: `request_id`),
        each with how long it has waited and how long is left, in working days; by default
        overdue first, then by due time (`sort`: a column of `inbox.SORTS`)."""
        order = sort_of(sort, inbox_model.SORTS, "due")
        who = {"username": actor.username, "roles": actor.roles, "opd": actor.opd, "now": now,
               "request_id": request_id, "search": search_of(search)}  # fmt: skip
        days = self.stalled_setting().days  # before the read: one pooled connection at a time
        with self._read() as tx:
            if paging is None:
                items = inbox_for(tx, **who, sort=order)
                total = len(items)
            else:
                total = count_inbox(tx, **who)
                page = {"limit": paging.limit, "offset": paging.offset}
                items = inbox_for(tx, **who, sort=order, **page) if total else []
            pauses = pauses_of(tx, [item.request_id for item in items if item.due_at is None])
            timed = [self._timed(tx, item, now, days, pauses.get(item.request_id, [])) for item in items]
        if paging is None:
            return Paged(timed, total, 1, max(1, total))
        return Paged(timed, total, paging.page, paging.limit)

    def _timed(self, tx: Tx, item: InboxItem, now: datetime, days: int,
               pauses: list[tuple[datetime, datetime]]) -> InboxItem:  # fmt: skip
        step = self.projector.variant(tx, item.variant_id, item.variant_version).step(item.step)
        returned = item.returned_at is not None
        since = since_of(self.calendar, item.started_at, item.due_at, returned, pauses, days)
        return replace(
            item,
            time_standard=step.time_standard.text if step.time_standard else None,
            waiting_days=round(self.calendar.working_days_between(item.started_at, now), 2),
            remaining_days=remaining_days(self.calendar, now, item.due_at),
            stalled=is_stalled(since, now),
        )

    def inbox_count(self, actor: Actor, now: datetime) -> int:
        """How many steps wait on this actor (the navigation's count)."""
        with self._read() as tx:
            return count_inbox(tx, username=actor.username, roles=actor.roles, opd=actor.opd, now=now)

    def requests(
        self,
        actor: Actor,
        now: datetime,
        *,
        status: str | None = None,
        opd: str | None = None,
        overdue: bool | None = None,
        search: str | None = None,
        sort: str | None = None,
        paging: Paging | None = None,
        variant: str | None = None,
    ) -> Paged[RequestRow]:
        """The tenant's requests, newest first (`sort`: a column of `requests.SORTS`); `search`
        finds a title, a letter number or an OPD. An OPD user sees only its own OPD's."""
        order = sort_of(sort, requests_model.SORTS, "-submitted")
        search = search_of(search)
        if actor.opd_only:
            if opd not in (None, actor.opd):
                return Paged([], 0, (paging or Paging()).page, (paging or Paging()).limit)
            opd = actor.opd
        paging = paging or Paging(limit=MAX_LIMIT)
        where = RequestFilter(status=status, opd=opd, overdue=overdue, search=search, variant=variant)
        with self._read() as tx:
            total = count_requests(tx, now=now, where=where)
            rows = list_requests(tx, now=now, where=where, limit=paging.limit, offset=paging.offset,
                                 sort=order)  # fmt: skip
        return Paged(rows, total, paging.page, paging.limit)

    def may_submit(self, actor: Actor) -> bool:
        """Whether the actor files requests under the SOP run now (its requester role, whatever
        the SOP calls it): the navigation then offers the submission form."""
        return self.sop(actor).requester_role in actor.roles

    def oversees(self, actor: Actor) -> bool:
        """Whether the actor sees the whole office (the overview): a tenant admin, or one holding
        a leadership role of the SOP the tenant runs now (`Variant.leadership_roles`: the Kepala
        Dinas and Kepala Bidang, by whatever name the SOP gives them)."""
        return actor.is_admin or bool(set(actor.roles) & self.sop(actor).leadership_roles)

    def overview(
        self,
        actor: Actor,
        now: datetime,
        *,
        role: str | None = None,
        opd: str | None = None,
        overdue: bool | None = None,
        search: str | None = None,
        sort: str | None = None,
        paging: Paging | None = None,
    ) -> Overview:
        """Every open request of the office: its step, the role and the people holding it, how
        long it has waited and how long is left (working days); overdue first by default."""
        if not self.oversees(actor):
            raise ForbiddenError(
                "hanya pimpinan (Kepala Dinas, Kepala Bidang) dan admin",
                "office leaders (Head of Office, Heads of Division) and admins only",
            )
        order = sort_of(sort, requests_model.SORTS, "due")
        search = search_of(search)
        paging = paging or Paging()
        where = RequestFilter(status="in_progress", role=role, opd=opd, overdue=overdue, search=search)
        every = RequestFilter(status="in_progress", search=search)
        days = self.stalled_setting().days  # before the read: one pooled connection at a time
        with self._read() as tx:
            total = count_requests(tx, now=now, where=where)
            rows = list_requests(tx, now=now, where=where, limit=paging.limit, offset=paging.offset,
                                 sort=order) if total else []  # fmt: skip
            by_role = tally_requests(tx, now=now, where=every, by="role")
            by_opd = tally_requests(tx, now=now, where=every, by="opd")
            keys = {(r.variant_id, r.variant_version) for r in rows}
            keys |= {(t["variant_id"], t["variant_version"]) for t in by_role}
            variants = {key: self.projector.variant(tx, *key) for key in keys}
            held = holders_of(tx, rows, now, {v.requester_role for v in variants.values()})
            opd_names = {o.code: o.name for o in people.opds(tx)}
            pauses = pauses_of(tx, [row.id for row in rows if row.active_due is None])
            stalled = stalled_count(tx, self.calendar, now, days)

        def macet(row: Any) -> bool:
            since = since_of(self.calendar, row.active_since, row.active_due, row.returned_at is not None,
                             pauses.get(row.id, []), days)  # fmt: skip
            return is_stalled(since, now)

        items = office_items(rows, lambda *key: variants[key], held, self.calendar, now, macet)
        roles = _tallies(
            (t["active_role"], variants[(t["variant_id"], t["variant_version"])].role_name(t["active_role"]),
             t["n"], t["late"]) for t in by_role if t["active_role"]
        )  # fmt: skip
        opds = _tallies(
            (t["opd"], opd_names.get(t["opd"], t["opd"] or "-"), t["n"], t["late"]) for t in by_opd
        )
        return Overview(
            Paged(items, total, paging.page, paging.limit), roles, opds,
            open=sum(t.open for t in opds), overdue=sum(t.overdue for t in opds), stalled=stalled,
        )  # fmt: skip

    def request(self, actor: Actor, request_id: str, now: datetime) -> RequestPage:
        """One request the actor may see ("not found" for anything else, never "forbidden")."""
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
            variant = self.projector.variant(tx, detail.variant_id, detail.variant_version)
        return self.view(actor, detail, variant, now)

    def view(
        self, actor: Actor, detail: RequestDetail, variant: Variant | None = None, now: datetime | None = None
    ) -> RequestPage:
        """A request's page with what this actor may do on it; also for the answer of a command
        (its detail is from the aggregate just saved, which a worker's read model may not have yet)."""
        variant = variant or self.variant(detail.variant_id, detail.variant_version)
        named = detail.appointees(variant)
        team = appointees_in_force(variant, named, self._roles_at(now) if named and now else None)
        role = detail.active_role
        who = {"user": actor.username, "roles": actor.roles, "role": role or ""}
        holder = role is not None and may_do_step(team, **who)
        requester = not detail.is_finished and may_withdraw(detail.opd, variant.requester_role,
                                                             roles=actor.roles, opd=actor.opd)  # fmt: skip
        returned = detail.returned is not None
        return RequestPage(
            detail,
            variant,
            may_act=holder and not returned,
            may_return=holder and not returned and detail.active_step is not None
            and bool(variant.step(detail.active_step).inputs),
            may_resubmit=returned and requester,
            may_withdraw=requester,
            appointee=team[0] if team else None,
            appointees=team,
            on_behalf=role is not None and acts_on_behalf(team, **who),
            may_set_target=now is not None and not detail.is_finished and not returned
            and may_set_new_target(variant, active_step=detail.active_step, active_due=detail.active_due,
                                   decisions=detail.decisions, roles=actor.roles, at=now),
        )

    def made_documents(self, actor: Actor, request_id: str) -> list[MadeEntry]:
        """The documents a request's completed steps give it (domain/naskah.py), each with its
        record once made (number, SHA-256, seal), in the order of its history."""
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
            variant = self.projector.variant(tx, detail.variant_id, detail.variant_version)
        return made_entries(detail, variant)

    def withdrawal(self, actor: Actor, request_id: str, now: datetime) -> RequestPage:
        """The request as its withdrawal form shows it: refused (403) to anyone but the requesting
        OPD while it runs; a finished one is shown as it ended."""
        shown = self.request(actor, request_id, now)
        if not shown.may_withdraw and not shown.detail.is_finished:
            raise not_the_requester()
        return shown

    def history(self, actor: Actor, request_id: str) -> tuple[RequestDetail, list[HistoryEvent]]:
        """Every event of a request, in order, with its full data."""
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
            entries = audit_entries(tx, AuditFilter(request=detail.id))
        return detail, [
            HistoryEvent(
                e.originator_version, e.type, e.step, e.actor, e.role, e.at, e.data, e.sentence, e.parts
            )
            for e in entries
        ]

    def document(self, actor: Actor, request_id: str, sha256: str) -> tuple[dict[str, Any], bytes]:
        """A document recorded on a request the actor may see: its record and its content."""
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
        record = detail.documents().get(sha256)
        content = self.documents.content(sha256) if record is not None else None
        if record is None or content is None:
            raise not_found("dokumen", "document")
        return record, content

    def assignable(
        self, actor: Actor, variant: Variant, now: datetime, step: int | None = None
    ) -> list[Assignable]:
        """Who may be named where step `step` assigns someone: the active holders of the role of
        the steps it appoints for (without `step`: of any of the SOP's official roles), by name."""
        with self._read() as tx:
            found = people.users(tx, now)
        fits = (lambda roles: variant.may_be_appointed(step, roles)) if step else variant.may_be_assigned
        chosen = [Assignable(u.username, u.full_name or u.username)
                  for u in found if u.active and fits(u.roles)]  # fmt: skip
        return sorted(chosen, key=lambda a: (a.full_name.casefold(), a.username))


@dataclass(frozen=True)
class Assignable:
    """Someone a step may name: their username and the full name people know them by."""

    username: str
    full_name: str


@dataclass(frozen=True)
class MadeEntry:
    """A document a completed step gives the request, and its record once made."""

    taken: int
    step: int
    kind: str
    name: str
    made: dict[str, Any] | None


def made_entries(detail: RequestDetail, variant: Variant) -> list[MadeEntry]:
    kept = {(int(record["taken"]), str(record["kind"])): record for record in detail.made}
    return [MadeEntry(due.taken, due.step, due.kind, due.name, kept.get((due.taken, due.kind)))
            for due in naskah.dues(detail, variant)]  # fmt: skip


def _tallies(rows: Any) -> list[Tally]:
    """Tallies merged by key (a role of several SOP versions is one), most overdue first."""
    merged: dict[str | None, Tally] = {}
    for key, name, count, late in rows:
        known = merged.get(key)
        before = (known.open, known.overdue) if known else (0, 0)
        merged[key] = Tally(key, name, count + before[0], late + before[1])
    return sorted(merged.values(), key=lambda t: (-t.overdue, -t.open, t.name))
