"""Response headers every page gets: no framing, no type sniffing, only our own scripts.

Pure ASGI (not BaseHTTPMiddleware), so it adds nothing to the request path but the headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
]  # fmt: skip


NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """Every response, errors included: the headers above; `no-store` for everything of a tenant
    (signed-in pages, documents, exports, the API: nothing of it belongs in a shared cache);
    HSTS when the request came over https."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*HEADERS]
        if str(scope.get("path", "")).startswith("/t/"):
            extra.append(NO_STORE)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # asked now, not before: the door (web/door.py) sets the scheme a trusted proxy passed on
                https = [HSTS] if scope.get("scheme") == "https" else []
                message["headers"] = [*message.get("headers", []), *extra, *https]
            await send(message)

        await self.app(scope, receive, with_headers)
