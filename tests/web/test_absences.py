"""Out of office with a Plh., at both doors and on both stores: asked by the absent official,
decided by an admin or an office leader (never by oneself), the Plh. holding the absent
official's roles over those days only: their inbox, the audit trail, cancelling."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post

WITA = ZoneInfo("Asia/Makassar")
AWAY = {"from_date": "2026-03-18", "to_date": "2026-03-20", "reason": "Diklat PIM III di Mataram",
        "plh": "kasi-aplikasi"}  # fmt: skip


def ask(world: World, user: str = "kabid-ti", **changes: Any) -> Any:
    return world.api("POST", "/me/absences", user, json={**AWAY, **changes})


def at(world: World, when: datetime) -> None:
    """Move the clock (sessions signed in before have expired by then: sign in again)."""
    world.clock.set(when)
    world.tokens.clear()


def inbox_ids(world: World, user: str) -> list[str]:
    return [item["request_id"] for item in world.api("GET", "/inbox", user).json()["items"]]


def test_an_approved_absence_routes_the_absent_roles_steps_to_the_plh_during_its_days_only(world: World):
    request_id = submit(world)["id"]
    assert complete(world, request_id, 2, "kadis").status_code == 200  # now at step 3, the Kabid TI's
    asked = ask(world)
    assert asked.status_code == 201, asked.text
    absence = asked.json()
    assert (absence["status"], absence["roles"], absence["plh"]) == ("pending", ["kabid-ti"], "kasi-aplikasi")
    assert request_id not in inbox_ids(world, "kasi-aplikasi")  # pending: nothing handed over
    approved = world.api("POST", f"/absences/{absence['id']}/approve", "kadis")
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["granted"]) == ("approved", ["kabid-ti"])
    assert request_id not in inbox_ids(world, "kasi-aplikasi")  # the day before it starts
    at(world, datetime(2026, 3, 18, 8, 0, tzinfo=WITA))
    assert request_id in inbox_ids(world, "kasi-aplikasi")
    assert request_id in inbox_ids(world, "kabid-ti")  # the holder still sees their own role's work
    at(world, datetime(2026, 3, 21, 0, 0, tzinfo=WITA))  # the end of the last day
    assert request_id not in inbox_ids(world, "kasi-aplikasi")


def test_a_step_the_plh_does_reads_plh_in_the_audit_and_the_grant_says_for_whom(world: World):
    request_id = submit(world)["id"]
    assert complete(world, request_id, 2, "kadis").status_code == 200
    absence = ask(world).json()
    assert world.api("POST", f"/absences/{absence['id']}/approve", "admin").status_code == 200
    at(world, datetime(2026, 3, 19, 9, 0, tzinfo=WITA))
    assert complete(world, request_id, 3, "kasi-aplikasi").status_code == 200  # as Plh. Kabid TI
    rows = world.api("GET", f"/audit?request={request_id}", "auditor").json()["items"]
    step = next(row for row in rows if row["step"] == 3)
    assert (step["actor"], step["acting"], step["acting_title"]) == ("kasi-aplikasi", True, "Plh.")
    trail = browser(world, "auditor").get(f"/t/{world.a}/audit?actor=admin").text
    assert "admin menyetujui ketidakhadiran kabid-ti" in trail
    assert "kasi-aplikasi menjadi Plh. (Kepala Bidang Teknologi Informasi) untuk kabid-ti" in trail
    assert re.search(r"memberikan peran Kepala Bidang Teknologi Informasi kepada kasi-aplikasi \(Plh\. mulai "
                     r"[^)]*; menggantikan kabid-ti selama tidak hadir\)", trail)  # fmt: skip
    english = browser(world, "auditor").get(f"/t/{world.a}/audit?type=AbsenceApproved&lang=en").text
    assert (
        "admin approved the absence of kabid-ti (Wednesday, 18 March 2026 to Friday, 20 March 2026): "
        "kasi-aplikasi acts for kabid-ti as Plh. (Kepala Bidang Teknologi Informasi)" in english
    )


def test_cancelling_an_approved_absence_during_it_ends_the_plh_grant_from_then_on(world: World):
    absence = ask(world).json()
    assert world.api("POST", f"/absences/{absence['id']}/approve", "kadis").status_code == 200
    at(world, datetime(2026, 3, 19, 9, 0, tzinfo=WITA))
    assert "kabid-ti" in world.api("GET", "/users/kasi-aplikasi", "admin").json()["roles"]
    kadis_cancels = world.api("POST", f"/me/absences/{absence['id']}/cancel", "kadis")
    assert kadis_cancels.status_code == 404  # another's absence is not theirs to find
    cancelled = world.api("POST", f"/me/absences/{absence['id']}/cancel", "kabid-ti")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert "kabid-ti" not in world.api("GET", "/users/kasi-aplikasi", "admin").json()["roles"]
    again = world.api("POST", f"/me/absences/{absence['id']}/cancel", "kabid-ti")
    assert (again.status_code, again.json()["error"]["field"]) == (422, "id")


def test_refusals_name_the_field_at_the_api(world: World):
    def field(answer: Any) -> tuple[int, str | None]:
        return answer.status_code, answer.json()["error"].get("field")

    assert field(ask(world, from_date="2026-03-16")) == (422, "from_date")  # yesterday
    assert field(ask(world, to_date="2026-03-17")) == (422, "to_date")  # before the first day
    assert field(ask(world, reason=" ")) == (422, "reason")
    assert field(ask(world, plh="kabid-ti")) == (422, "plh")  # oneself
    assert field(ask(world, plh="opd-disdik")) == (422, "plh")  # files requests, acts for nobody
    assert field(ask(world, plh="nobody")) == (422, "plh")
    assert field(ask(world, "auditor", plh="kadis")) == (422, "plh")  # no workflow role to hand over
    first = ask(world).json()
    assert field(ask(world, from_date="2026-03-20", to_date="2026-03-24")) == (422, "from_date")  # overlaps
    assert world.api("POST", f"/absences/{first['id']}/approve", "kabid-ti").status_code == 403  # own
    assert world.api("POST", f"/absences/{first['id']}/approve", "kasi-aplikasi").status_code == 403
    assert world.api("GET", "/absences", "kasi-aplikasi").status_code == 403
    assert field(world.api("POST", f"/absences/{first['id']}/refuse", "kadis", json={})) == (422, "reason")
    refused = world.api("POST", f"/absences/{first['id']}/refuse", "kadis", json={"reason": "Ada audit BPK"})
    assert (refused.json()["status"], refused.json()["refusal"]) == ("refused", "Ada audit BPK")
    assert field(world.api("POST", f"/absences/{first['id']}/approve", "kadis")) == (422, "id")
    listed = world.api("GET", "/me/absences", "kabid-ti").json()["items"]
    assert [(a["id"], a["status"], a["plh_name"]) for a in listed] == [
        (first["id"], "refused", "Kasi-Aplikasi")
    ]


def test_the_pages_ask_decide_and_refuse_beside_the_field(world: World):
    kabid = browser(world, "kabid-ti")
    me = kabid.get(f"/t/{world.a}/me").text
    assert f'href="/t/{world.a}/me/away"' in me
    form = kabid.get(f"/t/{world.a}/me/away").text
    assert '<option value="kasi-aplikasi"' in form and '<option value="opd-disdik"' not in form
    assert f'href="/t/{world.a}/absences"' in form  # the Kabid TI leads: he decides others' absences
    late = post(kabid, f"/t/{world.a}/me/away", {**AWAY, "from_date": "2026-03-10"})
    assert late.status_code == 422
    assert ('id="from_date-error">tanggal mulai tidak boleh sebelum hari ini<' in late.text
            and 'aria-describedby="from_date-error"' in late.text)  # fmt: skip
    assert "Diklat PIM III di Mataram</textarea>" in late.text  # what was typed is kept
    asked = post(kabid, f"/t/{world.a}/me/away", AWAY)
    assert asked.status_code == 303
    shown = kabid.get(asked.headers["location"]).text
    assert "Ketidakhadiran diajukan; menunggu persetujuan" in shown and "menunggu persetujuan" in shown
    assert "awaiting approval" in kabid.get(f"/t/{world.a}/me/away?lang=en").text
    kasi = browser(world, "kasi-aplikasi")
    assert f'href="/t/{world.a}/absences"' not in kasi.get(f"/t/{world.a}/me").text  # no leader
    assert kasi.get(f"/t/{world.a}/absences").status_code == 403
    kadis = browser(world, "kadis")
    listed = kadis.get(f"/t/{world.a}/absences").text
    absence_id = re.search(r'action="/t/[^/]+/absences/([0-9a-f-]+)/refuse"', listed).group(1)  # type: ignore[union-attr]
    refused = post(kadis, f"/t/{world.a}/absences/{absence_id}/refuse", {"reason": ""},
                   from_page=f"/t/{world.a}/absences")  # fmt: skip
    assert refused.status_code == 422
    assert f'id="{absence_id}-reason-error">alasan wajib diisi<' in refused.text
    approved = post(kadis, f"/t/{world.a}/absences/{absence_id}/approve", from_page=f"/t/{world.a}/absences")
    assert approved.status_code == 303
    after = kadis.get(approved.headers["location"]).text
    assert "Ketidakhadiran kabid-ti disetujui; Plh.: kasi-aplikasi" in after
    user_page = browser(world, "admin").get(f"/t/{world.a}/admin/users/kasi-aplikasi").text
    assert "menggantikan kabid-ti selama tidak hadir" in user_page


def test_the_approvers_list_is_paged_with_those_awaiting_a_decision_first(world: World):
    decided = ask(
        world, "kasi-aplikasi", plh="tim-pengembang", from_date="2026-03-30", to_date="2026-03-31"
    ).json()
    assert world.api("POST", f"/absences/{decided['id']}/approve", "kadis").status_code == 200
    waiting = ask(world).json()
    first = world.api("GET", "/absences?limit=1", "admin").json()
    assert (first["total"], first["pages"], [a["id"] for a in first["items"]]) == (2, 2, [waiting["id"]])
    second = world.api("GET", "/absences?limit=1&page=2", "admin").json()
    assert [a["id"] for a in second["items"]] == [decided["id"]]
    assert world.api("GET", "/me/absences?limit=0", "kabid-ti").json()["error"]["field"] == "limit"
