"""One's own password (`/me/password`, a section of the user's own page).

The route only translates: the same handler as `POST /me/password` in the JSON API
(domain/handlers/people.py `change_own_password`), given the session the page was opened in,
which stays signed in while the user's other sessions and API tokens end.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from web import builders
from web.context import client_address
from web.render import Page, page


def me_password(p: Page) -> Response:
    return p.render("me_password.html")


def change_my_password(p: Page) -> Response:
    command = builders.change_own_password(p.form, client_address(p.request))
    p.t.commands.change_own_password(p.user, p.session, command)
    return p.done(
        f"{p.base}/me/password",
        "Kata sandi Anda diganti; sesi Anda di perangkat lain sudah diakhiri",
        "Your password was changed; your sessions on other devices were ended",
    )


ROUTES: list[BaseRoute] = [
    Route("/me/password", page(me_password)),
    Route("/me/password", page(change_my_password, fallback=me_password), methods=["POST"]),
]
