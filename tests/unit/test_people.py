"""The people aggregates' rules, with no database: OPDs, users, grants, lapses, revocations."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.passwords import hash_password, verify_password
from domain.errors import AlurError, InvalidInputError, RoleNotHeldError
from domain.people import Opd, User, assignable_roles, check_password, user_id
from tenants.catalogue import builtin_variant
from tests.conftest import PLT_SK

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 17, 10, 0, tzinfo=WITA)
ROLES = assignable_roles(builtin_variant("sumbawa-2021").variant)


def register(username: str = "budi", **changes: Any) -> User:
    fields: dict[str, Any] = {"password_hash": "hash", "roles": ["kasi-aplikasi"], "actor": "admin"}
    fields.update(changes)
    at = fields.pop("at", NOW)
    return User.register(username, known_roles=ROLES, requester_role="opd", at=at, **fields)


def grant(user: User, role: str = "kadis", **changes: Any) -> None:
    at = changes.pop("at", NOW)
    user.grant(role, known_roles=ROLES, requester_role="opd", actor="admin", at=at, **changes)


def refused_field(action: Any) -> str | None:
    with pytest.raises(AlurError) as raised:
        action()
    return raised.value.field


def days(n: float) -> timedelta:
    return timedelta(days=n)


def test_roles_are_the_sops_roles_plus_admin_auditor_and_opd() -> None:
    assert {"kadis", "kabid-ti", "kasi-aplikasi", "tim-pengembang", "opd", "admin", "auditor"} == ROLES


def test_a_user_id_comes_from_the_username_so_duplicates_collide() -> None:
    assert register().id == user_id("budi") == register().id


@pytest.mark.parametrize("username", ["bu", "Budi", "budi santoso", "b" * 41, "budi@kominfo", ""])
def test_a_bad_username_is_refused_naming_the_field(username: str) -> None:
    assert refused_field(lambda: register(username)) == "username"


@pytest.mark.parametrize("username", ["budi", "budi.santoso", "b_s-01", "b" * 40])
def test_usernames_of_lower_case_letters_digits_dots_dashes_and_underscores_are_taken(username: str) -> None:
    assert register(username).username == username


@pytest.mark.parametrize("nip", ["12345", "19800101200501100x", "1" * 19])
def test_a_nip_that_is_not_eighteen_digits_is_refused(nip: str) -> None:
    assert refused_field(lambda: register(nip=nip)) == "nip"


def test_a_nip_is_optional_and_kept_when_eighteen_digits() -> None:
    assert (register().nip, register(nip=" 198001012005011001 ").nip) == (None, "198001012005011001")


@pytest.mark.parametrize("password", ["", "pendek", "1234567"])
def test_an_empty_or_short_password_is_refused(password: str) -> None:
    assert refused_field(lambda: check_password(password)) == "password"


def test_an_unknown_role_is_refused_naming_the_field() -> None:
    assert refused_field(lambda: register(roles=["camat"])) == "role"


def test_a_user_needs_at_least_one_role() -> None:
    assert refused_field(lambda: register(roles=[])) == "role"


def test_the_opd_role_needs_the_users_opd() -> None:
    assert refused_field(lambda: register(roles=["opd"])) == "opd"
    assert register(roles=["opd"], opd="bappeda").opd == "BAPPEDA"


def test_an_opd_code_is_kept_upper_case_and_needs_a_name() -> None:
    assert Opd.register(" bappeda ", "Bappeda", actor="admin", at=NOW).code == "BAPPEDA"
    assert refused_field(lambda: Opd.register("BAPPEDA", " ", actor="admin", at=NOW)) == "name"
    assert refused_field(lambda: Opd.register("bad code", "X", actor="admin", at=NOW)) == "code"


def test_a_grant_records_who_gave_which_role_to_whom_and_when() -> None:
    user = register()
    grant(user, at=NOW + days(1))
    event = user.collect_events()[-1]
    assert isinstance(event, User.RoleGranted)
    assert (event.role, event.actor, event.at, event.originator_id) == (
        "kadis",
        "admin",
        NOW + days(1),
        user.id,
    )


def test_a_plt_grant_lapses_by_itself_at_its_end() -> None:
    user = register()
    grant(user, valid_from=NOW + days(1), valid_until=NOW + days(10), acting=True, **PLT_SK)
    assert "kadis" not in user.roles_at(NOW)
    assert "kadis" in user.roles_at(NOW + days(5))
    assert "kadis" not in user.roles_at(NOW + days(10))
    assert user.grants_at("kadis", NOW + days(5))[0].acting


def test_a_grant_ending_before_it_starts_is_refused() -> None:
    until = NOW - days(1)
    assert refused_field(lambda: grant(register(), valid_until=until)) == "valid_until"


def test_a_grant_overlapping_one_already_held_is_refused() -> None:
    user = register()
    grant(user, valid_until=NOW + days(10))
    assert refused_field(lambda: grant(user, valid_from=NOW + days(5))) == "role"
    grant(user, valid_from=NOW + days(10), acting=True, **PLT_SK)
    assert [g.acting for g in user.grants_at("kadis", NOW + days(11))] == [True]


def test_a_time_without_a_zone_is_refused() -> None:
    assert refused_field(lambda: grant(register(), valid_from=datetime(2026, 3, 1))) == "valid_from"


def test_a_revocation_ends_the_role_from_then_but_keeps_the_past() -> None:
    user = register(roles=["kadis"])
    user.revoke("kadis", actor="admin", at=NOW + days(3))
    assert "kadis" in user.roles_at(NOW + days(2))
    assert "kadis" not in user.roles_at(NOW + days(3))
    assert user.grants[0].revoked_by == "admin"


def test_a_revocation_cancels_a_grant_still_to_come() -> None:
    user = register()
    grant(user, valid_from=NOW + days(5))
    user.revoke("kadis", actor="admin", at=NOW)
    assert "kadis" not in user.roles_at(NOW + days(6))


def test_revoking_a_role_not_held_is_refused() -> None:
    with pytest.raises(RoleNotHeldError) as raised:
        register().revoke("kadis", actor="admin", at=NOW)
    assert raised.value.field == "role"


def test_revoking_a_lapsed_plt_role_is_refused() -> None:
    user = register()
    grant(user, valid_until=NOW + days(1), acting=True, **PLT_SK)
    assert refused_field(lambda: user.revoke("kadis", actor="admin", at=NOW + days(2))) == "role"


def test_a_refused_command_records_no_event() -> None:
    user = register()
    user.collect_events()
    with pytest.raises(InvalidInputError):
        grant(user, "camat")
    with pytest.raises(RoleNotHeldError):
        user.revoke("kadis", actor="admin", at=NOW)
    assert user.collect_events() == []


def test_a_password_hashed_with_argon2_verifies_and_a_wrong_one_does_not() -> None:
    hashed = hash_password("rahasia-sekali")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "rahasia-sekali")
    assert not verify_password(hashed, "salah-sekali")


def test_nobodys_empty_hash_never_verifies() -> None:
    assert not verify_password("", "")
    assert not verify_password("", "rahasia-sekali")


def test_an_acting_grant_without_its_sk_number_is_refused_naming_the_field() -> None:
    user = register()
    assert refused_field(lambda: grant(user, valid_until=NOW + days(10), acting=True)) == "sk_number"
    assert refused_field(lambda: grant(user, title="Plh.", sk_date=date(2026, 3, 1))) == "sk_number"
    assert refused_field(lambda: grant(user, acting=True, sk_number="800/1/2026")) == "sk_date"
    assert [g.role for g in user.grants] == ["kasi-aplikasi"]  # only the registration's grant


@pytest.mark.parametrize("number", ["x" * 101, "800/1\n/2026", "800/1\x00"])
def test_a_bad_sk_number_is_refused_naming_the_field(number: str) -> None:
    user = register()
    given = {"sk_number": number, "sk_date": date(2026, 3, 1)}
    assert refused_field(lambda: grant(user, acting=True, **given)) == "sk_number"


def test_an_acting_title_is_plt_or_plh_and_gives_an_acting_grant() -> None:
    user = register()
    assert refused_field(lambda: grant(user, title="Pj.", **PLT_SK)) == "title"
    grant(user, title="Plh.", valid_until=NOW + days(3), **PLT_SK)
    grant(user, "kabid-ti", acting=True, **PLT_SK)
    plh, plt = user.grants_at("kadis", NOW)[0], user.grants_at("kabid-ti", NOW)[0]
    assert (plh.acting, plh.held_as, plt.held_as) == (True, "Plh.", "Plt.")
    assert (plh.sk_number, plh.sk_date) == (PLT_SK["sk_number"], PLT_SK["sk_date"])


def test_a_definitive_grant_may_name_its_sk_and_an_sks_pdf_is_recorded_by_its_sha256() -> None:
    user = register()
    grant(user)
    record = {"name": "sk.pdf", "sha256": "a" * 64, "size": 9, "content_type": "application/pdf"}
    grant(user, "kabid-ti", sk_number=" 821.2/7/BKPSDM/2026 ", sk_date=date(2026, 2, 1), sk_document=record)
    definitive, decreed = user.grants_at("kadis", NOW)[0], user.grants_at("kabid-ti", NOW)[0]
    assert (definitive.acting, definitive.held_as, definitive.sk_number) == (False, "", None)
    assert (decreed.acting, decreed.sk_number, decreed.sk_document) == (False, "821.2/7/BKPSDM/2026", record)
    event = user.collect_events()[-1]
    assert isinstance(event, User.RoleGranted) and (event.sk_date, event.title) == ("2026-02-01", None)


def test_an_email_address_is_checked_and_its_domain_kept_lower_case() -> None:
    from domain.people import check_email

    assert check_email("Budi.S@Kominfo.GO.id") == "Budi.S@kominfo.go.id"
    assert check_email("  ") is None
    for wrong in ("budi", "budi@localhost", "a b@x.id", "<a>@x.id", "ä@x.id", "x@y.id\nBcc: z@w.id"):
        with pytest.raises(InvalidInputError) as refused:
            check_email(wrong)
        assert refused.value.field == "email"


def test_a_new_address_is_unconfirmed_until_the_link_for_that_address_is_followed() -> None:
    user = register()
    assert user.change_email("budi@example.go.id", actor="admin", at=NOW)
    assert not user.change_email("budi@example.go.id", actor="admin", at=NOW)  # the same: no event
    assert (user.email, user.email_confirmed) == ("budi@example.go.id", False)
    with pytest.raises(InvalidInputError):
        user.confirm_email("old@example.go.id", at=NOW)  # a link mailed to another address
    assert user.confirm_email("budi@example.go.id", at=NOW)
    assert user.email_confirmed and not user.confirm_email("budi@example.go.id", at=NOW)
    user.change_email("budi.s@example.go.id", actor="budi", at=NOW)
    assert not user.email_confirmed
    user.change_email("", actor="admin", at=NOW)
    assert user.email is None
