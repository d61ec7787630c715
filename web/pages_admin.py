"""The tenant admin's pages: users and role grants (with Plt. periods), OPDs, and the SOP the
tenant runs (the official table, the swimlanes, switching to another variant, its own file).

Every route only translates; the admin-only rule is in the handlers."""

from __future__ import annotations

import base64
from datetime import date, datetime
from functools import partial
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain import formats
from domain.errors import AlurError, HandOverNeededError
from domain.people import PLATFORM_ROLES
from domain.sop import Variant
from projections.queries import SopSwitchView
from web import builders, htmx, inputs
from web.api import paging
from web.errors import status_of
from web.listing import LIST_ID, list_args, sort_shown, wants_list
from web.render import Page, page

# The platform's own roles, named as people say them (the SOP names its own, the requester's too).
PLATFORM_ROLE_NAMES = {"admin": ("Admin tenant", "Tenant admin"), "auditor": ("Auditor", "Auditor")}


def role_names(p: Page, variant: Variant) -> dict[str, str]:
    """Every role the admin may grant, id → name: the SOP's roles, then the platform's."""
    names = {role.id: role.name for role in variant.roles}
    for role in PLATFORM_ROLES:
        names.setdefault(role, PLATFORM_ROLE_NAMES[role][p.lang == "en"])
    return names


def users(p: Page, failed: str | None = None) -> Response:
    """The users a page at a time (searched, sorted), and the forms that name any of them;
    `failed`: the form whose refusal is shown beside its fields."""
    query = p.request.query_params
    args = list_args(query)
    found = p.t.queries.users(p.user, p.t.now, paging=paging(query), **args)
    view = p.t.queries.admin(p.user, p.t.now)
    names = role_names(p, view.variant)
    shown = {"rows": found.items, "found": found, "q": args["search"] or "", "names": names,
             "sorted": sort_shown(args["sort"], "username")}  # fmt: skip
    if wants_list(p.request):
        return p.render("admin_users.html", block=LIST_ID, **shown)
    return p.render("admin_users.html", users=view.users, roles=list(names.items()), opds=view.opds,
                    failed=failed, **shown)  # fmt: skip


def create_user(p: Page) -> Response:
    command = c.CreateUser(
        username=p.form.get("username", "").strip(),
        password=p.form.get("password", ""),
        roles=tuple(role for role in p.form_list("roles") if role),
        full_name=p.form.get("full_name", ""),
        nip=p.form.get("nip") or None,
        opd=p.form.get("opd") or None,
        email=p.form.get("email", ""),
    )
    made = p.t.commands.create_user(p.user, command)
    return p.done(f"{p.base}/admin/users", f"Pengguna {made.username} dibuat",
                  f"User {made.username} created")  # fmt: skip


def grant(p: Page) -> Response:
    command = builders.grant_role(p.form, p.t.zone, p.files)
    granted = p.t.commands.grant(p.user, command)
    role = _role_name(p, command.role)
    until = _until(p, command.valid_until)
    until_id = f", sampai {until[0]}" if until else ""
    until_en = f", until {until[1]}" if until else ""
    title = f"{granted.held_as} " if granted.acting else ""
    sk_id = f" (SK {granted.sk_number})" if granted.sk_number else ""
    return p.done(f"{p.base}/admin/users",
                  f"Peran {title}{role} diberikan kepada {command.username}{until_id}{sk_id}",
                  f"Role {title}{role} granted to {command.username}{until_en}{sk_id}")  # fmt: skip


def revoke(p: Page) -> Response:
    given = builders.hand_over(p.form, p.lists)
    command = c.RevokeRole(p.form.get("username", ""), p.form.get("role", ""), given)
    hidden = [("username", command.username), ("role", command.role)]
    try:
        p.t.commands.revoke(p.user, command)
    except AlurError as refused:
        action = f"{p.base}/admin/revocations"
        return _hand_over_page(p, refused, command.username, command.role, action, hidden)
    role = _role_name(p, command.role)
    return p.done(f"{p.base}/admin/users", f"Peran {role} dicabut dari {command.username}",
                  f"Role {role} revoked from {command.username}")  # fmt: skip


def _role_name(p: Page, role: str) -> str:
    return role_names(p, p.t.queries.sop(p.user)).get(role, role)


def user(p: Page, failed: str | None = None, link: Any = None) -> Response:
    """One user: correct the details, deactivate or reactivate, reset the password."""
    username = str(p.request.path_params["username"])
    found = p.t.queries.user(p.user, username, p.t.now)
    view = p.t.queries.admin(p.user, p.t.now)
    return p.render("admin_user.html", shown=found, opds=view.opds, names=role_names(p, view.variant),
                    failed=failed, link=link)  # fmt: skip


