"""Fixtures shared by every kind of test: the two stores, a settable clock, tenants.

Every test that takes `settings` runs twice: on an SQLite file and on real PostgreSQL. Each
test gets its own tenant with a random slug, so tests never see each other's data.
"""

from __future__ import annotations

import io
import logging
import shlex
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import structlog

from adapters.cli import main
from adapters.config import Settings
from adapters.store import Services
from domain.service import RequestService
from tenants.catalogue import builtin_variant
from tenants.model import Tenant
from tests import pg


class FakeClock:
    """A clock tests set and advance; the application service reads it for every event."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **kwargs: float) -> None:
        self.now = self.now + timedelta(**kwargs)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id at its smallest cost for the users the tests make in their own process: every
    password still goes through argon2id, made and checked, only faster (3 ms, not 60-110 ms of
    CPU a hash: the suite made about 1,400 at full cost). The service's own cost is pinned by
    tests/security/test_password_cost.py in a fresh process, and every served process of the
    tests (`alur serve`) hashes at it."""
    from argon2 import PasswordHasher

    from adapters import passwords

    production = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._decoy.cache_clear()  # the decoy of an unknown user at the same cost as the rest
    yield
    passwords._hasher = production
    passwords._decoy.cache_clear()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this test run's own on a real PostgreSQL server (dropped at the end); the
    tests fail if there is none. Its own, because the platform registry is shared by everything
    in a database: runs side by side on one server (CI beside a developer's run) saw each other's
    tenants, and a tenant's tables vanished under a run that had just created them."""
    try:
        maintenance, cluster = pg.server_url()
    except pg.NoPostgres as exc:
        pytest.fail(f"PostgreSQL is required for these tests and none could be had: {exc}")
    try:
        with pg.scratch_database(pg.test_database_url(maintenance)) as url:
            yield url
    finally:
        if cluster is not None:
            cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for one store; the test runs once per store."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        return Settings(database_url=url, data_dir=tmp_path, mail_sender="off")
    return Settings(database_url=None, data_dir=tmp_path, mail_sender="off")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 17, 10, 0, tzinfo=ZoneInfo("Asia/Makassar")))


# The SK (surat keputusan) an acting grant of a test rests on: an acting grant names one.
PLT_SK = {"sk_number": "800.1.3/123/BKPSDM/2026", "sk_date": date(2026, 3, 1)}


def random_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def make_service(settings: Settings, clock: FakeClock) -> Iterator[Callable[..., RequestService]]:
    """Open a service for a fresh tenant running a built-in variant (adopted already)."""
    services = Services(settings, clock)
    tenants: list[Tenant] = []

    def make(variant_id: str, timezone: str = "Asia/Makassar") -> RequestService:
        tenant = Tenant(
            slug=random_slug(),
            name=f"Diskominfo uji {variant_id}",
            region="Uji",
            timezone=timezone,
            variant_id=variant_id,
        )
        tenants.append(tenant)
        service = services.for_tenant(tenant)
        loaded = builtin_variant(variant_id)
        service.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
        return service

    yield make
    services.close()
    if settings.database_url:
        for tenant in tenants:
            pg.drop_schema(settings.database_url, tenant.schema)


Alur = Callable[..., tuple[int, str]]
CREATE_SUMBAWA = "tenant create sumbawa --name 'DKISP Sumbawa' --sop sumbawa-2021 --timezone Asia/Makassar"


@pytest.fixture
def store(settings: Settings) -> Iterator[Settings]:
    """Like `settings`, but on PostgreSQL a database of its own (for whole-platform commands)."""
    if settings.database_url is None:
        yield settings
        return
    with pg.scratch_database(settings.database_url) as url:
        yield Settings(url, settings.data_dir, mail_sender="off")


@pytest.fixture
def alur_cli(
    store: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Alur]:
    """Run `alur …` against the test's store: gives the exit status and stdout + stderr."""
    monkeypatch.setenv("ALUR_DATA_DIR", str(store.data_dir))
    if store.database_url:
        monkeypatch.setenv("ALUR_DATABASE_URL", store.database_url)
    else:
        monkeypatch.delenv("ALUR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ALUR_PROJECTIONS", raising=False)
    monkeypatch.setenv("ALUR_OPERATOR", "uji")  # recorded as the actor: operator:uji
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(command: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(shlex.split(command))
        out, err = capsys.readouterr()
        return code, out + err

    yield run
    root.handlers[:], root.level = handlers, level  # `main` configures logging globally
    structlog.reset_defaults()
