"""The tenant registry: create, list, switch SOP; bad input changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.cli.demo import run_demo
from adapters.composition import Platform
from adapters.config import Settings
from domain.errors import AlurError
from tenants.catalogue import builtin_variant
from tests import pg
from tests.conftest import random_slug


@pytest.fixture
def platform(settings: Settings, clock) -> Iterator[Platform]:
    with Platform(settings, clock) as platform:
        before = {tenant.slug for tenant in platform.tenants()}
        yield platform
        created = [tenant for tenant in platform.tenants() if tenant.slug not in before]
    if settings.database_url:
        for tenant in created:
            pg.drop_schema(settings.database_url, tenant.schema)


def _create(platform: Platform, slug: str, variant_id: str = "sumbawa-2021", **kwargs):
    return platform.create_tenant(slug, name="Diskominfo Uji", variant_id=variant_id, **kwargs)


def test_a_created_tenant_is_listed_with_its_sop_and_time_zone(platform: Platform):
    slug = random_slug("p")
    _create(platform, slug, timezone="Asia/Makassar")
    listed = {tenant.slug: tenant for tenant in platform.tenants()}
    assert listed[slug].variant_id == "sumbawa-2021"
    assert listed[slug].timezone == "Asia/Makassar"


@pytest.mark.parametrize(
    ("slug", "variant_id", "timezone", "field"),
    [
        ("Bad Slug", "sumbawa-2021", "Asia/Jakarta", "slug"),
        ("p-x; drop schema", "sumbawa-2021", "Asia/Jakarta", "slug"),
        ("p-ok", "tidak-ada", "Asia/Jakarta", "sop"),
        ("p-ok", "sumbawa-2021", "Europe/Paris", "timezone"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    platform: Platform, slug, variant_id, timezone, field
):
    before = platform.tenants()
    with pytest.raises(AlurError) as refused:
        _create(platform, slug, variant_id, timezone=timezone)
    assert refused.value.field == field
    after = platform.tenants()  # other test runs may share this registry: look at ours only
    assert slug not in {tenant.slug for tenant in after}
    assert all(tenant in after for tenant in before)


def test_a_duplicate_slug_is_refused(platform: Platform):
    slug = random_slug("p")
    _create(platform, slug)
    with pytest.raises(AlurError) as refused:
        _create(platform, slug, "cirebon-2019")
    assert refused.value.field == "slug"
    assert platform.tenant(slug).variant_id == "sumbawa-2021"


def test_switching_sop_affects_new_requests_only(platform: Platform):
    slug = random_slug("p")
    _create(platform, slug)
    service = platform.service(slug)
    letter = {"title": "Aplikasi", "letter_number": "1/2026", "letter_date": "2026-03-16"}
    in_flight = service.submit("sumbawa-2021", 3, user="opd", roles=["opd"], **letter)
    tenant = platform.set_sop(slug, "cirebon-2019")
    new = service.submit(tenant.variant_id, tenant.variant_version, user="opd", roles=["opd"], **letter)
    assert service.get(in_flight).variant_id == "sumbawa-2021"
    assert service.get(new).variant_id == "cirebon-2019"
    assert service.act(in_flight, 2, user="kadis", roles=["kadis"]).active_step == 3


def test_each_sop_switch_is_in_the_tenants_own_audit_trail(platform: Platform):
    slug = random_slug("p")
    _create(platform, slug)
    platform.set_sop(slug, "cirebon-2019", actor="adm")
    platform.set_sop(slug, "sumbawa-2021", actor="adm")  # back to one adopted before
    platform.set_sop(slug, "sumbawa-2021", actor="adm")  # no change: nothing recorded
    trail = platform.services.projector(platform.tenant(slug)).audit()
    chosen = [e.sentence for e in trail if e.type in ("Chosen", "Switched")]
    assert chosen == [
        "platform menetapkan SOP sumbawa-2021 versi 3 untuk permohonan baru",
        "adm menetapkan SOP cirebon-2019 versi 4 untuk permohonan baru",
        "adm menetapkan SOP sumbawa-2021 versi 3 untuk permohonan baru",
    ]


def test_the_demo_walks_one_request_of_every_variant_to_its_end(tmp_path, capsys):
    assert run_demo(Settings(None, tmp_path)) == 0
    printed = capsys.readouterr().out
    assert printed.count("status: completed") == 6
    for variant_id in ("cirebon-2019", "sumbawa-2021", "tangerang-selatan-2017", "aplikasi-database-2013"):
        assert f"SOP {variant_id} versi {builtin_variant(variant_id).variant.version}" in printed


def test_the_demo_data_gives_every_role_a_login_and_something_in_flight(tmp_path):
    from datetime import UTC, datetime

    from domain.commands import SignIn
    from projections.outbox import confirmed_email
    from tenants.demo import DEMO_PASSWORD, DEMO_TENANTS, DemoClock, demo_logins, provision_demo

    clock = DemoClock()
    with Platform(Settings(None, tmp_path), clock) as platform:
        provision_demo(platform, clock)
        provision_demo(platform, clock)  # a second start changes nothing
        assert clock() > datetime(2026, 11, 1, tzinfo=UTC)  # back on the real clock
        for demo in DEMO_TENANTS:
            tenant = platform.tenant(demo.slug)
            service = platform.service(demo.slug)
            variant = service.variant(tenant.variant_id, tenant.variant_version)
            logins = demo_logins(variant)
            assert {name for name, _, _ in logins} == {user.username for user in service.users()}
            signed = platform.desk(tenant).commands.sign_in(SignIn("admin", DEMO_PASSWORD, "127.0.0.1"))
            assert signed.actor.is_admin
            rows = platform.services.projector(tenant).requests(now=clock())
            assert sorted(row.status for row in rows) == ["completed", "in_progress"]
            (running,) = [row for row in rows if row.status == "in_progress"]
            holder = next(name for name, role, _ in logins if role == running.active_role)
            user = service.user(holder)
            inbox = platform.services.projector(tenant).inbox(
                holder, roles=user.roles, opd=user.opd, now=clock()
            )
            assert [item.request_id for item in inbox] == [running.id]
            holder_actor = platform.desk(tenant).queries.actor(holder, clock())
            assert holder_actor is not None
            thread = platform.desk(tenant).queries.comments(holder_actor, running.id, clock())
            assert len(thread.comments) == 2  # a discussion to show: a question and its answer
            with platform.services.projector(tenant).db.transaction(write=False) as tx:
                confirmed = {name for name, _, _ in logins if confirmed_email(tx, name)}
            # every demo user followed the link in their confirmation mail but the auditor:
            # their notices are mailed into the demo's outbox page
            assert confirmed == {name for name, _, _ in logins} - {"auditor"}
