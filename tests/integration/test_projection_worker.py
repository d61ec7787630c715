"""The projection worker as a real process on real PostgreSQL: killed, restarted, woken.

Each test gets a database of its own, because the worker serves every tenant of the
platform it finds there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from adapters.composition import Platform
from adapters.config import Settings
from adapters.passwords import hash_password
from projections.engine import PROJECTION_NAMES, Projector
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.integration.test_projections import LETTER, SUMBAWA_PATH

ALUR = str(Path(sys.executable).with_name("alur"))


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    with pg.scratch_database(postgres_url) as url:
        yield url


class Worker:
    """`alur projections run` in a child process."""

    def __init__(self, url: str, data_dir: Path, *args: str) -> None:
        env = {**os.environ, "ALUR_DATABASE_URL": url, "ALUR_DATA_DIR": str(data_dir)}
        self.log = data_dir / f"worker-{time.monotonic_ns()}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [ALUR, "projections", "run", *args], env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def writing_a_batch(self, url: str) -> bool:
        """Whether the worker holds a transaction that has written rows it has not committed."""
        with psycopg.connect(url, autocommit=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL",
                (f"alur-{self.process.pid}",),
            ).fetchone()
        return found is not None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM: the worker finishes its batch and exits cleanly."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        if code != 0:
            print(self.log.read_text(errors="replace"))
        return code


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until `condition` held; fails the test after `timeout`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - started


def walk_requests(platform: Platform, slug: str, count: int) -> None:
    service = platform.service(slug)
    for index in range(count):
        request_id = service.submit(
            "sumbawa-2021", 3, user="pemohon", roles=["opd"], **{**LETTER, "title": f"Aplikasi {index}"}
        )
        for number, role, extra in SUMBAWA_PATH:
            service.act(request_id, number, **{"user": f"petugas-{role}", **extra}, roles=[role])


def positions(projector: Projector) -> dict[str, int]:
    return {status.name: status.position for status in projector.status()}


def test_a_worker_killed_mid_batch_leaves_every_projection_as_a_rebuild_would(
    database: str, tmp_path: Path, clock: FakeClock
) -> None:
    # The worker keeps every read model here (none by the writer): its batches are what is killed.
    settings = Settings(database, tmp_path, projections="worker", inline_projections=())
    with Platform(settings, clock) as platform:
        slug = random_slug()
        platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021")
        # 40 x 16 events, after the tenant's own 2 and its office calendar's 3 (opened, this year
        # and the next recorded at the first filing)
        walk_requests(platform, slug, 40)
        projector = platform.services.projector(platform.tenant(slug))
        head = projector.status()[0].head
        assert head == 5 + 40 * 16

        slow = Worker(database, tmp_path, "--batch", "50", "--throttle-ms", "4")
        wait_for(lambda: positions(projector)["audit"] >= 100, 60, "first batches")
        wait_for(lambda: slow.writing_a_batch(database), 60, "the worker inside a batch")
        slow.kill()  # seen with rows written and not committed: the kill lands inside that batch
        reached = positions(projector)
        assert 100 <= min(reached.values()) < head
        assert all(position % 50 == 0 for position in reached.values())  # no part of a batch
        assert len(projector.dump("audit")["rm_audit"]) == reached["audit"]

        walk_requests(platform, slug, 5)  # written while no worker runs
        head = projector.status()[0].head
        worker = Worker(database, tmp_path)
        wait_for(lambda: min(positions(projector).values()) == head, 60, "catch-up after restart")
        assert worker.stop() == 0
        live = {name: projector.dump(name) for name in PROJECTION_NAMES}
        projector.rebuild()
        assert {name: projector.dump(name) for name in PROJECTION_NAMES} == live
        assert len(live["audit"]["rm_audit"]) == head


def test_a_running_worker_is_woken_by_a_write_not_by_polling(
    database: str, tmp_path: Path, clock: FakeClock
) -> None:
    # The inbox kept by the worker alone (none by the writer): only the worker can show it.
    settings = Settings(database, tmp_path, projections="worker", inline_projections=())
    with Platform(settings, clock) as platform:
        slugs = [random_slug() for _ in range(3)]
        for slug in slugs:
            platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021")
        worker = Worker(database, tmp_path, "--rescan", "3600")  # a full scan only hourly
        try:
            projectors = [platform.services.projector(platform.tenant(slug)) for slug in slugs]
            for projector in projectors:
                wait_for(lambda p=projector: p.status()[0].lag == 0, 60, "initial catch-up")
            service = platform.service(slugs[1])
            service.create_user(
                "kadis", "rahasia-sekali", hash_password=hash_password, roles=["kadis"],
                sop=("sumbawa-2021", 3), actor="admin",
            )  # fmt: skip
            wait_for(lambda: projectors[1].status()[0].lag == 0, 10, "the user's events")
            time.sleep(1.5)  # well after start-up: only a notification can wake it now
            request_id = service.submit(
                "sumbawa-2021", 3, user="pemohon", roles=["opd"], **{**LETTER, "title": "Baru"}
            )
            now = datetime.now(UTC)

            def in_inbox() -> bool:
                roles = service.user("kadis").roles
                items = projectors[1].inbox("kadis", roles=roles, opd=None, now=now)
                return [item.request_id for item in items] == [str(request_id)]

            seconds = wait_for(in_inbox, 10, "the new request in the Kadis's inbox")
            print(f"visible in the inbox after {seconds * 1000:.0f} ms")
            later = new_tenant = random_slug()
            platform.create_tenant(new_tenant, name="Diskominfo Baru", variant_id="cirebon-2019")
            fresh = platform.services.projector(platform.tenant(later))
            wait_for(lambda: fresh.status()[0].lag == 0, 10, "a tenant registered after start")
        finally:
            assert worker.stop() == 0
