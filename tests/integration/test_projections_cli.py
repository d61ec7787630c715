"""`alur projections …` and the read commands, on SQLite and on real PostgreSQL."""

from __future__ import annotations

import json

import pytest

from adapters.composition import Platform
from adapters.config import Settings
from tests.conftest import CREATE_SUMBAWA, Alur, FakeClock


@pytest.fixture
def alur(alur_cli: Alur) -> Alur:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    assert alur_cli("user create --tenant sumbawa budi --role kadis --password-stdin", "rahasia-x\n")[0] == 0
    return alur_cli


def submit(store: Settings, clock: FakeClock) -> str:
    with Platform(store, clock) as platform:
        service = platform.service("sumbawa")
        request_id = service.submit(
            "sumbawa-2021", 3, user="pemohon", roles=["opd"], title="Aplikasi Perizinan",
            letter_number="500/017/2026", letter_date="2026-03-16", opd="DPMPTSP",
        )  # fmt: skip
        clock.advance(hours=2)
        service.act(request_id, 2, user="budi", roles=["kadis"])
        return str(request_id)


def test_status_and_rebuild_show_every_projection(alur: Alur, store: Settings, clock: FakeClock) -> None:
    submit(store, clock)
    code, out = alur("projections status")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [(row[0], row[1]) for row in rows] == [
        ("sumbawa", "people"), ("sumbawa", "requests"), ("sumbawa", "inbox"), ("sumbawa", "audit"),
        ("sumbawa", "sla"), ("sumbawa", "notices"), ("sumbawa", "absences"),
        ("sumbawa", "comments"),
    ]  # fmt: skip
    assert all(row[2] == row[3] and row[4] == "0" for row in rows)  # position = head, lag 0
    code, out = alur("projections rebuild --tenant sumbawa")
    assert code == 0 and "100.0%" in out and "peristiwa / events" in out
    assert alur("projections rebuild --tenant sumbawa audit")[0] == 0
    assert alur("projections rebuild --tenant sumbawa gosip")[0] == 2  # not a projection
    assert alur("projections rebuild --tenant tidak-ada")[0] == 1


def test_the_read_commands_show_the_read_models(alur: Alur, store: Settings, clock: FakeClock) -> None:
    request_id = submit(store, clock)
    code, out = alur("requests --tenant sumbawa --status in_progress")
    assert code == 0 and request_id in out and "langkah 3 (kabid-ti)" in out
    assert alur("requests --tenant sumbawa --status completed")[1] == ""
    code, out = alur(f"audit --tenant sumbawa --request {request_id}")
    assert code == 0
    assert "mendisposisikan permohonan ke Kepala Bidang Teknologi Informasi" in out
    code, out = alur("audit --tenant sumbawa --format csv --type Disposed")
    lines = out.splitlines()
    assert lines[0].startswith("\ufeffNo;Waktu;Peristiwa;Kode peristiwa") and len(lines) == 2
    code, out = alur("audit --tenant sumbawa --format csv --lang en --actor budi")
    lines = out.splitlines()
    assert lines[0].startswith("\ufeffNo,Time,Event,Event code") and len(lines) == 2
    assert "Aplikasi Perizinan" in lines[1] and "500/017/2026" in lines[1]
    code, out = alur("audit --tenant sumbawa --format json --request 500/017")
    assert [entry["type"] for entry in json.loads(out)] == ["Submitted", "Disposed"]
    code, out = alur("audit --tenant sumbawa --format json --actor budi")
    assert [entry["type"] for entry in json.loads(out)] == ["Disposed"]
    assert alur("audit --tenant sumbawa --since kemarin")[0] == 1  # names the field
    code, out = alur("sla --tenant sumbawa")
    assert code == 0 and "sumbawa-2021" in out and "1 Hari Kerja" in out


def test_the_inbox_command_lists_a_users_active_steps(alur: Alur, store: Settings, clock: FakeClock) -> None:
    assert alur("user create --tenant sumbawa kabid --role kabid-ti --password-stdin", "rahasia-x\n")[0] == 0
    request_id = submit(store, clock)
    code, out = alur("inbox --tenant sumbawa kabid")
    assert code == 0 and request_id in out and "Aplikasi Perizinan" in out
    assert alur("inbox --tenant sumbawa budi")[1].strip() == "kotak masuk kosong / inbox empty"
