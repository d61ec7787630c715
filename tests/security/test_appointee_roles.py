"""Appointees hold a workflow role (issue 17): the person appointed to a step does it only while
they hold one of the SOP's official roles. Left with only `auditor`, they lose the step, and its
role's holders do it in their own name, as for a deactivated appointee. On SQLite and PostgreSQL."""

from __future__ import annotations

from tests.web.conftest import World, add_user, complete, submit

SOP = ("sumbawa-2021", 3)
TO_STEP_9 = [(2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "dev-dua"}),
             (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}),
             (8, "kasi-aplikasi", {})]  # fmt: skip


def at_step_9(world: World) -> str:
    add_user(world.service(), SOP, "dev-dua", ["tim-pengembang", "auditor"])
    request_id = str(submit(world)["id"])
    for number, user, body in TO_STEP_9:
        answer = complete(world, request_id, number, user, **body)
        assert answer.status_code == 200, answer.text
    return request_id


def inbox(world: World, user: str) -> list[str]:
    return [item["request_id"] for item in world.api("GET", "/inbox", user).json()["items"]]


def test_an_appointee_left_with_only_auditor_can_no_longer_do_the_step(world: World) -> None:
    request_id = at_step_9(world)
    assert inbox(world, "dev-dua") == [request_id] and inbox(world, "tim-pengembang") == []
    assert complete(world, request_id, 9, "dev-dua").status_code == 200
    world.service().revoke_role("dev-dua", "tim-pengembang", actor="admin")
    refused = complete(world, request_id, 10, "dev-dua")
    assert refused.status_code == 403, refused.text
    assert inbox(world, "dev-dua") == []


def test_the_step_goes_to_the_roles_holders_in_their_own_name(world: World) -> None:
    request_id = at_step_9(world)
    world.service().revoke_role("dev-dua", "tim-pengembang", actor="admin")
    assert inbox(world, "tim-pengembang") == [request_id]
    queries = world.platform.desk(world.platform.tenant(world.a)).queries
    actor = queries.actor("tim-pengembang", world.clock())
    assert actor is not None
    page = queries.request(actor, request_id, world.clock())
    assert page.may_act and not page.on_behalf and page.appointee is None  # the page asks no "atas nama"
    done = complete(world, request_id, 9, "tim-pengembang")
    assert done.status_code == 200, done.text  # no "on behalf of dev-dua" asked for
    events = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    step_9 = [event for event in events if event["step"] == 9][-1]
    assert step_9["actor"] == "tim-pengembang" and not step_9["data"].get("on_behalf_of")
