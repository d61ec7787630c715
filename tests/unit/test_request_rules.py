"""The request aggregate walked through regional SOPs directly: who may act, when, with what."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from domain.errors import InvalidInputError, NotActiveStepError, RequestFinishedError, RoleNotHeldError
from domain.request import Request
from tests.unit.walk import START, WITA, Walk


@pytest.fixture
def sumbawa() -> Walk:
    return Walk("sumbawa-2021")


def field_of(error: pytest.ExceptionInfo[InvalidInputError]) -> str | None:
    return error.value.field


# -- submission ------------------------------------------------------------------------------


def test_submission_completes_step_one_and_waits_for_step_two(sumbawa: Walk) -> None:
    request = sumbawa.submit()
    assert (request.status, request.active_step, request.active_role) == ("in_progress", 2, "kadis")


def test_step_two_is_due_one_working_day_later_skipping_the_lebaran_holidays(sumbawa: Walk) -> None:
    assert sumbawa.submit().active_due == datetime(2026, 3, 25, 10, 0, tzinfo=WITA)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("letter_number", ""),
        ("letter_date", "17/03/2026"),
        ("letter_date", ""),
        ("letter_date", "9999-12-31"),  # after today
        ("letter_date", "1899-12-31"),
        ("title", "\ud800"),  # a lone surrogate: cannot be stored as UTF-8
        ("title", "a\x00b"),
    ],
)
def test_submission_without_a_required_letter_field_names_that_field(
    sumbawa: Walk, field: str, value: str
) -> None:
    letter: dict[str, Any] = {field: value}
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.submit(**letter)
    assert field_of(raised) == field


def test_the_letter_date_is_stored_as_an_iso_date(sumbawa: Walk) -> None:
    assert sumbawa.submit(letter_date=" 2026-03-16 ").letter_date == "2026-03-16"


def test_only_the_requester_or_the_step_one_role_may_submit(sumbawa: Walk) -> None:
    with pytest.raises(RoleNotHeldError):
        sumbawa.submit(roles=("kadis",))


@pytest.mark.parametrize("role", ["staf-prakom", "opd"])
def test_where_step_one_is_not_the_requesters_both_may_submit(role: str) -> None:
    request = Walk("aplikasi-database-2013").submit(roles=(role,))
    assert request.steps_taken[0].role == role


# -- completing steps ------------------------------------------------------------------------


def test_only_the_active_step_can_be_completed(sumbawa: Walk) -> None:
    sumbawa.submit()
    with pytest.raises(NotActiveStepError):
        sumbawa.complete(5, roles=("kasi-aplikasi",))


def test_a_step_can_only_be_completed_by_a_holder_of_its_role(sumbawa: Walk) -> None:
    sumbawa.submit()
    with pytest.raises(RoleNotHeldError):
        sumbawa.complete(2, roles=("opd", "kabid-ti"))


@pytest.mark.parametrize("answer", [None, "", "mungkin"])
def test_a_decision_step_needs_ya_or_tidak(sumbawa: Walk, answer: str | None) -> None:
    sumbawa.to_step(6)
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.complete(6, decision=answer)
    assert field_of(raised) == "decision"


def test_a_step_that_decides_nothing_refuses_a_decision(sumbawa: Walk) -> None:
    sumbawa.submit()
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.complete(2, decision="ya")
    assert field_of(raised) == "decision"


@pytest.mark.parametrize("assignee", [None, "  "])
def test_an_assigning_step_requires_an_assignee(sumbawa: Walk, assignee: str | None) -> None:
    sumbawa.to_step(4)
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.complete(4, assignee=assignee)
    assert field_of(raised) == "assignee"


def test_an_assigning_step_records_who_was_assigned(sumbawa: Walk) -> None:
    sumbawa.to_step(4)
    sumbawa.complete(4, assignee="budi")
    assert sumbawa.request.assignments == {"4": ("budi",)}


# -- the appointee's steps --------------------------------------------------------------------


def test_the_appointee_does_their_step_in_their_own_name_whatever_their_role(sumbawa: Walk) -> None:
    sumbawa.to_step(9)  # "budi" was appointed at step 4
    assert sumbawa.request.appointee(sumbawa.variant) == "budi"
    sumbawa.complete(9, user="budi", roles=("kasi-aplikasi",))
    taken = sumbawa.request.steps_taken[-1]
    assert (taken.actor, taken.role, taken.on_behalf_of) == ("budi", "tim-pengembang", None)


def test_another_holder_of_the_role_must_say_they_act_for_the_appointee(sumbawa: Walk) -> None:
    sumbawa.to_step(9)
    for named in (None, "", "sari"):
        with pytest.raises(InvalidInputError) as raised:
            sumbawa.complete(9, user="joko", on_behalf_of=named)
        assert field_of(raised) == "on_behalf_of"
        assert "budi" in raised.value.indonesian
    sumbawa.complete(9, user="joko", on_behalf_of="Budi")
    taken = sumbawa.request.steps_taken[-1]
    assert (taken.actor, taken.on_behalf_of) == ("joko", "budi")


def test_someone_neither_appointed_nor_holding_the_role_is_refused(sumbawa: Walk) -> None:
    sumbawa.to_step(9)
    with pytest.raises(RoleNotHeldError):
        sumbawa.complete(9, user="rina", roles=("kabid-ti",), on_behalf_of="budi")


def test_no_one_is_acted_for_where_the_sop_names_no_appointee(sumbawa: Walk) -> None:
    sumbawa.to_step(5)  # the Kasi's own analysis
    assert sumbawa.request.appointee(sumbawa.variant) is None
    with pytest.raises(InvalidInputError) as raised:
        sumbawa.complete(5, user="kasi", on_behalf_of="budi")
    assert field_of(raised) == "on_behalf_of"


def test_a_step_event_stored_before_appointees_reads_as_done_in_the_actors_own_name() -> None:
    state: dict[str, Any] = {"step": 9}
    Request.StepCompleted.upcast_v1_v2(state)
    assert state == {"step": 9, "on_behalf_of": None}
    assert Request.StepCompleted.class_version == Request.Submitted.class_version == 4


def test_a_refused_action_changes_nothing(sumbawa: Walk) -> None:
    sumbawa.to_step(4)
    with pytest.raises(InvalidInputError):
        sumbawa.complete(4)
    assert (sumbawa.request.active_step, len(sumbawa.request.steps_taken)) == (4, 3)


# -- endings ---------------------------------------------------------------------------------


def test_missing_resources_at_step_six_leads_to_step_seven(sumbawa: Walk) -> None:
    sumbawa.to_step(6)
    sumbawa.complete(6, decision="tidak", note="SDM tidak tersedia")
    assert (sumbawa.request.active_step, sumbawa.request.active_role) == (7, "kabid-ti")
    assert sumbawa.request.steps_taken[-1].note == "SDM tidak tersedia"


def test_step_seven_ends_the_request_rejected_for_resources(sumbawa: Walk) -> None:
    sumbawa.to_step(7, s6="tidak")
    sumbawa.complete(7)
    assert (sumbawa.request.status, sumbawa.request.active_step) == ("rejected_for_resources", None)


REPORT = "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"


@pytest.mark.parametrize(("answer", "recorded"), [("ya", []), ("tidak", [{"name": REPORT}])])
def test_step_six_records_the_unavailability_report_only_when_resources_are_lacking(
    sumbawa: Walk, answer: str, recorded: list[dict[str, str]]
) -> None:
    sumbawa.to_step(6)
    sumbawa.complete(6, decision=answer, note="Diperiksa", outputs=[{"name": "Notulen.pdf", "sha256": "ab"}])
    assert list(sumbawa.request.steps_taken[-1].outputs) == [
        *recorded,
        {"name": "Notulen.pdf", "sha256": "ab"},
    ]


def test_a_request_rejected_for_resources_takes_no_more_actions(sumbawa: Walk) -> None:
    sumbawa.to_step(7, s6="tidak")
    sumbawa.complete(7)
    with pytest.raises(RequestFinishedError):
        sumbawa.complete(8, roles=("kasi-aplikasi",))
    with pytest.raises(RequestFinishedError):
        sumbawa.withdraw()


def test_the_requesting_opd_may_withdraw_a_request_in_progress(sumbawa: Walk) -> None:
    sumbawa.to_step(5)
    sumbawa.withdraw()
    assert (sumbawa.request.status, sumbawa.request.active_step) == ("withdrawn", None)


def test_a_withdrawn_request_takes_no_more_actions(sumbawa: Walk) -> None:
    sumbawa.to_step(5)
    sumbawa.withdraw()
    with pytest.raises(RequestFinishedError):
        sumbawa.complete(5, roles=("kasi-aplikasi",))
    with pytest.raises(RequestFinishedError):
        sumbawa.withdraw()


def test_only_the_requester_may_withdraw(sumbawa: Walk) -> None:
    sumbawa.to_step(5)
    with pytest.raises(RoleNotHeldError):
        sumbawa.withdraw(roles=("kadis", "kasi-aplikasi"))


def test_only_a_user_of_the_requesting_opd_may_withdraw_its_request(sumbawa: Walk) -> None:
    sumbawa.submit(opd="DISDIK")
    sumbawa.to_step(3)
    for other in (None, "DINKES"):
        with pytest.raises(RoleNotHeldError):
            sumbawa.request.withdraw(sumbawa.variant, user="lain", roles=("opd",), at=sumbawa.now, opd=other)
    sumbawa.request.withdraw(sumbawa.variant, user="pemohon-2", roles=("opd",), at=sumbawa.now, opd="DISDIK",
                             note="Digabung dengan permohonan lain")  # fmt: skip
    assert sumbawa.request.status == "withdrawn"


def test_the_last_step_completes_the_request(sumbawa: Walk) -> None:
    sumbawa.to_step(17)
    sumbawa.complete(17)
    assert sumbawa.request.status == "completed"


# -- time and history ------------------------------------------------------------------------


def test_a_step_completed_after_its_due_time_is_late(sumbawa: Walk) -> None:
    sumbawa.submit()
    sumbawa.complete(2, after=timedelta(days=8, minutes=1))  # due 25 March 10:00
    assert sumbawa.request.steps_taken[-1].late


def test_a_step_completed_before_its_due_time_is_not_late(sumbawa: Walk) -> None:
    sumbawa.submit()
    sumbawa.complete(2, after=timedelta(days=7, hours=23))
    assert not sumbawa.request.steps_taken[-1].late


def test_a_step_without_a_time_standard_is_never_late(sumbawa: Walk) -> None:
    sumbawa.to_step(3)
    sumbawa.complete(3, after=timedelta(days=365))
    assert not sumbawa.request.steps_taken[-1].late


def test_events_carry_step_actor_role_note_and_the_steps_output_documents(sumbawa: Walk) -> None:
    sumbawa.submit()
    sumbawa.complete(2, note="Segera")
    event = sumbawa.request.collect_events()[-1]
    assert isinstance(event, Request.Disposed)
    assert (event.step, event.actor, event.role, event.note) == (2, "petugas", "kadis", "Segera")
    assert event.outputs == [{"name": "Disposisi Dinas"}]


def test_attached_documents_follow_the_steps_own_outputs(sumbawa: Walk) -> None:
    sumbawa.submit()
    sumbawa.complete(2, outputs=[{"name": "scan.pdf", "size": 10}])
    assert sumbawa.request.steps_taken[-1].outputs == (
        {"name": "Disposisi Dinas"},
        {"name": "scan.pdf", "size": 10},
    )


def test_a_failed_acceptance_test_returns_to_development_as_uat_failed(sumbawa: Walk) -> None:
    sumbawa.to_step(14)
    sumbawa.complete(14, decision="tidak")
    assert isinstance(sumbawa.request.collect_events()[-1], Request.UATFailed)
    assert sumbawa.request.active_step == 12


def test_a_rejected_plan_is_drawn_up_again(sumbawa: Walk) -> None:
    sumbawa.to_step(11)
    sumbawa.complete(11, decision="tidak")
    assert (sumbawa.request.active_step, sumbawa.request.active_role) == (9, "tim-pengembang")


# -- deadlines set during the request (Tangerang Selatan) -------------------------------------


@pytest.fixture
def tangsel() -> Walk:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(7)
    return walk


@pytest.mark.parametrize(
    "deadline",
    [None, datetime(2026, 6, 1, 12, 0), START - timedelta(days=1), START + timedelta(days=6 * 366)],
    ids=["missing", "naive", "past", "years-out"],
)
def test_setting_the_schedule_needs_a_timezone_aware_deadline_within_five_years(
    tangsel: Walk, deadline: datetime | None
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        tangsel.complete(7, deadline=deadline)
    assert field_of(raised) == "deadline"


def test_steps_eight_to_eleven_are_due_at_the_deadline_set_at_step_seven(tangsel: Walk) -> None:
    deadline = datetime(2026, 6, 1, 12, 0, tzinfo=WITA)
    tangsel.complete(7, deadline=deadline)
    dues = []
    for number in (8, 9, 10, 11):
        dues.append(tangsel.request.active_due)
        tangsel.complete(number)
    assert dues == [deadline] * 4


def test_a_step_that_sets_no_schedule_refuses_a_deadline(tangsel: Walk) -> None:
    tangsel.complete(7, deadline=tangsel.now + timedelta(days=30))
    with pytest.raises(InvalidInputError) as raised:
        tangsel.complete(8, deadline=tangsel.now + timedelta(days=30))
    assert field_of(raised) == "deadline"


def test_an_unneeded_development_ends_the_request_declined() -> None:
    walk = Walk("tangerang-selatan-2017")
    walk.to_step(6)
    walk.complete(6, decision="tidak", note="Sudah ada aplikasi serupa")
    assert walk.request.status == "declined"
    assert walk.request.steps_taken[-1].note == "Sudah ada aplikasi serupa"


# -- performers that depend on an earlier decision (Cirebon) ---------------------------------


def active_roles_from(walk: Walk, numbers: range) -> list[str | None]:
    roles = []
    for number in numbers:
        roles.append(walk.request.active_role)
        walk.complete(number)
    return roles


def test_development_by_a_third_party_gives_steps_nine_to_twelve_to_the_third_party() -> None:
    walk = Walk("cirebon-2019")
    walk.to_step(8, s7="tidak")
    assert active_roles_from(walk, range(8, 13)) == ["pic"] + ["pihak-ketiga"] * 4  # 8: the PIC coordinates
    assert walk.request.active_role == "opd"


def test_development_in_house_leaves_steps_eight_to_twelve_to_the_pic() -> None:
    walk = Walk("cirebon-2019")
    walk.to_step(8, s7="ya")
    assert active_roles_from(walk, range(8, 13)) == ["pic"] * 5


def test_the_pic_may_not_do_a_step_the_third_party_was_given_but_coordinates() -> None:
    walk = Walk("cirebon-2019")
    walk.to_step(8, s7="tidak")
    walk.complete(8, roles=("pic",))  # the coordination stays with the PIC
    with pytest.raises(RoleNotHeldError):
        walk.complete(9, roles=("pic",))


@pytest.mark.parametrize("text", ["Aplikasi\x00", "Aplikasi \x1b[31m", "x\x7f"])
def test_control_characters_are_refused_naming_the_field(text: str) -> None:
    walk = Walk("sumbawa-2021")
    with pytest.raises(InvalidInputError) as refused:
        walk.submit(title=text)
    assert refused.value.field == "title"
    walk.submit(note="baris satu\nbaris dua\tkolom")  # newlines and tabs are text
