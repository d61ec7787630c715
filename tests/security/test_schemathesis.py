"""Schemathesis against the JSON API (issue 10): the OpenAPI document says what the API takes
and what it answers, and no input gets a 5xx.

A bounded, derandomized run on the `world` (SQLite and PostgreSQL): every operation of
`/t/{tenant}/api/v1/openapi.json`, with schema-valid and schema-breaking input, as an official,
an OPD user, an auditor and an admin, mostly on real requests of the tenant. Any 5xx, an answer whose
status, content type, headers or body the document does not name, or schema-breaking input that
is not refused with a 4xx fails the test; every finding is listed at once, each with a curl line
that reproduces it.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.errors import FailureGroup
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from tests.web.conftest import PASSWORD, World, add_user, submit

# Per operation, user and mode: few, so the whole run is a few hundred requests.
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
USERS = ("kadis", "opd-disdik", "auditor", "admin")  # admin: the users list
PUBLIC = {"GET /openapi.json", "POST /session"}
# No generated password is right; a new target needs a request whose target (set during it, as
# in Tangerang Selatan) has passed, which this Sumbawa world has not: tests/web/test_dates_pages.py.
NEVER_SUCCEEDS = {"POST /session", "POST /requests/{id}/target",
                  # A submission needs its letter as a PDF: a JSON body has none (422) and a
                  # generated file is never a PDF (415); tests/web/test_mutu_baku.py files them.
                  "POST /requests",
                  # A missing document is named exactly as the step's Kelengkapan, a resubmission
                  # needs a returned request and a file, a document its SHA-256: no generated value
                  # is; tests/web/test_return_resubmit.py does each.
                  "POST /requests/{id}/return", "POST /requests/{id}/resubmit",
                  "GET /requests/{id}/documents/{sha256}",
                  # A day off needs a working day not yet one, office hours a real HH:MM range within
                  # a year, a holiday year 2000-2100 not yet recorded: generated values are not;
                  # tests/web/test_office_calendar.py does each.
                  "POST /calendar/days", "POST /calendar/hours", "POST /calendar/years",
                  # A threshold of 1-250 working days other than the one in force, with a reason;
                  # tests/web/test_stalled.py sets it.
                  "POST /settings/stalled-after",
                  # A document is made only for a step of the request that gives it (its place in the
                  # history and its kind together), the kop surat only with lines other than the ones in
                  # force: a generated pair rarely is; tests/web/test_naskah.py and test_letterhead.py do.
                  "POST /requests/{id}/naskah", "POST /settings/letterhead",
                  # A grant needs a role of the SOP not already held in that period (a Plt. its SK), an
                  # SK's PDF its SHA-256: tests/web/test_plt_sk.py does both.
                  "POST /users/{username}/grants", "GET /audit/sk/{sha256}",
                  # A mail of the outbox is named by its id, and only a failed one is retried: no
                  # generated id is one; tests/web/test_mail_pages.py reads and retries one.
                  "GET /mail/outbox/{mail}", "POST /mail/outbox/{mail}/retry",
                  # A notice's id is made from an event's position, a user and a kind: no generated
                  # UUID is one; tests/web/test_notices_pages.py marks one read through both doors.
                  "POST /notifications/{id}/read",
                  # Only its author retracts a comment, by its number: a generated pair rarely is one;
                  # tests/web/test_comments_pages.py retracts one through both doors.
                  "POST /requests/{id}/comments/{number}/retract",
                  # One's own new password needs the old one, which no generated value is (a wrong one
                  # counts as a failed sign-in); tests/web/test_own_password_pages.py changes one.
                  "POST /me/password",
                  # An absence needs days from today on and a Plh. who holds a workflow role, and it is
                  # named by its id: tests/web/test_absences.py asks, decides and cancels at both doors.
                  "POST /me/absences", "POST /me/absences/{id}/cancel", "POST /absences/{id}/approve",
                  "POST /absences/{id}/refuse"}
TARGET = "sasaran"  # the user `/users/{username}/…` cases edit, deactivate and reset: none of USERS


def negative_data_rejection(ctx: Any, response: Any, case: schemathesis.Case) -> bool | None:
    """Schemathesis's own check, but not for a query parameter the document does not name: the
    API ignores those, as its document says, and the check's own exception for them misses
    names like "" (`?=false`)."""
    if set(case.query or {}) - {parameter.name for parameter in case.operation.query}:
        return None
    return schemathesis.checks.negative_data_rejection(ctx, response, case)


CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    negative_data_rejection,
]
SETTINGS = hypothesis.settings(
    deadline=None,
    derandomize=True,  # the same examples every run: CI fails only on a change
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the run stays bounded when it fails
    suppress_health_check=list(HealthCheck),
)


class Run:
    """Sends each generated case through the app in-process and validates the answer."""

    def __init__(self, world: World) -> None:
        self.base = f"http://testserver/t/{world.a}/api/v1"
        # A 500 comes back as an answer, for the check to report with its request.
        self.client = TestClient(world.client.app, raise_server_exceptions=False)
        self.answered: Counter[tuple[str, int]] = Counter()
        self.media: Counter[str] = Counter()  # the bodies sent, by media type
        self.findings: list[str] = []

    def call(self, case: schemathesis.Case, token: str) -> None:
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs = case.as_transport_kwargs(base_url=self.base, headers=auth)
        content = kwargs.get("data")
        if "json" in kwargs:
            content = json.dumps(kwargs["json"]).encode()  # ASCII escapes, as `requests` sends JSON
        headers = dict(kwargs["headers"])
        if kwargs.get("files"):  # a multipart case: encoded here, so the report can show its body
            files = [(name, part if isinstance(part, (bytes, str, tuple)) else str(part).encode())
                     for name, part in kwargs["files"]]  # a generated non-text value, sent as its text
            encoded = self.client.build_request("POST", kwargs["url"], data=kwargs.get("data"),
                                                files=files)  # fmt: skip
            content = encoded.read()
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            headers["Content-Type"] = encoded.headers["content-type"]
        answer = self.client.request(
            kwargs["method"],
            kwargs["url"],
            params=kwargs.get("params"),
            headers=headers,
            cookies=kwargs.get("cookies") or None,
            content=content,
        )
        self.answered[(case.operation.label, answer.status_code)] += 1
        self.media[case.media_type or "-"] += 1
        case.validate_response(answer, checks=CHECKS)

    def explore(
        self, label: str, cases: st.SearchStrategy[Any], examples: int, token: Callable[[], str]
    ) -> None:
        @hypothesis.settings(SETTINGS, max_examples=examples)
        @given(case=cases)
        def property_(case: schemathesis.Case) -> None:
            self.call(case, token())

        try:
            property_()
        except Unsatisfiable:
            if "negative" not in label:  # else: nothing to break in an operation without input
                self.findings.append(f"--- {label}\nno case could be generated")
        except (Exception, FailureGroup) as failure:  # one per operation, user and mode; go on
            self.findings.append(f"--- {label}\n{failure}")


def strategy(operation: Any, mode: GenerationMode, request_ids: list[str]) -> st.SearchStrategy[Any]:
    """Cases for the operation; on `{id}` paths most of them about real requests (one of them
    waiting at step 2, where kadis acts), so the run gets past "not found"."""
    fixed = [{"id": rid} for rid in request_ids] + [{"id": request_ids[0], "number": 2}, {"username": TARGET}]
    names = {name for name in ("id", "number", "username") if f"{{{name}}}" in operation.path}
    return st.one_of(
        *(operation.as_strategy(generation_mode=mode, path_parameters=p) for p in fixed if set(p) == names),
        operation.as_strategy(generation_mode=mode),
    )


def fresh_token(world: World) -> Callable[[], str]:
    """A token of its own for each `DELETE /session`, which revokes it."""

    def token() -> str:
        answer = world.client.post(
            f"/t/{world.a}/api/v1/session", json={"username": "kadis", "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    return token


def test_the_api_answers_every_generated_request_as_its_openapi_document_says(world: World):
    started = time.monotonic()
    schema = schemathesis.openapi.from_dict(world.client.get(f"/t/{world.a}/api/v1/openapi.json").json())
    request_ids = [submit(world)["id"], submit(world, "opd-dinkes")["id"]]
    add_user(world.service(), ("sumbawa-2021", 3), TARGET, ["kasi-aplikasi"])
    tokens = {user: world.token(user) for user in USERS}  # before sign-in fuzzing slows sign-ins
    run = Run(world)
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=lambda op: op.label == "POST /session"
    )  # its failed sign-ins last
    for operation in operations:
        for mode, examples in EXAMPLES.items():
            cases = strategy(operation, mode, request_ids)
            label = f"{operation.label} ({mode.value}"
            if operation.label == "DELETE /session":
                run.explore(f"{label})", cases, examples, fresh_token(world))
            elif operation.label in PUBLIC:
                run.explore(f"{label})", cases, examples, lambda: "")
            else:
                for user in USERS:
                    run.explore(f"{label}, {user})", cases, examples, lambda user=user: tokens[user])
    sent = sum(run.answered.values())
    print(f"schemathesis: {sent} requests in {time.monotonic() - started:.1f} s; by operation and status:")
    print("\n".join(f"  {label} {status}: {n}" for (label, status), n in sorted(run.answered.items())))
    print(f"bodies by media type: {dict(run.media)}")
    assert not run.findings, f"{len(run.findings)} findings:\n\n" + "\n\n".join(run.findings)
    assert sent <= sum(EXAMPLES.values()) * len(USERS) * len(operations)  # each within its examples
    succeeded = {label for (label, status), _ in run.answered.items() if status < 300}
    assert succeeded >= {op.label for op in operations} - NEVER_SUCCEEDS  # tokens and ids did work


def api_routes(world: World) -> set[str]:
    """`METHOD /path` of every route mounted at /t/{tenant}/api/v1, as OpenAPI writes paths."""
    mounts = [m for m in world.client.app.routes if isinstance(m, Mount) and m.path == "/t/{tenant}"]
    api = next(m for m in mounts[0].routes if isinstance(m, Mount) and m.path == "/api/v1")
    return {
        f"{method} {route.path.replace(':int', '')}"
        for route in api.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_the_openapi_document_names_every_api_route_and_no_other(world: World):
    document = world.client.get(f"/t/{world.a}/api/v1/openapi.json").json()
    documented = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert documented == api_routes(world)
