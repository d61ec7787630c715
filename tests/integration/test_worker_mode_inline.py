"""Worker mode as deployed (issue 18, visibility lag): the writer projects the inbox and the
request rows of its own writes right after the save, the worker catches up the rest (audit,
SLA, people). Both take turns on the tracking rows: each event is applied once per read model,
and what they build together is what a rebuild builds. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from adapters.config import WEB_PROJECTIONS, Settings
from adapters.store import Services
from projections.engine import PROJECTION_NAMES
from tests import pg
from tests.conftest import FakeClock
from tests.integration.test_projections import SUMBAWA_PATH, World, inbox, open_world, user


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[World]:
    """Worker mode with the default ALUR_INLINE_PROJECTIONS, and no worker running."""
    worker_mode = replace(settings, projections="worker")
    assert worker_mode.inline_projections == WEB_PROJECTIONS == ("inbox", "requests", "notices", "comments")
    services, tenant, service = open_world(worker_mode, clock)
    try:
        yield World(services, tenant, service, services.projector(tenant), clock)
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def positions(world: World) -> dict[str, int]:
    return {status.name: status.position for status in world.projector.status()}


def test_a_step_is_in_the_next_roles_inbox_as_soon_as_it_is_answered_without_a_worker(office: World) -> None:
    office.projector.catch_up()  # the worker's turn: who is who
    user(office, "kadis", ["kadis"])
    user(office, "kabid", ["kabid-ti"])
    office.projector.catch_up(["people"])
    request_id = office.submit(opd=None)
    assert inbox(office, "kadis") == [("Aplikasi Perizinan", 2)]  # no worker ran since the save
    office.act(request_id, 2, "kadis")
    assert inbox(office, "kadis") == [] and inbox(office, "kabid") == [("Aplikasi Perizinan", 3)]
    (row,) = office.projector.requests(now=office.clock(), request_id=str(request_id))
    assert row.active_step == 3 and row.version == 2
    reached = positions(office)
    head = office.projector.status()[0].head
    assert reached["inbox"] == reached["requests"] == head
    assert reached["audit"] < head and reached["sla"] < head  # the worker's, still to come
    assert office.projector.audit(request=str(request_id)) == []

    office.projector.catch_up()  # the worker: the rest, each event once
    assert positions(office) == dict.fromkeys(PROJECTION_NAMES, head)
    audited = [entry.type for entry in office.projector.audit(request=str(request_id))]
    assert audited == ["Submitted", "Disposed"]
    live = office.dumps()
    office.projector.rebuild()
    assert office.dumps() == live


def test_writers_and_workers_take_turns_each_event_once(office: World, settings: Settings) -> None:
    """Steps saved from several threads (each projecting inbox and requests after its save)
    while two workers catch up all five: the result is exactly a rebuild's."""
    workers = [Services(replace(settings, projections="worker"), office.clock) for _ in range(2)]
    done = threading.Event()
    errors: list[BaseException] = []

    def work(services: Services) -> None:
        try:
            while not done.is_set():
                services.projector(office.tenant).catch_up()
        except BaseException as error:
            errors.append(error)

    def write(count: int) -> None:
        try:
            for _ in range(count):
                request_id = office.submit()
                for number, role, extra in SUMBAWA_PATH[:6]:
                    user_name = extra.get("user", f"petugas-{role}")
                    rest = {key: value for key, value in extra.items() if key != "user"}
                    office.service.act(request_id, number, user=user_name, roles=[role], **rest)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(services,)) for services in workers]
    threads += [threading.Thread(target=write, args=(4,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads[2:]:
        thread.join()
    done.set()
    for thread in threads[:2]:
        thread.join()
    for services in workers:
        services.close()
    assert errors == []
    office.projector.catch_up()
    head = office.projector.status()[0].head
    assert positions(office) == dict.fromkeys(PROJECTION_NAMES, head)
    live = office.dumps()
    with office.projector.db.transaction(write=False) as tx:  # a position lost to a refused save is
        table = "alur_events" if tx.dialect == "postgres" else "stored_events"  # a gap, not an event
        stored = int(tx.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
    assert len(live["audit"]["rm_audit"]) == stored  # every event once in the audit trail
    assert len(live["requests"]["rm_request_steps"]) == 3 * 4 * 7  # a submission and six steps each
    office.projector.rebuild()
    assert office.dumps() == live
