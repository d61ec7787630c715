"""Reads that see the client's own writes, even while a separate worker keeps the read models.

An answer to a command carries the position of the last event it wrote: the API in the
`Alur-Position` header, the pages in a short-lived cookie (the 303 after a plain form post, and
any page after it). A read that names a position (the header again, or the cookie) waits until
every read model of the tenant has it, within ALUR_READ_WAIT seconds; if that passes, the answer
says so (`Alur-Stale: 1`, and a line on the page) rather than pretending to be current.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from adapters.turns import outside
from web.context import Tenancy

HEADER = "Alur-Position"
STALE = "Alur-Stale"
COOKIE = "alur_position"
KEPT = 120  # seconds the cookie lasts: past that, any worker has long caught up


def asked(request: Request) -> int | None:
    """The position this read must see, if its client wrote one (a positive integer)."""
    given = request.headers.get(HEADER) or request.cookies.get(COOKIE) or ""
    return int(given) if given.isdigit() and 0 < len(given) <= 18 else None


def wait(request: Request, t: Tenancy) -> bool:
    """For a read: until the read models have the client's own write (False if the wait ran out)."""
    position = asked(request) if request.method in ("GET", "HEAD") else None
    if position is None:
        return True
    with outside():  # a wait for the worker: the tenant's other requests may run meanwhile
        return t.queries.wait_for(position, t.web.platform.settings.read_wait)


def written(t: Tenancy) -> int | None:
    """Where the command just run by this thread put its last event (None: it wrote nothing)."""
    return t.commands.service.written_position()


def mark(answer: Response, request: Request, slug: str, position: int | None, fresh: bool = True) -> Response:
    """Give the answer the position of its write (header and cookie), and say if it may be stale."""
    if position is not None:
        answer.headers[HEADER] = str(position)
        answer.set_cookie(COOKIE, str(position), max_age=KEPT, httponly=True, samesite="lax",
                          path=f"/t/{slug}", secure=request.url.scheme == "https")  # fmt: skip
    if not fresh:
        answer.headers[STALE] = "1"
    return answer
