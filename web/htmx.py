"""The little htmx needs from the server: is this an htmx request, and its redirect header."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def target(request: Request) -> str | None:
    """The id of the element an htmx request will swap (None for a plain request)."""
    return request.headers.get("hx-target") if is_htmx(request) else None


def redirect(request: Request, url: str) -> Response:
    """After a POST: a 303 for a plain form, an `HX-Redirect` for htmx (which follows it itself)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
