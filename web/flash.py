"""A short confirmation after a success ("Langkah 6 selesai · diteruskan ke Kepala Bidang TI"),
carried across the redirect that follows a plain form post (or htmx's `HX-Redirect`) in a
short-lived cookie, and shown once on the next page."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "alur_flash"
MAX_CHARS = 400


@dataclass(frozen=True)
class Flash:
    indonesian: str
    english: str


def keep(response: Response, request: Request, flash: Flash) -> Response:
    """Show `flash` on the next page of this tenant (one minute at most)."""
    data = json.dumps([flash.indonesian[:MAX_CHARS], flash.english[:MAX_CHARS]]).encode()
    value = base64.urlsafe_b64encode(data).decode()
    response.set_cookie(COOKIE, value, max_age=60, httponly=True, samesite="lax", path=_path(request),
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


def taken(request: Request) -> Flash | None:
    """The confirmation waiting for this page, if any (the caller then calls `forget`)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        indonesian, english = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(indonesian, str) or not isinstance(english, str):
        return None
    return Flash(indonesian[:MAX_CHARS], english[:MAX_CHARS])


def forget(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path=_path(request))


def _path(request: Request) -> str:
    slug = request.path_params.get("tenant")
    return f"/t/{slug}" if slug else "/"
