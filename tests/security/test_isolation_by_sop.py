"""Isolation from the SOP's own words (issue 17): which role files requests comes from the SOP
file (`requester_role`), never from a role called `opd`. A tenant runs Sumbawa's SOP with the
requesting agencies' role renamed `instansi`; its OPD users are isolated from each other exactly
as `opd` users are. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from adapters.composition import Platform
from adapters.config import Settings
from domain.actor import Actor
from domain.commands import GrantRole
from domain.errors import InvalidInputError
from tenants.catalogue import builtin_variant
from tenants.sopfile import parse_variant
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.mutu import letter_files
from tests.web.conftest import PASSWORD, add_user
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
LETTER = {"title": "Aplikasi Perizinan", "purpose": "Izin usaha", "letter_number": "503/7/2026",
          "letter_date": "2026-03-16"}  # fmt: skip


def instansi_variant() -> str:
    """Sumbawa 2021 as a tenant's own file, its requester role called `instansi`."""
    text = builtin_variant("sumbawa-2021").source
    text = re.sub(r"(?m)^id: sumbawa-2021$", "id: sumbawa-instansi", text)
    text = re.sub(r"(?m)^version: \d+$", "version: 1", text)
    text = text.replace("requester_role: opd", "requester_role: instansi")
    text = text.replace("{id: opd,", "{id: instansi,").replace("role: opd", "role: instansi")
    assert "opd," not in text.split("steps:")[0].split("roles:")[1]
    return text


@dataclass
class Office:
    platform: Platform
    client: TestClient
    slug: str
    tokens: dict[str, str]

    def api(self, method: str, path: str, user: str, **kwargs: Any) -> Any:
        if user not in self.tokens:
            body = {"username": user, "password": PASSWORD}
            signed = self.client.post(f"/t/{self.slug}/api/v1/session", json=body)
            assert signed.status_code == 200, signed.text
            self.tokens[user] = signed.json()["token"]
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.request(method, f"/t/{self.slug}/api/v1{path}", headers=headers, **kwargs)


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[Office]:
    platform = Platform(settings, clock)
    slug = random_slug("iso")
    platform.create_tenant(slug, name="Diskominfo Instansi", variant_id="sumbawa-2021",
                           timezone="Asia/Makassar")  # fmt: skip
    loaded = parse_variant(instansi_variant(), "sop-instansi.yaml")
    platform.set_own_sop(slug, loaded, actor="admin", reason="istilah daerah")
    sop = (loaded.variant.id, loaded.variant.version)
    service = platform.service(slug)
    service.create_opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", actor="test")
    service.create_opd("DPMPTSP", "Dinas Penanaman Modal dan PTSP", actor="test")
    add_user(service, sop, "bappeda", ["instansi"], opd="BAPPEDA")
    add_user(service, sop, "dpmptsp", ["instansi"], opd="DPMPTSP")
    add_user(service, sop, "kadis", ["kadis"])
    add_user(service, sop, "admin", ["admin"])
    try:
        with TestClient(create_app(platform), base_url="http://testserver") as client:
            yield Office(platform, client, slug, {})
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def test_a_requester_lists_and_reads_only_its_own_opds_requests(office: Office) -> None:
    theirs = office.api("POST", "/requests", "dpmptsp", data=LETTER, files=letter_files())
    assert theirs.status_code == 201, theirs.text
    mine = office.api(
        "POST", "/requests", "bappeda", files=letter_files(), data={**LETTER, "letter_number": "050/1/2026"}
    )
    assert mine.status_code == 201 and mine.json()["opd"] == "BAPPEDA"
    listed = office.api("GET", "/requests", "bappeda").json()
    assert [row["id"] for row in listed["items"]] == [mine.json()["id"]]
    assert office.api("GET", f"/requests/{theirs.json()['id']}", "bappeda").status_code == 404
    assert office.api("GET", f"/requests/{theirs.json()['id']}/events", "bappeda").status_code == 404
    assert office.api("GET", "/requests?opd=DPMPTSP", "bappeda").json()["items"] == []
    assert len(office.api("GET", "/requests", "kadis").json()["items"]) == 2  # an official sees the office


def test_a_requester_cannot_file_for_another_opd(office: Office) -> None:
    answer = office.api(
        "POST", "/requests", "bappeda", files=letter_files(), data={**LETTER, "opd": "DPMPTSP"}
    )
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "opd"


def test_a_requester_cannot_withdraw_or_act_on_another_opds_request(office: Office) -> None:
    theirs = office.api("POST", "/requests", "dpmptsp", data=LETTER, files=letter_files()).json()["id"]
    withdrawn = office.api("POST", f"/requests/{theirs}/withdraw", "bappeda", json={"note": "salah"})
    assert withdrawn.status_code == 404
    assert office.api("POST", f"/requests/{theirs}/steps/2", "bappeda", json={}).status_code == 404
    assert office.api("GET", "/sla", "bappeda").status_code == 403


def test_the_requester_role_needs_an_opd_code_whatever_it_is_called(office: Office) -> None:
    desk = office.platform.desk(office.platform.tenant(office.slug))
    admin = Actor(office.slug, "admin", ("admin",), None)
    with pytest.raises(InvalidInputError) as refused:
        desk.commands.grant(admin, GrantRole("kadis", "instansi"))
    assert refused.value.field == "opd" and "instansi" in str(refused.value)
    with pytest.raises(InvalidInputError) as unknown:  # `opd` means nothing in this tenant's SOP
        desk.commands.grant(admin, GrantRole("kadis", "opd"))
    assert unknown.value.field == "role"


LITERAL_ROLE = re.compile(r"""(==|!=|\bin)\s*["']opd["']|["']opd["']\s*(==|!=|\bin\b)""")


def test_no_rule_compares_a_role_with_the_text_opd() -> None:
    """grep, kept: code that compares a role with the literal `opd` would make isolation depend
    on what a tenant's SOP calls its requesters."""
    found = []
    for folder in ("domain", "projections", "web", "adapters", "tenants"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html") and path.is_file():
                for number, line in enumerate(path.read_text().splitlines(), 1):
                    if LITERAL_ROLE.search(line):
                        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
