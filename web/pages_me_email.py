"""One's own email address (`/me/email`, a section of the user's own page) and the public page
a confirmation link opens (`/email/{token}`).

A new address is unconfirmed, and gets no mail but the link, until the link is followed. The
link's token is its only credential (only its hash is kept, it works once and expires), so it
also stands in for a CSRF token; the path parameter is named `token` so no log line shows it
(web/metrics.py). Opening the link shows a button: confirming is a POST, so a mail scanner that
fetches links confirms nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain.errors import AlurError
from domain.handlers.mail import expired_email_link
from web import builders
from web.context import tenancy
from web.errors import status_of
from web.fairness import run_in_turn
from web.render import Page, page, public_page, read_form, with_lang


def me_email(p: Page) -> Response:
    return p.render("me_email.html", shown=p.t.queries.my_user(p.user, p.t.now))


def set_my_email(p: Page) -> Response:
    command = builders.set_email(p.user.username, {"email": p.form.get("email", ""), "lang": p.lang})
    shown = p.t.commands.set_email(p.user, command)
    if not shown.email:
        return p.done(f"{p.base}/me/email", "Email Anda dihapus", "Your email was removed")
    return p.done(f"{p.base}/me/email",
                  f"Tautan konfirmasi dikirim ke {shown.email}; buka tautan itu untuk mengonfirmasi",
                  f"A confirmation link was sent to {shown.email}; open it to confirm")  # fmt: skip


async def confirm(request: Request) -> Response:
    if request.method == "POST":
        await read_form(request)
    token = str(request.path_params["token"])

    def work() -> Response:
        t = tenancy(request)
        context: dict[str, Any] = {"tenant": t.tenant, "token": token}
        try:
            if request.method == "GET":
                found = t.queries.email_link(token)
                if found is None:
                    raise expired_email_link()
                return _page(request, {**context, "username": found[0], "email": found[1]})
            shown = t.commands.confirm_email(c.ConfirmEmail(token))
        except AlurError as error:
            return _page(request, {**context, "error": error, "expired": True}, status_of(error))
        return _page(request, {**context, "username": shown.username, "email": shown.email, "done": True})

    return with_lang(request, await run_in_turn(request, work))


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    return public_page("email_confirm.html", request, status=status, **context)


ROUTES: list[BaseRoute] = [
    Route("/me/email", page(me_email)),
    Route("/me/email", page(set_my_email, fallback=me_email), methods=["POST"]),
    Route("/email/{token}", confirm, methods=["GET", "POST"]),
]
