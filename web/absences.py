"""Out of office, at both doors: `/me/away` (one's own absences), `/absences` (the approvers'),
and the API's `/me/absences` and `/absences`. Routes only translate: the same handlers
(domain/handlers/absence.py) and questions (projections/queries/absences.py) for both.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain.absence import AbsenceView
from domain.absence_service import workflow_roles
from domain.actor import Actor
from domain.handlers.absence import CancelAbsence, DecideAbsence, RequestAbsence
from web import inputs
from web.api import Handler, endpoint, paging
from web.context import Tenancy
from web.listing import LIST_ID, wants_list
from web.pages_admin import role_names
from web.render import Page, page
from web.views import jsonable, paged

Data = Any


# -- one builder per command, for both doors ------------------------------------------------


def request_absence(data: Data) -> RequestAbsence:
    return RequestAbsence(
        from_date=inputs.day(data, "from_date"),
        to_date=inputs.day(data, "to_date"),
        reason=inputs.text(data, "reason"),
        plh=inputs.text(data, "plh"),
    )


def decide(absence_id: str, approve: bool, data: Data) -> DecideAbsence:
    return DecideAbsence(absence_id, approve, inputs.text(data, "reason"))


def absence_json(absence: AbsenceView) -> dict[str, Any]:
    indonesian, english = absence.status_names
    return {**jsonable(absence), "status_name": {"id": indonesian, "en": english}}


# -- the JSON API -----------------------------------------------------------------------------


def my_absences(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    found = t.queries.my_absences(actor, paging(request.query_params))
    return paged(found, [absence_json(a) for a in found.items])


def post_absence(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return absence_json(t.commands.request_absence(actor, request_absence(body)))


def cancel(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return absence_json(t.commands.cancel_absence(actor, CancelAbsence(str(request.path_params["id"]))))


def all_absences(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    found = t.queries.absences(actor, paging(request.query_params))
    return paged(found, [absence_json(a) for a in found.items])


def decision(approve: bool) -> Handler:
    def handler(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
        command = decide(str(request.path_params["id"]), approve, body)
        return absence_json(t.commands.decide_absence(actor, command))

    return handler


API_ROUTES: list[BaseRoute] = [
    Route("/me/absences", endpoint(my_absences), methods=["GET"]),
    Route("/me/absences", endpoint(post_absence, status=201), methods=["POST"]),
    Route("/me/absences/{id}/cancel", endpoint(cancel), methods=["POST"]),
    Route("/absences", endpoint(all_absences), methods=["GET"]),
    Route("/absences/{id}/approve", endpoint(decision(True)), methods=["POST"]),
    Route("/absences/{id}/refuse", endpoint(decision(False)), methods=["POST"]),
]


# -- the pages --------------------------------------------------------------------------------


def away(p: Page) -> Response:
    """One's own absences, and the form to ask for one (the Plh. chosen from who may act)."""
    variant = p.t.queries.sop(p.user)
    names, handed = role_names(p, variant), [r for r in p.user.roles if r in workflow_roles(variant)]
    found = p.t.queries.my_absences(p.user, paging(p.request.query_params, limit=20))
    block = LIST_ID if wants_list(p.request) else None  # the pager's htmx swap: the list alone
    return p.render("me_away.html", block=block, found=found, names=names, handed=handed,
                    choices=p.t.queries.plh_choices(p.user, p.t.now),
                    today=p.t.now.astimezone(p.t.zone).date())  # fmt: skip


def ask(p: Page) -> Response:
    p.t.commands.request_absence(p.user, request_absence(p.form))
    return p.done(f"{p.base}/me/away", "Ketidakhadiran diajukan; menunggu persetujuan",
                  "Absence requested; awaiting approval")  # fmt: skip


def cancel_own(p: Page) -> Response:
    p.t.commands.cancel_absence(p.user, CancelAbsence(str(p.request.path_params["id"])))
    return p.done(f"{p.base}/me/away", "Ketidakhadiran dibatalkan", "Absence cancelled")


def approvals(p: Page) -> Response:
    names = role_names(p, p.t.queries.sop(p.user))
    found = p.t.queries.absences(p.user, paging(p.request.query_params, limit=20))
    block = LIST_ID if wants_list(p.request) else None
    return p.render("absences.html", block=block, found=found, names=names,
                    failed=str(p.request.path_params.get("id", "")))  # fmt: skip


def decide_page(approve: bool) -> Any:
    def handler(p: Page) -> Response:
        command = decide(str(p.request.path_params["id"]), approve, p.form)
        decided = p.t.commands.decide_absence(p.user, command)
        who = decided.username
        if approve:
            return p.done(f"{p.base}/absences", f"Ketidakhadiran {who} disetujui; Plh.: {decided.plh}",
                          f"Absence of {who} approved; Plh.: {decided.plh}")  # fmt: skip
        return p.done(f"{p.base}/absences", f"Ketidakhadiran {who} ditolak", f"Absence of {who} refused")

    return handler


ROUTES: list[BaseRoute] = [
    Route("/me/away", page(away)),
    Route("/me/away", page(ask, fallback=away), methods=["POST"]),
    Route("/me/away/{id}/cancel", page(cancel_own, fallback=away), methods=["POST"]),
    Route("/absences", page(approvals)),
    Route("/absences/{id}/approve", page(decide_page(True), fallback=approvals), methods=["POST"]),
    Route("/absences/{id}/refuse", page(decide_page(False), fallback=approvals), methods=["POST"]),
]
