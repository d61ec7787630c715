"""Teams appointed by name (issue 21): a step that forms a team names several people, each an
active holder of the appointed steps' role, and any member does the team's steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from domain.errors import InvalidInputError, RoleNotHeldError
from domain.handlers.requests import match_user
from domain.notices import Holder, step_recipients
from domain.request import Request
from tests.unit.walk import Walk

ROLES = {
    "budi": ("tim-pengembang",),
    "sari": ("tim-pengembang",),
    "kadis": ("kadis",),
    "kabid": ("kabid-ti",),
    "kasi": ("kasi-aplikasi",),
    "pemohon": ("opd",),
}


def roles_of(username: str) -> Iterable[str] | None:
    return ROLES.get(username)


@pytest.fixture
def sumbawa() -> Walk:
    walk = Walk("sumbawa-2021")
    walk.to_step(4)
    return walk


def test_sumbawa_step_four_forms_a_team_and_cirebons_pic_is_one_person() -> None:
    assert Walk("sumbawa-2021").variant.step(4).appoints_team
    cirebon = Walk("cirebon-2019").variant
    assert not cirebon.step(6).appoints_team and not cirebon.step(5).appoints_team


def test_the_appointed_role_is_the_role_of_the_steps_the_team_then_does() -> None:
    assert Walk("sumbawa-2021").variant.appointed_roles(4) == ("tim-pengembang",)
    assert Walk("cirebon-2019").variant.appointed_roles(5) == ("pihak-ketiga",)


def test_a_team_of_two_is_recorded_in_the_order_named(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["Sari", "budi"], roles_of=roles_of)
    event = sumbawa.request.collect_events()[-1]
    assert isinstance(event, Request.Assigned) and event.assignees == ["sari", "budi"]
    assert sumbawa.request.assignments == {"4": ("sari", "budi")}


@pytest.mark.parametrize("who", ["kadis", "kabid", "pemohon", "nobody"])
def test_only_holders_of_the_appointed_role_may_be_named(sumbawa: Walk, who: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.complete(4, assignees=["budi", who], roles_of=roles_of)
    assert raised.value.field == "assignee" and who in str(raised.value)
    assert "Tim Pengembang" in str(raised.value)


def test_a_step_appointing_one_person_takes_only_one() -> None:
    walk = Walk("cirebon-2019")
    walk.to_step(6)
    with pytest.raises(InvalidInputError) as raised:
        walk.complete(6, assignees=["pic1", "pic2"])
    assert raised.value.field == "assignee" and "satu" in str(raised.value)


def test_the_second_member_of_the_team_does_the_teams_step_in_their_own_name(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["budi", "sari"], roles_of=roles_of)
    sumbawa.to_step(9)
    assert sumbawa.request.appointees(sumbawa.variant) == ("budi", "sari")
    sumbawa.complete(9, user="sari", roles=("tim-pengembang",), roles_of=roles_of)
    event = sumbawa.request.collect_events()[-1]
    assert (event.actor, event.on_behalf_of) == ("sari", None)


def test_a_holder_of_the_role_outside_the_team_acts_on_behalf_of_a_member(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["budi", "sari"], roles_of=roles_of)
    sumbawa.to_step(9)
    with pytest.raises(InvalidInputError):
        sumbawa.complete(9, user="rina", roles=("tim-pengembang",), on_behalf_of="kadis")
    sumbawa.complete(9, user="rina", roles=("tim-pengembang",), on_behalf_of="Sari")
    assert sumbawa.request.collect_events()[-1].on_behalf_of == "sari"


def test_someone_outside_the_team_and_the_role_is_refused_naming_the_team(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["budi", "sari"], roles_of=roles_of)
    sumbawa.to_step(9)
    with pytest.raises(RoleNotHeldError) as raised:
        sumbawa.complete(9, user="kadis", roles=("kadis",))
    assert "budi, sari" in str(raised.value)


def test_an_event_stored_with_one_assignee_reads_as_a_team_of_one() -> None:
    state: dict[str, Any] = {"step": 4, "assignee": "budi"}
    Request.Assigned.upcast_v3_v4(state)
    assert state == {"step": 4, "assignees": ["budi"]}
    none: dict[str, Any] = {"step": 5, "assignee": None}
    Request.StepCompleted.upcast_v3_v4(none)
    assert none == {"step": 5, "assignees": []}


def test_every_member_in_force_is_told_and_a_deactivated_one_is_not() -> None:
    variant = Walk("sumbawa-2021").variant
    holders = [
        Holder("budi", True, None, frozenset({"tim-pengembang"})),
        Holder("sari", True, None, frozenset({"tim-pengembang"})),
        Holder("rina", False, None, frozenset({"tim-pengembang"})),
    ]
    told = step_recipients(variant, role="tim-pengembang", appointee=("sari", "rina", "budi"),
                           request_opd=None, holders=holders)  # fmt: skip
    assert told == ("budi", "sari")


TYPED = [("budi", "budi"), ("BUDI", "budi"), ("budi santoso", "budi"), ("Sari  Wulandari", "sari"),
         ("Santoso", "Santoso")]  # fmt: skip


@pytest.mark.parametrize(("typed", "meant"), TYPED)
def test_a_typed_name_means_the_user_by_username_or_full_name_without_case(typed: str, meant: str) -> None:
    users = [("budi", "Budi Santoso", ()), ("sari", "Sari Wulandari", ())]
    assert match_user(users, typed) == meant


# -- the hand-over ----------------------------------------------------------------------------


def handed(walk: Walk, **given: Any) -> Request.Reassigned:
    walk.request.hand_over(walk.variant, appointing=4, actor="admin", role="admin", at=walk.now,
                           roles_of=roles_of, **given)  # fmt: skip
    event = walk.request.collect_events()[-1]
    assert isinstance(event, Request.Reassigned)
    return event


def test_a_members_part_handed_to_another_holder_of_the_role_joins_the_team(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["budi"], roles_of=roles_of)
    sumbawa.to_step(9)
    event = handed(sumbawa, from_user="budi", to=["sari"], reason="Budi pindah tugas")
    assert (event.to, event.team, event.reason) == (["sari"], ["sari"], "Budi pindah tugas")
    assert sumbawa.request.appointees(sumbawa.variant) == ("sari",)


def test_handed_to_the_roles_holders_the_team_keeps_its_other_members(sumbawa: Walk) -> None:
    sumbawa.complete(4, assignees=["budi", "sari"], roles_of=roles_of)
    sumbawa.to_step(9)
    assert handed(sumbawa, from_user="sari", to=[], reason="Mutasi").team == ["budi"]
    assert handed(sumbawa, from_user="budi", to=[], reason="Mutasi").team == []
    assert sumbawa.request.appointees(sumbawa.variant) == ()  # every holder of tim-pengembang now


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"from_user": "budi", "to": ["sari"], "reason": "  "}, "reason"),
        ({"from_user": "sari", "to": ["budi"], "reason": "x"}, "username"),  # sari is not on it
        ({"from_user": "budi", "to": ["kadis"], "reason": "x"}, "hand_to"),  # not the team's role
        ({"from_user": "budi", "to": ["budi"], "reason": "x"}, "hand_to"),
    ],
)
def test_a_hand_over_needs_a_reason_a_member_and_a_holder_of_the_role(
    sumbawa: Walk, given: dict[str, Any], field: str
) -> None:
    sumbawa.complete(4, assignees=["budi"], roles_of=roles_of)
    with pytest.raises(InvalidInputError) as raised:
        handed(sumbawa, **given)
    assert raised.value.field == field
