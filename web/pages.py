"""The pages of sign-in, requests, the request timeline with its action form, and the inbox.

Every handler: parse and check, call the service or a read model, render. Plain forms post
and redirect; htmx posts get the swapped fragment back.
"""

from __future__ import annotations

import secrets
from typing import Any
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.passwords import verify_password
from domain.errors import AlurError, InvalidInputError
from domain.request import STATUSES
from web import htmx, inputs
from web.api import submit_opd
from web.auth import COOKIE, same_secret
from web.context import page_user, tenancy
from web.errors import CsrfError, Unauthenticated, not_found, status_of
from web.render import Page, page, public_page, read_form, with_lang
from web.timeline import documents_of, timeline

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
            username = form.get("username", "").strip().lower()
            key = (t.tenant, username, request.client.host if request.client else "-")
            t.web.throttle.check(*key)
            user = t.service.authenticate(username, form.get("password", ""), verify_password)
            if user is None:
                t.web.throttle.failed(*key)
                raise Unauthenticated("nama pengguna atau kata sandi salah", "wrong username or password")
        except AlurError as error:
            return _signin_page(request, token, {**context, "error": error}, status_of(error))
        t.web.throttle.succeeded(*key)
        session_token, _ = t.web.sessions.issue(t.tenant, user.username, "web")
        answer = RedirectResponse(next_url, status_code=303)
        answer.set_cookie(COOKIE, session_token, httponly=True, samesite="lax", path=f"/t/{slug}",
                          secure=request.url.scheme == "https")  # fmt: skip
        answer.delete_cookie(PRE_CSRF, path=f"/t/{slug}")
        return answer

    return with_lang(request, await run_in_threadpool(work))


def _signin_page(request: Request, token: str, context: dict[str, Any], status: int = 200) -> Response:
    answer = public_page("signin.html", request, status=status, **context)
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
    form = (await read_form(request))[0]

    def work() -> Response:
        t = tenancy(request)
        user = page_user(request, t)
        if user is not None and same_secret(form.get("csrf"), user.session.csrf):
            t.web.sessions.revoke(t.tenant, user.session)
        answer = RedirectResponse(f"/t/{t.tenant.slug}/signin", status_code=303)
        answer.delete_cookie(COOKIE, path=f"/t/{t.tenant.slug}")
        return answer

    return await run_in_threadpool(work)


def home(p: Page) -> Response:
    if p.user.opd_only:
        return RedirectResponse(f"{p.base}/requests", status_code=303)
    return RedirectResponse(f"{p.base}/inbox", status_code=303)


# -- requests -------------------------------------------------------------------------------


def requests_list(p: Page) -> Response:
    """The tenant's requests (an OPD user: its own OPD's), with who holds each and until when."""
    query = p.request.query_params
    status = inputs.one_of(query, "status", STATUSES)
    overdue = inputs.boolean(query, "overdue") or None
    rows = p.t.projector.requests(now=p.t.now, status=status, overdue=overdue,
                                  opd=p.user.opd if p.user.opd_only else None)  # fmt: skip
    variants = {(r.variant_id, r.variant_version) for r in rows}
    names = {key: p.t.service.variant(*key) for key in variants}
    role_names = {(r.id): names[(r.variant_id, r.variant_version)].role_name(r.active_role)
                  for r in rows if r.active_role}  # fmt: skip
    return p.render("requests.html", rows=rows, status=status, statuses=STATUSES, overdue=overdue,
                    role_names=role_names)  # fmt: skip


def new_request_form(p: Page) -> Response:
    return p.render("request_new.html", opds=p.t.service.opds())


