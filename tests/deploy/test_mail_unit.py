"""deploy/systemd/alur-mail.service as systemd would run it (its ExecStart, the shipped
environment file with this test's database and a local SMTP server on top): it delivers a
tenant's outbox and stops cleanly on its KillSignal; the web processes of the same environment
leave the mail to it (ALUR_MAIL_SENDER=process)."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.composition import Platform
from adapters.config import Settings
from adapters.mail import Mail, create_tables, enqueue
from tests import pg
from tests.deploy.layout import DEPLOY, ROOT, read_env_file, read_unit, unit_command
from tests.smtp import smtp_server


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    with pg.scratch_database(postgres_url) as url:
        yield url


@pytest.mark.postgres
def test_the_mail_unit_delivers_the_outbox_and_stops_on_its_kill_signal(database: str, tmp_path) -> None:
    assert Settings.from_env(read_env_file(DEPLOY / "systemd" / "alur.env.example")).mail_sender == "process"
    with Platform(Settings(database, tmp_path)) as platform:
        platform.create_tenant("surel", name="Diskominfo Uji", variant_id="sumbawa-2021")
        db = platform.services.projector(platform.tenant("surel")).db
        create_tables(db)
        with db.transaction() as tx:
            enqueue(tx, Mail("kadis@example.go.id", "Uji unit", "isi", "unit-test"), datetime.now(UTC))
    unit = read_unit(DEPLOY / "systemd" / "alur-mail.service")
    with smtp_server() as (recorder, port):
        overrides = {"ALUR_DATABASE_URL": database, "ALUR_LISTEN_DATABASE_URL": database,
                     "ALUR_DATA_DIR": str(tmp_path), "ALUR_SMTP_HOST": "127.0.0.1",
                     "ALUR_SMTP_PORT": str(port), "ALUR_SMTP_STARTTLS": "no", "ALUR_SMTP_USER": "",
                     "ALUR_SMTP_PASSWORD": "", "PYTHONPATH": str(ROOT)}  # fmt: skip
        command = unit_command(unit, "", overrides)  # PYTHONPATH: this checkout's code, whichever venv
        process = subprocess.Popen(command.argv, env=command.env, cwd=command.cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)  # fmt: skip
        try:
            delivered = recorder.wait_for(1, timeout=30)
        except AssertionError:
            delivered = []
        process.send_signal(getattr(signal, unit.value("KillSignal")))
        output, _ = process.communicate(timeout=float(unit.value("TimeoutStopSec")))
        assert delivered and process.returncode == 0, output.decode(errors="replace")
    [mail] = delivered
    assert mail["Subject"] == "Uji unit"
    assert mail["From"] == read_env_file(DEPLOY / "systemd" / "alur.env.example")["ALUR_SMTP_FROM"]
