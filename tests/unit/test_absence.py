"""An absence's own rules, with no database: the period, who decides, cancelling, and the Plh.
grant that rests on an absence instead of an SK."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.absence import APPROVED, CANCELLED, REFUSED, Absence, absence_id, check_period
from domain.calendar import end_of_day
from domain.errors import AlurError, ForbiddenError
from domain.people import User, assignable_roles
from tenants.catalogue import builtin_variant

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 17, 10, 0, tzinfo=WITA)  # a Tuesday
TODAY = NOW.date()
ROLES = assignable_roles(builtin_variant("sumbawa-2021").variant)


def asked(first: date = date(2026, 3, 18), last: date = date(2026, 3, 20), **changes: Any) -> Absence:
    fields: dict[str, Any] = {"reason": "Cuti tahunan", "plh": "sari", "roles": ["kabid-ti"], "at": NOW}
    fields.update(changes)
    span = (end_of_day(first - timedelta(days=1), WITA), end_of_day(last, WITA))
    return Absence.request("budi", 1, days=(first, last), span=span, **fields)


def refused_field(action: Any) -> str | None:
    with pytest.raises(AlurError) as raised:
        action()
    return raised.value.field


def test_an_absence_id_comes_from_its_user_and_number():
    assert asked().id == absence_id("budi", 1) != absence_id("budi", 2) != absence_id("sari", 1)


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (None, date(2026, 3, 20), "from_date"),
        (date(2026, 3, 18), None, "to_date"),
        (date(2026, 3, 16), date(2026, 3, 20), "from_date"),  # yesterday
        (date(2026, 3, 20), date(2026, 3, 18), "to_date"),  # backwards
        (date(2026, 3, 18), date(2027, 3, 20), "to_date"),  # more than a year
    ],
)
def test_a_bad_period_is_refused_naming_its_field(first: date | None, last: date | None, field: str):
    assert refused_field(lambda: check_period(first, last, TODAY)) == field


def test_a_period_may_start_today_and_be_one_day():
    assert check_period(TODAY, TODAY, TODAY) == (TODAY, TODAY)


def test_the_reason_is_required_and_the_plh_is_someone_else_holding_roles_to_cover():
    assert refused_field(lambda: asked(reason="  ")) == "reason"
    assert refused_field(lambda: asked(plh="budi")) == "plh"
    assert refused_field(lambda: asked(roles=[])) == "plh"


def test_an_absence_runs_over_whole_days_in_the_tenants_zone():
    absence = asked()
    assert absence.valid_from == datetime(2026, 3, 18, 0, 0, tzinfo=WITA)
    assert absence.valid_until == datetime(2026, 3, 21, 0, 0, tzinfo=WITA)


def test_nobody_decides_their_own_absence_and_a_decision_is_made_once():
    absence = asked()
    with pytest.raises(ForbiddenError):
        absence.approve(granted=["kabid-ti"], actor="budi", at=NOW)
    absence.approve(granted=["kabid-ti"], actor="kadis", at=NOW)
    assert (absence.status, absence.decided_by, absence.granted) == (APPROVED, "kadis", ["kabid-ti"])
    assert refused_field(lambda: absence.refuse("tidak", actor="kadis", at=NOW)) == "id"


def test_a_refusal_needs_its_reason_and_cannot_then_be_cancelled():
    absence = asked()
    assert refused_field(lambda: absence.refuse("", actor="kadis", at=NOW)) == "reason"
    absence.refuse("Sedang ada pemeriksaan BPK", actor="kadis", at=NOW)
    assert (absence.status, absence.refusal) == (REFUSED, "Sedang ada pemeriksaan BPK")
    assert refused_field(lambda: absence.cancel(actor="budi", at=NOW)) == "id"


def test_an_absence_over_cannot_be_approved_or_cancelled():
    absence = asked()
    later = datetime(2026, 3, 21, 0, 0, tzinfo=WITA)
    assert refused_field(lambda: absence.approve(granted=[], actor="kadis", at=later)) == "id"
    assert refused_field(lambda: absence.cancel(actor="budi", at=later)) == "id"


def test_only_its_user_cancels_and_an_approved_one_names_the_grants_it_ends():
    absence = asked()
    absence.approve(granted=["kabid-ti"], actor="kadis", at=NOW)
    with pytest.raises(ForbiddenError):
        absence.cancel(actor="kadis", at=NOW)
    during = datetime(2026, 3, 19, 9, 0, tzinfo=WITA)
    assert absence.cancel(actor="budi", at=during) == ["kabid-ti"]
    assert (absence.status, absence.cancelled_at) == (CANCELLED, during)


def test_a_pending_absence_cancelled_ends_no_grant():
    assert asked().cancel(actor="budi", at=NOW) == []


def plh_user() -> User:
    return User.register("sari", password_hash="h", roles=["kasi-aplikasi"], known_roles=ROLES,
                         requester_role="opd", actor="admin", at=NOW)  # fmt: skip


def test_a_plh_by_absence_needs_no_sk_and_records_for_whom():
    sari = plh_user()
    until = end_of_day(date(2026, 3, 20), WITA)
    sari.grant("kabid-ti", known_roles=ROLES, requester_role="opd", actor="kadis", at=NOW, valid_until=until,
               title="Plh.", absence_id="a-1", acting_for="budi")  # fmt: skip
    grant = sari.grants[-1]
    assert (grant.held_as, grant.sk_number, grant.absence_id, grant.acting_for) == (
        "Plh.",
        None,
        "a-1",
        "budi",
    )
    assert "kabid-ti" in sari.roles_at(NOW + timedelta(days=1))
    assert "kabid-ti" not in sari.roles_at(until)


def test_only_a_plh_for_someone_rests_on_an_absence_and_any_other_acting_grant_still_needs_its_sk():
    sari = plh_user()
    grant = dict(known_roles=ROLES, requester_role="opd", actor="admin", at=NOW)
    assert refused_field(lambda: sari.grant("kabid-ti", title="Plt.", absence_id="a-1", acting_for="budi",
                                            **grant)) == "title"  # fmt: skip
    assert refused_field(lambda: sari.grant("kabid-ti", title="Plh.", absence_id="a-1", **grant)) == "title"
    assert refused_field(lambda: sari.grant("kabid-ti", title="Plh.", **grant)) == "sk_number"
