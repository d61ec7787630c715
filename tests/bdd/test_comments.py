"""features/notices/komentar.feature, scenario by scenario, on SQLite and PostgreSQL: a
request's discussion through the application layer (the handlers both doors call), its
mentions told as the read model "notices" tells them."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain import commands as c
from domain.actor import Actor
from projections.notices import Notice, pending
from tests.bdd.platform_scenario import PlatformScenario
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("notices/komentar.feature")

WHO = '"{username}" dari Diskominfo "{label}"'
SAYS = WHO + ' berkomentar "{text}" pada permohonan "{title}"'


def actor(world: PlatformScenario, label: str, username: str) -> Actor:
    found = world.platform.desk(world.tenant(label)).queries.actor(username, world.clock())
    assert found is not None
    return found


def say(world: PlatformScenario, label: str, username: str, text: str, title: str) -> None:
    world.clock.advance(minutes=5)
    command = c.WriteComment(str(world.request_id(title)), text)
    world.platform.desk(world.tenant(label)).commands.comment(actor(world, label, username), command)


def comment_notices(world: PlatformScenario, label: str, username: str, title: str) -> list[Notice]:
    world.checked()
    with world.projector(label).db.transaction(write=False) as tx:
        found = pending(tx, username)
    request_id = str(world.request_id(title))
    return [n for n in found if n.request_id == request_id and n.kind in ("mentioned", "commented")]


@given(parsers.parse(WHO + ' telah berkomentar "{text}" pada permohonan "{title}"'))
def has_said(platform_world: PlatformScenario, username: str, label: str, text: str, title: str) -> None:
    say(platform_world, label, username, text, title)


@when(parsers.parse(SAYS))
def says(platform_world: PlatformScenario, username: str, label: str, text: str, title: str) -> None:
    platform_world.attempt(say, platform_world, label, username, text, title)


@then(parsers.parse(WHO + ' diberi tahu "{kind}" oleh "{author}" tentang permohonan "{title}"'))
def told_by(
    platform_world: PlatformScenario, username: str, label: str, kind: str, author: str, title: str
) -> None:
    found = [(n.kind, n.author) for n in comment_notices(platform_world, label, username, title)]
    assert (kind, author) in found, found


@then(parsers.parse(WHO + ' diberi tahu "{kind}" sekali saja tentang permohonan "{title}"'))
def told_once(platform_world: PlatformScenario, username: str, label: str, kind: str, title: str) -> None:
    found = [n.kind for n in comment_notices(platform_world, label, username, title)]
    assert found == [kind], found


@then(parsers.parse(WHO + ' tidak diberi tahu apa pun tentang diskusi permohonan "{title}"'))
def not_told(platform_world: PlatformScenario, username: str, label: str, title: str) -> None:
    assert comment_notices(platform_world, label, username, title) == []


@then(parsers.parse('diskusi permohonan "{title}" berisi komentar "{username}" berbunyi "{text}"'))
def thread_has(platform_world: PlatformScenario, title: str, username: str, text: str) -> None:
    label = platform_world.owner(title)
    queries = platform_world.platform.desk(platform_world.tenant(label)).queries
    thread = queries.comments(
        actor(platform_world, label, username), str(platform_world.request_id(title)), platform_world.clock()
    )
    assert [(x.actor, x.text) for x in thread.comments] == [(username, text)]


@then(
    parsers.parse('riwayat permohonan "{title}" mencatat komentar "{username}" yang menyebut "{mentioned}"')
)
def history_has_comment(platform_world: PlatformScenario, title: str, username: str, mentioned: str) -> None:
    entries = [e for e in platform_world.audit_of(title) if e.type == "Commented"]
    assert [(e.actor, e.data["mentions"]) for e in entries] == [(username, [mentioned])]
    assert "berkomentar" in entries[0].sentence and f"menyebut @{mentioned}" in entries[0].sentence


@then(parsers.parse('komentar itu ditolak pada isian "{field}" yang menyebut "{name}"'))
def refused_naming(platform_world: PlatformScenario, field: str, name: str) -> None:
    error = platform_world.refusal()
    assert error.field == field and name in error.indonesian and name in error.english


@then(parsers.parse('komentar itu ditolak karena "{code}"'))
def refused_as(platform_world: PlatformScenario, code: str) -> None:
    assert platform_world.refusal().code == code
