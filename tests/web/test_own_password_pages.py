"""One's own password at both doors, on SQLite and PostgreSQL: the page `/me/password` (linked
from `/me`) and `POST /me/password`. The old password is asked again; the session the change is
made in stays signed in, every other session and API token of the user ends."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.web.conftest import PASSWORD, World
from tests.web.pages_helpers import browser, post

NEW = "sandi-baru-kadis-2026"


def signs_in(world: World, password: str, username: str = "kadis") -> bool:
    answer = world.client.post(
        f"/t/{world.a}/api/v1/session", json={"username": username, "password": password}
    )
    return answer.status_code == 200


def still_in(client: TestClient, world: World) -> bool:
    return client.get(f"/t/{world.a}/me", follow_redirects=False).status_code == 200


def test_the_page_changes_the_password_keeps_this_session_and_ends_the_others(world: World) -> None:
    here, elsewhere = browser(world, "kadis"), browser(world, "kadis")
    token = world.token("kadis")
    me = here.get(f"/t/{world.a}/me").text
    assert f'href="/t/{world.a}/me/password"' in me
    form = here.get(f"/t/{world.a}/me/password")
    assert form.status_code == 200 and 'name="old_password"' in form.text
    answer = post(
        here, f"/t/{world.a}/me/password", {"old_password": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert answer.status_code == 303, answer.text
    done = here.get(answer.headers["location"]).text
    assert "Kata sandi Anda diganti" in done
    assert still_in(here, world)
    assert not still_in(elsewhere, world)
    gone = world.client.get(f"/t/{world.a}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401
    assert not signs_in(world, PASSWORD) and signs_in(world, NEW)


def test_a_wrong_old_password_shows_beside_its_field_and_changes_nothing(world: World) -> None:
    here, elsewhere = browser(world, "kadis"), browser(world, "kadis")
    answer = post(
        here,
        f"/t/{world.a}/me/password?lang=en",
        {"old_password": "bukan-ini", "password": NEW, "confirm": NEW},
    )
    assert answer.status_code == 422
    assert re.search(
        r'<small class="field-error" id="old_password-error">the old password is wrong', answer.text
    )
    assert (
        'name="old_password" type="password" autocomplete="current-password" required aria-invalid="true"'
        in (answer.text)
    )
    mismatch = post(
        here, f"/t/{world.a}/me/password", {"old_password": PASSWORD, "password": NEW, "confirm": NEW + "!"}
    )
    assert (
        mismatch.status_code == 422
        and 'id="confirm-error">the two passwords are not the same' in mismatch.text
    )
    assert NEW not in mismatch.text  # what was typed is not sent back
    assert still_in(elsewhere, world) and signs_in(world, PASSWORD)


def test_the_api_changes_the_password_and_keeps_only_the_calling_token(world: World) -> None:
    page = browser(world, "kasi-aplikasi")
    other = world.client.post(
        f"/t/{world.a}/api/v1/session", json={"username": "kasi-aplikasi", "password": PASSWORD}
    ).json()["token"]
    wrong = world.api(
        "POST",
        "/me/password",
        "kasi-aplikasi",
        json={"old_password": "salah-sekali", "password": NEW, "confirm": NEW},
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "old_password"
    same = world.api(
        "POST",
        "/me/password",
        "kasi-aplikasi",
        json={"old_password": PASSWORD, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert same.status_code == 422 and same.json()["error"]["field"] == "password"
    answer = world.api(
        "POST",
        "/me/password",
        "kasi-aplikasi",
        json={"old_password": PASSWORD, "password": NEW, "confirm": NEW},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "username": "kasi-aplikasi",
        "password_changed": True,
        "other_sessions_ended": True,
    }
    assert world.api("GET", "/me", "kasi-aplikasi").status_code == 200  # the calling token lives on
    revoked = world.client.get(f"/t/{world.a}/api/v1/me", headers={"Authorization": f"Bearer {other}"})
    assert revoked.status_code == 401
    assert not still_in(page, world)
    assert not signs_in(world, PASSWORD, "kasi-aplikasi") and signs_in(world, NEW, "kasi-aplikasi")


def test_the_audit_trail_says_the_password_was_changed_by_its_user(world: World) -> None:
    world.api(
        "POST", "/me/password", "kadis", json={"old_password": PASSWORD, "password": NEW, "confirm": NEW}
    )
    trail = world.api("GET", "/audit?q=kata+sandi", "auditor").json()["items"]
    [entry] = [e for e in trail if e["type"] == "PasswordChanged"]
    assert entry["actor"] == "kadis" and "kadis mengganti kata sandinya sendiri" in entry["sentence"]
    assert NEW not in str(entry) and "argon2" not in str(entry)