def _user_refused(form: str) -> Any:
    """The user's page again, the refusal beside the fields of the form that was sent."""
    return partial(user, failed=form)


def edit_user(p: Page) -> Response:
    username = str(p.request.path_params["username"])
    command = builders.edit_user(username, {name: p.form.get(name, "") for name in c.EDITABLE})
    p.t.commands.edit_user(p.user, command)
    return p.done(f"{p.base}/admin/users/{username}", f"Data {username} disimpan",
                  f"{username}'s details saved")  # fmt: skip


def set_active(p: Page) -> Response:
    username = str(p.request.path_params["username"])
    active = p.form.get("active") == "1"
    command = c.SetUserActive(username, active, builders.hand_over(p.form, p.lists))
    try:
        p.t.commands.set_active(p.user, command)
    except AlurError as refused:
        return _hand_over_page(p, refused, username, None, f"{p.base}/admin/users/{username}/status",
                               [("active", "0")])
    if active:
        return p.done(f"{p.base}/admin/users/{username}", f"{username} aktif kembali dan dapat masuk",
                      f"{username} is active again and can sign in")  # fmt: skip
    return p.done(f"{p.base}/admin/users/{username}",
                  f"{username} dinonaktifkan · sesinya diakhiri; riwayatnya tetap tersimpan",
                  f"{username} deactivated · their sessions ended; their history is kept")  # fmt: skip


def _hand_over_page(p: Page, refused: AlurError, username: str, role: str | None, action: str,
                    hidden: list[tuple[str, str]]) -> Response:  # fmt: skip
    """The list of the user's appointed open steps and whom to hand them to (409), or again with
    the hand-over's own refusal beside its field (422); any other refusal goes on as it was."""
    needed = refused if isinstance(refused, HandOverNeededError) else None
    if needed is None and p.form.get("hand_over") and refused.field in ("reason", "hand_to"):
        needed = p.t.commands.hand_over_needed(p.user, username, role)
    if needed is None:
        raise refused
    names = role_names(p, p.t.queries.sop(p.user)) if role else {}
    return p.render("admin_handover.html", status_code=status_of(refused), needed=needed, username=username,
                    role=role, role_name=names.get(role or "", role), action=action, hidden=hidden,
                    error=None if refused is needed else refused, chosen=p.form.get("hand_to", ""),
                    reason=p.form.get("reason", ""))  # fmt: skip


def reset_password(p: Page) -> Response:
    """The old password ends; the admin sees only the link to hand over, once."""
    username = str(p.request.path_params["username"])
    issued = p.t.commands.reset_password(p.user, c.ResetPassword(username))
    url = f"{str(p.request.base_url).rstrip('/')}{p.base}/password/{issued.token}"
    return user(p, link={"url": url, "expires_at": issued.expires_at})


def _until(p: Page, until: date | datetime | None) -> tuple[str, str] | None:
    """A grant's end as people read it (Indonesian, English): the date given, or the moment."""
    if until is None:
        return None
    if isinstance(until, datetime):
        return formats.moment(until, p.t.zone), formats.moment(until, p.t.zone, english=True)
    return formats.day(until), formats.day(until, english=True)


def opds(p: Page) -> Response:
    return p.render("admin_opds.html", opds=p.t.queries.admin(p.user, p.t.now).opds)


def create_opd(p: Page) -> Response:
    made = p.t.commands.create_opd(p.user, c.CreateOpd(p.form.get("code", ""), p.form.get("name", "")))
    return p.done(f"{p.base}/admin/opds", f"OPD {made.code} terdaftar", f"OPD {made.code} registered")


def sop(p: Page) -> Response:
    return _sop_page(p)


def _sop_page(p: Page, status_code: int = 200, **extra: Any) -> Response:
    view = p.t.queries.admin(p.user, p.t.now)
    lanes = [(role.id, role.name) for role in view.variant.roles]
    return p.render("admin_sop.html", status_code=status_code, variant=view.variant, lanes=lanes,
                    variants=view.choices, **extra)  # fmt: skip


