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
from domain.request_view import RequestDetail
from domain.sop import Variant
from projections.queries import Paging, RequestPage
from web import builders, flash, htmx, inputs
from web.api import paging
from web.context import COOKIE, client_address, page_user, tenancy
from web.errors import CsrfError, status_of
from web.fairness import run_in_turn
from web.i18n import lang_of
from web.listing import LIST_ID, list_args, request_filters, sort_shown, wants_list
from web.render import Page, document_response, page, public_page, read_form, same_secret, with_lang
from web.timeline import ENDS, decisions_of, first_step, leads, timeline

PRE_CSRF = "alur_signin_csrf"


STATUS_TITLES = {
    400: ("Permintaan tidak valid", "Bad request"), 401: ("Belum masuk", "Not signed in"),
    403: ("Tidak diizinkan", "Not allowed"), 404: ("Tidak ditemukan", "Not found"),
    405: ("Metode tidak diizinkan", "Method not allowed"), 409: ("Sudah berubah", "Changed meanwhile"),
    413: ("Terlalu besar", "Too large"), 415: ("Jenis berkas tidak didukung", "Unsupported file type"),
    422: ("Isian belum dapat diterima", "Input not accepted"),
    429: ("Terlalu banyak percobaan", "Too many attempts"),
    500: ("Kesalahan pada server", "Server error"), 503: ("Sedang sibuk", "Busy"),
}  # fmt: skip


def error_context(request: Request, status: int) -> dict[str, Any]:
    """The navigation of an error page: the tenant, and the signed-in user with their links
    (blocking: call from a worker thread). Left out where looking it up could fail again or
    add load: server errors, throttling, bodies refused at the door."""
    slug = request.path_params.get("tenant")
    if not slug or status >= 500 or status in (413, 429):
        return {}
    try:
        t = tenancy(request)
    except Exception:  # an unknown tenant: no navigation of a tenant to show
        return {}
    context: dict[str, Any] = {"tenant": t.tenant, "base": f"/t/{t.tenant.slug}"}
    try:
        found = page_user(request, t)
        if found is not None:
            user, session = found
            context.update(user=user, csrf=session.csrf, inbox_count=t.queries.inbox_count(user, t.now))
            context.update(notice_count=t.queries.notice_count(user, t.now))
    except Exception:  # the page explains the first error; never a second one about the navigation
        pass
    return context


def error_page(request: Request, error: AlurError, status: int, **context: Any) -> Response:
    """The error as a page with the navigation; for an htmx request, in place of the page's main
    content (the swap target may be gone or wrong for it), so it never goes unseen."""
    title = STATUS_TITLES.get(status, ("Kesalahan", "Error"))
    swapped = htmx.is_htmx(request)
    answer = public_page("error.html", request, status=status, block="content" if swapped else None,
                         error=error, code=status, title=title[1] if lang_of(request) == "en" else title[0],
                         **context)  # fmt: skip
    if swapped:
        answer.headers.update({"HX-Retarget": "main", "HX-Reswap": "innerHTML show:window:top"})
    return answer


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
    filters = request_filters(query)
    found = p.t.queries.requests(p.user, p.t.now, paging=paging(query), **filters)
    variants = {
        key: p.t.queries.variant(*key) for key in {(r.variant_id, r.variant_version) for r in found.items}
    }
    role_names = {r.id: variants[(r.variant_id, r.variant_version)].role_name(r.active_role)
                  for r in found.items if r.active_role}  # fmt: skip
    standards = {r.id: _standard(variants[(r.variant_id, r.variant_version)], r.active_step)
                 for r in found.items if r.active_step is not None}  # fmt: skip
    return p.render("requests.html", block=LIST_ID if wants_list(p.request) else None, rows=found.items,
                    found=found, status=filters["status"], statuses=STATUSES, overdue=filters["overdue"],
                    role_names=role_names, standards=standards, q=filters["search"] or "",
                    sorted=sort_shown(filters["sort"], "-submitted"))  # fmt: skip


