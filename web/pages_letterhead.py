"""The kop surat of the documents the service makes (admins): its lines, its logo, the reason
for each change. Routes only translate; the rules are the handler's (domain/handlers/calendar.py)."""

from __future__ import annotations

from functools import partial

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain.naskah import Letterhead
from domain.stalled import LETTERHEAD_FIELDS
from web import builders
from web.render import Page, document_response, page


def letterhead(p: Page, failed: str | None = None) -> Response:
    p.user.require_admin()
    setting = p.t.queries.letterhead(p.user)
    default = Letterhead.default(p.t.tenant.name, p.t.tenant.region)
    shown = setting or default
    return p.render(
        "admin_letterhead.html",
        setting=setting,
        shown=shown,
        failed=failed,
        limits={name: most for name, (most, *_) in LETTERHEAD_FIELDS.items()},
    )


def set_letterhead(p: Page) -> Response:
    p.t.commands.set_letterhead(p.user, builders.set_letterhead(p.form, p.files))
    return p.done(
        f"{p.base}/admin/kop-surat",
        "Kop surat disimpan; dokumen yang dibuat sesudah ini memakainya",
        "Letterhead saved; documents made from now on carry it",
    )


def logo(p: Page) -> Response:
    p.user.require_admin()
    record, content = p.t.queries.letterhead_logo(p.user)
    return document_response({**record, "name": "logo"}, content)


ROUTES: list[BaseRoute] = [
    Route("/admin/kop-surat", page(letterhead)),
    Route(
        "/admin/kop-surat",
        page(set_letterhead, fallback=partial(letterhead, failed="letterhead")),
        methods=["POST"],
    ),
    Route("/admin/kop-surat/logo", page(logo)),
]
