"""A request's discussion at the JSON API: `GET/POST /requests/{id}/comments` and
`POST /requests/{id}/comments/{number}/retract`. Each route only translates: one builder turns a
body (JSON or a form) into the command, the handlers (domain/handlers/comments.py,
projections/queries/comments.py) apply every rule, the same ones the page calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain import commands as c
from domain.actor import Actor
from domain.comments import Comment
from projections.queries.comments import Thread
from web import inputs
from web.context import Tenancy


def write_comment(
    request_id: str, data: Mapping[str, Any], chosen: list[str] | None = None
) -> c.WriteComment:
    """A comment from a JSON body (`text`, `mentions`: a list of usernames) or a form (`text`,
    the names ticked as `mentions`, given as `chosen`)."""
    mentions = tuple(chosen) if chosen is not None else inputs.text_list(data, "mentions")
    return c.WriteComment(request_id, inputs.text(data, "text"), mentions)


def retract_comment(request_id: str, number: int) -> c.RetractComment:
    found = inputs.integer({"number": number}, "number")
    if found is None or found < 1:
        raise inputs.invalid("number", "nomor komentar dari 1", "a comment's number, from 1")
    return c.RetractComment(request_id, found)


def comment_json(comment: Comment, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "number": comment.number,
        "actor": comment.actor,
        "actor_name": comment.actor_name,
        "role": comment.role,
        "role_name": comment.role_name,
        "text": comment.text,
        "mentions": list(comment.mentions),
        "at": comment.at.astimezone(zone).isoformat(),
        "retracted": comment.retracted_at is not None,
        "retracted_at": comment.retracted_at.astimezone(zone).isoformat() if comment.retracted_at else None,
    }


def thread_json(thread: Thread, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "request_id": thread.request_id,
        "may_comment": thread.may_comment,
        "items": [comment_json(comment, zone) for comment in thread.comments],
        "people": [{"username": p.username, "full_name": p.full_name} for p in thread.people],
    }


def list_comments(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    """The request's comments, oldest first, whether the caller may write, and whom they may mention."""
    return thread_json(t.queries.comments(actor, request.path_params["id"], t.now), t.zone)


def post_comment(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    written = t.commands.comment(actor, write_comment(request.path_params["id"], body))
    return JSONResponse(comment_json(written.comment, t.zone), status_code=201)


def post_retract(request: Request, t: Tenancy, actor: Actor, body: dict[str, Any]) -> Any:
    command = retract_comment(request.path_params["id"], request.path_params["number"])
    return comment_json(t.commands.retract_comment(actor, command).comment, t.zone)
