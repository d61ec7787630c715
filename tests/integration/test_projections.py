"""The read models on SQLite and real PostgreSQL: inbox, requests, audit trail, SLA.

Every test writes through the real application service (inline projections, the embedded
mode's default) and reads the projector, as the web and the CLI do.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from adapters.config import Settings
from adapters.passwords import hash_password
from adapters.store import Services
from domain.service import RequestService
from projections.audit_export import headers, to_csv, to_json_document
from projections.audit_sentences import sentence
from projections.engine import PROJECTION_NAMES, Projector
from projections.overview import holders_of
from projections.requests import list_requests
from tenants.catalogue import builtin_variant
from tenants.model import Tenant
from tests import pg
from tests.conftest import PLT_SK, FakeClock, random_slug

SOP = ("sumbawa-2021", 3)
WITA = ZoneInfo("Asia/Makassar")
LETTER = {"title": "Aplikasi Perizinan", "letter_number": "500/017/2026", "letter_date": "2026-03-16"}


@dataclass
class World:
    services: Services
    tenant: Tenant
    service: RequestService
    projector: Projector
    clock: FakeClock

    def submit(self, opd: str = "DPMPTSP", **fields: Any) -> UUID:
        letter = {**LETTER, **fields}
        return self.service.submit(*SOP, user="pemohon", roles=["opd"], opd=opd, **letter)

    def act(self, request_id: UUID, number: int, role: str, hours: float = 1, **kwargs: Any) -> None:
        self.clock.advance(hours=hours)
        user = kwargs.pop("user", f"petugas-{role}")
        self.service.act(request_id, number, user=user, roles=[role], **kwargs)

    def to_step(self, request_id: UUID, last: int, first: int = 2) -> None:
        """Walk the main path of Sumbawa ("ya" at every decision) from `first` through `last`."""
        for number, role, extra in SUMBAWA_PATH:
            if first <= number <= last:
                self.act(request_id, number, role, **extra)

    def dumps(self) -> dict[str, Any]:
        return {name: self.projector.dump(name) for name in PROJECTION_NAMES}


SUMBAWA_PATH: list[tuple[int, str, dict[str, Any]]] = [
    (2, "kadis", {}),
    (3, "kabid-ti", {}),
    (4, "kasi-aplikasi", {"assignee": "sari"}),
    (5, "kasi-aplikasi", {}),
    (6, "kabid-ti", {"decision": "ya"}),
    (8, "kasi-aplikasi", {}),
    (9, "tim-pengembang", {"user": "sari"}),  # the appointee of step 4
    (10, "tim-pengembang", {"user": "sari"}),
    (11, "opd", {"decision": "ya"}),
    (12, "tim-pengembang", {"user": "sari"}),
    (13, "tim-pengembang", {"user": "sari"}),
    (14, "opd", {"decision": "ya"}),
    (15, "tim-pengembang", {"user": "sari"}),
    (16, "kabid-ti", {}),
    (17, "tim-pengembang", {"user": "sari"}),
]


def open_world(settings: Settings, clock: FakeClock) -> tuple[Services, Tenant, RequestService]:
    services = Services(settings, clock)
    tenant = Tenant(random_slug(), "Diskominfo Uji", "Uji", "Asia/Makassar", "sumbawa-2021")
    service = services.for_tenant(tenant)
    loaded = builtin_variant("sumbawa-2021")
    service.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
    return services, tenant, service


@pytest.fixture
def world(settings: Settings, clock: FakeClock) -> Iterator[World]:
    services, tenant, service = open_world(settings, clock)
    try:
        yield World(services, tenant, service, services.projector(tenant), clock)
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def user(world: World, username: str, roles: list[str], opd: str | None = None) -> None:
    world.service.create_user(
        username, "rahasia-sekali", hash_password=hash_password, roles=roles, sop=SOP, actor="admin",
        full_name=username.title(), opd=opd,
    )  # fmt: skip


def inbox(world: World, username: str) -> list[tuple[str, int]]:
    now = world.clock()
    view = world.service.user(username, now)

    items = world.projector.inbox(username, roles=view.roles, opd=view.opd, now=now)
    return [(item.title, item.step) for item in items]


# -- requests ---------------------------------------------------------------------------------


def test_the_request_list_follows_every_request(world: World) -> None:
    done = world.submit(title="Selesai")
    world.to_step(done, 17)
    rejected = world.submit(title="Ditolak", opd="DINKES")
    world.to_step(rejected, 5)
    world.act(rejected, 6, "kabid-ti", decision="tidak", note="SDM tidak tersedia")
    world.act(rejected, 7, "kabid-ti")
    withdrawn = world.submit(title="Ditarik")
    world.service.withdraw(withdrawn, user="pemohon", roles=["opd"], opd="DPMPTSP", note="Batal")
    running = world.submit(title="Berjalan", opd="DINKES")
    world.to_step(running, 4)

    rows = {row.title: row for row in world.projector.requests(now=world.clock())}
    assert {title: row.status for title, row in rows.items()} == {
        "Selesai": "completed",
        "Ditolak": "rejected_for_resources",
        "Ditarik": "withdrawn",
        "Berjalan": "in_progress",
    }
    assert (rows["Berjalan"].active_step, rows["Berjalan"].active_role) == (5, "kasi-aplikasi")
    assert rows["Selesai"].finished_at is not None and rows["Berjalan"].finished_at is None
    assert rows["Berjalan"].submitted_at == world.service.get(running).submitted_at
    now = world.clock()
    assert [r.title for r in world.projector.requests(now=now, opd="DINKES")] == ["Berjalan", "Ditolak"]
    assert [r.title for r in world.projector.requests(now=now, status="withdrawn")] == ["Ditarik"]
    assert world.projector.requests(now=now, variant="cirebon-2019") == []
    assert world.projector.requests(now=now, overdue=True) == []
    later = now + timedelta(days=10)  # step 5 has "1 Hari Kerja"
    assert [r.title for r in world.projector.requests(now=later, overdue=True)] == ["Berjalan"]
    assert len(world.projector.requests(now=later, overdue=False)) == 3


# -- inbox ------------------------------------------------------------------------------------


def test_the_inbox_holds_the_steps_of_the_roles_a_user_holds_overdue_first(world: World) -> None:
    user(world, "kadis", ["kadis"])
    user(world, "kabid", ["kabid-ti"])
    first = world.submit(title="Pertama")
    world.clock.advance(days=10)  # past the first's due time (25 Mar: Nyepi and Lebaran between)
    second = world.submit(title="Kedua")
    assert inbox(world, "kadis") == [("Pertama", 2), ("Kedua", 2)]  # the first is overdue
    world.act(first, 2, "kadis", user="kadis")
    assert inbox(world, "kadis") == [("Kedua", 2)]
    assert inbox(world, "kabid") == [("Pertama", 3)]
    world.act(second, 2, "kadis", user="kadis")
    assert inbox(world, "kabid") == [("Pertama", 3), ("Kedua", 3)]  # no due time: by start
    assert inbox(world, "kadis") == []


def test_an_assigned_step_is_in_the_assignees_inbox_only(world: World) -> None:
    user(world, "kasi", ["kasi-aplikasi"])
    user(world, "sari", ["tim-pengembang"])
    user(world, "joko", ["tim-pengembang"])
    request_id = world.submit()
    world.to_step(request_id, 6)
    world.act(request_id, 8, "kasi-aplikasi", user="kasi")
    assert inbox(world, "sari") == [("Aplikasi Perizinan", 9)]  # assigned at step 4
    assert inbox(world, "joko") == []
    other = world.submit(title="Tanpa penunjukan tim")
    world.to_step(other, 3)
    world.act(other, 4, "kasi-aplikasi", assignee="Pak Budi (bukan pengguna)")
    world.to_step(other, 8, first=5)
    # The assignee is not a user holding the role: every holder of the role sees the step.
    assert ("Tanpa penunjukan tim", 9) in inbox(world, "joko")


def test_a_step_the_sop_gives_the_appointee_is_theirs_whatever_their_own_role(world: World) -> None:
    user(world, "kasi", ["kasi-aplikasi"])
    user(world, "budi", ["kabid-ti"])  # appointed to the team, though his own role is another
    user(world, "joko", ["tim-pengembang"])
    request_id = world.submit()
    world.to_step(request_id, 3)
    world.act(request_id, 4, "kasi-aplikasi", user="kasi", assignee="budi")
    world.to_step(request_id, 8, first=5)
    assert inbox(world, "budi") == [("Aplikasi Perizinan", 9)]
    assert inbox(world, "joko") == []  # a holder of the role may act on his behalf, but it is not "yours"
    world.act(request_id, 9, "tim-pengembang", user="joko", on_behalf_of="budi")
    assert inbox(world, "budi") == [("Aplikasi Perizinan", 10)]
    taken = world.service.get(request_id).steps_taken[-1]
    assert (taken.actor, taken.on_behalf_of) == ("joko", "budi")
    with world.projector.db.transaction(write=False) as tx:  # the office overview's holders
        rows = list_requests(tx, now=world.clock())
        held = holders_of(tx, rows, world.clock(), {"opd"})
    assert [holder.username for holder in held[str(request_id)]] == ["budi"]


def test_an_opd_step_is_only_for_users_of_that_opd(world: World) -> None:
    world.service.create_opd("DPMPTSP", "Dinas Penanaman Modal dan PTSP", actor="admin")
    world.service.create_opd("DINKES", "Dinas Kesehatan", actor="admin")
    user(world, "ptsp", ["opd"], opd="DPMPTSP")
    user(world, "dinkes", ["opd"], opd="DINKES")
    request_id = world.submit(opd="DPMPTSP")
    world.to_step(request_id, 10)
    assert inbox(world, "ptsp") == [("Aplikasi Perizinan", 11)]
    assert inbox(world, "dinkes") == []


def test_an_acting_officials_inbox_empties_when_the_grant_lapses(world: World) -> None:
    user(world, "wakil", ["kasi-aplikasi"])
    until = world.clock() + timedelta(days=2)
    world.service.grant_role("wakil", "kadis", sop=SOP, actor="admin", valid_until=until,
                             acting=True, **PLT_SK)
    world.submit()
    assert inbox(world, "wakil") == [("Aplikasi Perizinan", 2)]
    world.clock.set(until + timedelta(minutes=1))
    assert inbox(world, "wakil") == []


# -- audit ------------------------------------------------------------------------------------


def test_the_audit_trail_tells_every_event_in_order_in_indonesian(world: World) -> None:
    user(world, "kadis", ["kadis"])
    request_id = world.submit()
    world.act(request_id, 2, "kadis", user="kadis")
    world.act(request_id, 3, "kabid-ti")
    entries = world.projector.audit(request=str(request_id))
    assert [(e.type, e.step, e.actor) for e in entries] == [
        ("Submitted", 1, "pemohon"),
        ("Disposed", 2, "kadis"),
        ("Disposed", 3, "petugas-kabid-ti"),
    ]
    assert entries[1].sentence == (
        "Kepala Dinas Komunikasi Informatika Statistik dan Persandian mendisposisikan permohonan "
        "ke Kepala Bidang Teknologi Informasi"
    )
    everything = world.projector.audit()
    assert [e.type for e in everything][:3] == ["Adopted", "Registered", "RoleGranted"]
    kadis = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"  # the role's name, not its id
    assert f"memberikan peran {kadis} kepada kadis" in everything[2].sentence
    kabid = "Kepala Bidang Teknologi Informasi"
    assert sentence(entries[1].parts, "en") == f"{kadis} disposed the request to {kabid}"
    assert sentence(everything[2].parts, "en") == f"admin granted the role {kadis} to kadis"
    assert all("password_hash" not in e.data for e in everything)
    assert [e.position for e in everything] == sorted(e.position for e in everything)
    assert [e.type for e in world.projector.audit(actor="kadis")] == ["Disposed"]
    assert len(world.projector.audit(type="Disposed")) == 2
    step_two = entries[1].at
    assert [e.step for e in world.projector.audit(request=str(request_id), since=step_two)] == [2, 3]
    assert [e.step for e in world.projector.audit(request=str(request_id), until=step_two)] == [1, 2]


def test_the_audit_trail_exports_json_with_the_full_event_data_and_csv_without_it(world: World) -> None:
    request_id = world.submit(purpose="Layanan izin daring")
    world.act(request_id, 2, "kadis", note="Segera ditindaklanjuti")
    entries = world.projector.audit(request=str(request_id))
    text = to_csv(entries, lang="id", zone=WITA)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert list(rows[0]) == headers("id")
    assert [row["Kode peristiwa"] for row in rows] == ["Submitted", "Disposed"]
    assert not [cell for row in rows for cell in row.values() if "Layanan izin daring" in cell]  # no JSON
    document = json.loads(to_json_document(entries))
    assert document[0]["data"]["purpose"] == "Layanan izin daring"
    disposed = document[1]["data"]
    assert disposed["note"] == "Segera ditindaklanjuti" and disposed["next_step"] == 3
    assert document[1]["request_id"] == str(request_id)
    named = (document[1]["request_title"], document[1]["letter_number"])
    assert named == ("Aplikasi Perizinan", "500/017/2026")


# -- SLA --------------------------------------------------------------------------------------


def test_the_sla_report_shows_which_steps_were_late(world: World) -> None:
    world.clock.set(datetime(2026, 6, 8, 9, 0, tzinfo=WITA))  # a Monday of an ordinary week
    for hours_at_step_two in (2, 2, 60):  # the third Kadis disposition is late (1 Hari Kerja)
        request_id = world.submit()
        world.act(request_id, 2, "kadis", hours=hours_at_step_two)
        world.act(request_id, 3, "kabid-ti")
    report = world.projector.sla(now=world.clock())
    step_two = next(row for row in report.steps if row.step == 2)
    assert (step_two.count, step_two.with_target, step_two.late, step_two.open_late) == (3, 3, 1, 0)
    assert step_two.on_time_pct == pytest.approx(66.7)
    assert (step_two.standard, step_two.unit, step_two.target) == ("1 Hari Kerja", "hari_kerja", 1.0)
    assert step_two.role_name == "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"
    assert step_two.median is not None and step_two.p90 is not None
    assert step_two.p90 > 1 > step_two.median
    assert [row.step for row in report.late_steps()] == [2]
    assert [r.late_steps for r in report.requests] == [0, 0, 1]
    assert all(r.status == "in_progress" and r.total_days is not None for r in report.requests)


def test_a_step_open_past_its_deadline_counts_against_on_time(world: World) -> None:
    world.clock.set(datetime(2026, 6, 8, 9, 0, tzinfo=WITA))
    on_time = world.submit(title="Tepat")
    world.act(on_time, 2, "kadis", hours=2)
    world.submit(title="Tertahan di Kadis")  # step 2 (1 Hari Kerja) is never done
    world.clock.advance(days=3)  # Thursday: due Tuesday 11:00
    report = world.projector.sla(now=world.clock())
    step_two = next(row for row in report.steps if row.step == 2)
    assert (step_two.count, step_two.with_target, step_two.late, step_two.open_late) == (1, 1, 0, 1)
    assert step_two.on_time_pct == 50.0  # was 100 % while the other one was overdue
    assert step_two.median == pytest.approx((2 / 8.5 + 3) / 2, abs=0.01)  # its 3 office days so far count
    head = report.headline
    assert (head.open, head.overdue, head.month) == (2, 1, "2026-06")
    assert (head.on_time, head.settled, head.on_time_pct) == (1, 2, 50.0)
    (june,) = report.months
    assert (june.month, june.on_time, june.late_done, june.open_late) == ("2026-06", 1, 0, 1)
    assert june.on_time_pct == 50.0
    assert [row.step for row in report.late_steps()] == [2]


def test_a_step_overdue_for_months_counts_against_each_of_them(world: World) -> None:
    world.clock.set(datetime(2026, 6, 29, 9, 0, tzinfo=WITA))  # Monday; step 2 due Tuesday 30 June
    request_id = world.submit()
    world.clock.set(datetime(2026, 8, 10, 9, 0, tzinfo=WITA))
    months = world.projector.sla(now=world.clock()).months
    assert [(m.month, m.on_time, m.late_done, m.open_late, m.on_time_pct) for m in months] == [
        ("2026-06", 0, 0, 1, 0.0), ("2026-07", 0, 0, 1, 0.0), ("2026-08", 0, 0, 1, 0.0)
    ]  # fmt: skip
    world.act(request_id, 2, "kadis")
    months = world.projector.sla(now=world.clock()).months
    assert [(m.month, m.late_done, m.open_late) for m in months] == [
        ("2026-06", 0, 1), ("2026-07", 0, 1), ("2026-08", 1, 0)
    ]  # fmt: skip


def test_every_month_from_the_first_request_to_now_is_shown_on_every_tenant(
    world: World, settings: Settings
) -> None:
    """One rule for the months, whatever a tenant's data: from the month of its first request to
    the running month, each month once, in order; a month with nothing to count is there, empty.
    Tenant A has gaps between steps done on time; tenant B a withdrawn request and then a step
    overdue for months."""
    other = Tenant(random_slug(), "Diskominfo Lain", "Lain", "Asia/Makassar", "sumbawa-2021")
    second = world.services.for_tenant(other)
    loaded = builtin_variant("sumbawa-2021")
    second.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
    try:
        world.clock.set(datetime(2026, 1, 12, 9, 0, tzinfo=WITA))
        letter = {**LETTER, "letter_date": "2026-01-05"}
        withdrawn = second.submit(*SOP, user="pemohon", roles=["opd"], opd="DPMPTSP", **letter)
        second.withdraw(withdrawn, user="pemohon", roles=["opd"], opd="DPMPTSP", note="Batal")
        world.clock.set(datetime(2026, 2, 2, 9, 0, tzinfo=WITA))
        world.act(world.submit(letter_date="2026-01-30"), 2, "kadis", hours=2)
        world.clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=WITA))
        second.submit(*SOP, user="pemohon", roles=["opd"], opd="DPMPTSP", **letter)  # never disposed
        world.clock.set(datetime(2026, 5, 11, 9, 0, tzinfo=WITA))
        world.act(world.submit(), 2, "kadis", hours=2)
        first = [(m.month, m.on_time, m.late_done, m.open_late, m.on_time_pct)
                 for m in world.projector.sla(now=world.clock()).months]  # fmt: skip
        assert first == [("2026-02", 1, 0, 0, 100.0), ("2026-03", 0, 0, 0, None), ("2026-04", 0, 0, 0, None),
                         ("2026-05", 1, 0, 0, 100.0)]  # fmt: skip
        other_months = [(m.month, m.on_time, m.late_done, m.open_late, m.on_time_pct)
                        for m in world.services.projector(other).sla(now=world.clock()).months]  # fmt: skip
        assert other_months == [("2026-01", 0, 0, 0, None), ("2026-02", 0, 0, 0, None),
                                ("2026-03", 0, 0, 1, 0.0), ("2026-04", 0, 0, 1, 0.0),
                                ("2026-05", 0, 0, 1, 0.0)]  # fmt: skip
    finally:
        if settings.database_url:
            pg.drop_schema(settings.database_url, other.schema)


def test_each_step_is_compared_in_the_unit_of_its_own_standard(world: World) -> None:
    world.clock.set(datetime(2026, 6, 12, 8, 0, tzinfo=WITA))  # a Friday
    request_id = world.submit()
    world.to_step(request_id, 12)  # an hour each: Friday 19:00
    world.act(request_id, 13, "tim-pengembang", hours=72, user="sari")  # "1 hari" (calendar): Monday 19:00
    steps = {row.step: row for row in world.projector.sla(now=world.clock()).steps}
    assert (steps[13].standard, steps[13].unit, steps[13].target) == ("1 hari", "hari", 1.0)
    assert steps[13].median == pytest.approx(3.0) and steps[13].late == 1  # 1.0 in working days
    assert (steps[12].unit, steps[12].target) == ("hari_kerja", 35.0)
    assert (steps[3].unit, steps[3].target) == ("hari_kerja", None)  # no standard: working days


def test_the_median_and_p90_of_a_step(world: World) -> None:
    for hours in range(1, 11):  # each submitted on Monday at opening, step 2 done `hours` later
        world.clock.set(datetime(2026, 6, 8, 7, 30, tzinfo=WITA))
        world.act(world.submit(), 2, "kadis", hours=hours)
    step_two = next(row for row in world.projector.sla(now=world.clock()).steps if row.step == 2)
    # In office days of office time: 1..8 hours, then 8.5 twice (done after closing at 16.00).
    assert step_two.median == pytest.approx(5.5 / 8.5, abs=0.005)
    assert step_two.p90 == pytest.approx(1.0, abs=0.01)  # nearest rank: the 9th of 10


def test_a_completed_request_has_its_total_time(world: World) -> None:
    request_id = world.submit()
    world.to_step(request_id, 17)
    (request,) = world.projector.sla(now=world.clock()).requests
    assert request.status == "completed" and request.steps == 16
    assert request.finished_at == world.service.get(request_id).finished_at
    assert request.total_days is not None and request.total_days > 0


# -- rebuild, exactly once, isolation -----------------------------------------------------------


def busy_history(world: World) -> None:
    world.service.create_opd("DPMPTSP", "Dinas Penanaman Modal dan PTSP", actor="admin")
    user(world, "kadis", ["kadis"])
    user(world, "ptsp", ["opd"], opd="DPMPTSP")
    world.service.revoke_role("kadis", "kadis", actor="admin")
    done = world.submit()
    world.to_step(done, 13)
    world.act(done, 14, "opd", decision="tidak")  # UAT failed: back to 12
    world.act(done, 12, "tim-pengembang", hours=30, user="sari")
    world.act(done, 13, "tim-pengembang", user="sari")
    world.act(done, 14, "opd", decision="ya")
    world.to_step(done, 17, first=15)
    refused = world.submit()
    world.to_step(refused, 5)
    world.act(refused, 6, "kabid-ti", decision="tidak", note="SDM tidak tersedia")
    world.act(refused, 7, "kabid-ti")
    withdrawn = world.submit()
    world.service.withdraw(withdrawn, user="pemohon", roles=["opd"], opd="DPMPTSP", note="Batal")
    world.to_step(world.submit(), 9)


def test_a_rebuild_gives_the_live_result_for_every_projection(world: World) -> None:
    busy_history(world)
    live = world.dumps()
    assert all(rows for rows in live["audit"].values())
    world.projector.rebuild()
    assert world.dumps() == live
    world.projector.rebuild(["sla"])
    assert world.dumps() == live
    assert {s.name: s.lag for s in world.projector.status()} == dict.fromkeys(PROJECTION_NAMES, 0)


def test_racing_projectors_apply_each_event_once(settings: Settings, clock: FakeClock) -> None:
    """Several projectors on one tenant at once (worker processes, web threads): no event twice."""
    writer_settings = Settings(settings.database_url, settings.data_dir, projections="worker",
                               inline_projections=())  # fmt: skip
    services, tenant, service = open_world(writer_settings, clock)
    world = World(services, tenant, service, services.projector(tenant), clock)
    try:
        busy_history(world)
        assert world.projector.status()[0].position == 0  # worker mode: nothing projected yet
        readers = [Services(writer_settings, clock) for _ in range(3)]
        errors: list[BaseException] = []

        def run(other: Services) -> None:
            try:
                other.projector(tenant).catch_up()
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=run, args=(other,)) for other in readers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for other in readers:
            other.close()
        assert errors == []
        raced = world.dumps()
        world.projector.rebuild()
        assert world.dumps() == raced
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def test_one_tenants_read_models_never_hold_anothers_data(settings: Settings, clock: FakeClock) -> None:
    first = open_world(settings, clock)
    second = open_world(settings, clock)
    try:
        first[2].submit(*SOP, user="pemohon", roles=["opd"], **{**LETTER, "title": "Milik A"})
        now = clock()
        assert [r.title for r in first[0].projector(first[1]).requests(now=now)] == ["Milik A"]
        assert second[0].projector(second[1]).requests(now=now) == []
        assert second[0].projector(second[1]).audit(type="Submitted") == []
    finally:
        for services, tenant, _ in (first, second):
            services.close()
            if settings.database_url:
                pg.drop_schema(settings.database_url, tenant.schema)


def test_a_projection_whose_tables_changed_is_rebuilt_on_start(world: World) -> None:
    busy_history(world)
    live = world.dumps()
    with world.projector.db.transaction() as tx:
        tx.execute("UPDATE projection_tracking SET version = 0 WHERE name = 'audit'")
        tx.execute("DELETE FROM rm_audit")
    fresh = Projector(world.projector.db, world.projector.decode, world.projector.calendar)
    fresh.catch_up()
    assert fresh.dump("audit") == live["audit"]


def test_inline_projection_is_current_after_each_command(world: World) -> None:
    request_id = world.submit()
    assert world.projector.requests(now=world.clock())[0].active_step == 2
    world.act(request_id, 2, "kadis")
    assert world.projector.requests(now=world.clock())[0].active_step == 3
    assert world.projector.status()[0].lag == 0


def test_deadline_times_are_kept_to_the_microsecond(world: World) -> None:
    world.clock.set(datetime(2026, 3, 17, 10, 0, 0, 123456, tzinfo=WITA))
    request_id = world.submit()
    row = world.projector.requests(now=world.clock())[0]
    assert row.active_due == world.service.get(request_id).active_due
    assert row.active_since == world.clock()


# -- the read models in the save's own transaction (PostgreSQL) --------------------------------


def catch_ups(world: World, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the catch-ups after a save from here on (the path before joined saves)."""
    calls: list[int] = []
    original = world.service.after_save  # type: ignore[attr-defined]
    assert original is not None

    def counted() -> object:
        calls.append(1)
        return original()

    monkeypatch.setattr(world.service, "after_save", counted)
    return calls


