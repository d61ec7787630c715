"""The tenant admin's pages: users and role grants (with Plt. periods), OPDs, and the SOP the
tenant runs (the official table, the swimlanes, switching to another variant, its own file).

Every route only translates; the admin-only rule is in the handlers."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain.people import PLATFORM_ROLES
from web import htmx, inputs
from web.api import paging
from web.listing import LIST_ID, list_args, sort_shown, wants_list
from web.render import Page, page


def users(p: Page) -> Response:
    """The users a page at a time (searched, sorted), and the forms that name any of them."""
    query = p.request.query_params
    args = list_args(query)
    found = p.t.queries.users(p.user, p.t.now, paging=paging(query), **args)
    shown = {"rows": found.items, "found": found, "q": args["search"] or "",
             "sorted": sort_shown(args["sort"], "username")}  # fmt: skip
    if wants_list(p.request):
        return p.render("admin_users.html", block=LIST_ID, **shown)
    view = p.t.queries.admin(p.user, p.t.now)
    roles = [(role.id, role.name) for role in view.variant.roles] + [
        (r, r) for r in PLATFORM_ROLES if r != "opd"
    ]
    return p.render("admin_users.html", users=view.users, roles=roles, opds=view.opds, **shown)


def create_user(p: Page) -> Response:
    command = c.CreateUser(
        username=p.form.get("username", "").strip(),
        password=p.form.get("password", ""),
        roles=tuple(role for role in p.form_list("roles") if role),
        full_name=p.form.get("full_name", ""),
        nip=p.form.get("nip") or None,
        opd=p.form.get("opd") or None,
    )
    p.t.commands.create_user(p.user, command)
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def grant(p: Page) -> Response:
    command = c.GrantRole(
        username=p.form.get("username", ""),
        role=p.form.get("role", ""),
        valid_from=inputs.moment(p.form, "valid_from", p.t.zone),
        valid_until=inputs.moment(p.form, "valid_until", p.t.zone, end_of_day=True),
        acting=p.form.get("acting") == "on",
    )
    p.t.commands.grant(p.user, command)
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def revoke(p: Page) -> Response:
    p.t.commands.revoke(p.user, c.RevokeRole(p.form.get("username", ""), p.form.get("role", "")))
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def opds(p: Page) -> Response:
    return p.render("admin_opds.html", opds=p.t.queries.admin(p.user, p.t.now).opds)


def create_opd(p: Page) -> Response:
    p.t.commands.create_opd(p.user, c.CreateOpd(p.form.get("code", ""), p.form.get("name", "")))
    return htmx.redirect(p.request, f"{p.base}/admin/opds")


def sop(p: Page) -> Response:
    return _sop_page(p)


def _sop_page(p: Page, status_code: int = 200, **extra: Any) -> Response:
    view = p.t.queries.admin(p.user, p.t.now)
    lanes = [(role.id, role.name) for role in view.variant.roles]
    return p.render("admin_sop.html", status_code=status_code, variant=view.variant, lanes=lanes,
                    variants=view.choices, **extra)  # fmt: skip


def check_sop_file(p: Page) -> Response:
    """Validate an uploaded variant file (each problem with its line and path); run it if asked."""
    if not p.files:
        raise inputs.invalid("file", "pilih berkas YAML", "choose a YAML file")
    upload = p.files[0]
    try:
        text = upload.data.decode("utf-8")
    except UnicodeDecodeError:
        raise inputs.invalid("file", "berkas harus teks UTF-8", "the file must be UTF-8 text") from None
    checked = p.t.commands.check_sop_file(
        p.user, c.CheckSopFile(upload.name, text, use=bool(p.form.get("use")))
    )
    if checked.variant is None:
        return _sop_page(p, problems=list(checked.problems), status_code=422)
    if p.form.get("use"):
        return htmx.redirect(p.request, f"{p.base}/admin/sop")
    return _sop_page(p, checked=checked.variant)


def switch_sop(p: Page) -> Response:
    p.t.commands.switch_sop(p.user, c.SwitchSop(inputs.optional_text(p.form, "variant") or ""))
    return htmx.redirect(p.request, f"{p.base}/admin/sop")


ROUTES: list[BaseRoute] = [
    Route("/admin/users", page(users)),
    Route("/admin/users", page(create_user, fallback=users), methods=["POST"]),
    Route("/admin/grants", page(grant, fallback=users), methods=["POST"]),
    Route("/admin/revocations", page(revoke, fallback=users), methods=["POST"]),
    Route("/admin/opds", page(opds)),
    Route("/admin/opds", page(create_opd, fallback=opds), methods=["POST"]),
    Route("/admin/sop", page(sop)),
    Route("/admin/sop", page(switch_sop, fallback=sop), methods=["POST"]),
    Route("/admin/sop/file", page(check_sop_file, fallback=sop), methods=["POST"]),
]
