"""However many tenants there are, one process holds a bounded number of PostgreSQL connections."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from adapters.config import Settings
from adapters.pgshared import NestedConnectionError, open_shared_pool
from adapters.store import Services
from tenants.catalogue import builtin_variant
from tenants.model import Tenant
from tests import pg
from tests.conftest import random_slug

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
            2,
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
