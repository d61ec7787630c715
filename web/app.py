"""The web service: one Starlette app over the platform its caller built.

Nothing is built at import time, and nothing of the composition root is imported here:
`create_app` is given the platform (stores, tenants, each tenant's handlers) by its caller, so
tests, `alur serve` (adapters/composition.py `web_app`) and the demo each decide where the data
lives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from adapters.config import Network
from adapters.layouts import Graph, Layouts, LayoutStore
from adapters.logging import log
from adapters.turns import turn
from domain.errors import AlurError
from projections.queries.requests import made_entries
from tenants.model import MAIN_DATABASE
from web import (
    absences,
    api,
    assets,
    health,
    listing,
    metrics,
    pages,
    pages_admin,
    pages_audit,
    pages_calendar,
    pages_chain,
    pages_comments,
    pages_letterhead,
    pages_mail,
    pages_me,
    pages_me_email,
    pages_me_password,
    pages_naskah,
    pages_office,
    pages_password,
    pages_viewer,
)
from web.charts import sla as sla_charts
from web.charts.flowchart import (
    Fragments,
    chart_ready,
    end_name,
    flow_targets,
    flowchart_or_nothing,
    graph,
    prepare,
)
from web.context import WebState
from web.door import Door
from web.errors import http_error, json_error, status_of
from web.fairness import FairGate, InFlight
from web.i18n import install as install_i18n
from web.metrics import Metrics, Observe, counted
from web.render import public_page
from web.security import SecurityHeaders

if TYPE_CHECKING:
    from adapters.composition import Platform

HERE = Path(__file__).parent


def create_app(
    platform: Platform,
    *,
    close_platform: bool = False,
    slots: int | None = None,
    patience: float = 20.0,
    budget: float | None = None,
    trusted_proxies: Sequence[Network] | None = None,
) -> Starlette:
    """The whole web service; `close_platform` closes the platform when the app shuts down.

    `slots`: how many tenant requests work at once in this process (default: the settings'
    `web_slots`), taken in fair turns between tenants (`web/fairness.py`); `budget` (default the
    settings' `web_budget`): seconds a request holds its slot before giving it back. `trusted_proxies`
    (default: the settings' ALUR_TRUSTED_PROXIES): whose X-Forwarded-* headers count.
    """
    jinja = Environment(loader=PackageLoader("web", "templates"), autoescape=select_autoescape())
    install_i18n(jinja)
    listing.install(jinja)
    layouts = Layouts(LayoutStore(platform.settings, lambda: platform.services.pool_for(MAIN_DATABASE)),
                      assets.modules_dir())  # fmt: skip
    platform.on_adopt.append(lambda variant: prepare(layouts, variant))
    jinja.globals["flowchart"] = lambda *a, **kw: Markup(flowchart_or_nothing(layouts, *a, **kw))
    jinja.globals["chart_ready"] = lambda variant, english=False: chart_ready(layouts, variant, english)
    jinja.globals["cached"] = Fragments()
    jinja.globals["flow_targets"] = flow_targets
    jinja.globals["end_name"] = end_name
    jinja.globals["made_entries"] = made_entries  # the documents a request's steps give it
    jinja.globals["turn"] = turn  # in a long loop of a page: a checkpoint (adapters/turns.py)
    sla_charts.install(jinja)
    probe = health.Probe(platform)
    measured = Metrics(probe)
    state = WebState(platform=platform, jinja=jinja, instrument=lambda commands: counted(commands, measured))
    proxies = platform.settings.trusted_proxies if trusted_proxies is None else trusted_proxies

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        platform.listen()  # other processes' tenant changes reach this one as they happen
        layouts.warm(lambda: _every_sop(platform))
        stop_mail = platform.start_mail_sender()  # the outbox's sender, in the embedded default
        yield
        if stop_mail is not None:
            stop_mail()
        if close_platform:
            platform.close()

    app = Starlette(
        routes=[
            Route("/", home),
            *health.ROUTES,
            *metrics.ROUTES,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
            Route("/assets/{name:path}", assets.serve),
            Mount(
                "/t/{tenant}",
                routes=[
                    Mount("/api/v1", routes=[*api.ROUTES, *absences.API_ROUTES]),
                    *pages.ROUTES,
                    *pages_audit.ROUTES,
                    *pages_admin.ROUTES,
                    *pages_calendar.ROUTES,
                    *pages_chain.ROUTES,
                    *pages_naskah.ROUTES,
                    *pages_letterhead.ROUTES,
                    *pages_office.ROUTES,
                    *pages_password.ROUTES,
                    *pages_mail.ROUTES,
                    *pages_me_email.ROUTES,
                    *pages_me_password.ROUTES,
                    *pages_viewer.ROUTES,
                    *pages_me.ROUTES,
                    *absences.ROUTES,
                    *pages_comments.ROUTES,
                ],
            ),
        ],
        exception_handlers={AlurError: alur_error, HTTPException: starlette_error},
        middleware=[
            Middleware(InFlight),  # each tenant's requests in flight, for turns at the interpreter
            Middleware(Observe, metrics=measured),  # times and logs every answer, the door's included
            Middleware(SecurityHeaders),  # on every answer, the door's own included
            Middleware(Door, trusted_proxies=proxies),
        ],
        lifespan=lifespan,
    )
    app.state.web = state
    app.state.layouts = layouts
    app.state.probe = probe
    app.state.metrics = measured
    app.state.gate = FairGate(slots or platform.settings.web_slots)
    app.state.patience = patience
    app.state.budget = budget or platform.settings.web_budget  # seconds a request holds its slot
    app.state.trusted_proxies = tuple(proxies)  # who may read /readyz's details besides loopback
    return app


def _every_sop(platform: Platform) -> Iterator[Graph]:
    """The charts of every tenant's current SOP, both languages (stores from before layouts
    were recorded, a process that stopped mid-layout): warmed in the background at start.

    One read per SOP version, not per tenant: most tenants run one of a few built-in versions,
    and a platform of hundreds of tenants read every one's at each process start. A tenant whose
    own file reuses another's id and version with other text (refused within one store, not
    across stores) has its chart laid out at its first view instead."""
    seen: set[tuple[str, int]] = set()
    for tenant in platform.tenants():
        if (tenant.variant_id, tenant.variant_version) in seen:
            continue
        seen.add((tenant.variant_id, tenant.variant_version))
        try:  # the SOP version's one row, read through the tenant's projector: no desk (and none
            # of a desk's set-up) for each tenant at every start
            projector = platform.services.projector(tenant)
            variant = projector.known_variant(tenant.variant_id, tenant.variant_version)
            if variant is None:
                with projector.db.transaction(write=False) as tx:
                    variant = projector.variant(tx, tenant.variant_id, tenant.variant_version)
        except Exception as error:  # a tenant being moved, its store away: its page lays it out later
            log.warning("flowchart_not_prepared", tenant=tenant.slug, error=str(error))
            continue
        yield graph(variant, False)
        yield graph(variant, True)


async def home(request: Request) -> Response:
    """The platform's front page: each Diskominfo on it, linking to its sign-in."""
    web: WebState = request.app.state.web
    tenants = await run_in_threadpool(web.platform.tenants)
    return public_page("home.html", request, tenants=sorted(tenants, key=lambda t: t.name), tenant=None)


def wants_json(request: Request) -> bool:
    return "/api/" in request.url.path or "application/json" in request.headers.get("accept", "")


async def alur_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AlurError)
    if wants_json(request):
        return json_error(exc)
    status = status_of(exc)
    context = await run_in_threadpool(pages.error_context, request, status)
    answer = pages.error_page(request, exc, status, **context)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:  # overloaded, a tenant being moved, a throttle: say when to come back
        answer.headers["Retry-After"] = str(retry_after)
    return answer


async def starlette_error(request: Request, exc: Exception) -> Response:
    answer = await alur_error(request, http_error(exc))
    allow = getattr(exc, "headers", None) or {}
    if "Allow" in allow:  # a 405 says which methods the URL takes
        answer.headers["Allow"] = allow["Allow"]
    return answer
