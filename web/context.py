"""What every route needs: the app's shared parts, the tenant in the URL and the user asking.

An unknown tenant and a tenant the session does not belong to both answer 404: a session is
stored in its own tenant's store, so it is simply not found anywhere else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jinja2 import Environment
from starlette.requests import Request

from adapters.platform import Platform
from domain.errors import NotFoundError
from domain.request import Request as Permohonan
from domain.service import RequestService
from domain.sop import Variant
from projections.engine import Projector
from tenants.model import Tenant
from web.auth import COOKIE, Principal, Throttle, principal_of
from web.errors import Unauthenticated, not_found
from web.files import FileStore
from web.sessions import SessionStore


@dataclass
class WebState:
    """Built once by create_app and kept in app.state."""

    platform: Platform
    sessions: SessionStore
    throttle: Throttle
    jinja: Environment
    files: FileStore
    tenants: TenantCache


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


@dataclass(frozen=True)
class Tenancy:
    """The tenant named in the URL, its service, and the time of this request."""

    tenant: Tenant
    service: RequestService
    now: datetime
    web: WebState

    @property
    def projector(self) -> Projector:
        return self.web.platform.services.projector(self.tenant)

    def current_variant(self) -> Variant:
        return self.service.variant(self.tenant.variant_id, self.tenant.variant_version)

    def request_for(self, user: Principal, request_id: str) -> Permohonan:
        """A request this user may see; anything else is "not found", never "forbidden"."""
        try:
            parsed = UUID(request_id)
        except (ValueError, TypeError, AttributeError):
            raise not_found("permohonan", "request") from None
        try:
            found = self.service.get(parsed)
        except NotFoundError:
            raise not_found("permohonan", "request") from None
        if not user.may_see(found.opd):
            raise not_found("permohonan", "request")
        return found


class TenantCache:
    """Tenants as the registry had them a few seconds ago: a page needs no registry replay.

    A change made here (switching the SOP) is forgotten at once; one made elsewhere (the CLI,
    another worker) shows within `ttl` seconds.
    """

    def __init__(self, platform: Platform, ttl: float = 5.0) -> None:
        self._platform = platform
        self._ttl = ttl
        self._known: dict[str, tuple[float, Tenant]] = {}

    def get(self, slug: str) -> Tenant:
        found = self._known.get(slug)
        if found is not None and time.monotonic() - found[0] < self._ttl:
            return found[1]
        tenant = self._platform.tenant(slug)
        self._known[slug] = (time.monotonic(), tenant)
        return tenant

    def forget(self, slug: str) -> None:
        self._known.pop(slug, None)


def tenancy(request: Request) -> Tenancy:
    """The tenant of `/t/{tenant}/…`, or 404 (blocking: call from a worker thread)."""
    web = state_of(request)
    try:
        tenant = web.tenants.get(str(request.path_params.get("tenant", "")))
    except NotFoundError:
        raise not_found("tenant", "tenant") from None
    service = web.platform.services.for_tenant(tenant)
    return Tenancy(tenant, service, service.clock(), web)


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def api_user(request: Request, t: Tenancy) -> Principal:
    """The user of the bearer token, or 401."""
    session = t.web.sessions.find(t.tenant, bearer_token(request), "api")
    principal = principal_of(t.service, session) if session else None
    if principal is None:
        raise Unauthenticated(
            "masuk dahulu: token tidak ada, kedaluwarsa atau dicabut",
            "sign in first: the token is missing, expired or revoked",
        )
    return principal


def page_user(request: Request, t: Tenancy) -> Principal | None:
    """The user of the session cookie, if any and still valid."""
    session = t.web.sessions.find(t.tenant, request.cookies.get(COOKIE, ""), "web")
    return principal_of(t.service, session) if session else None
