"""What every route needs: the app's shared parts, the tenant in the URL and who is asking.

An unknown tenant and a tenant the session does not belong to both answer 404: a session is
stored in its own tenant's store, so it is simply not found anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment
from starlette.requests import Request

from adapters.platform import Desk, Platform
from domain.actor import Actor
from domain.errors import NotFoundError, UnauthenticatedError, not_found
from domain.handlers import Commands
from domain.ports import Session
from projections.queries import Queries
from tenants.model import Tenant

COOKIE = "alur_session"


@dataclass
class WebState:
    """Built once by create_app and kept in app.state."""

    platform: Platform
    jinja: Environment


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


@dataclass(frozen=True)
class Tenancy:
    """The tenant named in the URL, its commands and queries, and the time of this request."""

    tenant: Tenant
    desk: Desk
    now: datetime
    web: WebState

    @property
    def commands(self) -> Commands:
        return self.desk.commands

    @property
    def queries(self) -> Queries:
        return self.desk.queries

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tenant.timezone)


def tenancy(request: Request) -> Tenancy:
    """The tenant of `/t/{tenant}/…`, or 404 (blocking: call from a worker thread)."""
    web = state_of(request)
    try:
        tenant = web.platform.tenant(str(request.path_params.get("tenant", "")))
    except NotFoundError:
        raise not_found("tenant", "tenant") from None
    return Tenancy(tenant, web.platform.desk(tenant), web.platform.services.clock(), web)


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def api_user(request: Request, t: Tenancy) -> tuple[Actor, Session]:
    """The user of the bearer token, or 401."""
    found = t.queries.identify(bearer_token(request), "api", t.now)
    if found is None:
        raise UnauthenticatedError(
            "masuk dahulu: token tidak ada, kedaluwarsa atau dicabut",
            "sign in first: the token is missing, expired or revoked",
        )
    return found


def page_user(request: Request, t: Tenancy) -> tuple[Actor, Session] | None:
    """The user of the session cookie, if any and still valid."""
    return t.queries.identify(request.cookies.get(COOKIE, ""), "web", t.now)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"
