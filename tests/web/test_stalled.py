"""Stalled steps ("macet", issue 19) at the API, the pages and the CLI, on SQLite and PostgreSQL:
a step with no time standard waiting past the tenant's threshold (default 10 working days) shows
as macet in the inbox and the overview, and counts as late on the SLA page; the admin sets the
threshold with a reason, refused with the field named when out of range."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import CREATE_SUMBAWA, Alur
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post

WITA = ZoneInfo("Asia/Makassar")


def at_step_three(world: World) -> str:
    """A request whose step 3 (the Kabid's disposition: no time standard) runs since 25 March 09.00."""
    request_id = str(submit(world)["id"])
    world.clock.set(datetime(2026, 3, 25, 9, 0, tzinfo=WITA))
    world.tokens.clear()
    assert complete(world, request_id, 2, "kadis", note="disposisi").status_code == 200
    return request_id


def later(world: World, *when: int) -> None:
    world.clock.set(datetime(*when, tzinfo=WITA))  # type: ignore[misc]
    world.tokens.clear()


def inbox_item(world: World, request_id: str) -> dict[str, Any]:
    items = world.api("GET", "/inbox", "kabid-ti").json()["items"]
    return next(item for item in items if item["request_id"] == request_id)


def test_a_step_with_no_time_standard_is_macet_after_ten_working_days(world: World) -> None:
    request_id = at_step_three(world)
    later(world, 2026, 4, 1, 9, 0)  # five working days
    assert inbox_item(world, request_id)["stalled"] is False
    assert world.api("GET", "/overview", "kadis").json()["stalled"] == 0
    later(world, 2026, 4, 20, 9, 0)  # well past ten (3 April is Good Friday)
    item = inbox_item(world, request_id)
    assert item["stalled"] is True and item["due_at"] is None
    office = world.api("GET", "/overview", "kadis").json()
    assert office["stalled"] == 1 and office["items"][0]["stalled"] is True
    head = world.api("GET", "/sla", "kadis").json()["headline"]
    assert (head["stalled"], head["stalled_after"], head["overdue"]) == (1, 10, 0)
    assert head["on_time_pct"] is not None and head["on_time_pct"] < 100
    page = browser(world, "kabid-ti").get(f"/t/{world.a}/inbox").text
    assert "macet" in page
    # Raised to 20 working days (with the reason): not macet yet.
    raised = world.api("POST", "/settings/stalled-after", "admin", json={"days": 20, "reason": "Perbup 2026"})
    assert raised.status_code == 200, raised.text
    setting = raised.json()["stalled_after"]
    assert (setting["days"], setting["set_by"]) == (20, "admin")
    assert inbox_item(world, request_id)["stalled"] is False
    assert world.api("GET", "/settings", "opd-disdik").json()["stalled_after"]["reason"] == "Perbup 2026"


def test_the_threshold_is_refused_outside_its_range_or_without_a_reason(world: World) -> None:
    def refused(body: dict[str, Any], user: str = "admin") -> tuple[int, str | None]:
        answer = world.api("POST", "/settings/stalled-after", user, json=body)
        return answer.status_code, answer.json()["error"].get("field")

    assert refused({"days": 5, "reason": "x"}, user="kadis")[0] == 403
    assert refused({"days": 0, "reason": "x"}) == (422, "days")
    assert refused({"days": 251, "reason": "x"}) == (422, "days")
    assert refused({"days": "sepuluh", "reason": "x"}) == (422, "days")
    assert refused({"reason": "x"}) == (422, "days")
    assert refused({"days": 5, "reason": "  "}) == (422, "reason")
    assert refused({"days": 10, "reason": "sama"}) == (422, "days")  # already so: nothing changes
    assert world.api("GET", "/settings", "admin").json()["stalled_after"]["set_by"] is None


def test_the_admin_page_sets_the_threshold_and_names_a_refusal(world: World) -> None:
    admin = browser(world, "admin")
    path = f"/t/{world.a}/admin/calendar"
    refused = post(admin, f"{path}/stalled-after", {"days": "300", "reason": "uji"}, from_page=path)
    assert refused.status_code == 422 and 'id="stalled-days-error"' in refused.text
    done = post(admin, f"{path}/stalled-after", {"days": "15", "reason": "Perbup 12/2026"}, from_page=path)
    assert done.status_code == 303
    page = admin.get(path).text
    assert "15 hari kerja" in page and "Perbup 12/2026" in page


def test_the_operator_sets_the_threshold_from_the_cli(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    code, out = alur_cli("calendar set-stalled-after --tenant sumbawa --days 12 --reason 'SOP baru'")
    assert code == 0 and "12 hari kerja" in out
    code, out = alur_cli("calendar set-stalled-after --tenant sumbawa --days 0 --reason x")
    assert code == 1 and out.startswith("galat / error: ")
