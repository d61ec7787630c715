"""A user changes their own password through the application layer, on SQLite and PostgreSQL:
the old one is asked again, the session it is changed in stays signed in, every other session
and API token ends, the old password signs in no more and the new one does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.composition import Platform
from adapters.config import Settings
from domain import commands as c
from domain.errors import InvalidInputError, TooManyAttemptsError, UnauthenticatedError
from projections.audit import AuditFilter
from projections.desk import Desk
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.integration.test_sign_in import PASSWORD, SOP, _hash

NEW = "kata-sandi-baru-2026"


@pytest.fixture
def desk(settings: Settings, clock: FakeClock) -> Iterator[Desk]:
    platform = Platform(settings, clock)
    slug = random_slug("op")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    for name, roles in (("admin", ["admin"]), ("budi", ["kasi-aplikasi"])):
        service.create_user(
            name, PASSWORD, hash_password=lambda _p: _hash, roles=roles, sop=SOP, actor="admin"
        )
    try:
        yield platform.desk(platform.tenant(slug))
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def sign_in(desk: Desk, password: str = PASSWORD, kind: str = "web", username: str = "budi") -> str:
    return desk.commands.sign_in(c.SignIn(username, password, "10.0.0.7", kind)).token


def signed_in(desk: Desk, token: str, clock: FakeClock, kind: str = "web") -> tuple | None:
    return desk.queries.identify(token, kind, clock.now)


def change(
    desk: Desk, token: str, clock: FakeClock, old: str = PASSWORD, new: str = NEW, confirm: str | None = None
) -> None:
    found = signed_in(desk, token, clock)
    assert found is not None
    actor, session = found
    command = c.ChangeOwnPassword(old, new, new if confirm is None else confirm, "10.0.0.7")
    desk.commands.change_own_password(actor, session, command)


def test_the_current_session_stays_and_every_other_one_ends(desk: Desk, clock: FakeClock) -> None:
    here, laptop, api = sign_in(desk), sign_in(desk), sign_in(desk, kind="api")
    someone_else = sign_in(desk, username="admin")
    change(desk, here, clock)
    assert signed_in(desk, here, clock) is not None
    assert signed_in(desk, laptop, clock) is None
    assert signed_in(desk, api, clock, "api") is None
    assert signed_in(desk, someone_else, clock) is not None
    clock.advance(hours=1)
    assert signed_in(desk, here, clock) is not None  # kept: not refused at a later use either


def test_the_old_password_no_longer_signs_in_and_the_new_one_does(desk: Desk, clock: FakeClock) -> None:
    change(desk, sign_in(desk), clock)
    with pytest.raises(UnauthenticatedError):
        sign_in(desk, PASSWORD)
    assert signed_in(desk, sign_in(desk, NEW), clock) is not None


def test_a_wrong_old_password_is_refused_and_changes_nothing(desk: Desk, clock: FakeClock) -> None:
    here, other = sign_in(desk), sign_in(desk)
    with pytest.raises(InvalidInputError) as refused:
        change(desk, here, clock, old="bukan-sandi-lama")
    assert refused.value.field == "old_password"
    assert signed_in(desk, other, clock) is not None
    assert sign_in(desk, PASSWORD)


def test_wrong_old_passwords_count_as_failed_sign_ins(desk: Desk, clock: FakeClock) -> None:
    here = sign_in(desk)
    for _ in range(3):  # the free attempts of one account from one address
        with pytest.raises(InvalidInputError):
            change(desk, here, clock, old="tebakan-salah")
    with pytest.raises(TooManyAttemptsError):
        change(desk, here, clock)
    with pytest.raises(TooManyAttemptsError):
        sign_in(desk)  # the sign-in form from the same address waits as well


def test_the_new_password_follows_the_rules(desk: Desk, clock: FakeClock) -> None:
    here = sign_in(desk)
    for new, confirm, field in (
        ("pendek", "pendek", "password"),
        (PASSWORD, PASSWORD, "password"),
        (NEW, "lain-lagi-2026", "confirm"),
    ):
        with pytest.raises(InvalidInputError) as refused:
            change(desk, here, clock, new=new, confirm=confirm)
        assert refused.value.field == field
    assert sign_in(desk, PASSWORD)


def test_another_users_session_cannot_change_the_password(desk: Desk, clock: FakeClock) -> None:
    found = signed_in(desk, sign_in(desk), clock)
    admins = signed_in(desk, sign_in(desk, username="admin"), clock)
    assert found is not None and admins is not None
    with pytest.raises(UnauthenticatedError):
        desk.commands.change_own_password(found[0], admins[1], c.ChangeOwnPassword(PASSWORD, NEW, NEW, "-"))


def test_the_audit_trail_says_it_without_any_secret(desk: Desk, clock: FakeClock) -> None:
    change(desk, sign_in(desk), clock)
    admin = desk.queries.actor("admin", clock.now)
    assert admin is not None
    entries = [e for e in desk.queries.audit(admin, AuditFilter()).items if e.type == "PasswordChanged"]
    assert len(entries) == 1
    assert entries[0].actor == "budi" and "mengganti kata sandinya sendiri" in entries[0].sentence
    assert NEW not in str(entries[0].data) and "argon2" not in str(entries[0].data)
