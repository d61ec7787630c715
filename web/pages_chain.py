"""The tenant's signed chain head, public: `/t/{tenant}/rantai` (HTML, or JSON with
`?format=json`). What a tenant publishes (on its website, in a letter to the Inspektorat) so that
any later export of its trail can be shown to extend it (`alur audit verify`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from web.context import tenancy
from web.fairness import run_in_turn
from web.render import public_page, with_lang


async def chain_head(request: Request) -> Response:
    def work() -> Response:
        t = tenancy(request)
        head, published = t.queries.signed_head(t.now)
        if request.query_params.get("format") == "json":
            signed = {"signature": head.signature, "public_key": head.public_key, "published": published}
            return JSONResponse({**head.statement(), **signed})
        return public_page("chain_head.html", request, tenant=t.tenant, head=head, published=published)

    return with_lang(request, await run_in_turn(request, work))


ROUTES: list[BaseRoute] = [Route("/rantai", chain_head)]
