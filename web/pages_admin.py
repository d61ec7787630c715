"""The tenant admin's pages: users and role grants (with Plt. periods), OPDs, and the SOP the
tenant runs (the official table, the swimlanes, switching to another variant)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from adapters.passwords import hash_password
from domain.people import PLATFORM_ROLES
from tenants.catalogue import available_variant_ids
from tenants.sopfile import VariantFileError, parse_variant
from web import htmx, inputs
from web.errors import Forbidden
from web.render import Page, page


def _admin(p: Page) -> None:
    if not p.user.is_admin:
        raise Forbidden("hanya admin tenant", "tenant admins only")


def _sop(p: Page) -> tuple[str, int]:
    return p.t.tenant.variant_id, p.t.tenant.variant_version


def users(p: Page) -> Response:
    _admin(p)
    variant = p.t.current_variant()
    roles = [(role.id, role.name) for role in variant.roles] + [(r, r) for r in PLATFORM_ROLES if r != "opd"]
    return p.render("admin_users.html", users=p.t.service.users(p.t.now), roles=roles,
                    opds=p.t.service.opds())  # fmt: skip


def create_user(p: Page) -> Response:
    _admin(p)
    roles = p.form_list("roles")
    p.t.service.create_user(
        p.form.get("username", "").strip(),
        p.form.get("password", ""),
        hash_password=hash_password,
        roles=[role for role in roles if role],
        sop=_sop(p),
        actor=p.user.username,
        full_name=p.form.get("full_name", ""),
        nip=p.form.get("nip") or None,
        opd=p.form.get("opd") or None,
    )
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def grant(p: Page) -> Response:
    _admin(p)
    zone = ZoneInfo(p.t.tenant.timezone)
    p.t.service.grant_role(
        p.form.get("username", ""),
        p.form.get("role", ""),
        sop=_sop(p),
        actor=p.user.username,
        valid_from=inputs.moment(p.form, "valid_from", zone),
        valid_until=inputs.moment(p.form, "valid_until", zone, end_of_day=True),
        acting=p.form.get("acting") == "on",
    )
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def revoke(p: Page) -> Response:
    _admin(p)
    p.t.service.revoke_role(p.form.get("username", ""), p.form.get("role", ""), actor=p.user.username)
    return htmx.redirect(p.request, f"{p.base}/admin/users")


def opds(p: Page) -> Response:
    _admin(p)
    return p.render("admin_opds.html", opds=p.t.service.opds())


def create_opd(p: Page) -> Response:
    _admin(p)
    p.t.service.create_opd(p.form.get("code", ""), p.form.get("name", ""), actor=p.user.username)
    return htmx.redirect(p.request, f"{p.base}/admin/opds")


def sop(p: Page) -> Response:
    return _sop_page(p)


def _sop_page(p: Page, status_code: int = 200, **extra: Any) -> Response:
    _admin(p)
    variant = p.t.current_variant()
    lanes = [(role.id, role.name) for role in variant.roles]
    return p.render("admin_sop.html", status_code=status_code, variant=variant, lanes=lanes,
                    variants=available_variant_ids(), **extra)  # fmt: skip


def check_sop_file(p: Page) -> Response:
    """Validate an uploaded variant file (each problem with its line and path); run it if asked."""
    _admin(p)
    if not p.files:
        raise inputs.invalid("file", "pilih berkas YAML", "choose a YAML file")
    name, data = p.files[0]
    try:
        loaded = parse_variant(data.decode("utf-8"), filename=name)
    except UnicodeDecodeError:
        raise inputs.invalid("file", "berkas harus teks UTF-8", "the file must be UTF-8 text") from None
    except VariantFileError as error:
        return _sop_page(p, problems=[str(problem) for problem in error.errors], status_code=422)
    if p.form.get("use"):
        p.t.web.platform.set_own_sop(p.t.tenant.slug, loaded, actor=p.user.username)
        p.t.web.tenants.forget(p.t.tenant.slug)
        return htmx.redirect(p.request, f"{p.base}/admin/sop")
    return _sop_page(p, checked=loaded.variant)


def switch_sop(p: Page) -> Response:
    _admin(p)
    choice = inputs.one_of(p.form, "variant", tuple(available_variant_ids()))
    if choice is None:
        raise inputs.invalid("variant", "pilih varian", "choose a variant")
    p.t.web.platform.set_sop(p.t.tenant.slug, choice, actor=p.user.username)
    p.t.web.tenants.forget(p.t.tenant.slug)
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
