"""The door every HTTP request passes before any route: who is really calling, how big the body
may be, and what the caller sees when something breaks.

- A request id (`X-Request-ID`, kept when the caller sends a sane one) rides on every log line
  and comes back in the response, so an official can quote it and an operator can find it.
- `X-Forwarded-For` / `-Proto` count only from ALUR_TRUSTED_PROXIES: otherwise anyone could
  claim a fresh address to the sign-in throttle.
- The body is read here, to its route's limit (web/limits.py), whether Content-Length is given
  or the body comes chunked: over the limit is 413 before the tenant, the session or the token
  is looked at. What is read waits in a temporary file past 1 MiB, and the route reads it from
  there; a refused or failed action keeps nothing of it.
- An unexpected error is logged with its request id and answered as a page, or as JSON, naming
  that id; the security headers (outside this door) are on it like on every answer.
"""

from __future__ import annotations

import ipaddress
import re
import tempfile
import uuid
from collections.abc import Sequence
from typing import IO, Any

import structlog
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.config import Network
from domain.errors import AlurError, TooLargeError
from web.limits import DEFAULT, limit_for

log = structlog.get_logger("alur.web")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
IN_MEMORY = 1024 * 1024  # past this, a body waits on disk
CHUNK = 64 * 1024


class InternalError(AlurError):
    """What the caller sees of a bug: an apology and the id that finds it in the log."""

    code = "internal"

    def __init__(self, request_id: str) -> None:
        super().__init__(
            f"terjadi kesalahan pada server; sebutkan kode {request_id} kepada admin",
            f"something went wrong on the server; quote {request_id} to the administrator",
        )
        self.request_id = request_id


class Door:
    """Pure ASGI middleware; the security headers wrap it, the routes sit behind it."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[Network] = ()) -> None:
        self.app = app
        self.trusted = tuple(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        request_id = headers.get("x-request-id", "")
        if not REQUEST_ID.match(request_id):
            request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        self._forwarded(scope, headers)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                body = await self._read_body(scope, receive, headers)
                if body is None:  # the client went away while sending
                    return
                try:
                    await self.app(scope, body.receive(receive), send_with_id)
                finally:
                    body.close()
            except TooLargeError as error:
                if started:
                    raise
                await _answer(scope, receive, send_with_id, error)
            except Exception as error:  # the one place a bug becomes a polite 500
                log.exception("unexpected_error", request_id=request_id, method=scope.get("method"),
                              path=_logged_path(scope), error=type(error).__name__)  # fmt: skip
                if not started:
                    await _answer(scope, receive, send_with_id, InternalError(request_id))

    def _forwarded(self, scope: Scope, headers: dict[str, str]) -> None:
        """The real client and scheme, when (and only when) a trusted proxy passed them on."""
        if not self.trusted or not self._is_trusted((scope.get("client") or ("", 0))[0]):
            return
        hops = [hop.strip() for hop in headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        for hop in reversed(hops):  # from the nearest proxy outwards; the first untrusted is the client
            if not self._is_trusted(hop):
                scope["client"] = (hop, 0)
                break
        else:
            if hops:
                scope["client"] = (hops[0], 0)
        proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def _read_body(self, scope: Scope, receive: Receive, headers: dict[str, str]) -> Body | None:
        limit = limit_for(scope.get("method", "GET"), scope.get("path", ""))
        if not headers.get("content-type", "").lower().startswith("multipart/form-data"):
            limit = DEFAULT  # an upload route's size is for files: its JSON or plain form is any other body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit.bytes:
            raise _too_large(limit)
        body = Body()
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    body.close()
                    return None
                body.write(message.get("body", b""))
                if body.size > limit.bytes:
                    raise _too_large(limit)
                if not message.get("more_body", False):
                    return body
        except BaseException:
            body.close()
            raise


class Body:
    """A request body read in full: in memory while small, then in a temporary file."""

    def __init__(self) -> None:
        self.size = 0
        self.small = bytearray()
        self.file: IO[bytes] | None = None

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.file is None and self.size <= IN_MEMORY:
            self.small += chunk
            return
        if self.file is None:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close(), after the route
            self.file.write(self.small)
            self.small = bytearray()
        self.file.write(chunk)

    def receive(self, original: Receive) -> Receive:
        """The body again, as the route reads it; after it, the client's own messages (disconnect)."""
        if self.file is not None:
            self.file.seek(0)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await original()
            if self.file is None:
                sent = True
                return {"type": "http.request", "body": bytes(self.small), "more_body": False}
            chunk = self.file.read(CHUNK)
            more = self.file.tell() < self.size
            sent = not more
            return {"type": "http.request", "body": chunk, "more_body": more}

        return replay

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _headers(scope: Scope) -> dict[str, str]:
    """Header names lower-cased; a repeated header's values joined with commas (RFC 9110)."""
    found: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        name, text = key.decode("latin-1").lower(), value.decode("latin-1")
        found[name] = f"{found[name]}, {text}" if name in found else text
    return found


def _too_large(limit: Any) -> TooLargeError:
    return TooLargeError(f"isi permintaan terlalu besar: {limit.indonesian}",
                         f"the request body is too large: {limit.english}", field="body")  # fmt: skip


async def _answer(scope: Scope, receive: Receive, send: Send, error: AlurError) -> None:
    """The same page or JSON a route's refusal gets (web/app.py), from before any route ran."""
    from web.app import alur_error  # the app module imports this one

    response = await alur_error(Request(scope, receive), error)
    await response(scope, receive, send)


def _logged_path(scope: Scope) -> str:
    """The path as `Observe` logs it, credentials masked (web/metrics.py); never the raw path."""
    return str(scope.get("state", {}).get("log", {}).get("path", "-"))
