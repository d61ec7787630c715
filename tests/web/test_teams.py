"""Teams appointed by name and the hand-over (issue 21), at both doors, on SQLite and PostgreSQL:
Sumbawa's step 4 forms the Tim Pengembangan from the holders of its role, chosen by full name;
each member has the team's steps in their inbox and any member acts; deactivating a member or
revoking their role first lists their requests and asks whom to hand them to."""

from __future__ import annotations

import html
import re

from tests.web.conftest import PASSWORD, World, _cheap, complete, submit
from tests.web.pages_helpers import alur_at, browser, csrf_of

SOP = ("sumbawa-2021", 3)


def add_person(world: World, username: str, full_name: str, role: str) -> None:
    world.service().create_user(username, PASSWORD, hash_password=_cheap.hash, roles=[role], sop=SOP,
                                actor="test", full_name=full_name)  # fmt: skip


def at_step_four(world: World) -> str:
    add_person(world, "budi", "Budi Santoso", "tim-pengembang")
    add_person(world, "sari", "Sari Wulandari", "tim-pengembang")
    request_id = str(submit(world)["id"])
    for number, user in ((2, "kadis"), (3, "kabid-ti")):
        assert complete(world, request_id, number, user).status_code == 200
    return request_id


def on_to_step_nine(world: World, request_id: str) -> None:
    for number, user, body in ((5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}),
                               (8, "kasi-aplikasi", {})):  # fmt: skip
        answer = complete(world, request_id, number, user, **body)
        assert answer.status_code == 200, answer.text


def inbox_ids(world: World, user: str) -> list[str]:
    return [item["request_id"] for item in world.api("GET", "/inbox", user).json()["items"]]


def test_the_step_form_offers_the_holders_of_the_teams_role_by_full_name(world: World) -> None:
    request_id = at_step_four(world)
    page = html.unescape(browser(world, "kasi-aplikasi").get(f"/t/{world.a}/requests/{request_id}").text)
    assert 'type="checkbox" name="assignee" value="budi"' in page and "Budi Santoso" in page
    assert "Sari Wulandari" in page and "boleh lebih dari satu" in page
    offered = re.findall(r'name="assignee" value="([^"]+)"', page)  # the step form's names alone
    assert "kadis" not in offered and "kabid-ti" not in offered  # not the Kadis nor the Kabid


def test_a_name_outside_the_teams_role_is_refused_at_both_doors_naming_the_field(world: World) -> None:
    request_id = at_step_four(world)
    api = complete(world, request_id, 4, "kasi-aplikasi", assignees=["Budi Santoso", "Kadis"])
    assert api.status_code == 422 and api.json()["error"]["field"] == "assignee"
    assert "Tim Pengembang" in api.json()["error"]["message"]
    client = browser(world, "kasi-aplikasi")
    page = client.get(f"/t/{world.a}/requests/{request_id}?lang=en")
    form = {"csrf": csrf_of(page.text), "assignee": ["budi", "kadis"], "output-1-reference": "SK 1/2026"}
    answer = client.post(f"/t/{world.a}/requests/{request_id}/steps/4?lang=en", data=form)
    assert answer.status_code == 422
    assert api.json()["error"]["message"] in html.unescape(answer.text)
    assert 'id="assignee-error"' in answer.text


def test_every_member_has_the_teams_step_and_any_member_acts_in_their_own_name(world: World) -> None:
    request_id = at_step_four(world)
    named = complete(world, request_id, 4, "kasi-aplikasi", assignees=["budi santoso", "SARI"])
    assert named.status_code == 200, named.text
    events = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    assert events[-1]["data"]["assignees"] == ["budi", "sari"]
    on_to_step_nine(world, request_id)
    assert request_id in inbox_ids(world, "budi") and request_id in inbox_ids(world, "sari")
    assert request_id not in inbox_ids(world, "tim-pengembang")  # the role's, but not on the team
    told = world.api("GET", "/notifications", "sari").json()["items"]
    assert any(n["request_id"] == request_id and n["step"] == 9 for n in told)
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["appointees"] == ["budi", "sari"]
    done = complete(world, request_id, 9, "sari")
    assert done.status_code == 200, done.text
    taken = done.json()["steps_taken"][-1]
    assert (taken["actor"], taken["on_behalf_of"]) == ("sari", None)
    audit = html.unescape(browser(world, "auditor").get(f"/t/{world.a}/requests/{request_id}/history").text)
    assert "menunjuk budi, sari (langkah 4)" in audit


