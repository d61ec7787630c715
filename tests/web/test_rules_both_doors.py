"""Each rule, tried at every door: the JSON API, the HTML pages and (for the tenant's
administration) the `alur` command refuse it alike.

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

from domain import commands as c
from domain.actor import operator
from domain.errors import AlurError
from tests.mutu import as_form, needed
from tests.web.conftest import World, add_user, complete, submit
from tests.web.pages_helpers import alur_at, browser, csrf_of
from web.errors import status_of

Setup = Callable[[World], str]  # -> request id


def fresh(world: World) -> str:
    return str(submit(world)["id"])


def disposed(world: World) -> str:
    request_id = fresh(world)
    assert complete(world, request_id, 2, "kadis").status_code == 200
    return request_id


def withdrawn(world: World) -> str:
    request_id = fresh(world)
    body = {"note": "Digabung dengan permohonan lain"}
    assert world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json=body).status_code == 200
    return request_id


def at_step_six(world: World) -> str:
    """Sumbawa step 6: the Kabid TI decides whether infrastructure, staff and budget exist."""
    request_id = fresh(world)
    add_user(world.service(), ("sumbawa-2021", 3), "dev-budi", ["tim-pengembang"])  # the one appointed
    steps = ((2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "Dev-Budi"}),
             (5, "kasi-aplikasi", {}))  # fmt: skip
    for number, user, body in steps:
        assert complete(world, request_id, number, user, **body).status_code == 200
    return request_id


def at_step_nine(world: World) -> str:
    """Sumbawa step 9, which the SOP gives to the person appointed at step 4: here dev-budi."""
    request_id = at_step_six(world)
    for number, user, body in ((6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {})):
        assert complete(world, request_id, number, user, **body).status_code == 200
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
         "/requests/{id}/steps/9", {"on_behalf_of": "dev-budi"}, 403, "role_not_held"),
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
    assert view["appointee"] == "dev-budi"
    done = complete(world, request_id, 9, "dev-budi")
    assert done.status_code == 200, done.text
    assert done.json()["steps_taken"][-1]["on_behalf_of"] is None
    client = browser(world, "tim-pengembang")
    page = client.get(f"/t/{world.a}/requests/{request_id}")
    assert "Anda bertindak atas nama beliau." in html.unescape(page.text)
    paper = as_form(needed(done.json()["checklist"], None))  # step 10's outputs, handed over on paper
    form = {"csrf": csrf_of(page.text), "on_behalf_of": "dev-budi", "note": "Rencana dipresentasikan",
            **paper}  # fmt: skip
    answer = client.post(f"/t/{world.a}/requests/{request_id}/steps/10", data=form, follow_redirects=False)
    assert answer.status_code == 303
    taken = world.api("GET", f"/requests/{request_id}", "auditor").json()["steps_taken"][-1]
    assert (taken["number"], taken["actor"], taken["on_behalf_of"]) == (10, "tim-pengembang", "dev-budi")
    history = client.get(f"/t/{world.a}/requests/{request_id}/history").text
    assert "tim-pengembang atas nama dev-budi" in html.unescape(history)


# -- the tenant's administration: the API (where it has the action), the pages and the CLI ----------


@dataclass(frozen=True)
class AdminCase:
    rule: str
    setup: Callable[[World], None]
    handler: Callable[[Any, Any], Any]  # (desk, operator) -> the same command, in this process
    page: tuple[str, dict[str, str]]  # a form posted below /t/{tenant}
    cli: str  # `alur …`, "{t}" the tenant
    api: tuple[str, dict[str, Any]] | None = None  # a POST below /api/v1, where the API has it
    status: int = 422


def nothing(world: World) -> None:
    pass


def kadis_deactivated(world: World) -> None:
    assert world.api("POST", "/users/kadis/deactivate", "admin").status_code == 200


ADMIN_CASES = [
    AdminCase("a user's OPD is one the tenant knows", nothing,
              lambda d, a: d.commands.edit_user(a, c.EditUser("kadis", {"opd": "NOPE"})),
              ("/admin/users/kadis", {"full_name": "Kadis", "nip": "", "opd": "NOPE"}),
              "user edit --tenant {t} kadis --opd NOPE", ("/users/kadis/details", {"opd": "NOPE"})),
    AdminCase("a deactivated user is not deactivated again", kadis_deactivated,
              lambda d, a: d.commands.set_active(a, c.SetUserActive("kadis", False)),
              ("/admin/users/kadis/status", {"active": "0"}), "user deactivate --tenant {t} kadis",
              ("/users/kadis/deactivate", {})),
    AdminCase("an active user is not reactivated", nothing,
              lambda d, a: d.commands.set_active(a, c.SetUserActive("kadis", True)),
              ("/admin/users/kadis/status", {"active": "1"}), "user reactivate --tenant {t} kadis",
              ("/users/kadis/reactivate", {})),
    AdminCase("an unknown user's password is not reset", nothing,
              lambda d, a: d.commands.reset_password(a, c.ResetPassword("nobody")),
              ("/admin/users/nobody/password-reset", {}), "user reset-password --tenant {t} nobody",
              ("/users/nobody/password-reset", {}), 404),
    AdminCase("who files requests needs an OPD", nothing,
              lambda d, a: d.commands.grant(a, c.GrantRole("kadis", "opd")),
              ("/admin/grants", {"username": "kadis", "role": "opd"}), "user grant --tenant {t} kadis opd"),
    AdminCase("an unknown role is not granted", nothing,
              lambda d, a: d.commands.grant(a, c.GrantRole("kadis", "raja")),
              ("/admin/grants", {"username": "kadis", "role": "raja"}), "user grant --tenant {t} kadis raja"),
    AdminCase("a username is taken once", nothing,
              lambda d, a: d.commands.create_user(a, c.CreateUser("kadis", "sandi-baru-2026", ("kadis",))),
              ("/admin/users", {"username": "kadis", "password": "sandi-baru-2026", "roles": "kadis"}),
              "user create --tenant {t} kadis --role kadis --password-stdin"),
    AdminCase("switching the SOP needs a reason", nothing,
              lambda d, a: d.commands.switch_sop(a, c.SwitchSop("cirebon-2019", " ")),
              ("/admin/sop", {"variant": "cirebon-2019", "reason": " "}), "tenant set-sop {t} cirebon-2019"),
    AdminCase("the SOP in force is not switched to again", nothing,
              lambda d, a: d.commands.switch_sop(a, c.SwitchSop("sumbawa-2021", "lagi")),
              ("/admin/sop", {"variant": "sumbawa-2021", "reason": "lagi"}),
              "tenant set-sop {t} sumbawa-2021 --reason lagi"),
]  # fmt: skip


@pytest.mark.parametrize("case", ADMIN_CASES, ids=[case.rule for case in ADMIN_CASES])
def test_an_admin_rule_is_refused_alike_at_the_api_the_pages_and_the_cli(world: World, case: AdminCase):
    case.setup(world)
    desk = world.platform.desk(world.platform.tenant(world.a))
    with pytest.raises(AlurError) as refused:
        case.handler(desk, operator(world.a, "uji"))
    expected = refused.value
    assert status_of(expected) == case.status
    if case.api is not None:
        api = world.api("POST", case.api[0], "admin", json=case.api[1])
        assert (api.status_code, api.json()["error"]["message"]) == (case.status, expected.english), api.text
    client = browser(world, "admin")
    csrf = csrf_of(client.get(f"/t/{world.a}/admin/users").text)
    page = client.post(f"/t/{world.a}{case.page[0]}?lang=en", data={"csrf": csrf, **case.page[1]},
                       follow_redirects=False)  # fmt: skip
    assert page.status_code == case.status and expected.english in html.unescape(page.text)
    code, out = alur_at(world, case.cli.format(t=world.a), stdin="sandi-baru-2026\n")
    assert code == 1 and expected.english in out and expected.indonesian in out, out
