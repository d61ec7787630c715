"""A user account's life as the admin manages it: details corrected, deactivated (history
kept, no role held), reactivated, the password reset and set anew by the user."""

from __future__ import annotations

from datetime import timedelta

from domain.people import User
from tests.unit.test_people import NOW, grant, refused_field, register


def test_details_are_corrected_with_the_admin_as_actor() -> None:
    user = register(full_name="Budi")
    assert user.change_details(full_name="  Budi   Santoso ", nip="198001012005011001", opd=None,
                               requester_role="opd", actor="admin", at=NOW)  # fmt: skip
    event = user.collect_events()[-1]
    assert isinstance(event, User.DetailsChanged) and event.actor == "admin"
    assert (user.full_name, user.nip, user.opd) == ("Budi Santoso", "198001012005011001", None)


def test_unchanged_details_record_no_event() -> None:
    user = register(full_name="Budi")
    before = len(user.collect_events())
    assert not user.change_details(full_name="Budi", nip="", opd=None, requester_role="opd", actor="admin",
                                   at=NOW)  # fmt: skip
    assert len(user.collect_events()) == 0 and before > 0


def change(user: User, full_name: str = "", nip: str | None = None, opd: str | None = None) -> bool:
    return user.change_details(full_name=full_name, nip=nip, opd=opd, requester_role="opd", actor="admin",
                               at=NOW)  # fmt: skip


def test_bad_details_are_refused_naming_the_field() -> None:
    user = register()
    assert refused_field(lambda: change(user, nip="123")) == "nip"
    assert refused_field(lambda: change(user, full_name="\x07")) == "full_name"
    assert refused_field(lambda: change(user, opd="bad code")) == "opd"


def test_a_user_holding_the_opd_role_keeps_an_opd() -> None:
    user = register(roles=["opd"], opd="DISKES")
    assert refused_field(lambda: change(user)) == "opd"
    assert change(user, opd="BAPPEDA")
    assert user.opd == "BAPPEDA"


def test_a_deactivated_user_holds_no_role_but_keeps_the_grants() -> None:
    user = register()
    grant(user, "kadis")
    user.deactivate(actor="admin", at=NOW + timedelta(hours=1))
    assert not user.active
    assert user.roles_at(NOW + timedelta(hours=2)) == ()
    assert user.roles_at(NOW + timedelta(minutes=30)) == ("kadis", "kasi-aplikasi")  # before: as it was
    assert [g.role for g in user.grants] == ["kasi-aplikasi", "kadis"]
    assert user.grants_at("kadis", NOW + timedelta(hours=2)) == []


def test_a_reactivated_user_holds_the_roles_again() -> None:
    user = register()
    user.deactivate(actor="admin", at=NOW)
    user.reactivate(actor="admin", at=NOW + timedelta(days=1))
    assert user.active and user.roles_at(NOW + timedelta(days=2)) == ("kasi-aplikasi",)
    kinds = [type(e) for e in user.collect_events()]
    assert User.Deactivated in kinds and User.Reactivated in kinds


def test_an_admin_cannot_deactivate_themselves() -> None:
    admin = register("admin", roles=["admin"])
    assert refused_field(lambda: admin.deactivate(actor="admin", at=NOW)) == "username"
    assert admin.active


def test_deactivating_twice_or_reactivating_an_active_user_is_refused() -> None:
    user = register()
    assert refused_field(lambda: user.reactivate(actor="admin", at=NOW)) == "username"
    user.deactivate(actor="admin", at=NOW)
    assert refused_field(lambda: user.deactivate(actor="admin", at=NOW)) == "username"


def test_a_reset_ends_the_password_and_records_no_secret() -> None:
    user = register(password_hash="old-hash")
    user.reset_password(actor="admin", at=NOW)
    event = user.collect_events()[-1]
    assert user.password_hash == ""
    assert isinstance(event, User.PasswordReset) and not hasattr(event, "password_hash")
    user.set_password("new-hash", at=NOW + timedelta(minutes=5))
    assert user.password_hash == "new-hash"
    assert user.collect_events()[-1].actor == "budi"  # type: ignore[attr-defined]
