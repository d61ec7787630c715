"""Each rule, tried at both front doors: the JSON API and the HTML pages refuse it alike.

Both doors call the same handlers, so a refusal has one status and one message. Each case sets
up a request, then makes the same attempt through the API (as JSON) and through the page (a
plain form post, in English so the message can be compared), and checks both.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, csrf_of

Setup = Callable[[World], str]  # -> request id


def fresh(world: World) -> str:
    return str(submit(world)["id"])


def disposed(world: World) -> str:
    request_id = fresh(world)
    assert world.api("POST", f"/requests/{request_id}/steps/2", "kadis", json={}).status_code == 200
    return request_id


def withdrawn(world: World) -> str:
    request_id = fresh(world)
    body = {"note": "Digabung dengan permohonan lain"}
    assert world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json=body).status_code == 200
    return request_id


def at_step_six(world: World) -> str:
    """Sumbawa step 6: the Kabid TI decides whether infrastructure, staff and budget exist."""
    request_id = fresh(world)
    steps = ((2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "kasi-aplikasi"}),
             (5, "kasi-aplikasi", {}))  # fmt: skip
    for number, user, body in steps:
        assert world.api("POST", f"/requests/{request_id}/steps/{number}", user, json=body).status_code == 200
    return request_id


def at_step_nine(world: World) -> str:
    """Sumbawa step 9, which the SOP gives to the person appointed at step 4: here the Kasi."""
    request_id = at_step_six(world)
    for number, user, body in ((6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {})):
        assert world.api("POST", f"/requests/{request_id}/steps/{number}", user, json=body).status_code == 200
    return request_id


@dataclass(frozen=True)
class Case:
    rule: str
    user: str
    setup: Setup
    method: str
    path: str  # below /t/{tenant}; "{id}" is the request
    body: dict[str, Any]
    status: int
    code: str


CASES = [
    Case("an official may not withdraw (only the requesting OPD)", "kadis", fresh, "POST",
         "/requests/{id}/withdraw", {"note": "x"}, 403, "role_not_held"),
    Case("another OPD does not even see the request to withdraw it", "opd-dinkes", fresh, "POST",
         "/requests/{id}/withdraw", {}, 404, "not_found"),
    Case("a withdrawal needs a reason", "opd-disdik", fresh, "POST", "/requests/{id}/withdraw", {"note": " "},
         422, "invalid_input"),
    Case("an answer that ends the request needs a reason", "kabid-ti", at_step_six, "POST",
         "/requests/{id}/steps/6", {"decision": "tidak", "confirmed": "1"}, 422, "invalid_input"),
    Case("another OPD does not see the request", "opd-dinkes", fresh, "GET", "/requests/{id}", {}, 404,
         "not_found"),
    Case("another OPD does not see its history", "opd-dinkes", fresh, "GET", "/requests/{id}/history", {},
         404, "not_found"),
    Case("only the step's role may complete it", "kabid-ti", fresh, "POST", "/requests/{id}/steps/2", {},
         403, "role_not_held"),
    Case("another holder of the role acts only on behalf of the appointee", "tim-pengembang", at_step_nine,
         "POST", "/requests/{id}/steps/9", {}, 422, "invalid_input"),
    Case("on behalf of the appointee, not of anyone else", "tim-pengembang", at_step_nine, "POST",
         "/requests/{id}/steps/9", {"on_behalf_of": "kadis"}, 422, "invalid_input"),
    Case("neither the appointee nor a holder of the role may act", "kabid-ti", at_step_nine, "POST",
         "/requests/{id}/steps/9", {"on_behalf_of": "kasi-aplikasi"}, 403, "role_not_held"),
    Case("no one is acted for on a step without an appointee", "kadis", fresh, "POST",
         "/requests/{id}/steps/2", {"on_behalf_of": "kabid-ti"}, 422, "invalid_input"),
    Case("only the active step can be completed", "kabid-ti", fresh, "POST", "/requests/{id}/steps/3", {},
         409, "not_active_step"),
    Case("a stale version is refused", "kadis", fresh, "POST", "/requests/{id}/steps/2",
         {"expected_version": "7"}, 409, "stale_version"),
    Case("a decision step needs ya or tidak", "kabid-ti", disposed, "POST", "/requests/{id}/steps/3",
         {"decision": "mungkin"}, 422, "invalid_input"),
    Case("a finished request takes no action", "kadis", withdrawn, "POST", "/requests/{id}/steps/2", {},
         409, "request_finished"),
    Case("an unknown request is not found", "kadis", fresh, "GET",
         "/requests/00000000-0000-0000-0000-000000000000", {}, 404, "not_found"),
    Case("the audit trail is for auditors", "kabid-ti", fresh, "GET", "/audit", {}, 403, "forbidden"),
    Case("the SLA report is not for OPD users", "opd-disdik", fresh, "GET", "/sla", {}, 403, "forbidden"),
    Case("an OPD user files only for its own OPD", "opd-disdik", fresh, "POST", "/requests",
         {"title": "X", "letter_number": "1/1", "letter_date": "2026-03-16", "opd": "DINKES"}, 422,
         "invalid_input"),
    Case("an official may not submit", "kadis", fresh, "POST", "/requests",
         {"title": "X", "letter_number": "1/1", "letter_date": "2026-03-16"}, 403, "role_not_held"),
]  # fmt: skip
PAGE_PATHS = {"/requests": "/requests/new", "/requests/{id}/history": "/requests/{id}/history"}
API_PATHS = {"/requests/{id}/history": "/requests/{id}/events"}


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_a_rule_is_refused_alike_at_the_api_and_the_pages(world: World, case: Case):
    request_id = case.setup(world)
    api_path = API_PATHS.get(case.path, case.path).replace("{id}", request_id)
    kwargs = {"json": {k: _typed(v) for k, v in case.body.items()}} if case.method == "POST" else {}
    api = world.api(case.method, api_path, case.user, **kwargs)
    assert (api.status_code, api.json()["error"]["code"]) == (case.status, case.code), api.text

    client = browser(world, case.user)
    page_path = f"/t/{world.a}" + PAGE_PATHS.get(case.path, case.path).replace("{id}", request_id)
    if case.method == "POST":
        csrf = csrf_of(client.get(f"/t/{world.a}/requests").text)
        page = client.post(f"{page_path}?lang=en", data={"csrf": csrf, **case.body}, follow_redirects=False)
    else:
        page = client.get(f"{page_path}?lang=en", follow_redirects=False)
    assert page.status_code == case.status
    assert api.json()["error"]["message"] in html.unescape(page.text)


def _typed(value: str) -> Any:
    return int(value) if value.isdigit() else value


def test_the_appointee_acts_in_their_own_name_and_another_holder_on_their_behalf(world: World):
    request_id = at_step_nine(world)
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    assert view["appointee"] == "kasi-aplikasi"
    done = world.api("POST", f"/requests/{request_id}/steps/9", "kasi-aplikasi", json={})  # not of the role
    assert done.status_code == 200, done.text
    assert done.json()["steps_taken"][-1]["on_behalf_of"] is None
    client = browser(world, "tim-pengembang")
    page = client.get(f"/t/{world.a}/requests/{request_id}")
    assert "Anda bertindak atas nama beliau." in html.unescape(page.text)
    form = {"csrf": csrf_of(page.text), "on_behalf_of": "kasi-aplikasi", "note": "Rencana dipresentasikan"}
    answer = client.post(f"/t/{world.a}/requests/{request_id}/steps/10", data=form, follow_redirects=False)
    assert answer.status_code == 303
    taken = world.api("GET", f"/requests/{request_id}", "auditor").json()["steps_taken"][-1]
    assert (taken["number"], taken["actor"], taken["on_behalf_of"]) == (10, "tim-pengembang", "kasi-aplikasi")
    history = client.get(f"/t/{world.a}/requests/{request_id}/history").text
    assert "tim-pengembang atas nama kasi-aplikasi" in html.unescape(history)
