"""However many tenants there are, one process holds a bounded number of PostgreSQL connections."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.config import Settings
from adapters.pgshared import NestedConnectionError, open_shared_pool
from adapters.store import Services
from tenants.catalogue import builtin_variant
from tenants.model import Tenant
from tests import pg
from tests.conftest import random_slug
from tests.mutu import letter_files

POOL_SIZE = 10
TENANTS = 200


NAME = f"alur-bound-{uuid.uuid4().hex[:8]}"  # this test's pool only, whatever else runs


def _connections(url: str, database: str) -> int:
    """Connections the service's pool holds (named NAME)."""
    with psycopg.connect(url, application_name="alur-test-probe") as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            (database, NAME),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_two_hundred_tenants_stay_within_the_shared_pool(postgres_url: str, tmp_path: Path, clock):
    database = psycopg.conninfo.conninfo_to_dict(postgres_url)["dbname"]
    before = _connections(postgres_url, str(database))
    services = Services(Settings(postgres_url, tmp_path), clock, pool_size=POOL_SIZE, application_name=NAME)
    loaded = builtin_variant("sumbawa-2021")
    tenants = [
        Tenant(random_slug("n"), "Diskominfo uji", "Uji", "Asia/Makassar", "sumbawa-2021")
        for _ in range(TENANTS)
    ]

    def provision_and_submit(index: int) -> int:
        service = services.for_tenant(tenants[index])
        service.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
        service.submit(
            "sumbawa-2021",
            loaded.variant.version,
            user="opd",
            roles=["opd"],
            title=f"Aplikasi {index}",
            letter_number=f"{index}/2026",
            letter_date="2026-03-16",
        )
        return _connections(postgres_url, str(database)) - before

    try:
        # 20 threads at once: more demand than the pool has connections.
        with ThreadPoolExecutor(max_workers=20) as executor:
            peak = max(executor.map(provision_and_submit, range(TENANTS)))
        print(f"\n{TENANTS} tenants: peak {peak} connections (bound {POOL_SIZE})")
        assert peak <= POOL_SIZE
        assert all(len(list(services.for_tenant(t).request_ids())) == 1 for t in tenants[:5])
    finally:
        services.close()
        for tenant in tenants:
            pg.drop_schema(postgres_url, tenant.schema)


def test_a_thread_holding_a_connection_is_refused_a_second_one(postgres_url: str):
    pool = open_shared_pool(postgres_url, max_size=2, application_name=NAME)

    def borrow() -> int:
        with pool.connection() as conn:
            return int(conn.execute("SELECT 1 AS one").fetchone()["one"])

    try:
        with pool.connection():
            with pytest.raises(NestedConnectionError):
                borrow()
            with ThreadPoolExecutor(max_workers=1) as other:  # another thread may borrow meanwhile
                assert other.submit(borrow).result() == 1
        with pool.connection() as again:  # and the first thread may borrow again once it gave back
            assert again.execute("SELECT 1").fetchone() is not None
    finally:
        pool.close()


@pytest.mark.postgres
def test_a_step_post_borrows_one_pooled_connection_for_all_it_does(postgres_url: str, tmp_path: Path, clock):
    """Identify the user, load the request, check the rules (the assignee's roles), save, bring
    the read models up to date and answer: one borrow, at the API and at the page alike (the
    pool refuses a second one held at a time: NestedConnectionError)."""
    from argon2 import PasswordHasher
    from starlette.testclient import TestClient

    from adapters.composition import Platform
    from tests.web.pages_helpers import csrf_of
    from web.app import create_app

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pg.scratch_database(postgres_url) as url, Platform(Settings(url, tmp_path), clock) as platform:
        slug = random_slug("one")
        platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021")
        service = platform.service(slug)
        service.create_opd("DISDIK", "Dinas Pendidikan", actor="test")
        for name, roles, opd in (
            ("kadis", ["kadis"], None),
            ("kabid", ["kabid-ti"], None),
            ("kasi", ["kasi-aplikasi"], None),
            ("opd1", ["opd"], "DISDIK"),
        ):
            service.create_user(name, "sandi-rahasia", hash_password=cheap.hash, roles=roles,
                                sop=("sumbawa-2021", 3), actor="test", opd=opd)  # fmt: skip
        pool = platform.services.pool_for("main")
        borrows: list[int] = []
        real = type(pool).getconn

        background = ("flowchart-layouts", "alur-")  # their own jobs, not the request's borrowing

        def counted(self: Any, timeout: float | None = None) -> Any:
            if getattr(self._held, "lent", None) is None and not threading.current_thread().name.startswith(
                background
            ):
                borrows.append(1)
            return real(self, timeout)

        with TestClient(create_app(platform)) as client:
            api = f"/t/{slug}/api/v1"
            tokens = {name: client.post(f"{api}/session", json={"username": name,
                                                                "password": "sandi-rahasia"}).json()["token"]
                      for name in ("kadis", "kabid", "kasi", "opd1")}  # fmt: skip
            letter = {"title": "Aplikasi", "letter_number": "1/2026", "letter_date": "2026-03-16"}
            as_opd = {"Authorization": f"Bearer {tokens['opd1']}"}
            request_id = client.post(
                f"{api}/requests", data=letter, files=letter_files(), headers=as_opd
            ).json()["id"]
            type(pool).getconn = counted  # type: ignore[method-assign]
            try:
                done = client.post(f"{api}/requests/{request_id}/steps/2", json={},
                                   headers={"Authorization": f"Bearer {tokens['kadis']}"})  # fmt: skip
                api_borrows = len(borrows)
                signin = csrf_of(client.get(f"/t/{slug}/signin").text)
                client.post(f"/t/{slug}/signin", data={"username": "kabid", "password": "sandi-rahasia",
                                                        "csrf": signin})  # fmt: skip
                form = client.get(f"/t/{slug}/requests/{request_id}").text
                borrows.clear()
                page = client.post(f"/t/{slug}/requests/{request_id}/steps/3", follow_redirects=False,
                                   data={"csrf": csrf_of(form), "expected_version": "2"})  # fmt: skip
                page_borrows = len(borrows)
            finally:
                type(pool).getconn = real  # type: ignore[method-assign]
        print(f"\nstep POST borrows: API {api_borrows}, page {page_borrows}")
        assert done.status_code == 200 and page.status_code == 303, (done.text, page.text)
        assert api_borrows <= 2 and page_borrows <= 2
