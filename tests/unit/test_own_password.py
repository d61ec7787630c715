"""One's own new password: the rules the handler applies before hashing it, and the event the
user's aggregate records (the hash only, the user as actor)."""

from __future__ import annotations

from domain.people import User, check_new_password
from tests.unit.test_people import NOW, refused_field, register

OLD, NEW = "sandi-lama-2026", "sandi-baru-2026"


def test_a_new_password_typed_twice_the_same_is_accepted() -> None:
    assert check_new_password(OLD, NEW, NEW) == NEW


def test_a_short_new_password_is_refused_naming_password() -> None:
    assert refused_field(lambda: check_new_password(OLD, "pendek", "pendek")) == "password"
    assert refused_field(lambda: check_new_password(OLD, "", "")) == "password"


def test_the_old_password_again_is_refused_naming_password() -> None:
    assert refused_field(lambda: check_new_password(OLD, OLD, OLD)) == "password"


def test_a_confirmation_that_differs_is_refused_naming_confirm() -> None:
    assert refused_field(lambda: check_new_password(OLD, NEW, NEW + "x")) == "confirm"


def test_the_change_records_only_the_hash_with_the_user_as_actor() -> None:
    user = register("budi")
    user.collect_events()
    user.change_password("argon2-hash-of-new", at=NOW)
    (event,) = user.collect_events()
    assert isinstance(event, User.PasswordChanged)
    assert (event.password_hash, event.actor) == ("argon2-hash-of-new", "budi")
    assert user.password_hash == "argon2-hash-of-new"
    assert NEW not in str(vars(event))


def test_a_deactivated_user_cannot_change_a_password() -> None:
    user = register("budi")
    user.deactivate(actor="admin", at=NOW)
    assert refused_field(lambda: user.change_password("hash", at=NOW)) == "username"
