"""What the process counts, its `/metrics` page (Prometheus text), and one log line a request.

- `Observe` (pure ASGI middleware, outside the door) times every request, counts it by method,
  route *template* (`/t/{tenant}/api/v1/requests/{id}`, never the raw path: label values stay
  bounded however many requests and tenants there are) and status, and writes the access line
  (`request`) with the request id, tenant, user, route, status and duration. The tenant and
  route are bound to the log context first, so every line of the request carries them too.
- Step actions and throttled sign-ins are counted where both doors meet, around the tenant's
  `Commands` (`CountedCommands`): the domain imports no metrics library.
- Projection lag, failed projections, whether the database answers and the pool's use are
  read when scraped (from the readiness probe's latest answer and psycopg_pool's stats).
- `/metrics` answers only ALUR_METRICS_ALLOW (the client as the door leaves it, i.e. after a
  trusted proxy's X-Forwarded-For); anyone else gets the ordinary 404.

Every process keeps its own counters and is scraped on its own port (deploy/README.md says why).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain import commands as c
from domain.actor import Actor
from domain.errors import TooManyAttemptsError
from domain.handlers import Commands, SignedIn
from domain.request_view import RequestDetail
from tenants.model import MAIN_DATABASE
from web.health import Probe, allowed

access = structlog.get_logger("alur.access")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})  # others: "other"


class Metrics:
    """The process's metrics, in a registry of its own (one per app: tests build many apps)."""

    def __init__(self, probe: Probe) -> None:
        disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` twin of every series
        self.registry = CollectorRegistry()
        self.probe = probe
        labels = ("method", "route", "status")
        self.requests = Counter("alur_http_requests", "HTTP requests answered", labels,
                                registry=self.registry)  # fmt: skip
        self.latency = Histogram("alur_http_request_duration_seconds", "Time to answer an HTTP request",
                                 labels, registry=self.registry)  # fmt: skip
        self.steps = Counter("alur_step_actions", "SOP steps completed (both doors)", ("tenant", "variant"),
                             registry=self.registry)  # fmt: skip
        self.throttled = Counter("alur_signin_throttled", "Sign-ins refused with 429 (too many failures)",
                                 ("tenant",), registry=self.registry)  # fmt: skip
        self.registry.register(_Live(probe))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        method = method if method in METHODS else "other"  # a label value the client cannot invent
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Live:
    """Gauges computed when scraped, from the probe's latest answer and the pool's stats."""

    def __init__(self, probe: Probe) -> None:
        self.probe = probe

    def describe(self) -> list[Metric]:
        return []  # computed on scrape: nothing to check at registration

    def collect(self) -> Iterator[Metric]:
        found = self.probe.latest()
        up = GaugeMetricFamily("alur_database_up", "1 when the database answered the last check")
        up.add_metric([], 0.0 if found is None or found.database is not None else 1.0)
        yield up
        lag = GaugeMetricFamily("alur_projection_lag_seconds",
                                "Age of the oldest event a projection has not applied, worst tenant",
                                labels=["projection"])  # fmt: skip
        events = GaugeMetricFamily("alur_projection_lag_events",
                                   "Events a projection has not applied, worst tenant",
                                   labels=["projection"])  # fmt: skip
        failed = GaugeMetricFamily("alur_projection_failed",
                                   "1 for a tenant's projection stopped by an error, until it moves on",
                                   labels=["tenant", "projection"])  # fmt: skip
        if found is not None and found.database is None:
            worst: dict[str, tuple[float, int]] = {}
            for item in found.projections:
                seconds, count = worst.get(item.status.name, (0.0, 0))
                worst[item.status.name] = (max(seconds, item.status.lag_seconds(found.at)),
                                           max(count, item.status.lag))  # fmt: skip
                if item.status.error is not None:
                    failed.add_metric([item.tenant, item.status.name], 1.0)
            for name, (seconds, count) in worst.items():
                lag.add_metric([name], seconds)
                events.add_metric([name], float(count))
        yield lag
        yield events
        yield failed
        yield from self._pools()

    def _pools(self) -> Iterator[Metric]:
        """psycopg_pool's own counts, for each database whose pool the last check found open
        (collecting runs on the event loop: it must never wait for a database)."""
        services = self.probe.platform.services
        if services.pool is None:
            return
        found = self.probe.latest()
        families = {
            key: GaugeMetricFamily(name, text, labels=["database"])
            for key, name, text in (
                ("pool_size", "alur_db_pool_size", "Connections the pool holds"),
                ("pool_max", "alur_db_pool_max", "Connections the pool may hold"),
                ("in_use", "alur_db_pool_in_use", "Pooled connections lent out"),
                ("requests_waiting", "alur_db_pool_waiting", "Threads waiting for a pooled connection"),
            )
        }
        for database in sorted({MAIN_DATABASE, *(found.databases if found else ())}):
            pool = services.pool if database == MAIN_DATABASE else services.pool_for(database)
            stats = pool.get_stats()
            stats["in_use"] = stats["pool_size"] - stats["pool_available"]
            for key, family in families.items():
                family.add_metric([database], float(stats.get(key, 0)))
        yield from families.values()


async def metrics_page(request: Request) -> Response:
    """Prometheus text, for the allowed addresses only; the others cannot tell it exists."""
    settings = request.app.state.web.platform.settings
    if not allowed(request.client.host if request.client else "", settings.metrics_allow):
        raise HTTPException(404)
    metrics: Metrics = request.app.state.metrics
    await metrics.probe.answer()  # lag and the database as of now (reused for ~1.5 s)
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


ROUTES = [Route("/metrics", metrics_page)]


class Observe:
    """Outside the door: times and counts each request and writes its one access line."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path, method = scope.get("path", ""), scope.get("method", "GET")
        status = 499  # the client went away before an answer began (nginx's word for it)
        noted: dict[str, Any] = scope.setdefault("state", {}).setdefault("log", {})  # web/context.py
        tenant = tenant_in(path)
        app = scope.get("app")  # Starlette puts itself there before its middleware runs
        route = route_template(app.routes if app is not None else [], path)
        shown = noted["path"] = masked(path, route)  # a reset link's token reaches no log line

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        # every line written while this request is served names its tenant and route
        with structlog.contextvars.bound_contextvars(tenant=tenant, route=route):
            try:
                await self.app(scope, receive, send_status)
            except Exception:  # the door answers every error; this is a bug in what wraps it
                status = 500
                raise
            finally:
                seconds = time.perf_counter() - started
                if self.metrics is not None:
                    self.metrics.observe(method, route, status, seconds)
                client = scope.get("client") or ("-", 0)
                access.info("request", request_id=scope["state"].get("request_id"), tenant=tenant,
                            user=noted.get("user"), method=method, route=route, path=shown, status=status,
                            duration_ms=round(seconds * 1000, 2), client=client[0])  # fmt: skip


SECRET_PARAMS = frozenset({"token"})  # path parameters that are credentials (a set-password link)
MASK = "[disembunyikan]"


def masked(path: str, route: str) -> str:
    """The path with every credential segment (a route parameter in SECRET_PARAMS) replaced.

    Whoever reads the logs must not be able to use a link from them: a reset link's token sets
    the user's password, an admin's included. An unmatched path is logged as it came.
    """
    template, parts = route.split("/"), path.split("/")
    if len(template) != len(parts):
        return path
    return "/".join(
        MASK if name.startswith("{") and name.strip("{}").split(":")[0] in SECRET_PARAMS else part
        for name, part in zip(template, parts, strict=True)
    )


def tenant_in(path: str) -> str | None:
    """The slug of `/t/{tenant}/…` when it looks like one (a log field, never trusted for more)."""
    parts = path.split("/", 3)
    if len(parts) >= 3 and parts[1] == "t" and SLUG.match(parts[2]):
        return parts[2]
    return None


def route_template(routes: list[BaseRoute], path: str, prefix: str = "") -> str:
    """The template of the route that serves `path` (`/t/{tenant}/requests/{id}`), or 'unmatched'."""
    for route in routes:
        if isinstance(route, Mount):
            found = route.path_regex.match(path)
            if found is None:
                continue
            inner = route.routes
            here = prefix + route.path_format.removesuffix("/{path}")  # the mount's own part
            if not inner:  # an app mounted whole (static files)
                return here + "/{path}"
            template = route_template(inner, "/" + found.groupdict().get("path", ""), here)
            if template != UNMATCHED:
                return template
        elif isinstance(route, Route) and route.path_regex.match(path):
            return prefix + route.path_format
    return UNMATCHED


class CountedCommands(Commands):
    """A tenant's commands, counting completed steps and throttled sign-ins for /metrics.

    Wraps the platform's `Commands` (sharing its state, as `SharedPoolDatastore` does its base):
    both doors call these, so each step is counted once, whichever door it came through.
    """

    def __init__(self, inner: Commands, on_step: Callable[[str, str], None],
                 on_throttled: Callable[[str], None]) -> None:  # fmt: skip
        self.__dict__.update(inner.__dict__)
        self._on_step = on_step
        self._on_throttled = on_throttled

    def act(self, actor: Actor, command: c.CompleteStep) -> RequestDetail:
        done = super().act(actor, command)
        self._on_step(actor.tenant, done.variant_id)
        return done

    def sign_in(self, command: c.SignIn) -> SignedIn:
        try:
            return super().sign_in(command)
        except TooManyAttemptsError:
            self._on_throttled(self.service.tenant)
            raise


def counted(commands: Commands, metrics: Metrics) -> Commands:
    return CountedCommands(
        commands,
        on_step=lambda tenant, variant: metrics.steps.labels(tenant, variant).inc(),
        on_throttled=lambda tenant: metrics.throttled.labels(tenant).inc(),
    )
