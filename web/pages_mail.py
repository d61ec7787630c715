"""The admin's outbox page ("Surat keluar", `/admin/mail`) and a user's email address as the
admin sets it (`/admin/users/{username}/email`).

The outbox shows the tenant's recent mail with its state (waiting, sent, retrying, failed with
the error); a failed one can be tried again. Without a mail server (the demo) every mail stays
here, readable. Every route only translates; the admin-only rule is in the handlers."""

from __future__ import annotations

from functools import partial

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from web import builders, inputs
from web.pages_admin import user
from web.render import Page, page


def outbox(p: Page) -> Response:
    state = inputs.optional_text(p.request.query_params, "state")
    view = p.t.queries.outbox(p.user, state)
    return p.render("admin_mail.html", view=view, opened=None, sending=sending(p))


def mail(p: Page) -> Response:
    """One mail as it goes out: recipient, subject, body, and its attempts."""
    opened = p.t.queries.outbox_mail(p.user, str(p.request.path_params["mail"]))
    view = p.t.queries.outbox(p.user)
    return p.render("admin_mail.html", view=view, opened=opened, sending=sending(p))


def sending(p: Page) -> bool:
    """Whether this deployment has a mail server (else mail stays in the outbox, readable)."""
    return p.t.web.platform.settings.smtp is not None


def retry(p: Page) -> Response:
    mail_id = str(p.request.path_params["mail"])
    p.t.commands.retry_mail(p.user, c.RetryMail(mail_id))
    return p.done(f"{p.base}/admin/mail", "Surel akan dicoba dikirim lagi", "The mail will be tried again")


def set_email(p: Page) -> Response:
    username = str(p.request.path_params["username"])
    command = builders.set_email(username, {"email": p.form.get("email", ""), "lang": p.lang})
    shown = p.t.commands.set_email(p.user, command)
    if not shown.email:
        return p.done(f"{p.base}/admin/users/{username}", f"Email {username} dihapus",
                      f"{username}'s email removed")  # fmt: skip
    return p.done(f"{p.base}/admin/users/{username}",
                  f"Email {username} disimpan; tautan konfirmasi dikirim ke {shown.email}",
                  f"{username}'s email saved; a confirmation link was sent to {shown.email}")  # fmt: skip


ROUTES: list[BaseRoute] = [
    Route("/admin/mail", page(outbox)),
    Route("/admin/mail/{mail}", page(mail)),
    Route("/admin/mail/{mail}/retry", page(retry, fallback=outbox), methods=["POST"]),
    Route(
        "/admin/users/{username}/email",
        page(set_email, fallback=partial(user, failed="email")),
        methods=["POST"],
    ),
]
