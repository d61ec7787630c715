"""Steps shared by the features that cross SOP variants (`features/tenancy`, `features/audit`).

The text names a Diskominfo by its label ("Sumbawa"), a person by username, a request by its
title, a step by its number; times are "YYYY-MM-DD HH:MM" followed by WIB, WITA or WIT. Every
step drives the real deployment through `PlatformScenario`, so every scenario runs on SQLite
and on PostgreSQL.

pytest-bdd registers a step as a fixture of the module that defines it, and a test module sees
the fixtures in its own namespace: a module running these features takes the steps with
`from tests.bdd.platform_steps import *` and names the `platform_world` fixture in `pytestmark`
(so that the store parametrization applies). The step texts differ from those of the SOP
features (`conftest.py`), which need a tenant opened by a `Latar Belakang` of their own.

A refused action does not fail the `Ketika` step: the refusal is kept until a `Maka tindakan
ditolak ...` step checks it; any other `Maka` step fails on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from adapters.config import Settings
from tests.bdd.platform_scenario import PlatformScenario, at, names, numbers, rows_of, written
from tests.conftest import FakeClock


@pytest.fixture
def platform_world(settings: Settings, clock: FakeClock) -> Iterator[PlatformScenario]:
    world = PlatformScenario(settings, clock)
    try:
        yield world
    finally:
        world.close()
    assert world.error is None, f"penolakan tidak diperiksa oleh langkah Maka: {world.error}"


# -- Dengan -----------------------------------------------------------------------------------


@given("layanan Alur melayani Diskominfo berikut:")
def tenants_served(platform_world: PlatformScenario, datatable: list[list[str]]) -> None:
    for row in rows_of(datatable):
        platform_world.create_tenant(
            row["Diskominfo"], name=row["nama resmi"], variant_id=row["SOP"], timezone=row["zona waktu"]
        )


@given("OPD berikut terdaftar:")
def opds_registered(platform_world: PlatformScenario, datatable: list[list[str]]) -> None:
    for row in rows_of(datatable):
        platform_world.add_opd(row["Diskominfo"], row["kode"], row["nama"])


@given("pengguna berikut terdaftar:")
def users_registered(platform_world: PlatformScenario, datatable: list[list[str]]) -> None:
    for row in rows_of(datatable):
        platform_world.add_user(
            row["Diskominfo"], row["pengguna"], row["nama lengkap"], names(row["peran"]), row["OPD"] or None
        )


@given(parsers.parse('sekarang "{moment}" {zone}'))
@when(parsers.parse('waktu berjalan sampai "{moment}" {zone}'))
def time_is(platform_world: PlatformScenario, moment: str, zone: str) -> None:
    platform_world.clock.set(at(moment, zone))


@given(parsers.parse('"{username}" dari Diskominfo "{tenant}" telah mengajukan permohonan "{title}"'))
def request_filed(platform_world: PlatformScenario, username: str, tenant: str, title: str) -> None:
    platform_world.submit(tenant, username, title)


# -- Ketika -----------------------------------------------------------------------------------


@when(parsers.parse('"{username}" dari Diskominfo "{tenant}" mengajukan permohonan "{title}"'))
def files_request(platform_world: PlatformScenario, username: str, tenant: str, title: str) -> None:
    platform_world.attempt(platform_world.submit, tenant, username, title)


@when(
    parsers.parse(
        '"{username}" dari Diskominfo "{tenant}" menyelesaikan langkah {number:d} pada permohonan "{title}"'
    )
)
def completes_step(
    platform_world: PlatformScenario, username: str, tenant: str, number: int, title: str
) -> None:
    platform_world.attempt(platform_world.act, tenant, username, title, number)


@when(parsers.parse('permohonan "{title}" diteruskan oleh pemegang peran masing-masing sampai selesai'))
def walked_to_end(platform_world: PlatformScenario, title: str) -> None:
    platform_world.walk_to_end(title)


# -- Maka -------------------------------------------------------------------------------------


@then(parsers.parse('langkah aktif permohonan "{title}" adalah {number:d} oleh "{role}"'))
def active_step_is(platform_world: PlatformScenario, title: str, number: int, role: str) -> None:
    request = platform_world.request(title)
    assert (request.status, request.active_step, request.active_role) == ("in_progress", number, role)


@then(parsers.parse('langkah {number:d} permohonan "{title}" jatuh tempo pada "{moment}" {zone}'))
def active_step_due(
    platform_world: PlatformScenario, number: int, title: str, moment: str, zone: str
) -> None:
    request = platform_world.request(title)
    assert request.active_step == number, f"langkah aktif {request.active_step}, bukan {number}"
    due = request.active_due
    assert due is not None, f"langkah {number} tidak memiliki tenggat"
    assert written(due, zone) == moment


@then(parsers.parse('permohonan "{title}" berakhir dengan status "{status}"'))
def request_ended(platform_world: PlatformScenario, title: str, status: str) -> None:
    request = platform_world.request(title)
    assert (request.status, request.active_step, request.active_role) == (status, None, None)


@then(parsers.parse('riwayat permohonan "{title}" melewati langkah "{steps}"'))
def went_through_steps(platform_world: PlatformScenario, title: str, steps: str) -> None:
    assert [step.number for step in platform_world.request(title).steps_taken] == numbers(steps)


@then(parsers.parse('riwayat permohonan "{title}" berisi peristiwa "{events}"'))
def history_has_events(platform_world: PlatformScenario, title: str, events: str) -> None:
    assert [event.type for event in platform_world.history(title)] == names(events)


@then(parsers.parse('jejak audit permohonan "{title}" langkah {number:d} berbunyi "{sentence}"'))
def audit_sentence(platform_world: PlatformScenario, title: str, number: int, sentence: str) -> None:
    """The latest audit entry of step `number` of the request reads exactly `sentence`."""
    entries = platform_world.audit_of(title)
    said = [entry.sentence for entry in entries if entry.step == number]
    assert said, f"langkah {number} tidak ada di jejak audit permohonan {title!r}"
    assert said[-1] == sentence
