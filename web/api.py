"""The JSON API at /t/{tenant}/api/v1: the contract other systems use (see the issue's shapes).

Each handler is sync and runs in a worker thread; the wrapper reads the body, finds the tenant
and the bearer token's user, and turns the return value into JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.passwords import verify_password
from domain.errors import InvalidInputError, NotFoundError
from domain.request import STATUSES
from web import inputs
from web.auth import Principal
from web.context import Tenancy, api_user, tenancy
from web.errors import Forbidden, Unauthenticated
from web.openapi import openapi_document
from web.views import event_view, jsonable, request_view, sop_view

Handler = Callable[[Request, Tenancy, Principal, dict[str, Any]], Any]


def endpoint(handler: Handler, status: int = 200) -> Callable[[Request], Any]:
    async def run(request: Request) -> Response:
        body = inputs.json_object(await request.body()) if request.method == "POST" else {}

        def work() -> Any:
            t = tenancy(request)
            return handler(request, t, api_user(request, t), body)

        result = await run_in_threadpool(work)
        return result if isinstance(result, Response) else JSONResponse(result, status_code=status)

    return run


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


async def create_session(request: Request) -> Response:
    """Sign in with username and password; 401 says nothing about whether the user exists."""
    body = inputs.json_object(await request.body())
    username = inputs.text(body, "username").strip().lower()
    password = inputs.text(body, "password")

    def work() -> Response:
        t = tenancy(request)
        key = (t.tenant, username, client_address(request))
        t.web.throttle.check(*key)
        user = t.service.authenticate(username, password, verify_password)
        if user is None:
            t.web.throttle.failed(*key)
            raise Unauthenticated(
                "nama pengguna atau kata sandi salah", "wrong username or password", field="password"
            )
        t.web.throttle.succeeded(*key)
        token, _ = t.web.sessions.issue(t.tenant, user.username, "api")
        return JSONResponse({"token": token, "user": {"username": user.username, "roles": list(user.roles)}})

    return await run_in_threadpool(work)


def delete_session(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Response:
    t.web.sessions.revoke(t.tenant, user.session)
    return Response(status_code=204)


def zone(t: Tenancy) -> ZoneInfo:
    return ZoneInfo(t.tenant.timezone)


def view(t: Tenancy, found: Any) -> dict[str, Any]:
    return request_view(found, t.service.variant(found.variant_id, found.variant_version), t.now, zone(t))


def get_sop(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    return sop_view(t.current_variant())


def submit_opd(t: Tenancy, user: Principal, given: str | None) -> str | None:
    """The OPD a request is filed for: an OPD user's own; others may name a known OPD."""
    if user.opd_only or (user.opd and not given):
        if given and given != user.opd:
            raise InvalidInputError(
                "pengguna OPD hanya dapat mengajukan untuk OPD-nya sendiri",
                "an OPD user can only submit for its own OPD",
                field="opd",
            )
        return user.opd
    if given:
        try:
            return t.service.opd(given).code
        except (NotFoundError, InvalidInputError):
            raise InvalidInputError(f"OPD {given!r} tidak dikenal", f"unknown OPD {given!r}", "opd") from None
    return None


