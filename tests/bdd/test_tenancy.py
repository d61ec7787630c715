"""features/tenancy/tenancy.feature, scenario by scenario, on SQLite and on PostgreSQL.

Two Diskominfo on different SOP variants in one deployment: each sees and acts on its own
requests only (another tenant's request id is "not found"), its users are unknown elsewhere,
and a tenant switching SOP leaves its requests in flight on the version they started under.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from uuid import UUID

import pytest
from pytest_bdd import parsers, scenarios, then, when

from domain.errors import NotFoundError
from domain.service import RequestService
from tests.bdd.platform_scenario import PlatformScenario, names, rows_of
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

# Named here, not only inside the steps, so the store parametrization (SQLite, PostgreSQL) applies.
pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("tenancy/tenancy.feature")

# What a user can try on a request id, through the service of the user's own tenant.
ATTEMPTS: dict[str, Callable[[RequestService, UUID, str, tuple[str, ...]], object]] = {
    "membuka": lambda service, request_id, user, roles: service.get(request_id),
    "melihat riwayat": lambda service, request_id, user, roles: service.history(request_id),
    "menarik": lambda service, request_id, user, roles: service.withdraw(request_id, user=user, roles=roles),
}


# -- Ketika -----------------------------------------------------------------------------------


@when(
    parsers.re(
        r'"(?P<username>[^"]+)" dari Diskominfo "(?P<tenant>[^"]+)" '
        r'(?P<attempt>membuka|melihat riwayat|menarik) permohonan "(?P<title>[^"]+)"'
    )
)
def tries_request(
    platform_world: PlatformScenario, username: str, tenant: str, attempt: str, title: str
) -> None:
    """The user reaches the request by its id through their own tenant (as a shared link would)."""
    service = platform_world.service(tenant)
    roles = platform_world.roles(tenant, username)
    request_id = platform_world.request_id(title)
    platform_world.attempt(ATTEMPTS[attempt], service, request_id, username, roles)


@when(parsers.parse('pengelola layanan mengganti SOP Diskominfo "{tenant}" menjadi "{variant_id}"'))
def switches_sop(platform_world: PlatformScenario, tenant: str, variant_id: str) -> None:
    platform_world.platform.set_sop(platform_world.slugs[tenant], variant_id, actor="pengelola-uji")


# -- Maka -------------------------------------------------------------------------------------


@then("tindakan ditolak karena permohonan tidak ditemukan")
def refused_as_not_found(platform_world: PlatformScenario) -> None:
    refusal = platform_world.refusal()
    assert isinstance(refusal, NotFoundError), f"{refusal.code}: {refusal}"
    assert refusal.code == "not_found"


@then(parsers.parse('Diskominfo "{tenant}" menjalankan SOP "{variant_id}" versi {version:d}'))
def tenant_runs(platform_world: PlatformScenario, tenant: str, variant_id: str, version: int) -> None:
    assert platform_world.sop(tenant) == (variant_id, version)


@then(parsers.parse('permohonan "{title}" berjalan menurut SOP "{variant_id}" versi {version:d}'))
def request_runs_on(platform_world: PlatformScenario, title: str, variant_id: str, version: int) -> None:
    """The request itself and the request list agree on the version it was submitted under."""
    request = platform_world.request(title)
    assert (request.variant_id, request.variant_version) == (variant_id, version)
    label = platform_world.owner(title)
    (row,) = platform_world.projector(label).requests(
        now=platform_world.clock(), request_id=str(platform_world.request_id(title))
    )
    assert (row.variant_id, row.variant_version) == (variant_id, version)


@then(parsers.parse('daftar permohonan Diskominfo "{tenant}" berisi:'))
def request_list_is(platform_world: PlatformScenario, tenant: str, datatable: list[list[str]]) -> None:
    """Exactly these requests, whatever their order on the page."""
    listed = [
        {
            "judul": row.title,
            "SOP": row.variant_id,
            "versi": str(row.variant_version),
            "status": row.status,
            "langkah aktif": "-" if row.active_step is None else str(row.active_step),
            "pelaksana": row.active_role or "-",
        }
        for row in platform_world.projector(tenant).requests(now=platform_world.clock())
    ]
    by_title = sorted(listed, key=lambda row: row["judul"])
    assert by_title == sorted(rows_of(datatable), key=lambda row: row["judul"])


@then(parsers.parse('kotak masuk "{username}" di Diskominfo "{tenant}" berisi "{titles}"'))
def inbox_holds(platform_world: PlatformScenario, username: str, tenant: str, titles: str) -> None:
    assert [item.title for item in platform_world.inbox(tenant, username)] == names(titles)


@then(parsers.parse('jejak audit Diskominfo "{tenant}" memuat permohonan "{title}"'))
def audit_holds(platform_world: PlatformScenario, tenant: str, title: str) -> None:
    entries = platform_world.projector(tenant).audit(request=str(platform_world.request_id(title)))
    assert [entry.type for entry in entries][:1] == ["Submitted"]
    assert title in entries[0].sentence


@then(parsers.parse('jejak audit Diskominfo "{tenant}" tidak memuat permohonan "{title}"'))
def audit_lacks(platform_world: PlatformScenario, tenant: str, title: str) -> None:
    """No entry of the tenant's whole trail names the request, by id or by title."""
    request_id = str(platform_world.request_id(title))
    entries = platform_world.projector(tenant).audit()
    assert entries, "jejak audit kosong: pemeriksaan ini tidak berarti"
    for entry in entries:
        text = f"{entry.originator_id} {entry.request_id} {entry.sentence} {json.dumps(entry.data)}"
        assert request_id not in text and title not in text, entry


@then(parsers.parse('jejak audit Diskominfo "{tenant}" mencatat "{sentence}"'))
def audit_says(platform_world: PlatformScenario, tenant: str, sentence: str) -> None:
    assert sentence in [entry.sentence for entry in platform_world.projector(tenant).audit()]


@then(parsers.parse('"{username}" dapat masuk ke Diskominfo "{tenant}"'))
def signs_in(platform_world: PlatformScenario, username: str, tenant: str) -> None:
    assert platform_world.signs_in(tenant, username)


@then(parsers.parse('"{username}" tidak dikenal di Diskominfo "{tenant}"'))
def unknown_user(platform_world: PlatformScenario, username: str, tenant: str) -> None:
    """Signing in with the right password fails, and the tenant has no such user."""
    assert not platform_world.signs_in(tenant, username)
    with pytest.raises(NotFoundError):
        platform_world.roles(tenant, username)
    assert username not in [user.username for user in platform_world.service(tenant).users()]
