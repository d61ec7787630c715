"""HTML pages (filled in by the page modules); here only the shared error page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute

from domain.errors import AlurError
from web.context import state_of
from web.i18n import lang_of

ROUTES: list[BaseRoute] = []


def error_page(request: Request, error: AlurError, status: int) -> Response:
    lang = lang_of(request)
    html = (
        state_of(request)
        .jinja.get_template("error.html")
        .render(lang=lang, error=error, status=status, tenant=request.path_params.get("tenant"), user=None)
    )
    return HTMLResponse(html, status_code=status)
