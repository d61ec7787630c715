"""A running web app over a fresh platform (SQLite and PostgreSQL), two tenants and their users.

Tenant A runs Sumbawa 2021 with one user per role (usernames are the role ids) plus two OPD
users of different OPDs, an auditor and an admin; tenant B has an admin who also holds every
role, to prove that nothing of A is reachable from B.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from adapters.composition import Platform
from adapters.config import Settings
from domain.service import RequestService
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.mutu import as_form, first_references, letter_files, needed
from web.app import create_app
from web.assets import ensure_installed

PASSWORD = "rahasia-uji-123"
_cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # verify reads the cost from the hash
OFFICIALS = ("kadis", "kabid-ti", "kasi-aplikasi", "tim-pengembang")


@pytest.fixture(scope="session", autouse=True)
def front_end_assets() -> None:
    """htmx and Pico CSS from the npm registry (`npm ci`), as `alur serve` does on first run."""
    ensure_installed()


@dataclass
class World:
    platform: Platform
    client: TestClient
    clock: FakeClock
    a: str
    b: str
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def charts_ready(self) -> None:
        """Until the flowcharts of every SOP adopted so far are laid out (in the background)."""
        assert self.client.app.state.layouts.wait()  # type: ignore[attr-defined]

    def service(self, slug: str | None = None) -> RequestService:
        return self.platform.service(slug or self.a)

    def token(self, username: str, tenant: str | None = None) -> str:
        slug = tenant or self.a
        if (slug, username) not in self.tokens:
            answer = self.client.post(
                f"/t/{slug}/api/v1/session", json={"username": username, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self.tokens[(slug, username)] = answer.json()["token"]
        return self.tokens[(slug, username)]

    def api(self, method: str, path: str, user: str, tenant: str | None = None, **kwargs: Any) -> Any:
        slug = tenant or self.a
        headers = {"Authorization": f"Bearer {self.token(user, slug)}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/t/{slug}/api/v1{path}", headers=headers, **kwargs)


def add_user(service: RequestService, sop: tuple[str, int], username: str, roles: list[str],
             opd: str | None = None) -> None:  # fmt: skip
    service.create_user(username, PASSWORD, hash_password=_cheap.hash, roles=roles, sop=sop, actor="test",
                        full_name=username.title(), opd=opd)  # fmt: skip


@pytest.fixture
def world(settings: Settings, clock: FakeClock) -> Iterator[World]:
    platform = Platform(settings, clock)
    a, b = random_slug("wa"), random_slug("wb")
    platform.create_tenant(a, name="Diskominfo A", variant_id="sumbawa-2021", timezone="Asia/Makassar")
    platform.create_tenant(b, name="Diskominfo B", variant_id="sumbawa-2021", timezone="Asia/Makassar")
    sop = ("sumbawa-2021", 3)
    service = platform.service(a)
    service.create_opd("DISDIK", "Dinas Pendidikan", actor="test")
    service.create_opd("DINKES", "Dinas Kesehatan", actor="test")
    for role in OFFICIALS:
        add_user(service, sop, role, [role])
    add_user(service, sop, "opd-disdik", ["opd"], opd="DISDIK")
    add_user(service, sop, "opd-dinkes", ["opd"], opd="DINKES")
    add_user(service, sop, "auditor", ["auditor"])
    add_user(service, sop, "admin", ["admin"])
    other = platform.service(b)
    other.create_opd("DISDIK", "Dinas Pendidikan B", actor="test")
    add_user(other, sop, "boss", ["admin", "auditor", "opd", *OFFICIALS], opd="DISDIK")
    app = create_app(platform)
    with TestClient(app, base_url="http://testserver") as client:
        found = World(platform, client, clock, a, b)
        found.charts_ready()  # the SOP's chart, as a server has it once it has started
        yield found
    platform.close()
    if settings.database_url:
        for slug in (a, b):
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def submit(
    world: World, user: str = "opd-disdik", tenant: str | None = None, **overrides: Any
) -> dict[str, Any]:
    """A request filed over the API as a requester would: multipart, with the letter (a PDF) and
    a reference for each other document the first step asks for."""
    body = {"title": "Aplikasi Sekolah", "purpose": "Data siswa", "letter_number": "420/1/2026",
            "letter_date": "2026-03-16", **overrides}  # fmt: skip
    sop = world.api("GET", "/sop", user, tenant).json()
    variant = world.service(tenant).variant(sop["id"], sop["version"])
    form = {k: str(v) for k, v in body.items() if v is not None} | as_form(first_references(variant))
    answer = world.api("POST", "/requests", user, tenant, data=form, files=letter_files())
    assert answer.status_code == 201, answer.text
    return answer.json()


def complete(world: World, request_id: str, number: int, user: str, tenant: str | None = None,
             **body: Any) -> Any:  # fmt: skip
    """Complete a step over the API as its holder would: unless `references` is given, every
    document the step still needs is handed over on paper (a reference per slot, from the
    request's checklist). The answer, whatever its status."""
    if "references" not in body:
        view = world.api("GET", f"/requests/{request_id}", user, tenant).json()
        references = needed(view.get("checklist") or [], body.get("decision"))
        if references:
            body["references"] = references
    return world.api("POST", f"/requests/{request_id}/steps/{number}", user, tenant, json=body)
