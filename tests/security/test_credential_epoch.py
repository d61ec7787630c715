"""Credentials that end at once (issue 17): a password reset or a deactivation ends every
session of the user, those a sign-in is issuing at that very moment included, and no sign-in
checks the password against a read model that may lag. On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from adapters.composition import Platform
from adapters.config import Settings
from domain.actor import Actor
from domain.commands import ResetPassword, SetUserActive, SignIn
from domain.errors import UnauthenticatedError
from domain.handlers import Throttle
from projections.desk import Desk
from tests import pg
from tests.conftest import FakeClock, random_slug

SOP = ("sumbawa-2021", 3)
PASSWORD = "rahasia-sekali"
_hash = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
ROUNDS, THREADS, TRIES = 100, 4, 4
UNTHROTTLED = Throttle(free=10**9, free_per_account=10**9, free_per_address=10**9)
# The racing users' hashes cost ~7 ms to check: the window between reading a password and
# issuing its session is that check (production's ~80 ms made it 3 sessions in 15 in the probe).
_racing = PasswordHasher(time_cost=2, memory_cost=8192, parallelism=1)
_racing_hash = _racing.hash(PASSWORD)


class RacingPasswords:
    """argon2 as in production, at the racing users' cost, a refused sign-in's decoy check too
    (production's decoy costs ~80 ms: hundreds of refusals would make the test slow).

    Once armed, the next check that passes holds its sign-in (the password read and found right)
    until `release`: the reset then lands exactly inside the window the probe hit by chance.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed = False
        self.reading = threading.Event()  # a held sign-in has read and checked the old password
        self.release = threading.Event()

    def arm(self) -> None:
        self.reading.clear()
        self.release.clear()
        self._armed = True

    def hash(self, password: str) -> str:
        return _racing.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        matches = False
        with contextlib.suppress(VerificationError, InvalidHashError):
            matches = _racing.verify(stored_hash or _racing_hash, password) and bool(stored_hash)
        with self._lock:
            hold, self._armed = self._armed and matches, self._armed and not matches
        if hold:
            self.reading.set()
            assert self.release.wait(10)
        return matches


def _desk(settings: Settings, clock: FakeClock) -> Iterator[tuple[Platform, Desk, str]]:
    platform = Platform(settings, clock)
    slug = random_slug("ce")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    service.create_user("admin", PASSWORD, hash_password=lambda _p: _hash, roles=["admin"], sop=SOP,
                        actor="test")  # fmt: skip
    try:
        yield platform, platform.desk(platform.tenant(slug)), slug
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


@pytest.fixture
def desk(settings: Settings, clock: FakeClock) -> Iterator[tuple[Platform, Desk, str]]:
    yield from _desk(settings, clock)


@pytest.fixture
def lagging_desk(settings: Settings, clock: FakeClock) -> Iterator[tuple[Platform, Desk, str]]:
    """Worker mode with no worker running: the read models stand still after the set-up."""
    yield from _desk(replace(settings, projections="worker"), clock)


def _admin(slug: str) -> Actor:
    return Actor(slug, "admin", ("admin",), None)


def test_sign_ins_racing_a_reset_leave_no_session_older_than_the_reset(
    desk: tuple[Platform, Desk, str],
) -> None:
    platform, found, slug = desk
    found.commands.throttle = UNTHROTTLED
    passwords = found.commands.passwords = RacingPasswords()
    alive = found.commands.sign_in(SignIn("admin", PASSWORD, "10.0.0.1", "api")).token
    assert found.queries.identify(alive, "api", platform.services.clock()) is not None  # what "alive" means
    service = platform.service(slug)
    survivors: list[str] = []
    issued_total = 0
    for round_ in range(ROUNDS):
        username = f"dev{round_:03d}"
        service.create_user(username, PASSWORD, hash_password=lambda _p: _racing_hash,
                            roles=["tim-pengembang"], sop=SOP, actor="admin")  # fmt: skip
        tokens: list[str] = []
        passwords.arm()
        threads = [threading.Thread(target=_sign_in_repeatedly, args=(found, username, tokens))
                   for _ in range(THREADS)]  # fmt: skip
        for thread in threads:
            thread.start()
        assert passwords.reading.wait(10)  # one sign-in has the old password checked, not yet its session
        found.commands.reset_password(_admin(slug), ResetPassword(username))
        passwords.release.set()
        for thread in threads:
            thread.join()
        issued_total += len(tokens)
        now = platform.services.clock()
        survivors += [username for token in tokens if found.queries.identify(token, "api", now) is not None]
    print(f"{issued_total} sessions issued around {ROUNDS} resets; alive afterwards: {len(survivors)}")
    assert survivors == []


def _sign_in_repeatedly(desk: Desk, username: str, tokens: list[str]) -> None:
    for _ in range(TRIES):
        with contextlib.suppress(UnauthenticatedError):
            tokens.append(desk.commands.sign_in(SignIn(username, PASSWORD, "10.0.0.9", "api")).token)


def test_the_old_password_fails_at_once_after_a_reset_whatever_the_read_models_say(
    lagging_desk: tuple[Platform, Desk, str],
) -> None:
    _, found, slug = lagging_desk
    assert found.commands.sign_in(SignIn("admin", PASSWORD, "10.0.0.1")).token
    platform_admin = Actor(slug, "root", ("admin",), None)
    found.commands.reset_password(platform_admin, ResetPassword("admin"))
    with pytest.raises(UnauthenticatedError):
        found.commands.sign_in(SignIn("admin", PASSWORD, "10.0.0.1"))


def test_a_deactivated_users_session_being_issued_dies_with_the_deactivation(
    desk: tuple[Platform, Desk, str],
) -> None:
    platform, found, slug = desk
    service = platform.service(slug)
    service.create_user("budi", PASSWORD, hash_password=lambda _p: _hash, roles=["kadis"], sop=SOP,
                        actor="admin")  # fmt: skip
    sessions = found.commands.sessions
    epoch = sessions.epoch("budi")  # what a sign-in read before checking the password
    found.commands.set_active(_admin(slug), SetUserActive("budi", False))
    assert sessions.issue("budi", "api", epoch) is None  # its session is refused as it is issued
    earlier = sessions.issue("admin", "api", sessions.epoch("admin"))
    assert earlier is not None
    now = platform.services.clock()
    assert found.queries.identify(earlier[0], "api", now) is not None
    found.commands.reset_password(Actor(slug, "root", ("admin",), None), ResetPassword("admin"))
    assert found.queries.identify(earlier[0], "api", now) is None
