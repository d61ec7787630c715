"""The JSON API at /t/{tenant}/api/v1: the contract other systems use.

Every route only translates: it parses the body and the query, calls one handler of the
application layer with the bearer token's actor, and turns the answer (or the refusal) into
JSON. The rules are in the handlers, the same ones the pages call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain import commands as c
from domain.actor import Actor
from domain.documents import Upload
from domain.naskah import Letterhead
from domain.ports import Session
from projections.audit import AuditFilter, request_given
from projections.queries import Paging
from web import builders, comments, freshness, inputs
from web.context import Tenancy, api_user, client_address, tenancy
from web.fairness import run_in_turn
from web.limits import MAX_ACTION_UPLOAD
from web.listing import list_args, office_filters, request_filters
from web.openapi import openapi_document
from web.render import document_response, is_multipart, read_form
from web.views import (
    calendar_change_json,
    calendar_json,
    day_of,
    event_view,
    grant_json,
    holders_json,
    jsonable,
    letterhead_json,
    me_view,
    naskah_json,
    notice_view,
    office_view,
    paged,
    request_summary,
    request_view,
    settings_json,
    sop_view,
    user_view,
)

Handler = Callable[[Request, Tenancy, Actor, dict[str, Any]], Any]


def endpoint(handler: Handler, status: int = 200) -> Callable[[Request], Any]:
    async def run(request: Request) -> Response:
        body, request.state.files = await read_body(request)

        def work() -> tuple[Response, str, int | None, bool]:
            t = tenancy(request)
            fresh = freshness.wait(request, t)  # a read after the client's own write sees it
            with t.web.platform.one_connection(t.tenant):  # identify, act and answer: one borrow
                actor, session = api_user(request, t)
                request.state.session = session
                result = handler(request, t, actor, body)
                position = freshness.written(t)
            # Encoded here, in the worker thread, not on the event loop that every tenant shares:
            # a long list's JSON would hold up everyone's reading and sending meanwhile.
            answer = result if isinstance(result, Response) else JSONResponse(result, status_code=status)
            return answer, t.tenant.slug, position, fresh

        answer, slug, position, fresh = await run_in_turn(request, work)
        return freshness.mark(answer, request, slug, position, fresh)

    return run


async def read_body(request: Request) -> tuple[dict[str, Any], list[Upload]]:
    """A JSON object, or a multipart form (the JSON members as fields, plus files; a member given
    more than once, such as `missing`, is a list); nothing for a GET."""
    if request.method not in ("POST", "DELETE"):
        return {}, []
    if not is_multipart(request):
        return inputs.json_object(await request.body()), []
    fields, files, lists = await read_form(request, MAX_ACTION_UPLOAD)
    body: dict[str, Any] = {key: lists[key] if len(lists[key]) > 1 or key in LIST_FIELDS else value
                            for key, value in fields.items()}  # fmt: skip
    return body, files


LIST_FIELDS = frozenset({"missing"})  # always a list, however many times a form gives it


async def create_session(request: Request) -> Response:
    """Sign in with username and password; 401 says nothing about whether the user exists."""
    body = inputs.json_object(await request.body())
    command = c.SignIn(
        inputs.text(body, "username"), inputs.text(body, "password"), client_address(request), "api"
    )

    def work() -> Response:
        signed = tenancy(request).commands.sign_in(command)
        user = {"username": signed.actor.username, "roles": list(signed.actor.roles)}
        return JSONResponse({"token": signed.token, "user": user})

    return await run_in_turn(request, work)


def delete_session(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Response:
    session: Session = request.state.session
    t.commands.sign_out(session)
    return Response(status_code=204)


def get_sop(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return sop_view(t.queries.sop(actor))


def detail(t: Tenancy, found: Any) -> dict[str, Any]:
    return request_view(found, t.queries.variant(found.variant_id, found.variant_version), t.now, t.zone)


def post_request(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    files = builders.files_named(request.state.files, "letter", "documents")
    return detail(t, t.commands.submit(actor, builders.submit_request(body, files)))


def paging(query: Any, limit: int = 50) -> Paging:
    """`?limit=` and `?page=` (1-based); bad values are 422 naming the field."""
    given_limit, given_page = inputs.integer(query, "limit"), inputs.integer(query, "page")
    return Paging(
        limit=limit if given_limit is None else given_limit, page=1 if given_page is None else given_page
    )


def list_requests(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    query = request.query_params
    found = t.queries.requests(actor, t.now, paging=paging(query), **request_filters(query))
    variants = {
        key: t.queries.variant(*key) for key in {(r.variant_id, r.variant_version) for r in found.items}
    }
    items = [
        request_summary(row, variants[(row.variant_id, row.variant_version)], t.zone) for row in found.items
    ]
    return paged(found, items)


def get_request(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    page = t.queries.request(actor, request.path_params["id"], t.now)
    return request_view(page.detail, page.variant, t.now, t.zone)


def act(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    number = int(request.path_params["number"])
    documents = builders.files_named(request.state.files, "documents")
    command = builders.complete_step(request.path_params["id"], number, body, t.zone, documents)
    return detail(t, t.commands.act(actor, command))


def return_file(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """"Berkas tidak lengkap": back to the requester with what is missing; the clock stops."""
    return detail(t, t.commands.return_file(actor, builders.return_file(request.path_params["id"], body)))


def resubmit(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The requester's completed file (multipart: by input slot, or `documents`); the step's
    clock resumes."""
    documents = builders.files_named(request.state.files, "documents")
    command = builders.resubmit(request.path_params["id"], body, documents)
    return detail(t, t.commands.resubmit(actor, command))