def _standard(variant: Variant, number: int) -> str | None:
    """A step's Waktu as printed (None: the SOP gives none), to say why it has no due time."""
    standard = variant.step(number).time_standard
    return standard.text if standard else None


def new_request_form(p: Page) -> Response:
    """The letter's form, with the first step's Mutu Baku: what the letter must bring along."""
    variant = p.t.queries.sop(p.user)
    first = first_step(variant)
    return p.render("request_new.html", opds=p.t.queries.opds(p.user), first=first)


def submit(p: Page) -> Response:
    command = builders.submit_request(p.form, p.files)
    done = p.t.commands.submit(p.user, command)
    variant = p.t.queries.variant(done.variant_id, done.variant_version)
    role = variant.role_name(done.active_role) if done.active_role else ""
    return p.done(f"{p.base}/requests/{done.id}",
                  f"Permohonan terkirim · diteruskan ke {role} (langkah {done.active_step})",
                  f"Request submitted · passed on to {role} (step {done.active_step})")  # fmt: skip


def request_page(p: Page) -> Response:
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    return _request_page(p, shown, block="panel" if htmx.target(p.request) == "panel" else None)


def _request_page(p: Page, shown: RequestPage, block: str | None = None, **extra: Any) -> Response:
    """The whole page, or (htmx) only its panel with the inbox count and status swapped too."""
    found, variant = shown.detail, shown.variant
    line = timeline(found, variant, p.t.queries.calendar, p.t.now)
    active = line.active.step if shown.may_act and line.active is not None else None
    assignable = (p.t.queries.assignable(p.user, variant, p.t.now, active.number)
                  if active and active.assigns else [])  # fmt: skip
    step_leads = leads(variant, active, decisions_of(found)) if active else []
    if block is None and "thread" not in extra:  # the discussion under the panel (web/pages_comments.py)
        extra["thread"] = p.t.queries.comments(p.user, found.id, p.t.now)
    return p.render("request.html", block=block, r=found, variant=variant, line=line, may_act=shown.may_act,
                    may_withdraw=shown.may_withdraw, may_set_target=shown.may_set_target,
                    may_return=shown.may_return, may_resubmit=shown.may_resubmit,
                    assignable=assignable, leads=step_leads, ends=ENDS,
                    chosen_assignees=p.lists.get("assignee", []),
                    appointee=shown.appointee, appointees=shown.appointees, on_behalf=shown.on_behalf,
                    oob=block is not None, **extra)  # fmt: skip


def _step_command(p: Page) -> c.CompleteStep:
    number = int(p.request.path_params["number"])
    return builders.complete_step(p.request.path_params["id"], number, p.form, p.t.zone, _uploads(p), p.lists)


def _uploads(p: Page) -> list[Any]:
    """The files of a step's form: attached now, and any carried through its confirmation."""
    return [*p.files, *builders.carried(p.form_list("carried"))]


def act(p: Page) -> Response:
    """Complete the active step; an answer that ends the request is confirmed first, with its
    reason (a page of its own, or for htmx a panel in place of the step's panel)."""
    command = _step_command(p)
    if command.decision and not p.form.get("confirmed"):
        shown = p.t.queries.request(p.user, command.request_id, p.t.now)
        if shown.ends_if(command) is not None:
            return _confirm_decision(p, shown, command)
    done = p.t.commands.act(p.user, command)
    shown = p.t.queries.view(p.user, done, now=p.t.now)
    step = command.step
    if done.active_step is not None:
        role = shown.variant.role_name(done.active_role or "")
        said = (f"Langkah {step} selesai · diteruskan ke {role} (langkah {done.active_step})",
                f"Step {step} done · passed on to {role} (step {done.active_step})")  # fmt: skip
    else:
        end = ENDS.get(done.status, (done.status, done.status))
        said = (f"Langkah {step} selesai · permohonan berakhir: {end[0]}",
                f"Step {step} done · the request has ended: {end[1]}")  # fmt: skip
    if htmx.is_htmx(p.request):
        # The next step's form starts empty: this step's note or "on behalf of" is not the next one's.
        return _request_page(p, shown, block="panel", flash=flash.Flash(*said), form={})
    return p.done(f"{p.base}/requests/{done.id}", *said)


