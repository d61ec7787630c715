"""The office calendar as events (issue 19), at the API and the pages, on SQLite and PostgreSQL:
a year's national holidays recorded once, a regional day off or a revised SKB with its legal
ground, office hours by range; each change moves the deadline of the running steps it touches,
as an event on the request shown in its history and the audit trail; refusals name the field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post

HARI_JADI = {"date": "2026-03-25", "name": "Hari Jadi Kabupaten Sumbawa", "kind": "libur-daerah",
             "reference": "SK Bupati Sumbawa No. 100/2026",
             "reason": "Hari jadi kabupaten ke-67"}  # fmt: skip
PAGE = "/admin/calendar"


def add_day(world: World, user: str = "admin", **body: Any) -> Any:
    return world.api("POST", "/calendar/days", user, json={**HARI_JADI, **body})


def due_of(world: World, request_id: str) -> str:
    return str(world.api("GET", f"/requests/{request_id}", "kadis").json()["active_step"]["due_at"])


def test_a_regional_day_off_moves_the_deadline_of_the_step_it_falls_in(world: World) -> None:
    request_id = submit(world)["id"]
    # Tuesday 17 March 10.00 + 1 hari kerja: 18-24 March are Nyepi, Idul Fitri and cuti bersama.
    assert due_of(world, request_id) == "2026-03-25T10:00:00+08:00"
    calendar = world.api("GET", "/calendar?year=2026", "kadis").json()
    assert calendar["recorded"] and calendar["source"].startswith("holidays ")  # recorded at the first filing
    assert {"date": "2026-03-19", "kind": "libur-nasional"}.items() <= next(
        d for d in calendar["days"] if d["date"] == "2026-03-19").items()  # fmt: skip

    answer = add_day(world)
    assert answer.status_code == 201, answer.text
    (moved,) = answer.json()["moved"]
    assert moved == {"request_id": request_id, "step": 2, "was": "2026-03-25T10:00:00+08:00",
                     "due": "2026-03-26T10:00:00+08:00"}  # fmt: skip
    assert due_of(world, request_id) == "2026-03-26T10:00:00+08:00"
    (inbox,) = world.api("GET", "/inbox", "kadis").json()["items"]
    assert datetime.fromisoformat(inbox["due_at"]) == datetime.fromisoformat("2026-03-26T10:00:00+08:00")

    # The request's history and the audit trail say why, with the decree.
    events = world.api("GET", f"/requests/{request_id}/events", "kadis").json()
    recomputed = [e for e in events if e["type"] == "DueRecomputed"]
    assert len(recomputed) == 1 and recomputed[0]["data"]["reference"] == HARI_JADI["reference"]
    trail = world.api("GET", "/audit?type=DueRecomputed", "auditor").json()["items"]
    assert "SK Bupati Sumbawa No. 100/2026" in trail[0]["sentence"]
    assert "26-03-2026 10:00" in trail[0]["sentence"]
    added = world.api("GET", "/audit?type=DayOffAdded", "auditor").json()["items"]
    assert "Hari Jadi Kabupaten Sumbawa" in added[0]["sentence"] and "ke-67" in added[0]["sentence"]
    listed = world.api("GET", "/calendar?year=2026", "opd-disdik").json()["days"]
    assert {"date": "2026-03-25", "name": HARI_JADI["name"], "kind": "libur-daerah",
            "reference": HARI_JADI["reference"], "reason": HARI_JADI["reason"]} in listed  # fmt: skip


def test_a_revised_skb_makes_a_cuti_bersama_a_working_day_and_pulls_the_deadline_in(world: World) -> None:
    request_id = submit(world)["id"]
    revised = {"reference": "SKB 3 Menteri No. 2/2026 (revisi)", "reason": "cuti bersama dibatalkan"}
    answer = world.api("POST", "/calendar/days/2026-03-24/remove", "admin", json=revised)
    assert answer.status_code == 200, answer.text
    assert answer.json()["moved"][0]["due"] == "2026-03-24T10:00:00+08:00"
    assert due_of(world, request_id) == "2026-03-24T10:00:00+08:00"
    calendar = world.api("GET", "/calendar?year=2026", "kadis").json()
    assert "2026-03-24" not in {d["date"] for d in calendar["days"]}
    assert calendar["removed"][0]["reference"] == "SKB 3 Menteri No. 2/2026 (revisi)"
    # Completing the step after the revised day counts it: due Tuesday, done Wednesday: late.
    world.clock.advance(days=8)
    world.tokens.clear()
    assert complete(world, request_id, 2, "kadis", note="disposisi").status_code == 200
    late = world.api("GET", "/sla", "kadis").json()["steps"]
    assert any(row["step"] == 2 and row["late"] == 1 for row in late)


def test_office_hours_for_a_range_are_recorded_and_listed(world: World) -> None:
    answer = world.api("POST", "/calendar/hours", "admin", json={
        "first": "2027-02-08", "last": "2027-03-09", "start": "08:00", "end": "14:00",
        "reference": "SE Bupati No. 800/12/2027", "reason": "Jam kerja bulan Ramadan 1448 H"})  # fmt: skip
    assert answer.status_code == 201, answer.text
    (span,) = world.api("GET", "/calendar?year=2027", "kadis").json()["hours"]
    assert (span["first"], span["start"], span["end"]) == ("2027-02-08", "08:00", "14:00")


def test_calendar_changes_are_refused_with_the_field_and_the_reason(world: World) -> None:
    def refused(answer: Any) -> tuple[int, str | None]:
        return answer.status_code, answer.json()["error"].get("field")

    assert add_day(world, user="kadis").status_code == 403
    assert refused(add_day(world, reference="")) == (422, "reference")
    assert refused(add_day(world, reason=" ")) == (422, "reason")
    assert refused(add_day(world, name="")) == (422, "name")
    assert refused(add_day(world, date="2026-03-21")) == (422, "date")  # a Saturday
    assert refused(add_day(world, date="2026-03-19")) == (422, "date")  # Nyepi already
    assert refused(add_day(world, date="25-03-2026")) == (422, "date")
    assert refused(add_day(world, kind="libur-kantor")) == (422, "kind")
    hours = {"first": "2027-02-08", "last": "2027-03-09", "start": "14:00", "end": "08:00",
             "reference": "SE 1", "reason": "Ramadan"}  # fmt: skip
    assert refused(world.api("POST", "/calendar/hours", "admin", json=hours)) == (422, "end")
    for change, field in (({"start": "8"}, "start"), ({"last": "2027-01-01"}, "last")):
        sent = world.api("POST", "/calendar/hours", "admin", json={**hours, **change})
        assert refused(sent) == (422, field)
    ground = {"reference": "x", "reason": "y"}
    gone = world.api("POST", "/calendar/days/2026-03-26/remove", "admin", json=ground)
    assert refused(gone) == (422, "date")  # not a day off
    assert refused(world.api("POST", "/calendar/years", "admin", json={"year": 1990})) == (422, "year")
    assert world.api("GET", "/calendar?year=2026", "kadis").json()["removed"] == []  # nothing stored


def test_the_admin_page_records_a_day_off_and_shows_a_refusal_beside_its_field(world: World) -> None:
    request_id = submit(world)["id"]
    admin = browser(world, "admin")
    page = admin.get(f"/t/{world.a}/admin/calendar?year=2026")
    assert page.status_code == 200 and "Kalender kerja" in page.text and "Hari Suci Nyepi" in page.text
    without = {k: v for k, v in HARI_JADI.items() if k != "reference"}
    refused = post(admin, f"/t/{world.a}/admin/calendar/days", without, from_page=f"/t/{world.a}{PAGE}")
    assert refused.status_code == 422 and 'id="add-reference-error"' in refused.text
    assert 'value="Hari Jadi Kabupaten Sumbawa"' in refused.text  # what was typed is kept
    done = post(admin, f"/t/{world.a}/admin/calendar/days", HARI_JADI, from_page=f"/t/{world.a}{PAGE}")
    assert done.status_code == 303 and done.headers["location"].endswith("/admin/calendar?year=2026")
    shown = admin.get(done.headers["location"]).text
    assert "tenggat 1 langkah berjalan dihitung ulang" in shown and "SK Bupati Sumbawa No. 100/2026" in shown
    assert due_of(world, request_id) == "2026-03-26T10:00:00+08:00"
    history = admin.get(f"/t/{world.a}/requests/{request_id}/history").text
    assert "Kalender kerja berubah" in history or "Kalender kantor berubah" in history
    assert browser(world, "kadis").get(f"/t/{world.a}/admin/calendar").status_code == 403


def test_a_rebuild_gives_the_sla_figures_the_live_run_gave_under_the_calendar_then(world: World) -> None:
    request_id = submit(world)["id"]
    world.clock.advance(days=8)  # Wednesday 25 March 10.00: step 2 done on its due time
    world.tokens.clear()
    assert complete(world, request_id, 2, "kadis", note="disposisi").status_code == 200

    def step_two() -> dict[str, Any]:
        rows = world.api("GET", "/sla", "kadis").json()["steps"]
        return next(row for row in rows if row["step"] == 2)

    live = step_two()
    assert (live["late"], live["median"]) == (0, 1.0)
    # Afterwards the office records a day off inside that span (a late SK): the figure recorded
    # stands, and a rebuild of the read models computes it under the calendar as it was then.
    assert add_day(world, date="2026-03-17", name="Libur daerah susulan").status_code == 201
    assert step_two() == live
    projector = world.platform.services.projector(world.platform.tenant(world.a))
    projector.rebuild()
    assert step_two() == live
