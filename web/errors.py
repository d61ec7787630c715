"""How refusals reach HTTP: each domain error code has one status; the web adds a few of its own.

Every error body is `{"error": {"code", "message", "field"?}}` on the API; pages show the
message in the page's language.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from domain.errors import AlurError, UnauthenticatedError, not_found

STATUS_BY_CODE = {
    "invalid_input": 422,
    "missing_documents": 422,
    "already_exists": 422,
    "not_active_step": 409,
    "stale_version": 409,
    "conflict": 409,
    "request_finished": 409,
    "variant_version_conflict": 409,
    "hand_over_needed": 409,
    "deadline_beyond_reach": 422,
    "role_not_held": 403,
    "forbidden": 403,
    "not_found": 404,
    "unauthenticated": 401,
    "csrf": 403,
    "too_large": 413,
    "unsupported_media_type": 415,
    "too_many_attempts": 429,
    "method_not_allowed": 405,
    "overloaded": 503,
    "internal": 500,
}


class CsrfError(AlurError):
    code = "csrf"


class MethodNotAllowed(AlurError):
    code = "method_not_allowed"


class BadRequest(AlurError):
    code = "invalid_input"


def status_of(error: AlurError) -> int:
    return STATUS_BY_CODE.get(error.code, 400)


def error_body(error: AlurError, lang: str = "en") -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": error.code,
        "message": error.english if lang == "en" else error.indonesian,
    }
    if error.field:
        body["field"] = error.field
    missing = getattr(error, "missing_inputs", None), getattr(error, "missing_outputs", None)
    if missing != (None, None):  # a step's Mutu Baku: each document still missing, by name
        body["missing"] = {"inputs": list(missing[0] or ()), "outputs": list(missing[1] or ())}
    if getattr(error, "appointments", None) is not None:  # hand_over_needed: the list, and who may take it
        body["appointments"], body["candidates"] = error.appointments, error.candidates  # type: ignore[attr-defined]
    request_id = getattr(error, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return {"error": body}


def json_error(error: AlurError) -> Response:
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if isinstance(error, UnauthenticatedError):
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(error_body(error), status_code=status_of(error), headers=headers)


def http_error(exc: Exception) -> AlurError:
    """Starlette's own 404/405/400 as a domain-shaped error."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return not_found()
    if status == 405:
        return MethodNotAllowed("metode tidak diizinkan", "method not allowed")
    return BadRequest("permintaan tidak valid", "bad request")
