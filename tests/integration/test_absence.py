"""Absences in a tenant's own store, on SQLite and PostgreSQL: numbered per user, the Plh.'s
grants saved with the approval, the rules that need other users' events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.passwords import hash_password
from domain.absence import absence_id
from domain.errors import AlurError
from domain.service import RequestService
from tests.conftest import FakeClock

SOP = ("sumbawa-2021", 3)
WITA = ZoneInfo("Asia/Makassar")
WED, FRI = date(2026, 3, 18), date(2026, 3, 20)


@pytest.fixture
def service(make_service: Callable[..., RequestService]) -> RequestService:
    service = make_service("sumbawa-2021")
    for username, roles in (("budi", ["kabid-ti"]), ("sari", ["kasi-aplikasi"]), ("tono", ["tim-pengembang"]),
                            ("andi", ["kadis"])):  # fmt: skip
        service.create_user(username, "rahasia-sekali", hash_password=hash_password, roles=roles, sop=SOP,
                            actor="admin")  # fmt: skip
    return service


def ask(service: RequestService, username: str = "budi", **changes: Any) -> Any:
    fields: dict[str, Any] = {"first": WED, "last": FRI, "reason": "Diklat", "plh": "sari", "sop": SOP}
    return service.request_absence(username, **{**fields, **changes})


def refused_field(action: Callable[[], Any]) -> str | None:
    with pytest.raises(AlurError) as raised:
        action()
    return raised.value.field


def test_a_users_absences_are_numbered_in_order(service: RequestService) -> None:
    first = ask(service)
    second = ask(service, first=date(2026, 3, 23), last=date(2026, 3, 24))
    assert (first.id, second.id) == (absence_id("budi", 1), absence_id("budi", 2))
    assert refused_field(lambda: ask(service, first=FRI, last=date(2026, 3, 23))) == "from_date"  # overlaps


def test_approval_saves_the_plh_grant_with_it_and_cancelling_ends_it(
    service: RequestService, clock: FakeClock
):
    absence = ask(service)
    service.approve_absence(absence.id, actor="andi", sop=SOP)
    grant = next(g for g in service.user("sari").grants if g.role == "kabid-ti")
    assert (grant.held_as, grant.acting_for, grant.absence_id, grant.granted_by) == (
        "Plh.", "budi", str(absence.id), "andi")  # fmt: skip
    assert grant.valid_from == datetime(2026, 3, 18, tzinfo=WITA)
    assert grant.valid_until == datetime(2026, 3, 21, tzinfo=WITA)
    clock.set(datetime(2026, 3, 19, 12, 0, tzinfo=WITA))
    assert "kabid-ti" in service.user("sari").roles
    service.cancel_absence(absence.id, actor="budi")
    assert "kabid-ti" not in service.user("sari").roles
    assert service.absence(absence.id).status == "cancelled"


def test_a_role_the_plh_already_holds_is_not_granted_again(service: RequestService) -> None:
    service.grant_role("sari", "kabid-ti", sop=SOP, actor="admin")
    approved = service.approve_absence(ask(service).id, actor="andi", sop=SOP)
    assert approved.granted == []
    assert [g.role for g in service.user("sari").grants].count("kabid-ti") == 1


def test_a_plh_away_on_any_of_those_days_is_refused(service: RequestService) -> None:
    ask(service, "sari", first=FRI, last=FRI, plh="tono")
    assert refused_field(lambda: ask(service)) == "plh"
    assert ask(service, plh="tono").plh == "tono"


def test_a_plh_deactivated_before_the_approval_is_refused_then(service: RequestService) -> None:
    absence = ask(service)
    service.set_active("sari", False, actor="admin")
    assert refused_field(lambda: service.approve_absence(absence.id, actor="andi", sop=SOP)) == "plh"
    assert refused_field(lambda: ask(service, first=date(2026, 3, 25), last=date(2026, 3, 25))) == "plh"