def _confirm_decision(p: Page, shown: RequestPage, command: c.CompleteStep) -> Response:
    step = shown.variant.step(command.step)
    answers = leads(shown.variant, step, decisions_of(shown.detail))
    lead = next(x for x in answers if x.answer == command.decision)
    kept = ("decision", "assignee", "deadline", "expected_version", "on_behalf_of")
    hidden = [(name, p.form[name]) for name in kept
              if p.form.get(name)]  # fmt: skip
    hidden += [(name, value) for name, value in p.form.items() if builders.REFERENCE.match(name) and value]
    uploads = _uploads(p)  # every file attached goes on with the confirmation, none dropped
    hidden += [("carried", builders.carry(upload)) for upload in uploads]
    url = f"{p.base}/requests/{shown.detail.id}"
    return p.render("confirm.html", block="confirm" if htmx.is_htmx(p.request) else None, kind="decision",
                    target="panel", action=f"{url}/steps/{step.number}", hidden=hidden, reason_field="note",
                    reason=p.form.get("note", ""), r=shown.detail, step=step, lead=lead, ends=ENDS,
                    files=[f.name for f in uploads], cancel=url)  # fmt: skip


def act_refused(p: Page) -> Response:
    """The refusal where the user is looking. A field the user can fix: beside that field, in
    the same step's form, keeping the input. Anything else (someone completed the step first, a
    stale form, a role no longer held): at the top of the panel, the panel as it is now, and
    the user's input shown apart, never poured into the next step's form."""
    assert p.error is not None
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    number = int(p.request.path_params["number"])
    block = "panel" if htmx.is_htmx(p.request) else None
    fixable = shown.mendable(number, p.error)
    if fixable and p.form.get("confirmed") and p.error.field in ("note", "documents"):
        command = c.CompleteStep(request_id=shown.detail.id, step=number, decision=p.form.get("decision"),
                                 expected_version=inputs.integer(p.form, "expected_version"))  # fmt: skip
        if shown.ends_if(command) is not None:
            return _confirm_decision(p, shown, command)
    if fixable:
        return _request_page(p, shown, block=block)
    kept = {key: p.form.get(key, "").strip() for key in ("decision", "assignee", "deadline", "note")}
    files = [upload.name for upload in p.files]
    shown_kept = {**kept, "files": files} if any(kept.values()) or files else None
    return _request_page(p, shown, block=block, refusal=True, form={}, kept=shown_kept)


def set_target(p: Page) -> Response:
    """A new target for a request whose target has passed, with its reason (the setting role)."""
    command = builders.revise_target(p.request.path_params["id"], p.form, p.t.zone)
    done = p.t.commands.revise_target(p.user, command)
    new = p.due(done.active_due)
    said = (f"Target baru ditetapkan: {new} · alasan dicatat dalam riwayat",
            f"New target set: {new} · the reason is in the history")  # fmt: skip
    if htmx.is_htmx(p.request):
        shown = p.t.queries.view(p.user, done, now=p.t.now)
        return _request_page(p, shown, block="panel", flash=flash.Flash(*said))
    return p.done(f"{p.base}/requests/{done.id}", *said)


def return_file(p: Page) -> Response:
    """"Berkas tidak lengkap": back to the requester with the ticked Kelengkapan; the clock stops."""
    command = builders.return_file(p.request.path_params["id"], p.form, p.lists)
    done = p.t.commands.return_file(p.user, command)
    said = ("Berkas dikembalikan kepada pemohon · waktu langkah ini berhenti sampai berkasnya lengkap",
            "The file went back to the requester · the step's clock stops until it is complete")  # fmt: skip
    return _answered(p, done, said)


