"""features/calendar/kalender_kerja.feature, scenario by scenario, on SQLite and PostgreSQL: the
office calendar changed through the tenant's own commands (as the admin page and the CLI do)."""

from __future__ import annotations

from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain import commands as c
from domain.actor import Actor
from domain.errors import AlurError
from tests.bdd.platform_scenario import PlatformScenario
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("calendar/kalender_kerja.feature")


def desk_and_actor(world: PlatformScenario, label: str, username: str) -> tuple[object, Actor]:
    desk = world.platform.desk(world.tenant(label))
    actor = desk.queries.actor(username, world.clock())
    assert actor is not None, f"{username} bukan pengguna {label}"
    return desk, actor


@when(parsers.parse('"{username}" dari Diskominfo "{label}" menetapkan "{day}" sebagai libur daerah "{name}" '
                    'dengan dasar "{reference}" karena "{reason}"'))  # fmt: skip
def adds_day_off(platform_world: PlatformScenario, username: str, label: str, day: str, name: str,
                 reference: str, reason: str) -> None:  # fmt: skip
    desk, actor = desk_and_actor(platform_world, label, username)
    command = c.AddDayOff(day, name, "libur-daerah", reference, reason)
    platform_world.attempt(desk.commands.add_day_off, actor, command)  # type: ignore[attr-defined]


@when(parsers.parse('"{username}" dari Diskominfo "{label}" menjadikan "{day}" hari kerja dengan dasar '
                    '"{reference}" karena "{reason}"'))  # fmt: skip
def removes_day_off(platform_world: PlatformScenario, username: str, label: str, day: str, reference: str,
                    reason: str) -> None:  # fmt: skip
    desk, actor = desk_and_actor(platform_world, label, username)
    command = c.RemoveDayOff(day, reference, reason)
    platform_world.attempt(desk.commands.remove_day_off, actor, command)  # type: ignore[attr-defined]


HOURS_SET = ('"{username}" dari Diskominfo "{label}" telah menetapkan jam kantor "{start}"-"{end}" dari '
             '"{first}" sampai "{last}" dengan dasar "{reference}" karena "{reason}"')


@given(parsers.parse(HOURS_SET))
def sets_hours(platform_world: PlatformScenario, username: str, label: str, start: str, end: str, first: str,
               last: str, reference: str, reason: str) -> None:  # fmt: skip
    desk, actor = desk_and_actor(platform_world, label, username)
    command = c.SetOfficeHours(first, last, start, end, reference, reason)
    desk.commands.set_office_hours(actor, command)  # type: ignore[attr-defined]


@then(parsers.parse('perubahan kalender ditolak pada isian "{field}"'))
def refused(platform_world: PlatformScenario, field: str) -> None:
    error: AlurError = platform_world.refusal()
    assert (error.code, error.field) == ("invalid_input", field), error


def days_off(platform_world: PlatformScenario, label: str, day: str) -> dict[date, tuple[str, str]]:
    desk = platform_world.platform.desk(platform_world.tenant(label))
    actor = desk.queries.actor("admin", platform_world.clock())
    view = desk.queries.office_calendar(actor, int(day[:4]), platform_world.clock())
    return {d.day: (d.kind, d.reference) for d in view.days}


@then(parsers.parse('kalender kerja Diskominfo "{label}" mencatat "{day}" sebagai "{kind}" dengan dasar '
                    '"{reference}"'))  # fmt: skip
def recorded(platform_world: PlatformScenario, label: str, day: str, kind: str, reference: str) -> None:
    assert days_off(platform_world, label, day).get(date.fromisoformat(day)) == (kind, reference)


@then(parsers.parse('kalender kerja Diskominfo "{label}" tidak mencatat "{day}" sebagai hari libur'))
def not_recorded(platform_world: PlatformScenario, label: str, day: str) -> None:
    assert date.fromisoformat(day) not in days_off(platform_world, label, day)
