"""People in a tenant's own store, on SQLite and PostgreSQL, and the `alur opd|user` commands."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.passwords import hash_password
from domain.errors import AlurError, NotFoundError, RoleNotHeldError
from domain.people import AlreadyExistsError
from domain.service import RequestService
from tests.conftest import CREATE_SUMBAWA, PLT_SK, Alur, FakeClock

SOP = ("sumbawa-2021", 3)
WITA = ZoneInfo("Asia/Makassar")
MakeService = Callable[..., RequestService]


@pytest.fixture
def service(make_service: MakeService) -> RequestService:
    service = make_service("sumbawa-2021")
    service.create_opd("bappeda", "Badan Perencanaan Pembangunan Daerah", actor="admin")
    return service


def create(service: RequestService, username: str = "budi", **changes: Any) -> Any:
    fields: dict[str, Any] = {"roles": ["kasi-aplikasi"], "full_name": "Budi Santoso"}
    fields.update(changes)
    password = fields.pop("password", "rahasia-sekali")
    return service.create_user(
        username, password, hash_password=hash_password, sop=SOP, actor="admin", **fields
    )


def field_refused(action: Callable[[], Any]) -> str | None:
    with pytest.raises(AlurError) as raised:
        action()
    return raised.value.field


def test_an_opd_is_created_and_listed(service: RequestService) -> None:
    service.create_opd("dinkes", "Dinas Kesehatan", actor="admin")
    assert [(o.code, o.name) for o in service.opds()] == [
        ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
        ("DINKES", "Dinas Kesehatan"),
    ]
    assert service.opd("Dinkes").name == "Dinas Kesehatan"


def test_a_duplicate_opd_code_is_refused(service: RequestService) -> None:
    with pytest.raises(AlreadyExistsError):
        service.create_opd("BAPPEDA", "Bappeda lagi", actor="admin")


def test_a_user_is_created_with_roles_and_an_opd(service: RequestService) -> None:
    create(service, "siti", roles=["opd", "auditor"], opd="bappeda", nip="198001012005011001")
    user = service.user("siti")
    assert (user.opd, user.roles, user.nip) == ("BAPPEDA", ("auditor", "opd"), "198001012005011001")


def test_a_duplicate_username_is_refused(service: RequestService) -> None:
    create(service)
    assert field_refused(lambda: create(service, roles=["auditor"])) == "username"


def test_of_two_creating_one_username_at_once_one_wins(
    service: RequestService, monkeypatch: pytest.MonkeyPatch
) -> None:
    create(service)
    monkeypatch.setattr(service, "_find_user", lambda username: None)  # the other did not see it yet
    with pytest.raises(AlreadyExistsError):
        create(service, roles=["auditor"])
    monkeypatch.undo()
    assert service.user("budi").roles == ("kasi-aplikasi",)


def test_an_unknown_role_or_opd_is_refused_and_nothing_is_stored(service: RequestService) -> None:
    assert field_refused(lambda: create(service, roles=["camat"])) == "role"
    assert field_refused(lambda: create(service, roles=["opd"], opd="ATLANTIS")) == "opd"
    assert service.users() == []


def test_a_plt_holds_a_role_for_a_period_and_it_lapses(service: RequestService, clock: FakeClock) -> None:
    create(service, "joko")
    start = clock.now + timedelta(days=1)
    service.grant_role(
        "joko",
        "kadis",
        sop=SOP,
        actor="admin",
        valid_from=start,
        valid_until=start + timedelta(days=14),
        acting=True, **PLT_SK,
    )
    assert service.roles_of("joko", start + timedelta(days=7)) == ("kadis", "kasi-aplikasi")
    assert service.roles_of("joko", start + timedelta(days=14)) == ("kasi-aplikasi",)


def test_holders_of_a_role_at_a_past_time_survive_a_revocation(
    service: RequestService, clock: FakeClock
) -> None:
    create(service, roles=["kadis"])
    granted_at = clock.now
    clock.advance(days=10)
    service.revoke_role("budi", "kadis", actor="admin")
    holders = service.holders_of("kadis", granted_at + timedelta(days=3))
    assert [(h.username, h.grant.granted_by, h.grant.revoked_by) for h in holders] == [
        ("budi", "admin", "admin")
    ]
    assert service.holders_of("kadis", clock.now) == []


def test_revoking_a_role_not_held_is_refused(service: RequestService) -> None:
    create(service)
    with pytest.raises(RoleNotHeldError):
        service.revoke_role("budi", "kadis", actor="admin")


def test_granting_to_an_unknown_user_is_refused(service: RequestService) -> None:
    with pytest.raises(NotFoundError):
        service.grant_role("nobody", "kadis", sop=SOP, actor="admin")


def test_a_grants_period_reads_back_from_the_store_unchanged(service: RequestService) -> None:
    create(service)
    start, until = datetime(2026, 3, 20, 8, 0, tzinfo=WITA), datetime(2026, 4, 1, tzinfo=WITA)
    service.grant_role(
        "budi", "kadis", sop=SOP, actor="admin", valid_from=start, valid_until=until, acting=True, **PLT_SK
    )
    stored = service.user("budi").grants[-1]
    assert (stored.valid_from, stored.valid_until, stored.acting) == (start, until, True)


# -- the command line ---------------------------------------------------------------------
PW = "rahasia-x\n"  # the password, as a pipe gives it


@pytest.fixture
def alur(alur_cli: Alur) -> Alur:
    """`alur …` on a fresh store (SQLite and PostgreSQL) with tenant sumbawa."""
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    return alur_cli


def test_the_opd_commands_create_and_list(alur: Alur) -> None:
    assert alur("opd create --tenant sumbawa bappeda --name Bappeda") == (
        0,
        "OPD BAPPEDA dibuat / created — Bappeda\n",
    )
    code, out = alur("opd list --tenant sumbawa")
    assert code == 0 and "BAPPEDA          Bappeda" in out


def test_the_user_commands_create_grant_revoke_and_list(alur: Alur) -> None:
    alur("opd create --tenant sumbawa BAPPEDA --name Bappeda")
    code, out = alur("user create --tenant sumbawa siti --role opd --opd BAPPEDA --password-stdin", PW)
    assert (code, "roles: opd" in out) == (0, True)
    alur("user create --tenant sumbawa joko --role kasi-aplikasi --full-name Joko --password-stdin", PW)
    code, out = alur("user grant --tenant sumbawa joko kadis --from 2026-03-01 --until 2026-03-31 --plt"
                     " --sk-number 800.1.3/123/BKPSDM/2026 --sk-date 2026-02-27")
    assert (code, "Plt. kadis" in out, "2026-04-01 00:00 WITA" in out) == (0, True, True)
    assert alur("user revoke --tenant sumbawa siti opd")[0] == 0
    code, out = alur("user list --tenant sumbawa --at 2026-03-03T12:00")
    joko = next(line for line in out.splitlines() if line.startswith("joko "))
    assert (code, joko.split()[1:]) == (0, ["Joko", "-", "kadis"])


def test_the_holders_command_answers_who_held_a_role_on_a_day(alur: Alur) -> None:
    alur("user create --tenant sumbawa joko --role kasi-aplikasi --password-stdin", PW)
    alur("user grant --tenant sumbawa joko kadis --from 2026-03-01 --until 2026-03-31 --plt"
         " --sk-number 800.1.3/123/BKPSDM/2026 --sk-date 2026-02-27")
    code, out = alur("user holders --tenant sumbawa kadis --at 2026-03-03")
    assert (code, "joko" in out, "Plt." in out) == (0, True, True)
    assert "SK 800.1.3/123/BKPSDM/2026 tanggal / dated 2026-02-27" in out
    assert "tidak ada / none" in alur("user holders --tenant sumbawa kadis --at 2026-04-01")[1]


def test_the_grant_command_refuses_a_plh_without_its_sk_and_keeps_the_sks_pdf(alur: Alur, tmp_path: Path):
    alur("user create --tenant sumbawa joko --role kasi-aplikasi --password-stdin", PW)
    code, out = alur("user grant --tenant sumbawa joko kabid-ti --from 2026-03-01 --until 2026-03-31 --plh")
    assert code != 0 and "nomor SK wajib diisi" in out
    pdf = tmp_path / "sk-plh.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% SK Plh. Kabid TI\n%%EOF\n")
    code, out = alur("user grant --tenant sumbawa joko kabid-ti --from 2026-03-01 --until 2026-03-31 --plh"
                     f" --sk-number 800/9/2026 --sk-date 2026-03-01 --sk-file {pdf}")
    assert (code, "Plh. kabid-ti" in out, "SK 800/9/2026" in out) == (0, True, True)
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in out
    code, out = alur("user grant --tenant sumbawa joko kadis --plt --sk-number 800/10/2026"
                     f" --sk-date 2026-03-01 --sk-file {tmp_path / 'tidak-ada.pdf'}")
    assert code != 0 and "--sk-file" in out


def test_bad_input_on_the_command_line_exits_one_with_a_bilingual_message(alur: Alur) -> None:
    code, out = alur("user create --tenant sumbawa ani --role camat --password-stdin", PW)
    assert (code, "tidak dikenal" in out, "unknown role" in out) == (1, True, True)
    code, out = alur("user create --tenant sumbawa ani --role auditor --password-stdin", "\n")
    assert (code, "kata sandi" in out) == (1, True)


def test_the_cli_keeps_a_users_account_as_the_pages_do_in_the_operators_name(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    assert alur_cli("opd create --tenant sumbawa DPMPTSP --name 'Dinas Penanaman Modal'")[0] == 0
    assert alur_cli("user create --tenant sumbawa budi --role kadis --password-stdin",
                    stdin="sandi-rahasia-2026\n")[0] == 0  # fmt: skip
    code, out = alur_cli("user edit --tenant sumbawa budi --full-name 'Budi Santoso' --opd dpmptsp")
    assert code == 0 and "Budi Santoso" in out and "DPMPTSP" in out
    code, out = alur_cli("user edit --tenant sumbawa budi --nip 198001012005011001")
    assert code == 0 and "Budi Santoso" in out  # a field left out keeps its value
    assert alur_cli("user deactivate --tenant sumbawa budi")[0] == 0
    assert "nonaktif" in alur_cli("user deactivate --tenant sumbawa budi")[1]  # refused: already
    assert alur_cli("user reactivate --tenant sumbawa budi")[0] == 0
    code, out = alur_cli("user reset-password --tenant sumbawa budi")
    assert code == 0 and "/t/sumbawa/password/" in out
    _, trail = alur_cli("audit --tenant sumbawa --actor operator:uji")
    for said in ("mendaftarkan OPD", "menonaktifkan pengguna budi", "mengaktifkan kembali", "kata sandi"):
        assert said in trail, trail