def _answered(p: Page, done: RequestDetail, said: tuple[str, str]) -> Response:
    """A command's answer on the request: (htmx) its panel as it is now, with what was done
    and empty forms; without JavaScript, the 303 to the request page, which says the same."""
    if htmx.is_htmx(p.request):
        shown = p.t.queries.view(p.user, done, now=p.t.now)
        return _request_page(p, shown, block="panel", flash=flash.Flash(*said), form={})
    return p.done(f"{p.base}/requests/{done.id}", *said)


def return_refused(p: Page) -> Response:
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    block = "panel" if htmx.is_htmx(p.request) else None
    kept = {"missing": p.lists.get("missing", []), "note": p.form.get("note", "")}
    return _request_page(p, shown, block=block, error=None, return_error=p.error, return_form=kept, form={})


def resubmit(p: Page) -> Response:
    """The requesting OPD sends the completed file back; the step's clock resumes."""
    command = builders.resubmit(p.request.path_params["id"], p.form, p.files)
    done = p.t.commands.resubmit(p.user, command)
    due = p.due(done.active_due) if done.active_due else "-"
    said = (f"Berkas lengkap dikirim kembali · tenggat langkah {done.active_step} kini {due}",
            f"The completed file was sent back · step {done.active_step} is now due {due}")  # fmt: skip
    return _answered(p, done, said)


def resubmit_refused(p: Page) -> Response:
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    block = "panel" if htmx.is_htmx(p.request) else None
    return _request_page(p, shown, block=block, error=None, resubmit_error=p.error, resubmit_form=p.form,
                         form={})  # fmt: skip


def set_target_refused(p: Page) -> Response:
    """The refusal in the new-target form, beside its field, keeping what the user typed."""
    shown = p.t.queries.request(p.user, p.request.path_params["id"], p.t.now)
    block = "panel" if htmx.is_htmx(p.request) else None
    return _request_page(p, shown, block=block, error=None, target_error=p.error, target_form=p.form, form={})


def withdraw_confirm(p: Page) -> Response:
    """Confirm a withdrawal, with its reason: a page, or (htmx) in place of the button."""
    asked = p.t.queries.withdrawal if p.error is None else p.t.queries.request  # a refusal: shown again
    shown = asked(p.user, p.request.path_params["id"], p.t.now)
    url = f"{p.base}/requests/{shown.detail.id}"
    if shown.detail.is_finished and p.error is None:  # nothing left to withdraw: the request as it ended
        return RedirectResponse(url, status_code=303)
    return p.render("confirm.html", block="confirm" if htmx.is_htmx(p.request) else None, kind="withdraw",
                    target="withdraw", action=f"{url}/withdraw", r=shown.detail, reason_field="note",
                    reason=p.form.get("note", ""), hidden=[("expected_version", shown.detail.version)],
                    blocked=not shown.may_withdraw, cancel=url)  # fmt: skip


def withdraw(p: Page) -> Response:
    command = builders.withdraw(p.request.path_params["id"], p.form)
    done = p.t.commands.withdraw(p.user, command)
    return p.done(f"{p.base}/requests/{done.id}", "Permohonan ditarik · alasan dicatat dalam riwayat",
                  "The request was withdrawn · the reason is in its history")  # fmt: skip


def download(p: Page) -> Response:
    """A document of a request, only for those who may see the request."""
    record, content = p.t.queries.document(
        p.user, p.request.path_params["id"], str(p.request.path_params["sha"])
    )
    return document_response(record, content)


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
    Route("/requests/{id}/target", page(set_target, fallback=set_target_refused), methods=["POST"]),
    Route("/requests/{id}/return", page(return_file, fallback=return_refused), methods=["POST"]),
    Route("/requests/{id}/resubmit", page(resubmit, fallback=resubmit_refused), methods=["POST"]),
    Route("/requests/{id}/withdraw", page(withdraw_confirm)),
    Route("/requests/{id}/withdraw", page(withdraw, fallback=withdraw_confirm), methods=["POST"]),
    Route("/requests/{id}/files/{sha}", page(download)),
    Route("/inbox", page(inbox)),
]
