"""The rules of notices, with no database: when (office hours, working days), who, which kind."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError
from domain.notices import (
    DEFAULT_CHOICES,
    KINDS,
    Holder,
    check_choices,
    check_language,
    notice_id,
    office_moment,
    overdue_at,
    reminder_after,
    reminder_at,
    requester_kind,
    sentence,
    step_recipients,
    told,
)
from domain.people import User
from tenants.catalogue import builtin_variant

WITA = ZoneInfo("Asia/Makassar")
HOLIDAY = date(2026, 3, 20)  # a Friday off (as Nyepi-like day) in these tests
CALENDAR = WorkingCalendar("Asia/Makassar", lambda day: day == HOLIDAY)
SUMBAWA = builtin_variant("sumbawa-2021").variant


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WITA)  # March 2026: the 16th is a Monday


# -- when ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (at(17, 10), at(17, 10)),  # Tuesday in office hours: as it is
        (at(17, 6), at(17, 7, 30)),  # before opening: the day's opening
        (at(17, 16), at(17, 16)),  # the closing minute is still the office's
        (at(17, 16, 1), at(18, 7, 30)),  # after it: the next working day's opening
        (at(17, 21), at(18, 7, 30)),  # after closing
        (at(21, 9), at(23, 7, 30)),  # Saturday: Monday's opening
        (at(19, 17), at(23, 7, 30)),  # Thursday evening, Friday a holiday: Monday's opening
    ],
)
def test_a_moment_is_moved_into_office_hours_on_a_working_day(moment: datetime, shown: datetime) -> None:
    assert office_moment(CALENDAR, moment) == shown


def test_a_reminder_is_one_working_day_before_the_due_time() -> None:
    assert reminder_at(CALENDAR, at(18, 14)) == at(17, 14)  # Wednesday 14:00 -> Tuesday 14:00
    assert reminder_at(CALENDAR, at(23, 10)) == at(19, 10)  # Monday -> Thursday (Friday off, weekend)


def test_no_reminder_for_a_step_given_a_day_or_less() -> None:
    assert reminder_after(CALENDAR, at(18, 10), since=at(17, 10)) is None  # 1 hari kerja: at once
    assert reminder_after(CALENDAR, at(18, 14), since=at(17, 10)) == at(17, 14)


def test_a_reminder_whose_day_before_falls_outside_office_hours_waits_for_the_opening() -> None:
    # Due Saturday 00:00 (a whole Friday given as the deadline): the day before is Friday, a
    # holiday here, so Thursday at 00:00, which waits for Thursday's opening.
    assert reminder_at(CALENDAR, at(21, 0)) == at(19, 7, 30)
    # Due at the opening of a Monday: Friday's 07:30 in an ordinary week.
    plain = WorkingCalendar("Asia/Makassar", lambda day: False)
    assert reminder_at(plain, at(23, 7, 30)) == at(20, 7, 30)


def test_an_overdue_notice_due_on_a_saturday_is_shown_at_mondays_opening() -> None:
    assert overdue_at(CALENDAR, at(21, 10)) == at(23, 7, 30)
    assert overdue_at(CALENDAR, at(20, 18)) == at(23, 7, 30)  # Friday evening: Monday's opening
    assert overdue_at(CALENDAR, at(17, 11)) == at(17, 11)


# -- who -------------------------------------------------------------------------------------


def holder(name: str, *roles: str, active: bool = True, opd: str | None = None) -> Holder:
    return Holder(name, active, opd, frozenset(roles))


def test_a_step_reaches_every_active_holder_of_its_role() -> None:
    people = [holder("budi", "kadis"), holder("plt", "kadis"), holder("gone", "kadis", active=False),
              holder("sari", "kasi-aplikasi")]  # fmt: skip
    told_to = step_recipients(SUMBAWA, role="kadis", appointee=None, request_opd="DPMPTSP", holders=people)
    assert told_to == ("budi", "plt")


def test_an_appointed_step_reaches_only_its_appointee() -> None:
    people = [holder("sari", "tim-pengembang"), holder("joko", "tim-pengembang")]
    told_to = step_recipients(
        SUMBAWA, role="tim-pengembang", appointee="sari", request_opd=None, holders=people
    )
    assert told_to == ("sari",)


def test_an_appointee_without_a_workflow_role_leaves_the_step_to_the_role() -> None:
    people = [holder("sari", "auditor"), holder("joko", "tim-pengembang")]
    told_to = step_recipients(
        SUMBAWA, role="tim-pengembang", appointee="sari", request_opd=None, holders=people
    )
    assert told_to == ("joko",)
    gone = [holder("sari", "tim-pengembang", active=False), holder("joko", "tim-pengembang")]
    told_to = step_recipients(
        SUMBAWA, role="tim-pengembang", appointee="sari", request_opd=None, holders=gone
    )
    assert told_to == ("joko",)


def test_a_step_of_the_requester_role_reaches_only_the_requests_own_opd() -> None:
    people = [holder("pemohon", "opd", opd="DPMPTSP"), holder("lain", "opd", opd="DINKES")]
    told_to = step_recipients(SUMBAWA, role="opd", appointee=None, request_opd="DPMPTSP", holders=people)
    assert told_to == ("pemohon",)


@pytest.mark.parametrize(
    ("event", "ends", "kind"),
    [
        ("Returned", False, "returned"),
        ("Decided", False, "decided"),
        ("Decided", True, "decided"),
        ("RejectedForResources", True, "decided"),
        ("HandedOver", True, "finished"),
        ("Archived", True, "finished"),
        ("StepCompleted", False, None),
        ("Disposed", False, None),
    ],
)
def test_the_requester_is_told_of_return_decision_and_end(event: str, ends: bool, kind: str | None) -> None:
    assert requester_kind(event, ends=ends) == kind


def test_the_requester_is_not_told_of_their_own_withdrawal() -> None:
    assert requester_kind("Withdrawn", ends=True, withdrawn=True) is None


# -- choices and words -----------------------------------------------------------------------


def test_every_kind_is_immediate_by_default_and_a_choice_changes_one() -> None:
    # but an official's comment on one's request, told in the daily digest
    assert {kind: "immediate" for kind in KINDS} | {"commented": "digest"} == DEFAULT_CHOICES
    chosen = check_choices({"reminder": "digest"}, {"finished": "none"})
    assert (
        chosen["reminder"] == "digest" and chosen["finished"] == "none" and chosen["arrived"] == "immediate"
    )
    assert told("overdue", {}) == "immediate" and told("reminder", chosen) == "digest"


@pytest.mark.parametrize(("given", "field"), [({"hourly": "digest"}, "choices.hourly"),
                                              ({"arrived": "weekly"}, "choices.arrived")])  # fmt: skip
def test_an_unknown_kind_or_choice_is_refused_naming_the_field(given: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_choices(given)
    assert refused.value.field == field


def test_a_language_is_id_or_en() -> None:
    assert check_language("en") == "en"
    with pytest.raises(InvalidInputError):
        check_language("fr")


def test_a_notice_id_is_the_same_for_the_same_event_user_and_kind() -> None:
    assert notice_id(7, "budi", "arrived") == notice_id(7, "budi", "arrived")
    assert len({notice_id(7, "budi", "arrived"), notice_id(7, "budi", "reminder"),
                notice_id(8, "budi", "arrived"), notice_id(7, "sari", "arrived")}) == 4  # fmt: skip


def test_a_sentence_is_in_the_users_language() -> None:
    said = sentence("reminder", "id", step=2, step_name="Disposisi", deadline="Rabu, 18 Maret 2026 14.00")
    assert said == "Pengingat: langkah 2 (Disposisi) jatuh tempo Rabu, 18 Maret 2026 14.00."
    assert sentence("decided", "en", step=4, step_name="", deadline="", decision="tidak") == (
        "Your request was decided: no."
    )


def test_a_user_sets_language_and_choices_as_events_only_when_they_change() -> None:
    user = User.register("budi", password_hash="h", roles=["kadis"], known_roles=frozenset({"kadis"}),
                         requester_role="opd", actor="admin", at=at(17, 9))  # fmt: skip
    assert user.set_language("en", actor="budi", at=at(17, 10))
    assert not user.set_language("en", actor="budi", at=at(17, 10))
    assert not user.set_notice_choices({"arrived": "immediate"}, actor="budi", at=at(17, 10))
    assert user.set_notice_choices({"arrived": "digest"}, actor="budi", at=at(17, 10))
    assert user.notice_choices["arrived"] == "digest"
    assert user.correct_name("Budi Santoso", at=at(17, 11))
    assert type(user.pending_events[-1]).__name__ == "NameCorrected"
    assert user.pending_events[-1].actor == "budi"  # type: ignore[attr-defined]
