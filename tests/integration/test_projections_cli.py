"""`alur projections …` and the read commands, on SQLite and on real PostgreSQL."""

from __future__ import annotations

import io
import json
import logging
import shlex
from collections.abc import Callable, Iterator

import pytest
import structlog

from adapters.cli import main
from adapters.config import Settings
from adapters.platform import Platform
from tests import pg
from tests.conftest import FakeClock

Alur = Callable[..., tuple[int, str]]


@pytest.fixture
def store(settings: Settings) -> Iterator[Settings]:
    """The test's store; on PostgreSQL a database of its own, as `status` lists every tenant."""
    if settings.database_url is None:
        yield settings
        return
    with pg.scratch_database(settings.database_url) as url:
        yield Settings(url, settings.data_dir)


@pytest.fixture
def alur(
    store: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Alur]:
    monkeypatch.setenv("ALUR_DATA_DIR", str(store.data_dir))
    if store.database_url:
        monkeypatch.setenv("ALUR_DATABASE_URL", store.database_url)
    else:
        monkeypatch.delenv("ALUR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ALUR_PROJECTIONS", raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(command: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(shlex.split(command))
        out, err = capsys.readouterr()
        return code, out + err

    created = run("tenant create sumbawa --name 'DKISP Sumbawa' --sop sumbawa-2021 --timezone Asia/Makassar")
    assert created[0] == 0
    assert run("user create --tenant sumbawa budi --role kadis --password-stdin", "rahasia-x\n")[0] == 0
    yield run
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def submit(store: Settings, clock: FakeClock) -> str:
    with Platform(store, clock) as platform:
        service = platform.service("sumbawa")
        request_id = service.submit(
            "sumbawa-2021", 1, user="pemohon", roles=["opd"], title="Aplikasi Perizinan",
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
        ("sumbawa", "requests"), ("sumbawa", "inbox"), ("sumbawa", "audit"), ("sumbawa", "sla"),
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
    assert lines[0].startswith("position,at,request_id,type") and len(lines) == 2
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
