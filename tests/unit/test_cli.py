"""The `alur` command: checking SOP files, showing a variant, computing a due time."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from adapters.cli import main
from tenants.catalogue import VARIANT_IDS, variant_path

BROKEN = """\
id: rusak
version: 1
roles:
  - {id: opd, name: OPD}
steps:
  - number: 1
    description: Ajukan
    role: camat
    time_standard: sebentar
"""


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """`main` configures logging globally; give the other tests theirs back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validating_the_six_shipped_files_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(variant_path(variant_id)) for variant_id in VARIANT_IDS]
    code, out, _ = run(capsys, "sop", "validate", *files)
    assert code == 0
    assert out.count("valid") == 6


def test_validating_a_broken_file_fails_and_prints_file_and_line_of_each_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out, _ = run(capsys, "sop", "validate", str(variant_path("sumbawa-2021")), str(broken))
    assert code != 0
    assert f"{broken}:8: steps[0].role" in out
    assert f"{broken}:9: steps[0].time_standard" in out


def test_showing_a_variant_as_json_gives_its_roles_and_steps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sop", "show", "sumbawa-2021", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["id"], data["version"], len(data["steps"])) == ("sumbawa-2021", 3, 17)
    assert all(set(role) == {"id", "name"} for role in data["roles"])


def test_each_step_in_the_json_carries_its_mutu_baku(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "sop", "show", "sumbawa-2021", "--json")
    keys = {"number", "description", "role", "inputs", "outputs", "time_standard", "decision"}
    steps = json.loads(out)["steps"]
    assert all(keys <= set(step) for step in steps)
    assert steps[1]["time_standard"]["text"] == "1 Hari Kerja"
    assert steps[5]["decision"] is True


def test_showing_a_variant_prints_a_table_with_descriptions_and_role_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "sop", "show", "sumbawa-2021")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("No "))
    assert [cell.strip() for cell in header.split("|")] == [
        "No", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output", "Lanjut"
    ]  # fmt: skip
    assert "Kepala Dinas mendisposisikan surat ke Kepala Bidang TI" in column_text(out, 1)
    assert "ya → langkah 8; tidak → langkah 7" in column_text(out, 6)
    report = "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"
    assert f"bila tidak: {report}" in column_text(out, 5)  # step 6's answer "tidak" only
    assert "Kepala Seksi Aplikasi dan E-Government" in out


def column_text(table: str, index: int) -> str:
    """One column of the printed table, its wrapped lines joined back into text."""
    cells = [line.split("|")[index].strip() for line in table.splitlines() if line.count("|") >= 6]
    return " ".join(cell for cell in cells if cell)


def test_showing_an_unknown_variant_exits_one_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sop", "show", "atlantis-2099")
    assert code == 1
    assert "atlantis-2099" in err


def due(
    capsys: pytest.CaptureFixture[str],
    standard: str,
    timezone: str = "Asia/Makassar",
    start: str = "2026-03-17T10:00",
) -> tuple[int, str, str]:
    return run(capsys, "calendar", "due", "--timezone", timezone, "--start", start, "--standard", standard)


def test_the_due_time_of_one_working_day_over_lebaran(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, "1 Hari Kerja")
    assert (code, out.strip()) == (0, "2026-03-25T10:00:00+08:00")


def test_a_due_time_with_an_unreadable_standard_exits_two_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = due(capsys, "sebentar")
    assert (code, "sebentar" in err) == (2, True)


def test_a_due_time_in_an_unknown_time_zone_exits_two_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = due(capsys, "1 Hari Kerja", timezone="Asia/Atlantis")
    assert (code, "Asia/Atlantis" in err) == (2, True)


def test_a_start_that_is_not_an_iso_time_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = due(capsys, "1 hari", start="besok")
    assert (code, "besok" in err) == (2, True)


def test_a_target_standard_has_no_due_time_to_print(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, "Target Bidang PTIKP")
    assert code == 0
    assert "deadline is set during the request" in out
