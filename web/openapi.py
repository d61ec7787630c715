"""The OpenAPI 3.1 document of the JSON API, written out by hand so it matches the contract."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
VIEW = {"$ref": "#/components/schemas/RequestView"}


def _op(summary: str, ok: dict[str, Any] | None, status: str = "200", body: str | None = None,
        params: list[dict[str, Any]] | None = None, errors: tuple[str, ...] = ("401", "404", "422")
        ) -> dict[str, Any]:  # fmt: skip
    responses: dict[str, Any] = {status: {"description": "OK"}}
    if ok is not None:
        responses[status]["content"] = {"application/json": {"schema": ok}}
    for code in errors:
        responses[code] = {"description": "error", "content": {"application/json": {"schema": ERROR}}}
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if body:
        op["requestBody"] = {
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}}
        }
    if params:
        op["parameters"] = params
    return op


def _q(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": {"type": kind}}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
LIST = {"type": "array", "items": {"type": "object"}}
PAGING = [{**_q("limit", "integer"), "description": "rows per page, 1-200 (default 50)"},
          {**_q("page", "integer"), "description": "page number from 1"}]  # fmt: skip


def _paged(items: dict[str, Any]) -> dict[str, Any]:
    """A page of a list with its total: `pages` pages of `limit` rows, this one `page`."""
    return {"type": "object", "required": ["items", "total", "page", "limit", "pages"], "properties": {
        "items": {"type": "array", "items": items}, "total": {"type": "integer"}, "page": {"type": "integer"},
        "limit": {"type": "integer"}, "pages": {"type": "integer"}}}  # fmt: skip

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"],
              "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                             "field": {"type": "string"}}}}},
    "Credentials": {"type": "object", "required": ["username", "password"],
                    "properties": {"username": {"type": "string"}, "password": {"type": "string"}}},
    "Session": {"type": "object", "properties": {"token": {"type": "string"}, "user": {"type": "object",
                "properties": {"username": {"type": "string"},
                               "roles": {"type": "array", "items": {"type": "string"}}}}}},
    "Sop": {"type": "object", "properties": {"id": {"type": "string"}, "version": {"type": "integer"},
            "roles": {"type": "array", "items": {"type": "object"}},
            "steps": {"type": "array", "items": {"type": "object"}}}},
    "NewRequest": {"type": "object", "required": ["title", "letter_number", "letter_date"],
                   "properties": {k: {"type": "string"} for k in
                                  ("title", "purpose", "letter_number", "letter_date", "opd")}},
    "StepAction": {"type": "object", "properties": {
        "decision": {"type": "string", "enum": ["ya", "tidak"]},
        "note": {"type": "string", "description": "required (the reason) where the answer ends the request: "
                 "at once or through steps that only lead to its end; else 422 naming `note`"},
        "assignee": {"type": "string"}, "deadline": {"type": "string", "format": "date-time"},
        "expected_version": {"type": "integer"}}},
    "Withdrawal": {"type": "object", "required": ["note"], "properties": {
        "note": {"type": "string", "minLength": 1, "description": "the reason, kept in the Withdrawn event"},
        "expected_version": {"type": "integer"}}},
    "RequestView": {"type": "object", "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": ["in_progress", "completed", "declined",
                                              "rejected_for_resources", "withdrawn"]},
        "sop": {"type": "object", "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}},
        "title": {"type": "string"}, "opd": {"type": ["string", "null"]}, "version": {"type": "integer"},
        "active_step": {"type": ["object", "null"]},
        "steps_taken": {"type": "array", "items": {"type": "object"}}}},
    "RequestSummary": {"type": "object", "properties": {
        "id": {"type": "string"}, "status": {"type": "string"}, "sop": {"type": "object"},
        "title": {"type": "string"}, "opd": {"type": ["string", "null"]}, "letter_number": {"type": "string"},
        "version": {"type": "integer"}, "submitted_at": {"type": "string"},
        "finished_at": {"type": ["string", "null"]}, "active_step": {"type": ["object", "null"]}}},
}  # fmt: skip


def openapi_document(tenant: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Alur API", "version": "1"},
        "servers": [{"url": f"/t/{tenant}/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/session": {
                "post": {**_op("Sign in", {"$ref": "#/components/schemas/Session"}, body="Credentials",
                               errors=("401", "422", "429")), "security": []},
                "delete": _op("Revoke this token", None, status="204", errors=("401",)),
            },
            "/sop": {"get": _op("The tenant's current SOP variant", {"$ref": "#/components/schemas/Sop"})},
            "/requests": {
                "post": _op("Submit a request", VIEW, status="201", body="NewRequest",
                            errors=("401", "403", "422")),
                "get": _op("List requests, newest first (a summary each: the steps are on its own URL)",
                           _paged({"$ref": "#/components/schemas/RequestSummary"}),
                           params=[_q("status"), _q("opd"), _q("overdue", "boolean"), *PAGING]),
            },
            "/requests/{id}": {"get": _op("One request", VIEW, params=[ID])},
            "/requests/{id}/steps/{number}": {
                "post": _op("Complete the active step", VIEW, body="StepAction", params=[ID, NUMBER],
                            errors=("401", "403", "404", "409", "422"))},
            "/requests/{id}/withdraw": {"post": _op("Withdraw (requesting OPD), with the reason", VIEW,
                                                    body="Withdrawal", params=[ID],
                                                    errors=("401", "403", "404", "409", "422"))},
            "/requests/{id}/events": {"get": _op("Every event of the request", LIST, params=[ID])},
            "/inbox": {"get": _op("My active steps, overdue first (?request=: is this one mine?)",
                                  _paged({"type": "object"}), params=[_q("request"), *PAGING])},
            "/audit": {"get": _op("The tenant's audit trail", _paged({"type": "object"}),
                                  errors=("401", "403", "422"), params=[
                _q("request"), _q("actor"), _q("type"), _q("since"), _q("until"), *PAGING])},
            "/sla": {"get": _op("Target vs. realisation", {"type": "object"}, errors=("401", "403"))},
        },
    }  # fmt: skip
