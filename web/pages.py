"""The pages of sign-in, requests, the request timeline with its action form, and the inbox.

Every route only translates: parse the form or query, call one handler of the application
layer, render. Plain forms post and redirect; htmx posts get the swapped fragment back.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain.errors import AlurError
from domain.request import STATUSES
from domain.sop import Variant
from projections.queries import Paging, RequestPage
from web import htmx, inputs
from web.api import paging
from web.context import COOKIE, client_address, page_user, tenancy
from web.errors import CsrfError, status_of
from web.fairness import run_in_turn
from web.listing import LIST_ID, list_args, sort_shown, wants_list
from web.render import Page, page, public_page, read_form, same_secret, with_lang
from web.timeline import timeline

PRE_CSRF = "alur_signin_csrf"


def error_page(request: Request, error: AlurError, status: int) -> Response:
    return public_page("error.html", request, status=status, error=error,
                       tenant_slug=request.path_params.get("tenant"))  # fmt: skip


# -- sign in / out ---------------------------------------------------------------------------


async def sign_in(request: Request) -> Response:
    """Username and password; a wrong one never says whether the user exists."""
    form = (await read_form(request))[0] if request.method == "POST" else {}
    slug = str(request.path_params["tenant"])
    next_url = safe_next(request.query_params.get("next") or form.get("next"), slug)

    def work() -> Response:
        t = tenancy(request)
        token = request.cookies.get(PRE_CSRF) or secrets.token_urlsafe(16)
        context = {"tenant": t.tenant, "next": next_url, "csrf": token, "username": form.get("username", "")}
        if request.method == "GET":
            return _signin_page(request, token, context)
        try:
            if not same_secret(form.get("csrf"), request.cookies.get(PRE_CSRF, "")):
                raise CsrfError("formulir kedaluwarsa; coba lagi", "the form expired; try again")
            command = c.SignIn(
                form.get("username", ""), form.get("password", ""), client_address(request), "web"
            )
            signed = t.commands.sign_in(command)
        except AlurError as error:
            return _signin_page(request, token, {**context, "error": error}, status_of(error))
        answer = RedirectResponse(next_url, status_code=303)
        answer.set_cookie(COOKIE, signed.token, httponly=True, samesite="lax", path=f"/t/{slug}",
                          secure=request.url.scheme == "https")  # fmt: skip
        answer.delete_cookie(PRE_CSRF, path=f"/t/{slug}")
        return answer

    return with_lang(request, await run_in_turn(request, work))


def _signin_page(request: Request, token: str, context: dict[str, Any], status: int = 200) -> Response:
    answer = public_page("signin.html", request, status=status, **context)
    retry_after = getattr(context.get("error"), "retry_after", None)
    if retry_after is not None:  # a throttled sign-in says when to try again
        answer.headers["Retry-After"] = str(retry_after)
    slug = context["tenant"].slug
    answer.set_cookie(PRE_CSRF, token, httponly=True, samesite="lax", path=f"/t/{slug}",
                      secure=request.url.scheme == "https")  # fmt: skip
    return answer


def safe_next(target: str | None, slug: str) -> str:
    """Only a path inside this tenant: never an open redirect."""
    prefix = f"/t/{slug}/"
    if target and target.startswith(prefix) and "//" not in target and "\\" not in target:
        return target
    return prefix


async def sign_out(request: Request) -> Response:
    """The session ends on the server whatever the form carries (CSRF included): signing out
    is what an attacker could only do to the user's benefit, and a stolen cookie dies with it."""

    def work() -> Response:
        t = tenancy(request)
        found = page_user(request, t)
        if found is not None:  # revoked whatever the form says: a signed-out cookie never works again
            t.commands.sign_out(found[1])
        answer = RedirectResponse(f"/t/{t.tenant.slug}/signin", status_code=303)
        answer.delete_cookie(COOKIE, path=f"/t/{t.tenant.slug}")
        return answer

    return await run_in_turn(request, work)


def home(p: Page) -> Response:
    if p.user.opd_only:
        return RedirectResponse(f"{p.base}/requests", status_code=303)
    return RedirectResponse(f"{p.base}/inbox", status_code=303)


# -- requests -------------------------------------------------------------------------------


def requests_list(p: Page) -> Response:
    """The tenant's requests (an OPD user: its own OPD's), with who holds each and until when:
    searched, sorted and paged as the query string says (htmx: the list alone)."""
    query = p.request.query_params
    status = inputs.one_of(query, "status", STATUSES)
    overdue = inputs.boolean(query, "overdue") or None
    args = list_args(query)
    found = p.t.queries.requests(
        p.user, p.t.now, status=status, overdue=overdue, paging=paging(query), **args
    )
    variants = {
        key: p.t.queries.variant(*key) for key in {(r.variant_id, r.variant_version) for r in found.items}
    }
    role_names = {r.id: variants[(r.variant_id, r.variant_version)].role_name(r.active_role)
                  for r in found.items if r.active_role}  # fmt: skip
    standards = {r.id: _standard(variants[(r.variant_id, r.variant_version)], r.active_step)
                 for r in found.items if r.active_step is not None}  # fmt: skip
    return p.render("requests.html", block=LIST_ID if wants_list(p.request) else None, rows=found.items,
                    found=found, status=status, statuses=STATUSES, overdue=overdue, role_names=role_names,
                    standards=standards,
                    q=args["search"] or "", sorted=sort_shown(args["sort"], "-submitted"))  # fmt: skip