def test_deactivating_a_member_lists_their_requests_and_hands_them_over_with_a_reason(world: World) -> None:
    request_id = at_step_four(world)
    assert complete(world, request_id, 4, "kasi-aplikasi", assignees=["budi", "sari"]).status_code == 200
    on_to_step_nine(world, request_id)
    refused = world.api("POST", "/users/budi/deactivate", "admin")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "hand_over_needed" and error["field"] == "hand_to"
    assert [(a["request_id"], a["active_step"], a["appointing"]) for a in error["appointments"]] == [
        (request_id, 9, 4)
    ]
    assert [c["username"] for c in error["candidates"]] == ["sari", "tim-pengembang"]
    no_reason = world.api("POST", "/users/budi/deactivate", "admin", json={"hand_to": ["tim-pengembang"]})
    assert no_reason.status_code == 422 and no_reason.json()["error"]["field"] == "reason"
    body = {"hand_to": ["Tim-Pengembang"], "reason": "Budi pindah tugas ke Bappeda"}
    assert world.api("POST", "/users/budi/deactivate", "admin", json=body).status_code == 200
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    assert view["appointees"] == ["sari", "tim-pengembang"]
    assert request_id in inbox_ids(world, "tim-pengembang")
    told = world.api("GET", "/notifications", "tim-pengembang").json()["items"]
    assert [(n["kind"], n["step"]) for n in told if n["request_id"] == request_id] == [("arrived", 9)]
    events = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    assert (events[-1]["type"], events[-1]["data"]["reason"]) == (
        "Reassigned",
        "Budi pindah tugas ke Bappeda",
    )
    history = html.unescape(browser(world, "auditor").get(f"/t/{world.a}/requests/{request_id}/history").text)
    assert "admin mengalihkan tugas budi (ditunjuk pada langkah 4) kepada tim-pengembang" in history


def test_revoking_the_role_on_the_page_asks_first_then_hands_over_to_the_roles_holders(world: World) -> None:
    request_id = at_step_four(world)
    assert complete(world, request_id, 4, "kasi-aplikasi", assignees=["sari"]).status_code == 200
    on_to_step_nine(world, request_id)
    client = browser(world, "admin")
    csrf = csrf_of(client.get(f"/t/{world.a}/admin/users").text)
    form = {"csrf": csrf, "username": "sari", "role": "tim-pengembang"}
    asked = client.post(f"/t/{world.a}/admin/revocations", data=form, follow_redirects=False)
    assert asked.status_code == 409
    page = html.unescape(asked.text)
    assert "Serahkan tugas" in page and "Aplikasi Sekolah" in page and "Semua pemegang perannya" in page
    unchanged = world.api("GET", "/users/sari", "admin").json()
    assert "tim-pengembang" in unchanged["roles"]
    missing = client.post(f"/t/{world.a}/admin/revocations", data={**form, "hand_over": "1", "hand_to": "*"},
                          follow_redirects=False)  # fmt: skip
    assert missing.status_code == 422 and 'id="reason-error"' in missing.text
    done = client.post(f"/t/{world.a}/admin/revocations",
                       data={**form, "hand_over": "1", "hand_to": "*", "reason": "Mutasi"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert "tim-pengembang" not in world.api("GET", "/users/sari", "admin").json()["roles"]
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["appointees"] == []
    for holder in ("budi", "tim-pengembang"):  # every holder of the role has it now
        assert request_id in inbox_ids(world, holder)


def test_the_cli_lists_what_a_deactivation_would_leave_and_hands_it_to_the_role(world: World) -> None:
    request_id = at_step_four(world)
    assert complete(world, request_id, 4, "kasi-aplikasi", assignees=["budi"]).status_code == 200
    code, out = alur_at(world, f"user deactivate --tenant {world.a} budi")
    assert code != 0 and "420/1/2026" in out and "--hand-to: sari, tim-pengembang" in out
    assert world.api("GET", "/users/budi", "admin").json()["active"] is True
    code, out = alur_at(world, f"user deactivate --tenant {world.a} budi --to-role --reason 'Pindah tugas'")
    assert code == 0, out
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["appointees"] == []
