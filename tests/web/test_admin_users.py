"""The admin's users page and its API: labelled role names, forms without misleading defaults,
editing, deactivating and resetting a password, refused alike at both doors."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World, add_user, complete, submit
from tests.web.pages_helpers import browser, csrf_of

USERS = "/admin/users"


def page_post(world: World, user: str, path: str, data: dict[str, Any]) -> Any:
    client = browser(world, user)
    csrf = csrf_of(client.get(f"/t/{world.a}/requests").text)
    return client.post(f"/t/{world.a}{path}?lang=en", data={"csrf": csrf, **data}, follow_redirects=False)


def sign_in_page(world: World, username: str, password: str = PASSWORD) -> Any:
    client = world.client.__class__(world.client.app, base_url="http://testserver")
    form = client.get(f"/t/{world.a}/signin?lang=en")
    return client.post(f"/t/{world.a}/signin", data={"username": username, "password": password,
                       "csrf": csrf_of(form.text)}, follow_redirects=False)  # fmt: skip


def test_roles_show_by_name_with_the_id_secondary_and_the_opd_role_once(world: World) -> None:
    text = browser(world, "admin").get(f"/t/{world.a}{USERS}").text
    assert text.count('name="roles" value="opd"') == 1
    kadis = r'<span class="role">Kepala Dinas[^<]*</span> <small class="muted role-id">kadis</small>'
    assert re.search(kadis, text)
    cells = re.findall(r'<td data-label="Peran berlaku">(.*?)</td>', text, re.S)
    names_only = [re.sub(r'<small class="muted role-id">[^<]*</small>', "", cell) for cell in cells]
    ids = re.compile(r"\b(kadis|kabid-ti|kasi-aplikasi)\b")
    assert len(cells) == 8 and not any(ids.search(cell) for cell in names_only)


def test_grant_and_revoke_forms_are_labelled_and_preselect_nobody(world: World) -> None:
    text = browser(world, "admin").get(f"/t/{world.a}{USERS}").text
    for form in ("grant", "revoke"):
        assert f'<label for="{form}-username">Pengguna</label>' in text
        assert f'<label for="{form}-role">Peran</label>' in text
    assert text.count('<option value="">— pilih pengguna —</option>') == 2
    assert text.count('<option value="">— pilih peran —</option>') == 2
    assert " selected" not in re.sub(r"<select name=\"opd\".*?</select>", "", text, flags=re.S)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"username": "", "role": "kadis"}, "grant-username", "choose a user"),
    ({"username": "kasi-aplikasi", "role": ""}, "grant-role", "choose a role"),
])  # fmt: skip
def test_a_grant_without_a_choice_is_refused_beside_its_field(world: World, data: dict, field: str,
                                                              message: str) -> None:  # fmt: skip
    answer = page_post(world, "admin", "/admin/grants", data)
    assert answer.status_code == 422
    found = re.search(rf'<small class="field-error" id="{field}-error">([^<]*)</small>', answer.text)
    assert found and found.group(1) == message
    assert f'aria-describedby="{field}-error"' in answer.text
    assert 'id="revoke-username-error"' not in answer.text  # only the form that was sent


def test_a_revocation_without_a_choice_is_refused_beside_its_field(world: World) -> None:
    answer = page_post(world, "admin", "/admin/revocations", {"username": "", "role": ""})
    assert answer.status_code == 422 and 'id="revoke-username-error">choose a user<' in answer.text


@pytest.mark.parametrize(("api", "page", "data", "user", "status", "code"), [
    ("/users/kadis/details", "/admin/users/kadis", {"nip": "123"}, "admin", 422, "invalid_input"),
    ("/users/kadis/details", "/admin/users/kadis", {"opd": "NOPE"}, "admin", 422, "invalid_input"),
    ("/users/opd-disdik/details", "/admin/users/opd-disdik", {"opd": ""}, "admin", 422, "invalid_input"),
    ("/users/admin/deactivate", "/admin/users/admin/status", {"active": "0"}, "admin", 422, "invalid_input"),
    ("/users/kadis/deactivate", "/admin/users/kadis/status", {"active": "0"}, "kabid-ti", 403, "forbidden"),
    ("/users/kadis/reactivate", "/admin/users/kadis/status", {"active": "1"}, "admin", 422, "invalid_input"),
    ("/users/kadis/password-reset", "/admin/users/kadis/password-reset", {}, "auditor", 403, "forbidden"),
    ("/users/nobody/deactivate", "/admin/users/nobody/status", {"active": "0"}, "admin", 404, "not_found"),
])  # fmt: skip
def test_an_account_rule_is_refused_alike_at_both_doors(
    world: World, api: str, page: str, data: dict, user: str, status: int, code: str
) -> None:
    answer = world.api("POST", api, user, json=data)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code), answer.text
    shown = page_post(world, user, page, data if "status" in page else {"full_name": "X", **data})
    assert shown.status_code == status
    assert answer.json()["error"]["message"] in html.unescape(shown.text)


def test_a_refused_edit_shows_beside_the_field_keeping_the_input(world: World) -> None:
    answer = page_post(world, "admin", "/admin/users/kadis", {"full_name": "Ibu Kadis Baru", "nip": "123"})
    assert answer.status_code == 422
    assert 'id="edit-nip-error">the NIP (civil servant number) must be 18 digits<' in answer.text
    assert 'value="Ibu Kadis Baru"' in answer.text


def test_an_edit_is_confirmed_shown_and_audited(world: World) -> None:
    client = browser(world, "admin")
    csrf = csrf_of(client.get(f"/t/{world.a}/requests").text)
    done = client.post(f"/t/{world.a}/admin/users/kadis", data={"csrf": csrf, "full_name": "Ibu Kadis",
                       "nip": "198001012005011001", "opd": "DISDIK"})  # fmt: skip
    assert "Data kadis disimpan" in done.text and 'value="Ibu Kadis"' in done.text
    api = world.api("GET", "/users/kadis", "admin").json()
    assert (api["full_name"], api["nip"], api["opd"], api["active"]) == ("Ibu Kadis", "198001012005011001",
                                                                         "DISDIK", True)  # fmt: skip
    trail = world.api("GET", "/audit?q=mengubah", "auditor").json()["items"]
    assert any(e["type"] == "DetailsChanged" and e["actor"] == "admin" for e in trail)


def test_an_api_edit_keeps_what_it_does_not_name(world: World) -> None:
    answer = world.api("POST", "/users/kadis/details", "admin", json={"nip": "198001012005011001"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["full_name"], answer.json()["nip"]) == ("Kadis", "198001012005011001")


def test_a_deactivated_user_is_signed_out_refused_and_badged(world: World) -> None:
    token = world.token("kadis")
    assert world.api("POST", "/users/kadis/deactivate", "admin").json()["active"] is False
    gone = world.client.get(f"/t/{world.a}/api/v1/inbox", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401
    pair = {"username": "kadis", "password": PASSWORD}
    refused = world.client.post(f"/t/{world.a}/api/v1/session", json=pair)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "this account is deactivated; ask the tenant admin"
    page = sign_in_page(world, "kadis")
    assert page.status_code == 401 and "this account is deactivated" in page.text
    wrong = sign_in_page(world, "kadis", "salah-salah-salah")
    assert "wrong username or password" in wrong.text and "deactivated" not in wrong.text
    listed = browser(world, "admin").get(f"/t/{world.a}{USERS}").text
    assert re.search(r'>kadis</a> <mark class="badge inactive">nonaktif</mark>', listed)


def test_a_deactivated_user_drops_out_of_who_holds_the_waiting_role(world: World) -> None:
    submit(world)  # waits on the Kepala Dinas (step 2)

    def holders() -> list[str]:
        items = world.api("GET", "/overview", "admin").json()["items"]
        return [h["username"] for h in items[0]["holders"]]

    assert holders() == ["kadis"]
    world.api("POST", "/users/kadis/deactivate", "admin")
    assert holders() == []


def test_a_step_assigned_to_a_deactivated_user_reaches_the_roles_other_holders(world: World) -> None:
    add_user(world.service(), ("sumbawa-2021", 3), "dev-dua", ["tim-pengembang"])
    request_id = submit(world)["id"]
    walk = [(2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "tim-pengembang"}),
            (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}),
            (8, "kasi-aplikasi", {})]  # fmt: skip
    for number, user, body in walk:
        assert complete(world, request_id, number, user, **body).status_code == 200

    def waiting() -> list[str]:
        return [item["request_id"] for item in world.api("GET", "/inbox", "dev-dua").json()["items"]]

    assert waiting() == []  # step 9 is the assigned developer's
    asked = world.api("POST", "/users/tim-pengembang/deactivate", "admin")  # their steps listed first
    assert asked.status_code == 409 and asked.json()["error"]["code"] == "hand_over_needed"
    assert waiting() == []
    to_role = {"hand_to": [], "reason": "Pensiun"}  # handed to every holder of the role
    assert world.api("POST", "/users/tim-pengembang/deactivate", "admin", json=to_role).status_code == 200
    assert waiting() == [request_id]


def test_a_deactivated_user_is_no_assignee_choice(world: World) -> None:
    world.api("POST", "/users/tim-pengembang/deactivate", "admin")
    from tests.web.test_rules_both_doors import disposed

    request_id = disposed(world)
    assert complete(world, request_id, 3, "kabid-ti").status_code == 200
    answer = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                       json={"assignee": "tim-pengembang"})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "assignee"


def test_reactivation_at_the_page_restores_sign_in(world: World) -> None:
    world.api("POST", "/users/kadis/deactivate", "admin")
    done = page_post(world, "admin", "/admin/users/kadis/status", {"active": "1"})
    assert done.status_code == 303
    assert sign_in_page(world, "kadis").status_code == 303


def test_a_reset_link_lets_only_the_user_choose_the_password(world: World) -> None:
    shown = page_post(world, "admin", "/admin/users/kadis/password-reset", {})
    assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
    link = re.search(r'<textarea id="reset-url" readonly rows="3">http://testserver(/t/[^<]+)<', shown.text)
    assert link, shown.text
    assert sign_in_page(world, "kadis").status_code == 401  # the old password ended
    form = world.client.get(link.group(1) + "?lang=en")
    assert form.status_code == 200 and "kadis" in form.text and 'name="password"' in form.text
    short = world.client.post(link.group(1) + "?lang=en", data={"password": "pendek", "confirm": "pendek"})
    assert short.status_code == 422
    assert 'id="password-error">the password is required, at least 8 characters<' in short.text
    assert "<strong>kadis</strong>" in short.text  # still names whose password it is
    differs = world.client.post(link.group(1) + "?lang=en", data={"password": "kata-sandi-baru",
                                                                  "confirm": "kata-sandi-lain"})  # fmt: skip
    assert differs.status_code == 422
    assert 'id="confirm-error">the two passwords are not the same<' in differs.text
    chosen = {"password": "kata-sandi-baru", "confirm": "kata-sandi-baru"}
    done = world.client.post(link.group(1), data=chosen)
    assert done.status_code == 200 and "The password of kadis is saved" in done.text
    assert sign_in_page(world, "kadis", "kata-sandi-baru").status_code == 303
    again = world.client.get(link.group(1))
    assert again.status_code == 404 and "this link no longer works" in again.text


def test_the_api_reset_answers_the_link_and_no_secret_is_audited(world: World) -> None:
    answer = world.api("POST", "/users/kasi-aplikasi/password-reset", "admin")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    link = answer.json()["link"]
    assert link.startswith(f"/t/{world.a}/password/") and world.client.get(link).status_code == 200
    trail = world.api("GET", "/audit?q=kasi-aplikasi", "auditor").json()["items"]
    assert any(e["type"] == "PasswordReset" for e in trail)
    assert link.rsplit("/", 1)[1] not in str(trail)


def test_an_unknown_link_is_not_found(world: World) -> None:
    answer = world.client.get(f"/t/{world.a}/password/not-a-token?lang=en")
    assert answer.status_code == 404 and "this link no longer works" in answer.text


def test_the_admins_own_page_offers_no_deactivation(world: World) -> None:
    own = browser(world, "admin").get(f"/t/{world.a}/admin/users/admin").text
    other = browser(world, "admin").get(f"/t/{world.a}/admin/users/kadis").text
    assert "Nonaktifkan</button>" not in own and "Anda tidak dapat menonaktifkannya" in own
    assert "Nonaktifkan</button>" in other
