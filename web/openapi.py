"""The OpenAPI 3.1 document of the JSON API, written out by hand so it matches the contract."""

from __future__ import annotations

from typing import Any

from projections import audit as audit_model
from projections import inbox as inbox_model
from projections import people
from projections import requests as requests_model

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


def _listing(columns: tuple[str, ...], default: str, search: str) -> list[dict[str, Any]]:
    """`q` (a search) and `sort` (one of the list's columns, `-` first for descending)."""
    sorts = [*columns, *(f"-{c}" for c in columns)]
    return [
        {**_q("q"), "description": f"search, as plain text and case-insensitive (up to 100 characters): "
                                   f"{search}"},
        {"name": "sort", "in": "query", "required": False, "schema": {"type": "string", "enum": sorts},
         "description": f"sort column, `-` first for descending; default `{default}`; empty values last, "
                        "ties in a fixed order so pages never overlap"},
    ]  # fmt: skip


REQUEST_SORTS = tuple(requests_model.SORTS)
FINDS_REQUESTS = "a title, a letter number, an OPD's code or name"


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
        "decision": {"type": "string", "enum": ["ya", "tidak"]}, "note": {"type": "string"},
        "assignee": {"type": "string"}, "deadline": {"type": "string", "format": "date-time"},
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
                           params=[_q("status"), _q("opd"), _q("overdue", "boolean"),
                                   *_listing(REQUEST_SORTS, "-submitted", FINDS_REQUESTS), *PAGING]),
            },
            "/requests/{id}": {"get": _op("One request", VIEW, params=[ID])},
            "/requests/{id}/steps/{number}": {
                "post": _op("Complete the active step", VIEW, body="StepAction", params=[ID, NUMBER],
                            errors=("401", "403", "404", "409", "422"))},
            "/requests/{id}/withdraw": {"post": _op("Withdraw (requesting OPD)", VIEW, params=[ID],
                                                    errors=("401", "403", "404", "409"))},
            "/requests/{id}/events": {"get": _op("Every event of the request", LIST, params=[ID])},
            "/inbox": {"get": _op("My active steps, overdue first (?request=: is this one mine?), each with "
                                  "`waiting_days` and `remaining_days` (working days; negative: overdue by) "
                                  "and its `time_standard` (null: the SOP gives none)",
                                  _paged({"type": "object"}), params=[
                _q("request"), *_listing(tuple(inbox_model.SORTS), "due",
                                         FINDS_REQUESTS), *PAGING])},
            "/overview": {"get": _op(
                "The office overview (the SOP's leaders, e.g. Kepala Dinas and Kepala Bidang, and admins): "
                "every open request with its step, role, the people holding it, working days waited and "
                "left, overdue first; `open`, `overdue`, `by_role` and `by_opd` count every open request "
                "matching `q` whatever the other filters",
                _paged({"type": "object"}), errors=("401", "403", "422"), params=[
                    _q("role"), _q("opd"), _q("overdue", "boolean"),
                    *_listing(REQUEST_SORTS, "due", FINDS_REQUESTS), *PAGING])},
            "/audit": {"get": _op("The tenant's audit trail", _paged({"type": "object"}),
                                  errors=("401", "403", "422"), params=[
                _q("request"), _q("actor"), _q("type"), _q("since"), _q("until"),
                *_listing(tuple(audit_model.SORTS), "position",
                          "a request's title, letter number or OPD, or words of the event's sentence"),
                *PAGING])},
            "/users": {"get": _op("The tenant's users with their roles and grants (admins)",
                                  _paged({"type": "object"}), errors=("401", "403", "422"), params=[
                *_listing(tuple(people.USER_SORTS), "username",
                          "a username, a name, a NIP, an OPD's code or name"), *PAGING])},
            "/sla": {"get": _op("Target vs. realisation", {"type": "object"}, errors=("401", "403"))},
        },
    }  # fmt: skip
