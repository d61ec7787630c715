"""Notices and one's own page through both doors: the header's count, /notifications, /me, and
the JSON API's `/notifications` and `/me`, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest

from domain import commands as c
from domain.errors import ForbiddenError, InvalidInputError
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post

COUNT_RE = re.compile(r'<mark id="notice-count"[^>]*>(\d+)</mark>')


def count_in_header(page_html: str) -> int:
    found = COUNT_RE.search(page_html)
    assert found, "no notice count in the header"
    return int(found.group(1))


def test_a_step_reaching_the_kadis_is_a_notice_in_the_api_and_the_page(world: World) -> None:
    request = submit(world)
    answer = world.api("GET", "/notifications", "kadis")
    assert answer.status_code == 200, answer.text
    listed = answer.json()
    assert listed["total"] == 1
    notice = listed["items"][0]
    assert notice["kind"] == "arrived" and notice["step"] == 2 and notice["read"] is False
    assert notice["title"] == "Aplikasi Sekolah" and notice["letter_number"] == "420/1/2026"
    assert notice["sentence"].startswith("Langkah 2 (")
    assert notice["link"] == f"/t/{world.a}/requests/{request['id']}"
    english = world.api("GET", "/notifications?lang=en", "kadis").json()["items"][0]["sentence"]
    assert english.startswith("Step 2 (")
    assert world.api("GET", "/notifications", "kabid-ti").json()["total"] == 0  # not theirs yet

    kadis = browser(world, "kadis")
    inbox = kadis.get(f"/t/{world.a}/inbox")
    assert count_in_header(inbox.text) == 1
    page = kadis.get(f"/t/{world.a}/notifications")
    assert page.status_code == 200
    assert "Aplikasi Sekolah" in page.text and "420/1/2026" in page.text and "Langkah 2 (" in page.text
    assert f'href="/t/{world.a}/requests/{request["id"]}"' in page.text
    done = post(
        kadis, f"/t/{world.a}/notifications/{notice['id']}/read", from_page=f"/t/{world.a}/notifications"
    )
    assert done.status_code == 303
    assert count_in_header(kadis.get(f"/t/{world.a}/notifications").text) == 0
    assert world.api("GET", "/notifications?unread=true", "kadis").json()["total"] == 0
    assert world.api("GET", "/notifications", "kadis").json()["items"][0]["read"] is True


def test_the_next_role_and_the_requester_are_told_and_read_all_marks_every_one(world: World) -> None:
    request = submit(world)
    assert complete(world, request["id"], 2, "kadis").status_code == 200
    kabid = world.api("GET", "/notifications", "kabid-ti").json()
    assert [n["kind"] for n in kabid["items"]] == ["arrived"] and kabid["items"][0]["step"] == 3
    answer = world.api("POST", "/notifications/read-all", "kabid-ti")
    assert answer.status_code == 200 and answer.json() == {"read": True}
    assert world.api("GET", "/notifications?unread=true", "kabid-ti").json()["total"] == 0


def test_another_users_notice_is_not_found(world: World) -> None:
    submit(world)
    notice = world.api("GET", "/notifications", "kadis").json()["items"][0]
    answer = world.api("POST", f"/notifications/{notice['id']}/read", "kabid-ti")
    assert answer.status_code == 404
    assert world.api("POST", "/notifications/not-an-id/read", "kadis").status_code == 404
    assert world.api("GET", "/notifications?unread=true", "kadis").json()["total"] == 1


def test_my_page_sets_name_language_and_choices_through_both_doors(world: World) -> None:
    me = world.api("GET", "/me", "kadis").json()
    assert me["username"] == "kadis" and me["language"] is None
    assert set(me["choices"].values()) == {"immediate", "digest"} and me["choices"]["commented"] == "digest"

    kadis = browser(world, "kadis")
    page = kadis.get(f"/t/{world.a}/me")
    assert page.status_code == 200 and 'name="choice_reminder"' in page.text and 'id="me-link"' in page.text
    form = {"full_name": "Drs. Kadis", "language": "en", "choice_reminder": "digest"}
    form["choice_finished"] = "none"
    saved = post(kadis, f"/t/{world.a}/me", form)
    assert saved.status_code == 303, saved.text
    me = world.api("GET", "/me", "kadis").json()
    assert me["full_name"] == "Drs. Kadis" and me["language"] == "en"
    assert me["choices"]["reminder"] == "digest" and me["choices"]["finished"] == "none"
    assert me["choices"]["arrived"] == "immediate"
    assert (
        world.platform.desk(world.platform.tenant(world.a)).queries.notice_choices("kadis") == me["choices"]
    )
    # The chosen language holds for pages when no switch was made (no cookie), and for notices.
    fresh = browser(world, "kadis")
    assert '<html lang="en">' in fresh.get(f"/t/{world.a}/inbox").text
    submit(world)
    assert world.api("GET", "/notifications", "kadis").json()["items"][0]["sentence"].startswith("Step 2")
    # The audit trail says the user changed their own name.
    audit = world.api("GET", "/audit?limit=200", "auditor").json()["items"]
    assert any("corrected their own name" in e["sentence"] or "membetulkan namanya" in e["sentence"]
               for e in audit)  # fmt: skip

    answer = world.api("POST", "/me", "kabid-ti", json={"choices": {"arrived": "weekly"}})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "choices.arrived"
    answer = world.api("POST", "/me", "kabid-ti", json={"language": "fr"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "language"
    answer = world.api(
        "POST", "/me", "kabid-ti", json={"full_name": "Kabid TI", "choices": {"overdue": "none"}}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["choices"]["overdue"] == "none" and answer.json()["full_name"] == "Kabid TI"


def test_an_admin_sets_anothers_notice_choices_and_no_one_else_may(world: World) -> None:
    desk = world.platform.desk(world.platform.tenant(world.a))
    admin = desk.queries.actor("admin", world.clock())
    kabid = desk.queries.actor("kabid-ti", world.clock())
    assert admin is not None and kabid is not None
    desk.commands.set_own_details(admin, c.SetOwnDetails("kadis", choices={"arrived": "digest"}))
    assert desk.queries.notice_choices("kadis")["arrived"] == "digest"
    with pytest.raises(ForbiddenError):
        desk.commands.set_own_details(kabid, c.SetOwnDetails("kadis", choices={"arrived": "none"}))
    with pytest.raises(InvalidInputError):  # a name is corrected by its owner, or on the admin's page
        desk.commands.set_own_details(admin, c.SetOwnDetails("kadis", full_name="Someone Else"))
    assert desk.queries.notice_choices("kadis")["arrived"] == "digest"


def test_the_notices_come_a_page_at_a_time_and_htmx_gets_the_list_alone(world: World) -> None:
    for number in range(3):
        submit(world, title=f"Aplikasi {number}", letter_number=f"420/{number}/2026")
        world.clock.advance(minutes=1)
    paged = world.api("GET", "/notifications?limit=2&page=2", "kadis").json()
    assert (paged["total"], paged["pages"], [n["title"] for n in paged["items"]]) == (3, 2, ["Aplikasi 0"])
    kadis = browser(world, "kadis")
    first = kadis.get(f"/t/{world.a}/notifications?limit=2")
    assert "Aplikasi 2" in first.text and "Aplikasi 0" not in first.text and 'rel="next"' in first.text
    fragment = kadis.get(
        f"/t/{world.a}/notifications?limit=2&page=2", headers={"HX-Request": "true", "HX-Target": "list"}
    )
    assert fragment.text.lstrip().startswith('<section id="list">') and "Aplikasi 0" in fragment.text
