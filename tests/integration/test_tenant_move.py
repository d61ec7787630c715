"""`alur tenant move`: a tenant to a second PostgreSQL cluster while its users keep acting.

A second cluster is started from the installed server binaries on another port (tests/pg.py).
Client threads act through the application layer of a "web process" (its own Platform, its
tenant directory listening) while another Platform moves the tenant: each action is either
done before the freeze, refused as frozen (503), or done after the switch on the new cluster.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
import structlog

from adapters.cli import main
from adapters.composition import Platform
from adapters.config import Settings, named_databases
from adapters.projection_worker import ProjectionWorker
from adapters.store import TenantFrozenError
from adapters.tenancy import move as tenant_move
from adapters.tenancy.move import MoveError, _freeze_table, drop_copy, move_tenant, thaw_tenant
from adapters.tenancy.transfer import export_tenant, import_tenant
from domain.actor import Actor
from domain.commands import SubmitRequest
from domain.errors import AlurError
from tests import pg
from tests.conftest import Alur
from tests.mutu import LETTER, letter_files
from web.errors import status_of

CLIENTS = 4
PASSWORD = "rahasia-uji-123"
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def second_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on another port: the tenant's new home."""
    cluster = pg.ThrowawayCluster()
    try:
        url = cluster.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        cluster.stop()
        pytest.fail(f"could not start a second PostgreSQL cluster: {exc}")
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def two_clusters(postgres_url: str, second_cluster: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings naming a fresh database on each cluster: `main` and `second`."""
    with pg.scratch_database(postgres_url) as main, pg.scratch_database(second_cluster) as second:
        yield Settings(database_url=main, data_dir=tmp_path, databases=(("second", _as_url(second)),))


def _as_url(conninfo: str) -> str:
    """ALUR_DATABASES takes URLs (`name=postgresql://…`), not key=value DSNs."""
    p = psycopg.conninfo.conninfo_to_dict(conninfo)
    return f"postgresql://{p.get('user', 'postgres')}@{p['host']}:{p['port']}/{p['dbname']}"


def _opd_user(slug: str) -> Actor:
    return Actor(tenant=slug, username="opd1", roles=("opd",), opd="DPMPTSP")


def _create(platform: Platform, slug: str) -> None:
    platform.create_tenant(slug, name=f"Diskominfo {slug}", variant_id="sumbawa-2021")
    platform.service(slug).create_opd("DPMPTSP", "Dinas Penanaman Modal", actor="admin")


def _submitted(url: str, schema: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT originator_id FROM {schema}.alur_events WHERE topic = 'Request.Submitted'"
        ).fetchall()
    return sorted(str(row[0]) for row in rows)


def _count(url: str, schema: str, up_to: int | None = None) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT COUNT(*) FROM {schema}.alur_events WHERE notification_id <= %s", (up_to or 2**62,)
        ).fetchone()
    return int(row[0]) if row else 0


class Clients:
    """Threads filing requests through a web process's commands, as its routes would."""

    def __init__(self, web: Platform, slug: str) -> None:
        self.web, self.slug = web, slug
        self.done: list[tuple[str, float]] = []  # acknowledged: (request id, when)
        self.refused: list[int] = []  # the status a frozen refusal gets at the door
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(CLIENTS)]

    def __enter__(self) -> Clients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)

    def _run(self, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            i += 1
            command = SubmitRequest(
                f"Aplikasi {n}-{i}", letter_number=f"{n}/{i}", letter_date="2026-03-16", letter=LETTER
            )
            try:
                desk = self.web.desk(self.web.tenant(self.slug))  # per request, as a route does
                detail = desk.commands.submit(_opd_user(self.slug), command)
            except TenantFrozenError as refused:
                with self._lock:
                    self.refused.append(status_of(refused))
                time.sleep(0.02)
                continue
            except BaseException as error:  # reported by the test
                with self._lock:
                    self.errors.append(error)
                return
            with self._lock:
                self.done.append((detail.id, time.monotonic()))
            time.sleep(0.005)

    def wait_for(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.done) < count and time.monotonic() < deadline and not self.errors:
            time.sleep(0.02)


def test_a_tenant_moves_to_another_cluster_with_requests_in_flight_losing_and_doubling_nothing(
    two_clusters: Settings,
):
    settings = two_clusters
    main_url, second_url = settings.database_url, dict(settings.databases)["second"]
    assert main_url
    with Platform(settings) as mover, Platform(settings) as web:
        web.listen()  # a web process: hears the freeze and the switch through NOTIFY
        _create(mover, "pindah")
        _create(mover, "tetap")
        untouched = _count(main_url, "t_tetap")
        with Clients(web, "pindah") as clients:
            clients.wait_for(10)
            report = move_tenant(mover, "pindah", "second", settle=0)
            switched = time.monotonic()
            clients.wait_for(len(clients.done) + 20)
        assert clients.errors == []
        after = sum(1 for _, when in clients.done if when > switched)
        print(f"acknowledged {len(clients.done)} ({after} after the switch), refused {len(clients.refused)}"
              f" while frozen, frozen {report.frozen_seconds:.2f} s")  # fmt: skip

        acknowledged = sorted(request_id for request_id, _ in clients.done)
        assert _submitted(second_url, "t_pindah") == acknowledged  # nothing lost, nothing twice
        assert any(when > switched for _, when in clients.done)  # done on the new cluster
        assert clients.refused and set(clients.refused) == {503}  # refused while frozen
        frozen_copy = report.manifest["counts"]["events"]
        assert _count(main_url, "t_pindah") == frozen_copy  # the old copy took nothing after the freeze
        last = _max_position(main_url, "t_pindah")
        assert _count(second_url, "t_pindah", up_to=last) == frozen_copy  # the copy is whole

        assert web.tenant("pindah").database == "second" and not web.tenant("pindah").frozen
        assert web.tenant("tetap").database == "main"
        assert _count(main_url, "t_tetap") == untouched
        web.desk(web.tenant("tetap")).commands.submit(
            _opd_user("tetap"),
            SubmitRequest(title="Tetap", letter_number="1", letter_date="2026-03-16", letter=LETTER),
        )
        reads = web.services.projector(web.tenant("pindah"))
        assert all(status.lag == 0 for status in reads.status())  # read models current there


def _max_position(url: str, schema: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT MAX(notification_id) FROM {schema}.alur_events").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


@pytest.fixture
def alur_cli(
    two_clusters: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Alur]:
    """`alur …` with ALUR_DATABASE_URL on the first cluster and `second` in ALUR_DATABASES."""
    monkeypatch.setenv("ALUR_DATABASE_URL", str(two_clusters.database_url))
    monkeypatch.setenv("ALUR_DATABASES", " ".join(f"{name}={url}" for name, url in two_clusters.databases))
    monkeypatch.setenv("ALUR_DATA_DIR", str(two_clusters.data_dir))
    monkeypatch.delenv("ALUR_PROJECTIONS", raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(command: str) -> tuple[int, str]:
        code = main(shlex.split(command))
        out, err = capsys.readouterr()
        return code, out + err

    yield run
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def test_move_by_command_drops_the_old_copy_when_asked_and_the_tenant_works_there(
    two_clusters: Settings, alur_cli: Alur
):
    main_url, second_url = two_clusters.database_url, dict(two_clusters.databases)["second"]
    assert alur_cli("tenant create pindah --name 'DKISP Pindah' --sop sumbawa-2021")[0] == 0
    assert alur_cli("opd create --tenant pindah DPMPTSP --name 'Dinas PM'")[0] == 0

    code, out = alur_cli("tenant move pindah --to nowhere")
    assert code == 1 and "nowhere" in out
    code, out = alur_cli("tenant move pindah --to second --drop-old --settle 0")
    assert code == 0, out
    assert "main -> second" in out

    with psycopg.connect(str(main_url)) as conn:
        assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 't_pindah'").fetchone() is None
    assert "second" in alur_cli("tenant list")[1]
    assert alur_cli("opd create --tenant pindah DISDIK --name 'Dinas Pendidikan'")[0] == 0
    assert len(_submitted(second_url, "t_pindah")) == 0 and _count(second_url, "t_pindah") == 4
    code, out = alur_cli("tenant move pindah --to second")
    assert code == 1 and "already" in out


def test_the_worker_keeps_a_moved_tenants_read_models_current_on_its_new_cluster(two_clusters: Settings):
    settings = replace(two_clusters, projections="worker")
    worker = ProjectionWorker(settings, rescan=600)  # woken by NOTIFY, never by the rescan
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(stop,))
    running.start()
    try:
        with Platform(settings) as web:
            _create(web, "pindah")
            move_tenant(web, "pindah", "second", settle=0)
            command = SubmitRequest(
                "Sesudah pindah", letter_number="9/2026", letter_date="2026-03-16", letter=LETTER
            )
            done = web.desk(web.tenant("pindah")).commands.submit(_opd_user("pindah"), command)
            reads = web.services.projector(web.tenant("pindah"))
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and done.id not in {r.id for r in reads.requests(now=NOW)}:
                time.sleep(0.05)
            assert done.id in {r.id for r in reads.requests(now=NOW)}
    finally:
        stop.set()
        running.join(30)


def test_while_frozen_the_api_answers_503_with_retry_after_and_takes_writes_again_once_thawed(tmp_path: Path):
    from argon2 import PasswordHasher
    from starlette.testclient import TestClient

    from web.app import create_app

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    body = {"title": "Aplikasi", "letter_number": "1/2026", "letter_date": "2026-03-16"}
    with Platform(Settings(database_url=None, data_dir=tmp_path)) as platform:
        _create(platform, "pindah")
        people = platform.service("pindah")
        people.create_user("opd1", PASSWORD, hash_password=cheap.hash, roles=["opd"], sop=("sumbawa-2021", 3),
                           actor="test", opd="DPMPTSP")  # fmt: skip
        with TestClient(create_app(platform), base_url="http://testserver") as client:
            signed = client.post(
                "/t/pindah/api/v1/session", json={"username": "opd1", "password": "rahasia-uji-123"}
            )
            headers = {"Authorization": f"Bearer {signed.json()['token']}"}
            platform.registry.freeze("pindah", "move to second")
            platform.directory.refresh()
            frozen = client.post(
                "/t/pindah/api/v1/requests", data=body, files=letter_files(), headers=headers
            )
            assert frozen.status_code == 503 and frozen.headers["Retry-After"] == "5"
            assert frozen.json()["error"]["code"] == "overloaded"
            page = _page_submit(client, "pindah", "opd1")
            assert page.status_code == 503 and page.headers["Retry-After"] == "5"  # the page says it too
            assert client.get("/t/pindah/api/v1/requests", headers=headers).status_code == 200  # reads go on
            platform.registry.switch("pindah", None)
            platform.directory.refresh()
            assert (
                client.post(
                    "/t/pindah/api/v1/requests", data=body, files=letter_files(), headers=headers
                ).status_code
                == 201
            )


def test_a_move_whose_copy_fails_switches_nothing_and_leaves_the_tenant_working_where_it_was(
    two_clusters: Settings, monkeypatch: pytest.MonkeyPatch
):
    second_url = dict(two_clusters.databases)["second"]
    copy = tenant_move._copy

    def broken(*args: Any) -> dict[str, object]:
        copy(*args)  # written and rebuilt there, then found to differ
        raise MoveError("salinan berbeda", "the copy differs")

    with Platform(two_clusters) as platform:
        _create(platform, "pindah")
        monkeypatch.setattr("adapters.tenancy.move._copy", broken)
        with pytest.raises(MoveError):
            move_tenant(platform, "pindah", "second", settle=0)
        tenant = platform.tenant("pindah")
        assert (tenant.database, tenant.frozen) == ("main", False)
        with psycopg.connect(second_url) as conn:
            assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 't_pindah'").fetchone() is None
        command = SubmitRequest("Tetap di sini", letter_number="1", letter_date="2026-03-16", letter=LETTER)
        platform.desk(tenant).commands.submit(_opd_user("pindah"), command)  # the trigger is gone too


def test_a_stopped_move_is_thawed_and_a_kept_old_copy_dropped_on_command(two_clusters: Settings):
    main_url = str(two_clusters.database_url)
    with Platform(two_clusters) as platform:
        _create(platform, "pindah")
        platform.registry.freeze("pindah", "move to second")  # as a move killed mid-copy leaves it
        _freeze_table(platform.services.pool_for("main"), "t_pindah")
        platform.directory.refresh()
        command = SubmitRequest("Beku", letter_number="1", letter_date="2026-03-16", letter=LETTER)
        with pytest.raises(TenantFrozenError):
            platform.desk(platform.tenant("pindah")).commands.submit(_opd_user("pindah"), command)
        with pytest.raises(AlurError):
            drop_copy(platform, "pindah", "second")  # not while a move may be under way
        thaw_tenant(platform, "pindah")
        platform.desk(platform.tenant("pindah")).commands.submit(_opd_user("pindah"), command)

        move_tenant(platform, "pindah", "second", settle=0)  # the old copy kept, frozen
        with pytest.raises(AlurError):
            drop_copy(platform, "pindah", "second")  # the live copy: never
        drop_copy(platform, "pindah", "main")
        with psycopg.connect(main_url) as conn:
            assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 't_pindah'").fetchone() is None
        platform.desk(platform.tenant("pindah")).commands.submit(_opd_user("pindah"), command)


def test_an_export_imports_into_a_named_database_and_is_routed_there(two_clusters: Settings, tmp_path: Path):
    second_url = dict(two_clusters.databases)["second"]
    file = tmp_path / "asal.alur.gz"
    with Platform(two_clusters) as platform:
        _create(platform, "asal")
        export_tenant(platform, "asal", file)
        copy = import_tenant(platform, file, slug="salinan", database="second")
        assert platform.tenant("salinan").database == "second" == copy.database
        assert _count(second_url, "t_salinan") == _count(str(two_clusters.database_url), "t_asal")
        command = SubmitRequest(
            "Di klaster kedua", letter_number="1", letter_date="2026-03-16", letter=LETTER
        )
        done = platform.desk(platform.tenant("salinan")).commands.submit(_opd_user("salinan"), command)
        assert _submitted(second_url, "t_salinan") == [done.id]


def test_alur_databases_names_urls_and_refuses_what_would_route_a_tenant_wrongly():
    parsed = named_databases("west=postgresql://alur@db2/alur; east=postgresql://alur@db3:5433/alur")
    assert parsed == (("west", "postgresql://alur@db2/alur"), ("east", "postgresql://alur@db3:5433/alur"))
    settings = Settings(database_url="postgresql://alur@db1/alur", data_dir=Path("."), databases=parsed)
    assert settings.database_urls()["main"] == "postgresql://alur@db1/alur"
    for bad in ("west", "west=host=db2", "main=postgresql://x/y", "a=postgresql://x/y a=postgresql://x/z",
                "Bad=postgresql://x/y"):  # fmt: skip
        with pytest.raises(ValueError, match="ALUR_DATABASES"):
            named_databases(bad)


def _page_submit(app_client: Any, slug: str, username: str) -> Any:
    """A letter filed through the page by a browser of its own (cookie, CSRF) signed in as `username`."""
    from starlette.testclient import TestClient

    from tests.web.pages_helpers import csrf_of, post

    browser = TestClient(app_client.app, base_url="http://testserver")
    form = browser.get(f"/t/{slug}/signin")
    browser.post(f"/t/{slug}/signin", data={"username": username, "password": "rahasia-uji-123",
                 "csrf": csrf_of(form.text)})  # fmt: skip
    letter = {"title": "Lewat halaman", "letter_number": "2/2026", "letter_date": "2026-03-16"}
    return post(browser, f"/t/{slug}/requests/new", letter, files=letter_files())


def test_a_move_carries_live_sessions_and_leaves_a_reset_users_ended_ones_behind(two_clusters: Settings):
    from argon2 import PasswordHasher

    from domain.commands import ResetPassword, SignIn

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with Platform(two_clusters) as platform:
        _create(platform, "pindah")
        for name, roles in (("budi", ["kadis"]), ("admin", ["admin"])):
            platform.service("pindah").create_user(name, PASSWORD, hash_password=cheap.hash, roles=roles,
                                                   sop=("sumbawa-2021", 3), actor="test")  # fmt: skip
        desk = platform.desk(platform.tenant("pindah"))
        ended = desk.commands.sign_in(SignIn("budi", PASSWORD, "10.0.0.1", "api")).token
        kept = desk.commands.sign_in(SignIn("admin", PASSWORD, "10.0.0.1", "api")).token
        admin = Actor("pindah", "admin", ("admin",), None)
        desk.commands.reset_password(admin, ResetPassword("budi"))
        # what a sign-in racing the reset may leave: a session not revoked, of the ended epoch
        with platform.services.projector(platform.tenant("pindah")).db.transaction() as tx:
            tx.execute("UPDATE web_sessions SET revoked_at = NULL WHERE username = 'budi'")
        assert desk.queries.identify(ended, "api", platform.services.clock()) is None
        move_tenant(platform, "pindah", "second", settle=0)
        moved = platform.desk(platform.tenant("pindah"))
        now = platform.services.clock()
        assert moved.queries.identify(kept, "api", now) is not None
        assert moved.queries.identify(ended, "api", now) is None
