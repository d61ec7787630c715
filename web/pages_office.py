"""The office overview: every open request of the tenant, for its leaders and admins.

The route only translates; who may see it and what it shows are decided by the query handler.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from web.api import paging
from web.listing import LIST_ID, office_filters, sort_shown, wants_list
from web.render import Page, page


def overview(p: Page) -> Response:
    """Filtered by role, OPD, overdue and a search, sorted by a column, overdue first by default."""
    query = p.request.query_params
    filters = office_filters(query)
    office = p.t.queries.overview(p.user, p.t.now, paging=paging(query), **filters)
    return p.render("overview.html", block=LIST_ID if wants_list(p.request) else None, office=office,
                    found=office.found, items=office.found.items, q=filters["search"] or "",
                    sorted=sort_shown(filters["sort"], "due"), role=filters["role"], opd=filters["opd"],
                    overdue=filters["overdue"])  # fmt: skip


ROUTES: list[BaseRoute] = [Route("/overview", page(overview))]
