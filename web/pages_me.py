"""One's own pages: `/me` (name, language, how one is told) and `/notifications` (the notices).

Routes only translate: the same handlers as the JSON API (domain/handlers/people.py for the
commands, projections/queries/notices.py for the questions), with the signed-in actor.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import commands as c
from domain.notices import CHOICES, KINDS
from web import builders, inputs
from web.api import paging
from web.listing import LIST_ID, wants_list
from web.pages_admin import role_names
from web.render import Page, page
from web.views import notice_sentence


def notifications(p: Page) -> Response:
    """The user's notices, newest first, a page at a time (`?unread=true`: only unread)."""
    query = p.request.query_params
    unread = bool(inputs.boolean(query, "unread"))
    found = p.t.queries.notices(p.user, p.t.now, unread=unread, paging=paging(query, limit=20))
    said = {notice.id: notice_sentence(notice, p.lang, p.t.zone) for notice in found.items}
    block = LIST_ID if wants_list(p.request) else None  # the pager's htmx swap: the list alone
    return p.render("notifications.html", block=block, found=found, said=said, unread=unread)


def read_one(p: Page) -> Response:
    notice = p.t.queries.notice(p.user, str(p.request.path_params["id"]), p.t.now)  # 404 if not theirs
    p.t.commands.read_notice(p.user, c.ReadNotice(notice.id))
    return p.done(f"{p.base}/notifications", "Pemberitahuan ditandai sudah dibaca", "Notice marked read")


def read_all(p: Page) -> Response:
    p.t.commands.read_all_notices(p.user, c.ReadAllNotices())
    return p.done(f"{p.base}/notifications", "Semua pemberitahuan ditandai sudah dibaca",
                  "All notices marked read")  # fmt: skip


def me(p: Page) -> Response:
    names = role_names(p, p.t.queries.sop(p.user))
    return p.render("me.html", me=p.t.queries.me(p.user, p.t.now), kinds=KINDS, choices=CHOICES, names=names)


def save_me(p: Page) -> Response:
    p.t.commands.set_own_details(p.user, builders.own_details(p.user.username, p.form))
    return p.done(f"{p.base}/me", "Tersimpan", "Saved")


ROUTES: list[BaseRoute] = [
    Route("/notifications", page(notifications)),
    Route("/notifications/read-all", page(read_all, fallback=notifications), methods=["POST"]),
    Route("/notifications/{id}/read", page(read_one, fallback=notifications), methods=["POST"]),
    Route("/me", page(me)),
    Route("/me", page(save_me, fallback=me), methods=["POST"]),
]