def _sop_file(p: Page) -> tuple[str, str]:
    """The variant file's text and name: uploaded, or carried by the confirmation form."""
    if p.files:
        upload = p.files[0]
        data, name = upload.data, upload.name
    elif p.form.get("text_b64"):
        try:
            data = base64.b64decode(p.form["text_b64"].encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise inputs.invalid("file", "pilih berkas YAML lagi", "choose the YAML file again") from None
        name = p.form.get("filename") or "sop.yaml"
    else:
        raise inputs.invalid("file", "pilih berkas YAML", "choose a YAML file")
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError:
        raise inputs.invalid("file", "berkas harus teks UTF-8", "the file must be UTF-8 text") from None


def check_sop_file(p: Page) -> Response:
    """Validate an uploaded variant file (each problem with its line and path); to run it for
    new requests, confirm with a reason first, seeing who holds each of its roles."""
    text, name = _sop_file(p)
    use = bool(p.form.get("use"))
    if use and not p.form.get("confirmed"):
        checked = p.t.commands.check_sop_file(p.user, c.CheckSopFile(name, text))
        if checked.variant is None:
            return _sop_page(p, problems=list(checked.problems), status_code=422)
        return _confirm_sop(p, p.t.queries.sop_holders(p.user, checked.variant, p.t.now), text, name)
    command = c.CheckSopFile(name, text, use=use, reason=p.form.get("reason", ""))
    checked = p.t.commands.check_sop_file(p.user, command)
    if checked.variant is None:
        return _sop_page(p, problems=list(checked.problems), status_code=422)
    if use:
        return _sop_switched(p, checked.variant.id, checked.variant.version)
    return _sop_page(p, checked=checked.variant)


def sop_file_refused(p: Page) -> Response:
    """A refused run of the tenant's own file: the confirmation again (a reason missing, a
    version already used with other content), else the SOP page."""
    if p.form.get("confirmed") and p.form.get("text_b64"):
        text, name = _sop_file(p)
        checked = p.t.commands.check_sop_file(p.user, c.CheckSopFile(name, text))
        if checked.variant is not None:
            return _confirm_sop(p, p.t.queries.sop_holders(p.user, checked.variant, p.t.now), text, name)
    return sop(p)


def switch_sop_confirm(p: Page) -> Response:
    """Before switching SOP: what changes, the new SOP's roles nobody holds, and the reason."""
    if p.error is not None and p.error.field == "variant":
        return sop(p)
    variant_id = inputs.optional_text(p.request.query_params, "variant") or p.form.get("variant", "")
    view = p.t.queries.sop_switch(p.user, variant_id, p.t.now)
    if view.in_force and p.error is None:
        return p.done(f"{p.base}/admin/sop", f"SOP {view.new.id} versi {view.new.version} sudah berlaku",
                      f"SOP {view.new.id} version {view.new.version} is already in force")  # fmt: skip
    return _confirm_sop(p, view)


def _confirm_sop(p: Page, view: SopSwitchView, text: str | None = None, name: str = "") -> Response:
    if text is None:
        kind, action, hidden = "sop", f"{p.base}/admin/sop", [("variant", view.new.id)]
    else:
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        kind, action = "sop_file", f"{p.base}/admin/sop/file"
        hidden = [("use", "1"), ("filename", name), ("text_b64", encoded)]
    return p.render("confirm.html", block="confirm" if htmx.is_htmx(p.request) else None, kind=kind,
                    target="sop-switch", action=action, hidden=hidden, view=view, reason_field="reason",
                    reason=p.form.get("reason", ""), cancel=f"{p.base}/admin/sop")  # fmt: skip


def switch_sop(p: Page) -> Response:
    command = c.SwitchSop(inputs.optional_text(p.form, "variant") or "", p.form.get("reason", ""))
    chosen = p.t.commands.switch_sop(p.user, command)
    return _sop_switched(p, *chosen)


def _sop_switched(p: Page, variant_id: str, version: int) -> Response:
    return p.done(f"{p.base}/admin/sop",
                  f"SOP diganti · permohonan baru mengikuti {variant_id} versi {version}; alasan dicatat",
                  f"SOP switched · new requests follow {variant_id} version {version}; "
                  "reason recorded")  # fmt: skip


ROUTES: list[BaseRoute] = [
    Route("/admin/users", page(users)),
    Route("/admin/users", page(create_user, fallback=partial(users, failed="create")), methods=["POST"]),
    Route("/admin/grants", page(grant, fallback=partial(users, failed="grant")), methods=["POST"]),
    Route("/admin/revocations", page(revoke, fallback=partial(users, failed="revoke")), methods=["POST"]),
    Route("/admin/users/{username}", page(user)),
    Route("/admin/users/{username}", page(edit_user, fallback=_user_refused("edit")), methods=["POST"]),
    Route("/admin/users/{username}/status", page(set_active, fallback=_user_refused("status")),
          methods=["POST"]),
    Route("/admin/users/{username}/password-reset", page(reset_password, fallback=_user_refused("reset")),
          methods=["POST"]),
    Route("/admin/opds", page(opds)),
    Route("/admin/opds", page(create_opd, fallback=opds), methods=["POST"]),
    Route("/admin/sop", page(sop)),
    Route("/admin/sop/switch", page(switch_sop_confirm)),
    Route("/admin/sop", page(switch_sop, fallback=switch_sop_confirm), methods=["POST"]),
    Route("/admin/sop/file", page(check_sop_file, fallback=sop_file_refused), methods=["POST"]),
]
