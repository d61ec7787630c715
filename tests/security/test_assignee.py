"""Where a step assigns someone, the assignee is an active user of the tenant holding one of the
SOP's official roles; anything else is 422 naming the field, at both doors (both stores)."""

from __future__ import annotations

import pytest

from tests.security.bounds import bounded
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, post


def _to_step_four(world: World) -> str:
    view = submit(world)
    for number, user in ((2, "kadis"), (3, "kabid-ti")):
        answer = world.api("POST", f"/requests/{view['id']}/steps/{number}", user, json={})
        assert answer.status_code == 200, answer.text
    return view["id"]


@pytest.mark.parametrize(
    "assignee",
    ["orang-asing", "opd-disdik", "auditor", "admin", "boss"],  # no user; OPD; no SOP role; other tenant
)
def test_an_assignee_who_is_no_official_of_the_tenant_is_422_through_the_api(world: World, assignee: str):
    request_id = _to_step_four(world)
    with bounded(seconds=2, megabytes=20):
        answer = world.api(
            "POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi", json={"assignee": assignee}
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "assignee"
    assert world.api("GET", f"/requests/{request_id}", "kadis").json()["active_step"]["number"] == 4


def test_the_page_refuses_the_same_assignee_beside_its_field(world: World):
    request_id = _to_step_four(world)
    url = f"/t/{world.a}/requests/{request_id}"
    answer = post(
        browser(world, "kasi-aplikasi"), f"{url}/steps/4", {"assignee": "orang-asing"}, from_page=url
    )
    assert answer.status_code == 422 and "orang-asing" in answer.text


def test_an_official_of_the_sop_may_be_assigned(world: World):
    request_id = _to_step_four(world)
    answer = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                       json={"assignee": "tim-pengembang"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["active_step"]["number"] == 5


def test_an_assignee_typed_in_capitals_is_recorded_as_the_username_they_sign_in_with(world: World):
    request_id = _to_step_four(world)
    answer = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                       json={"assignee": " Tim-Pengembang "})  # fmt: skip
    assert answer.status_code == 200, answer.text
    events = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    assert events[-1]["data"]["assignees"] == ["tim-pengembang"]  # so the inbox finds them