def document(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """One document of a request, by its SHA-256, for those who may see the request."""
    record, content = t.queries.document(actor, request.path_params["id"], request.path_params["sha256"])
    return document_response(record, content)


def naskah_list(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The documents the request's completed steps give it, each with its record once made."""
    return {"items": [naskah_json(entry.taken, entry.step, entry.kind, entry.name, entry.made)
                      for entry in t.queries.made_documents(actor, request.path_params["id"])]}  # fmt: skip


def make_naskah(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """Make (once) and seal one of them; a document already made answers 200 with the one kept."""
    made = t.commands.make_document(actor, builders.make_document(request.path_params["id"], body))
    answer = naskah_json(made.due.taken, made.due.step, made.due.kind, made.due.name, made.record)
    return JSONResponse(answer, status_code=201 if made.made_now else 200)


def dossier(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The request's dossier as a sealed PDF (made now, never recorded)."""
    found, content, _ = t.queries.dossier_pdf(actor, request.path_params["id"], t.now)
    name = f"dosir-{found.detail.letter_number}.pdf".replace("/", "-")
    return document_response({"name": name, "content_type": "application/pdf", "sha256": ""}, content)


def set_target(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    command = builders.revise_target(request.path_params["id"], body, t.zone)
    return detail(t, t.commands.revise_target(actor, command))


def withdraw(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return detail(t, t.commands.withdraw(actor, builders.withdraw(request.path_params["id"], body)))


def events(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    _, history = t.queries.history(actor, request.path_params["id"])
    return [event_view(event, t.zone) for event in history]


def inbox(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    query = request.query_params
    found = t.queries.inbox(
        actor, t.now, paging(query), request_id=inputs.uuid_text(query, "request"), **list_args(query)
    )
    return paged(found, [{**jsonable(item), "due_date": day_of(item.due_at, t.zone)} for item in found.items])


def overview(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    query = request.query_params
    office = t.queries.overview(actor, t.now, paging=paging(query), **office_filters(query))
    return office_view(office, t.zone)


def users(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    query = request.query_params
    found = t.queries.users(actor, t.now, paging=paging(query), **list_args(query))
    return paged(found, [user_view(user, t.zone) for user in found.items])


def get_user(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return user_view(t.queries.user(actor, request.path_params["username"], t.now), t.zone)


def edit_user(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The details as they should be; a member left out keeps its value (null or "" clears)."""
    edited = t.commands.edit_user(actor, builders.edit_user(request.path_params["username"], body))
    return user_view(edited, t.zone)


def user_status(active: bool) -> Handler:
    def handler(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
        command = c.SetUserActive(request.path_params["username"], active, builders.hand_over(body))
        return user_view(t.commands.set_active(actor, command), t.zone)

    return handler


def grant(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """A role for the user (JSON, or multipart with the SK's PDF as `sk_document`)."""
    data = {**body, "username": request.path_params["username"]}
    granted = t.commands.grant(actor, builders.grant_role(data, t.zone, request.state.files))
    return grant_json(granted, t.zone)


def holders(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """Who held `role` on `date` (default today, in the tenant's zone), under which grant and SK."""
    query = request.query_params
    day = inputs.day(query, "date") or t.now.astimezone(t.zone).date()
    found = t.queries.holders_on(actor, inputs.optional_text(query, "role"), day)
    if found is None:
        raise inputs.invalid("role", "sebutkan peran (?role=kabid-ti)", "give the role (?role=kabid-ti)")
    return holders_json(found, t.zone)


def sk_document(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return document_response(*t.queries.sk_document(actor, request.path_params["sha256"]))


def reset_password(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The link to hand over, once; the user opens it and chooses the password."""
    issued = t.commands.reset_password(actor, c.ResetPassword(request.path_params["username"]))
    link = f"/t/{t.tenant.slug}/password/{issued.token}"
    expires = issued.expires_at.astimezone(t.zone).isoformat()
    return {"username": issued.username, "link": link, "expires_at": expires}


def audit_filters(t: Tenancy, query: Any) -> AuditFilter:
    """The one builder of the audit trail's filters, for the page and the API alike: `request`
    an id or words of a title or letter number, `actor` a username or words of a full name,
    `role` a role id or words of its name, `since`/`until` dates in the tenant's zone."""
    return AuditFilter(
        **request_given(inputs.optional_text(query, "request")),
        actor=inputs.optional_text(query, "actor"),
        role=inputs.optional_text(query, "role"),
        type=inputs.optional_text(query, "type"),
        since=inputs.moment(query, "since", t.zone),
        until=inputs.moment(query, "until", t.zone, end_of_day=True),
        search=inputs.optional_text(query, "q"),
    )


def audit(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    query = request.query_params
    sort = inputs.optional_text(query, "sort")
    found = t.queries.audit(actor, audit_filters(t, query), paging(query), sort=sort)
    return paged(found, jsonable(found.items))


def sla(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return jsonable(t.queries.sla(actor, t.now))


def compliance(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return jsonable(t.queries.compliance(actor))


def get_settings(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return settings_json(t.queries.office_rules(actor), t.zone)


def set_stalled_after(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return settings_json(t.commands.set_stalled_after(actor, builders.stalled_after(body)), t.zone)


def get_letterhead(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    default = Letterhead.default(t.tenant.name, t.tenant.region)
    return letterhead_json(t.queries.letterhead(actor), default, t.zone)


def set_letterhead(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """JSON, or multipart with the logo as `logo`."""
    done = t.commands.set_letterhead(actor, builders.set_letterhead(body, request.state.files))
    return letterhead_json(done, None, t.zone)


def get_calendar(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    year = inputs.integer(request.query_params, "year")
    return calendar_json(t.queries.office_calendar(actor, year, t.now))


def add_day_off(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return calendar_change_json(t.commands.add_day_off(actor, builders.add_day_off(body)), t.zone)


def remove_day_off(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    command = builders.remove_day_off(request.path_params["date"], body)
    return calendar_change_json(t.commands.remove_day_off(actor, command), t.zone)


def set_office_hours(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return calendar_change_json(t.commands.set_office_hours(actor, builders.set_office_hours(body)), t.zone)


def record_years(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return {"recorded": t.commands.record_holiday_years(actor, builders.record_years(body))}


def outbox_json(mail: Any, zone: Any) -> dict[str, Any]:
    """A mail of the outbox as the API gives it, with its state; moments in the tenant's zone."""
    shown = jsonable(mail)
    for name in ("created_at", "send_after", "next_attempt_at", "sent_at", "failed_at"):
        moment = getattr(mail, name)
        shown[name] = moment.astimezone(zone).isoformat() if moment else None
    return {**shown, "state": mail.state}


def mail_outbox(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The tenant's newest mails (admins): `state` waiting, retrying, sent or failed."""
    view = t.queries.outbox(actor, inputs.optional_text(request.query_params, "state"))
    return {"counts": view.counts, "items": [outbox_json(mail, t.zone) for mail in view.mails]}


def outbox_mail(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return outbox_json(t.queries.outbox_mail(actor, request.path_params["mail"]), t.zone)


def retry_mail(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    t.commands.retry_mail(actor, c.RetryMail(request.path_params["mail"]))
    return outbox_json(t.queries.outbox_mail(actor, request.path_params["mail"]), t.zone)


def email_json(user: Any) -> dict[str, Any]:
    return {"username": user.username, "email": user.email, "email_confirmed": user.email_confirmed}


def my_email(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return email_json(t.queries.my_user(actor, t.now))


def set_my_email(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """`{"email": "…"}`: unconfirmed until the link mailed to it is followed ("" removes it)."""
    return email_json(t.commands.set_email(actor, builders.set_email(actor.username, body)))


def set_user_email(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """An admin sets a user's address; the user confirms it by the link mailed to it."""
    return email_json(t.commands.set_email(actor, builders.set_email(request.path_params["username"], body)))


def notifications(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The caller's notices told by now, newest first (`?unread=true`: only unread), paged."""
    query = request.query_params
    unread = bool(inputs.boolean(query, "unread"))
    found = t.queries.notices(actor, t.now, unread=unread, paging=paging(query))
    lang = _language(request, t, actor)
    base = f"/t/{t.tenant.slug}"
    return paged(found, [notice_view(notice, lang, t.zone, base) for notice in found.items])


def read_notice(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    notice = t.queries.notice(actor, str(request.path_params["id"]), t.now)  # another's: 404
    t.commands.read_notice(actor, c.ReadNotice(notice.id))
    return {"id": notice.id, "read": True}


def read_all_notices(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    t.commands.read_all_notices(actor, c.ReadAllNotices())
    return {"read": True}


def get_me(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    return me_view(t.queries.me(actor, t.now))


def post_me(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """One's own name, language and notice choices; a member left out keeps its value."""
    saved = t.commands.set_own_details(actor, builders.own_details(actor.username, body))
    return {"username": saved.username, "full_name": saved.full_name,
            "language": t.queries.language_of(actor.username),
            "choices": t.queries.notice_choices(actor.username)}  # fmt: skip


def change_my_password(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """One's own new password, the old one given again: every other session and token ends,
    this token stays signed in."""
    command = builders.change_own_password(body, client_address(request))
    t.commands.change_own_password(actor, request.state.session, command)
    return {"username": actor.username, "password_changed": True, "other_sessions_ended": True}


def _language(request: Request, t: Tenancy, actor: Actor) -> str:
    """`?lang=` when asked, else the user's own language, else Indonesian."""
    asked = request.query_params.get("lang")
    return asked if asked in ("id", "en") else (t.queries.language_of(actor.username) or "id")


async def openapi(request: Request) -> Response:
    def work() -> Response:
        return JSONResponse(openapi_document(tenancy(request).tenant.slug))

    return await run_in_turn(request, work)


ROUTES = [
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/session", create_session, methods=["POST"]),
    Route("/session", endpoint(delete_session), methods=["DELETE"]),
    Route("/sop", endpoint(get_sop), methods=["GET"]),
    Route("/requests", endpoint(post_request, status=201), methods=["POST"]),
    Route("/requests", endpoint(list_requests), methods=["GET"]),
    Route("/requests/{id}", endpoint(get_request), methods=["GET"]),
    Route("/requests/{id}/steps/{number:int}", endpoint(act), methods=["POST"]),
    Route("/requests/{id}/target", endpoint(set_target), methods=["POST"]),
    Route("/requests/{id}/withdraw", endpoint(withdraw), methods=["POST"]),
    Route("/requests/{id}/return", endpoint(return_file), methods=["POST"]),
    Route("/requests/{id}/resubmit", endpoint(resubmit), methods=["POST"]),
    Route("/requests/{id}/documents/{sha256}", endpoint(document), methods=["GET"]),
    Route("/requests/{id}/naskah", endpoint(naskah_list), methods=["GET"]),
    Route("/requests/{id}/dossier", endpoint(dossier), methods=["GET"]),
    Route("/requests/{id}/naskah", endpoint(make_naskah), methods=["POST"]),
    Route("/requests/{id}/events", endpoint(events), methods=["GET"]),
    Route("/requests/{id}/comments", endpoint(comments.list_comments), methods=["GET"]),
    Route("/requests/{id}/comments", endpoint(comments.post_comment), methods=["POST"]),
    Route("/requests/{id}/comments/{number:int}/retract", endpoint(comments.post_retract), methods=["POST"]),
    Route("/inbox", endpoint(inbox), methods=["GET"]),
    Route("/notifications", endpoint(notifications), methods=["GET"]),
    Route("/notifications/read-all", endpoint(read_all_notices), methods=["POST"]),
    Route("/notifications/{id}/read", endpoint(read_notice), methods=["POST"]),
    Route("/me", endpoint(get_me), methods=["GET"]),
    Route("/me", endpoint(post_me), methods=["POST"]),
    Route("/overview", endpoint(overview), methods=["GET"]),
    Route("/users", endpoint(users), methods=["GET"]),
    Route("/users/{username}", endpoint(get_user), methods=["GET"]),
    Route("/users/{username}/details", endpoint(edit_user), methods=["POST"]),
    Route("/users/{username}/deactivate", endpoint(user_status(False)), methods=["POST"]),
    Route("/users/{username}/reactivate", endpoint(user_status(True)), methods=["POST"]),
    Route("/users/{username}/password-reset", endpoint(reset_password), methods=["POST"]),
    Route("/users/{username}/grants", endpoint(grant, status=201), methods=["POST"]),
    Route("/users/{username}/email", endpoint(set_user_email), methods=["POST"]),
    Route("/me/password", endpoint(change_my_password), methods=["POST"]),
    Route("/me/email", endpoint(my_email), methods=["GET"]),
    Route("/me/email", endpoint(set_my_email), methods=["POST"]),
    Route("/mail/outbox", endpoint(mail_outbox), methods=["GET"]),
    Route("/mail/outbox/{mail}", endpoint(outbox_mail), methods=["GET"]),
    Route("/mail/outbox/{mail}/retry", endpoint(retry_mail), methods=["POST"]),
    Route("/audit", endpoint(audit), methods=["GET"]),
    Route("/audit/holders", endpoint(holders), methods=["GET"]),
    Route("/audit/sk/{sha256}", endpoint(sk_document), methods=["GET"]),
    Route("/sla", endpoint(sla), methods=["GET"]),
    Route("/compliance", endpoint(compliance), methods=["GET"]),
    Route("/settings", endpoint(get_settings), methods=["GET"]),
    Route("/settings/stalled-after", endpoint(set_stalled_after), methods=["POST"]),
    Route("/settings/letterhead", endpoint(get_letterhead), methods=["GET"]),
    Route("/settings/letterhead", endpoint(set_letterhead), methods=["POST"]),
    Route("/calendar", endpoint(get_calendar), methods=["GET"]),
    Route("/calendar/days", endpoint(add_day_off, status=201), methods=["POST"]),
    Route("/calendar/days/{date}/remove", endpoint(remove_day_off), methods=["POST"]),
    Route("/calendar/hours", endpoint(set_office_hours, status=201), methods=["POST"]),
    Route("/calendar/years", endpoint(record_years), methods=["POST"]),
]
