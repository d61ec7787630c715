"""A request's discussion on its page: the thread under the request's panel, its form (htmx
swaps the thread alone; without JavaScript a plain post and a redirect back to the request).

Routes only translate: the same handlers as the JSON API (web/comments.py builds the command),
with the signed-in actor; a refusal shows beside the comment's field, keeping the text typed.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain.comments import Comment
from web import flash, htmx
from web.comments import retract_comment, write_comment
from web.pages import _request_page
from web.render import Page, page


def _thread(p: Page, block: bool, written: Comment | None = None, **extra: Any) -> Response:
    """The thread alone (htmx), or the whole request page with it (`written`: as just saved)."""
    request_id = p.request.path_params["id"]
    thread = p.t.queries.comments(p.user, request_id, p.t.now, written)
    if block:
        return p.render("request.html", block="comments", thread=thread, **extra)
    shown = p.t.queries.request(p.user, request_id, p.t.now)
    return _request_page(p, shown, thread=thread, **extra)


def post_comment(p: Page) -> Response:
    request_id = p.request.path_params["id"]
    written = p.t.commands.comment(p.user, write_comment(request_id, p.form, p.form_list("mentions")))
    said = ("Komentar terkirim", "Comment sent")
    if written.mentions:
        names = ", ".join(f"@{name}" for name in written.mentions)
        said = (f"Komentar terkirim · {names} diberi tahu", f"Comment sent · {names} told")
    if htmx.is_htmx(p.request):
        return _thread(p, True, written.comment, comment_flash=flash.Flash(*said), comment_form={})
    return p.done(f"{p.base}/requests/{written.request_id}#comment-{written.number}", *said)


def post_retract(p: Page) -> Response:
    command = retract_comment(p.request.path_params["id"], p.request.path_params["number"])
    written = p.t.commands.retract_comment(p.user, command)
    said = ("Komentar ditarik; teksnya tetap di riwayat", "Comment retracted; its text stays in the history")
    if htmx.is_htmx(p.request):
        return _thread(p, True, written.comment, comment_flash=flash.Flash(*said))
    return p.done(f"{p.base}/requests/{written.request_id}#comment-{written.number}", *said)


def refused(p: Page) -> Response:
    """The refusal beside the comment's field (not the step form's: `error` stays unset there)."""
    error, p.error = p.error, None
    return _thread(p, htmx.is_htmx(p.request), comment_error=error, comment_form=dict(p.form),
                   comment_mentions=p.form_list("mentions"))  # fmt: skip


ROUTES: list[BaseRoute] = [
    Route("/requests/{id}/comments", page(post_comment, fallback=refused), methods=["POST"]),
    Route(
        "/requests/{id}/comments/{number:int}/retract", page(post_retract, fallback=refused), methods=["POST"]
    ),
]
