"""`alur tenant create|list|set-sop` on SQLite and on real PostgreSQL, as the README gives them."""

from __future__ import annotations

import pytest

from tests.conftest import CREATE_SUMBAWA, Alur

SUMBAWA_NAME = "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa"


def test_a_tenant_is_created_listed_and_switched_to_another_sop(alur_cli: Alur) -> None:
    code, out = alur_cli(
        f"tenant create kab-sumbawa --name '{SUMBAWA_NAME}' --sop sumbawa-2021 --timezone Asia/Makassar"
    )
    assert (code, out) == (0, "tenant kab-sumbawa dibuat / created — SOP sumbawa-2021 versi 3\n")
    assert alur_cli("tenant create kota-cirebon --name 'DKIS Kota Cirebon' --sop cirebon-2019")[0] == 0
    code, out = alur_cli("tenant list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:2] == ["SLUG", "SOP"]
    assert lines[1].split()[:4] == ["kab-sumbawa", "sumbawa-2021", "v3", "Asia/Makassar"]
    assert SUMBAWA_NAME in lines[1]
    assert lines[2].split()[:4] == ["kota-cirebon", "cirebon-2019", "v4", "Asia/Jakarta"]
    code, out = alur_cli("tenant set-sop kota-cirebon aplikasi-database-2013 --reason 'SOP baru'")
    assert code == 0 and "aplikasi-database-2013 versi 2" in out
    assert "kota-cirebon             aplikasi-database-2013 v2" in alur_cli("tenant list")[1]


@pytest.mark.parametrize(
    ("command", "names"),
    [
        ("tenant create sumbawa --name X --sop sumbawa-2021", "sumbawa"),  # duplicate slug
        ("tenant create 'a;drop' --name X --sop sumbawa-2021", "slug"),
        ("tenant create baru --name X --sop tidak-ada", "tidak-ada"),
        ("tenant create baru --name X --sop sumbawa-2021 --timezone Europe/Paris", "Europe/Paris"),
        ("tenant set-sop sumbawa tidak-ada --reason x", "tidak-ada"),
        ("tenant set-sop tidak-ada sumbawa-2021 --reason x", "tidak-ada"),
        ("tenant set-sop sumbawa cirebon-2019", "reason"),  # as at the admin page: a reason is required
    ],
)
def test_bad_input_exits_one_with_a_clear_message_and_changes_nothing(
    alur_cli: Alur, command: str, names: str
) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    before = alur_cli("tenant list")[1]
    code, out = alur_cli(command)
    assert code == 1
    assert out.startswith("galat / error: ") and names in out and " / " in out
    assert alur_cli("tenant list")[1] == before


def test_a_tenant_runs_its_own_variant_file(alur_cli: Alur, tmp_path) -> None:
    from pathlib import Path

    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    text = (Path(__file__).parents[2] / "tenants" / "sops" / "sumbawa-2021.yaml").read_text()
    own = tmp_path / "sumbawa-kustom.yaml"
    own.write_text(text.replace("id: sumbawa-2021\nversion: 3\n", "id: sumbawa-kustom\nversion: 1\n", 1))
    code, out = alur_cli(f"tenant set-sop sumbawa --file {own} --reason 'istilah daerah'")
    assert code == 0 and "sumbawa-kustom versi 1" in out
    assert "sumbawa                  sumbawa-kustom v1" in alur_cli("tenant list")[1]
    broken = tmp_path / "rusak.yaml"
    broken.write_text("id: rusak\nversion: 1\n")
    code, out = alur_cli(f"tenant set-sop sumbawa --file {broken} --reason x")
    assert code == 1 and "rusak.yaml:" in out
    assert alur_cli("tenant set-sop sumbawa")[0] == 2  # neither a variant nor a file
    code, out = alur_cli("audit --tenant sumbawa --type Switched")
    assert "operator:uji menetapkan SOP sumbawa-kustom versi 1 untuk permohonan baru" in out


def test_switching_sop_from_the_command_line_keeps_the_reason_given(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    assert alur_cli('tenant set-sop sumbawa cirebon-2019 --reason "Perbup 2026"')[0] == 0
    _, out = alur_cli("audit --tenant sumbawa --type Switched")
    said = "operator:uji menetapkan SOP cirebon-2019 versi 4 untuk permohonan baru; alasan: Perbup 2026"
    assert said in out
