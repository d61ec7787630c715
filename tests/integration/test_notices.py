"""The read model "notices" on SQLite and real PostgreSQL: who is told what, and when.

Written through the real application service (inline projections), read as the web does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from adapters.config import Settings
from domain.documents import Upload, check_upload
from projections.notices import Notice, count_notices, notices_for, pending
from tests import pg
from tests.conftest import PLT_SK, FakeClock
from tests.integration.test_projections import SOP, WITA, World, open_world, user


@pytest.fixture
def world(settings: Settings, clock: FakeClock) -> Iterator[World]:
    services, tenant, service = open_world(settings, clock)
    try:
        yield World(services, tenant, service, services.projector(tenant), clock)
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def told(world: World, username: str, at: datetime | None = None) -> list[Notice]:
    with world.projector.db.transaction(write=False) as tx:
        return notices_for(tx, username, at or world.clock(), limit=200)


def waiting(world: World, username: str) -> list[tuple[str, int | None, datetime]]:
    """(kind, step, due_at) of every notice of the user not cancelled, told or still to come."""
    with world.projector.db.transaction(write=False) as tx:
        return [(n.kind, n.step, n.due_at.astimezone(WITA)) for n in pending(tx, username)]


def people(world: World) -> None:
    world.service.create_opd("DPMPTSP", "Dinas Penanaman Modal dan PTSP", actor="admin")
    user(world, "pemohon", ["opd"], opd="DPMPTSP")
    user(world, "budi", ["kadis"])
    user(world, "gone", ["kadis"])
    user(world, "wakil", ["kasi-aplikasi"])
    until = world.clock() + timedelta(days=5)
    world.service.grant_role(
        "wakil", "kadis", sop=SOP, actor="admin", valid_until=until, acting=True, **PLT_SK
    )
    user(world, "sari", ["tim-pengembang"])
    user(world, "joko", ["tim-pengembang"])
    world.service.set_active("gone", False, actor="admin")


def test_a_step_reaching_the_kadis_tells_every_active_holder_with_reminder_and_overdue(world: World) -> None:
    people(world)
    request_id = world.submit()  # Tuesday 17 March 2026, 10:00 WITA: step 2 (kadis), 1 hari kerja
    for name in ("budi", "wakil"):
        notices = told(world, name)
        assert [(n.kind, n.step, n.title, n.letter_number) for n in notices] == [
            ("arrived", 2, "Aplikasi Perizinan", "500/017/2026")
        ]
        assert notices[0].link == f"/requests/{request_id}"
        assert notices[0].deadline is not None
        due = notices[0].deadline.astimezone(WITA)
        assert waiting(world, name) == [
            ("arrived", 2, datetime(2026, 3, 17, 10, 0, tzinfo=WITA)),
            ("overdue", 2, due),
        ]
    assert waiting(world, "gone") == [] and waiting(world, "sari") == []


def test_doing_the_step_cancels_its_reminders_and_tells_the_next_role(world: World) -> None:
    people(world)
    request_id = world.submit()
    world.act(request_id, 2, "kadis", user="budi")
    assert [kind for kind, _, _ in waiting(world, "budi")] == ["arrived"]  # overdue cancelled
    assert waiting(world, "sari") == []


def test_an_appointed_step_tells_only_its_appointee(world: World) -> None:
    people(world)
    request_id = world.submit()
    world.to_step(request_id, 8)  # step 4 appointed sari; step 9 is the development team's
    assert [(kind, step) for kind, step, _ in waiting(world, "sari")][:1] == [("arrived", 9)]
    assert waiting(world, "joko") == []


def test_the_requester_is_told_on_return_decision_and_finish(world: World) -> None:
    people(world)
    request_id = world.submit()
    missing = ["Surat Permohonan Pembuatan Aplikasi"]
    world.service.return_file(request_id, user="budi", roles=["kadis"], missing=missing, note="Belum")
    assert [n.kind for n in told(world, "pemohon")] == ["returned"]
    assert [kind for kind, _, _ in waiting(world, "budi")] == ["arrived"]  # overdue cancelled
    signed = check_upload(Upload("surat.pdf", b"%PDF-1.4 surat bertanda tangan"))
    world.service.resubmit(request_id, user="pemohon", roles=["opd"], opd="DPMPTSP", note="Sudah",
                           outputs=[signed.record()], documents=[signed])  # fmt: skip
    assert [kind for kind, _, _ in waiting(world, "budi")].count("arrived") == 2
    world.to_step(request_id, 17)
    kinds = [n.kind for n in told(world, "pemohon", world.clock() + timedelta(days=400))]
    assert sorted(kinds) == ["arrived", "arrived", "decided", "finished", "returned"]  # OPD: steps 11, 14


def test_a_deactivated_user_is_told_nothing_and_loses_what_was_not_yet_due(world: World) -> None:
    people(world)
    world.submit()
    world.clock.advance(minutes=5)
    world.service.set_active("wakil", False, actor="admin")
    assert [kind for kind, _, _ in waiting(world, "wakil")] == ["arrived"]  # the overdue one: never
    world.submit(title="Kedua")
    assert all(n.title != "Kedua" for n in told(world, "wakil", world.clock() + timedelta(days=9)))


def test_reading_one_and_reading_all(world: World) -> None:
    people(world)
    world.submit()
    world.submit(title="Kedua")
    now = world.clock()
    with world.projector.db.transaction(write=False) as tx:
        assert count_notices(tx, "budi", now, unread=True) == 2
    first = told(world, "budi")[0]
    world.service.read_notice("budi", first.id)
    world.service.read_notice("sari", told(world, "budi")[1].id)  # another's: nothing happens
    with world.projector.db.transaction(write=False) as tx:
        assert count_notices(tx, "budi", now, unread=True) == 1
    world.clock.advance(minutes=1)
    world.service.read_all_notices("budi")
    with world.projector.db.transaction(write=False) as tx:
        assert count_notices(tx, "budi", world.clock(), unread=True) == 0
        assert count_notices(tx, "budi", world.clock()) == 2


def test_the_notices_rebuilt_alone_are_what_was_written_live(world: World) -> None:
    people(world)
    done = world.submit()
    world.to_step(done, 17)
    world.service.return_file(world.submit(), user="budi", roles=["kadis"],
                              missing=["Surat Permohonan Pembuatan Aplikasi"], note="Kurang")  # fmt: skip
    world.service.set_active("budi", False, actor="admin")
    world.service.read_all_notices("wakil")
    live = world.projector.dump("notices")
    assert live["rm_notices"]
    world.projector.rebuild(["notices"])
    assert world.projector.dump("notices") == live
    world.projector.rebuild()
    assert world.projector.dump("notices") == live


def test_a_moved_deadline_cancels_the_old_reminders_and_writes_them_from_the_new_due_time(
    world: World,
) -> None:
    people(world)
    world.clock.set(datetime(2026, 4, 14, 10, 0, tzinfo=WITA))  # Tuesday; step 2 due Wednesday 10:00
    request_id = world.submit()
    assert waiting(world, "budi") == [
        ("arrived", 2, datetime(2026, 4, 14, 10, 0, tzinfo=WITA)),
        ("overdue", 2, datetime(2026, 4, 15, 10, 0, tzinfo=WITA)),
    ]
    world.clock.advance(hours=1)
    service = world.service

    def variant_of(request: Any) -> Any:
        return service.variant(request.variant_id, request.variant_version)

    def day_off(kept: Any) -> None:
        kept.add_day_off(date(2026, 4, 15), "Hari Jadi", "libur-daerah", "SK 1/2026", "hari jadi", "admin",
                         world.clock(), frozenset(range(5)))  # fmt: skip

    moved = service.change_calendar(day_off, [str(request_id)], actor="admin", variant_of=variant_of)
    assert moved.moved
    assert waiting(world, "budi") == [
        ("arrived", 2, datetime(2026, 4, 14, 10, 0, tzinfo=WITA)),
        ("overdue", 2, datetime(2026, 4, 16, 10, 0, tzinfo=WITA)),  # the new due time
    ]
    with world.projector.db.transaction(write=False) as tx:
        rows = tx.query("SELECT kind, cancelled FROM rm_notices WHERE username = 'budi' ORDER BY position")
    assert [(row["kind"], row["cancelled"]) for row in rows] == [
        ("arrived", 0),
        ("overdue", 1),
        ("overdue", 0),
    ]
