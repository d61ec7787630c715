"""The public set-password page a reset link opens: `/t/{tenant}/password/{token}`.

Nobody is signed in here; the token in the path is the only credential (only its hash is kept,
it works once and expires), so it also stands in for a CSRF token. The user chooses the password:
the admin who handed the link over never sees it. Every tenant page is `no-store` and
`Referrer-Policy: same-origin` (web/security.py), so the token leaves for no other site.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain.errors import AlurError
from domain.handlers import expired_link
from web.context import tenancy
from web.errors import status_of
from web.fairness import run_in_turn
from web.render import public_page, read_form, with_lang


async def set_password(request: Request) -> Response:
    form = (await read_form(request))[0] if request.method == "POST" else {}
    token = str(request.path_params["token"])

    def work() -> Response:
        t = tenancy(request)
        context: dict[str, Any] = {"tenant": t.tenant, "token": token}
        try:
            if request.method == "GET":
                username = t.queries.password_link(token)
                if username is None:
                    raise expired_link()
                return _page(request, {**context, "username": username})
            command = c.SetPassword(token, form.get("password", ""), form.get("confirm", ""))
            username = t.commands.set_password(command)
        except AlurError as error:
            username = t.queries.password_link(token) if error.field in ("password", "confirm") else None
            shown = {**context, "error": error, "expired": username is None, "username": username}
            return _page(request, shown, status_of(error))
        return _page(request, {**context, "username": username, "done": True})

    return with_lang(request, await run_in_turn(request, work))


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    return public_page("password.html", request, status=status, **context)


ROUTES: list[BaseRoute] = [Route("/password/{token}", set_password, methods=["GET", "POST"])]