def submit(p: Page) -> Response:
    f = p.form
    outputs = []
    for name, data in p.files[:1]:
        doc = p.t.web.files.put(name, data)
        if doc["content_type"] != "application/pdf":
            raise InvalidInputError("surat harus berupa PDF", "the letter must be a PDF", field="letter")
        outputs.append({**doc, "name": f"Surat Permohonan: {doc['name']}"})
    details = [("Proses bisnis", "business_process"), ("Masukan yang diinginkan", "inputs"),
               ("Keluaran yang diinginkan", "outputs")]  # fmt: skip
    note = "\n".join(f"{label}: {f[key].strip()}" for label, key in details if f.get(key, "").strip())
    request_id = p.t.service.submit(
        p.t.tenant.variant_id,
        p.t.tenant.variant_version,
        user=p.user.username,
        roles=p.user.roles,
        title=f.get("title", ""),
        purpose=f.get("purpose", ""),
        letter_number=f.get("letter_number", ""),
        letter_date=f.get("letter_date", ""),
        opd=submit_opd(p.t, p.user, f.get("opd") or None),
        note=note,
        outputs=outputs,
    )
    return htmx.redirect(p.request, f"{p.base}/requests/{request_id}")


def request_page(p: Page) -> Response:
    return _request_page(p)


def _request_page(p: Page, block: str | None = None) -> Response:
    """The whole page, or (htmx) only its panel with the inbox count and status swapped too."""
    found = p.t.request_for(p.user, p.request.path_params["id"])
    variant = p.t.service.variant(found.variant_id, found.variant_version)
    line = timeline(found, variant, p.t.service.calendar, p.t.now)
    may_act = line.active is not None and line.active.role in p.user.roles
    may_withdraw = (
        not found.is_finished and p.user.opd == found.opd and variant.requester_role in p.user.roles
    )
    return p.render("request.html", block=block, r=found, variant=variant, line=line, may_act=may_act,
                    may_withdraw=may_withdraw, assignable=_assignable(p, line),
                    oob=block is not None)  # fmt: skip


def _assignable(p: Page, line: Any) -> list[str]:
    """Who may be named where the active step assigns someone: users holding any SOP role."""
    if line.active is None or not line.active.step.assigns:
        return []
    lanes = {role for role, _ in line.lanes}
    return [u.username for u in p.t.service.users(p.t.now) if set(u.roles) & lanes and "opd" not in u.roles]


def act(p: Page) -> Response:
    found = p.t.request_for(p.user, p.request.path_params["id"])
    outputs = [p.t.web.files.put(name, data) for name, data in p.files]
    p.t.service.act(
        found.id,
        int(p.request.path_params["number"]),
        user=p.user.username,
        roles=p.user.roles,
        decision=inputs.optional_text(p.form, "decision"),
        note=p.form.get("note", ""),
        assignee=inputs.optional_text(p.form, "assignee"),
        deadline=inputs.moment(p.form, "deadline", ZoneInfo(p.t.tenant.timezone), end_of_day=True),
        outputs=outputs,
        expected_version=inputs.integer(p.form, "expected_version"),
    )
    if htmx.is_htmx(p.request):
        return _request_page(p, block="panel")
    return RedirectResponse(f"{p.base}/requests/{found.id}", status_code=303)


def act_refused(p: Page) -> Response:
    """The request page again with the refusal; for htmx only the panel."""
    return _request_page(p, block="panel" if htmx.is_htmx(p.request) else None)


def withdraw(p: Page) -> Response:
    found = p.t.request_for(p.user, p.request.path_params["id"])
    if p.user.opd != found.opd:
        raise not_found("permohonan", "request")
    p.t.service.withdraw(found.id, user=p.user.username, roles=p.user.roles, note=p.form.get("note", ""))
    return htmx.redirect(p.request, f"{p.base}/requests/{found.id}")


def download(p: Page) -> Response:
    """A document of a request, only for those who may see the request."""
    found = p.t.request_for(p.user, p.request.path_params["id"])
    digest = str(p.request.path_params["sha"])
    docs = {str(d["sha256"]): d for t in found.steps_taken for d in t.outputs if d.get("sha256")}
    if digest not in documents_of(found) or not p.t.web.files.exists(digest):
        raise not_found("dokumen", "document")
    doc = docs[digest]
    return FileResponse(p.t.web.files.path(digest), media_type=str(doc.get("content_type")),
                        filename=str(doc.get("name", digest)).split(": ")[-1])  # fmt: skip


def inbox(p: Page) -> Response:
    items = list(p.inbox())
    items.sort(key=lambda item: (not item.overdue, item.due_at is None, item.due_at or item.started_at))
    return p.render("inbox.html", items=items)


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