def _standard(variant: Variant, number: int) -> str | None:
    """A step's Waktu as printed (None: the SOP gives none), to say why it has no due time."""
    standard = variant.step(number).time_standard
    return standard.text if standard else None


def new_request_form(p: Page) -> Response:
    return p.render("request_new.html", opds=p.t.queries.opds(p.user))


def submit(p: Page) -> Response:
    f = p.form
    details = [("Proses bisnis", "business_process"), ("Masukan yang diinginkan", "inputs"),
               ("Keluaran yang diinginkan", "outputs")]  # fmt: skip
    note = "\n".join(f"{label}: {f[key].strip()}" for label, key in details if f.get(key, "").strip())
    command = c.SubmitRequest(
        title=f.get("title", ""),
        purpose=f.get("purpose", ""),
        letter_number=f.get("letter_number", ""),
        letter_date=f.get("letter_date", ""),
        opd=f.get("opd") or None,
        note=note,
        letter=p.files[0] if p.files else None,
    )
    done = p.t.commands.submit(p.user, command)
    return htmx.redirect(p.request, f"{p.base}/requests/{done.id}")


def request_page(p: Page) -> Response:
    return _request_page(p, p.t.queries.request(p.user, p.request.path_params["id"], p.t.now))


def _request_page(p: Page, shown: RequestPage, block: str | None = None) -> Response:
    """The whole page, or (htmx) only its panel with the inbox count and status swapped too."""
    found, variant = shown.detail, shown.variant
    line = timeline(found, variant, p.t.queries.calendar, p.t.now)
    assignable = (
        p.t.queries.assignable(p.user, variant, p.t.now)
        if shown.may_act and line.active is not None and line.active.step.assigns
        else []
    )
    return p.render("request.html", block=block, r=found, variant=variant, line=line, may_act=shown.may_act,
                    may_withdraw=shown.may_withdraw, assignable=assignable,
                    oob=block is not None)  # fmt: skip


def act(p: Page) -> Response:
    command = c.CompleteStep(
        request_id=p.request.path_params["id"],
        step=int(p.request.path_params["number"]),
        decision=inputs.optional_text(p.form, "decision"),
        note=p.form.get("note", ""),
        assignee=inputs.optional_text(p.form, "assignee"),
        deadline=inputs.moment(p.form, "deadline", p.t.zone, end_of_day=True),
        documents=tuple(p.files),
        expected_version=inputs.integer(p.form, "expected_version"),
    )
    done = p.t.commands.act(p.user, command)
    if htmx.is_htmx(p.request):
        return _request_page(p, p.t.queries.view(p.user, done), block="panel")
    return RedirectResponse(f"{p.base}/requests/{done.id}", status_code=303)


def act_refused(p: Page) -> Response:
    """The request page again with the refusal; for htmx only the panel."""
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    return _request_page(p, shown, block="panel" if htmx.is_htmx(p.request) else None)


def withdraw(p: Page) -> Response:
    command = c.WithdrawRequest(p.request.path_params["id"], p.form.get("note", ""),
                                inputs.integer(p.form, "expected_version"))  # fmt: skip
    done = p.t.commands.withdraw(p.user, command)
    return htmx.redirect(p.request, f"{p.base}/requests/{done.id}")


def download(p: Page) -> Response:
    """A document of a request, only for those who may see the request."""
    record, content = p.t.queries.document(
        p.user, p.request.path_params["id"], str(p.request.path_params["sha"])
    )
    name = str(record.get("name", record["sha256"])).split(": ")[-1]
    return Response(content, media_type=str(record.get("content_type")),
                    headers={"Content-Disposition": _attachment(name)})  # fmt: skip


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


def inbox(p: Page) -> Response:
    """The steps waiting on the user, with how long each has waited and how long is left; for
    those who see the whole office, what is overdue there too (so an empty inbox is not all)."""
    query = p.request.query_params
    args = list_args(query)
    found = p.t.queries.inbox(p.user, p.t.now, paging(query), **args)
    if not args["search"]:
        p._inbox_count = found.total
    if wants_list(p.request):
        return p.render("inbox.html", block=LIST_ID, items=found.items, found=found, q="",
                        sorted=sort_shown(args["sort"], "due"))  # fmt: skip
    office = None
    if p.t.queries.oversees(p.user):
        office = p.t.queries.overview(p.user, p.t.now, overdue=True, paging=Paging(limit=3))
    return p.render("inbox.html", items=found.items, found=found, office=office, q=args["search"] or "",
                    sorted=sort_shown(args["sort"], "due"))  # fmt: skip


ROUTES: list[BaseRoute] = [
    Route("/", page(home)),
    Route("/signin", sign_in, methods=["GET", "POST"]),
    Route("/signout", sign_out, methods=["POST"]),
    Route("/requests", page(requests_list)),
    Route("/requests/new", page(new_request_form)),
    Route("/requests/new", page(submit, fallback=new_request_form), methods=["POST"]),
    Route("/requests/{id}", page(request_page)),
    Route("/requests/{id}/steps/{number:int}", page(act, fallback=act_refused), methods=["POST"]),
    Route("/requests/{id}/withdraw", page(withdraw, fallback=request_page), methods=["POST"]),
    Route("/requests/{id}/files/{sha}", page(download)),
    Route("/inbox", page(inbox)),
]
