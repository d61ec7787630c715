"""features/people/ketidakhadiran.feature on SQLite and PostgreSQL: absences asked, decided and
cancelled through the tenant's own handlers (the ones the pages and the API call), each user
acting as they would signed in; inboxes, roles and the audit read from the read models."""

from __future__ import annotations

from datetime import date

import pytest
from pytest_bdd import parsers, scenarios, then, when

from domain.absence import AbsenceView
from domain.actor import Actor
from domain.handlers.absence import CancelAbsence, DecideAbsence, RequestAbsence
from projections.desk import Desk
from tests.bdd.platform_scenario import PlatformScenario
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("people/ketidakhadiran.feature")

WHO = '"{username}" dari Diskominfo "{tenant}"'


def desk(world: PlatformScenario, tenant: str) -> Desk:
    return world.platform.desk(world.tenant(tenant))


def actor(world: PlatformScenario, tenant: str, username: str) -> Actor:
    """The user as the doors see them once signed in: the roles in force now."""
    found = desk(world, tenant).queries.actor(username, world.clock())
    assert found is not None, f"{username} tidak memegang peran apa pun sekarang"
    return found


def latest(world: PlatformScenario, tenant: str, username: str) -> AbsenceView:
    found = desk(world, tenant).queries.my_absences(actor(world, tenant, username)).items
    assert found, f"{username} belum mengajukan ketidakhadiran"
    return found[0]


@when(
    parsers.parse(
        WHO + ' mengajukan ketidakhadiran "{first}" s.d. "{last}" dengan Plh. "{plh}" karena "{reason}"'
    )
)
def asks(platform_world: PlatformScenario, username: str, tenant: str, first: str, last: str, plh: str,
         reason: str) -> None:  # fmt: skip
    command = RequestAbsence(date.fromisoformat(first), date.fromisoformat(last), reason, plh)
    who = actor(platform_world, tenant, username)
    platform_world.attempt(desk(platform_world, tenant).commands.request_absence, who, command)


@when(parsers.parse(WHO + ' menyetujui ketidakhadiran "{absent}"'))
def approves(platform_world: PlatformScenario, username: str, tenant: str, absent: str) -> None:
    command = DecideAbsence(latest(platform_world, tenant, absent).id, approve=True)
    who = actor(platform_world, tenant, username)
    platform_world.attempt(desk(platform_world, tenant).commands.decide_absence, who, command)


@when(parsers.parse(WHO + ' menolak ketidakhadiran "{absent}" karena "{reason}"'))
def refuses(platform_world: PlatformScenario, username: str, tenant: str, absent: str, reason: str) -> None:
    command = DecideAbsence(latest(platform_world, tenant, absent).id, approve=False, reason=reason)
    who = actor(platform_world, tenant, username)
    platform_world.attempt(desk(platform_world, tenant).commands.decide_absence, who, command)


@when(parsers.parse(WHO + " membatalkan ketidakhadirannya"))
def cancels(platform_world: PlatformScenario, username: str, tenant: str) -> None:
    command = CancelAbsence(latest(platform_world, tenant, username).id)
    who = actor(platform_world, tenant, username)
    platform_world.attempt(desk(platform_world, tenant).commands.cancel_absence, who, command)


@then(parsers.parse('ketidakhadiran "{username}" di Diskominfo "{tenant}" berstatus "{status}"'))
def status_is(platform_world: PlatformScenario, username: str, tenant: str, status: str) -> None:
    platform_world.checked()
    assert latest(platform_world, tenant, username).status == status


@then(parsers.parse('kotak masuk "{username}" di Diskominfo "{tenant}" memuat "{title}"'))
def inbox_has(platform_world: PlatformScenario, username: str, tenant: str, title: str) -> None:
    platform_world.checked()
    assert title in [item.title for item in platform_world.inbox(tenant, username)]


@then(parsers.parse('kotak masuk "{username}" di Diskominfo "{tenant}" tidak memuat "{title}"'))
def inbox_lacks(platform_world: PlatformScenario, username: str, tenant: str, title: str) -> None:
    platform_world.checked()
    assert title not in [item.title for item in platform_world.inbox(tenant, username)]


@then(parsers.parse('langkah {number:d} permohonan "{title}" dikerjakan "{username}" sebagai "{acting}"'))
def done_as(platform_world: PlatformScenario, number: int, title: str, username: str, acting: str) -> None:
    entry = next(entry for entry in platform_world.audit_of(title) if entry.step == number)
    assert (entry.actor, entry.acting_title) == (username, acting)


@then(parsers.parse('jejak audit Diskominfo "{tenant}" mencatat "{sentence}"'))
def audit_says(platform_world: PlatformScenario, tenant: str, sentence: str) -> None:
    platform_world.checked()
    assert sentence in [entry.sentence for entry in platform_world.projector(tenant).audit()]


@then(parsers.parse(WHO + ' tidak lagi memegang peran "{role}"'))
def no_longer_holds(platform_world: PlatformScenario, username: str, tenant: str, role: str) -> None:
    platform_world.checked()
    assert role not in actor(platform_world, tenant, username).roles


@then(parsers.parse('tindakan ditolak dengan kode "{code}"'))
def refused(platform_world: PlatformScenario, code: str) -> None:
    assert platform_world.refusal().code == code


@then(parsers.parse('tindakan ditolak dengan kode "{code}" pada isian "{field}"'))
def refused_naming_the_field(platform_world: PlatformScenario, code: str, field: str) -> None:
    error = platform_world.refusal()
    assert (error.code, error.field) == (code, field)
