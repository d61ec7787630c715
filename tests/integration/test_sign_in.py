"""Signing in through the application layer's one handler, on SQLite and PostgreSQL.

Who may sign in, and with which roles, is read from the people read model: a revoked role or a
lapsed Plt. grant takes effect at once, and the answer never tells whether a user exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from adapters.composition import Platform
from adapters.config import Settings
from domain.commands import SignIn
from domain.errors import TooManyAttemptsError, UnauthenticatedError
from projections.desk import Desk
from tests import pg
from tests.conftest import PLT_SK, FakeClock, random_slug

SOP = ("sumbawa-2021", 3)
PASSWORD = "rahasia-sekali"
_hash = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


@pytest.fixture
def desk(settings: Settings, clock: FakeClock) -> Iterator[Desk]:
    platform = Platform(settings, clock)
    slug = random_slug("si")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    service.create_user("budi", PASSWORD, hash_password=lambda _p: _hash, roles=["kasi-aplikasi"], sop=SOP,
                        actor="admin")  # fmt: skip
    try:
        yield platform.desk(platform.tenant(slug))
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def sign_in(desk: Desk, username: str = "budi", password: str = PASSWORD, address: str = "10.0.0.1") -> tuple:
    signed = desk.commands.sign_in(SignIn(username, password, address))
    return signed.actor.username, signed.actor.roles


def refusal(desk: Desk, *args: str) -> str:
    with pytest.raises(UnauthenticatedError) as refused:
        sign_in(desk, *args)
    return str(refused.value)


def test_the_right_password_signs_in_with_the_roles_in_force(desk: Desk) -> None:
    assert sign_in(desk) == ("budi", ("kasi-aplikasi",))
    assert sign_in(desk, "BUDI ") == ("budi", ("kasi-aplikasi",))


def test_a_wrong_password_and_an_unknown_user_get_the_same_refusal(desk: Desk) -> None:
    assert refusal(desk, "budi", "salah-sekali") == refusal(desk, "nobody", PASSWORD)


def test_a_user_whose_roles_were_all_revoked_cannot_sign_in(desk: Desk) -> None:
    desk.commands.service.revoke_role("budi", "kasi-aplikasi", actor="admin")
    refusal(desk)


def test_an_acting_grant_signs_in_until_it_lapses(desk: Desk, clock: FakeClock) -> None:
    service = desk.commands.service
    service.create_user("plt", PASSWORD, hash_password=lambda _p: _hash, roles=["auditor"], sop=SOP,
                        actor="admin")  # fmt: skip
    until = clock.now + timedelta(days=3)
    service.grant_role("plt", "kadis", sop=SOP, actor="admin", valid_until=until, acting=True, **PLT_SK)
    assert sign_in(desk, "plt") == ("plt", ("auditor", "kadis"))
    clock.advance(days=4)
    assert sign_in(desk, "plt") == ("plt", ("auditor",))
    actor = desk.queries.actor("plt", clock.now)
    assert actor is not None and actor.roles == ("auditor",)


def test_repeated_failures_make_the_next_attempt_wait(desk: Desk, clock: FakeClock) -> None:
    for _ in range(3):  # the first few are free
        refusal(desk, "budi", "salah-sekali")
    with pytest.raises(TooManyAttemptsError) as waiting:
        sign_in(desk)
    assert waiting.value.retry_after >= 1
    clock.advance(seconds=waiting.value.retry_after)
    assert sign_in(desk) == ("budi", ("kasi-aplikasi",))
