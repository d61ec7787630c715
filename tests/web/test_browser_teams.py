"""Teams and the hand-over in Chromium (issue 21): the Kasi forms the Tim Pengembangan by
name with the filter box, each member finds the team's step in their inbox, and the admin who
deactivates a member sees their requests and hands them over first. Screenshots at 1366x900 and
390x844: team-{desktop,phone}-{choose,inbox}.png and handover-{desktop,phone}.png in ALUR_SHOTS.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World, _cheap, complete, submit
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
TEAM = [
    ("budi", "Budi Santoso"),
    ("sari", "Sari Wulandari"),
    ("rina", "Rina Kartika"),
    ("joko", "Joko Prasetyo"),
]

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def developers(world: World) -> None:
    for username, full_name in TEAM:
        world.service().create_user(username, PASSWORD, hash_password=_cheap.hash, roles=["tim-pengembang"],
                                    sop=("sumbawa-2021", 3), actor="test", full_name=full_name)  # fmt: skip


def act(world: World, request_id: str, *steps: tuple[int, str, dict[str, Any]]) -> None:
    for number, user, body in steps:
        answer = complete(world, request_id, number, user, **body)
        assert answer.status_code == 200, answer.text


ON_TO_NINE = ((5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {}))


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_kasi_forms_the_team_by_name_and_each_member_has_its_step(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    developers(world)
    request_id = str(submit(world, title="Aplikasi Sekolah Ramah Anak")["id"])
    act(world, request_id, (2, "kadis", {}), (3, "kabid-ti", {}))
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kasi = browser.tab("kasi-aplikasi", SCREENS[screen])
    kasi.goto(f"{browser.base}/requests/{request_id}")
    kasi.wait_for_selector(".team-filter:not([hidden])")
    kasi.fill(".team-filter", "santoso")
    assert kasi.is_visible("label.team-option:has-text('Budi Santoso')")
    assert not kasi.is_visible("label.team-option:has-text('Sari Wulandari')")
    kasi.check("input[name=assignee][value=budi]")
    kasi.fill(".team-filter", "SARI")
    kasi.check("input[name=assignee][value=sari]")
    kasi.fill(".team-filter", "")
    assert kasi.locator("label.team-option:visible").count() == len(TEAM) + 1  # and the world's own
    assert "Kadis" not in kasi.inner_text("#team-choice")  # only the team's role is offered
    kasi.locator("#team-choice").scroll_into_view_if_needed()
    assert no_sideways_scroll(kasi)
    browser.shot(kasi, f"team-{screen}-choose")
    kasi.click("form.action button[type=submit]")
    kasi.wait_for_selector("#flash")
    assert "Langkah 4 selesai" in kasi.inner_text("#flash")

    act(world, request_id, *ON_TO_NINE)
    for member in ("budi", "sari"):
        items = world.api("GET", "/inbox", member).json()["items"]
        assert [i["request_id"] for i in items] == [request_id]
    sari = browser.tab("sari", SCREENS[screen])
    sari.goto(f"{browser.base}/inbox")
    assert "Aplikasi Sekolah Ramah Anak" in sari.inner_text("main")
    assert no_sideways_scroll(sari)
    browser.shot(sari, f"team-{screen}-inbox")
    sari.click("text=Aplikasi Sekolah Ramah Anak")
    sari.wait_for_selector("#appointee")
    assert "budi, sari" in sari.inner_text("#appointee")


def test_without_javascript_the_whole_list_is_there(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
) -> None:
    developers(world)
    request_id = str(submit(world)["id"])
    act(world, request_id, (2, "kadis", {}), (3, "kabid-ti", {}))
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kasi = browser.tab("kasi-aplikasi", DESKTOP, javascript=False)
    kasi.goto(f"{browser.base}/requests/{request_id}")
    assert not kasi.is_visible(".team-filter")
    assert kasi.locator("label.team-option:visible").count() == len(TEAM) + 1  # and the world's own
    kasi.check("input[name=assignee][value=rina]")
    kasi.check("input[name=assignee][value=joko]")
    kasi.click("form.action button[type=submit]")
    kasi.wait_for_selector("#flash")
    view = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    assert view[-1]["data"]["assignees"] == ["joko", "rina"]


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_deactivating_a_member_shows_their_requests_and_hands_them_over(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    developers(world)
    request_id = str(submit(world, title="Sistem Informasi Posyandu")["id"])
    named = (4, "kasi-aplikasi", {"assignees": ["sari"]})
    act(world, request_id, (2, "kadis", {}), (3, "kabid-ti", {}), named, *ON_TO_NINE)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    admin = browser.tab("admin", SCREENS[screen])
    admin.goto(f"{browser.base}/admin/users/sari")
    admin.click("#status button[type=submit]")
    admin.wait_for_selector(".handover-form")
    listed = admin.inner_text("table.handover-list")
    assert "Sistem Informasi Posyandu" in listed and "420/1/2026" in listed
    admin.check("input[name=hand_to][value=budi]")
    admin.fill("textarea[name=reason]", "Sari cuti melahirkan tiga bulan")
    assert no_sideways_scroll(admin)
    browser.shot(admin, f"handover-{screen}", whole=True)
    admin.click(".handover-form button[type=submit]")
    admin.wait_for_selector("#flash")
    assert "dinonaktifkan" in admin.inner_text("#flash")
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["appointees"] == ["budi"]