def post_request(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    request_id = t.service.submit(
        t.tenant.variant_id,
        t.tenant.variant_version,
        user=user.username,
        roles=user.roles,
        title=inputs.text(body, "title"),
        purpose=inputs.text(body, "purpose"),
        letter_number=inputs.text(body, "letter_number"),
        letter_date=inputs.text(body, "letter_date"),
        opd=submit_opd(t, user, inputs.optional_text(body, "opd")),
        note=inputs.text(body, "note"),
    )
    return view(t, t.service.get(request_id))


def list_requests(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    query = request.query_params
    opd = inputs.optional_text(query, "opd")
    if user.opd_only:
        if opd not in (None, user.opd):
            return []
        opd = user.opd
    rows = t.projector.requests(
        now=t.now,
        status=inputs.one_of(query, "status", STATUSES),
        opd=opd,
        overdue=inputs.boolean(query, "overdue"),
    )
    return [view(t, t.service.get(UUID(row.id))) for row in rows]


def get_request(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    return view(t, t.request_for(user, request.path_params["id"]))


def act(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    found = t.request_for(user, request.path_params["id"])
    acted = t.service.act(
        found.id,
        int(request.path_params["number"]),
        user=user.username,
        roles=user.roles,
        decision=inputs.optional_text(body, "decision"),
        note=inputs.text(body, "note"),
        assignee=inputs.optional_text(body, "assignee"),
        deadline=inputs.moment(body, "deadline", zone(t), end_of_day=True),
        expected_version=inputs.integer(body, "expected_version"),
    )
    return view(t, acted)


def withdraw(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    found = t.request_for(user, request.path_params["id"])
    if found.opd is not None and user.opd != found.opd:
        raise Forbidden("hanya OPD pemohon yang dapat menarik permohonan",
                        "only the requesting OPD may withdraw its request")  # fmt: skip
    done = t.service.withdraw(
        found.id,
        user=user.username,
        roles=user.roles,
        note=inputs.text(body, "note"),
        expected_version=inputs.integer(body, "expected_version"),
    )
    return view(t, done)


def events(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    found = t.request_for(user, request.path_params["id"])
    return [event_view(event, zone(t)) for event in t.service.history(found.id)]


def inbox(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    return jsonable(inbox_items(t, user))


def inbox_items(t: Tenancy, user: Principal) -> list[Any]:
    return t.projector.inbox(
        user.username, roles=user.roles, opd=user.opd, now=t.now,
        roles_of=lambda name: t.service.roles_if_user(name, t.now),
    )  # fmt: skip


def require_auditor(user: Principal) -> None:
    if not user.is_auditor:
        raise Forbidden("hanya auditor atau admin", "auditors and admins only")


def require_official(user: Principal) -> None:
    if user.opd_only:
        raise Forbidden("hanya pejabat, auditor atau admin", "officials, auditors and admins only")


def audit_filters(t: Tenancy, query: Any) -> dict[str, Any]:
    request_id = inputs.optional_text(query, "request")
    if request_id is not None:
        try:
            request_id = str(UUID(request_id))
        except ValueError:
            raise inputs.invalid("request", "bukan id permohonan", "is not a request id") from None
    return {
        "request": request_id,
        "actor": inputs.optional_text(query, "actor"),
        "type": inputs.optional_text(query, "type"),
        "since": inputs.moment(query, "since", zone(t)),
        "until": inputs.moment(query, "until", zone(t), end_of_day=True),
    }


def audit(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    require_auditor(user)
    return jsonable(t.projector.audit(**audit_filters(t, request.query_params)))


def sla(request: Request, t: Tenancy, user: Principal, body: dict[str, Any]) -> Any:
    require_official(user)
    return jsonable(t.projector.sla(now=t.now))


async def openapi(request: Request) -> Response:
    def work() -> Response:
        t = tenancy(request)
        return JSONResponse(openapi_document(t.tenant.slug))

    return await run_in_threadpool(work)


ROUTES = [
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/session", create_session, methods=["POST"]),
    Route("/session", endpoint(delete_session), methods=["DELETE"]),
    Route("/sop", endpoint(get_sop), methods=["GET"]),
    Route("/requests", endpoint(post_request, status=201), methods=["POST"]),
    Route("/requests", endpoint(list_requests), methods=["GET"]),
    Route("/requests/{id}", endpoint(get_request), methods=["GET"]),
    Route("/requests/{id}/steps/{number:int}", endpoint(act), methods=["POST"]),
    Route("/requests/{id}/withdraw", endpoint(withdraw), methods=["POST"]),
    Route("/requests/{id}/events", endpoint(events), methods=["GET"]),
    Route("/inbox", endpoint(inbox), methods=["GET"]),
    Route("/audit", endpoint(audit), methods=["GET"]),
    Route("/sla", endpoint(sla), methods=["GET"]),
]