def test_on_postgresql_a_save_writes_its_read_models_in_its_own_transaction(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One commit for a step: the events and the read models together, no catch-up after it
    (SQLite catches up after each save, as before). The result is what a rebuild gives."""
    request_id = world.submit()  # the first save of the process sets the read models up
    calls = catch_ups(world, monkeypatch)
    world.to_step(request_id, 9)
    world.to_step(world.submit(), 6)
    assert len(calls) == (0 if world.services.settings.database_url else 13)
    assert {s.name: s.lag for s in world.projector.status()} == dict.fromkeys(PROJECTION_NAMES, 0)
    live = world.dumps()
    world.projector.rebuild()
    assert world.dumps() == live


@pytest.mark.parametrize("failure", ["python", "sql"])
def test_a_read_model_failing_in_the_saves_transaction_leaves_the_events_saved(
    world: World, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """A projection raising, or its SQL failing inside the save's transaction: the events are
    stored all the same, the failure is recorded on its tracking row by the catch-up that
    follows, as before, and once mended the read models catch up to what a rebuild gives."""
    from projections.sla import SlaProjection

    request_id = world.submit()
    original = SlaProjection.apply

    def broken(self: SlaProjection, tx: Any, *args: Any) -> None:
        if failure == "sql":
            tx.execute("UPDATE rm_sla_requests SET no_such_column = 1")
        else:
            raise RuntimeError("sla rusak")

    monkeypatch.setattr(SlaProjection, "apply", broken)
    world.act(request_id, 2, "kadis")  # no exception: the events are stored
    assert world.service.get(request_id).active_step == 3
    status = {s.name: s for s in world.projector.status()}
    assert status["sla"].lag == 1 and status["sla"].error is not None
    assert ("sla rusak" if failure == "python" else "no_such_column") in status["sla"].error
    monkeypatch.setattr(SlaProjection, "apply", original)
    world.act(request_id, 3, "kabid-ti")  # the next save catches up what waited, then its own
    assert {s.name: (s.lag, s.error) for s in world.projector.status()} == dict.fromkeys(
        PROJECTION_NAMES, (0, None)
    )
    live = world.dumps()
    world.projector.rebuild()
    assert world.dumps() == live


def test_rows_carried_between_saves_are_dropped_once_another_process_wrote(
    settings: Settings, clock: FakeClock
) -> None:
    """Two processes acting on one request in turns: each one's remembered rows are stale once
    the other has written, and the read models still end as a rebuild makes them."""
    services, tenant, service = open_world(settings, clock)
    other = Services(settings, clock)
    try:
        world = World(services, tenant, service, services.projector(tenant), clock)
        second = World(other, tenant, other.for_tenant(tenant), other.projector(tenant), clock)
        request_id = world.submit()
        for index, (number, role, extra) in enumerate(SUMBAWA_PATH):
            (world if index % 3 else second).act(request_id, number, role, **extra)
        assert world.service.get(request_id).is_finished
        live = world.dumps()
        world.projector.rebuild()
        assert world.dumps() == live
    finally:
        other.close()
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)
