"""The application layer's queries: one handler per question, answered from read models only.

Each takes the `Actor` asking, applies every visibility rule (whose requests, which pages),
and answers with plain data. Nothing here replays an aggregate, and each handler runs in one
transaction on one pooled connection: a request never holds two connections at a time.

By area: `requests` (inbox, lists, the office overview, a request's page and history),
`people` (users, roles, OPDs), `sop` (switching the tenant's SOP), `oversight` (audit trail,
SLA, SOP compliance), `calendar` (the office calendar); `base` holds who is asking, the SOP versions and what
every question is given.
"""


from __future__ import annotations

from projections.queries.absences import AbsenceQueries
from projections.queries.base import MAX_LIMIT, DocumentReader, Paged, Paging, QueriesBase, SopKey
from projections.queries.calendar import CalendarQueries, CalendarView
from projections.queries.chain import ChainQueries
from projections.queries.comments import CommentQueries, Thread
from projections.queries.dossier import DossierQueries
from projections.queries.mail import MailQueries, OutboxView
from projections.queries.notices import MeView, NoticeQueries
from projections.queries.oversight import OversightQueries
from projections.queries.people import AdminView, PeopleQueries
from projections.queries.requests import HistoryEvent, Overview, RequestPage, RequestQueries
from projections.queries.sop import RoleHolders, SopQueries, SopSwitchView

__all__ = [
    "MAX_LIMIT",
    "AdminView",
    "CalendarView",
    "DocumentReader",
    "HistoryEvent",
    "MeView",
    "OutboxView",
    "Overview",
    "Paged",
    "Paging",
    "Queries",
    "QueriesBase",
    "RequestPage",
    "RoleHolders",
    "SopKey",
    "SopSwitchView",
    "Thread",
]  # fmt: skip


class Queries(
    RequestQueries,
    OversightQueries,
    PeopleQueries,
    SopQueries,
    CalendarQueries,
    ChainQueries,
    DossierQueries,
    MailQueries,
    NoticeQueries,
    AbsenceQueries,
    CommentQueries,
):
    """Every question about one tenant, answered from its read models."""
