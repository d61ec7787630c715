"""What every route needs: the app's shared parts, the tenant in the URL and who is asking.

An unknown tenant and a tenant the session does not belong to both answer 404: a session is
stored in its own tenant's store, so it is simply not found anywhere else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import structlog
from jinja2 import Environment
from starlette.requests import Request

from domain.actor import Actor
from domain.errors import NotFoundError, UnauthenticatedError, not_found
from domain.handlers import Commands
from domain.ports import Session
from projections.desk import Desk
from projections.queries import Queries
from tenants.model import Tenant

if TYPE_CHECKING:  # the composition root passes the platform in; web never builds one
    from adapters.composition import Platform

COOKIE = "alur_session"


@dataclass
class WebState:
    """Built once by create_app and kept in app.state.

    `instrument` wraps each tenant's commands once (web/metrics.py counts steps and throttled
    sign-ins there, where both doors meet).
    """

    platform: Platform
    jinja: Environment
    instrument: Callable[[Commands], Commands] | None = None
    _desks: dict[str, Desk] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def desk(self, tenant: Tenant) -> Desk:
        desk = self.platform.desk(tenant)
        if self.instrument is None:
            return desk
        with self._lock:
            found = self._desks.get(tenant.slug)
            if found is None or found.queries is not desk.queries:
                found = self._desks[tenant.slug] = Desk(self.instrument(desk.commands), desk.queries)
            return found


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
    return Tenancy(tenant, web.desk(tenant), web.platform.services.clock(), web)


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
    note_in_log(request, user=found[0].username)
    return found


def page_user(request: Request, t: Tenancy) -> tuple[Actor, Session] | None:
    """The user of the session cookie, if any and still valid."""
    found = t.queries.identify(request.cookies.get(COOKIE, ""), "web", t.now)
    if found is not None:
        note_in_log(request, user=found[0].username)
    return found


def note_in_log(request: Request, **fields: Any) -> None:
    """Put who is asking on this request's later log lines and on its access line.

    The structlog context covers the lines written in this worker thread; the access line is
    written after the thread is done (web/metrics.py), so the fields are also left in the scope.
    """
    structlog.contextvars.bind_contextvars(**fields)
    request.scope.setdefault("state", {}).setdefault("log", {}).update(fields)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"
