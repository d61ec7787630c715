"""Dates as people mean them: a date-only deadline or Plt. end runs to the end of that day,
is recorded as the date given, and old events that stored only the instant read the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.calendar import end_of_day
from domain.people import User
from domain.request import Request
from tests.conftest import PLT_SK
from tests.unit.test_people import NOW, ROLES, grant, register
from tests.unit.walk import WITA, Walk


def set_target(walk: Walk, day: date) -> None:
    walk.complete(7, deadline=end_of_day(day, WITA), deadline_date=day)


def test_a_target_given_as_a_date_is_recorded_as_that_date_and_runs_to_the_days_end() -> None:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(7)
    set_target(walk, date(2026, 12, 18))
    event = walk.request.collect_events()[-1]
    assert isinstance(event, Request.DeadlineSet)
    assert (event.deadline_date, event.deadline) == ("2026-12-18", datetime(2026, 12, 19, tzinfo=WITA))
    assert walk.request.targets[-1].deadline_date == "2026-12-18"
    assert not walk.request.is_overdue(datetime(2026, 12, 18, 23, 59, tzinfo=WITA))
    assert walk.request.is_overdue(datetime(2026, 12, 19, 0, 0, 1, tzinfo=WITA))


def test_a_target_given_as_an_exact_moment_records_no_date() -> None:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(7)
    walk.complete(7, deadline=datetime(2026, 12, 18, 12, 0, tzinfo=WITA))
    assert walk.request.collect_events()[-1].deadline_date is None


def step_state(deadline: datetime | None) -> dict[str, Any]:
    return {"deadline": deadline, "deadline_for": [8], "step": 7}


def test_an_old_step_event_whose_deadline_is_a_local_midnight_reads_as_the_day_before() -> None:
    state = step_state(datetime(2026, 12, 19, tzinfo=WITA))
    Request.DeadlineSet.upcast_v2_v3(state)
    assert state["deadline_date"] == "2026-12-18"


def test_an_old_step_event_with_an_exact_deadline_or_none_reads_without_a_date() -> None:
    exact, none = step_state(datetime(2026, 12, 18, 16, 0, tzinfo=WITA)), step_state(None)
    Request.DeadlineSet.upcast_v2_v3(exact)
    Request.Submitted.upcast_v2_v3(none)
    assert exact["deadline_date"] is None and none["deadline_date"] is None


def test_a_plt_grant_until_a_date_records_the_date_and_holds_through_that_day() -> None:
    user = register()
    grant(user, valid_until=end_of_day(date(2026, 3, 20), WITA), until_date=date(2026, 3, 20),
          acting=True, **PLT_SK)
    event = user.collect_events()[-1]
    assert isinstance(event, User.RoleGranted) and event.until_date == "2026-03-20"
    assert "kadis" in user.roles_at(datetime(2026, 3, 20, 23, 59, tzinfo=WITA))
    assert "kadis" not in user.roles_at(datetime(2026, 3, 21, 0, 0, tzinfo=WITA))


def test_an_old_plt_grant_ending_at_local_midnight_reads_as_the_day_before() -> None:
    state: dict[str, Any] = {"valid_until": datetime(2026, 12, 11, tzinfo=WITA)}
    User.RoleGranted.upcast_v1_v2(state)
    assert state["until_date"] == "2026-12-10"
    open_ended: dict[str, Any] = {"valid_until": None}
    User.RoleGranted.upcast_v1_v2(open_ended)
    assert open_ended["until_date"] is None


def test_a_grant_without_a_date_records_none() -> None:
    user = User.register("sari", password_hash="h", roles=["kadis"], known_roles=ROLES, requester_role="opd",
                         actor="admin", at=NOW)
    grant(user, "kasi-aplikasi", valid_until=NOW + timedelta(days=3, hours=2))
    assert user.collect_events()[-1].until_date is None
