"""Tangerang Selatan: a UAT failure sends the request back to development (step 11) after the
target set at step 7 has passed; the Bidang, who sets the target, may set a new one with a reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.calendar import end_of_day
from domain.errors import AlurError, InvalidInputError, RoleNotHeldError
from domain.request import Request
from tests.unit.walk import WITA, Walk

TARGET = date(2026, 4, 30)


@pytest.fixture
def looped() -> Walk:
    """Back at step 11 after a failed UAT, a month after the target of step 7 passed."""
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(7)
    walk.complete(7, deadline=end_of_day(TARGET, WITA), deadline_date=TARGET)
    walk.to_step(14)
    walk.complete(14, decision="tidak", after=timedelta(days=60))
    return walk


def revise(walk: Walk, day: date | None, reason: str = "UAT gagal: formulir diperbaiki",
           roles: tuple[str, ...] = ("bidang-ptikp",)) -> None:  # fmt: skip
    walk.now += timedelta(hours=1)
    walk.request.revise_target(walk.variant, user="kabid", roles=roles, at=walk.now,
                               deadline=end_of_day(day, WITA) if day else None, deadline_date=day,
                               reason=reason)  # fmt: skip


def test_a_uat_loop_after_the_target_passed_starts_overdue(looped: Walk) -> None:
    assert looped.request.active_step == 11
    assert looped.request.is_overdue(looped.now)
    assert looped.request.may_revise_target(looped.variant, ("bidang-ptikp",), looped.now)
    assert not looped.request.may_revise_target(looped.variant, ("opd",), looped.now)


def test_the_bidang_sets_a_new_target_with_a_reason_and_the_request_is_not_overdue(looped: Walk) -> None:
    new = looped.now.date() + timedelta(days=21)
    revise(looped, new)
    request = looped.request
    event = request.collect_events()[-1]
    assert isinstance(event, Request.TargetRevised)
    assert event.deadline_date == new.isoformat() and event.deadline_for == [8, 9, 10, 11]
    assert event.note == "UAT gagal: formulir diperbaiki"
    assert request.active_due == end_of_day(new, WITA) and not request.is_overdue(looped.now)
    assert request.targets[-1].reason == "UAT gagal: formulir diperbaiki" and request.targets[-1].revised


def test_the_new_target_holds_for_the_step_after_step_eleven_loops_again(looped: Walk) -> None:
    revise(looped, looped.now.date() + timedelta(days=21))
    looped.complete(11)
    assert looped.request.deadlines["11"] == looped.request.targets[-1].deadline


@pytest.mark.parametrize(("days", "reason", "field"), [(-1, "alasan", "deadline"), (0, "", "reason"),
                                                       (None, "alasan", "deadline")])  # fmt: skip
def test_a_new_target_in_the_past_or_without_a_reason_is_refused_naming_the_field(
    looped: Walk, days: int | None, reason: str, field: str
) -> None:
    day = None if days is None else looped.now.date() + timedelta(days=days)
    with pytest.raises(InvalidInputError) as raised:
        revise(looped, day if days != 0 else looped.now.date() + timedelta(days=7), reason)
    assert raised.value.field == field


def test_only_the_role_that_sets_the_target_may_set_a_new_one(looped: Walk) -> None:
    with pytest.raises(RoleNotHeldError):
        revise(looped, looped.now.date() + timedelta(days=7), roles=("opd", "diskominfo"))


def test_a_target_not_yet_passed_cannot_be_set_anew() -> None:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(7)
    walk.complete(7, deadline=end_of_day(TARGET, WITA), deadline_date=TARGET)
    assert not walk.request.may_revise_target(walk.variant, ("bidang-ptikp",), walk.now)
    with pytest.raises(InvalidInputError) as raised:
        revise(walk, TARGET + timedelta(days=30))
    assert raised.value.field == "deadline"


def test_a_step_without_a_target_offers_no_new_target() -> None:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(13)
    walk.now = datetime(2027, 1, 1, tzinfo=WITA)
    assert not walk.request.may_revise_target(walk.variant, ("bidang-ptikp",), walk.now)
    with pytest.raises(AlurError):
        revise(walk, date(2027, 2, 1))
