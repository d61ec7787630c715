"""Dates as people mean them on the pages and in the API, and the new target of a Tangerang
Selatan request sent back to development after its target passed: both doors, one rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tenants.catalogue import builtin_variant
from tests.conftest import random_slug
from tests.mutu import as_form, first_references, letter_files, needed
from tests.web.conftest import World, add_user
from tests.web.pages_helpers import browser, post

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = ["diskominfo", "bidang-ptikp"]
USERS = {"opd": "pemohon", "diskominfo": "bidang", "bidang-ptikp": "bidang"}


@pytest.fixture
def tangsel(world: World) -> str:
    """A Tangerang Selatan tenant (WIB): an OPD requester and the office (Diskominfo, Bidang PTIKP)."""
    slug = random_slug("wt")
    world.platform.create_tenant(slug, name="Diskominfo Tangsel", variant_id="tangerang-selatan-2017",
                                 timezone="Asia/Jakarta")  # fmt: skip
    service = world.service(slug)
    sop = ("tangerang-selatan-2017", 2)
    service.create_opd("DINKES", "Dinas Kesehatan", actor="test")
    add_user(service, sop, "pemohon", ["opd"], opd="DINKES")
    add_user(service, sop, "bidang", OFFICE)
    add_user(service, sop, "admin", ["admin", "auditor"])
    return slug


def walk(world: World, slug: str, target: str, until: int, uat: str = "ya") -> dict[str, Any]:
    """Submit, then act (as whoever the step waits on) until step `until` is active; step 7 sets
    `target`; step 14 answers `uat`."""
    body = {"title": "Aplikasi Puskesmas", "letter_number": "440/7/2026", "letter_date": "2026-03-16"}
    variant = builtin_variant("tangerang-selatan-2017").variant
    form = body | as_form(first_references(variant))
    view = world.api("POST", "/requests", "pemohon", slug, data=form, files=letter_files()).json()
    while view["active_step"]["number"] != until:
        number = view["active_step"]["number"]
        world.clock.advance(minutes=10)
        body = {"decision": {6: "ya", 14: uat}.get(number), "deadline": target if number == 7 else None,
                "note": "UAT: formulir belum sesuai" if number == 14 else ""}  # fmt: skip
        who = USERS[view["active_step"]["role"]]
        body["references"] = needed(view["checklist"], body["decision"])  # handed over on paper
        answer = world.api("POST", f"/requests/{view['id']}/steps/{number}", who, slug, json=body)
        assert answer.status_code == 200, answer.text
        view = answer.json()
    return view


def test_a_date_only_target_reads_as_that_date_on_the_page_and_beside_the_instant_in_the_api(
    world: World, tangsel: str
) -> None:
    view = walk(world, tangsel, "2026-12-18", until=8)
    assert view["active_step"]["due_date"] == "2026-12-18"
    assert view["active_step"]["due_at"] == "2026-12-19T00:00:00+07:00"  # the end of that day, exact
    assert view["targets"][0]["deadline_date"] == "2026-12-18"
    assert view["targets"][0]["steps"] == [8, 9, 10, 11]
    page = browser(world, "bidang", tangsel).get(f"/t/{tangsel}/requests/{view['id']}")
    assert "tenggat Jumat, 18 Desember 2026 ·" in page.text
    assert "19 Desember" not in page.text and "00.00" not in page.text
    english = browser(world, "bidang", tangsel).get(f"/t/{tangsel}/requests/{view['id']}?lang=en")
    assert "due Friday, 18 December 2026 ·" in english.text
    inbox = browser(world, "bidang", tangsel).get(f"/t/{tangsel}/inbox").text
    assert "18 Des 2026" in inbox and 'title="Jumat, 18 Desember 2026"' in inbox


def test_overdue_starts_only_after_the_target_day_has_ended(world: World, tangsel: str) -> None:
    view = walk(world, tangsel, "2026-12-18", until=8)
    path = f"/requests/{view['id']}"
    world.clock.set(datetime(2026, 12, 18, 23, 59, tzinfo=WIB))
    world.tokens.clear()  # the API tokens of March have expired
    assert world.api("GET", path, "bidang", tangsel).json()["active_step"]["overdue"] is False
    world.clock.set(datetime(2026, 12, 19, 0, 1, tzinfo=WIB))
    assert world.api("GET", path, "bidang", tangsel).json()["active_step"]["overdue"] is True


@pytest.fixture
def looped(world: World, tangsel: str) -> str:
    """Back at step 11 after a failed UAT, in June: the target of 30 April has passed."""
    view = walk(world, tangsel, "2026-04-30", until=14)
    world.clock.set(datetime(2026, 6, 1, 9, 0, tzinfo=WIB))
    world.tokens.clear()  # the API tokens of March have expired
    answer = world.api("POST", f"/requests/{view['id']}/steps/14", "pemohon", tangsel,
                       json={"decision": "tidak", "note": "Formulir belum sesuai",
                             "references": needed(view["checklist"], "tidak")})  # fmt: skip
    assert answer.json()["active_step"]["number"] == 11 and answer.json()["active_step"]["overdue"]
    return str(view["id"])


def test_the_bidang_sets_a_new_target_in_the_page_and_the_history_shows_its_reason(
    world: World, tangsel: str, looped: str
) -> None:
    url = f"/t/{tangsel}/requests/{looped}"
    assert 'id="new-target"' not in browser(world, "pemohon", tangsel).get(url).text
    bidang = browser(world, "bidang", tangsel)
    assert 'id="new-target"' in bidang.get(url).text
    refused = post(bidang, f"{url}/target", {"deadline": "2026-06-30", "reason": " "}, from_page=url)
    assert refused.status_code == 422 and 'id="target-reason-error"' in refused.text
    assert 'value="2026-06-30"' in refused.text  # the input kept
    past = post(bidang, f"{url}/target", {"deadline": "2026-05-01", "reason": "Perbaikan"}, from_page=url)
    assert past.status_code == 422 and 'id="target-deadline-error"' in past.text
    reason = "UAT gagal: formulir diperbaiki"
    done = post(bidang, f"{url}/target", {"deadline": "2026-06-30", "reason": reason}, from_page=url)
    assert done.status_code == 303
    page = bidang.get(url).text
    assert "Target baru ditetapkan: Selasa, 30 Juni 2026" in page
    assert "tenggat Selasa, 30 Juni 2026 ·" in page and 'id="new-target"' not in page
    assert "Alasan: UAT gagal: formulir diperbaiki" in page
    audit = browser(world, "admin", tangsel).get(f"/t/{tangsel}/audit?request={looped}").text
    assert "menetapkan target baru Selasa, 30 Juni 2026 untuk langkah 8, 9, 10, 11" in audit
    assert "alasan: UAT gagal: formulir diperbaiki" in audit


def test_the_api_sets_a_new_target_by_the_same_rule(world: World, tangsel: str, looped: str) -> None:
    path = f"/requests/{looped}/target"
    not_theirs = world.api("POST", path, "pemohon", tangsel, json={"deadline": "2026-06-30", "reason": "x"})
    assert not_theirs.status_code == 403
    empty = world.api("POST", path, "bidang", tangsel, json={"deadline": "2026-06-30", "reason": ""})
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "reason")
    past = world.api("POST", path, "bidang", tangsel, json={"deadline": "2026-05-31", "reason": "Perbaikan"})
    assert (past.status_code, past.json()["error"]["field"]) == (422, "deadline")
    done = world.api("POST", path, "bidang", tangsel, json={"deadline": "2026-06-30", "reason": "Perbaikan"})
    assert done.status_code == 200, done.text
    view = done.json()
    assert view["active_step"]["due_date"] == "2026-06-30" and not view["active_step"]["overdue"]
    last = view["targets"][-1]
    assert (last["reason"], last["deadline_date"]) == ("Perbaikan", "2026-06-30")
    again = world.api("POST", path, "bidang", tangsel, json={"deadline": "2026-07-30", "reason": "Lagi"})
    assert again.status_code == 422  # the new target has not passed


def test_a_plt_grant_until_a_date_reads_as_that_date_in_the_users_page_audit_and_api(world: World) -> None:
    admin = browser(world, "admin")
    grant = {"username": "kasi-aplikasi", "role": "kabid-ti", "valid_until": "2026-12-10", "acting": "on",
             "sk_number": "800.1.3/12/BKPSDM/2026", "sk_date": "2026-03-01"}
    granted = post(admin, f"/t/{world.a}/admin/grants", grant, from_page=f"/t/{world.a}/admin/users")
    assert granted.status_code == 303
    users = admin.get(f"/t/{world.a}/admin/users").text
    assert "sampai Kamis, 10 Desember 2026" in users and 'title="Kamis, 10 Desember 2026"' in users
    assert "11 Des 2026" not in users
    audit = browser(world, "auditor").get(f"/t/{world.a}/audit").text
    assert "s.d. Kamis, 10 Desember 2026; SK 800.1.3/12/BKPSDM/2026 tanggal 1 Maret 2026)" in audit
    found = world.api("GET", "/users?q=kasi-aplikasi", "admin").json()["items"][0]
    plt = next(g for g in found["grants"] if g["acting"])
    assert plt["valid_until_date"] == "2026-12-10" and plt["valid_until"] == "2026-12-11T00:00:00+08:00"
